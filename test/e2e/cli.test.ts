/** End-to-end contracts of `hako rules`, `hako explain`, config, suppressions, baselines and stdin. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hako, PRIVILEGED_TASK, tempTree } from '../helpers/cli.js';

const json = (s: string) => JSON.parse(s) as Record<string, unknown>;
type Out = {
  findings: { ruleId: string; suppressed: { kind: string; reason: string } | null; message: string }[];
};

describe('hako rules', () => {
  it('lists every rule as JSON with metadata', () => {
    const r = hako(['rules', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = (
      json(r.stdout) as { rules: { id: string; slug: string; severity: string; title: string }[] }
    ).rules;
    expect(rules.map((x) => x.id)).toContain('ECS-003');
    expect(rules.map((x) => x.id)).toContain('HAKO-001');
    for (const x of rules) expect(x.title.length).toBeGreaterThan(0);
  });
  it('prints markdown and text', () => {
    expect(hako(['rules', '--format', 'markdown']).stdout).toMatch(/^# hako rules\n\n\| ID \|/);
    expect(hako(['rules']).stdout).toMatch(/^ECS-003\s+critical\s+ecs-no-privileged-containers/m);
  });
});

describe('hako explain', () => {
  it('explains a rule with its examples, in English and Japanese', () => {
    const en = hako(['explain', 'ECS-003']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('# ECS-003 Container runs privileged');
    expect(en.stdout).toContain('## Bad example');
    expect(en.stdout).toContain('"privileged": true');
    const ja = hako(['explain', 'ecs-no-privileged-containers', '--lang', 'ja']);
    expect(ja.stdout).toContain('特権');
  });
  it('exits 2 on an unknown rule', () => {
    const r = hako(['explain', 'NOPE-999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule');
  });
});

describe('configuration and suppressions', () => {
  it('applies .hako.yaml found upward: disabled rules, severity overrides, ignore with reason', () => {
    const dir = tempTree({
      '.hako.yaml': 'rules:\n  ECS-003: low\n',
      'ecs/task.json': PRIVILEGED_TASK,
    });
    const r = hako(['scan', path.join(dir, 'ecs'), '--format', 'json']);
    const f = (json(r.stdout) as unknown as { findings: { ruleId: string; severity: string }[] }).findings;
    expect(f.find((x) => x.ruleId === 'ECS-003')?.severity).toBe('low');
    expect(r.code).toBe(0);
  });
  it('marks findings suppressed by config ignore entries and reports entries without reason or expired', () => {
    const dir = tempTree({
      '.hako.yaml': [
        'ignore:',
        '  - rule: ECS-003',
        '    resource: agent',
        '    reason: host agent needs device access; reviewed in SEC-42',
        '  - rule: ECS-012',
        '  - rule: ECS-011',
        '    reason: old',
        '    expires: 2020-01-01',
        '',
      ].join('\n'),
      'task.json': PRIVILEGED_TASK,
    });
    const r = hako(['scan', dir, '--format', 'json']);
    const out = json(r.stdout) as unknown as Out & {
      findings: { location: { file: string; startLine: number } }[];
    };
    const ecs3 = out.findings.find((x) => x.ruleId === 'ECS-003');
    expect(ecs3?.suppressed).toEqual({
      kind: 'config',
      reason: 'host agent needs device access; reviewed in SEC-42',
    });
    const hako2 = out.findings.filter((x) => x.ruleId === 'HAKO-002') as unknown as {
      message: string;
      messageId: string;
      location: { file: string; startLine: number };
    }[];
    expect(hako2.map((x) => x.location.startLine).sort()).toEqual([5, 6]);
    expect(hako2.map((x) => x.messageId).sort()).toEqual(['expired', 'noReason']);
    expect(hako2.map((x) => x.message).join('\n')).toMatch(/no reason[\s\S]*expired on 2020-01-01/);
    expect(r.code).toBe(0);
  });
  it('honours the hako.dev/ignore annotation on Kubernetes objects', () => {
    const dir = tempTree({
      'pod.yaml': [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    hako.dev/ignore: "HAKO-002: testing"',
        'spec:',
        '  containers: [{ name: web, image: "nginx:1.27" }]',
        '',
      ].join('\n'),
    });
    const r = hako(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(0);
  });
  it('configures rules whose pack name holds a digit (K8S-xxx) in rules and ignore', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: "nginx:1.27"}]\n';
    const plain = tempTree({ 'pod.yaml': pod });
    const before = JSON.parse(hako(['scan', plain, '--format', 'json']).stdout) as {
      findings: { ruleId: string }[];
    };
    expect(before.findings.map((f) => f.ruleId)).toContain('K8S-003');
    const dir = tempTree({
      '.hako.yaml':
        'rules:\n  K8S-003:\n    enabled: false\nignore:\n  - rule: K8S-004\n    reason: accepted for the test\n',
      'pod.yaml': pod,
    });
    const r = hako(['scan', dir, '--format', 'json']);
    expect(r.stderr).not.toContain('invalid configuration');
    const found = (JSON.parse(r.stdout) as { findings: { ruleId: string; suppressed?: unknown }[] }).findings;
    expect(found.map((f) => f.ruleId)).not.toContain('K8S-003');
    expect(found.find((f) => f.ruleId === 'K8S-004')?.suppressed).toEqual({
      kind: 'config',
      reason: 'accepted for the test',
    });
  });
  it('rejects an invalid config with exit 2 and says what is wrong', () => {
    const dir = tempTree({ '.hako.yaml': 'rulez: {}\n', 'task.json': PRIVILEGED_TASK });
    const r = hako(['scan', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid configuration');
  });
});

describe('baselines', () => {
  it('writes a baseline and then reports only new findings', () => {
    const dir = tempTree({ 'a/task.json': PRIVILEGED_TASK });
    const base = path.join(dir, 'baseline.json');
    const first = hako(['scan', path.join(dir, 'a'), '--write-baseline', base, '--format', 'json']);
    expect(first.code).toBe(1);
    expect(
      (json(readFileSync(base, 'utf8')) as { fingerprints: string[] }).fingerprints.length,
    ).toBeGreaterThan(0);
    const second = hako(['scan', path.join(dir, 'a'), '--baseline', base, '--format', 'json']);
    expect(second.code).toBe(0);
    const out = json(second.stdout) as unknown as Out;
    expect(out.findings.find((x) => x.ruleId === 'ECS-003')?.suppressed?.kind).toBe('baseline');
  });
});

describe('standard input', () => {
  it('scans rendered manifests and JSON piped to `hako scan -`', () => {
    const r = hako(['scan', '-', '--format', 'json', '--rules', 'ECS-003'], { input: PRIVILEGED_TASK });
    expect(r.code).toBe(1);
    const out = json(r.stdout) as unknown as Out & {
      findings: { location: { file: string; startLine: number } }[];
    };
    expect(out.findings[0]?.location).toMatchObject({ file: '<stdin>', startLine: 4 });
  });
  it('exits 2 for a path that does not exist', () => {
    const r = hako(['scan', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no/such/dir');
  });

  it('--date judges dates as of that day (EKS version support), and rejects what is not YYYY-MM-DD', () => {
    const dir = tempTree({
      'main.tf': `resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  version  = "1.33"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
}
`,
    });
    const eks005 = (date: string) =>
      (
        JSON.parse(
          hako(['scan', dir, '--rules', 'EKS-005', '--format', 'json', '--date', date]).stdout,
        ) as Out
      ).findings.length;
    // 1.33: standard support until 2026-07-29, extended support until 2027-07-29 (eks-versions-and-defaults.md).
    expect(eks005('2026-01-15')).toBe(0);
    expect(eks005('2028-01-15')).toBe(1);
    const bad = hako(['scan', dir, '--date', '28/11/2026']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date expects YYYY-MM-DD');
  });
});

describe('report files', () => {
  it('creates missing folders for --output and exits 2 when a report cannot be written', () => {
    const dir = tempTree({ 'task.json': PRIVILEGED_TASK, blocker: 'a file, not a folder' });
    const ok = hako(['scan', dir, '--output', `json=${path.join(dir, 'out', 'deep', 'r.json')}`]);
    expect(ok.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'out', 'deep', 'r.json'), 'utf8')).version).toBe(1);
    const bad = hako(['scan', dir, '--output', `json=${path.join(dir, 'blocker', 'r.json')}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot write');
  });
});

// biome-ignore-all lint/suspicious/noControlCharactersInRegex: the assertions look for raw control characters
/**
 * CLI contracts around reading and writing: impossible dates, unknown rule IDs, `hako pss` exit
 * codes and JSON, terminal-safe text, Helm charts and kustomize patches in a directory walk,
 * hako's own reports and empty files in the scanned folder, and the per-resource finding cap.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { hako, PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';

const json = (stdout: string) => JSON.parse(stdout) as ScanResult;

describe('usage errors instead of silent passes', () => {
  const dir = tempTree({ 'task.json': PRIVILEGED_TASK });

  it('--date of a day that does not exist is exit 2', () => {
    for (const d of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01']) {
      const r = hako(['scan', dir, '--date', d]);
      expect(r.code, d).toBe(2);
      expect(r.stderr).toContain(`--date expects YYYY-MM-DD of a day that exists, got "${d}"`);
    }
    expect(hako(['scan', dir, '--date', '2028-02-29']).code).toBe(1);
  });

  it('--rules with an unknown ID is exit 2 with a did-you-mean, not "no findings"', () => {
    const r = hako(['scan', dir, '--rules', 'ECS-3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule "ECS-3" in --rules (did you mean ECS-003?)');
    expect(hako(['scan', dir, '--rules', 'ecs-003']).code).toBe(1);
  });

  it('--skip-rules, explain and config rules: too', () => {
    const skip = hako(['scan', dir, '--skip-rules', 'ECS-003,ECS-04']);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/unknown rule "ECS-04" in --skip-rules \(did you mean ECS-004\?\)/);
    const explain = hako(['explain', 'ECS-3']);
    expect(explain.code).toBe(2);
    expect(explain.stderr).toContain('did you mean ECS-003?');
    const slug = hako(['explain', 'ecs-no-privileged-container']);
    expect(slug.stderr).toContain('did you mean ecs-no-privileged-containers?');
    const cfg = tempTree({ 'task.json': PRIVILEGED_TASK, '.hako.yaml': 'rules:\n  ECS-999: off\n' });
    const r = hako(['scan', '.'], { cwd: cfg });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule "ECS-999" in rules: in .*\.hako\.yaml; see hako rules/);
  });

  it('--help documents exit code 3', () => {
    expect(hako(['--help']).stdout).toMatch(/3 internal error/);
    expect(hako(['scan', '--help']).stdout).toMatch(/3 internal error/);
  });
});

const NS_AND_POD = `apiVersion: v1
kind: Namespace
metadata:
  name: pinned
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.25
---
apiVersion: v1
kind: Pod
metadata: { name: a, namespace: pinned }
spec:
  containers: [{ name: a, image: x }]
---
apiVersion: v1
kind: Pod
metadata: { name: b, namespace: free }
spec:
  containers: [{ name: b, image: x }]
`;

describe('hako pss: exit codes and the product.md JSON', () => {
  it('exit 2 when no input could be read, 1 when some could not', () => {
    const none = tempTree({ 'bin.yaml': 'a\0b' });
    const r = hako(['pss', none]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no input could be read');
    const some = tempTree({ 'bin.yaml': 'a\0b', 'pods.yaml': NS_AND_POD });
    expect(hako(['pss', some]).code).toBe(1);
    expect(hako(['pss', tempTree({ 'pods.yaml': NS_AND_POD })]).code).toBe(0);
    expect(hako(['pss', '-'], { input: '' }).code).toBe(2);
  });

  it('level and version are strings: requested, or "namespace"; --version alone is honoured', () => {
    const dir = tempTree({ 'pods.yaml': NS_AND_POD });
    const byNs = JSON.parse(hako(['pss', dir, '--format', 'json']).stdout);
    expect([byNs.level, byNs.version]).toEqual(['namespace', 'namespace']);
    const v = JSON.parse(hako(['pss', dir, '--format', 'json', '--version', 'v1.27']).stdout);
    expect([v.level, v.version]).toEqual(['namespace', 'v1.27']);
    const versions = Object.fromEntries(
      v.results.map((p: { name: string; version: string }) => [p.name, p.version]),
    );
    expect(versions).toEqual({ a: 'v1.25', b: 'v1.27' }); // the label wins where there is one
    const fixed = JSON.parse(hako(['pss', dir, '--format', 'json', '--level', 'baseline']).stdout);
    expect(fixed.level).toBe('baseline');
    expect(fixed.version).toMatch(/^v1\.\d+$/);
  });
});

describe('terminal-safe text output', () => {
  const evil = 'web\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\r\u202Eevil\x9b';
  const task = PRIVILEGED_TASK.replace(
    '"agent",\n  "containerDefinitions"',
    `${JSON.stringify(evil)},\n  "containerDefinitions"`,
  );

  it('scan: controls and bidi overrides in names and messages are shown as escapes', () => {
    const dir = tempTree({ 'task.json': task });
    const out = hako(['scan', dir]).stdout;
    expect(out).toContain('web\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b[2J\\x0d\\u202eevil\\x9b');
    expect(out).not.toMatch(/[\x07\x0d\x1b\x9b\u202e]/);
  });

  it('file names in the report and on stderr', () => {
    const dir = tempTree({});
    writeFileSync(path.join(dir, 'x\x1b[2J\u202e.json'), PRIVILEGED_TASK);
    const out = hako(['scan', dir]).stdout;
    expect(out).toContain('x\\x1b[2J\\u202e.json');
    expect(out).not.toMatch(/[\x1b\u202e]/);
    const missing = hako(['scan', path.join(dir, 'no\x1b]8;;x\x07such')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no\\x1b]8;;x\\x07such');
    expect(missing.stderr).not.toMatch(/[\x07\x1b]/);
  });

  it('pss text', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p\\e[2J\\u202e"\nspec:\n  containers: [{ name: a, image: x, securityContext: { privileged: true } }]\n';
    const out = hako(['pss', '--level', 'baseline', tempTree({ 'pod.yaml': pod })]).stdout;
    expect(out).toContain('p\\x1b[2J\\u202e');
    expect(out).not.toMatch(/[\x1b\u202e]/);
  });

  it('JSON, SARIF and JUnit escape the same name (verified, not changed)', () => {
    const dir = tempTree({ 'task.json': task });
    const j = hako(['scan', dir, '--format', 'json']).stdout;
    expect(j).not.toMatch(/[\x07\x0d\x1b]/);
    expect(json(j).findings.some((f) => f.resource.name === evil)).toBe(true);
    expect(hako(['scan', dir, '--format', 'sarif']).stdout).not.toMatch(/[\x07\x0d\x1b]/);
    expect(hako(['scan', dir, '--format', 'junit']).stdout).not.toMatch(/[\x07\x1b\x9b]/);
  });
});

const DEPLOY = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: ${name}, image: "x:1", securityContext: { privileged: true } }]
`;

describe('Helm charts and kustomize patches in a directory walk', () => {
  it('one skipped entry per chart, none of its templates, values.yaml or Chart.yaml as an error', () => {
    const dir = tempTree({
      'task.json': PRIVILEGED_TASK,
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'chart/values.yaml': 'image: nginx\nreplicas: 2\n',
      'chart/templates/deploy.yaml':
        '{{- if .Values.on }}\napiVersion: apps/v1\nkind: Deployment\n{{- end }}\n',
      'chart/templates/svc.yaml': 'metadata:\n  name: {{ .Release.Name }}\n',
      'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'chart/charts/sub/templates/x.yaml': '{{ .Values.x }}\n',
    });
    const r = hako(['scan', '.', '--format', 'json'], { cwd: dir });
    const out = json(r.stdout);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([
      {
        file: 'chart/charts/sub/templates',
        reason: 'Helm chart templates: render with `helm template chart/charts/sub | hako scan -`',
      },
      {
        file: 'chart/templates',
        reason: 'Helm chart templates: render with `helm template chart | hako scan -`',
      },
    ]);
    const direct = json(
      hako(['scan', 'chart/templates', 'task.json', '--format', 'json'], { cwd: dir }).stdout,
    );
    expect(direct.errors).toEqual([]);
    expect(direct.summary.skipped).toEqual([
      {
        file: 'chart/templates',
        reason: 'Helm chart templates: render with `helm template chart | hako scan -`',
      },
    ]);
    const text = hako(['scan', '.'], { cwd: dir }).stdout;
    expect(text).toContain(
      'not read: chart/templates — Helm chart templates: render with `helm template chart | hako scan -`',
    );
  });

  it('kustomize: one entry listing the patches; plain resources still scanned; the kustomization is no error', () => {
    const dir = tempTree({
      'task.json': PRIVILEGED_TASK,
      'base/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\n' +
        'patches:\n  - path: patch-sm.yaml\n  - patch: |-\n      - op: add\n        path: /x\n        value: 1\n' +
        'patchesStrategicMerge: [legacy.yaml]\npatchesJson6902:\n  - path: ops.yaml\n    target: { kind: Deployment, name: api }\n',
      'base/deploy.yaml': DEPLOY('api'),
      'base/patch-sm.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\nspec:\n  template:\n    spec:\n      hostNetwork: true\n',
      'base/legacy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api }\n',
      'base/ops.yaml': '- op: replace\n  path: /spec/replicas\n  value: 3\n',
    });
    const out = json(hako(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    expect(
      out.findings.filter(
        (f) => f.location.file !== 'base/deploy.yaml' && f.location.file.startsWith('base/'),
      ),
    ).toEqual([]);
    expect(out.findings.some((f) => f.location.file === 'base/deploy.yaml')).toBe(true);
    expect(out.summary.skipped).toEqual([
      {
        file: 'base/kustomization.yaml',
        reason:
          'kustomize patches: render with `kubectl kustomize base | hako scan -` (patches not scanned on their own: patch-sm.yaml, legacy.yaml, ops.yaml)',
      },
    ]);
  });
});

describe('hako reports and empty files in the scanned folder', () => {
  it('hako scan . --format json > hako.json: the empty hako.json is no error, but said once', () => {
    const dir = tempTree({ 'task.json': PRIVILEGED_TASK, 'hako.json': '', 'blank.yaml': '  \n' });
    const out = json(hako(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
    expect(out.errors).toEqual([]);
    expect(out.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    // not looked at is never mistaken for clean: an empty file is a skipped entry of the summary
    expect(out.summary.skipped).toEqual([
      { file: 'blank.yaml', reason: 'empty file: nothing to check' },
      { file: 'hako.json', reason: 'empty file: nothing to check' },
    ]);
  });

  it('its own JSON, SARIF, JUnit and baseline files are recognised and skipped with an entry', () => {
    const dir = tempTree({ 'task.json': PRIVILEGED_TASK });
    for (const [fmt, file] of [
      ['json', 'hako.json'],
      ['sarif', 'hako.sarif.json'],
      ['junit', 'hako.xml'],
    ]) {
      writeFileSync(
        path.join(dir, file!),
        hako(['scan', 'task.json', '--format', fmt!], { cwd: dir }).stdout,
      );
    }
    hako(['scan', 'task.json', '--write-baseline', 'base.json'], { cwd: dir });
    const r = hako(['scan', '.', 'hako.xml', '--format', 'json'], { cwd: dir });
    const out = json(r.stdout);
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([
      { file: 'base.json', reason: "hako's own baseline, not an input" },
      { file: 'hako.json', reason: "hako's own JSON report, not an input" },
      { file: 'hako.sarif.json', reason: "hako's own SARIF report, not an input" },
      { file: 'hako.xml', reason: "hako's own JUnit report, not an input" },
    ]);
  });
});

describe('many findings of one rule on one resource', () => {
  it('keeps the first 100, says how many more in JSON and text; the exit code and counts see all', () => {
    const containers = Array.from(
      { length: 150 },
      (_, i) => `{ "name": "c${i}", "image": "x:1", "privileged": true }`,
    );
    const task = `{\n  "family": "many",\n  "containerDefinitions": [\n${containers.join(',\n')}\n  ]\n}\n`;
    const dir = tempTree({ 'task.json': task });
    const r = hako(['scan', dir, '--format', 'json', '--rules', 'ECS-003']);
    expect(r.code).toBe(1);
    const out = json(r.stdout);
    expect(out.findings.filter((f) => f.ruleId === 'ECS-003')).toHaveLength(100);
    expect(out.summary.findings.critical).toBe(150);
    expect(out.summary.capped).toEqual([
      {
        ruleId: 'ECS-003',
        resource: 'many',
        file: expect.stringMatching(/task\.json$/),
        severity: 'critical',
        shown: 100,
        more: 50,
      },
    ]);
    const text = hako(['scan', dir, '--rules', 'ECS-003']).stdout;
    expect(text).toMatch(
      /not shown: 50 more ECS-003 findings on many \(.*task\.json\); the first 100 are listed/,
    );
  });

  it('a baseline written from a capped run holds every finding', () => {
    const containers = Array.from(
      { length: 120 },
      (_, i) => `{ "name": "c${i}", "image": "x:1", "privileged": true }`,
    );
    const dir = tempTree({
      'task.json': `{ "family": "m", "containerDefinitions": [${containers.join(',')}] }`,
    });
    hako(['scan', '.', '--rules', 'ECS-003', '--write-baseline', 'b.json'], { cwd: dir });
    const base = JSON.parse(readFileSync(path.join(dir, 'b.json'), 'utf8'));
    expect(base.fingerprints).toHaveLength(120);
    mkdirSync(path.join(dir, 'x'));
    expect(hako(['scan', 'task.json', '--rules', 'ECS-003', '--baseline', 'b.json'], { cwd: dir }).code).toBe(
      0,
    );
  });
});

describe('a reader that goes away (`hako scan | head -1`)', () => {
  it('drops the rest of the report quietly and exits with the scan code, no EPIPE trace', () => {
    const err = path.join(tempTree({}), 'err.txt');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `node '${path.join(ROOT, 'bin', 'hako.js')}' scan examples/ --format text 2>'${err}' | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(r.stdout.trim()).toBe('1');
    expect(readFileSync(err, 'utf8')).toBe('');
  });
});

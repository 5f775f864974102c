/**
 * `hako fix` as a user runs it (built CLI, output parsed), always on a copy of examples/insecure
 * (plus one commented manifest of this test's own): a second scan no longer reports what was fixed,
 * every file still parses, comments and untouched lines survive, a dry run writes nothing, and a
 * second fix changes nothing.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hako, ROOT } from '../helpers/cli.js';

const API = `# An API that already runs as a non-root UID: hako can harden it
# without changing anything it relies on.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: default
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      securityContext:
        runAsUser: 10001 # the image's app user
      containers:
        - name: api
          image: "registry.example/api:1.4.2" # pinned
          securityContext:
            capabilities:
              add: ["NET_BIND_SERVICE"]
`;

interface Finding {
  ruleId: string;
  messageId: string;
  location: { file: string };
  resource: { address: string };
}
interface FixJson {
  dryRun: boolean;
  files: { file: string; applied: { ruleId: string; messageId: string }[]; diff?: string }[];
  fixed: { ruleId: string; messageId: string; file: string }[];
  suggestions: { ruleId: string; messageId: string; file: string; message: string }[];
  remaining: { ruleId: string; file: string; remediation: string }[];
}

function copyExamples(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hako-fix-'));
  cpSync(path.join(ROOT, 'examples', 'insecure'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'k8s', 'api.yaml'), API);
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function scanIds(dir: string): { keys: string[]; errors: unknown[] } {
  const r = hako(['scan', '.', '--format', 'json'], { cwd: dir });
  const out = JSON.parse(r.stdout) as { findings: Finding[]; errors: unknown[] };
  return {
    keys: out.findings
      .map((f) => `${f.ruleId}/${f.messageId} ${f.location.file} ${f.resource.address}`)
      .sort(),
    errors: out.errors,
  };
}

/** Multiset difference. */
function minus(a: string[], b: string[]): string[] {
  const left = [...b];
  return a.filter((x) => {
    const i = left.indexOf(x);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

describe('hako fix on a copy of examples/insecure', () => {
  let dir: string;
  let original: Map<string, string>;
  let before: ReturnType<typeof scanIds>;
  beforeAll(() => {
    dir = copyExamples();
    original = snapshot(dir);
    before = scanIds(dir);
  });

  it('--dry-run prints a unified diff and writes nothing', () => {
    const r = hako(['fix', '.', '--dry-run', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as FixJson;
    expect(out.dryRun).toBe(true);
    expect(out.files.map((f) => f.file).sort()).toEqual([
      'ecs/api.task-definition.json',
      'k8s/api.yaml',
      'k8s/web.yaml',
    ]);
    const diff = out.files.find((f) => f.file === 'k8s/web.yaml')?.diff ?? '';
    expect(diff).toMatch(/^--- a\/k8s\/web\.yaml\n\+\+\+ b\/k8s\/web\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(diff).toContain('+          type: RuntimeDefault\n');
    expect(snapshot(dir)).toEqual(original);
    const text = hako(['fix', '.', '--dry-run'], { cwd: dir });
    expect(text.stdout).toContain('--- a/k8s/api.yaml\n+++ b/k8s/api.yaml\n');
    expect(text.stdout).toContain('would fix  k8s/api.yaml');
    expect(snapshot(dir)).toEqual(original);
  });

  it('fixes in place: the second scan shows none of the fixed findings, and files still parse', () => {
    const r = hako(['fix', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1); // high findings remain (privileged, host network, ...)
    const out = JSON.parse(r.stdout) as FixJson;
    const after = scanIds(dir);
    const removed = minus(before.keys, after.keys);
    expect(removed).toEqual(
      [
        'ECS-005/noDropAll ecs/api.task-definition.json api',
        'K8S-101/violation k8s/api.yaml Deployment/default/api',
        'K8S-104/notDropped k8s/api.yaml Deployment/default/api',
        'K8S-113/violation k8s/api.yaml Deployment/default/api',
        'K8S-116/violation k8s/api.yaml Deployment/default/api',
        'K8S-116/violation k8s/web.yaml Deployment/default/web',
      ].sort(),
    );
    // nothing new appeared, and fix reported exactly what the second scan lost
    expect(minus(after.keys, before.keys)).toEqual([]);
    expect(out.fixed.map((f) => `${f.ruleId}/${f.messageId} ${f.file}`).sort()).toEqual(
      removed.map((k) => k.split(' ').slice(0, 2).join(' ')).sort(),
    );
    expect(after.errors).toEqual(before.errors);
    expect(JSON.parse(readFileSync(path.join(dir, 'ecs', 'api.task-definition.json'), 'utf8')).family).toBe(
      'api',
    );
    // what was not fixed is said, with why
    expect(out.suggestions.map((s) => `${s.ruleId}/${s.messageId} ${s.file}`)).toContain(
      'K8S-101/apePrivileged k8s/web.yaml',
    );
    expect(out.remaining.every((f) => f.remediation !== '')).toBe(true);
  });

  it('keeps comments and every untouched line byte for byte', () => {
    for (const file of ['k8s/web.yaml', 'k8s/api.yaml', 'ecs/api.task-definition.json']) {
      const was = original.get(file) ?? '';
      const now = readFileSync(path.join(dir, file), 'utf8');
      // the new text is the old one with lines inserted (JSON: one comma added to the line before)
      const oldLines = was.split('\n');
      let i = 0;
      for (const line of now.split('\n'))
        if (i < oldLines.length && (line === oldLines[i] || line === `${oldLines[i]},`)) i++;
      expect(i, file).toBe(oldLines.length);
    }
    const web = readFileSync(path.join(dir, 'k8s', 'web.yaml'), 'utf8');
    expect(web.startsWith(original.get('k8s/web.yaml')?.split('\n').slice(0, 13).join('\n') ?? '?')).toBe(
      true,
    );
    expect(web).toContain('    # "Warn first, enforce later": PSA prints warnings, but enforces nothing.\n');
    const api = readFileSync(path.join(dir, 'k8s', 'api.yaml'), 'utf8');
    expect(api).toContain("        runAsUser: 10001 # the image's app user\n");
    expect(api).toContain(
      '            capabilities:\n              add: ["NET_BIND_SERVICE"]\n              drop: [ALL]\n            allowPrivilegeEscalation: false\n            runAsNonRoot: true\n',
    );
    // untouched files are untouched
    for (const [file, text] of original)
      if (!['k8s/web.yaml', 'k8s/api.yaml', 'ecs/api.task-definition.json'].includes(file))
        expect(readFileSync(path.join(dir, file), 'utf8'), file).toBe(text);
  });

  it('is idempotent: a second fix changes nothing', () => {
    const fixed = snapshot(dir);
    const r = hako(['fix', '.', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout) as FixJson;
    expect(out.files).toEqual([]);
    expect(out.fixed).toEqual([]);
    expect(snapshot(dir)).toEqual(fixed);
    const text = hako(['fix', '.', '--soft-fail'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\n0 files changed \(0 fixes\), 0 findings fixed, \d+ remain\n$/);
  });
});

describe('hako fix usage', () => {
  it('refuses standard input and missing paths', () => {
    expect(hako(['fix', '-']).code).toBe(2);
    const r = hako(['fix', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read no/such/dir');
  });
  it('leaves a file its writers cannot edit safely unchanged, and says so', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: app\nspec:\n  containers:\n    - name: c\n      image: i:1\n      args:\n        - |+\n          run\n\n\n';
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-fix-'));
    writeFileSync(path.join(dir, 'pod.yaml'), text);
    const r = hako(['fix', '.', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toContain(
      'hako: the fixes for pod.yaml would change other values; it was left unchanged',
    );
    expect(readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toBe(text);
    const out = JSON.parse(r.stdout) as FixJson;
    expect(out.files).toEqual([]);
    expect(out.suggestions.filter((s) => s.messageId === 'refused').map((s) => s.ruleId)).toContain(
      'K8S-101',
    );
  });
  it('speaks Japanese with --lang ja', () => {
    const dir = copyExamples();
    const r = hako(['fix', 'k8s', '--dry-run', '--lang', 'ja'], { cwd: dir });
    expect(r.stdout).toContain('seccompProfile の type に RuntimeDefault を設定しました');
  });
  it('speaks the language of the locale without --lang, as hako scan does', () => {
    const dir = copyExamples();
    const env = { LC_ALL: '', LC_MESSAGES: '', LANG: 'ja_JP.UTF-8' };
    const r = hako(['fix', 'k8s', '--dry-run'], { cwd: dir, env });
    expect(r.stdout).toContain('seccompProfile の type に RuntimeDefault を設定しました');
    const en = hako(['fix', 'k8s', '--dry-run'], { cwd: dir, env: { ...env, LANG: 'C' } });
    expect(en.stdout).not.toContain('seccompProfile の type に RuntimeDefault を設定しました');
  });
});

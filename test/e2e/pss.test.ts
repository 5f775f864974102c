/** `hako pss` end to end: the product.md JSON contract, namespace labels, versions, exit codes. */
import { describe, expect, it } from 'vitest';
import { hako, tempTree } from '../helpers/cli.js';

interface PssJson {
  level: string;
  version: string;
  results: {
    file: string;
    index: number;
    kind: string;
    namespace: string;
    name: string;
    allowed: boolean;
    violations: { check: string; reason: string; detail: string }[];
  }[];
  errors: { file: string; line: number; message: string }[];
}

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.30
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: team-a }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      hostNetwork: true
      containers: [{ name: api, image: "api:1" }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: team-b }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
          containers:
            - name: report
              image: "report:2"
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;

const json = (args: string[], input?: string) => {
  const r = hako(['pss', ...args, '--format', 'json'], input === undefined ? {} : { input });
  return { code: r.code, out: JSON.parse(r.stdout) as PssJson };
};

describe('hako pss', () => {
  const dir = tempTree({ 'app.yaml': MANIFESTS });

  it('prints the product.md contract at a fixed level and version', () => {
    const { code, out } = json(['--level', 'restricted', '--version', 'v1.30', dir]);
    expect(code).toBe(1);
    expect(Object.keys(out)).toEqual(['level', 'version', 'results', 'errors']);
    expect(out).toMatchObject({ level: 'restricted', version: 'v1.30', errors: [] });
    const [api, report] = out.results;
    expect(Object.keys(api!)).toEqual(
      expect.arrayContaining(['file', 'index', 'kind', 'namespace', 'name', 'allowed', 'violations']),
    );
    expect(api).toMatchObject({
      index: 1,
      kind: 'Deployment',
      namespace: 'team-a',
      name: 'api',
      allowed: false,
    });
    expect(api!.file.endsWith('app.yaml')).toBe(true);
    expect(api!.violations[0]).toEqual({
      check: 'hostNamespaces',
      reason: 'host namespaces',
      detail: 'hostNetwork=true',
    });
    expect(api!.violations.map((v) => v.check)).toEqual([
      'hostNamespaces',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    expect(report).toMatchObject({ index: 2, kind: 'CronJob', allowed: true, violations: [] });
  });

  it('without --level uses each namespace enforce label; no label means privileged', () => {
    const { code, out } = json([dir]);
    expect(out.level).toBe('namespace');
    expect(out.version).toBe('namespace');
    expect(out.results.map((r) => [r.name, r.allowed, (r as unknown as { level: string }).level])).toEqual([
      ['api', false, 'baseline'],
      ['report', true, 'privileged'],
    ]);
    expect(code).toBe(1);
  });

  it('clamps versions newer than the newest known and exits 0 when every pod is allowed', () => {
    const { code, out } = json(['--level', 'baseline', '--version', 'v1.99', '-'], MANIFESTS.split('---')[2]);
    expect(code).toBe(0);
    expect(out.version).toMatch(/^v1\.\d+$/);
    expect(Number(out.version!.slice(3))).toBeLessThan(99);
  });

  it('reads standard input and reports unreadable documents in errors', () => {
    const { out } = json(['--level', 'baseline', '-'], `${MANIFESTS}---\nkind: [\n`);
    expect(out.results).toHaveLength(2);
    expect(out.errors[0]).toMatchObject({ file: '<stdin>' });
  });

  it('rejects a malformed version with exit 2', () => {
    expect(hako(['pss', '--version', '1.x', dir]).code).toBe(2);
  });

  it('prints the API server rejection text', () => {
    const r = hako(['pss', '--level', 'baseline', dir]);
    expect(r.stdout).toContain('violates PodSecurity "baseline:v1.');
    expect(r.stdout).toContain('host namespaces (hostNetwork=true)');
  });
});

describe('hako pss on the bundled examples (what the API server would decide)', () => {
  const verdicts = (args: string[]) =>
    Object.fromEntries(
      json([...args, 'examples']).out.results.map((r) => [`${r.file}#${r.name}`, r.allowed]),
    );

  // the NetworkPolicy examples' workloads are restricted-compliant and their namespaces enforce it
  const netpol = Object.fromEntries(
    ['netpol', 'netpol-no-agent'].flatMap((d) =>
      ['backend.yaml#api', 'database.yaml#postgres', 'frontend.yaml#web'].map((f) => [
        `examples/${d}/k8s/${f}`,
        true,
      ]),
    ),
  );

  it.each([
    ['restricted', false, true],
    ['baseline', false, true],
    ['privileged', true, true],
  ])('at %s: insecure allowed=%s, hardened allowed=%s', (level, insecure, hardened) => {
    expect(verdicts(['--level', level])).toEqual({
      'examples/hardened/k8s/web.yaml#web': hardened,
      'examples/insecure/k8s/web.yaml#web': insecure,
      ...netpol,
    });
  });

  it("at each namespace's labels: the hardened namespace enforces restricted, the insecure one nothing", () => {
    expect(verdicts([])).toEqual({
      'examples/hardened/k8s/web.yaml#web': true,
      'examples/insecure/k8s/web.yaml#web': true,
      ...netpol,
    });
  });
});

/**
 * `hako netpol reach|matrix` and the NET rules on the bundled examples, through the built CLI:
 * examples/netpol (frontend, backend, database on shop-prod with the VPC CNI agent on) and
 * examples/netpol-no-agent (the same manifests, the agent off).
 */
import { describe, expect, it } from 'vitest';
import { hako } from '../helpers/cli.js';

const ON = 'examples/netpol';
const OFF = 'examples/netpol-no-agent';

interface Matrix {
  enforcement: string;
  endpoints: { id: string; namespace: string | null; workloads: string[] }[];
  cells: { from: string; to: string; ports: string[] }[];
}

describe('hako netpol matrix', () => {
  it('the full matrix of examples/netpol: web -> api on 8080, api -> postgres on 5432, nothing else', () => {
    const r = hako(['netpol', 'matrix', ON, '--format', 'json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as Matrix;
    expect(m.enforcement).toBe('enforced');
    expect(m.endpoints).toEqual([
      { id: 'backend/api', namespace: 'backend', workloads: ['Deployment/backend/api'] },
      { id: 'database/postgres', namespace: 'database', workloads: ['StatefulSet/database/postgres'] },
      { id: 'frontend/web', namespace: 'frontend', workloads: ['Deployment/frontend/web'] },
      { id: 'internet', namespace: null, workloads: [] },
    ]);
    // every pair not listed is denied (internet included: web takes traffic from the VPC range only)
    expect(m.cells).toEqual([
      { from: 'backend/api', to: 'database/postgres', ports: ['TCP/5432'] },
      { from: 'frontend/web', to: 'backend/api', ports: ['TCP/8080'] },
    ]);
  });

  it("the same manifests without the agent: the matrix is the policies' intent, marked not enforced", () => {
    const m = JSON.parse(hako(['netpol', 'matrix', OFF, '--format', 'json']).stdout) as Matrix;
    expect(m.enforcement).toBe('not-enforced');
    expect(m.cells).toHaveLength(2);
    const text = hako(['netpol', 'matrix', OFF]).stdout;
    expect(text).toContain('note: the scanned cluster does not enforce NetworkPolicies');
  });

  it('text: a table whose rows are the endpoints and whose cells are the allowed ports', () => {
    const r = hako(['netpol', 'matrix', ON]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .split('\n')
      .slice(1, 5)
      .map((l) => l.trim().split(/\s{2,}/));
    expect(rows).toEqual([
      ['1 backend/api', '-', 'TCP/5432', '-', '-'],
      ['2 database/postgres', '-', '-', '-', '-'],
      ['3 frontend/web', 'TCP/8080', '-', '-', '-'],
      ['4 internet', '-', '-', '-', '-'],
    ]);
  });

  it('dot: one edge per allowed pair, namespaces as clusters', () => {
    const r = hako(['netpol', 'matrix', ON, '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('digraph netpol {')).toBe(true);
    const edges = [...r.stdout.matchAll(/^\s*"([^"]+)" -> "([^"]+)" \[label="([^"]*)"\];$/gm)].map((m) =>
      m.slice(1),
    );
    expect(edges).toEqual([
      ['backend/api', 'database/postgres', 'TCP/5432'],
      ['frontend/web', 'backend/api', 'TCP/8080'],
    ]);
    expect(r.stdout.match(/subgraph cluster_\d+/g)).toHaveLength(3);
  });
});

describe('hako netpol reach', () => {
  it('allowed, with the policies of each direction (JSON as product.md)', () => {
    const r = hako([
      'netpol',
      'reach',
      '--from',
      'frontend/app=web',
      '--to',
      'backend/app=api:8080',
      ON,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      allowed: true,
      port: 8080,
      protocol: 'TCP',
      egress: { isolated: true, allowedBy: ['frontend/web-to-api'] },
      ingress: { isolated: true, allowedBy: ['backend/api-from-web'] },
    });
  });

  it('denied: the web pods may not reach the database; exit code 0 (it is a query)', () => {
    const r = hako([
      'netpol',
      'reach',
      '--from',
      'frontend/app=web',
      '--to',
      'database/app=postgres:5432',
      ON,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      allowed: false,
      port: 5432,
      protocol: 'TCP',
      egress: { isolated: true, allowedBy: [] },
      ingress: { isolated: true, allowedBy: [] },
    });
  });

  it('DNS over UDP 53 to CoreDNS is allowed by allow-dns; the text names each deciding rule with file and line', () => {
    const r = hako(['netpol', 'reach', '--from', 'frontend/app=web', '--to', 'backend/app=api:8080', ON]);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual([
      'ALLOWED  Deployment/frontend/web -> Deployment/backend/api on TCP/8080',
      '  egress:  isolated; allowed by frontend/web-to-api (examples/netpol/k8s/frontend.yaml:97)',
      '  ingress: isolated; allowed by backend/api-from-web (examples/netpol/k8s/backend.yaml:82)',
    ]);
  });

  it('from the internet and from the VPC range to the web pods', () => {
    const json = (from: string) =>
      JSON.parse(
        hako(['netpol', 'reach', '--from', from, '--to', 'frontend/app=web:8080', ON, '--format', 'json'])
          .stdout,
      ) as {
        allowed: boolean;
      };
    expect(json('internet').allowed).toBe(false);
    expect(json('10.40.3.7').allowed).toBe(true);
  });

  it('without the agent the text says the verdict is not enforced', () => {
    const r = hako([
      'netpol',
      'reach',
      '--from',
      'frontend/app=web',
      '--to',
      'database/app=postgres:5432',
      OFF,
    ]);
    expect(r.stdout).toContain('note: NetworkPolicies are not enforced on cluster shop-prod');
  });

  it('a selector that matches no pod: exit code 2', () => {
    const r = hako(['netpol', 'reach', '--from', 'frontend/app=nothing', '--to', 'backend/app=api:8080', ON]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"frontend/app=nothing" matches no pod in the scanned files');
  });
});

describe('hako scan on the NetworkPolicy examples', () => {
  const findings = (dir: string) =>
    (
      JSON.parse(hako(['scan', '--date', '2026-11-28', dir, '--format', 'json']).stdout) as {
        findings: { ruleId: string; message: string; location: { file: string; startLine: number } }[];
      }
    ).findings;

  it('with the agent: nothing to report', () => {
    expect(findings(ON)).toEqual([]);
  });

  it('without the agent: NET-006 at the add-on configuration, listing the policies', () => {
    expect(
      findings(OFF).map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`),
    ).toEqual([
      'NET-006 examples/netpol-no-agent/terraform/main.tf:56 11 NetworkPolicies are not enforced on cluster shop-prod: the vpc-cni add-on does not set enableNetworkPolicy to "true"',
    ]);
  });
});

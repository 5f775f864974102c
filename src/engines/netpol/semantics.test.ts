/**
 * The NetworkPolicy semantics of kubernetes-networkpolicy.md, case by case (its "Test cases worth
 * having", numbered as there), through the real YAML parser and adapters. Every verdict is written
 * by hand from the facts file, not computed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatrix, runReach } from '../../cli/netpol.js';
import { loadInputs } from '../../load.js';
import type { State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { enforcement } from '../../rules/net/_enforcement.js';
import { scan } from '../../scan.js';

type Obj = Record<string, unknown>;
const ns = (name: string, labels: Record<string, string> = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const deploy = (
  namespace: string,
  name: string,
  labels: Record<string, string>,
  opts: { ports?: { name: string; containerPort: number; protocol?: string }[]; hostNetwork?: boolean } = {},
): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        ...(opts.hostNetwork ? { hostNetwork: true } : {}),
        containers: [{ name: 'app', image: 'nginx:1.27', ...(opts.ports ? { ports: opts.ports } : {}) }],
      },
    },
  },
});
const policy = (namespace: string, name: string, spec: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});
const yaml = (objs: Obj[]) => objs.map((o) => JSON.stringify(o)).join('\n---\n');

function world(objs: Obj[], extra: Record<string, string> = {}): State {
  const inputs = [
    { path: 'k8s.yaml', content: yaml(objs) },
    ...Object.entries(extra).map(([path, content]) => ({ path, content })),
  ];
  return loadInputs({ inputs }).state;
}
const reach = (s: State, from: string, to: string) => runReach(s, from, to).json;
const allowed = (s: State, from: string, to: string) => reach(s, from, to).allowed;
async function ruleIds(objs: Obj[], extra: Record<string, string> = {}): Promise<string[]> {
  const r = await scan({
    inputs: [
      { path: 'k8s.yaml', content: yaml(objs) },
      ...Object.entries(extra).map(([path, content]) => ({ path, content })),
    ],
    rules: ['NET-001', 'NET-002', 'NET-003', 'NET-004', 'NET-005', 'NET-006', 'NET-007'],
  });
  return [...new Set(r.findings.map((f) => f.ruleId))].sort();
}

const base = [
  ns('a'),
  ns('b'),
  deploy('a', 'web', { app: 'web' }),
  deploy('a', 'db', { app: 'db' }),
  deploy('b', 'other', { app: 'other' }),
];
const denyIngress = policy('a', 'deny-in', { podSelector: {} });

// loadInputs is synchronous: the Terraform inputs below need the parser started (scan() does it itself).
beforeAll(() => initHcl());

describe('which pods are isolated (§2-§4)', () => {
  it('1: no policies: everything reachable both ways; NET-001 and NET-003 fire', async () => {
    const s = world(base);
    expect(reach(s, 'a/app=web', 'a/app=db:5432')).toEqual({
      allowed: true,
      port: 5432,
      protocol: 'TCP',
      egress: { isolated: false, allowedBy: [] },
      ingress: { isolated: false, allowedBy: [] },
    });
    expect(await ruleIds(base)).toEqual(expect.arrayContaining(['NET-001', 'NET-003']));
  });

  it('2: podSelector {} without policyTypes or ingress: ingress isolated, egress untouched', () => {
    const s = world([...base, denyIngress]);
    expect(reach(s, 'b/app=other', 'a/app=db:5432')).toMatchObject({
      allowed: false,
      ingress: { isolated: true },
    });
    expect(reach(s, 'a/app=web', 'b/app=other:80')).toMatchObject({
      allowed: true,
      egress: { isolated: false },
    });
  });

  it('3: egress: [] without policyTypes defaults to [Ingress]: egress not isolated, NET-002 still fires', async () => {
    const objs = [...base, policy('a', 'p', { podSelector: {}, egress: [] })];
    const s = world(objs);
    expect(s.k8s.networkPolicies[0]!.policyTypes.map((t) => t.value)).toEqual(['Ingress']);
    expect(reach(s, 'a/app=web', 'b/app=other:80')).toMatchObject({
      allowed: true,
      egress: { isolated: false },
    });
    expect(await ruleIds(objs)).toContain('NET-002');
  });

  it('3b: egress with a rule and no policyTypes defaults to [Ingress, Egress]', () => {
    const s = world([...base, policy('a', 'p', { podSelector: {}, egress: [{ ports: [{ port: 443 }] }] })]);
    expect(s.k8s.networkPolicies[0]!.policyTypes.map((t) => t.value)).toEqual(['Ingress', 'Egress']);
    expect(allowed(s, 'a/app=web', 'b/app=other:80')).toBe(false);
    expect(allowed(s, 'a/app=web', 'b/app=other:443')).toBe(true);
  });

  it('4: policyTypes [Egress] with podSelector {}: egress deny-all, ingress unaffected', () => {
    const s = world([...base, policy('a', 'p', { podSelector: {}, policyTypes: ['Egress'] })]);
    expect(reach(s, 'a/app=web', 'b/app=other:80')).toMatchObject({
      allowed: false,
      egress: { isolated: true },
    });
    expect(reach(s, 'b/app=other', 'a/app=web:80')).toMatchObject({
      allowed: true,
      ingress: { isolated: false },
    });
  });

  it('5: policyTypes [Egress] with an ingress list: the ingress rules have no effect', () => {
    const s = world([
      ...base,
      policy('a', 'p', {
        podSelector: {},
        policyTypes: ['Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
    ]);
    expect(reach(s, 'b/app=other', 'a/app=db:80')).toMatchObject({
      allowed: true,
      ingress: { isolated: false, allowedBy: [] },
    });
  });

  it('6: ingress: [{}] allows all ingress; a deny policy on the same pod cannot take it back', () => {
    const s = world([...base, denyIngress, policy('a', 'allow-all', { podSelector: {}, ingress: [{}] })]);
    expect(reach(s, 'b/app=other', 'a/app=db:5432')).toMatchObject({
      allowed: true,
      ingress: { isolated: true, allowedBy: ['a/allow-all'] },
    });
  });

  it('7: two policies on one pod add up (union)', () => {
    const s = world([
      ...base,
      policy('a', 'from-web', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      }),
      policy('a', 'from-other', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }],
      }),
    ]);
    expect(reach(s, 'a/app=web', 'a/app=db:5432').ingress.allowedBy).toEqual(['a/from-web']);
    expect(reach(s, 'b/app=other', 'a/app=db:5432').ingress.allowedBy).toEqual(['a/from-other']);
  });

  it('8: a source egress-isolated without an allow is denied even when the destination is open', () => {
    const s = world([...base, policy('b', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] })]);
    expect(reach(s, 'b/app=other', 'a/app=db:5432')).toEqual({
      allowed: false,
      port: 5432,
      protocol: 'TCP',
      egress: { isolated: true, allowedBy: [] },
      ingress: { isolated: false, allowedBy: [] },
    });
  });

  it("25: traffic from the pod's own node (kubelet probes) is always allowed", () => {
    const s = world([...base, denyIngress]);
    expect(allowed(s, 'node', 'a/app=db:8080')).toBe(true);
  });

  it('26: a hostNetwork pod: the verdict says it is implementation-defined', () => {
    const s = world([
      ns('a'),
      deploy('a', 'agent', { app: 'agent' }, { hostNetwork: true }),
      deploy('a', 'web', { app: 'web' }),
      denyIngress,
    ]);
    expect(runReach(s, 'a/app=web', 'a/app=agent:9100').text).toMatch(
      /hostNetwork pod: whether policies apply is implementation-defined/,
    );
  });
});

describe('peers (§6)', () => {
  const world9 = (peers: Obj[]) =>
    world([
      ns('a'),
      ns('x1', { team: 'x' }),
      ns('y1', { team: 'y' }),
      deploy('a', 'target', { app: 'target' }),
      deploy('a', 'c-local', { role: 'c' }),
      deploy('x1', 'c-in-x', { role: 'c' }),
      deploy('x1', 'd-in-x', { role: 'd' }),
      deploy('y1', 'c-in-y', { role: 'c' }),
      policy('a', 'p', { podSelector: { matchLabels: { app: 'target' } }, ingress: [{ from: peers }] }),
    ]);

  it('9: namespaceSelector and podSelector in one peer: role=c pods in team=x namespaces only', () => {
    const s = world9([
      { namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: { matchLabels: { role: 'c' } } },
    ]);
    expect(allowed(s, 'x1/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'x1/role=d', 'a/app=target:80')).toBe(false);
    expect(allowed(s, 'y1/role=c', 'a/app=target:80')).toBe(false);
    expect(allowed(s, 'a/role=c', 'a/app=target:80')).toBe(false);
  });

  it('10: the same selectors as two peers: role=c in the policy namespace OR any pod in team=x namespaces', () => {
    const s = world9([
      { namespaceSelector: { matchLabels: { team: 'x' } } },
      { podSelector: { matchLabels: { role: 'c' } } },
    ]);
    expect(allowed(s, 'a/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'x1/role=d', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'x1/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'y1/role=c', 'a/app=target:80')).toBe(false);
  });

  it('11: peer podSelector {}: every pod of the policy namespace, no other namespace', () => {
    const s = world9([{ podSelector: {} }]);
    expect(allowed(s, 'a/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'x1/role=c', 'a/app=target:80')).toBe(false);
  });

  it('12: peer namespaceSelector {}: every pod of every namespace, no outside address', () => {
    const s = world9([{ namespaceSelector: {} }]);
    expect(allowed(s, 'y1/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'a/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'internet', 'a/app=target:80')).toBe(false);
    expect(allowed(s, '10.0.0.5', 'a/app=target:80')).toBe(false);
  });

  it('matchExpressions In / NotIn / Exists / DoesNotExist select as label selectors do', () => {
    const s = world9([
      {
        namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['x', 'z'] }] },
        podSelector: {
          matchExpressions: [
            { key: 'role', operator: 'NotIn', values: ['d'] },
            { key: 'role', operator: 'Exists' },
          ],
        },
      },
      { podSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] } },
    ]);
    expect(allowed(s, 'x1/role=c', 'a/app=target:80')).toBe(true);
    expect(allowed(s, 'x1/role=d', 'a/app=target:80')).toBe(false);
    expect(allowed(s, 'y1/role=c', 'a/app=target:80')).toBe(false);
    expect(allowed(s, 'a/role=c', 'a/app=target:80')).toBe(true); // no app label in the policy namespace
  });

  it('13: namespaceSelector name: kube-system matches nothing (NET-004); kubernetes.io/metadata.name matches', async () => {
    const objs = (key: string) => [
      ns('a'),
      ns('kube-system'),
      deploy('a', 'web', { app: 'web' }),
      deploy('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }),
      policy('a', 'p', {
        podSelector: {},
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [key]: 'kube-system' } } }] }],
      }),
    ];
    expect(allowed(world(objs('name')), 'kube-system/k8s-app=kube-dns', 'a/app=web:80')).toBe(false);
    expect(await ruleIds(objs('name'))).toContain('NET-004');
    expect(
      allowed(world(objs('kubernetes.io/metadata.name')), 'kube-system/k8s-app=kube-dns', 'a/app=web:80'),
    ).toBe(true);
    expect(await ruleIds(objs('kubernetes.io/metadata.name'))).not.toContain('NET-004');
  });

  it('14: ipBlock with except: 10.0.2.5 allowed, 10.0.1.5 denied', () => {
    const s = world([
      ...base,
      policy('a', 'p', {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] } }] }],
      }),
    ]);
    expect(allowed(s, '10.0.2.5', 'a/app=db:5432')).toBe(true);
    expect(allowed(s, '10.0.1.5', 'a/app=db:5432')).toBe(false);
    expect(allowed(s, 'internet', 'a/app=db:5432')).toBe(false);
    // ipBlock is for outside addresses: pods (IPs unknown) are not matched by it
    expect(allowed(s, 'b/app=other', 'a/app=db:5432')).toBe(false);
  });

  it('18: ingress from 0.0.0.0/0 to a workload no LoadBalancer exposes: NET-005', async () => {
    const objs = [
      ...base,
      policy('a', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
    ];
    expect(allowed(world(objs), 'internet', 'a/app=db:5432')).toBe(true);
    expect(await ruleIds(objs)).toContain('NET-005');
  });
});

describe('validation (§10): rejected policies are never evaluated', () => {
  const problems = (spec: Obj) =>
    world([...base, policy('a', 'p', spec)]).k8s.networkPolicies[0]!.problems.map((p) => p.message);

  it('15: except equal to cidr', () => {
    expect(
      problems({
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] } }] }],
      }),
    ).toEqual(['ipBlock.except "10.0.0.0/16" must be a strict subset of cidr "10.0.0.0/16"']);
  });
  it('16: ipBlock together with podSelector', () => {
    expect(
      problems({
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }],
      }),
    ).toEqual(['may not specify both ipBlock and another peer']);
  });
  it('17: an empty peer', () => {
    expect(problems({ podSelector: {}, ingress: [{ from: [{}] }] })).toEqual([
      'must specify a peer (podSelector, namespaceSelector or ipBlock)',
    ]);
  });
  it('23b: endPort with a named port, and endPort below port', () => {
    expect(problems({ podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 9000 }] }] })).toEqual([
      'endPort requires a numeric port, not a named one',
    ]);
    expect(problems({ podSelector: {}, ingress: [{ ports: [{ port: 9000, endPort: 8000 }] }] })).toEqual([
      'endPort is below port',
    ]);
  });
  it('24: protocol ICMP; reach refuses to judge ICMP (implementation-defined)', () => {
    expect(problems({ podSelector: {}, ingress: [{ ports: [{ protocol: 'ICMP' }] }] })).toEqual([
      'protocol "ICMP" is not TCP, UDP or SCTP',
    ]);
    expect(() => runReach(world(base), 'a/app=web', 'a/app=db:1/ICMP')).toThrow(/not TCP, UDP or SCTP/);
  });
  it('34: policyTypes [ingress] (lower case): rejected, not evaluated, listed as skipped', () => {
    const s = world([...base, policy('a', 'p', { podSelector: {}, policyTypes: ['ingress'] })]);
    expect(s.k8s.networkPolicies[0]!.problems.map((p) => p.message)).toEqual([
      'policyTypes value "ingress" is not Ingress or Egress',
    ]);
    expect(allowed(s, 'b/app=other', 'a/app=db:80')).toBe(true);
    expect(s.inputs.skipped.map((x) => x.reason)).toEqual([
      'NetworkPolicy a/p is not evaluated: the API server rejects it (policyTypes value "ingress" is not Ingress or Egress)',
    ]);
  });
  it('a CIDR that does not parse, and a port out of range', () => {
    expect(
      problems({
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.300/8' } }], ports: [{ port: 70000 }] }],
      }),
    ).toEqual(['ipBlock.cidr "10.0.0.300/8" is not a valid CIDR', 'port 70000 is outside 1-65535']);
  });
});

describe('ports (§7)', () => {
  const withPorts = (ports: Obj[], dir: 'ingress' | 'egress' = 'ingress') =>
    world([
      ns('a'),
      deploy('a', 'web', { app: 'web' }),
      deploy('a', 'api', { app: 'api' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      deploy('a', 'alt', { app: 'alt' }, { ports: [{ name: 'http', containerPort: 9090 }] }),
      policy(
        'a',
        'p',
        dir === 'ingress'
          ? { podSelector: {}, ingress: [{ ports }] }
          : { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports }] },
      ),
    ]);

  it('19: {port: 53} without protocol is TCP only', () => {
    const s = withPorts([{ port: 53 }]);
    expect(allowed(s, 'a/app=web', 'a/app=api:53')).toBe(true);
    expect(allowed(s, 'a/app=web', 'a/app=api:53/UDP')).toBe(false);
  });
  it('20: {protocol: UDP} without port is every UDP port', () => {
    const s = withPorts([{ protocol: 'UDP' }]);
    expect(allowed(s, 'a/app=web', 'a/app=api:9999/UDP')).toBe(true);
    expect(allowed(s, 'a/app=web', 'a/app=api:9999/TCP')).toBe(false);
  });
  it('21: a named port resolves against each destination pod: http is 8080 on api and 9090 on alt', () => {
    const s = withPorts([{ port: 'http' }]);
    expect(allowed(s, 'a/app=web', 'a/app=api:8080')).toBe(true);
    expect(allowed(s, 'a/app=web', 'a/app=api:80')).toBe(false);
    expect(allowed(s, 'a/app=web', 'a/app=api:9090')).toBe(false);
    expect(allowed(s, 'a/app=web', 'a/app=alt:9090')).toBe(true);
    expect(allowed(s, 'a/app=web', 'a/app=web:8080')).toBe(false); // web defines no http port
  });
  it('22: an egress named port never matches an ipBlock destination', () => {
    const s = withPorts([{ port: 'http' }], 'egress');
    expect(allowed(s, 'a/app=web', '10.0.0.5')).toBe(false);
    expect(allowed(s, 'a/app=web', 'a/app=api:8080')).toBe(true);
  });
  it('23: endPort makes an inclusive range', () => {
    const s = withPorts([{ port: 32000, endPort: 32768 }]);
    expect(allowed(s, 'a/app=web', 'a/app=api:32000')).toBe(true);
    expect(allowed(s, 'a/app=web', 'a/app=api:32768')).toBe(true);
    expect(allowed(s, 'a/app=web', 'a/app=api:32769')).toBe(false);
  });
  it('33: Service port 80 with targetPort 8080: the policy must name 8080, the pod port', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'a' },
      spec: { selector: { app: 'api' }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    const only80 = world([
      ns('a'),
      deploy('a', 'web', { app: 'web' }),
      deploy('a', 'api', { app: 'api' }),
      svc,
      policy('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }),
    ]);
    expect(allowed(only80, 'a/app=web', 'a/svc/api:80')).toBe(false);
    const only8080 = world([
      ns('a'),
      deploy('a', 'web', { app: 'web' }),
      deploy('a', 'api', { app: 'api' }),
      svc,
      policy('a', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 8080 }] }] }),
    ]);
    expect(allowed(only8080, 'a/app=web', 'a/svc/api:80')).toBe(true);
  });
});

describe('DNS egress (§8)', () => {
  const dnsWorld = (egress: Obj[]) => [
    ns('a'),
    ns('kube-system'),
    deploy('a', 'web', { app: 'web' }),
    deploy('a', 'fake-dns', { 'k8s-app': 'kube-dns' }),
    deploy(
      'kube-system',
      'coredns',
      { 'k8s-app': 'kube-dns' },
      {
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53 },
        ],
      },
    ),
    deploy('kube-system', 'metrics', { app: 'metrics' }),
    policy('a', 'p', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress }),
  ];

  it('27: egress only to TCP 443: DNS is denied and NET-007 fires', async () => {
    const objs = dnsWorld([{ ports: [{ port: 443 }] }]);
    expect(allowed(world(objs), 'a/app=web', 'kube-system/k8s-app=kube-dns:53/UDP')).toBe(false);
    expect(await ruleIds(objs)).toContain('NET-007');
  });

  it('28: DNS allow written as two peers: kube-system works through the namespace peer (any pod there)', async () => {
    const objs = dnsWorld([
      {
        to: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
          { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        ],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53 }],
      },
      { ports: [{ port: 443 }] },
    ]);
    const s = world(objs);
    expect(allowed(s, 'a/app=web', 'kube-system/k8s-app=kube-dns:53/UDP')).toBe(true);
    expect(allowed(s, 'a/app=web', 'kube-system/app=metrics:53/UDP')).toBe(true); // the first peer: any pod of kube-system
    expect(allowed(s, 'a/app=web', 'a/k8s-app=kube-dns:53/UDP')).toBe(true); // the second peer: the policy's own namespace
    expect(await ruleIds(objs)).not.toContain('NET-007');
  });

  it('DNS allowed as one peer (both selectors) over UDP only: NET-007 says TCP 53 is missing', async () => {
    const objs = dnsWorld([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [{ port: 53, protocol: 'UDP' }],
      },
    ]);
    const s = world(objs);
    expect(allowed(s, 'a/app=web', 'kube-system/app=metrics:53/UDP')).toBe(false);
    const r = await scan({ inputs: [{ path: 'k8s.yaml', content: yaml(objs) }], rules: ['NET-007'] });
    expect(r.findings.map((f) => f.messageId)).toEqual(['tcpBlocked']);
  });
});

describe('EKS enforcement (§9)', () => {
  const cluster = (addon: string) => `resource "aws_eks_cluster" "main" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
${addon}`;
  const objs = [...base, denyIngress];

  it('29: VPC CNI without enableNetworkPolicy: not enforced; NET-006 fires and NET findings say so', async () => {
    const tf = cluster(
      'resource "aws_eks_addon" "cni" {\n  cluster_name = aws_eks_cluster.main.name\n  addon_name   = "vpc-cni"\n}\n',
    );
    expect(enforcement(world(objs, { 'eks.tf': tf })).state).toBe('not-enforced');
    const r = await scan({
      inputs: [
        { path: 'k8s.yaml', content: yaml(objs) },
        { path: 'eks.tf', content: tf },
      ],
      rules: ['NET-002', 'NET-006'],
    });
    expect(r.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['NET-002', 'NET-006']));
    for (const f of r.findings.filter((x) => x.ruleId === 'NET-002'))
      expect(f.related.map((x) => x.message)).toContain(
        'not enforced: cluster prod has no NetworkPolicy enforcement (VPC CNI add-on without enableNetworkPolicy: "true", and no Calico or Cilium among the scanned manifests)',
      );
  });

  it('a cluster without any vpc-cni add-on is not enforced either', () => {
    expect(enforcement(world(objs, { 'eks.tf': cluster('') })).state).toBe('not-enforced');
  });

  it('enableNetworkPolicy "true" in jsonencode configuration values: enforced, no NET-006', async () => {
    const tf = cluster(
      'resource "aws_eks_addon" "cni" {\n  cluster_name = aws_eks_cluster.main.name\n  addon_name   = "vpc-cni"\n  configuration_values = jsonencode({ enableNetworkPolicy = "true" })\n}\n',
    );
    expect(enforcement(world(objs, { 'eks.tf': tf })).state).toBe('enforced');
    expect(await ruleIds(objs, { 'eks.tf': tf })).not.toContain('NET-006');
  });

  it('CloudFormation AWS::EKS::Addon and describe-addon JSON are read', () => {
    const cfn = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cni:
    Type: AWS::EKS::Addon
    Properties:
      AddonName: vpc-cni
      ClusterName: prod
      ConfigurationValues: '{"enableNetworkPolicy":"true"}'
`;
    expect(enforcement(world(objs, { 'cfn.yaml': cfn })).state).toBe('enforced');
    const described = JSON.stringify({
      addon: {
        addonName: 'vpc-cni',
        clusterName: 'prod',
        configurationValues: '{"enableNetworkPolicy":"false"}',
      },
    });
    expect(enforcement(world(objs, { 'addon.json': described })).state).toBe('not-enforced');
  });

  it('Calico among the manifests enforces; no cluster definition at all: unknown (nothing said)', async () => {
    const calico = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'calico-node', namespace: 'kube-system' },
      spec: {
        template: {
          metadata: { labels: { 'k8s-app': 'calico-node' } },
          spec: { containers: [{ name: 'c', image: 'calico/node:v3.28.0' }] },
        },
      },
    };
    expect(enforcement(world([...objs, calico], { 'eks.tf': cluster('') })).state).toBe('enforced');
    expect(enforcement(world(objs)).state).toBe('unknown');
    expect(await ruleIds(objs)).not.toContain('NET-006');
  });
});

describe('matrix', () => {
  it('groups pods and gives per-pair ports, internet included', () => {
    const s = world([
      ...base,
      policy('a', 'db', {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }],
      }),
    ]);
    const m = runMatrix(s);
    expect(m.endpoints.map((e) => e.id)).toEqual(['a/db', 'a/web', 'b/other', 'internet']);
    const cell = (from: string, to: string) =>
      m.cells.find((c) => c.from === from && c.to === to)?.ports ?? [];
    expect(cell('a/web', 'a/db')).toEqual(['TCP/5432']);
    expect(cell('b/other', 'a/db')).toEqual([]);
    expect(cell('internet', 'a/db')).toEqual([]);
    expect(cell('internet', 'a/web')).toEqual(['all']);
    expect(cell('a/db', 'internet')).toEqual(['all']);
  });
});

describe('kubectl-style selectors of reach', () => {
  it('=, ==, !=, in, notin, exists and !key', async () => {
    const { parseSelector } = await import('./selector.js');
    const s = parseSelector('app=web,tier!=cache,env in (a, b),zone notin (x),team,!legacy,x.io/y==z')!;
    expect([...s.matchLabels].map(([k, x]) => `${k}=${x.value}`)).toEqual(['app=web', 'x.io/y=z']);
    expect(
      s.matchExpressions.map(
        (e) => `${e.key.value} ${e.operator.value} ${e.values.map((x) => x.value).join('|')}`,
      ),
    ).toEqual(['tier NotIn cache', 'env In a|b', 'zone NotIn x', 'team Exists ', 'legacy DoesNotExist ']);
    expect(parseSelector('')).toEqual({ matchLabels: new Map(), matchExpressions: [] });
    expect(parseSelector('a b c')).toBeUndefined();
  });
});

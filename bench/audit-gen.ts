/**
 * A generator of realistic EKS audit logs (`audit.k8s.io/v1` Events, one per line), deterministic
 * for a seed: mostly the control plane's own traffic (leases, node status, controllers' watches,
 * kubectl reads), RequestReceived/ResponseComplete pairs, workload creates with bodies, and a small
 * share of events each AUD detection fires on. Used by bench/audit.ts and by the DuckDB equivalence
 * test. `npx tsx bench/audit-gen.ts OUT.ndjson MB [seed]` writes a file.
 */
import { createWriteStream } from 'node:fs';
import { rng } from './_util.js';

const NAMESPACES = [
  'default',
  'kube-system',
  'team-a',
  'team-b',
  'team-c',
  'payments',
  'monitoring',
  'ingress',
];
const USERS = [
  { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
  { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
  { username: 'system:node:ip-10-0-1-23.ec2.internal', groups: ['system:nodes', 'system:authenticated'] },
  { username: 'system:node:ip-10-0-2-45.ec2.internal', groups: ['system:nodes', 'system:authenticated'] },
  {
    username: 'system:serviceaccount:kube-system:aws-node',
    groups: ['system:serviceaccounts', 'system:authenticated'],
  },
  {
    username: 'system:serviceaccount:monitoring:prometheus',
    groups: ['system:serviceaccounts', 'system:authenticated'],
  },
  { username: 'arn:aws:sts::111122223333:assumed-role/dev/alice', groups: ['dev', 'system:authenticated'] },
  { username: 'arn:aws:sts::111122223333:assumed-role/ops/bob', groups: ['ops', 'system:authenticated'] },
  { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] },
  { username: 'system:anonymous', groups: ['system:unauthenticated'] },
];
/** Weighted like a cluster's own traffic: leader-election leases and node status dominate. */
const RESOURCES = [
  ...Array<string>(35).fill('leases'),
  ...Array<string>(15).fill('nodes'),
  ...Array<string>(15).fill('pods'),
  ...Array<string>(10).fill('configmaps'),
  ...Array<string>(10).fill('endpointslices'),
  ...Array<string>(5).fill('events'),
  ...Array<string>(4).fill('deployments'),
  ...Array<string>(3).fill('services'),
  ...Array<string>(3).fill('secrets'),
];
const VERBS = [
  'get',
  'get',
  'get',
  'list',
  'watch',
  'watch',
  'update',
  'update',
  'patch',
  'create',
  'delete',
];
const IPS = ['10.0.1.23', '10.0.2.45', '192.0.2.10', '198.51.100.7', '203.0.113.9'];
const AGENTS = [
  'kube-controller-manager/v1.30.4 (linux/amd64) kubernetes/abc1234/leader-election',
  'kubelet/v1.30.4 (linux/amd64) kubernetes/abc1234',
  'kubectl/v1.30.2 (darwin/arm64) kubernetes/def5678',
  'aws-node/v1.18.3',
];

export interface GenOptions {
  seed?: number;
  /** Share of lines that are malformed (truncated), default 0. */
  malformed?: number;
  start?: number;
}

export function auditGenerator(opts: GenOptions = {}): () => string {
  const r = rng(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  let clock = opts.start ?? Date.UTC(2026, 2, 1);
  const uid = () => {
    const h = () =>
      Math.floor(r() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return `${h()}${h()}-${h()}-4${h().slice(1)}-8${h().slice(1)}-${h()}${h()}${h()}`;
  };
  const podSpec = (kind: number) => {
    const privileged = kind === 1;
    const host = kind === 2;
    return {
      serviceAccountName: 'default',
      containers: [
        {
          name: 'app',
          image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
          securityContext: privileged
            ? { privileged: true }
            : { runAsNonRoot: true, allowPrivilegeEscalation: false },
          volumeMounts: host
            ? [{ name: 'sock', mountPath: '/var/run/docker.sock', readOnly: r() < 0.5 }]
            : [],
        },
      ],
      volumes: host
        ? [{ name: 'sock', hostPath: { path: pick(['/var/run/docker.sock', '/etc', '/data']) } }]
        : [],
    };
  };

  return function next(): string {
    clock += Math.floor(r() * 40);
    const ts = new Date(clock).toISOString().replace('Z', '000Z');
    const x = r();
    const user = x < 0.004 ? USERS[9]! : x < 0.02 ? USERS[8]! : pick(USERS.slice(0, 8));
    let verb = pick(VERBS);
    let resource = pick(RESOURCES);
    let ns: string | undefined = pick(NAMESPACES);
    let name: string | undefined = `${resource.slice(0, -1)}-${Math.floor(r() * 50)}`;
    let subresource: string | undefined;
    let requestObject: unknown;
    const y = r();
    if (y < 0.003) {
      resource = 'pods';
      subresource = pick(['exec', 'attach', 'log']);
      verb = 'create';
      ns = pick(['kube-system', 'default']);
    } else if (y < 0.006) {
      resource = pick(['rolebindings', 'clusterrolebindings']);
      verb = 'create';
      if (resource === 'clusterrolebindings') ns = undefined;
      const subj = pick([
        { kind: 'Group', name: 'system:unauthenticated' },
        { kind: 'ServiceAccount', name: 'default', namespace: ns ?? 'default' },
        { kind: 'User', name: 'alice' },
      ]);
      requestObject = {
        kind: resource === 'rolebindings' ? 'RoleBinding' : 'ClusterRoleBinding',
        apiVersion: 'rbac.authorization.k8s.io/v1',
        metadata: { name, ...(ns ? { namespace: ns } : {}) },
        subjects: [subj],
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: pick(['cluster-admin', 'admin', 'view']),
        },
      };
    } else if (y < 0.012) {
      resource = pick(['pods', 'deployments']);
      verb = 'create';
      const spec = podSpec(Math.floor(r() * 3));
      requestObject =
        resource === 'pods'
          ? { kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: ns }, spec }
          : {
              kind: 'Deployment',
              apiVersion: 'apps/v1',
              metadata: { name, namespace: ns },
              spec: { replicas: 2, template: { spec } },
            };
    } else if (y < 0.013) {
      resource = 'configmaps';
      ns = 'kube-system';
      name = 'aws-auth';
      verb = pick(['get', 'patch', 'update']);
    } else if (y < 0.014) {
      resource = 'services';
      verb = 'create';
      name = pick(['kubernetes-dashboard', 'web']);
      requestObject = {
        kind: 'Service',
        apiVersion: 'v1',
        metadata: { name, namespace: ns },
        spec: {
          type: pick(['LoadBalancer', 'ClusterIP']),
          selector: { 'k8s-app': name },
          ports: [{ port: 443 }],
        },
      };
    }
    if (resource === 'nodes' || (verb === 'list' && r() < 0.3)) ns = undefined;
    if (verb === 'list' || verb === 'watch' || verb === 'create') name = verb === 'create' ? name : undefined;
    const code =
      r() < 0.93 ? (verb === 'create' ? (subresource === 'exec' ? 101 : 201) : 200) : pick([403, 404, 409]);
    const stage = r() < 0.05 ? 'RequestReceived' : 'ResponseComplete';
    const path = ns
      ? `/api/v1/namespaces/${ns}/${resource}${name ? `/${name}` : ''}`
      : `/api/v1/${resource}${name ? `/${name}` : ''}`;
    const event: Record<string, unknown> = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: requestObject ? 'RequestResponse' : 'Metadata',
      auditID: uid(),
      stage,
      requestURI: `${path}${subresource ? `/${subresource}` : ''}${verb === 'watch' ? '?allowWatchBookmarks=true&resourceVersion=123456&timeout=7m41s&watch=true' : ''}`,
      verb,
      user: {
        ...user,
        extra: user.username.startsWith('arn:')
          ? { accessKeyId: ['ASIAEXAMPLE'], sessionName: ['s'] }
          : undefined,
      },
      sourceIPs: [pick(IPS)],
      userAgent: pick(AGENTS),
      objectRef: {
        resource,
        ...(ns ? { namespace: ns } : {}),
        ...(name ? { name } : {}),
        apiVersion: 'v1',
        ...(subresource ? { subresource } : {}),
      },
      ...(stage === 'ResponseComplete' ? { responseStatus: { metadata: {}, code } } : {}),
      ...(requestObject ? { requestObject } : {}),
      requestReceivedTimestamp: ts,
      stageTimestamp: ts,
      annotations: {
        'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow',
        'authorization.k8s.io/reason':
          code === 403
            ? ''
            : 'RBAC: allowed by ClusterRoleBinding "system:controller" of ClusterRole "system:controller" to User',
      },
    };
    const line = JSON.stringify(event);
    if (opts.malformed && r() < opts.malformed) return line.slice(0, Math.floor(line.length / 2));
    return line;
  };
}

/** Writes about `mb` megabytes of events to `out`. */
export async function writeAuditLog(out: string, mb: number, opts: GenOptions = {}): Promise<number> {
  const next = auditGenerator(opts);
  const ws = createWriteStream(out);
  const target = mb * 1024 * 1024;
  let written = 0;
  let lines = 0;
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 2000; i++) {
      chunk += `${next()}\n`;
      lines++;
    }
    written += Buffer.byteLength(chunk);
    if (!ws.write(chunk)) await new Promise<void>((res) => ws.once('drain', () => res()));
  }
  await new Promise<void>((res, rej) => ws.end((e?: Error | null) => (e ? rej(e) : res())));
  return lines;
}

if (process.argv[1]?.endsWith('audit-gen.ts')) {
  const [out, mb, seed] = process.argv.slice(2);
  if (!out || !mb) {
    console.error('usage: tsx bench/audit-gen.ts OUT.ndjson MB [seed]');
    process.exit(2);
  }
  const lines = await writeAuditLog(out, Number(mb), { seed: Number(seed ?? 1) });
  console.log(`${out}: ${lines} events`);
}

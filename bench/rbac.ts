/**
 * The RBAC / identity benchmark: a generated estate of 20,000 RBAC objects (Roles, RoleBindings,
 * a few ClusterRoles and ClusterRoleBindings over 200 namespaces) and 5,000 ServiceAccounts with
 * IRSA roles (one `get-account-authorization-details` dump), plus an aws-auth ConfigMap mapping
 * 500 IAM roles into team groups. Runs `hako rbac principals` and `hako rbac who-can` through the
 * compiled CLI and prints wall time and peak RSS (GNU time), min/median of R runs.
 * Target (issue #10): principals under 5 s and 500 MB on a 2-core machine.
 *
 *   npm run bench:rbac -- [--namespaces N] [--runs R]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { arg, median, OUT, ROOT } from './_util.js';

const NAMESPACES = arg('namespaces', 200);
const RUNS = arg('runs', 3);
/** Per namespace: 50 Roles + 50 RoleBindings (20,000 objects at 200 namespaces), 25 ServiceAccounts. */
const ROLES_PER_NS = 50;
const SAS_PER_NS = 25;
const ACCT = '111122223333';
const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/BENCH';

function namespaceYaml(n: number): string {
  const ns = `team-${n}`;
  const docs: string[] = [];
  for (let s = 0; s < SAS_PER_NS; s++)
    docs.push(`apiVersion: v1
kind: ServiceAccount
metadata:
  name: sa-${s}
  namespace: ${ns}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCT}:role/${ns}-sa-${s}`);
  for (let r = 0; r < ROLES_PER_NS; r++) {
    // one role in ten creates workloads, one in ten execs, the rest read
    const rule =
      r % 10 === 0
        ? '{ apiGroups: [apps], resources: [deployments], verbs: [create, update] }'
        : r % 10 === 1
          ? '{ apiGroups: [""], resources: [pods/exec], verbs: [create] }'
          : `{ apiGroups: [""], resources: [configmaps, services], resourceNames: [cm-${r}], verbs: [get, list] }`;
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: role-${r}, namespace: ${ns} }
rules: [${rule}]`);
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: rb-${r}, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-${r} }
subjects:
  - { kind: Group, name: ${ns}-group-${r % 5}, apiGroup: rbac.authorization.k8s.io }
  - { kind: User, name: ${ns}-user-${r}, apiGroup: rbac.authorization.k8s.io }
  - { kind: ServiceAccount, name: sa-${r % SAS_PER_NS} }`);
  }
  return `${docs.join('\n---\n')}\n`;
}

function iamJson(): string {
  const roles: unknown[] = [];
  for (let n = 0; n < NAMESPACES; n++)
    for (let s = 0; s < SAS_PER_NS; s++) {
      const ns = `team-${n}`;
      // one ServiceAccount in five has a high-impact role
      const actions =
        s % 5 === 0 ? ['s3:GetObject', 'secretsmanager:GetSecretValue'] : ['cloudwatch:PutMetricData'];
      roles.push({
        RoleName: `${ns}-sa-${s}`,
        Arn: `arn:aws:iam::${ACCT}:role/${ns}-sa-${s}`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${HOST}` },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: {
                  [`${HOST}:sub`]: `system:serviceaccount:${ns}:sa-${s}`,
                  [`${HOST}:aud`]: 'sts.amazonaws.com',
                },
              },
            },
          ],
        },
        RolePolicyList: [
          {
            PolicyName: 'app',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
            },
          },
        ],
        AttachedManagedPolicies: [],
      });
    }
  return JSON.stringify({ RoleDetailList: roles }, null, 1);
}

function clusterYaml(): string {
  const entries: string[] = [];
  for (let i = 0; i < 500; i++)
    entries.push(
      `    - rolearn: arn:aws:iam::${ACCT}:role/human-${i}\n      username: human-${i}\n      groups: [team-${i % NAMESPACES}-group-${i % 5}]`,
    );
  return `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
${entries.join('\n')}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: support-exec }
rules: [{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: support-exec }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: support-exec }
subjects: [{ kind: Group, name: support, apiGroup: rbac.authorization.k8s.io }]
`;
}

function generate(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) return;
  mkdirSync(dir, { recursive: true });
  for (let n = 0; n < NAMESPACES; n++)
    writeFileSync(path.join(dir, `ns-${String(n).padStart(4, '0')}.yaml`), namespaceYaml(n));
  writeFileSync(path.join(dir, 'iam.json'), iamJson());
  writeFileSync(path.join(dir, 'cluster.yaml'), clusterYaml());
}

/** One timed run through GNU time: wall ms and peak RSS MB; stdout parsed once for a sanity check. */
function run(args: string[]): { ms: number; cpuMs: number; rssMb: number; stdout: string } {
  const bin = path.join(ROOT, 'bin', 'hako.js');
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`hako ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const [kb, user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  // CPU time next to wall time: on a loaded machine the wall time measures the neighbours too
  return { ms, cpuMs: ((user ?? 0) + (sys ?? 0)) * 1000, rssMb: (kb ?? 0) / 1024, stdout: r.stdout };
}

function main(): void {
  const dir = path.join(OUT, `rbac-${NAMESPACES}`);
  generate(dir);
  const objects = NAMESPACES * ROLES_PER_NS * 2 + 2;
  const sas = NAMESPACES * SAS_PER_NS;
  const cases = [
    ['rbac principals --format json', ['rbac', 'principals', dir, '--format', 'json']],
    [
      'rbac who-can create pods/exec -n team-7',
      ['rbac', 'who-can', 'create', 'pods/exec', '-n', 'team-7', dir, '--format', 'json'],
    ],
  ] as const;
  const first = JSON.parse(run([...cases[0][1]]).stdout) as {
    principals: { paths: unknown[] }[];
    errors: unknown[];
  };
  const paths = first.principals.reduce((n, p) => n + p.paths.length, 0);
  if (first.errors.length > 0) throw new Error('hako did not read every file');
  console.log(
    `${objects} RBAC objects, ${sas} ServiceAccounts/roles, 500 aws-auth entries over ${NAMESPACES} namespaces; ` +
      `${first.principals.length} principals, ${paths} paths; nproc ${cpus().length}`,
  );
  const rows = cases.map(([name, args]) => {
    const runs = Array.from({ length: RUNS }, () => run([...args]));
    const ms = runs.map((r) => r.ms);
    const rss = Math.max(...runs.map((r) => r.rssMb));
    const cpu = median(runs.map((r) => r.cpuMs));
    console.log(
      `${name.padEnd(44)} median ${Math.round(median(ms))} ms  min ${Math.round(Math.min(...ms))} ms  cpu ${Math.round(cpu)} ms  peak RSS ${Math.round(rss)} MB`,
    );
    return {
      name,
      medianMs: Math.round(median(ms)),
      minMs: Math.round(Math.min(...ms)),
      peakRssMb: Math.round(rss),
    };
  });
  writeFileSync(
    path.join(OUT, 'rbac-results.json'),
    `${JSON.stringify({ objects, serviceAccounts: sas, principals: first.principals.length, paths, nproc: cpus().length, node: process.version, rows }, null, 2)}\n`,
  );
}

main();

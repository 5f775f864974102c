/**
 * The identity estate (examples/identity: one EKS cluster, three namespaces, five ServiceAccounts
 * with IRSA or Pod Identity roles, aws-auth and access entries, RBAC): the exact paths
 * `hako rbac principals --format json` reports, hop by hop, and the exact `who-can` answers.
 */
import { describe, expect, it } from 'vitest';
import type { PrincipalsJson, WhoCanJson } from '../../src/cli/rbac.js';
import { hako } from '../helpers/cli.js';

const DIR = 'examples/identity';
const A = 'arn:aws:iam::777788889999';

function principals(): PrincipalsJson {
  const r = hako(['rbac', 'principals', DIR, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PrincipalsJson;
}

const who = (...args: string[]) => {
  const r = hako(['rbac', 'who-can', ...args, DIR, '--format', 'json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as WhoCanJson).subjects.map(
    (s) => `${s.kind}:${s.namespace ? `${s.namespace}/` : ''}${s.name}`,
  );
};

describe('the identity estate', () => {
  const out = principals();

  it('lists every principal, sorted, with where it is written', () => {
    expect(out.errors).toEqual([]);
    expect(
      out.principals.map((p) => [
        p.kind,
        p.name,
        p.namespace ?? '',
        p.source ? `${p.source.file}:${p.source.line}` : '',
      ]),
    ).toEqual([
      ['IamPrincipal', `${A}:role/auditor`, '', `${DIR}/terraform/access.tf:36`],
      ['IamPrincipal', `${A}:role/payments-dev`, '', `${DIR}/terraform/access.tf:20`],
      ['IamPrincipal', `${A}:role/platform-oncall`, '', `${DIR}/terraform/access.tf:5`],
      ['IamPrincipal', `${A}:role/shop-node`, '', `${DIR}/k8s/aws-auth.yaml:10`],
      ['IamPrincipal', `${A}:role/storefront-dev`, '', `${DIR}/k8s/aws-auth.yaml:15`],
      ['IamPrincipal', `${A}:user/release-bot`, '', `${DIR}/k8s/aws-auth.yaml:20`],
      ['Group', 'ci-deployers', '', `${DIR}/k8s/rbac.yaml:40`],
      ['Group', 'storefront-devs', '', `${DIR}/k8s/rbac.yaml:14`],
      ['Group', 'support', '', `${DIR}/k8s/rbac.yaml:65`],
      ['ServiceAccount', 'deployer', 'platform', `${DIR}/k8s/rbac.yaml:90`],
    ]);
  });

  it('reports exactly these paths to AWS permissions', () => {
    const paths = out.principals.flatMap((p) =>
      p.paths.map(
        (x) => `${p.kind}:${p.name} -> ${x.serviceAccount} ${x.role} (${x.via}) [${x.actions.join(',')}]`,
      ),
    );
    const reporter = `payments/reporter ${A}:role/payments-reporter (irsa) [s3:GetObject,s3:PutObject]`;
    const worker = `payments/worker ${A}:role/payments-worker (podIdentity) [secretsmanager:GetSecretValue,kms:Decrypt]`;
    const deployer = `platform/deployer ${A}:role/platform-deployer (irsa) [admin]`;
    expect(paths).toEqual([
      `IamPrincipal:${A}:role/payments-dev -> ${reporter}`,
      `IamPrincipal:${A}:role/payments-dev -> ${worker}`,
      `IamPrincipal:${A}:role/platform-oncall -> ${reporter}`,
      `IamPrincipal:${A}:role/platform-oncall -> ${worker}`,
      `IamPrincipal:${A}:role/platform-oncall -> ${deployer}`,
      `IamPrincipal:${A}:user/release-bot -> ${deployer}`,
      `Group:ci-deployers -> ${deployer}`,
      `Group:support -> ${reporter}`,
      `Group:support -> ${worker}`,
      `Group:support -> ${deployer}`,
      `ServiceAccount:deployer -> ${reporter}`,
    ]);
  });

  it('gives each path hop by hop with file and line (IAM user → aws-auth → group → binding → role → rule → SA → role)', () => {
    const bot = out.principals.find((p) => p.name === `${A}:user/release-bot`)!;
    expect(bot.paths[0]!.hops.map((h) => [h.kind, h.name, h.file ? `${h.file}:${h.line}` : ''])).toEqual([
      ['IamPrincipal', `${A}:user/release-bot`, `${DIR}/k8s/aws-auth.yaml:20`],
      ['AwsAuthEntry', 'mapUsers', `${DIR}/k8s/aws-auth.yaml:20`],
      ['Group', 'ci-deployers', ''],
      ['RoleBinding', 'ci-deployers', `${DIR}/k8s/rbac.yaml:30`],
      ['ClusterRole', 'shop-deployer', `${DIR}/k8s/rbac.yaml:18`],
      ['Rule', 'get,list,create,update,patch deployments (apps)', `${DIR}/k8s/rbac.yaml:23`],
      ['Capability', 'create apps/deployments', `${DIR}/k8s/rbac.yaml:23`],
      ['ServiceAccount', 'deployer', `${DIR}/k8s/serviceaccounts.yaml:31`],
      ['IrsaAnnotation', `${A}:role/platform-deployer`, `${DIR}/k8s/serviceaccounts.yaml:37`],
      ['IamRole', 'platform-deployer', `${DIR}/terraform/roles.tf:69`],
      ['Actions', 'admin', `${DIR}/terraform/roles.tf:89`],
    ]);
    const dev = out.principals.find((p) => p.name === `${A}:role/payments-dev`)!;
    expect(dev.paths[1]!.hops.map((h) => h.kind)).toEqual([
      'IamPrincipal',
      'AccessEntry',
      'AccessPolicy',
      'Rule',
      'Capability',
      'ServiceAccount',
      'PodIdentityAssociation',
      'IamRole',
      'Actions',
    ]);
    expect(dev.permissions).toEqual([expect.objectContaining({ scope: 'payments', level: 'write' })]);
    const oncall = out.principals.find((p) => p.name === `${A}:role/platform-oncall`)!;
    expect(oncall.permissions[0]).toMatchObject({ scope: '*', level: 'cluster-admin' });
    // the EC2_LINUX entry gets system:nodes (Node authorizer), its access policy grants nothing
    const node = out.principals.find((p) => p.name === `${A}:role/shop-node`)!;
    expect(node.paths).toEqual([]);
  });

  it.each([
    [
      'create',
      'pods',
      'payments',
      [
        `IamPrincipal:${A}:role/payments-dev`,
        `IamPrincipal:${A}:role/platform-oncall`,
        'Group:system:masters',
      ],
    ],
    [
      'create',
      'pods/exec',
      'platform',
      [`IamPrincipal:${A}:role/platform-oncall`, 'Group:support', 'Group:system:masters'],
    ],
    [
      'create',
      'apps/deployments',
      'platform',
      [
        `IamPrincipal:${A}:role/platform-oncall`,
        `IamPrincipal:${A}:user/release-bot`,
        'Group:ci-deployers',
        'Group:system:masters',
      ],
    ],
    [
      'impersonate',
      'serviceaccounts',
      'payments',
      [
        `IamPrincipal:${A}:role/payments-dev`,
        `IamPrincipal:${A}:role/platform-oncall`,
        'Group:system:masters',
      ],
    ],
    [
      'list',
      'secrets',
      'storefront',
      [
        `IamPrincipal:${A}:role/platform-oncall`,
        `IamPrincipal:${A}:role/storefront-dev`,
        'Group:storefront-devs',
        'Group:system:masters',
      ],
    ],
  ])('who can %s %s in %s', (verb, resource, ns, expected) => {
    expect([...new Set(who(verb, resource, '-n', ns))]).toEqual(expected);
  });

  it('the text output prints each path hop by hop', () => {
    const r = hako(['rbac', 'principals', DIR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `  path to ${A}:role/platform-deployer (irsa, ServiceAccount platform/deployer): admin\n    1. IAM principal  ${DIR}/k8s/aws-auth.yaml:20`,
    );
    expect(r.stdout).toMatch(/10 principals, 11 paths to AWS permissions\n$/);
  });
});

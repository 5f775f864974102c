/** Paths from Kubernetes subjects and IAM principals to AWS permissions (RBAC-008's engine). */
import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { emptyState, type State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { identityPaths, summarise } from './paths.js';

await initHcl();

const ACCT = '111122223333';
const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const roleArn = (n: string) => `arn:aws:iam::${ACCT}:role/${n}`;

/** A complete role (get-account-authorization-details) trusted by one ServiceAccount through IRSA. */
const irsaRole = (name: string, ns: string, sa: string, actions: string[]) => ({
  RoleName: name,
  Arn: roleArn(name),
  AssumeRolePolicyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${HOST}:sub`]: `system:serviceaccount:${ns}:${sa}`,
            [`${HOST}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  },
  RolePolicyList: [
    {
      PolicyName: 'p',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
      },
    },
  ],
  AttachedManagedPolicies: [],
});

const sa = (ns: string, name: string, role?: string) =>
  `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${ns}
${role ? `  annotations:\n    eks.amazonaws.com/role-arn: ${roleArn(role)}\n` : ''}---
`;

const rule = (kind: 'Role' | 'ClusterRole', name: string, rules: string, ns = 'shop') =>
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}${kind === 'Role' ? `, namespace: ${ns}` : ''} }
rules: ${rules}
---
`;
const bind = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  roleKind: string,
  roleName: string,
  subject: string,
  ns = 'shop',
) =>
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: b-${roleName}${kind === 'RoleBinding' ? `, namespace: ${ns}` : ''} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${roleName} }
subjects: [${subject}]
---
`;
const DEV = '{ kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }';

const BASE =
  sa('shop', 'api', 'shop-admin') +
  sa('shop', 'web', 'shop-read') +
  sa('shop', 'plain') +
  sa('billing', 'bill', 'billing-admin');
const ROLES = [
  irsaRole('shop-admin', 'shop', 'api', ['*']),
  irsaRole('shop-read', 'shop', 'web', ['cloudwatch:GetMetricData']),
  irsaRole('billing-admin', 'billing', 'bill', ['secretsmanager:GetSecretValue']),
];

function stateOf(rbac: string, tf = ''): State {
  const state = emptyState();
  adaptText('k8s.yaml', 'yaml', BASE + rbac, state);
  adaptText('iam.json', 'json', json({ RoleDetailList: ROLES }), state);
  if (tf) adaptTerraform([{ display: 'main.tf', text: tf }], state);
  return state;
}

const summary = (state: State) =>
  identityPaths(state)
    .all()
    .map(
      (p) =>
        `${p.subject.kind}:${p.subject.name} ${p.request} ${p.serviceAccount.namespace}/${p.serviceAccount.name} ${p.actions.join(',')}`,
    );

describe('identityPaths', () => {
  it.each([
    [
      'create pods in the namespace',
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs create pods shop/api admin'],
    ],
    [
      'create deployments',
      rule('Role', 'r', '[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs create apps/deployments shop/api admin'],
    ],
    [
      'create cronjobs',
      rule('Role', 'r', '[{ apiGroups: [batch], resources: [cronjobs], verbs: ["*"] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs create batch/cronjobs shop/api admin'],
    ],
    [
      'exec',
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs create pods/exec shop/api admin'],
    ],
    [
      'get pods/exec (version unknown: exec-capable)',
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods/exec], verbs: [get] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs get pods/exec shop/api admin'],
    ],
    [
      'attach',
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods/attach], verbs: [create] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs create pods/attach shop/api admin'],
    ],
    [
      'token of that ServiceAccount only',
      rule(
        'Role',
        'r',
        '[{ apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [api], verbs: [create] }]',
      ) + bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs create serviceaccounts/token shop/api admin'],
    ],
    [
      'token of another ServiceAccount',
      rule(
        'Role',
        'r',
        '[{ apiGroups: [""], resources: [serviceaccounts/token], resourceNames: [web], verbs: [create] }]',
      ) + bind('RoleBinding', 'Role', 'r', DEV),
      [],
    ],
    [
      'impersonate serviceaccounts',
      rule('Role', 'r', '[{ apiGroups: [""], resources: [serviceaccounts], verbs: [impersonate] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs impersonate serviceaccounts shop/api admin'],
    ],
    [
      'impersonate users cluster-wide reaches every namespace',
      rule('ClusterRole', 'r', '[{ apiGroups: [""], resources: [users], verbs: [impersonate] }]') +
        bind('ClusterRoleBinding', 'ClusterRole', 'r', DEV),
      [
        'Group:devs impersonate users billing/bill secretsmanager:GetSecretValue',
        'Group:devs impersonate users shop/api admin',
      ],
    ],
    [
      'read-only rights on pods open nothing',
      rule(
        'Role',
        'r',
        '[{ apiGroups: ["", apps], resources: [pods, deployments, serviceaccounts], verbs: [get, list, watch] }]',
      ) + bind('RoleBinding', 'Role', 'r', DEV),
      [],
    ],
    [
      'get on * resources includes get pods/exec',
      rule('Role', 'r', '[{ apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      ['Group:devs get pods/exec shop/api admin'],
    ],
    [
      'pods/log is not exec',
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods/log, pods], verbs: [get] }]') +
        bind('RoleBinding', 'Role', 'r', DEV),
      [],
    ],
    [
      'edit (built-in, aggregated) in another namespace',
      bind('RoleBinding', 'ClusterRole', 'edit', DEV, 'billing'),
      ['Group:devs create pods billing/bill secretsmanager:GetSecretValue'],
    ],
    [
      'cluster-admin through a ClusterRoleBinding',
      bind(
        'ClusterRoleBinding',
        'ClusterRole',
        'cluster-admin',
        '{ kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }',
      ),
      [
        'User:alice create pods billing/bill secretsmanager:GetSecretValue',
        'User:alice create pods shop/api admin',
      ],
    ],
  ])('%s', (_n, rbac, expected) => {
    expect(summary(stateOf(rbac))).toEqual(expected);
  });

  it('an IAM principal mapped by aws-auth into system:masters, hop by hop with lines', () => {
    const cm = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/ops
      username: ops
      groups: [system:masters]
---
`;
    const paths = identityPaths(stateOf(cm)).all();
    expect(paths.map((p) => `${p.subject.name} ${p.serviceAccount.name}`)).toEqual([
      'arn:aws:iam::111122223333:role/ops bill',
      'arn:aws:iam::111122223333:role/ops api',
    ]);
    const p = paths[1]!;
    expect(p.hops.map((h) => [h.kind, h.src?.startLine])).toEqual([
      ['IamPrincipal', 36],
      ['AwsAuthEntry', 36],
      ['Group', undefined],
      ['Bypass', undefined],
      ['Capability', undefined],
      ['ServiceAccount', 1],
      ['IrsaAnnotation', 7],
      ['IamRole', expect.any(Number)],
      ['Actions', expect.any(Number)],
    ]);
    expect(p.opening?.resource.ref.kind).toBe('ConfigMap');
    expect(p.own).toBe(true);
  });

  it('an access entry with a namespace-scoped access policy (Terraform) reaches that namespace only', () => {
    const tf = `resource "aws_eks_access_entry" "dev" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/dev"
}

resource "aws_eks_access_policy_association" "dev" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/dev"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["billing"]
  }
}
`;
    const paths = identityPaths(stateOf('', tf)).all();
    expect(
      paths.map((p) => [
        p.subject.name,
        p.serviceAccount.name,
        p.hops.find((h) => h.kind === 'AccessPolicy')?.src?.startLine,
      ]),
    ).toEqual([['arn:aws:iam::111122223333:role/dev', 'bill', 6]]);
    expect(paths[0]!.opening?.src.startLine).toBe(6);
  });

  it('a binding to system:authenticated reaches every principal, but only the group path is its own', () => {
    const rbac =
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]') +
      bind(
        'RoleBinding',
        'Role',
        'r',
        '{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }',
      ) +
      bind('RoleBinding', 'ClusterRole', 'view', DEV);
    const paths = identityPaths(stateOf(rbac)).all();
    expect(paths.map((p) => [p.subject.name, p.own])).toEqual([
      ['devs', false],
      ['system:authenticated', true],
    ]);
  });

  it('an implicit-group grant and an own grant to the same request: the path is the own one, in either order', () => {
    const rules =
      rule('Role', 'r1', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]') +
      rule('Role', 'r2', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]');
    const implicitFirst =
      rules +
      bind(
        'RoleBinding',
        'Role',
        'r1',
        '{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }',
      ) +
      bind('RoleBinding', 'Role', 'r2', DEV);
    const ownFirst =
      rules +
      bind('RoleBinding', 'Role', 'r2', DEV) +
      bind(
        'RoleBinding',
        'Role',
        'r1',
        '{ kind: Group, name: system:authenticated, apiGroup: rbac.authorization.k8s.io }',
      );
    for (const rbac of [implicitFirst, ownFirst]) {
      const paths = identityPaths(stateOf(rbac))
        .all()
        .filter((p) => p.subject.name === 'devs');
      expect(
        paths.map((p) => [p.subject.name, p.own, p.hops.some((h) => h.name === 'system:authenticated')]),
      ).toEqual([['devs', true, false]]);
    }
  });

  it('a role without high-impact actions, a trust that does not admit, or a non-effective link opens nothing', () => {
    const rbac =
      rule('Role', 'r', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]') +
      bind('RoleBinding', 'Role', 'r', DEV);
    const state = emptyState();
    adaptText(
      'k8s.yaml',
      'yaml',
      sa('shop', 'web', 'shop-read') + sa('shop', 'other', 'shop-admin') + rbac,
      state,
    );
    adaptText('iam.json', 'json', json({ RoleDetailList: ROLES }), state);
    expect(identityPaths(state).all()).toEqual([]);
  });

  it('summarises permissions per scope', () => {
    const rbac =
      bind('RoleBinding', 'ClusterRole', 'edit', DEV) +
      bind('ClusterRoleBinding', 'ClusterRole', 'view', DEV);
    const ip = identityPaths(stateOf(rbac));
    const s = summarise(ip.permissionsOf({ kind: 'Group', name: 'devs' }));
    expect(s.map((x) => [x.scope, x.level])).toEqual([
      ['*', 'read'],
      ['shop', 'write'],
    ]);
    expect(s[1]!.escalation).toEqual(
      expect.arrayContaining(['create pods', 'create pods/exec', 'impersonate']),
    );
  });
});

describe('identityPaths: shared work across subjects', () => {
  const rbac =
    rule('Role', 'r', '[{ apiGroups: [""], resources: [pods], verbs: [create] }]') +
    bind(
      'RoleBinding',
      'Role',
      'r',
      `${DEV}, { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }`,
    ) +
    rule('ClusterRole', 'exec', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]') +
    bind(
      'ClusterRoleBinding',
      'ClusterRole',
      'exec',
      '{ kind: User, name: bob, apiGroup: rbac.authorization.k8s.io }',
    );
  const devs = { kind: 'Group', name: 'devs' } as const;
  const alice = { kind: 'User', name: 'alice' } as const;
  const bob = { kind: 'User', name: 'bob' } as const;

  it('asked in any order, each subject gets its own grants and paths (as from a fresh walk)', () => {
    const state = stateOf(rbac);
    const fresh = (p: typeof devs | typeof alice | typeof bob) => {
      const ip = identityPaths(state);
      return { grants: ip.permissionsOf(p), paths: ip.pathsOf(p) };
    };
    const ip = identityPaths(state);
    const interleaved = [
      ip.permissionsOf(bob),
      ip.permissionsOf(devs),
      ip.pathsOf(bob),
      ip.pathsOf(alice),
      ip.permissionsOf(alice),
      ip.pathsOf(devs),
    ];
    expect(interleaved).toEqual([
      fresh(bob).grants,
      fresh(devs).grants,
      fresh(bob).paths,
      fresh(alice).paths,
      fresh(alice).grants,
      fresh(devs).paths,
    ]);
    expect(
      ip.pathsOf(bob).map((p) => `${p.request} ${p.serviceAccount.namespace}/${p.serviceAccount.name}`),
    ).toEqual(['create pods/exec billing/bill', 'create pods/exec shop/api']);
  });

  it('two subjects through the same binding share its hops; each path keeps its own capability and ServiceAccount hops', () => {
    const ip = identityPaths(stateOf(rbac));
    const [a] = ip.pathsOf(alice);
    const [d] = ip.pathsOf(devs);
    expect(a?.hops.map((h) => h.kind)).toEqual([
      'RoleBinding',
      'Role',
      'Rule',
      'Capability',
      'ServiceAccount',
      'IrsaAnnotation',
      'IamRole',
      'Actions',
    ]);
    // after the subject's own hop (devs: its Group hop), the same objects
    expect(d?.hops.slice(1)).toEqual(a?.hops);
    for (const [i, h] of (a?.hops ?? []).entries()) expect(d?.hops[i + 1]).toBe(h);
    const [b] = ip.pathsOf(bob).filter((p) => p.serviceAccount.name === 'api');
    expect(b?.hops[4]?.detail).toBe('acts as ServiceAccount shop/api');
    expect(a?.hops[4]?.detail).toBe('runs a pod as ServiceAccount shop/api');
    expect(b?.hops.slice(5)).toEqual(a?.hops.slice(5));
  });
});

import { describe, expect, it } from 'vitest';
import { initHcl } from '../../parse/hcl/syntax.js';
import { can, permissionsOf, whoCan } from './query.js';
import { binding, graphOf, role } from './test-helpers.js';
import type { Principal, RbacRequest } from './types.js';

await initHcl();

const SA = (name: string, ns?: string) =>
  `[{ kind: ServiceAccount, name: ${name}${ns ? `, namespace: ${ns}` : ''} }]`;
const USER = (name: string) => `[{ kind: User, name: ${name}, apiGroup: rbac.authorization.k8s.io }]`;
const GROUP = (name: string) => `[{ kind: Group, name: "${name}", apiGroup: rbac.authorization.k8s.io }]`;

const getPods = (namespace: string): RbacRequest => ({
  verb: 'get',
  resource: 'pods',
  name: 'foo',
  namespace,
});

describe('bindings and scope (kubernetes-rbac.md §2, test cases 1, 2, 13, 17, 18)', () => {
  const g = graphOf(
    role('Role', 'reader', '[{ apiGroups: [""], resources: [pods, nodes], verbs: [get] }]') +
      binding('RoleBinding', 'read', 'Role', 'reader', USER('alice')) +
      role(
        'ClusterRole',
        'ns-get',
        '[{ apiGroups: [""], resources: [namespaces], verbs: [get] }, { nonResourceURLs: [/metrics], verbs: [get] }]',
      ) +
      binding('RoleBinding', 'ns', 'ClusterRole', 'ns-get', USER('bob'), 'foo'),
  );
  const alice: Principal = { kind: 'User', name: 'alice' };
  const bob: Principal = { kind: 'User', name: 'bob' };
  it('grants in the binding namespace only', () => {
    expect(can(g, alice, getPods('a')).allowed).toBe(true);
    expect(can(g, alice, getPods('b')).allowed).toBe(false);
  });
  it('a Role listing a cluster-scoped resource grants nothing', () => {
    expect(can(g, alice, { verb: 'get', resource: 'nodes', name: 'n1', namespace: '' }).allowed).toBe(false);
  });
  it('a RoleBinding to a ClusterRole grants its namespace object, not others, and no URLs', () => {
    expect(can(g, bob, { verb: 'get', resource: 'namespaces', name: 'foo', namespace: 'foo' }).allowed).toBe(
      true,
    );
    expect(can(g, bob, { verb: 'get', resource: 'namespaces', name: 'bar', namespace: 'bar' }).allowed).toBe(
      false,
    );
    expect(can(g, bob, { verb: 'get', path: '/metrics' }).allowed).toBe(false);
  });
  it('user names are case-sensitive (test case 25)', () => {
    expect(can(g, { kind: 'User', name: 'Alice' }, getPods('a')).allowed).toBe(false);
  });
});

describe('subjects (§3, test cases 19, 20, 21, 23)', () => {
  const g = graphOf(
    role('Role', 'reader', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]', 'prod') +
      binding('RoleBinding', 'read', 'Role', 'reader', SA('app'), 'prod') +
      role('ClusterRole', 'lister', '[{ apiGroups: [""], resources: [configmaps], verbs: [list] }]') +
      binding('ClusterRoleBinding', 'all-sa', 'ClusterRole', 'lister', GROUP('system:serviceaccounts')) +
      binding('ClusterRoleBinding', 'bad', 'ClusterRole', 'lister', SA('nons')),
  );
  it('a RoleBinding ServiceAccount subject without namespace takes the binding namespace', () => {
    expect(can(g, { kind: 'ServiceAccount', name: 'app', namespace: 'prod' }, getPods('prod')).allowed).toBe(
      true,
    );
    expect(can(g, { kind: 'ServiceAccount', name: 'app', namespace: 'dev' }, getPods('prod')).allowed).toBe(
      false,
    );
  });
  it('a ServiceAccount matches its user name too', () => {
    const g2 = graphOf(
      role('Role', 'reader', '[{ apiGroups: [""], resources: [pods], verbs: [get] }]', 'prod') +
        binding('RoleBinding', 'read', 'Role', 'reader', USER('system:serviceaccount:prod:app'), 'prod'),
    );
    expect(can(g2, { kind: 'ServiceAccount', name: 'app', namespace: 'prod' }, getPods('prod')).allowed).toBe(
      true,
    );
  });
  it('system:serviceaccounts grants every ServiceAccount', () => {
    const req = { verb: 'list', resource: 'configmaps', namespace: 'x' };
    expect(can(g, { kind: 'ServiceAccount', name: 'any', namespace: 'x' }, req).allowed).toBe(true);
    expect(can(g, { kind: 'User', name: 'human' }, req).allowed).toBe(false);
  });
  it('a ClusterRoleBinding ServiceAccount subject without namespace is rejected', () => {
    expect(g.bindingProblems.map((p) => [p.binding.name, p.code])).toEqual([['bad', 'subjectNamespace']]);
    expect(g.clusterRoleBindings.some((b) => b.name === 'bad')).toBe(false);
  });
  it('system:masters is allowed everything without bindings', () => {
    const r = can(
      g,
      { kind: 'Group', name: 'system:masters' },
      { verb: 'delete', resource: 'nodes', name: 'n', namespace: '' },
    );
    expect(r.allowed).toBe(true);
    expect(r.grants[0]?.via.at(-1)).toEqual({ kind: 'Bypass', name: 'system:masters' });
  });
});

describe('validation (§5, test cases 4, 14, 15, 24)', () => {
  const g = graphOf(
    role('ClusterRole', 'empty-verbs', '[{ apiGroups: [""], resources: [secrets], verbs: [] }]') +
      binding('ClusterRoleBinding', 'ev', 'ClusterRole', 'empty-verbs', USER('u1')) +
      role('Role', 'urls', '[{ nonResourceURLs: [/metrics], verbs: [get] }]') +
      role('ClusterRole', 'logs', '[{ apiGroups: [""], resources: [pods/logs, pods/log], verbs: [get] }]') +
      binding('ClusterRoleBinding', 'logs', 'ClusterRole', 'logs', USER('u2')) +
      binding('ClusterRoleBinding', 'dangling', 'ClusterRole', 'missing', USER('u3')),
  );
  it('records rejected rules and unknown subresources', () => {
    expect(g.problems.map((p) => [p.role.name, p.code, p.rejected, p.value ?? ''])).toEqual([
      ['empty-verbs', 'emptyVerbs', true, ''],
      ['logs', 'unknownSubresource', false, 'pods/logs'],
      ['urls', 'urlsInRole', true, ''],
    ]);
  });
  it('a rejected role grants nothing; pods/logs grants nothing, pods/log does', () => {
    expect(
      whoCan(g, { verb: 'list', resource: 'secrets', namespace: '' }).map((a) => a.subject.name),
    ).toEqual(['system:masters']);
    const u2 = { kind: 'User', name: 'u2' } as const;
    expect(
      can(g, u2, { verb: 'get', resource: 'pods', subresource: 'logs', name: 'p', namespace: 'a' }).allowed,
    ).toBe(false);
    expect(
      can(g, u2, { verb: 'get', resource: 'pods', subresource: 'log', name: 'p', namespace: 'a' }).allowed,
    ).toBe(true);
  });
  it('a dangling roleRef grants nothing', () => {
    expect(
      permissionsOf(g, { kind: 'User', name: 'u3' }).filter((p) => p.via.some((h) => h.name === 'dangling')),
    ).toEqual([]);
  });
});

describe('aggregation (§6, test cases 26, 27, 28)', () => {
  const AGG = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: agg }
aggregationRule:
  clusterRoleSelectors: [{ matchLabels: { x: "true" } }]
rules: []
---
`;
  const g = graphOf(
    AGG +
      role(
        'ClusterRole',
        'p1',
        '[{ apiGroups: [""], resources: [secrets], verbs: [get] }]',
        'a',
        '{ x: "true" }',
      ) +
      role(
        'ClusterRole',
        'p2',
        '[{ apiGroups: [""], resources: [secrets], verbs: [get] }, { apiGroups: [""], resources: [pods], verbs: [list] }]',
        'a',
        '{ x: "true" }',
      ) +
      role(
        'ClusterRole',
        'to-view',
        '[{ apiGroups: [example.com], resources: [widgets], verbs: [get] }]',
        'a',
        '{ rbac.authorization.k8s.io/aggregate-to-view: "true" }',
      ) +
      binding('RoleBinding', 'agg', 'ClusterRole', 'agg', USER('dev')),
  );
  it('fills an aggregated role with the deduplicated union (aggregation pulls secrets in)', () => {
    expect(g.clusterRoles.get('agg')?.rules.map((r) => [r.from.name, r.resources.join()])).toEqual([
      ['p1', 'secrets'],
      ['p2', 'pods'],
    ]);
    expect(
      can(g, { kind: 'User', name: 'dev' }, { verb: 'get', resource: 'secrets', name: 's', namespace: 'a' })
        .allowed,
    ).toBe(true);
  });
  it('reaches a fixed point through view ⊂ edit ⊂ admin', () => {
    for (const name of ['view', 'edit', 'admin'])
      expect(
        g.clusterRoles.get(name)?.rules.some((r) => r.resources.includes('widgets')),
        name,
      ).toBe(true);
    expect(g.clusterRoles.get('view')?.rules.some((r) => r.resources.includes('secrets'))).toBe(false);
    expect(g.clusterRoles.get('edit')?.rules.some((r) => r.resources.includes('secrets'))).toBe(true);
  });
  it('an empty selector takes every ClusterRole, cluster-admin included', () => {
    const g2 = graphOf(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: everything }
aggregationRule: { clusterRoleSelectors: [{}] }
`);
    expect(
      g2.clusterRoles
        .get('everything')
        ?.rules.some((r) => r.verbs.includes('*') && r.resources.includes('*')),
    ).toBe(true);
  });
});

describe('defaults and overrides (§6, §8)', () => {
  it('a scanned ClusterRole replaces the default of the same name and its aggregation', () => {
    const g = graphOf(
      role('ClusterRole', 'edit', '[{ apiGroups: [""], resources: [configmaps], verbs: [get] }]'),
    );
    expect(g.clusterRoles.get('edit')?.rules.map((r) => r.resources.join())).toEqual(['configmaps']);
    // admin aggregates the scanned edit now (it keeps no aggregate-to-admin label): no secrets
    expect(g.clusterRoles.get('admin')?.rules.some((r) => r.resources.includes('secrets'))).toBe(false);
  });
  it('hand-written rules of an aggregated role are replaced; matchExpressions select', () => {
    const g = graphOf(`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: agg }
aggregationRule:
  clusterRoleSelectors: [{ matchExpressions: [{ key: tier, operator: In, values: [ops] }] }]
rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]
---
${role('ClusterRole', 'ops-read', '[{ apiGroups: [""], resources: [events], verbs: [list] }]', 'a', '{ tier: ops }')}`);
    expect(g.clusterRoles.get('agg')?.rules.map((r) => r.resources.join())).toEqual(['events']);
  });
  it('view is bound through the default roles: view reads pods, not secrets (test case 34)', () => {
    const g = graphOf(binding('ClusterRoleBinding', 'v', 'ClusterRole', 'view', GROUP('readers')));
    const readers = { kind: 'Group', name: 'readers' } as const;
    expect(can(g, readers, { verb: 'list', resource: 'pods', namespace: 'x' }).allowed).toBe(true);
    expect(can(g, readers, { verb: 'list', resource: 'secrets', namespace: 'x' }).allowed).toBe(false);
  });
});

describe('whoCan', () => {
  const g = graphOf(
    role('ClusterRole', 'exec', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]') +
      binding('RoleBinding', 'exec', 'ClusterRole', 'exec', GROUP('devs'), 'shop') +
      binding('ClusterRoleBinding', 'ops', 'ClusterRole', 'exec', SA('ops', 'tools')),
  );
  it('answers subjects with the binding → role → rule chain, sorted', () => {
    const r = whoCan(g, { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop' });
    expect(r.map((a) => `${a.subject.kind}:${a.subject.name}`)).toEqual([
      'Group:devs',
      'Group:system:masters',
      'ServiceAccount:ops',
    ]);
    expect(r[0]?.via.map((h) => `${h.kind}:${h.name}@${h.src?.startLine ?? '-'}`)).toEqual([
      'Group:devs@10',
      'RoleBinding:exec@6',
      'ClusterRole:exec@1',
      'Rule:create pods/exec (core)@4',
    ]);
  });
  it('a RoleBinding answers only in its namespace', () => {
    const r = whoCan(g, { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'other' });
    expect(r.map((a) => a.subject.name)).toEqual(['system:masters', 'ops']);
  });
  it('default bindings answer: discovery for system:authenticated', () => {
    const r = whoCan(g, { verb: 'get', path: '/version' });
    expect(r.map((a) => a.subject.name)).toEqual([
      'system:authenticated',
      'system:authenticated',
      'system:masters',
      'system:unauthenticated',
    ]);
  });
});

describe('EKS principals (issue item 7)', () => {
  const AUTH = `apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/admin
      username: admin
      groups: [system:masters]
    - rolesArn: arn:aws:iam::111122223333:role/dropped
      username: dropped
      groups: [system:masters]
    - rolearn: arn:aws:iam::111122223333:role/dev
      username: dev:{{SessionName}}
      groups: [devs]
---
`;
  const TF = `
resource "aws_eks_access_entry" "ci" {
  cluster_name      = "prod"
  principal_arn     = "arn:aws:iam::111122223333:role/ci"
  kubernetes_groups = ["deployers"]
}
resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["team-*"]
  }
}
resource "aws_eks_access_entry" "node" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/node"
  type          = "EC2_LINUX"
}
resource "aws_eks_access_policy_association" "node" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/node"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope { type = "cluster" }
}
`;
  const g = graphOf(
    AUTH +
      role('ClusterRole', 'exec', '[{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]') +
      binding('RoleBinding', 'exec', 'ClusterRole', 'exec', GROUP('devs'), 'shop'),
    TF,
  );
  const arn = (n: string) => `arn:aws:iam::111122223333:role/${n}`;
  it('maps aws-auth entries (dropped entries grant nothing) and access entries', () => {
    expect(g.principals.map((p) => [p.arn, p.username, p.groups.map((x) => x.name).join()])).toEqual([
      [arn('admin'), 'admin', 'system:masters'],
      [arn('dev'), 'dev:{{SessionName}}', 'devs'],
      [arn('ci'), 'arn:aws:sts::111122223333:assumed-role/ci/{{SessionName}}', 'deployers'],
      [arn('node'), 'system:node:{{EC2PrivateDNSName}}', 'system:nodes'],
    ]);
    expect(g.principals.find((p) => p.arn === arn('node'))?.policies).toEqual([]);
  });
  it('who-can answers IAM principals with the hop chain', () => {
    const r = whoCan(g, { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop' });
    const iam = r.filter((a) => a.subject.kind === 'IamPrincipal');
    expect(iam.map((a) => [a.subject.name, a.via.map((h) => h.kind).join('>')])).toEqual([
      [arn('admin'), 'AwsAuthEntry>Bypass'],
      [arn('dev'), 'AwsAuthEntry>Group>RoleBinding>ClusterRole>Rule'],
    ]);
    expect(can(g, { kind: 'IamPrincipal', name: arn('dropped') }, getPods('shop')).allowed).toBe(false);
  });
  it('access policies apply in their namespace scope only (wildcards), edit mirrored with aggregation', () => {
    const ci: Principal = { kind: 'IamPrincipal', name: arn('ci') };
    const secret = (ns: string): RbacRequest => ({ verb: 'create', resource: 'secrets', namespace: ns });
    expect(can(g, ci, secret('team-a')).allowed).toBe(true);
    expect(can(g, ci, secret('prod')).allowed).toBe(false);
    expect(can(g, ci, secret('team-a')).grants[0]?.via.map((h) => h.kind)).toEqual([
      'IamPrincipal',
      'AccessEntry',
      'AccessPolicy',
      'Rule',
    ]);
    expect(whoCan(g, secret('team-a')).some((a) => a.subject.name === arn('ci'))).toBe(true);
  });
});

/** `hako rbac who-can` end to end: the product.md JSON contract, scopes, EKS principals, exit codes. */
import { describe, expect, it } from 'vitest';
import type { WhoCanJson } from '../../src/cli/rbac.js';
import { hako, tempTree } from '../helpers/cli.js';

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: exec }
rules: [{ apiGroups: [""], resources: [pods/exec], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: exec, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: exec }
subjects:
  - { kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }
  - { kind: ServiceAccount, name: ci }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: scaler }
rules: [{ apiGroups: [apps], resources: ["*/scale"], verbs: [update] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: scaler }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scaler }
subjects: [{ kind: User, name: hpa-bot, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: broken }
rules: [{ apiGroups: [""], resources: [secrets], verbs: [] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: broken }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: broken }
subjects: [{ kind: User, name: mallory, apiGroup: rbac.authorization.k8s.io }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/dev
      username: dev
      groups: [devs]
    - rolesArn: arn:aws:iam::111122223333:role/typo
      groups: [devs]
`;

const TF = `resource "aws_eks_access_entry" "ops" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/ops"
}

resource "aws_eks_access_policy_association" "ops" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/ops"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"
  access_scope {
    type = "cluster"
  }
}
`;

const dir = tempTree({ 'rbac.yaml': RBAC, 'eks/main.tf': TF });

const json = (...args: string[]) => {
  const r = hako(['rbac', 'who-can', ...args, '.', '--format', 'json'], { cwd: dir });
  return { code: r.code, out: JSON.parse(r.stdout) as WhoCanJson };
};
const who = (j: WhoCanJson) =>
  j.subjects.map((s) => `${s.kind}:${s.namespace ? `${s.namespace}/` : ''}${s.name}`);

describe('hako rbac who-can', () => {
  it('answers a subresource in a namespace with subjects, IAM principals and the hop chain', () => {
    const { code, out } = json('create', 'pods/exec', '-n', 'shop');
    expect(code).toBe(0);
    expect({ ...out, subjects: undefined, errors: undefined }).toEqual({
      verb: 'create',
      resource: 'pods',
      subresource: 'exec',
      apiGroup: '',
      namespace: 'shop',
    });
    expect(who(out)).toEqual([
      'IamPrincipal:arn:aws:iam::111122223333:role/dev',
      'Group:devs',
      'Group:system:masters',
      'ServiceAccount:shop/ci',
    ]);
    expect(out.subjects[0]?.via).toEqual([
      { kind: 'AwsAuthEntry', name: 'mapRoles', file: 'rbac.yaml', line: 41 },
      { kind: 'Group', name: 'devs', file: 'rbac.yaml', line: 11 },
      { kind: 'RoleBinding', name: 'exec', namespace: 'shop', file: 'rbac.yaml', line: 6 },
      { kind: 'ClusterRole', name: 'exec', file: 'rbac.yaml', line: 1 },
      { kind: 'Rule', name: 'create pods/exec (core)', file: 'rbac.yaml', line: 4 },
    ]);
  });

  it('a RoleBinding does not answer in another namespace or cluster-wide', () => {
    expect(who(json('create', 'pods/exec', '-n', 'other').out)).toEqual(['Group:system:masters']);
    expect(who(json('create', 'pods/exec').out)).toEqual(['Group:system:masters']);
  });

  it('reads group/resource/subresource and */scale; a rejected role answers nothing', () => {
    expect(who(json('update', 'apps/deployments/scale', '-n', 'x').out)).toEqual([
      'User:hpa-bot',
      'Group:system:masters',
    ]);
    expect(who(json('update', 'deployments.apps', '-n', 'x').out)).toEqual(['Group:system:masters']);
    const secrets = json('list', 'secrets', '-n', 'x').out;
    expect(who(secrets)).toEqual(['IamPrincipal:arn:aws:iam::111122223333:role/ops', 'Group:system:masters']);
    expect(secrets.subjects[0]?.via.map((h) => h.kind)).toEqual(['AccessEntry', 'AccessPolicy', 'Rule']);
  });

  it('answers non-resource URLs through the default bindings (built-in hops have no file)', () => {
    const { out } = json('get', '/healthz');
    expect(out.resource).toBe('/healthz');
    expect(who(out)).toEqual([
      'Group:system:authenticated',
      'Group:system:authenticated',
      'Group:system:masters',
      'Group:system:monitoring',
      'Group:system:unauthenticated',
    ]);
    expect(out.subjects[0]?.via[1]).toEqual({
      kind: 'ClusterRoleBinding',
      name: 'system:discovery',
      builtin: true,
    });
  });

  it('prints one line per subject in text', () => {
    const r = hako(['rbac', 'who-can', 'create', 'pods/exec', '-n', 'shop', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('who can create pods/exec in namespace shop:');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe(
      '  Group devs  via Group devs (rbac.yaml:11) > RoleBinding shop/exec (rbac.yaml:6) > ClusterRole exec (rbac.yaml:1) > Rule create pods/exec (core) (rbac.yaml:4)',
    );
  });

  it('exits 2 on a bad argument or a missing path', () => {
    expect(hako(['rbac', 'who-can', 'get', 'a/b/c/d', dir]).code).toBe(2);
    expect(hako(['rbac', 'who-can', 'get', '/metrics', '-n', 'x', dir]).code).toBe(2);
    expect(hako(['rbac', 'who-can', 'get', 'pods', '-n', 'Bad_NS', dir]).code).toBe(2);
    expect(hako(['rbac', 'who-can', 'get', 'pods', `${dir}/missing`]).code).toBe(2);
  });
});

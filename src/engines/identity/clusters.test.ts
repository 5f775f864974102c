/**
 * Paths never join objects of two clusters (clusters.ts): access entries and associations name
 * their cluster, a manifest belongs to the clusters nearest to it in the directory tree.
 */
import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { emptyState, type State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { clusterScopes, intersect } from './clusters.js';
import { identityPaths } from './paths.js';

await initHcl();

const ACCT = '111122223333';
const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';

const ROLE = {
  RoleName: 'shop-admin',
  Arn: `arn:aws:iam::${ACCT}:role/shop-admin`,
  AssumeRolePolicyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/${HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${HOST}:sub`]: 'system:serviceaccount:shop:api',
            [`${HOST}:aud`]: 'sts.amazonaws.com',
          },
        },
      },
    ],
  },
  RolePolicyList: [
    {
      PolicyName: 'p',
      PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    },
  ],
  AttachedManagedPolicies: [],
};

const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCT}:role/shop-admin
`;

const RBAC = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: deployer, namespace: shop }
rules: [{ apiGroups: [""], resources: [pods], verbs: [create] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: deployer, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer }
subjects: [{ kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }]
`;

const cluster = (name: string) => `resource "aws_eks_cluster" "${name}" {
  name     = "${name}"
  role_arn = "arn:aws:iam::${ACCT}:role/cluster"
  vpc_config { subnet_ids = ["subnet-1"] }
}
`;

const admin = (clusterRef: string) => `resource "aws_eks_access_entry" "ops" {
  cluster_name  = ${clusterRef}
  principal_arn = "arn:aws:iam::${ACCT}:role/ops"
}
resource "aws_eks_access_policy_association" "ops" {
  cluster_name  = ${clusterRef}
  principal_arn = "arn:aws:iam::${ACCT}:role/ops"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope { type = "cluster" }
}
`;

/** Files by path: `.tf` files of one directory are one module. */
function stateOf(files: Record<string, string>): State {
  const state = emptyState();
  const modules = new Map<string, { display: string; text: string }[]>();
  for (const [file, text] of Object.entries(files)) {
    if (file.endsWith('.tf')) {
      const dir = file.slice(0, file.lastIndexOf('/'));
      modules.set(dir, [...(modules.get(dir) ?? []), { display: file, text }]);
    } else adaptText(file, file.endsWith('.json') ? 'json' : 'yaml', text, state);
  }
  for (const m of modules.values()) adaptTerraform(m, state);
  return state;
}

const paths = (state: State) =>
  identityPaths(state)
    .all()
    .map(
      (p) =>
        `${p.subject.kind}:${p.subject.name} ${p.request} ${p.serviceAccount.namespace}/${p.serviceAccount.name}`,
    );

const IAM = { 'iam.json': json({ RoleDetailList: [ROLE] }) };

describe('paths stay inside one cluster', () => {
  it('a binding kept next to another cluster does not reach this cluster’s ServiceAccount', () => {
    const state = stateOf({
      ...IAM,
      'clusters/prod/eks.tf': cluster('prod'),
      'clusters/prod/k8s/sa.yaml': SA,
      'clusters/staging/eks.tf': cluster('staging'),
      'clusters/staging/k8s/rbac.yaml': RBAC,
    });
    expect(paths(state)).toEqual([]);
  });

  it('the same binding next to the ServiceAccount’s cluster does', () => {
    const state = stateOf({
      ...IAM,
      'clusters/prod/eks.tf': cluster('prod'),
      'clusters/prod/k8s/sa.yaml': SA,
      'clusters/prod/k8s/rbac.yaml': RBAC,
      'clusters/staging/eks.tf': cluster('staging'),
    });
    expect(paths(state)).toEqual(['Group:devs create pods shop/api']);
  });

  it('a shared base equally near both clusters may be either: joined', () => {
    const state = stateOf({
      ...IAM,
      'clusters/prod/eks.tf': cluster('prod'),
      'clusters/prod/k8s/sa.yaml': SA,
      'clusters/staging/eks.tf': cluster('staging'),
      'base/rbac.yaml': RBAC,
    });
    expect(paths(state)).toEqual(['Group:devs create pods shop/api']);
  });

  it('an access entry of another cluster (cluster_name) does not reach the ServiceAccount; one of its own does', () => {
    const other = stateOf({
      ...IAM,
      'clusters/prod/eks.tf': cluster('prod'),
      'clusters/prod/k8s/sa.yaml': SA,
      'clusters/staging/eks.tf': cluster('staging'),
      'clusters/staging/access.tf': admin('aws_eks_cluster.staging.name'),
    });
    expect(paths(other)).toEqual([]);
    const own = stateOf({
      ...IAM,
      'clusters/prod/eks.tf': cluster('prod'),
      'clusters/prod/k8s/sa.yaml': SA,
      'clusters/staging/eks.tf': cluster('staging'),
      'access/entries.tf': admin('"prod"'),
    });
    expect(paths(own)).toEqual([`IamPrincipal:arn:aws:iam::${ACCT}:role/ops create pods shop/api`]);
  });

  it('access entries of two clusters not in the scan: only the cluster named by both joins', () => {
    const state = stateOf({
      ...IAM,
      'k8s/sa.yaml': SA,
      'prod/access.tf': admin('"prod"'),
      'staging/access.tf': admin('"staging"').replaceAll('ops', 'qa'),
    });
    const s = clusterScopes(state);
    expect([...(s.ofFile('k8s/sa.yaml') ?? [])].sort()).toEqual(['name:prod', 'name:staging']);
    expect(paths(state).sort()).toEqual([
      `IamPrincipal:arn:aws:iam::${ACCT}:role/ops create pods shop/api`,
      `IamPrincipal:arn:aws:iam::${ACCT}:role/qa create pods shop/api`,
    ]);
  });

  it('no cluster named anywhere: one estate, every manifest joins', () => {
    const state = stateOf({ ...IAM, 'a/sa.yaml': SA, 'b/rbac.yaml': RBAC });
    expect(clusterScopes(state).none).toBe(true);
    expect(paths(state)).toEqual(['Group:devs create pods shop/api']);
  });

  it('intersect: any is neutral, disjoint sets share nothing', () => {
    expect(intersect(undefined, undefined)).toBeUndefined();
    expect([...(intersect(undefined, new Set(['a'])) ?? [])]).toEqual(['a']);
    expect([...(intersect(new Set(['a', 'b']), new Set(['b', 'c'])) ?? [])]).toEqual(['b']);
    expect(intersect(new Set(['a']), new Set(['c']))?.size).toBe(0);
  });
});

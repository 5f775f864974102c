import { describe, expect, it } from 'vitest';
import { adaptText } from '../../adapters/index.js';
import { emptyState } from '../state.js';
import { k8sIndex } from './lookup.js';

const TEXT = `apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: shop }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: viewer }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: read, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects:
  - { kind: ServiceAccount, name: web }
  - { kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: viewer }
subjects: [{ kind: ServiceAccount, name: web, namespace: shop }]
`;

describe('k8sIndex', () => {
  const state = emptyState();
  adaptText('rbac.yaml', 'yaml', TEXT, state);
  const idx = k8sIndex(state.k8s);

  it('finds roles per namespace, cluster roles and ServiceAccounts by name', () => {
    expect(idx.role('shop', 'reader')?.rules).toHaveLength(1);
    expect(idx.role('default', 'reader')).toBeUndefined();
    expect(idx.clusterRole('viewer')?.kind).toBe('ClusterRole');
    expect(idx.serviceAccount('shop', 'web')?.name).toBe('web');
  });

  it('finds bindings by subject (a RoleBinding ServiceAccount subject takes the binding namespace)', () => {
    expect(
      idx.bindingsFor({ kind: 'ServiceAccount', namespace: 'shop', name: 'web' }).map((b) => b.name),
    ).toEqual(['read', 'view']);
    expect(idx.bindingsFor({ kind: 'Group', name: 'devs' }).map((b) => b.name)).toEqual(['read']);
    expect(idx.bindingsFor({ kind: 'ServiceAccount', namespace: 'ops', name: 'web' })).toEqual([]);
  });
});

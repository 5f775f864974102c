/** Graphs from inline YAML (and Terraform) for the engine's tests. */
import { adaptText } from '../../adapters/index.js';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { emptyState } from '../../model/state.js';
import { buildRbacGraph, type RbacGraph } from './graph.js';

export function graphOf(yaml: string, tf?: string): RbacGraph {
  const state = emptyState();
  if (yaml) adaptText('rbac.yaml', 'yaml', yaml, state);
  if (tf) adaptTerraform([{ display: 'main.tf', text: tf }], state);
  return buildRbacGraph(state);
}

/** A ClusterRole / Role document with one rule written inline. */
export const role = (kind: 'Role' | 'ClusterRole', name: string, rules: string, ns = 'a', labels = '') =>
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}${kind === 'Role' ? `, namespace: ${ns}` : ''}${labels ? `, labels: ${labels}` : ''} }
rules: ${rules}
---
`;

export const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  roleKind: 'Role' | 'ClusterRole',
  roleName: string,
  subjects: string,
  ns = 'a',
) =>
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}${kind === 'RoleBinding' ? `, namespace: ${ns}` : ''} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: ${roleName} }
subjects: ${subjects}
---
`;

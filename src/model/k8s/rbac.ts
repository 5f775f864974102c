/**
 * Typed RBAC objects: Roles and ClusterRoles with their rules and aggregation, RoleBindings and
 * ClusterRoleBindings with their roleRef and subjects. Lists keep document order; the lookups in
 * ./lookup.ts index them (roles by namespace/name, bindings by subject).
 */
import type { Src, Val } from '../source.js';
import type { K8sView } from './core.js';

export const AGGREGATE_TO_PREFIX = 'rbac.authorization.k8s.io/aggregate-to-';

export interface PolicyRule {
  apiGroups: Val<string>[];
  resources: Val<string>[];
  verbs: Val<string>[];
  resourceNames: Val<string>[];
  nonResourceURLs: Val<string>[];
  src: Src;
}

export interface LabelSelectorRequirement {
  key: Val<string>;
  operator: Val<string>;
  values: Val<string>[];
  src: Src;
}

export interface LabelSelector {
  matchLabels: Map<string, Val<string>>;
  matchExpressions: LabelSelectorRequirement[];
  src: Src;
}

export interface Role extends K8sView {
  kind: 'Role' | 'ClusterRole';
  rules: PolicyRule[];
  /** ClusterRole `aggregationRule.clusterRoleSelectors`, when written (its rules are then the controller's). */
  aggregationRule?: { selectors: LabelSelector[]; src: Src };
  /** Labels `rbac.authorization.k8s.io/aggregate-to-<role>` (key without prefix → value). */
  aggregateTo: Map<string, Val<string>>;
}

export interface RoleRef {
  apiGroup: Val<string>;
  /** `Role` or `ClusterRole`. */
  kind: Val<string>;
  name: Val<string>;
  src: Src;
}

export interface Subject {
  /** `ServiceAccount`, `User` or `Group`. */
  kind: Val<string>;
  name: Val<string>;
  /** Written namespace (ServiceAccount subjects; a RoleBinding's own namespace applies when unset). */
  namespace?: Val<string>;
  apiGroup?: Val<string>;
  src: Src;
}

export interface Binding extends K8sView {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  roleRef: RoleRef;
  subjects: Subject[];
}

export interface RbacState {
  roles: Role[];
  clusterRoles: Role[];
  roleBindings: Binding[];
  clusterRoleBindings: Binding[];
}

/**
 * Indexes over the typed Kubernetes model for joins (RBAC engine, IRSA): Roles by namespace/name,
 * ClusterRoles by name, ServiceAccounts by namespace/name, bindings by the subject they name.
 * Namespaces are the objects' (written, or `default` when assumed: see `namespace.origin`); when a
 * key is defined twice the later object wins, as `kubectl apply` of the files in order would.
 */
import type { K8sState } from '../state.js';
import type { ServiceAccount } from './core.js';
import type { Binding, Role } from './rbac.js';

export interface SubjectKey {
  kind: string;
  name: string;
  /** ServiceAccount subjects only (the binding's own namespace when a RoleBinding omits it). */
  namespace?: string;
}

export interface K8sIndex {
  role(namespace: string, name: string): Role | undefined;
  clusterRole(name: string): Role | undefined;
  serviceAccount(namespace: string, name: string): ServiceAccount | undefined;
  /** RoleBindings and ClusterRoleBindings naming exactly this subject, in document order. */
  bindingsFor(subject: SubjectKey): Binding[];
}

const key = (...parts: string[]) => parts.join('\0');

function subjectKey(s: SubjectKey): string {
  return key(s.kind, s.kind === 'ServiceAccount' ? (s.namespace ?? '') : '', s.name);
}

const cache = new WeakMap<K8sState, K8sIndex>();

export function k8sIndex(k: K8sState): K8sIndex {
  const hit = cache.get(k);
  if (hit) return hit;
  const roles = new Map(k.rbac.roles.map((r) => [key(r.namespace?.value ?? '', r.name), r] as const));
  const clusterRoles = new Map(k.rbac.clusterRoles.map((r) => [r.name, r] as const));
  const accounts = new Map(k.serviceAccounts.map((a) => [key(a.namespace.value, a.name), a] as const));
  const bySubject = new Map<string, Binding[]>();
  for (const b of [...k.rbac.roleBindings, ...k.rbac.clusterRoleBindings]) {
    for (const s of b.subjects) {
      const namespace =
        s.kind.value === 'ServiceAccount'
          ? s.namespace?.value || (b.kind === 'RoleBinding' ? b.namespace?.value : undefined)
          : undefined;
      const k2 = subjectKey({ kind: s.kind.value, name: s.name.value, ...(namespace ? { namespace } : {}) });
      const list = bySubject.get(k2) ?? [];
      if (!list.includes(b)) list.push(b);
      bySubject.set(k2, list);
    }
  }
  const index: K8sIndex = {
    role: (namespace, name) => roles.get(key(namespace, name)),
    clusterRole: (name) => clusterRoles.get(name),
    serviceAccount: (namespace, name) => accounts.get(key(namespace, name)),
    bindingsFor: (subject) => bySubject.get(subjectKey(subject)) ?? [],
  };
  cache.set(k, index);
  return index;
}

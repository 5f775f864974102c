/** Shared reads for the RBAC rules: one engine graph per scan, subjects and scopes as text. */
import {
  buildRbacGraph,
  type GraphBinding,
  type GraphRole,
  type RbacGraph,
} from '../../engines/rbac/index.js';
import type { State } from '../../model/state.js';

const graphs = new WeakMap<State, RbacGraph>();

/** The RBAC graph of this scan (built once, shared by the RBAC rules). */
export function rbacGraph(state: State): RbacGraph {
  let g = graphs.get(state);
  if (!g) {
    g = buildRbacGraph(state);
    graphs.set(state, g);
  }
  return g;
}

/** The scanned bindings (not the cluster's defaults), ClusterRoleBindings first, in document order. */
export function scannedBindings(g: RbacGraph): GraphBinding[] {
  return [...g.clusterRoleBindings, ...[...g.roleBindingsByNamespace.values()].flat()].filter(
    (b) => !b.builtin && b.resource !== undefined,
  );
}

export function subjectText(s: { kind: string; name: string; namespace?: string }): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

export function roleText(r: GraphRole): string {
  return `${r.key.kind} ${r.key.namespace ? `${r.key.namespace}/` : ''}${r.key.name}`;
}

/** Where a binding grants: `cluster-wide` or `namespace <ns>`. */
export function scopeOf(b: GraphBinding): { en: string; ja: string } {
  return b.kind === 'ClusterRoleBinding'
    ? { en: 'cluster-wide', ja: 'クラスター全体' }
    : { en: `in namespace ${b.namespace}`, ja: `namespace ${b.namespace} 内` };
}

export const RBAC_DOC = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
export const RBAC_GOOD_DOC = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

/**
 * Joins between a workload and the other Kubernetes objects of the scan, for K8S-001..K8S-010:
 * its Namespace, its ServiceAccount, the RoleBindings/ClusterRoleBindings that name that
 * ServiceAccount, and whether the pod gets the ServiceAccount token mounted.
 *
 * Namespaces: an object without `metadata.namespace` lands wherever kubectl points (`-n`, the
 * context), so its namespace is unknown (null) here, never `default`. A "possible" match treats an
 * unknown namespace as matching any (used before deciding that something is absent); a "definite"
 * match needs both namespaces known and equal (used before firing on something present).
 */
import type { Namespace, ServiceAccount } from '../../model/k8s/core.js';
import { type K8sObject, writtenNamespace } from '../../model/k8s/object.js';
import type { Binding, Subject } from '../../model/k8s/rbac.js';
import type { Workload } from '../../model/k8s/workload.js';
import type { Src, Val } from '../../model/source.js';
import { isKnown } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { showWrittenName } from '../_shared/name.js';

/** The workload's namespace when written, else null (unknown). */
export function namespaceOf(w: Workload): string | null {
  return w.namespace.origin === 'explicit' ? w.namespace.value : null;
}

/**
 * A container's (or volume's, ServiceAccount's...) name for messages, quoted once by `showName`
 * (`(unnamed)` when none is written). Message templates write `{container}`, not `"{container}"`.
 */
export function nameLabel(name: Val<string> | string): string {
  return showWrittenName(name);
}

/** An object's `metadata.name` (else `generateName`) for messages, quoted once; `(unnamed)` when none. */
export function objectLabel(v: { object: K8sObject }): string {
  return showWrittenName(v.object.metadata.name);
}

/** Every Namespace object of the scan. */
export function namespaceList(state: State): Namespace[] {
  return state.k8s.namespaces;
}

/** Namespace objects by name; when one name is defined twice, the later one (as kubectl applies) wins. */
export function namespaceObjects(state: State): Map<string, Namespace> {
  return new Map(state.k8s.namespaces.map((n) => [n.name, n] as const));
}

/** Label values as a plain record (as Pod Security Admission reads them). */
export function labelValues(ns: Namespace): Record<string, string> {
  return Object.fromEntries([...ns.labels].map(([k, v]) => [k, v.value]));
}

/** Where a label is written (its value), when it is. */
export function labelSrc(ns: Namespace, key: string): Src | undefined {
  const v = ns.labels.get(key);
  return v?.origin === 'explicit' ? v.src : undefined;
}

/** Where an annotation is written (its value), when it is. */
export function annotationSrc(sa: ServiceAccount, key: string): Src | undefined {
  return sa.annotations.get(key)?.src;
}

/** The labels map, else the metadata map, else the object: where a missing label belongs. */
export function labelsSrc(ns: Namespace): Src {
  return ns.labelsSrc;
}

/** A RoleBinding/ClusterRoleBinding subject that grants to ServiceAccounts; `*` stands for any. */
export interface AccountSubject {
  binding: Binding;
  /** ServiceAccount name, or `*` for a group of ServiceAccounts. */
  name: string;
  /** Namespace, `*` for every namespace, or null when unknown (a RoleBinding without namespace). */
  namespace: string | null;
  src: Src;
}

export interface AccountIndex {
  /** True when the scan holds at least one RoleBinding or ClusterRoleBinding. */
  hasBindings: boolean;
  subjects: AccountSubject[];
  accounts: ServiceAccount[];
}

const cache = new WeakMap<object, AccountIndex>();

/** ServiceAccount objects and every binding subject that covers ServiceAccounts. */
export function accountIndex(state: State): AccountIndex {
  const { rbac } = state.k8s;
  const hit = cache.get(rbac);
  if (hit) return hit;
  const bindings = [...rbac.roleBindings, ...rbac.clusterRoleBindings];
  const index: AccountIndex = {
    hasBindings: bindings.length > 0,
    subjects: bindings.flatMap((b) => b.subjects.flatMap((s) => accountSubject(b, s) ?? [])),
    accounts: state.k8s.serviceAccounts,
  };
  cache.set(rbac, index);
  return index;
}

/**
 * A subject as the ServiceAccounts it covers: kind ServiceAccount (a RoleBinding subject without
 * namespace means the binding's), a User `system:serviceaccount:<ns>:<name>`, or the groups
 * `system:serviceaccounts`, `system:serviceaccounts:<ns>` and `system:authenticated`.
 */
function accountSubject(binding: Binding, s: Subject): AccountSubject | undefined {
  if (s.name.origin !== 'explicit' || s.kind.origin !== 'explicit') return undefined;
  const kind = s.kind.value;
  const name = s.name.value;
  const base = { binding, src: s.src };
  if (kind === 'ServiceAccount') {
    const ns = s.namespace?.origin === 'explicit' ? s.namespace.value : undefined;
    if (ns !== undefined && ns !== '') return { ...base, name, namespace: ns };
    // The API server rejects a ClusterRoleBinding ServiceAccount subject without namespace.
    return binding.kind === 'RoleBinding'
      ? { ...base, name, namespace: writtenNamespace(binding.object) }
      : undefined;
  }
  if (kind === 'User') {
    const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
    return m?.[1] && m[2] ? { ...base, name: m[2], namespace: m[1] } : undefined;
  }
  if (kind === 'Group') {
    if (name === 'system:serviceaccounts' || name === 'system:authenticated')
      return { ...base, name: '*', namespace: '*' };
    const m = /^system:serviceaccounts:([^:]+)$/.exec(name);
    return m?.[1] ? { ...base, name: '*', namespace: m[1] } : undefined;
  }
  return undefined;
}

export type Match = 'possible' | 'definite';

/** Where the items of one name are in their list (ascending positions). */
interface Named {
  all: number[];
  /** Items whose namespace is unknown (null) or `*`: a possible match for any namespace. */
  wild: number[];
  /** Items of a known namespace, by namespace. */
  byNs: Map<string, number[]>;
}

/**
 * The items of a list by name and namespace, built once per list: a scan looks up every
 * workload's ServiceAccount, and a filter of every subject and account per workload grew with
 * workloads x bindings.
 */
function namesOf<T extends { name: string }>(
  cache: WeakMap<readonly T[], Map<string, Named>>,
  items: readonly T[],
  namespaceOfItem: (item: T) => string | null,
): Map<string, Named> {
  let found = cache.get(items);
  if (!found) {
    const names = new Map<string, Named>();
    items.forEach((item, i) => {
      let named = names.get(item.name);
      if (!named) {
        named = { all: [], wild: [], byNs: new Map() };
        names.set(item.name, named);
      }
      named.all.push(i);
      const ns = namespaceOfItem(item);
      if (ns === null || ns === '*') named.wild.push(i);
      else {
        const at = named.byNs.get(ns);
        if (at) at.push(i);
        else named.byNs.set(ns, [i]);
      }
    });
    found = names;
    cache.set(items, found);
  }
  return found;
}

const subjectNames = new WeakMap<readonly AccountSubject[], Map<string, Named>>();
const accountNames = new WeakMap<readonly ServiceAccount[], Map<string, Named>>();
const NONE: readonly number[] = [];

/**
 * Positions of the items of one name whose namespace `a` matches `namespace` (`b`): a definite
 * match needs `a !== null && a !== '*' && a === b`; a possible one `a === null || b === null ||
 * a === '*' || a === b`.
 */
function matching(named: Named | undefined, namespace: string | null, match: Match): readonly number[] {
  if (!named) return NONE;
  if (match === 'definite')
    return namespace === null || namespace === '*' ? NONE : (named.byNs.get(namespace) ?? NONE);
  if (namespace === null) return named.all;
  return merged(named.byNs.get(namespace) ?? NONE, named.wild);
}

/** Two ascending position lists as one, ascending (list order kept). */
function merged(a: readonly number[], b: readonly number[]): readonly number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** Binding subjects that grant to ServiceAccount `name` in `namespace` (null: unknown). */
export function subjectsFor(
  idx: AccountIndex,
  namespace: string | null,
  name: string,
  match: Match,
): AccountSubject[] {
  const names = namesOf(subjectNames, idx.subjects, (s) => s.namespace);
  const named = matching(names.get(name), namespace, match);
  // `*` subjects (groups) cover every name when a possible match is enough
  const any = match === 'possible' && name !== '*' ? matching(names.get('*'), namespace, match) : NONE;
  return merged(named, any).map((i) => idx.subjects[i]!);
}

/** Scanned ServiceAccount objects that may be `name` in `namespace` (null: unknown). */
export function accountsFor(idx: AccountIndex, namespace: string | null, name: string): ServiceAccount[] {
  const names = namesOf(accountNames, idx.accounts, (a) => writtenNamespace(a.object));
  return matching(names.get(name), namespace, 'possible').map((i) => idx.accounts[i]!);
}

/** The ServiceAccount's own `automountServiceAccountToken: false`, located. */
export function accountOptOut(sa: ServiceAccount): Src | undefined {
  const v = sa.automountServiceAccountToken;
  return v?.origin === 'explicit' && v.value === false ? v.src : undefined;
}

export interface TokenMount {
  mounted: boolean;
  /** What decided: the pod's field, the ServiceAccount's `false`, or neither (default true). */
  by: 'pod' | 'serviceAccount' | 'default';
  /** The pod's `automountServiceAccountToken: true` overriding a scanned ServiceAccount's `false`. */
  overrides?: Src;
}

/**
 * Whether the pod gets its ServiceAccount's token: the pod field wins when set; else a scanned
 * ServiceAccount (any that may be the pod's) with `automountServiceAccountToken: false` opts out;
 * else it is mounted. An unresolved pod field counts as not mounted (never fires alone).
 */
export function tokenMount(w: Workload, idx: AccountIndex): TokenMount {
  const own = w.pod.automountServiceAccountToken;
  const optOut = accountsFor(idx, namespaceOf(w), w.pod.serviceAccountName.value).flatMap(
    (a) => accountOptOut(a) ?? [],
  );
  if (own !== undefined) {
    if (!isKnown(own) || own.value === false) return { mounted: false, by: 'pod' };
    return { mounted: true, by: 'pod', overrides: optOut[0] };
  }
  if (optOut.length > 0) return { mounted: false, by: 'serviceAccount' };
  return { mounted: true, by: 'default' };
}

/** `kind "name"` of a binding, for related locations. */
export function bindingLabel(b: Binding): string {
  const ns = writtenNamespace(b.object);
  return ns === null ? `${b.kind} "${b.name}"` : `${b.kind} "${ns}/${b.name}"`;
}

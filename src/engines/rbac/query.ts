/**
 * Queries over the graph: `whoCan` (every subject a request is allowed for, each with the hop
 * chain that grants it), `permissionsOf` (a subject's effective rules with the namespaces they
 * apply in) and `can`. Semantics of kubernetes-rbac.md §2–§3: ClusterRoleBindings grant everywhere,
 * RoleBindings only in their namespace and never cluster-scoped or non-resource requests; implicit
 * groups are added; `system:masters` bypasses RBAC.
 */
import { type RbacGraph, roleOf, subjectKey } from './graph.js';
import { namespacePatternMatches, ruleAllows } from './match.js';
import type {
  EffectiveRule,
  Grant,
  GraphBinding,
  GraphRole,
  Hop,
  IamPrincipal,
  Principal,
  RbacRequest,
  WhoCanAnswer,
} from './types.js';

export const MASTERS = 'system:masters';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS = 'system:anonymous';

/** The rule `system:masters` effectively holds (the privileged-group authorizer allows everything). */
const BYPASS_RULES: EffectiveRule[] = [
  {
    apiGroups: ['*'],
    resources: ['*'],
    verbs: ['*'],
    resourceNames: [],
    nonResourceURLs: [],
    from: { kind: 'ClusterRole', name: MASTERS },
  },
  {
    apiGroups: [],
    resources: [],
    verbs: ['*'],
    resourceNames: [],
    nonResourceURLs: ['*'],
    from: { kind: 'ClusterRole', name: MASTERS },
  },
];

// hops are immutable: one per binding, role and rule, shared by every grant through it (no
// allocation or rule text per subject when a query walks many subjects)
const hops = new WeakMap<object, Hop>();
function memo<T extends object>(o: T, make: (o: T) => Hop): Hop {
  let h = hops.get(o);
  if (!h) {
    h = make(o);
    hops.set(o, h);
  }
  return h;
}

export const bindingHop = (b: GraphBinding): Hop =>
  memo(b, () => ({
    kind: b.kind,
    name: b.name,
    ...(b.namespace !== undefined ? { namespace: b.namespace } : {}),
    ...(b.src ? { src: b.src } : {}),
  }));

export const roleHop = (r: GraphRole): Hop =>
  memo(r, () => ({
    kind: r.key.kind,
    name: r.key.name,
    ...(r.key.namespace !== undefined ? { namespace: r.key.namespace } : {}),
    ...(r.src ? { src: r.src } : {}),
  }));

export const ruleHop = (r: EffectiveRule): Hop =>
  memo(r, () => ({
    kind: 'Rule',
    name: ruleText(r),
    ...(r.src ? { src: r.src } : {}),
  }));

/** A short text for a rule: `verbs resources[names] (groups)` or `verbs URLs`. */
export function ruleText(r: EffectiveRule): string {
  const verbs = r.verbs.join(',');
  if (r.nonResourceURLs.length > 0) return `${verbs} ${r.nonResourceURLs.join(',')}`;
  const names = r.resourceNames.length > 0 ? `[${r.resourceNames.join(',')}]` : '';
  const groups = r.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',');
  return `${verbs} ${r.resources.join(',')}${names} (${groups})`;
}

const principalHop = (p: IamPrincipal): Hop =>
  memo(p, () => ({
    kind: p.via === 'aws-auth' ? 'AwsAuthEntry' : 'AccessEntry',
    name: p.detail,
    src: p.src,
  }));

/** The hops an IAM principal's mapping starts with, and its user hop, once per mapping. */
const mappingHops = new WeakMap<IamPrincipal, { prefix: Hop[]; user: Hop }>();
function mappingOf(m: IamPrincipal): { prefix: Hop[]; user: Hop } {
  let h = mappingHops.get(m);
  if (!h) {
    h = {
      prefix: [{ kind: 'IamPrincipal', name: m.arn }, principalHop(m)],
      user: { kind: 'User', name: m.username },
    };
    mappingHops.set(m, h);
  }
  return h;
}

/** Group hops by name, and the one-hop prefix of a group held directly, once per graph (hops are immutable). */
const groupHops = new WeakMap<RbacGraph, Map<string, { hop: Hop; alone: Hop[] }>>();
function groupHop(graph: RbacGraph, name: string): { hop: Hop; alone: Hop[] } {
  let byName = groupHops.get(graph);
  if (!byName) {
    byName = new Map();
    groupHops.set(graph, byName);
  }
  let h = byName.get(name);
  if (!h) {
    const hop: Hop = { kind: 'Group', name };
    h = { hop, alone: [hop] };
    byName.set(name, h);
  }
  return h;
}

/** The empty prefix (a subject's own name), shared so the grants through it can be too. */
const NO_PREFIX: Hop[] = [];

/**
 * The grants of a binding reached through a shared prefix (the same for every subject that reaches
 * it so: the implicit groups, a group held directly), made once per binding and prefix; grants
 * are immutable. Per binding, so they go with the graph.
 */
const sharedGrants = new WeakMap<GraphBinding, Map<Hop[], Grant[]>>();
function bindingGrants(graph: RbacGraph, b: GraphBinding, prefix: Hop[], shared: boolean): Grant[] {
  let byPrefix = shared ? sharedGrants.get(b) : undefined;
  const hit = byPrefix?.get(prefix);
  if (hit) return hit;
  const role = roleOf(graph, b);
  const namespace = b.kind === 'ClusterRoleBinding' ? '*' : (b.namespace ?? '');
  const out: Grant[] = role
    ? role.rules.map((rule) => ({
        rule,
        namespace,
        via: [...prefix, bindingHop(b), roleHop(role), ruleHop(rule)],
      }))
    : [];
  if (shared) {
    if (!byPrefix) {
      byPrefix = new Map();
      sharedGrants.set(b, byPrefix);
    }
    byPrefix.set(prefix, out);
  }
  return out;
}

/** Whether a grant applying in `namespace` (`*` = ClusterRoleBinding / cluster scope) covers the request. */
export function grantApplies(namespace: string, rule: EffectiveRule, req: RbacRequest): boolean {
  if (!ruleAllows(rule, req)) return false;
  if (namespace === '*') return true;
  // namespaced grants: resource requests in a matching namespace only
  return req.resource !== undefined && !!req.namespace && namespacePatternMatches(namespace, req.namespace);
}

/** Username and groups of a principal, with the hops that give them. */
interface Identity {
  /** shared: the prefix is NO_PREFIX or a group's shared one (bindingGrants caches through it). */
  keys: { key: string; prefix: Hop[]; shared: boolean }[];
  masters: Hop[] | undefined;
  policies: { grant: IamPrincipal['policies'][number]; prefix: Hop[] }[];
}

function identity(graph: RbacGraph, p: Principal): Identity {
  const keys: Identity['keys'] = [];
  const id: Identity = { keys, masters: undefined, policies: [] };
  const group = (name: string, prefix: Hop[]) => {
    const { hop, alone } = groupHop(graph, name);
    const direct = prefix.length === 0;
    keys.push({ key: subjectKey('Group', name), prefix: direct ? alone : [...prefix, hop], shared: direct });
    if (name === MASTERS && !id.masters) id.masters = [...prefix, hop];
  };
  switch (p.kind) {
    case 'User':
      keys.push({ key: subjectKey('User', p.name), prefix: NO_PREFIX, shared: true });
      group(p.name === ANONYMOUS ? UNAUTHENTICATED : AUTHENTICATED, []);
      break;
    case 'Group':
      group(p.name, []);
      if (p.name !== UNAUTHENTICATED && p.name !== AUTHENTICATED) group(AUTHENTICATED, []);
      break;
    case 'ServiceAccount': {
      const ns = p.namespace ?? 'default';
      keys.push({ key: subjectKey('ServiceAccount', p.name, ns), prefix: NO_PREFIX, shared: true });
      // a ServiceAccount also authenticates as the user system:serviceaccount:<ns>:<name>
      keys.push({
        key: subjectKey('User', `system:serviceaccount:${ns}:${p.name}`),
        prefix: NO_PREFIX,
        shared: true,
      });
      for (const g of ['system:serviceaccounts', `system:serviceaccounts:${ns}`, AUTHENTICATED]) group(g, []);
      break;
    }
    case 'IamPrincipal': {
      const mappings = graph.principalsByArn.get(p.name) ?? [];
      for (const m of mappings) {
        const { prefix, user } = mappingOf(m);
        keys.push({ key: subjectKey('User', m.username), prefix: [...prefix, user], shared: false });
        for (const g of m.groups) group(g.name, prefix);
        for (const grant of m.policies) id.policies.push({ grant, prefix });
      }
      if (mappings.length > 0) group(AUTHENTICATED, []);
      break;
    }
  }
  return id;
}

/** Every rule the principal holds, with where it applies and the hops that grant it. */
export function permissionsOf(graph: RbacGraph, p: Principal): Grant[] {
  const id = identity(graph, p);
  const out: Grant[] = [];
  if (id.masters)
    for (const rule of BYPASS_RULES)
      out.push({ rule, namespace: '*', via: [...id.masters, { kind: 'Bypass', name: MASTERS }] });
  const seen = new Set<GraphBinding>();
  for (const { key, prefix, shared } of id.keys)
    for (const b of graph.bySubject.get(key) ?? []) {
      if (seen.has(b)) continue;
      seen.add(b);
      for (const g of bindingGrants(graph, b, prefix, shared)) out.push(g);
    }
  for (const { grant, prefix } of id.policies)
    for (const ns of grant.namespaces)
      for (const rule of grant.rules)
        out.push({
          rule,
          namespace: ns,
          via: [
            ...prefix,
            {
              kind: 'AccessPolicy',
              name: grant.policy,
              ...(ns !== '*' ? { namespace: ns } : {}),
              ...(grant.src ? { src: grant.src } : {}),
            },
            ruleHop(rule),
          ],
        });
  return out;
}

export interface CanResult {
  allowed: boolean;
  /** Every grant that allows the request (empty when denied). */
  grants: Grant[];
}

export function can(graph: RbacGraph, p: Principal, req: RbacRequest): CanResult {
  const grants = permissionsOf(graph, p).filter((g) => grantApplies(g.namespace, g.rule, req));
  return { allowed: grants.length > 0, grants };
}

/** The first rule of a role that allows the request in the binding's scope, cached per role. */
function matchingRule(
  cache: Map<GraphRole, EffectiveRule | null>,
  role: GraphRole,
  namespace: string,
  req: RbacRequest,
): EffectiveRule | undefined {
  let hit = cache.get(role);
  if (hit === undefined) {
    hit = role.rules.find((r) => ruleAllows(r, req)) ?? null;
    cache.set(role, hit);
  }
  return hit && grantApplies(namespace, hit, req) ? hit : undefined;
}

const KIND_ORDER = ['IamPrincipal', 'User', 'Group', 'ServiceAccount'];

/**
 * Every subject allowed to make the request: subjects of the bindings that grant it, the
 * `system:masters` group, and IAM principals mapped (aws-auth, access entries) to one of those
 * users or groups or holding an access policy that grants it. Implicit groups
 * (`system:authenticated`, `system:serviceaccounts[:ns]`) are answers of their own, not expanded.
 * Sorted by kind, name, namespace, then path.
 */
export function whoCan(graph: RbacGraph, req: RbacRequest): WhoCanAnswer[] {
  const out: WhoCanAnswer[] = [
    { subject: { kind: 'Group', name: MASTERS }, via: [{ kind: 'Bypass', name: MASTERS }] },
  ];
  const cache = new Map<GraphRole, EffectiveRule | null>();
  const bindings = [
    ...graph.clusterRoleBindings,
    ...(req.namespace ? (graph.roleBindingsByNamespace.get(req.namespace) ?? []) : []),
  ];
  for (const b of bindings) {
    const role = roleOf(graph, b);
    if (!role) continue;
    const rule = matchingRule(cache, role, b.kind === 'ClusterRoleBinding' ? '*' : (b.namespace ?? ''), req);
    if (!rule) continue;
    const via = [bindingHop(b), roleHop(role), ruleHop(rule)];
    for (const s of b.subjects) {
      // system:masters is answered once, by its bypass (the default cluster-admin binding is moot)
      if (s.kind === 'Group' && s.name === MASTERS) continue;
      out.push({
        subject: {
          kind: s.kind,
          name: s.name,
          ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
        },
        via: [
          {
            kind: s.kind,
            name: s.name,
            ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
            ...(s.src ? { src: s.src } : {}),
          },
          ...via,
        ],
      });
    }
  }
  const k8s = out.length;
  for (let i = 0; i < k8s; i++) {
    const a = out[i]!;
    const mapped =
      a.subject.kind === 'Group'
        ? graph.principalsByGroup.get(a.subject.name)
        : a.subject.kind === 'User'
          ? graph.principalsByUsername.get(a.subject.name)
          : undefined;
    for (const p of mapped ?? [])
      out.push({ subject: { kind: 'IamPrincipal', name: p.arn }, via: [principalHop(p), ...a.via] });
  }
  for (const p of graph.principals)
    for (const grant of p.policies)
      for (const ns of grant.namespaces) {
        const rule = grant.rules.find((r) => grantApplies(ns, r, req));
        if (rule)
          out.push({
            subject: { kind: 'IamPrincipal', name: p.arn },
            via: [
              principalHop(p),
              {
                kind: 'AccessPolicy',
                name: grant.policy,
                ...(ns !== '*' ? { namespace: ns } : {}),
                ...(grant.src ? { src: grant.src } : {}),
              },
              ruleHop(rule),
            ],
          });
      }
  return sortAnswers(out);
}

const hopKey = (h: Hop) =>
  `${h.kind}:${h.namespace ?? ''}/${h.name}@${h.src ? `${h.src.file}:${h.src.startLine}` : ''}`;

function sortAnswers(list: WhoCanAnswer[]): WhoCanAnswer[] {
  const keyed = new Map<string, WhoCanAnswer>();
  for (const a of list) {
    const s = a.subject;
    const k = [
      String(KIND_ORDER.indexOf(s.kind)).padStart(2, '0'),
      s.name,
      'namespace' in s ? (s.namespace ?? '') : '',
      a.via.map(hopKey).join(' > '),
    ].join('\0');
    keyed.set(k, a);
  }
  return [...keyed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

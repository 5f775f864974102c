/**
 * `buildRbacGraph(state)`: the scanned Roles, ClusterRoles and bindings over the cluster's default
 * ones (a scanned object of the same name wins), validated (rejected objects grant nothing),
 * aggregation computed to a fixed point, bindings indexed by namespace and by subject, and the EKS
 * principals (aws-auth entries, access entries with their access policies) as subjects with
 * groups. One index per kind, no joins over all pairs: linear in the number of objects.
 */
import type { AwsAuth, EksAccessEntry, EksAccessPolicyAssociation } from '../../model/aws/eks.js';
import type { Binding, LabelSelector, PolicyRule, Role } from '../../model/k8s/rbac.js';
import type { Resource } from '../../model/resource.js';
import { isKnown, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import type { Src } from '../../source.js';
import { accessPolicies, type DataRule, defaultRbac } from './defaults.js';
import { type SelectorData, selectorMatches } from './match.js';
import type {
  EffectiveRule,
  GraphBinding,
  GraphRole,
  GraphSubject,
  IamPrincipal,
  PolicyGrant,
  RbacProblem,
  RoleKey,
} from './types.js';
import { grantsNothing, type RawRule, ruleProblems } from './validate.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Why the API server rejects a binding (kubernetes-rbac.md §5). */
export interface BindingProblem {
  code:
    | 'roleRefGroup'
    | 'roleRefKind'
    | 'roleRefName'
    | 'subjectName'
    | 'subjectKind'
    | 'subjectGroup'
    | 'subjectNamespace';
  value?: string;
  src: Src;
  binding: { kind: 'RoleBinding' | 'ClusterRoleBinding'; name: string; namespace?: string };
  resource?: Resource;
}

export interface RbacGraph {
  /** Roles by `namespace\0name`. */
  roles: Map<string, GraphRole>;
  clusterRoles: Map<string, GraphRole>;
  clusterRoleBindings: GraphBinding[];
  roleBindingsByNamespace: Map<string, GraphBinding[]>;
  /** Bindings by subject key (see {@link subjectKey}). */
  bySubject: Map<string, GraphBinding[]>;
  principals: IamPrincipal[];
  principalsByGroup: Map<string, IamPrincipal[]>;
  principalsByUsername: Map<string, IamPrincipal[]>;
  principalsByArn: Map<string, IamPrincipal[]>;
  /** Rule problems of scanned roles (rejected objects and entries that grant nothing). */
  problems: RbacProblem[];
  bindingProblems: BindingProblem[];
  /** Kubernetes version of the default roles. */
  kubernetesVersion: string;
}

const k2 = (a: string, b: string) => `${a}\0${b}`;

export function subjectKey(kind: string, name: string, namespace?: string): string {
  return `${kind}\0${kind === 'ServiceAccount' ? (namespace ?? '') : ''}\0${name}`;
}

const vals = (l: Val<string>[]) => l.filter(isKnown).map((v) => v.value);

function toEffective(r: RawRule, from: RoleKey): EffectiveRule {
  return {
    apiGroups: r.apiGroups,
    resources: r.resources.map((x) => x.value).filter((x) => !grantsNothing(x)),
    verbs: r.verbs,
    resourceNames: r.resourceNames,
    nonResourceURLs: r.nonResourceURLs,
    src: r.src,
    from,
  };
}

function dataRule(r: DataRule, from: RoleKey): EffectiveRule {
  return {
    apiGroups: r.apiGroups ?? [],
    resources: r.resources ?? [],
    verbs: r.verbs,
    resourceNames: r.resourceNames ?? [],
    nonResourceURLs: r.nonResourceURLs ?? [],
    from,
  };
}

function rawRule(r: PolicyRule): RawRule {
  return {
    apiGroups: vals(r.apiGroups),
    resources: r.resources.filter(isKnown).map((v) => ({ value: v.value, src: v.src })),
    verbs: vals(r.verbs),
    resourceNames: vals(r.resourceNames),
    nonResourceURLs: vals(r.nonResourceURLs),
    src: r.src,
  };
}

function selectorData(s: LabelSelector): SelectorData {
  return {
    matchLabels: new Map([...s.matchLabels].map(([k, v]) => [k, v.value] as const)),
    matchExpressions: s.matchExpressions.map((e) => ({
      key: e.key.value,
      operator: e.operator.value,
      values: vals(e.values),
    })),
  };
}

interface Aggregation {
  role: GraphRole;
  selectors: SelectorData[];
}

function scannedRole(r: Role, problems: RbacProblem[], aggregations: Aggregation[]): GraphRole {
  const key: RoleKey =
    r.kind === 'Role'
      ? { kind: 'Role', name: r.name, namespace: r.namespace?.value ?? 'default' }
      : { kind: 'ClusterRole', name: r.name };
  const raws = r.rules.map(rawRule);
  const mine = raws.flatMap((raw) => ruleProblems(raw, key)).map((p) => ({ ...p, resource: r }));
  problems.push(...mine);
  const role: GraphRole = {
    key,
    src: r.src,
    builtin: false,
    labels: new Map([...r.object.metadata.labels].map(([k, v]) => [k, v.value] as const)),
    rules: raws.map((raw) => toEffective(raw, key)),
    aggregated: r.aggregationRule !== undefined,
    rejected: mine.some((p) => p.rejected),
    resource: r,
  };
  if (r.aggregationRule && !role.rejected) {
    aggregations.push({ role, selectors: r.aggregationRule.selectors.map(selectorData) });
    role.rules = [];
  }
  return role;
}

const ruleId = (r: EffectiveRule) =>
  JSON.stringify([r.apiGroups, r.resources, r.verbs, r.resourceNames, r.nonResourceURLs]);

/**
 * The aggregation controller, run to a fixed point: each aggregated ClusterRole's rules become the
 * deduplicated union of the rules of every other ClusterRole any selector matches, visited in name
 * order (kubernetes-rbac.md §6). Candidates come from a label index when a selector has matchLabels.
 */
function aggregate(clusterRoles: Map<string, GraphRole>, aggregations: Aggregation[]): void {
  if (aggregations.length === 0) return;
  const all = [...clusterRoles.values()]
    .filter((r) => !r.rejected)
    .sort((a, b) => cmp(a.key.name, b.key.name));
  const byLabel = new Map<string, GraphRole[]>();
  for (const r of all)
    for (const [k, v] of r.labels) {
      const l = byLabel.get(k2(k, v)) ?? [];
      l.push(r);
      byLabel.set(k2(k, v), l);
    }
  const candidates = (s: SelectorData): GraphRole[] => {
    const first = s.matchLabels.entries().next();
    return first.done ? all : (byLabel.get(k2(first.value[0], first.value[1])) ?? []);
  };
  const ordered = [...aggregations].sort((a, b) => cmp(a.role.key.name, b.role.key.name));
  for (let round = 0; round <= ordered.length + 1; round++) {
    let changed = false;
    for (const agg of ordered) {
      const seen = new Set<string>();
      const rules: EffectiveRule[] = [];
      for (const sel of agg.selectors)
        for (const cr of candidates(sel)) {
          if (cr === agg.role || !selectorMatches(sel, cr.labels)) continue;
          for (const rule of cr.rules) {
            const id = ruleId(rule);
            if (!seen.has(id)) {
              seen.add(id);
              rules.push(rule);
            }
          }
        }
      if (
        rules.length !== agg.role.rules.length ||
        rules.some((r, i) => ruleId(r) !== ruleId(agg.role.rules[i]!))
      ) {
        agg.role.rules = rules;
        changed = true;
      }
    }
    if (!changed) break;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function scannedBinding(b: Binding, problems: BindingProblem[]): GraphBinding | undefined {
  const namespace = b.kind === 'RoleBinding' ? (b.namespace?.value ?? 'default') : undefined;
  const id = { kind: b.kind, name: b.name, ...(namespace !== undefined ? { namespace } : {}) };
  const before = problems.length;
  const p = (code: BindingProblem['code'], src: Src, value?: string) =>
    problems.push({ code, src, binding: id, resource: b, ...(value !== undefined ? { value } : {}) });
  const ref = b.roleRef;
  if (ref.apiGroup.value !== '' && ref.apiGroup.value !== RBAC_GROUP)
    p('roleRefGroup', ref.apiGroup.src, ref.apiGroup.value);
  const kinds = b.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind.value)) p('roleRefKind', ref.kind.src, ref.kind.value);
  if (ref.name.value === '') p('roleRefName', ref.name.src);
  const subjects: GraphSubject[] = [];
  for (const s of b.subjects) {
    const kind = s.kind.value;
    if (s.name.value === '') p('subjectName', s.name.src);
    if (kind !== 'User' && kind !== 'Group' && kind !== 'ServiceAccount') {
      p('subjectKind', s.kind.src, kind);
      continue;
    }
    const group = s.apiGroup?.value ?? '';
    if (kind === 'ServiceAccount' ? group !== '' : group !== '' && group !== RBAC_GROUP)
      p('subjectGroup', s.apiGroup?.src ?? s.src, group);
    let ns: string | undefined;
    if (kind === 'ServiceAccount') {
      ns = s.namespace?.value || namespace;
      if (!ns) p('subjectNamespace', s.src);
    }
    subjects.push({ kind, name: s.name.value, ...(ns ? { namespace: ns } : {}), src: s.src });
  }
  // an unresolved roleRef cannot be joined: no grant is assumed (unresolved never fires)
  if (problems.length > before || !isKnown(ref.name) || !isKnown(ref.kind)) return undefined;
  return {
    kind: b.kind,
    name: b.name,
    ...(namespace !== undefined ? { namespace } : {}),
    src: b.src,
    builtin: false,
    roleRef:
      ref.kind.value === 'Role'
        ? { kind: 'Role', name: ref.name.value, namespace: namespace ?? '' }
        : { kind: 'ClusterRole', name: ref.name.value },
    roleRefSrc: ref.src,
    subjects,
    resource: b,
  };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function buildRbacGraph(state: State): RbacGraph {
  const problems: RbacProblem[] = [];
  const bindingProblems: BindingProblem[] = [];
  const aggregations: Aggregation[] = [];
  const defaults = defaultRbac();
  const clusterRoles = new Map<string, GraphRole>();
  for (const d of defaults.clusterRoles) {
    const key: RoleKey = { kind: 'ClusterRole', name: d.name };
    const role: GraphRole = {
      key,
      builtin: true,
      labels: new Map(Object.entries(d.labels ?? {})),
      rules: d.rules.map((r) => dataRule(r, key)),
      aggregated: d.aggregationRule !== undefined,
      rejected: false,
    };
    clusterRoles.set(d.name, role);
    if (d.aggregationRule)
      aggregations.push({
        role,
        selectors: d.aggregationRule.map((s) => ({
          matchLabels: new Map(Object.entries(s.matchLabels ?? {})),
          matchExpressions: [],
        })),
      });
  }
  const { rbac } = state.k8s;
  for (const r of rbac.clusterRoles) clusterRoles.set(r.name, scannedRole(r, problems, aggregations));
  const roles = new Map<string, GraphRole>();
  for (const r of rbac.roles) {
    const g = scannedRole(r, problems, aggregations);
    roles.set(k2(g.key.namespace ?? '', r.name), g);
  }
  // a scanned ClusterRole replaces the default of the same name (and its aggregation rule)
  aggregate(
    clusterRoles,
    aggregations.filter((a) => clusterRoles.get(a.role.key.name) === a.role),
  );

  const crbs = new Map<string, GraphBinding>();
  for (const d of defaults.clusterRoleBindings)
    crbs.set(d.name, {
      kind: 'ClusterRoleBinding',
      name: d.name,
      builtin: true,
      roleRef: { kind: 'ClusterRole', name: d.roleRef },
      subjects: d.subjects.map((s) => ({ ...s })),
    });
  for (const b of rbac.clusterRoleBindings) {
    const g = scannedBinding(b, bindingProblems);
    if (g) crbs.set(b.name, g);
    else crbs.delete(b.name);
  }
  const rbs = new Map<string, GraphBinding>();
  for (const b of rbac.roleBindings) {
    const g = scannedBinding(b, bindingProblems);
    const id = k2(b.namespace?.value ?? 'default', b.name);
    if (g) rbs.set(id, g);
    else rbs.delete(id);
  }
  const roleBindingsByNamespace = new Map<string, GraphBinding[]>();
  for (const b of rbs.values()) push(roleBindingsByNamespace, b.namespace ?? '', b);
  const clusterRoleBindings = [...crbs.values()];
  const bySubject = new Map<string, GraphBinding[]>();
  for (const b of [...clusterRoleBindings, ...rbs.values()]) {
    const seen = new Set<string>();
    for (const s of b.subjects) {
      const key = subjectKey(s.kind, s.name, s.namespace);
      if (seen.has(key)) continue;
      seen.add(key);
      push(bySubject, key, b);
    }
  }

  const principals = eksPrincipals(state, clusterRoles);
  const principalsByGroup = new Map<string, IamPrincipal[]>();
  const principalsByUsername = new Map<string, IamPrincipal[]>();
  const principalsByArn = new Map<string, IamPrincipal[]>();
  for (const p of principals) {
    for (const g of new Set(p.groups.map((x) => x.name))) push(principalsByGroup, g, p);
    push(principalsByUsername, p.username, p);
    push(principalsByArn, p.arn, p);
  }
  return {
    roles,
    clusterRoles,
    clusterRoleBindings,
    roleBindingsByNamespace,
    bySubject,
    principals,
    principalsByGroup,
    principalsByUsername,
    principalsByArn,
    problems,
    bindingProblems,
    kubernetesVersion: defaults.kubernetesVersion,
  };
}

/** The role a binding refers to, when it exists and the API server accepted it. */
export function roleOf(graph: RbacGraph, b: GraphBinding): GraphRole | undefined {
  const r =
    b.roleRef.kind === 'Role'
      ? graph.roles.get(k2(b.roleRef.namespace ?? '', b.roleRef.name))
      : graph.clusterRoles.get(b.roleRef.name);
  return r && !r.rejected ? r : undefined;
}

const NODE_TYPES = new Set([
  'EC2_LINUX',
  'EC2_WINDOWS',
  'FARGATE_LINUX',
  'HYBRID_LINUX',
  'HYPERPOD_LINUX',
  'EC2',
]);

/** Username EKS gives an access entry's principal by default (facts B3). */
function accessEntryUsername(arn: string, type: string): string {
  if (type === 'EC2_LINUX' || type === 'EC2_WINDOWS' || type === 'EC2')
    return 'system:node:{{EC2PrivateDNSName}}';
  if (NODE_TYPES.has(type)) return 'system:node:{{SessionName}}';
  const m = /^arn:([^:]+):iam::(\d*):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `arn:${m[1]}:sts::${m[2]}:assumed-role/${m[3]}/{{SessionName}}` : arn;
}

function awsAuthPrincipals(cm: AwsAuth): IamPrincipal[] {
  const out: IamPrincipal[] = [];
  const sections = [
    ['mapRoles', cm.mapRoles, 'rolearn'],
    ['mapUsers', cm.mapUsers, 'userarn'],
  ] as const;
  for (const [section, entries, arnKey] of sections)
    for (const e of entries) {
      const arn = e.values.get(arnKey);
      // no ARN: aws-iam-authenticator drops the entry (EKS-009); a role ARN with a path never matches
      if (!isKnown(arn) || arn.value === '') continue;
      if (section === 'mapRoles' && /^arn:[^:]+:iam::[^:]*:role\/.+\/.+$/.test(arn.value)) continue;
      const username = e.values.get('username');
      out.push({
        arn: arn.value,
        via: 'aws-auth',
        username: isKnown(username) && username.value !== '' ? username.value : arn.value,
        groups: e.groups.filter(isKnown).map((g) => ({ name: g.value, src: g.src })),
        policies: [],
        src: e.src,
        detail: section,
        resource: cm,
      });
    }
  for (const a of cm.mapAccounts)
    if (isKnown(a))
      out.push({
        arn: `arn:aws:iam::${a.value}:*`,
        via: 'aws-auth',
        username: `arn:aws:iam::${a.value}:*`,
        groups: [],
        policies: [],
        src: a.src,
        detail: 'mapAccounts',
        resource: cm,
      });
  return out;
}

function policyGrant(
  a: EksAccessPolicyAssociation,
  clusterRoles: Map<string, GraphRole>,
): PolicyGrant | undefined {
  const data = accessPolicies();
  const arn = a.policyArn.value;
  const name = arn.startsWith(data.arnPrefix) ? arn.slice(data.arnPrefix.length) : undefined;
  const policy = data.policies.find((p) => p.name === name);
  if (!isKnown(a.policyArn) || !policy) return undefined;
  const from: RoleKey = { kind: 'ClusterRole', name: policy.name };
  const mirrored = policy.mirrors ? (clusterRoles.get(policy.mirrors)?.rules ?? []) : [];
  const scope = a.accessScope;
  // no scope written: the association cannot be created without one; taken as cluster (the wider)
  const namespaces = scope && scope.type.value === 'namespace' ? vals(scope.namespaces) : ['*'];
  return {
    policy: policy.name,
    namespaces,
    rules: [...mirrored, ...policy.rules.map((r) => dataRule(r, from))],
    src: a.src,
  };
}

function accessEntryPrincipals(state: State, clusterRoles: Map<string, GraphRole>): IamPrincipal[] {
  const byPrincipal = new Map<string, EksAccessPolicyAssociation[]>();
  for (const a of state.aws.eks.accessPolicyAssociations) push(byPrincipal, a.principalArn.value, a);
  return state.aws.eks.accessEntries.flatMap((e: EksAccessEntry): IamPrincipal[] => {
    if (!isKnown(e.principalArn)) return [];
    const type = isKnown(e.type) ? e.type.value : 'STANDARD';
    const standard = type === 'STANDARD';
    const sameCluster = (a: EksAccessPolicyAssociation) =>
      !isKnown(a.clusterName) || !isKnown(e.clusterName) || a.clusterName.value === e.clusterName.value;
    const policies = standard
      ? (byPrincipal.get(e.principalArn.value) ?? [])
          .filter(sameCluster)
          .flatMap((a) => policyGrant(a, clusterRoles) ?? [])
      : [];
    const groups = standard
      ? e.kubernetesGroups.filter(isKnown).map((g) => ({ name: g.value, src: g.src }))
      : NODE_TYPES.has(type)
        ? [{ name: 'system:nodes' }]
        : [];
    return [
      {
        arn: e.principalArn.value,
        via: 'access-entry',
        username: accessEntryUsername(e.principalArn.value, type),
        groups,
        policies,
        src: e.src,
        detail: type,
        resource: e,
      },
    ];
  });
}

function eksPrincipals(state: State, clusterRoles: Map<string, GraphRole>): IamPrincipal[] {
  return [...state.aws.eks.awsAuth.flatMap(awsAuthPrincipals), ...accessEntryPrincipals(state, clusterRoles)];
}

/**
 * Paths from a Kubernetes subject (or an IAM principal authenticated to the cluster) to AWS
 * permissions (RBAC-008, `hako rbac principals`).
 *
 * A subject that can, in a namespace, create pods or any pod-creating workload, exec/attach into
 * pods, mint a ServiceAccount token (`create serviceaccounts/token`) or impersonate a
 * ServiceAccount (kubernetes-rbac.md §7), holds the AWS permissions of every ServiceAccount of that
 * namespace whose pods receive an IAM role (IRSA or Pod Identity, the effective link whose trust
 * admits them: workload-roles.ts). A path is worth reporting when that role has high-impact actions
 * (access.ts `highImpactActions`, certain ones only).
 *
 * Hops: IAM principal → aws-auth entry / access entry → group or user → binding (or access policy)
 * → role → rule → capability in the namespace → ServiceAccount → IRSA annotation / Pod Identity
 * association → IAM role → high-impact actions; each with its Src where there is one (built-in
 * default roles have none).
 *
 * One cluster per path: every hop must be able to belong to one cluster (clusters.ts: access
 * entries and associations name theirs, IRSA trusts name its OIDC provider, manifests belong to
 * the nearest clusters in the directory tree); a scan that names no cluster is one estate.
 *
 * Linear: ServiceAccounts with roles are indexed by namespace once, role actions are computed once
 * per role, and each subject's grants are evaluated once per capability (a grant applies to a
 * namespace, a namespace pattern or every namespace); the output is the size of the answer.
 */
import type { EksAccessEntry } from '../../model/aws/eks.js';
import type { IamRole } from '../../model/aws/iam.js';
import type { Resource } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import {
  AUTHENTICATED,
  buildRbacGraph,
  type EffectiveRule,
  type Grant,
  type Hop,
  MASTERS,
  namespacePatternMatches,
  type Principal,
  permissionsOf,
  type RbacGraph,
  type RbacRequest,
  ruleAllows,
  subjectKey,
  UNAUTHENTICATED,
} from '../rbac/index.js';
import { highImpactActions } from './access.js';
import { clusterScopes, intersect, type Scope } from './clusters.js';
import { irsaTrust } from './trust.js';
import { type WorkloadRole, workloadRoles } from './workload-roles.js';

/** What lets a subject act as a namespace's ServiceAccount. */
export type Capability =
  | 'createPods'
  | 'createWorkloads'
  | 'exec'
  | 'attach'
  | 'serviceAccountToken'
  | 'impersonateServiceAccount'
  | 'impersonateUser';

/** The pod-creating workload resources (kubernetes-rbac.md §7). */
export const WORKLOADS: readonly { group: string; resource: string }[] = [
  { group: 'apps', resource: 'deployments' },
  { group: 'apps', resource: 'replicasets' },
  { group: 'apps', resource: 'statefulsets' },
  { group: 'apps', resource: 'daemonsets' },
  { group: 'batch', resource: 'jobs' },
  { group: 'batch', resource: 'cronjobs' },
  { group: '', resource: 'replicationcontrollers' },
];

export type PathHopKind =
  | Hop['kind']
  | 'Capability'
  | 'IrsaAnnotation'
  | 'PodIdentityAssociation'
  | 'IamRole'
  | 'Actions';

export interface PathHop {
  kind: PathHopKind;
  name: string;
  namespace?: string;
  /** A short English description of what the hop gives (JSON `detail`). */
  detail: string;
  src?: Src;
}

export interface AwsPath {
  subject: Principal;
  capability: Capability;
  /** The request that opens the path, as text (`create pods`, `create apps/deployments`...). */
  request: string;
  namespace: string;
  serviceAccount: { namespace: string; name: string };
  roleArn: string;
  role: IamRole;
  via: 'irsa' | 'podIdentity';
  /** High-impact action ids (access.ts HIGH_IMPACT), certain grants only. */
  actions: string[];
  hops: PathHop[];
  /** Where the path opens: the binding, access policy, aws-auth entry or access entry (undefined: built-in). */
  opening?: { src: Src; resource: Resource };
  /** Through the subject's own bindings/mappings, not an implicit group (`system:authenticated`...). */
  own: boolean;
}

/** A subject's permissions summarised (for `hako rbac principals`). */
export interface PermissionSummary {
  /** `*` (every namespace and cluster-scoped) or a namespace (pattern for access policies). */
  scope: string;
  level: 'cluster-admin' | 'admin' | 'write' | 'read' | 'other';
  /** Escalation verbs held in that scope: `escalate`, `bind`, `impersonate`, `create pods`... */
  escalation: string[];
}

interface Probe {
  capability: Capability;
  text: string;
  req: (namespace: string, sa: string) => RbacRequest;
  /** The request carries the ServiceAccount's name (resourceNames can scope it). */
  named: boolean;
}

const PROBES: Probe[] = [
  {
    capability: 'createPods',
    text: 'create pods',
    named: false,
    req: (ns) => ({ verb: 'create', apiGroup: '', resource: 'pods', namespace: ns }),
  },
  ...WORKLOADS.map(
    (w): Probe => ({
      capability: 'createWorkloads',
      text: `create ${w.group ? `${w.group}/` : ''}${w.resource}`,
      named: false,
      req: (ns) => ({ verb: 'create', apiGroup: w.group, resource: w.resource, namespace: ns }),
    }),
  ),
  ...(['exec', 'attach'] as const).flatMap((sub) =>
    // `get` on pods/exec is exec-capable before Kubernetes 1.35 (kubernetes-rbac.md, exec): the
    // cluster version is not known offline, so it counts (conservative)
    (['create', 'get'] as const).map(
      (verb): Probe => ({
        capability: sub,
        text: `${verb} pods/${sub}`,
        named: false,
        req: (ns) => ({ verb, apiGroup: '', resource: 'pods', subresource: sub, namespace: ns }),
      }),
    ),
  ),
  {
    capability: 'serviceAccountToken',
    text: 'create serviceaccounts/token',
    named: true,
    req: (ns, sa) => ({
      verb: 'create',
      apiGroup: '',
      resource: 'serviceaccounts',
      subresource: 'token',
      name: sa,
      namespace: ns,
    }),
  },
  {
    capability: 'impersonateServiceAccount',
    text: 'impersonate serviceaccounts',
    named: true,
    req: (ns, sa) => ({
      verb: 'impersonate',
      apiGroup: '',
      resource: 'serviceaccounts',
      name: sa,
      namespace: ns,
    }),
  },
  {
    // users are cluster-scoped: only a cluster-wide grant applies
    capability: 'impersonateUser',
    text: 'impersonate users',
    named: true,
    req: (ns, sa) => ({
      verb: 'impersonate',
      apiGroup: '',
      resource: 'users',
      name: `system:serviceaccount:${ns}:${sa}`,
      namespace: '',
    }),
  },
];

/** Per rule and probe: whether the rule may allow it (names aside), computed once per rule. */
const probeCache = new WeakMap<EffectiveRule, boolean[]>();
function probeAllows(rule: EffectiveRule, index: number, probe: Probe): boolean {
  let list = probeCache.get(rule);
  if (!list) {
    // names aside: a named probe is decided per ServiceAccount after this when the rule lists names
    const nameless = rule.resourceNames.length > 0 ? { ...rule, resourceNames: [] } : rule;
    list = PROBES.map((p) => ruleAllows(p.named ? nameless : rule, p.req('x', p.named ? 'x' : '')));
    probeCache.set(rule, list);
  }
  return list[index] ?? ruleAllows(rule, probe.req('x', ''));
}

const IMPLICIT = new Set([AUTHENTICATED, UNAUTHENTICATED, 'system:serviceaccounts']);
const implicitGroup = (name: string) => IMPLICIT.has(name) || name.startsWith('system:serviceaccounts:');

/** A role worth reaching: a ServiceAccount link with high-impact actions. */
interface Target {
  link: WorkloadRole;
  role: IamRole;
  roleArn: string;
  actions: string[];
  actionSrc?: Src;
  /** The clusters the ServiceAccount and its link may be in (clusters.ts). */
  scope: Scope;
  /** What its paths sort by (comparePaths's key). */
  sortKey: string;
  /** The hops after the capability, made once per target: [ServiceAccount ("runs a pod as" / "acts as"), link, role, actions]. */
  tail?: { runs?: PathHop; acts?: PathHop; rest: PathHop[] };
}

export interface IdentityPaths {
  graph: RbacGraph;
  /** Subjects of scanned bindings and every IAM principal, sorted. */
  subjects: Principal[];
  /** Where each subject is written first (binding subject entry, aws-auth or access entry). */
  sources: Map<string, Src>;
  pathsOf(subject: Principal): AwsPath[];
  permissionsOf(subject: Principal): Grant[];
  /** Every path of every subject, sorted. */
  all(): AwsPath[];
}

export const principalKey = (p: Principal) =>
  p.kind === 'IamPrincipal' ? `IamPrincipal\0\0${p.name}` : subjectKey(p.kind, p.name, p.namespace);

const KIND_ORDER: Record<Principal['kind'], number> = {
  IamPrincipal: 0,
  User: 1,
  Group: 2,
  ServiceAccount: 3,
};

export function comparePrincipals(a: Principal, b: Principal): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const an = 'namespace' in a ? (a.namespace ?? '') : '';
  const bn = 'namespace' in b ? (b.namespace ?? '') : '';
  return an < bn ? -1 : an > bn ? 1 : 0;
}

const srcKey = (s: Src) => `${s.file}\0${s.startLine}\0${s.startColumn}`;

// path hops are immutable and shared: one per RBAC hop (themselves shared per binding, role and
// rule), so an estate of thousands of paths through the same objects allocates each hop once
const pathHops = new WeakMap<Hop, PathHop>();
function toPathHop(h: Hop): PathHop {
  let p = pathHops.get(h);
  if (!p) {
    p = makePathHop(h);
    pathHops.set(h, p);
  }
  return p;
}

/** An IAM principal's hop written where its entry maps it, once per principal hop. */
const principalAtEntry = new WeakMap<PathHop, PathHop>();

function makePathHop(h: Hop): PathHop {
  const detail =
    h.kind === 'IamPrincipal'
      ? 'IAM principal'
      : h.kind === 'AwsAuthEntry'
        ? `aws-auth ${h.name} entry`
        : h.kind === 'AccessEntry'
          ? `EKS access entry of type ${h.name}`
          : h.kind === 'AccessPolicy'
            ? `EKS access policy ${h.name}${h.namespace ? ` scoped to ${h.namespace}` : ' (cluster scope)'}`
            : h.kind === 'Group'
              ? `member of group ${h.name}`
              : h.kind === 'User'
                ? `authenticates as user ${h.name}`
                : h.kind === 'Bypass'
                  ? 'system:masters bypasses RBAC'
                  : h.kind === 'Rule'
                    ? `rule ${h.name}`
                    : h.kind === 'ServiceAccount'
                      ? `ServiceAccount ${h.namespace ?? ''}/${h.name}`
                      : `${h.kind} ${h.namespace ? `${h.namespace}/` : ''}${h.name}${h.src ? '' : ' (built-in)'}`;
  return {
    kind: h.kind,
    name: h.name,
    ...(h.namespace !== undefined ? { namespace: h.namespace } : {}),
    detail,
    ...(h.src ? { src: h.src } : {}),
  };
}

/** The role's ARN as best known: as written when literal, else the scanned role's (stand-ins last). */
function arnOf(link: WorkloadRole): string {
  const known = [link.roleArn.value, link.role?.arn].filter(
    (a): a is string => !!a && a.startsWith('arn:') && !a.includes('<unknown>'),
  );
  return known[0] ?? link.role?.arn ?? link.roleArn.value;
}

/** Build the identity paths of a scan (the RBAC graph may be passed when already built). */
export function identityPaths(state: State, graph: RbacGraph = buildRbacGraph(state)): IdentityPaths {
  const scopes = clusterScopes(state);
  // the clusters the pods of a link may run in: the ServiceAccount's manifest, and the cluster the
  // IRSA trust's provider or the Pod Identity association names
  const linkScope = (link: WorkloadRole, role: IamRole): Scope => {
    if (scopes.none) return undefined;
    const sa = link.serviceAccount.src ? scopes.ofFile(link.serviceAccount.src.file) : undefined;
    const own =
      link.via === 'podIdentity' && link.association
        ? scopes.ofClusterName(
            link.association.clusterName,
            link.association.clusterRef,
            link.association.src,
          )
        : link.via === 'irsa' && role.trustPolicy
          ? scopes.ofProviders(irsaTrust(role.trustPolicy.document).providers.map((p) => p.arn))
          : undefined;
    return intersect(sa, own);
  };
  // --- targets: effective ServiceAccount → role links with high-impact actions, by namespace ---
  const actionsByRole = new Map<IamRole, { actions: string[]; src?: Src }>();
  const targetsByNs = new Map<string, Target[]>();
  for (const link of workloadRoles(state).all) {
    if (!link.effective || link.trustAdmits !== 'yes' || !link.role) continue;
    let a = actionsByRole.get(link.role);
    if (!a) {
      const grants = highImpactActions(state, link.role).filter((g) => g.certain);
      const src = grants.flatMap((g) => g.statements.flatMap((s) => (s.src ? [s.src] : [])))[0];
      const ids = grants.map((g) => g.id);
      // every action: the other probes add nothing
      a = { actions: ids.includes('admin') ? ['admin'] : ids, ...(src ? { src } : {}) };
      actionsByRole.set(link.role, a);
    }
    if (a.actions.length === 0) continue;
    const ns = link.serviceAccount.namespace;
    const list = targetsByNs.get(ns) ?? [];
    list.push({
      link,
      role: link.role,
      roleArn: arnOf(link),
      actions: a.actions,
      ...(a.src ? { actionSrc: a.src } : {}),
      scope: linkScope(link, link.role),
      sortKey: pathKey(arnOf(link), link.serviceAccount.namespace, link.serviceAccount.name, link.via),
    });
    targetsByNs.set(ns, list);
  }
  const namespaces = [...targetsByNs.keys()].sort();

  // --- where paths open: bindings and EKS entries by their Src ---
  const openings = new Map<string, Resource>();
  for (const b of [...graph.clusterRoleBindings, ...[...graph.roleBindingsByNamespace.values()].flat()])
    if (b.src && b.resource) openings.set(srcKey(b.src), b.resource);
  for (const p of graph.principals) {
    if (p.resource) openings.set(srcKey(p.src), p.resource);
    for (const g of p.policies) if (g.src && p.resource) openings.set(srcKey(g.src), p.resource);
  }

  // --- subjects: of scanned bindings, and IAM principals ---
  const subjects = new Map<string, Principal>();
  const sources = new Map<string, Src>();
  for (const b of [...graph.clusterRoleBindings, ...[...graph.roleBindingsByNamespace.values()].flat()]) {
    if (b.builtin) continue;
    for (const s of b.subjects) {
      const p: Principal = {
        kind: s.kind,
        name: s.name,
        ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
      };
      const k = principalKey(p);
      if (!subjects.has(k)) subjects.set(k, p);
      if (s.src && !sources.has(k)) sources.set(k, s.src);
    }
  }
  for (const p of graph.principals) {
    const pr: Principal = { kind: 'IamPrincipal', name: p.arn };
    const k = principalKey(pr);
    if (!subjects.has(k)) subjects.set(k, pr);
    if (!sources.has(k)) sources.set(k, p.src);
  }
  const sorted = [...subjects.values()].sort(comparePrincipals);

  // --- cluster scopes: of each EKS principal (its access entry's cluster, or its aws-auth file), of each grant ---
  const principalScopes = new Map<string, Scope>();
  if (!scopes.none)
    for (const p of graph.principals) {
      const e = p.via === 'access-entry' ? (p.resource as EksAccessEntry | undefined) : undefined;
      const scope = e ? scopes.ofClusterName(e.clusterName, e.clusterRef, e.src) : scopes.ofFile(p.src.file);
      principalScopes.set(srcKey(p.src), scope);
      for (const g of p.policies) if (g.src) principalScopes.set(srcKey(g.src), scope);
    }
  const hopScope = (h: Hop): Scope => {
    if (!h.src) return undefined;
    const k = srcKey(h.src);
    return principalScopes.has(k) ? principalScopes.get(k) : scopes.ofFile(h.src.file);
  };
  const grantScopes = new WeakMap<Grant, Scope>();
  /** The clusters every hop of the grant may be in together (built-in objects are in every cluster). */
  const grantScope = (g: Grant): Scope => {
    if (grantScopes.has(g)) return grantScopes.get(g);
    let s: Scope;
    for (const h of g.via) s = intersect(s, hopScope(h));
    grantScopes.set(g, s);
    return s;
  };
  /** Whether the grant and the ServiceAccount link can be in one cluster. */
  const sameCluster = (g: Grant, t: Target) => {
    if (scopes.none) return true;
    const s = intersect(grantScope(g), t.scope);
    return s === undefined || s.size > 0;
  };

  // the last subject's grants (callers ask for a subject's permissions and paths together): a cache
  // of every subject's would hold them all for the whole run
  let lastGrants: { key: string; grants: Grant[] } | undefined;
  const grantsOf = (p: Principal) => {
    const k = principalKey(p);
    if (lastGrants?.key !== k) lastGrants = { key: k, grants: permissionsOf(graph, p) };
    return lastGrants.grants;
  };

  const isOwn = (subject: Principal, g: Grant) => {
    for (const h of g.via)
      if (
        h.kind === 'Group' &&
        implicitGroup(h.name) &&
        !(subject.kind === 'Group' && subject.name === h.name)
      )
        return false;
    return true;
  };

  const pathsOf = (subject: Principal): AwsPath[] => {
    if (namespaces.length === 0) return [];
    const grants = grantsOf(subject);
    // best (first) path per ServiceAccount link: probes in order, own grants before implicit ones
    let best: Map<WorkloadRole, { key: string; path: AwsPath }> | undefined;
    // own grants first: the grants as they are when they already come so (the common case, no
    // copy per subject), else a reordered copy
    let ownCount = 0;
    let partitioned = true;
    for (let gi = 0; gi < grants.length; gi++) {
      if (isOwn(subject, grants[gi]!)) {
        if (ownCount !== gi) partitioned = false;
        ownCount++;
      }
    }
    let ordered = grants;
    if (!partitioned) {
      const own: Grant[] = [];
      const implicit: Grant[] = [];
      for (const g of grants) (isOwn(subject, g) ? own : implicit).push(g);
      for (const g of implicit) own.push(g);
      ordered = own;
    }
    for (let pi = 0; pi < PROBES.length; pi++) {
      const probe = PROBES[pi]!;
      for (let gi = 0; gi < ordered.length; gi++) {
        const g = ordered[gi]!;
        // namespaces this grant may apply in (a cluster-scoped request needs a cluster-wide grant)
        const cluster = probe.capability === 'impersonateUser';
        if (cluster && g.namespace !== '*') continue;
        // decided once per rule (any namespace: the grant's scope is checked below); a probe
        // carrying a name is then decided per ServiceAccount when the rule lists resourceNames
        if (!probeAllows(g.rule, pi, probe)) continue;
        const nss =
          g.namespace === '*'
            ? namespaces
            : g.namespace.includes('*')
              ? namespaces.filter((n) => namespacePatternMatches(g.namespace, n))
              : targetsByNs.has(g.namespace)
                ? [g.namespace]
                : [];
        if (nss.length === 0) continue;
        // a rule without resourceNames allows a named probe for every name (decided above)
        const byName = probe.named && g.rule.resourceNames.length > 0;
        for (const ns of nss) {
          const targets = targetsByNs.get(ns);
          if (!targets) continue;
          for (const t of targets) {
            if (best?.has(t.link)) continue;
            if (!sameCluster(g, t)) continue;
            if (byName && !ruleAllows(g.rule, probe.req(ns, t.link.serviceAccount.name))) continue;
            if (!best) best = new Map();
            best.set(t.link, { key: t.sortKey, path: makePath(subject, probe, g, ns, t, gi < ownCount) });
          }
        }
      }
    }
    if (!best) return [];
    // sorted by role, ServiceAccount, link (pathKey), on keys made once per target
    const keyed = [...best.values()];
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.path);
  };

  const capabilityHops = new Map<Src | undefined, Map<string, PathHop>>();
  const makePath = (
    subject: Principal,
    probe: Probe,
    g: Grant,
    ns: string,
    t: Target,
    own: boolean,
  ): AwsPath => {
    const sa = t.link.serviceAccount;
    const hops: PathHop[] = g.via.map(toPathHop);
    // the IAM principal is written where its entry maps it; the capability where its rule is
    const entry = hops.find((h) => h.kind === 'AwsAuthEntry' || h.kind === 'AccessEntry');
    if (hops[0]?.kind === 'IamPrincipal' && entry?.src) {
      let h = principalAtEntry.get(hops[0]);
      if (h?.src !== entry.src) {
        h = { ...hops[0], src: entry.src };
        principalAtEntry.set(hops[0], h);
      }
      hops[0] = h;
    }
    let ruleSrc: Src | undefined;
    for (let i = g.via.length - 1; i >= 0 && !ruleSrc; i--) {
      const h = g.via[i]!;
      if (h.kind === 'Rule' && h.src) ruleSrc = h.src;
    }
    hops.push(capabilityHop(capabilityHops, probe, ns, sa.name, ruleSrc));
    if (!t.tail) t.tail = { rest: tailHops(t) };
    const tail = t.tail;
    let saHop: PathHop;
    if (probe.capability === 'createPods' || probe.capability === 'createWorkloads') {
      if (!tail.runs) tail.runs = serviceAccountHop(t, 'runs a pod as');
      saHop = tail.runs;
    } else {
      if (!tail.acts) tail.acts = serviceAccountHop(t, 'acts as');
      saHop = tail.acts;
    }
    hops.push(saHop, ...tail.rest);
    let openHop: Hop | undefined;
    for (let i = g.via.length - 1; i >= 0 && !openHop; i--) {
      const h = g.via[i]!;
      if (
        h.src &&
        (h.kind === 'RoleBinding' ||
          h.kind === 'ClusterRoleBinding' ||
          h.kind === 'AccessPolicy' ||
          h.kind === 'AwsAuthEntry' ||
          h.kind === 'AccessEntry')
      )
        openHop = h;
    }
    // a path through a built-in binding (system:masters) opens at the entry that maps into it
    const entryHop = g.via.find((h) => h.src && (h.kind === 'AwsAuthEntry' || h.kind === 'AccessEntry'));
    const at = openHop?.src ? openHop : entryHop;
    const resource = at?.src ? openings.get(srcKey(at.src)) : undefined;
    return {
      subject,
      capability: probe.capability,
      request: probe.text,
      namespace: ns,
      serviceAccount: { namespace: sa.namespace, name: sa.name },
      roleArn: t.roleArn,
      role: t.role,
      via: t.link.via,
      actions: t.actions,
      hops,
      ...(at?.src && resource ? { opening: { src: at.src, resource } } : {}),
      own,
    };
  };

  return {
    graph,
    subjects: sorted,
    sources,
    pathsOf,
    permissionsOf: grantsOf,
    all: () => sorted.flatMap(pathsOf),
  };
}

/**
 * Capability hops, shared per (rule source, probe, namespace[, ServiceAccount for impersonateUser])
 * in `cache` (one per identityPaths: it goes with the scan).
 */
function capabilityHop(
  cache: Map<Src | undefined, Map<string, PathHop>>,
  probe: Probe,
  ns: string,
  saName: string,
  ruleSrc: Src | undefined,
): PathHop {
  const user = probe.capability === 'impersonateUser';
  const key = `${probe.text}\0${ns}${user ? `\0${saName}` : ''}`;
  let bySrc = cache.get(ruleSrc);
  if (!bySrc) {
    bySrc = new Map();
    cache.set(ruleSrc, bySrc);
  }
  let hop = bySrc.get(key);
  if (!hop) {
    hop = {
      kind: 'Capability',
      name: probe.text,
      namespace: ns,
      ...(ruleSrc ? { src: ruleSrc } : {}),
      detail: `can ${probe.text}${user ? ` (system:serviceaccount:${ns}:${saName})` : ''} in namespace ${ns}`,
    };
    bySrc.set(key, hop);
  }
  return hop;
}

function serviceAccountHop(t: Target, does: string): PathHop {
  const sa = t.link.serviceAccount;
  return {
    kind: 'ServiceAccount',
    name: sa.name,
    namespace: sa.namespace,
    detail: `${does} ServiceAccount ${sa.namespace}/${sa.name}`,
    ...(sa.src ? { src: sa.src } : {}),
  };
}

/** The link, role and actions hops of a target. */
function tailHops(t: Target): PathHop[] {
  return [
    {
      kind: t.link.via === 'irsa' ? 'IrsaAnnotation' : 'PodIdentityAssociation',
      name: t.roleArn,
      detail:
        t.link.via === 'irsa'
          ? `IRSA annotation eks.amazonaws.com/role-arn: ${t.roleArn}`
          : `EKS Pod Identity association to ${t.roleArn}`,
      src: t.link.src,
    },
    {
      kind: 'IamRole',
      name: t.role.name,
      detail: `IAM role ${t.roleArn} (trust admits these pods)`,
      src: t.role.src,
    },
    {
      kind: 'Actions',
      name: t.actions.join(','),
      detail: `high-impact actions: ${t.actions.join(', ')}`,
      ...(t.actionSrc ? { src: t.actionSrc } : {}),
    },
  ];
}

/** Paths sort by role, ServiceAccount and link. */
const pathKey = (roleArn: string, namespace: string, name: string, via: string) =>
  `${roleArn}\0${namespace}\0${name}\0${via}`;

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const READ = ['get', 'list', 'watch'];
const REVIEW_GROUPS = new Set(['authorization.k8s.io', 'authentication.k8s.io']);
const ESCALATION: { text: string; req: RbacRequest }[] = [
  { text: 'escalate', req: { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'roles' } },
  {
    text: 'escalate',
    req: { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
  },
  { text: 'bind', req: { verb: 'bind', apiGroup: 'rbac.authorization.k8s.io', resource: 'roles' } },
  { text: 'bind', req: { verb: 'bind', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' } },
  { text: 'impersonate', req: { verb: 'impersonate', apiGroup: '', resource: 'users' } },
  { text: 'impersonate', req: { verb: 'impersonate', apiGroup: '', resource: 'groups' } },
  { text: 'impersonate', req: { verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts' } },
  ...PROBES.filter((p) => !p.named).map((p) => ({ text: p.text, req: p.req('x', '') })),
  {
    text: 'create serviceaccounts/token',
    req: { verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token' },
  },
  { text: 'list secrets', req: { verb: 'list', apiGroup: '', resource: 'secrets' } },
  { text: 'get nodes/proxy', req: { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy' } },
];

/** The escalation requests in some namespace (a rule's summary is namespace-free), made once. */
const ESCALATION_X = ESCALATION.map((e) => ({ text: e.text, req: { ...e.req, namespace: 'x' } }));

/** A subject's grants summarised per scope: level and escalation verbs (deterministic order). */
export function summarise(grants: Grant[]): PermissionSummary[] {
  const byScope = new Map<string, { level: PermissionSummary['level']; escalation: Set<string> }>();
  const rank = { 'cluster-admin': 4, admin: 3, write: 2, read: 1, other: 0 } as const;
  for (const g of grants) {
    const { level: ruleLevel, escalation } = ruleSummary(g.rule);
    const level: PermissionSummary['level'] =
      ruleLevel === 'admin' && g.namespace === '*' ? 'cluster-admin' : ruleLevel;
    const cur = byScope.get(g.namespace) ?? { level: 'other' as const, escalation: new Set<string>() };
    if (rank[level] > rank[cur.level]) cur.level = level;
    for (const e of escalation) cur.escalation.add(e);
    byScope.set(g.namespace, cur);
  }
  return [...byScope.entries()]
    .filter(([, v]) => v.level !== 'other' || v.escalation.size > 0)
    .sort(([a], [b]) => (a === '*' ? -1 : b === '*' ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([scope, v]) => ({ scope, level: v.level, escalation: [...v.escalation].sort() }));
}

const summaryCache = new WeakMap<
  EffectiveRule,
  { level: PermissionSummary['level']; escalation: string[] }
>();

/** One rule's level (admin when every verb on everything) and escalation verbs, cached per rule. */
function ruleSummary(r: EffectiveRule): { level: PermissionSummary['level']; escalation: string[] } {
  const hit = summaryCache.get(r);
  if (hit) return hit;
  let level: PermissionSummary['level'] = 'other';
  // the self-review APIs every authenticated user may create are not write access
  const reviews = r.apiGroups.length > 0 && r.apiGroups.every((a) => REVIEW_GROUPS.has(a));
  const all = r.verbs.includes('*') && r.resources.includes('*') && r.apiGroups.includes('*');
  if (all) level = 'admin';
  else if (!reviews && r.verbs.some((v) => v === '*' || WRITE.includes(v)) && r.resources.length > 0)
    level = 'write';
  else if (r.verbs.some((v) => READ.includes(v)) && r.resources.length > 0) level = 'read';
  const escalation = [...new Set(ESCALATION_X.filter((e) => ruleAllows(r, e.req)).map((e) => e.text))];
  const out = { level, escalation };
  summaryCache.set(r, out);
  return out;
}

/** Whether a principal is `system:masters` (it bypasses RBAC). */
export const isMasters = (p: Principal) => p.kind === 'Group' && p.name === MASTERS;

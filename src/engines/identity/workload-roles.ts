/**
 * Which IAM roles the pods of each ServiceAccount receive: through IRSA (the ServiceAccount's
 * `eks.amazonaws.com/role-arn` annotation, facts B8) or EKS Pod Identity (an association of the
 * cluster, namespace and ServiceAccount, facts B9), joined to the scanned role (model/aws/ref.ts)
 * and its trust judged by engines/identity/trust.ts.
 *
 * Both at once: the pod gets both sets of credentials (the webhook injects
 * `AWS_WEB_IDENTITY_TOKEN_FILE`, Pod Identity `AWS_CONTAINER_CREDENTIALS_FULL_URI`), and the AWS
 * SDKs' default credential chain reads the web identity token before the container credentials
 * provider, so the IRSA role is the one in effect (`effective`); the association is listed, not
 * effective.
 *
 * Pure and linear: one pass over ServiceAccounts and associations, map look-ups for the joins,
 * one result per state (cached).
 */
import type { EksCluster, OidcProvider, PodIdentityAssociation } from '../../model/aws/eks.js';
import { isStandInHost, issuerHost } from '../../model/aws/eks.js';
import type { IamRole } from '../../model/aws/iam.js';
import { resolveRole } from '../../model/aws/ref.js';
import type { ServiceAccount } from '../../model/k8s/core.js';
import { isKnown, type Src, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import {
  admitsToken,
  irsaTrust,
  podIdentityTrust,
  providerHostOf,
  roleArnOf,
  STS_AUDIENCE,
  subOf,
  type Tri,
} from './trust.js';

export interface WorkloadRole {
  serviceAccount: { namespace: string; name: string; src?: Src; view?: ServiceAccount };
  via: 'irsa' | 'podIdentity';
  /** The role ARN as written (annotation or association). */
  roleArn: Val<string>;
  /** The scanned role it names, when there is one. */
  role?: IamRole;
  /** Whether the role's trust lets these pods assume it (unknown: role not scanned or trust not knowable). */
  trustAdmits: Tri;
  /** The role the pods actually use (IRSA wins over Pod Identity for one ServiceAccount). */
  effective: boolean;
  /** The annotation or the association. */
  src: Src;
  /** Pod Identity: the association. */
  association?: PodIdentityAssociation;
}

export interface WorkloadRoles {
  all: WorkloadRole[];
  /** By namespace (`default` for an object without one, as Kubernetes would place it). */
  byNamespace: Map<string, WorkloadRole[]>;
  /** By `namespace/name` of the ServiceAccount. */
  byServiceAccount: Map<string, WorkloadRole[]>;
  /** Associations whose namespace or ServiceAccount is not known: joined to nothing. */
  unresolved: PodIdentityAssociation[];
}

export const saKey = (namespace: string, name: string) => `${namespace}/${name}`;

// --- OIDC providers and cluster issuers ---------------------------------------------------------

export interface OidcIndex {
  /** Every host/path a provider ARN stands for in this scan (the ARN's own first). */
  hostsOf(arn: string): string[];
  /** The scanned cluster whose issuer the provider is, when known. */
  clusterOf(arn: string): EksCluster | undefined;
  providerOf(arn: string): OidcProvider | undefined;
}

/** What a cached result was built from: a state that grew since is indexed again. */
function sizeOf(state: State): string {
  const { eks, iam } = state.aws;
  return [
    state.k8s.serviceAccounts.length,
    eks.podIdentityAssociations.length,
    eks.oidcProviders.length,
    eks.clusters.length,
    iam.roles.length,
  ].join(',');
}

const oidcCache = new WeakMap<State, { size: string; index: OidcIndex }>();

export function oidcIndex(state: State): OidcIndex {
  const size = sizeOf(state);
  const hit = oidcCache.get(state);
  if (hit?.size === size) return hit.index;
  const { oidcProviders, clusters } = state.aws.eks;
  const providerByHost = new Map<string, OidcProvider>();
  const providerByArn = new Map<string, OidcProvider>();
  for (const p of oidcProviders) {
    for (const h of p.hosts) if (!providerByHost.has(h.toLowerCase())) providerByHost.set(h.toLowerCase(), p);
    for (const a of p.arns) if (!providerByArn.has(a)) providerByArn.set(a, p);
  }
  const clusterByHost = new Map<string, EksCluster>();
  const clusterByAddress = new Map<string, EksCluster>();
  for (const c of clusters) {
    if (c.oidcIssuer && isKnown(c.oidcIssuer))
      clusterByHost.set(issuerHost(c.oidcIssuer.value).toLowerCase(), c);
    clusterByAddress.set(c.ref.address, c);
  }
  const providerOf = (arn: string): OidcProvider | undefined => {
    const p = providerByArn.get(arn);
    if (p) return p;
    const host = providerHostOf(arn);
    return host === undefined ? undefined : providerByHost.get(host.toLowerCase());
  };
  const clusterOf = (arn: string): EksCluster | undefined => {
    const p = providerOf(arn);
    if (p?.clusterRef) {
      const c = clusterByAddress.get(p.clusterRef);
      if (c) return c;
    }
    for (const h of [providerHostOf(arn), ...(p?.hosts ?? [])])
      if (h !== undefined) {
        const c = clusterByHost.get(h.toLowerCase());
        if (c) return c;
      }
    return undefined;
  };
  const index: OidcIndex = {
    providerOf,
    clusterOf,
    hostsOf(arn) {
      let hit = hostsByArn.get(arn);
      if (!hit) {
        hit = hostsOf(arn);
        hostsByArn.set(arn, hit);
      }
      return hit;
    },
  };
  // one list per provider ARN (read-only): asked once per ServiceAccount naming a role
  const hostsByArn = new Map<string, string[]>();
  const hostsOf = (arn: string): string[] => {
    const own = providerHostOf(arn);
    const out: string[] = own === undefined ? [] : [own];
    const add = (h: string) => {
      if (!out.some((x) => x.toLowerCase() === h.toLowerCase())) out.push(h);
    };
    for (const h of providerOf(arn)?.hosts ?? []) add(h);
    const c = clusterOf(arn);
    if (c?.oidcIssuer && isKnown(c.oidcIssuer)) add(issuerHost(c.oidcIssuer.value));
    return out;
  };
  oidcCache.set(state, { size, index });
  return index;
}

// --- the join ---------------------------------------------------------------------------------

/**
 * Whether an IRSA trust admits exactly `system:serviceaccount:<ns>:<sa>` with audience
 * `sts.amazonaws.com`, from any provider it names (when the scan holds exactly one cluster, a
 * provider known to be another cluster's does not count).
 */
export function irsaAdmits(state: State, role: IamRole, namespace: string, name: string): Tri {
  const doc = role.trustPolicy?.document;
  if (doc === undefined) return role.trustPolicy ? 'unknown' : role.complete ? 'no' : 'unknown';
  const trust = irsaTrust(doc);
  if (trust.unresolved) return 'unknown';
  if (trust.providers.length === 0) return 'no';
  const oidc = oidcIndex(state);
  const clusters = state.aws.eks.clusters;
  const only = clusters.length === 1 ? clusters[0] : undefined;
  let answer: Tri = 'no';
  // The ServiceAccounts of a scan with one cluster are taken to run there: a provider that is
  // another cluster's (scanned, or a real issuer other than this cluster's real one) does not count.
  const onlyHost =
    only?.oidcIssuer && isKnown(only.oidcIssuer) && !isStandInHost(issuerHost(only.oidcIssuer.value))
      ? issuerHost(only.oidcIssuer.value).toLowerCase()
      : undefined;
  for (const p of trust.providers) {
    const cluster = oidc.clusterOf(p.arn);
    if (only && cluster && cluster !== only) continue;
    const hosts = oidc.hostsOf(p.arn);
    if (onlyHost && !cluster && !hosts.some((h) => isStandInHost(h) || h.toLowerCase() === onlyHost))
      continue;
    const t = admitsToken(doc, trust, { arn: p.arn, hosts }, roleArnOf(role), {
      sub: subOf(namespace, name),
      aud: STS_AUDIENCE,
    });
    if (t === 'yes') return 'yes';
    if (t === 'unknown') answer = 'unknown';
  }
  return answer;
}

function podIdentityAdmits(role: IamRole | undefined): Tri {
  if (!role) return 'unknown';
  const doc = role.trustPolicy?.document;
  if (doc === undefined) return role.trustPolicy ? 'unknown' : role.complete ? 'no' : 'unknown';
  return podIdentityTrust(doc, roleArnOf(role)).both;
}

const cache = new WeakMap<State, { size: string; roles: WorkloadRoles }>();

/** For each ServiceAccount (and each association whose ServiceAccount is not scanned), the roles its pods receive. */
export function workloadRoles(state: State): WorkloadRoles {
  const size = sizeOf(state);
  const hit = cache.get(state);
  if (hit?.size === size) return hit.roles;
  const out: WorkloadRoles = { all: [], byNamespace: new Map(), byServiceAccount: new Map(), unresolved: [] };
  const push = (w: WorkloadRole) => {
    out.all.push(w);
    const ns = w.serviceAccount.namespace;
    const byNs = out.byNamespace.get(ns);
    if (byNs) byNs.push(w);
    else out.byNamespace.set(ns, [w]);
    const k = saKey(ns, w.serviceAccount.name);
    const bySa = out.byServiceAccount.get(k);
    if (bySa) bySa.push(w);
    else out.byServiceAccount.set(k, [w]);
  };
  const views = new Map<string, ServiceAccount>();
  for (const sa of state.k8s.serviceAccounts) {
    const namespace = sa.namespace.value;
    views.set(saKey(namespace, sa.name), sa);
    const arn = sa.roleArn;
    if (!arn) continue;
    const role = isKnown(arn) && arn.value !== '' ? resolveRole(state, { arn: arn.value }) : undefined;
    push({
      serviceAccount: { namespace, name: sa.name, src: sa.src, view: sa },
      via: 'irsa',
      roleArn: arn,
      role,
      trustAdmits: role ? irsaAdmits(state, role, namespace, sa.name) : 'unknown',
      effective: true,
      src: arn.src,
    });
  }
  for (const a of state.aws.eks.podIdentityAssociations) {
    if (
      !isKnown(a.namespace) ||
      !isKnown(a.serviceAccount) ||
      a.namespace.value === '' ||
      a.serviceAccount.value === ''
    ) {
      out.unresolved.push(a);
      continue;
    }
    const namespace = a.namespace.value;
    const name = a.serviceAccount.value;
    const view = views.get(saKey(namespace, name));
    const role = a.role ? resolveRole(state, a.role) : undefined;
    const irsa = out.byServiceAccount.get(saKey(namespace, name))?.some((w) => w.via === 'irsa') ?? false;
    push({
      serviceAccount: { namespace, name, src: view?.src, view },
      via: 'podIdentity',
      roleArn: a.roleArn,
      role,
      trustAdmits: podIdentityAdmits(role),
      effective: !irsa,
      src: a.roleArn.origin === 'default' ? a.src : a.roleArn.src,
      association: a,
    });
  }
  cache.set(state, { size, roles: out });
  return out;
}

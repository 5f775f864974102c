/**
 * Which cluster each piece of a path may belong to, so that a path from Kubernetes to AWS
 * (RBAC-008, `hako rbac principals`) never joins objects of different clusters.
 *
 * What the files say:
 * - An access entry, an access policy association and a Pod Identity association name their
 *   cluster (`cluster_name` / `ClusterName`: required by the EKS API, facts B3, B9): a scanned
 *   cluster they refer to, one of that name, or a cluster of that name not in the scan.
 * - An IRSA trust names the OIDC provider of one cluster (facts B8): the role's pods run there.
 * - A Kubernetes manifest (binding, role, aws-auth, ServiceAccount) does not say which cluster it
 *   is applied to. Repositories keep a cluster's manifests next to its definition (one directory per
 *   cluster or environment, kustomize overlays): a manifest is taken to belong to the clusters
 *   whose files (cluster definitions, access entries, associations) are nearest to it in the
 *   directory tree — every cluster at the nearest distance, so a base shared by two overlays may be
 *   either. A scan that names no cluster at all puts every manifest in any cluster (one estate).
 *
 * A scope is the set of cluster ids an object may belong to, or undefined: any cluster. A path is
 * reported only when the scopes of all its hops share a cluster.
 */
import type { EksCluster } from '../../model/aws/eks.js';
import { isKnown, type Src, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { oidcIndex } from './workload-roles.js';

/** Cluster ids an object may belong to; undefined: any. */
export type Scope = ReadonlySet<string> | undefined;

/** Both at once: undefined (any) when both are any; an empty set when they share no cluster. */
export function intersect(a: Scope, b: Scope): Scope {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

export interface ClusterScopes {
  /** No cluster named anywhere in the scan: every scope is any (nothing to separate). */
  none: boolean;
  /** The clusters a manifest of this file belongs to (nearest cluster files). */
  ofFile(file: string): Scope;
  /** The cluster a `cluster_name` / `ClusterName` names, resolved (the object's Src for a reference). */
  ofClusterName(name: Val<string>, ref: string | undefined, at: Src): Scope;
  /** The clusters whose OIDC provider an IRSA trust names (any when a provider's cluster is not known). */
  ofProviders(arns: string[]): Scope;
}

const dirOf = (file: string) => {
  const i = file.lastIndexOf('/');
  return i < 0 ? [] : file.slice(0, i).split('/');
};

function commonDepth(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const cache = new WeakMap<State, { size: string; scopes: ClusterScopes }>();

export function clusterScopes(state: State): ClusterScopes {
  const { eks } = state.aws;
  const size = [
    eks.clusters.length,
    eks.accessEntries.length,
    eks.accessPolicyAssociations.length,
    eks.podIdentityAssociations.length,
    eks.oidcProviders.length,
  ].join(',');
  const hit = cache.get(state);
  if (hit?.size === size) return hit.scopes;

  const idOf = (c: EksCluster) => `${c.src.file}#${c.ref.address}`;
  const byAddress = new Map<string, EksCluster[]>();
  const byName = new Map<string, EksCluster[]>();
  for (const c of eks.clusters) {
    byAddress.set(c.ref.address, [...(byAddress.get(c.ref.address) ?? []), c]);
    if (isKnown(c.name) && c.name.value !== '')
      byName.set(c.name.value, [...(byName.get(c.name.value) ?? []), c]);
  }
  // a reference resolves in its own file (CloudFormation logical IDs), else its directory (a
  // Terraform module), else wherever the address is
  const nearest = (list: EksCluster[], at: Src): EksCluster[] => {
    const same = list.filter((c) => c.src.file === at.file);
    if (same.length > 0) return same;
    const dir = dirOf(at.file).join('/');
    const sameDir = list.filter((c) => dirOf(c.src.file).join('/') === dir);
    return sameDir.length > 0 ? sameDir : list;
  };
  const ofClusterName = (name: Val<string>, ref: string | undefined, at: Src): Scope => {
    const refd = ref !== undefined ? byAddress.get(ref) : undefined;
    if (refd && refd.length > 0) return new Set(nearest(refd, at).map(idOf));
    if (!isKnown(name) || name.value === '') return undefined;
    const named = byName.get(name.value);
    return new Set(named && named.length > 0 ? named.map(idOf) : [`name:${name.value}`]);
  };

  // where each cluster is written down: its definition and every object naming it
  const anchors: { dir: string[]; scope: ReadonlySet<string> }[] = [];
  const anchor = (file: string, scope: Scope) => {
    if (scope && scope.size > 0) anchors.push({ dir: dirOf(file), scope });
  };
  for (const c of eks.clusters) anchor(c.src.file, new Set([idOf(c)]));
  for (const x of [...eks.accessEntries, ...eks.podIdentityAssociations])
    anchor(x.src.file, ofClusterName(x.clusterName, x.clusterRef, x.src));
  for (const x of eks.accessPolicyAssociations)
    anchor(x.src.file, ofClusterName(x.clusterName, undefined, x.src));

  const files = new Map<string, Scope>();
  const ofFile = (file: string): Scope => {
    if (anchors.length === 0) return undefined;
    if (files.has(file)) return files.get(file);
    const dir = dirOf(file);
    let best = -1;
    let out = new Set<string>();
    for (const a of anchors) {
      const d = commonDepth(dir, a.dir);
      if (d > best) {
        best = d;
        out = new Set(a.scope);
      } else if (d === best) for (const x of a.scope) out.add(x);
    }
    files.set(file, out);
    return out;
  };

  const oidc = oidcIndex(state);
  const ofProviders = (arns: string[]): Scope => {
    const out = new Set<string>();
    for (const arn of arns) {
      const c = oidc.clusterOf(arn);
      if (!c) return undefined;
      out.add(idOf(c));
    }
    return arns.length > 0 ? out : undefined;
  };

  const scopes: ClusterScopes = { none: anchors.length === 0, ofFile, ofClusterName, ofProviders };
  cache.set(state, { size, scopes });
  return scopes;
}

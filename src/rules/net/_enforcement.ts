/**
 * Whether the scanned estate enforces NetworkPolicies (kubernetes-networkpolicy.md §1, §9): a
 * Calico or Cilium installation among the manifests does; on EKS, a cluster does only when its
 * `vpc-cni` add-on sets `enableNetworkPolicy: "true"` in its configuration values. Without any
 * cluster definition or plugin in the scanned files, hako cannot tell (`unknown`) and says nothing.
 */
import type { EksAddon, EksCluster } from '../../model/aws/eks.js';
import type { Resource } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';

export type EnforcementState = 'enforced' | 'not-enforced' | 'partial' | 'unknown';

export interface ClusterEnforcement {
  /** The cluster's name (or the add-on's cluster name when only the add-on is scanned). */
  name: string;
  /** true: the agent is on; false: off; undefined: the value could not be resolved. */
  enforced: boolean | undefined;
  /** The `vpc-cni` add-on, when scanned. */
  addon?: EksAddon;
  cluster?: EksCluster;
  /** Where the finding belongs: the add-on's configuration value, the add-on, or the cluster. */
  at: Src;
  resource: Resource;
}

export interface Enforcement {
  state: EnforcementState;
  /** A policy engine installed from the manifests (`Calico`, `Cilium`), with where. */
  plugin?: { name: string; src: Src };
  clusters: ClusterEnforcement[];
}

const PLUGIN_GROUPS: [RegExp, string][] = [
  [/^(crd\.projectcalico\.org|projectcalico\.org|operator\.tigera\.io)\//, 'Calico'],
  [/^cilium\.io\//, 'Cilium'],
];
const PLUGIN_DAEMONSETS: Record<string, string> = { 'calico-node': 'Calico', cilium: 'Cilium' };

function refersTo(addon: EksAddon, c: EksCluster): boolean {
  const v = addon.clusterName;
  if (!v) return false;
  if (v.value === c.name.value) return true;
  const addr = c.ref.address;
  return (
    addr !== undefined &&
    v.origin === 'unresolved' &&
    new RegExp(`(^|[^\\w.])${addr.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\b|$)`).test(v.value)
  );
}

const cache = new WeakMap<State, Enforcement>();

export function enforcement(state: State): Enforcement {
  const hit = cache.get(state);
  if (hit) return hit;
  let plugin: Enforcement['plugin'];
  for (const o of state.k8s.objects) {
    const byGroup = PLUGIN_GROUPS.find(([re]) => re.test(o.apiVersion));
    const byDs = o.kind === 'DaemonSet' ? PLUGIN_DAEMONSETS[o.name] : undefined;
    const name = byGroup?.[1] ?? byDs;
    if (name) {
      plugin = { name, src: o.src };
      break;
    }
  }
  const { clusters, addons } = state.aws.eks;
  const cni = addons.filter((a) => a.addonName.value === 'vpc-cni');
  const out: ClusterEnforcement[] = [];
  const used = new Set<EksAddon>();
  for (const c of clusters) {
    const addon =
      cni.find((a) => refersTo(a, c)) ?? (clusters.length === 1 && cni.length === 1 ? cni[0] : undefined);
    if (addon) used.add(addon);
    out.push(judge(c.name.value, addon, c));
  }
  for (const a of cni) if (!used.has(a)) out.push(judge(a.clusterName?.value ?? '', a, undefined));
  let s: EnforcementState = 'unknown';
  if (plugin) s = 'enforced';
  else if (out.length > 0) {
    const on = out.filter((c) => c.enforced === true).length;
    const off = out.filter((c) => c.enforced === false).length;
    s =
      off === 0
        ? on === out.length
          ? 'enforced'
          : 'unknown'
        : on === 0 && off === out.length
          ? 'not-enforced'
          : 'partial';
  }
  const e: Enforcement = { state: s, clusters: out };
  if (plugin) e.plugin = plugin;
  cache.set(state, e);
  return e;
}

function judge(
  name: string,
  addon: EksAddon | undefined,
  cluster: EksCluster | undefined,
): ClusterEnforcement {
  const v = addon?.enableNetworkPolicy;
  const enforced = v === undefined ? false : v.origin === 'unresolved' ? undefined : v.value;
  const c: ClusterEnforcement = {
    name,
    enforced,
    at: v?.src ?? addon?.src ?? cluster!.src,
    resource: addon ?? cluster!,
  };
  if (addon) c.addon = addon;
  if (cluster) c.cluster = cluster;
  return c;
}

/** Clusters that do not enforce, for the wording of findings (empty unless state is not-enforced or partial). */
export function notEnforcing(e: Enforcement): ClusterEnforcement[] {
  return e.state === 'not-enforced' || e.state === 'partial'
    ? e.clusters.filter((c) => c.enforced === false)
    : [];
}

/**
 * The NetworkPolicy view of a scan, shared by the NET rules and `hako netpol`: every workload as a
 * pod group of the engine, the namespaces with their labels, the evaluated network, and whether
 * the policies are enforced at all (./_enforcement.ts).
 */
import { buildNetwork, type Network } from '../../engines/netpol/evaluate.js';
import type { PodIn } from '../../engines/netpol/types.js';
import type { NetworkPolicy } from '../../model/k8s/netpol.js';
import type { Workload } from '../../model/k8s/workload.js';
import type { Resource } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import type { RelatedNote } from '../types.js';
import { type Enforcement, enforcement, notEnforcing } from './_enforcement.js';

export interface NetView {
  net: Network<NetworkPolicy>;
  pods: PodIn[];
  workloadOf: Map<PodIn, Workload>;
  podOf: Map<Workload, PodIn>;
  enforcement: Enforcement;
  /** Namespaces with at least one workload, sorted. */
  namespacesWithWorkloads: string[];
}

/** Namespaces whose workloads are the cluster's own (CoreDNS, VPC CNI, kube-proxy): not judged by NET-001..003. */
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export function podOfWorkload(w: Workload): PodIn {
  const labels = new Map<string, string>();
  for (const [k, v] of w.podMeta.labels) labels.set(k, v.value);
  return {
    id: `${w.kind}/${w.namespace.value}/${w.object.name}`,
    namespace: w.namespace.value,
    labels,
    namedPorts: w.containers
      .filter((c) => c.kind === 'container')
      .flatMap((c) =>
        c.ports.flatMap((p) =>
          p.name && p.containerPort
            ? [{ name: p.name.value, port: p.containerPort.value, protocol: p.protocol.value }]
            : [],
        ),
      ),
    hostNetwork: w.pod.hostNetwork.value === true,
  };
}

const cache = new WeakMap<State, NetView>();

export function netView(state: State): NetView {
  const hit = cache.get(state);
  if (hit) return hit;
  const workloadOf = new Map<PodIn, Workload>();
  const podOf = new Map<Workload, PodIn>();
  const pods = state.k8s.workloads.map((w) => {
    const p = podOfWorkload(w);
    workloadOf.set(p, w);
    podOf.set(w, p);
    return p;
  });
  const net = buildNetwork(
    pods,
    state.k8s.networkPolicies,
    state.k8s.namespaces.map((n) => ({ name: n.name, labels: n.labels })),
  );
  const v: NetView = {
    net,
    pods,
    workloadOf,
    podOf,
    enforcement: enforcement(state),
    namespacesWithWorkloads: [...new Set(pods.map((p) => p.namespace))].sort(),
  };
  cache.set(state, v);
  return v;
}

/** The note every NET finding carries when the scanned clusters do not enforce policies. */
export function enforcementNotes(v: NetView): RelatedNote[] {
  const off = notEnforcing(v.enforcement);
  if (off.length === 0) return [];
  return [
    {
      note: 'netpolNotEnforced',
      data: { clusters: off.map((c) => `cluster ${c.name}`).join(', ') },
      src: off[0]!.at,
    },
  ];
}

export function hostNetworkNotes(w: Workload): RelatedNote[] {
  return w.pod.hostNetwork.value === true ? [{ note: 'netpolHostNetwork', src: w.pod.hostNetwork.src }] : [];
}

/** Where a namespace-level finding belongs: its Namespace object's name, else its first workload's name. */
export function namespaceAnchor(state: State, ns: string): { resource: Resource; at: Src } {
  const obj = state.k8s.namespaces.find((n) => n.name === ns);
  if (obj) return { resource: obj, at: obj.object.metadata.name.src };
  const w = state.k8s.workloads.find((x) => x.namespace.value === ns)!;
  return { resource: w, at: w.object.metadata.name.src };
}

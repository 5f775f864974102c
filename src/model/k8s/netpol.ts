/**
 * The typed view of a `networking.k8s.io/v1` NetworkPolicy: its pod selector, its policy types
 * (as the API server defaults them), and every rule with its peers and ports, each located so a
 * finding or a reachability verdict can point at the selector, peer or port that decides it.
 * Validation problems (kubernetes-networkpolicy.md §10) are listed: such a policy is rejected by
 * the API server and is never evaluated.
 */
import type { Src, Val } from '../source.js';
import type { K8sView } from './core.js';
import type { LabelSelector } from './rbac.js';

export interface NetpolPort {
  /** `TCP` (default), `UDP` or `SCTP`. */
  protocol: Val<string>;
  /** A number, or a named port (resolved against the destination pod's container ports). Absent: every port. */
  port?: Val<number | string>;
  endPort?: Val<number>;
  src: Src;
}

export interface IpBlock {
  cidr: Val<string>;
  except: Val<string>[];
  src: Src;
}

export interface NetpolPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IpBlock;
  src: Src;
}

export interface NetpolRule {
  /** `from` / `to` entries; empty (absent or `[]`) matches every peer, outside the cluster too. */
  peers: NetpolPeer[];
  /** Empty (absent or `[]`) matches every port and protocol. */
  ports: NetpolPort[];
  src: Src;
}

export type PolicyType = 'Ingress' | 'Egress';

export interface NetworkPolicy extends K8sView {
  namespace: Val<string>;
  /** `spec.podSelector`; absent means `{}` (every pod of the namespace), located at the spec. */
  podSelector: LabelSelector;
  /** Effective policy types: as written, or `Ingress` plus `Egress` when `egress` has an item (origin default). */
  policyTypes: Val<PolicyType>[];
  ingress: NetpolRule[];
  egress: NetpolRule[];
  /** The spec map, else the object. */
  specSrc: Src;
  /** Why the API server would reject the object (empty: valid). */
  problems: { message: string; src: Src }[];
}

export function appliesTo(p: NetworkPolicy, dir: PolicyType): boolean {
  return p.policyTypes.some((t) => t.value === dir);
}

export function policyKey(p: { namespace: Val<string>; name: string }): string {
  return `${p.namespace.value}/${p.name}`;
}

/**
 * The NetworkPolicy engine's inputs, written structurally so the typed model
 * (src/model/k8s/netpol.ts, workload.ts) fits them as it is: the engine imports no model or parser.
 */

export interface V<T> {
  value: T;
}

export interface SelectorIn {
  matchLabels: Map<string, V<string>>;
  matchExpressions: { key: V<string>; operator: V<string>; values: V<string>[] }[];
}

export interface PeerIn {
  podSelector?: SelectorIn;
  namespaceSelector?: SelectorIn;
  ipBlock?: { cidr: V<string>; except: V<string>[] };
}

export interface PortIn {
  protocol: V<string>;
  port?: V<number | string>;
  endPort?: V<number>;
}

export interface RuleIn {
  peers: PeerIn[];
  ports: PortIn[];
}

export type Direction = 'Ingress' | 'Egress';

export interface PolicyIn {
  name: string;
  namespace: V<string>;
  podSelector: SelectorIn;
  policyTypes: V<Direction>[];
  ingress: RuleIn[];
  egress: RuleIn[];
  /** Validation problems: a policy with any is rejected by the API server and never evaluated. */
  problems: unknown[];
}

/** A named container port of a pod (NetworkPolicy named ports resolve against these). */
export interface NamedPort {
  name: string;
  port: number;
  protocol: string;
}

/** One pod-bearing workload, as the engine needs it. */
export interface PodIn {
  /** Anything the caller wants back (a workload, a name). */
  id: string;
  namespace: string;
  labels: ReadonlyMap<string, string>;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

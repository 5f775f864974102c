/**
 * NetworkPolicy decisions with the exact Kubernetes semantics (kubernetes-networkpolicy.md §2–§7).
 * Pods are grouped by what the policies can see of them (namespace, labels, named ports,
 * hostNetwork); each rule's peers are resolved once to the set of groups they match, so a matrix
 * costs groups² × (rules selecting the pair), never pods² × all rules.
 */
import { cidrContainsIp, cidrWithin, parseCidr, parseIp } from '../ip/cidr.js';
import { emptySet, fullSet, has, intersect, isEmpty, type PortSet, rulePorts, union } from './ports.js';
import { isEmptySelector, matches } from './selector.js';
import type {
  Direction,
  NamedPort,
  PeerIn,
  PodIn,
  PolicyIn,
  Protocol,
  RuleIn,
  SelectorIn,
  V,
} from './types.js';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface Group {
  index: number;
  namespace: string;
  labels: ReadonlyMap<string, string>;
  namedPorts: NamedPort[];
  hostNetwork: boolean;
  pods: PodIn[];
}

/** Where traffic comes from or goes to: a group of pods, an address outside the cluster, or "the internet". */
export type Endpoint =
  | { kind: 'group'; group: Group }
  | { kind: 'ip'; ip: { family: 4 | 6; value: bigint }; text: string }
  | { kind: 'internet' }
  /** The node a pod runs on (kubelet probes): always allowed, whatever the policies. */
  | { kind: 'node' };

export interface NamespaceIn {
  name: string;
  labels: ReadonlyMap<string, V<string>> | ReadonlyMap<string, string>;
}

export interface Network<P extends PolicyIn = PolicyIn> {
  groups: Group[];
  /** Valid policies (the API server accepts them); the evaluated set. */
  policies: P[];
  /** Rejected by validation: never evaluated. */
  invalid: P[];
  namespaceLabels(ns: string): ReadonlyMap<string, string>;
  /** Indices into `policies` of the policies selecting the group for that direction. */
  selecting(group: Group, dir: Direction): P[];
  /** The groups of one namespace. */
  groupsIn(ns: string): readonly Group[];
  /** The groups a peer of this policy matches (resolved through the namespace index). */
  peerGroups(policy: P, peer: PeerIn): Group[];
  /** Whether the peer matches the group (pods only; ipBlocks never match pods of unknown IP). */
  peerMatchesGroup(policy: P, peer: PeerIn, group: Group): boolean;
  groupOf(pod: PodIn): Group;
}

const key = (pod: PodIn) =>
  JSON.stringify([
    pod.namespace,
    [...pod.labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    pod.namedPorts.map((p) => `${p.name}/${p.protocol}/${p.port}`).sort(),
    pod.hostNetwork,
  ]);

function plainLabels(m: NamespaceIn['labels']): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of m) out.set(k, typeof v === 'string' ? v : v.value);
  return out;
}

export function buildNetwork<P extends PolicyIn>(
  pods: PodIn[],
  policies: P[],
  namespaces: NamespaceIn[],
): Network<P> {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const groupByPod = new Map<PodIn, Group>();
  for (const pod of pods) {
    const k = key(pod);
    let g = byKey.get(k);
    if (!g) {
      g = {
        index: groups.length,
        namespace: pod.namespace,
        labels: pod.labels,
        namedPorts: pod.namedPorts,
        hostNetwork: pod.hostNetwork,
        pods: [],
      };
      groups.push(g);
      byKey.set(k, g);
    }
    g.pods.push(pod);
    groupByPod.set(pod, g);
  }
  const nsLabels = new Map<string, Map<string, string>>();
  for (const n of namespaces) {
    const labels = plainLabels(n.labels);
    if (!labels.has(METADATA_NAME_LABEL)) labels.set(METADATA_NAME_LABEL, n.name);
    nsLabels.set(n.name, labels);
  }
  const namespaceLabels = (ns: string): Map<string, string> => {
    let l = nsLabels.get(ns);
    if (!l) {
      // a namespace known only from its workloads carries the label the control plane sets
      l = new Map([[METADATA_NAME_LABEL, ns]]);
      nsLabels.set(ns, l);
    }
    return l;
  };
  const valid = policies.filter((p) => p.problems.length === 0);
  const invalid = policies.filter((p) => p.problems.length > 0);
  const ingressOf: P[][] = groups.map(() => []);
  const egressOf: P[][] = groups.map(() => []);
  const byNamespace = new Map<string, Group[]>();
  for (const g of groups) {
    const list = byNamespace.get(g.namespace);
    if (list) list.push(g);
    else byNamespace.set(g.namespace, [g]);
  }
  const groupsIn = (ns: string): readonly Group[] => byNamespace.get(ns) ?? [];
  for (const p of valid) {
    const inT = p.policyTypes.some((t) => t.value === 'Ingress');
    const egT = p.policyTypes.some((t) => t.value === 'Egress');
    for (const g of groupsIn(p.namespace.value)) {
      if (!matches(p.podSelector, g.labels)) continue;
      if (inT) ingressOf[g.index]!.push(p);
      if (egT) egressOf[g.index]!.push(p);
    }
  }
  const nsMatch = new Map<SelectorIn, Map<string, boolean>>();
  const namespaceMatches = (sel: SelectorIn, ns: string): boolean => {
    let m = nsMatch.get(sel);
    if (!m) {
      m = new Map();
      nsMatch.set(sel, m);
    }
    let r = m.get(ns);
    if (r === undefined) {
      r = matches(sel, namespaceLabels(ns));
      m.set(ns, r);
    }
    return r;
  };
  const peerMatchesGroup = (policy: P, peer: PeerIn, g: Group): boolean => {
    if (peer.ipBlock) return false;
    if (peer.namespaceSelector) {
      if (!namespaceMatches(peer.namespaceSelector, g.namespace)) return false;
    } else if (g.namespace !== policy.namespace.value) return false;
    return peer.podSelector ? matches(peer.podSelector, g.labels) : true;
  };
  const peerGroups = (policy: P, peer: PeerIn): Group[] => {
    if (peer.ipBlock) return [];
    const namespaces = peer.namespaceSelector
      ? [...byNamespace.keys()].filter((ns) => namespaceMatches(peer.namespaceSelector!, ns))
      : [policy.namespace.value];
    const sel = peer.podSelector;
    return namespaces.flatMap((ns) =>
      sel ? groupsIn(ns).filter((g) => matches(sel, g.labels)) : [...groupsIn(ns)],
    );
  };
  return {
    groups,
    groupsIn,
    peerGroups,
    policies: valid,
    invalid,
    namespaceLabels,
    selecting: (g, dir) => (dir === 'Ingress' ? ingressOf : egressOf)[g.index]!,
    peerMatchesGroup,
    groupOf: (pod) => groupByPod.get(pod)!,
  };
}

const SPECIAL = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((c) => parseCidr(c)!);

/** An ipBlock matches "the internet" when its range holds public addresses (it is not inside a private or special range). */
export function ipBlockReachesInternet(b: NonNullable<PeerIn['ipBlock']>): boolean {
  const c = parseCidr(b.cidr.value);
  return c !== undefined && !SPECIAL.some((s) => cidrWithin(c, s));
}

export function ipBlockMatches(
  b: NonNullable<PeerIn['ipBlock']>,
  ip: { family: 4 | 6; value: bigint },
): boolean {
  const c = parseCidr(b.cidr.value);
  if (!c || !cidrContainsIp(c, ip)) return false;
  return !b.except.some((e) => {
    const x = parseCidr(e.value);
    return x !== undefined && cidrContainsIp(x, ip);
  });
}

export function peerMatches<P extends PolicyIn>(
  net: Network<P>,
  policy: P,
  peer: PeerIn,
  ep: Endpoint,
): boolean {
  if (ep.kind === 'group') return net.peerMatchesGroup(policy, peer, ep.group);
  if (ep.kind === 'node') return true;
  if (!peer.ipBlock) return false;
  return ep.kind === 'internet' ? ipBlockReachesInternet(peer.ipBlock) : ipBlockMatches(peer.ipBlock, ep.ip);
}

export function ruleMatches<P extends PolicyIn>(
  net: Network<P>,
  policy: P,
  rule: RuleIn,
  ep: Endpoint,
): boolean {
  return rule.peers.length === 0 || rule.peers.some((peer) => peerMatches(net, policy, peer, ep));
}

export interface Contribution<P> {
  policy: P;
  rule: RuleIn;
  /** Index of the rule in the policy's `ingress` / `egress`. */
  ruleIndex: number;
  ports: PortSet;
}

export interface DirectionVerdict<P> {
  /** Some valid policy selects the pod for this direction. */
  isolated: boolean;
  /** What this direction allows (every port when not isolated). */
  ports: PortSet;
  /** The rules that allow something, with what each allows. */
  by: Contribution<P>[];
}

export function direction<P extends PolicyIn>(
  net: Network<P>,
  subject: Group,
  dir: Direction,
  peer: Endpoint,
  dest: NamedPort[] | undefined,
): DirectionVerdict<P> {
  const policies = net.selecting(subject, dir);
  if (policies.length === 0) return { isolated: false, ports: fullSet(), by: [] };
  let ports = emptySet();
  const by: Contribution<P>[] = [];
  for (const p of policies) {
    const rules = dir === 'Ingress' ? p.ingress : p.egress;
    rules.forEach((rule, ruleIndex) => {
      if (!ruleMatches(net, p, rule, peer)) return;
      const r = rulePorts(rule.ports, dest);
      if (isEmpty(r)) return;
      by.push({ policy: p, rule, ruleIndex, ports: r });
      ports = union(ports, r);
    });
  }
  return { isolated: true, ports, by };
}

export interface Verdict<P> {
  /** Undefined when the source is outside the cluster (no egress policy governs it). */
  egress?: DirectionVerdict<P>;
  /** Undefined when the destination is outside the cluster. */
  ingress?: DirectionVerdict<P>;
  /** What both directions allow. */
  ports: PortSet;
}

/** Is traffic from `src` to `dst` allowed, on which ports, and by which rules. */
export function decide<P extends PolicyIn>(net: Network<P>, src: Endpoint, dst: Endpoint): Verdict<P> {
  if (src.kind === 'node' || dst.kind === 'node') return { ports: fullSet() };
  const destPorts = dst.kind === 'group' ? dst.group.namedPorts : undefined;
  const egress = src.kind === 'group' ? direction(net, src.group, 'Egress', dst, destPorts) : undefined;
  const ingress = dst.kind === 'group' ? direction(net, dst.group, 'Ingress', src, destPorts) : undefined;
  let ports = fullSet();
  if (egress) ports = intersect(ports, egress.ports);
  if (ingress) ports = intersect(ports, ingress.ports);
  const v: Verdict<P> = { ports };
  if (egress) v.egress = egress;
  if (ingress) v.ingress = ingress;
  return v;
}

/** The policies whose rules allow this port in one direction's verdict. */
export function allowedBy<P extends PolicyIn>(
  d: DirectionVerdict<P> | undefined,
  protocol: Protocol,
  port?: number,
): P[] {
  const out: P[] = [];
  for (const c of d?.by ?? [])
    if (
      (port === undefined
        ? !isEmpty(c.ports) && c.ports[protocol].length > 0
        : has(c.ports, protocol, port)) &&
      !out.includes(c.policy)
    )
      out.push(c.policy);
  return out;
}

export function endpointFromText(text: string): Endpoint | undefined {
  if (text === 'internet') return { kind: 'internet' };
  if (text === 'node') return { kind: 'node' };
  const ip =
    parseIp(text) ??
    (parseCidr(text) ? { family: parseCidr(text)!.family, value: parseCidr(text)!.base } : undefined);
  return ip ? { kind: 'ip', ip, text } : undefined;
}

export { isEmptySelector };

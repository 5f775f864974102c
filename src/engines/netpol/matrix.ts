/**
 * The reachability matrix: every group of pods (and "internet") to every group (and "internet"),
 * with the ports both directions allow. Per rule, the groups its peers match and the ports it
 * allows towards each destination group are computed once, so a cell costs only the rules of the
 * policies selecting its two groups.
 */
import { type Endpoint, type Group, ipBlockReachesInternet, type Network } from './evaluate.js';
import { emptySet, fullSet, intersect, isEmpty, type PortSet, rulePorts, union } from './ports.js';
import type { PolicyIn, RuleIn } from './types.js';

export interface Matrix {
  /** Sources: each group, then `internet` (index groups.length). */
  groups: Group[];
  /** cell(from, to): allowed ports; index groups.length is the internet. */
  cell(from: number, to: number): PortSet;
}

interface RuleInfo {
  rule: RuleIn;
  /** 1 when the rule's peers match the group (last index: the internet). */
  match: Uint8Array;
  ports: Map<number, PortSet>;
}

export function computeMatrix<P extends PolicyIn>(net: Network<P>): Matrix {
  const n = net.groups.length;
  const infos = new Map<RuleIn, RuleInfo>();
  const info = (p: P, rule: RuleIn): RuleInfo => {
    let i = infos.get(rule);
    if (i) return i;
    const match = new Uint8Array(n + 1);
    if (rule.peers.length === 0) match.fill(1);
    else {
      for (const g of net.groups)
        match[g.index] = rule.peers.some((peer) => net.peerMatchesGroup(p, peer, g)) ? 1 : 0;
      match[n] = rule.peers.some((peer) => peer.ipBlock !== undefined && ipBlockReachesInternet(peer.ipBlock))
        ? 1
        : 0;
    }
    i = { rule, match, ports: new Map() };
    infos.set(rule, i);
    return i;
  };
  const portsTo = (i: RuleInfo, dest: number): PortSet => {
    let s = i.ports.get(dest);
    if (!s) {
      s = rulePorts(i.rule.ports, dest < n ? net.groups[dest]!.namedPorts : undefined);
      i.ports.set(dest, s);
    }
    return s;
  };
  // per group and direction: the rules that apply, or undefined when not isolated
  const rulesOf = (g: Group, dir: 'Ingress' | 'Egress'): RuleInfo[] | undefined => {
    const ps = net.selecting(g, dir);
    if (ps.length === 0) return undefined;
    return ps.flatMap((p) => (dir === 'Ingress' ? p.ingress : p.egress).map((r) => info(p, r)));
  };
  const ingress = net.groups.map((g) => rulesOf(g, 'Ingress'));
  const egress = net.groups.map((g) => rulesOf(g, 'Egress'));
  const FULL = fullSet();
  const side = (rules: RuleInfo[] | undefined, peer: number, dest: number): PortSet => {
    if (!rules) return FULL;
    let s = emptySet();
    for (const r of rules) if (r.match[peer] === 1) s = union(s, portsTo(r, dest));
    return s;
  };
  return {
    groups: net.groups,
    cell(from, to) {
      if (from === n && to === n) return emptySet();
      const eg = from < n ? side(egress[from], to, to) : FULL;
      if (isEmpty(eg)) return eg;
      const ing = to < n ? side(ingress[to], from, to) : FULL;
      return eg === FULL ? ing : ing === FULL ? eg : intersect(eg, ing);
    },
  };
}

export const INTERNET: Endpoint = { kind: 'internet' };

/**
 * The reachability matrix: every group of pods (and "internet") to every group (and "internet"),
 * with the ports both directions allow, without evaluating pod pairs against every rule:
 * - pods are grouped by what policies can see (src/engines/netpol/evaluate.ts);
 * - each rule's peers are resolved once to the groups (and internet) they match;
 * - groups selected by the same policies share a profile; the egress side of a cell depends only
 *   on the source's profile and the destination, so it is computed once per (profile, destination);
 * - the ingress side depends on the destination and on which of its rules match the source (a
 *   bit mask), computed once per (destination, mask).
 */
import { type Endpoint, type Group, ipBlockReachesInternet, type Network } from './evaluate.js';
import { EMPTY, FULL_SET, intersect, isEmpty, isFull, type PortSet, rulePorts, union } from './ports.js';
import type { PolicyIn, RuleIn } from './types.js';

export interface Matrix {
  groups: Group[];
  /** cell(from, to): allowed ports; index groups.length is the internet. */
  cell(from: number, to: number): PortSet;
}

interface RuleInfo {
  rule: RuleIn;
  /** 1 when the rule's peers match the group (last index: the internet). */
  match: Uint8Array;
  /** The ports it allows, when no named port makes them depend on the destination. */
  fixed?: PortSet;
  /** Otherwise by the destination's named ports (groups with the same ones share it). */
  named: Map<string, PortSet>;
}

/** The shared constants for the two sets that recur most, so identity checks short-cut them. */
function shared(s: PortSet): PortSet {
  return isEmpty(s) ? EMPTY : isFull(s) ? FULL_SET : s;
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
      for (const peer of rule.peers) for (const g of net.peerGroups(p, peer)) match[g.index] = 1;
      match[n] = rule.peers.some((peer) => peer.ipBlock !== undefined && ipBlockReachesInternet(peer.ipBlock))
        ? 1
        : 0;
    }
    i = { rule, match, named: new Map() };
    if (!rule.ports.some((x) => typeof x.port?.value === 'string'))
      i.fixed = shared(rulePorts(rule.ports, undefined));
    infos.set(rule, i);
    return i;
  };
  const namedKey = net.groups.map((g) =>
    g.namedPorts.map((x) => `${x.name}/${x.protocol}/${x.port}`).join(','),
  );
  const portsTo = (i: RuleInfo, dest: number): PortSet => {
    if (i.fixed) return i.fixed;
    const k = dest < n ? namedKey[dest]! : '\0internet';
    let s = i.named.get(k);
    if (!s) {
      s = shared(rulePorts(i.rule.ports, dest < n ? net.groups[dest]!.namedPorts : undefined));
      i.named.set(k, s);
    }
    return s;
  };

  // profiles: groups selected by the same policies for a direction share their rule list
  const profiles = (dir: 'Ingress' | 'Egress') => {
    const ids = new Map<string, number>();
    const lists: RuleInfo[][] = [];
    const of = new Int32Array(n).fill(-1);
    const policyIds = new Map<P, number>();
    for (const g of net.groups) {
      const ps = net.selecting(g, dir);
      if (ps.length === 0) continue;
      const k = ps
        .map((p) => {
          let id = policyIds.get(p);
          if (id === undefined) {
            id = policyIds.size;
            policyIds.set(p, id);
          }
          return id;
        })
        .join(',');
      let id = ids.get(k);
      if (id === undefined) {
        id = lists.length;
        ids.set(k, id);
        lists.push(ps.flatMap((p) => (dir === 'Ingress' ? p.ingress : p.egress).map((r) => info(p, r))));
      }
      of[g.index] = id;
    }
    return { of, lists };
  };
  const eg = profiles('Egress');
  const ing = profiles('Ingress');

  const egressCache: (PortSet | undefined)[][] = eg.lists.map(() => new Array(n + 1));
  const egress = (from: number, to: number): PortSet => {
    if (from === n) return FULL_SET;
    const p = eg.of[from]!;
    if (p < 0) return FULL_SET;
    const row = egressCache[p]!;
    let s = row[to];
    if (!s) {
      s = EMPTY;
      for (const r of eg.lists[p]!) if (r.match[to] === 1) s = union(s, portsTo(r, to));
      if (isEmpty(s)) s = EMPTY;
      row[to] = s;
    }
    return s;
  };

  // which rules of an ingress profile match a source, as a bit mask (or a string past 30 rules)
  const masks: (Float64Array | undefined)[] = ing.lists.map(() => undefined);
  const maskOf = (p: number, from: number): number | string => {
    const rules = ing.lists[p]!;
    if (rules.length > 30) return rules.map((r) => r.match[from]).join('');
    let m = masks[p];
    if (!m) {
      m = new Float64Array(n + 1).fill(-1);
      masks[p] = m;
    }
    let k = m[from]!;
    if (k < 0) {
      k = 0;
      for (let i = 0; i < rules.length; i++) if (rules[i]!.match[from] === 1) k |= 1 << i;
      m[from] = k;
    }
    return k;
  };
  const ingressCache: Map<string | number, PortSet>[] = net.groups.map(() => new Map());
  const ingress = (from: number, to: number): PortSet => {
    if (to === n) return FULL_SET;
    const p = ing.of[to]!;
    if (p < 0) return FULL_SET;
    const key = maskOf(p, from);
    const cache = ingressCache[to]!;
    let s = cache.get(key);
    if (!s) {
      s = EMPTY;
      for (const r of ing.lists[p]!) if (r.match[from] === 1) s = union(s, portsTo(r, to));
      if (isEmpty(s)) s = EMPTY;
      cache.set(key, s);
    }
    return s;
  };
  // both sides are shared objects: each distinct pair is intersected once
  const both = new WeakMap<PortSet, WeakMap<PortSet, PortSet>>();
  const meet = (a: PortSet, b: PortSet): PortSet => {
    if (b === EMPTY) return EMPTY;
    let inner = both.get(a);
    if (!inner) {
      inner = new WeakMap();
      both.set(a, inner);
    }
    let r = inner.get(b);
    if (!r) {
      r = intersect(a, b);
      if (isEmpty(r)) r = EMPTY;
      inner.set(b, r);
    }
    return r;
  };

  return {
    groups: net.groups,
    cell(from, to) {
      if (from === n && to === n) return EMPTY;
      const e = egress(from, to);
      if (e === EMPTY) return EMPTY;
      return meet(e, ingress(from, to));
    },
  };
}

export const INTERNET: Endpoint = { kind: 'internet' };

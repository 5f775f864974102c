/**
 * Sets of (protocol, port) as per-protocol sorted, disjoint inclusive ranges: what a rule's `ports`
 * allow towards one destination, and the union / intersection the decision needs.
 */
import { type NamedPort, type PortIn, PROTOCOLS, type Protocol } from './types.js';

export type Ranges = [number, number][];
export type PortSet = Record<Protocol, Ranges>;

export const FULL: readonly [number, number] = [1, 65535];

export function emptySet(): PortSet {
  return { TCP: [], UDP: [], SCTP: [] };
}

export function fullSet(): PortSet {
  return { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] };
}

function normalise(r: Ranges): Ranges {
  const s = [...r].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** Shared constants (never mutated): the matrix returns them without allocating. */
export const EMPTY: PortSet = Object.freeze(emptySet()) as PortSet;
export const FULL_SET: PortSet = Object.freeze(fullSet()) as PortSet;

export function union(a: PortSet, b: PortSet): PortSet {
  if (a === b) return a;
  if (a === EMPTY || isEmpty(a)) return b;
  if (b === EMPTY || isEmpty(b)) return a;
  if (a === FULL_SET || b === FULL_SET) return FULL_SET;
  const out = emptySet();
  for (const p of PROTOCOLS)
    out[p] = normalise([...a[p], ...b[p]].map((x) => [x[0], x[1]] as [number, number]));
  return out;
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === FULL_SET) return b;
  if (b === FULL_SET) return a;
  if (a === EMPTY || b === EMPTY) return EMPTY;
  const out = emptySet();
  for (const p of PROTOCOLS) {
    const r: Ranges = [];
    for (const [a0, a1] of a[p])
      for (const [b0, b1] of b[p]) {
        const lo = Math.max(a0, b0);
        const hi = Math.min(a1, b1);
        if (lo <= hi) r.push([lo, hi]);
      }
    out[p] = normalise(r);
  }
  return out;
}

export function isEmpty(s: PortSet): boolean {
  return s === EMPTY || (s.TCP.length === 0 && s.UDP.length === 0 && s.SCTP.length === 0);
}

export function isFull(s: PortSet): boolean {
  return PROTOCOLS.every((p) => s[p].length === 1 && s[p][0]![0] === 1 && s[p][0]![1] === 65535);
}

export function has(s: PortSet, protocol: Protocol, port: number): boolean {
  return s[protocol].some(([a, b]) => port >= a && port <= b);
}

/** `all`, or `TCP/80`, `TCP/8000-8080`, `UDP/*` items. */
export function describe(s: PortSet): string[] {
  if (isFull(s)) return ['all'];
  return PROTOCOLS.flatMap((p) =>
    s[p].map(([a, b]) => (a === 1 && b === 65535 ? `${p}/*` : a === b ? `${p}/${a}` : `${p}/${a}-${b}`)),
  );
}

function protocolOf(p: PortIn): Protocol | undefined {
  return (PROTOCOLS as readonly string[]).includes(p.protocol.value)
    ? (p.protocol.value as Protocol)
    : undefined;
}

/**
 * What a rule's `ports` allow towards a destination: every port when empty; a named port only
 * against the destination pod's container ports of that name and protocol (never an address).
 */
export function rulePorts(ports: PortIn[], dest: NamedPort[] | undefined): PortSet {
  if (ports.length === 0) return fullSet();
  const out = emptySet();
  for (const p of ports) {
    const proto = protocolOf(p);
    if (!proto) continue;
    const port = p.port?.value;
    if (port === undefined) out[proto].push([1, 65535]);
    else if (typeof port === 'number') out[proto].push([port, Math.max(port, p.endPort?.value ?? port)]);
    else
      for (const n of dest ?? [])
        if (n.name === port && n.protocol === proto) out[proto].push([n.port, n.port]);
  }
  for (const pr of PROTOCOLS) out[pr] = normalise(out[pr]);
  return out;
}

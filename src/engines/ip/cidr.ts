/**
 * IPv4 / IPv6 addresses and CIDR ranges as bigints: NetworkPolicy `ipBlock` matching and
 * validation, and EventBridge's `cidr` content filter (one parser for both).
 */

export interface Cidr {
  family: 4 | 6;
  /** Network address (host bits as written; see `hostBits`). */
  base: bigint;
  prefix: number;
  /** True when bits beyond the prefix are set (`10.0.0.1/8`): newer API servers reject it. */
  hostBits: boolean;
}

function v4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function v6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): bigint[] | undefined => {
    if (h === '') return [];
    const out: bigint[] = [];
    const items = h.split(':');
    for (const [i, g] of items.entries()) {
      if (i === items.length - 1 && g.includes('.')) {
        const four = v4(g);
        if (four === undefined) return undefined;
        out.push(four >> 16n, four & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(BigInt(`0x${g}`));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  let n = 0n;
  for (const g of [...head, ...Array<bigint>(fill).fill(0n), ...tail]) n = (n << 16n) | g;
  return n;
}

export function parseIp(s: string): { family: 4 | 6; value: bigint } | undefined {
  const a = v4(s);
  if (a !== undefined) return { family: 4, value: a };
  const b = v6(s);
  return b === undefined ? undefined : { family: 6, value: b };
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s.trim());
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  if (!ip) return undefined;
  const prefix = Number(m[2]);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const host = (1n << BigInt(bits - prefix)) - 1n;
  return { family: ip.family, base: ip.value & ~host, prefix, hostBits: (ip.value & host) !== 0n };
}

function bitsOf(c: Cidr): number {
  return c.family === 4 ? 32 : 128;
}

export function cidrContainsIp(c: Cidr, ip: { family: 4 | 6; value: bigint }): boolean {
  if (c.family !== ip.family) return false;
  const shift = BigInt(bitsOf(c) - c.prefix);
  return ip.value >> shift === c.base >> shift;
}

/** `inner` lies inside `outer` (same family, prefix at least as long). */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return (
    inner.family === outer.family &&
    inner.prefix >= outer.prefix &&
    cidrContainsIp(outer, { family: inner.family, value: inner.base })
  );
}

/** `0.0.0.0/0` or `::/0`. */
export function isAnywhere(c: Cidr): boolean {
  return c.prefix === 0;
}

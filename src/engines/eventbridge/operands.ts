/**
 * Operand syntax and value tests for EventBridge content filters: wildcard compilation and CIDR
 * blocks. Facts C2 of /work/shared/domain/iam-and-eventbridge.md:
 * - wildcard: `*` is zero or more characters (`/` included), case-sensitive; `?` is literal; `\*` is
 *   a literal star and `\\` a literal backslash, any other escape is invalid; `**` is invalid
 *   (`[ruler:README]`, `[eb:eb-create-pattern-operators]` live, `[ruler-obs]`);
 * - cidr: IPv4 or IPv6 with a required mask; a non-IP value or the other family never matches
 *   (`[eb:eb-event-patterns-content-based-filtering]`). Event Ruler's rejection of /32 and /128 is an
 *   engine quirk the facts tell us not to copy, so hako accepts them.
 */

/** Compiles a wildcard operand to a RegExp, or returns the reason it is invalid. */
export function compileWildcard(pattern: string): RegExp | string {
  let re = '';
  let prevStar = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\')
        return `invalid escape "\\${next ?? ''}" (only \\* and \\\\ are allowed)`;
      re += next === '*' ? '\\*' : '\\\\';
      i++;
      prevStar = false;
    } else if (c === '*') {
      if (prevStar) return 'consecutive "*" characters are not allowed';
      re += '.*';
      prevStar = true;
    } else {
      re += c.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
      prevStar = false;
    }
  }
  return new RegExp(`^${re}$`, 's');
}

export function wildcardMatches(pattern: string, value: string): boolean {
  const re = compileWildcard(pattern);
  return typeof re !== 'string' && re.test(value);
}

export interface Ip {
  v6: boolean;
  n: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  if (text.includes('.')) {
    const at = text.lastIndexOf(':');
    const v4 = parseV4(text.slice(at + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, at + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined): string[] | undefined =>
    h === undefined || h === '' ? [] : h.split(':');
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  let n = 0n;
  for (const g of [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return n;
}

export function parseIp(s: string): Ip | undefined {
  if (s.includes(':')) {
    const n = parseV6(s);
    return n === undefined ? undefined : { v6: true, n };
  }
  const n = parseV4(s);
  return n === undefined ? undefined : { v6: false, n };
}

export interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

/** Parses `addr/mask`, or returns the reason it is invalid. */
export function parseCidr(s: string): Cidr | string {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return `"${s}" is not a CIDR block (address/mask; the mask is required)`;
  const ip = parseIp(m[1] as string);
  if (!ip) return `"${m[1]}" is not an IPv4 or IPv6 address`;
  const bits = Number(m[2]);
  const max = ip.v6 ? 128 : 32;
  if (bits > max) return `mask /${bits} is larger than /${max}`;
  return { v6: ip.v6, base: ip.n, bits };
}

export function cidrContains(c: Cidr, value: string): boolean {
  const ip = parseIp(value);
  if (!ip || ip.v6 !== c.v6) return false;
  const width = BigInt(c.v6 ? 128 : 32);
  const shift = width - BigInt(c.bits);
  return ip.n >> shift === c.base >> shift;
}

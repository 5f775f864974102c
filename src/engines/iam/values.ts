/**
 * Typed values of condition operators: numbers, dates (W3C ISO-8601 or epoch seconds), IPv4/IPv6
 * addresses and CIDR blocks (a bare address is a /32 or /128), base64 binaries. Decides what a valid
 * value is and how two values compare. Source: [iam:reference_policies_elements_condition_operators]
 * (Numeric, Date, IP address and Binary sections).
 */

const NUM_RE = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

export function parseNumber(s: string): number | undefined {
  return NUM_RE.test(s) ? Number(s) : undefined;
}

const EPOCH_RE = /^\d+(\.\d+)?$/;
const ISO_RE = /^(\d{4})(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?$/i;

/** Milliseconds since the epoch, or undefined when `s` is neither ISO-8601 nor epoch seconds. */
export function parseDate(s: string): number | undefined {
  const t = s.trim();
  if (EPOCH_RE.test(t)) return Number(t) * 1000;
  const m = ISO_RE.exec(t);
  if (!m) return undefined;
  let iso = t.toUpperCase();
  if (m[4] !== undefined && m[7] === undefined) iso += 'Z';
  else if (m[7] !== undefined && /^[+-]\d{2}$/.test(m[7])) iso += ':00';
  else if (m[7] !== undefined && /^[+-]\d{4}$/.test(m[7])) iso = `${iso.slice(0, -2)}:${iso.slice(-2)}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export interface IpValue {
  v6: boolean;
  value: bigint;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const words: number[] = [];
  const push = (list: string[], isLast: boolean): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      if (isLast && i === list.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === undefined) return false;
        words.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        words.push(Number.parseInt(g, 16));
      }
    }
    return true;
  };
  if (!push(head, halves.length === 1)) return undefined;
  const headLen = words.length;
  if (!push(tail, true)) return undefined;
  const tailWords = words.splice(headLen);
  if (halves.length === 2) {
    const fill = 8 - headLen - tailWords.length;
    if (fill < 1) return undefined;
    for (let i = 0; i < fill; i++) words.push(0);
  }
  words.push(...tailWords);
  if (words.length !== 8) return undefined;
  return words.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

export function parseIp(s: string): IpValue | undefined {
  const t = s.trim();
  const v4 = parseV4(t);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = t.includes(':') ? parseV6(t) : undefined;
  return v6 === undefined ? undefined : { v6: true, value: v6 };
}

export interface Cidr {
  v6: boolean;
  network: bigint;
  prefix: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.v6 ? 128 : 32;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return undefined;
  const prefix = len === undefined ? bits : Number(len);
  if (prefix > bits) return undefined;
  return { v6: ip.v6, network: ip.value, prefix };
}

/** Is `ip` inside `cidr`? Families never mix (an IPv4 block does not match an IPv6 address). */
export function cidrContains(cidr: Cidr, ip: IpValue): boolean {
  if (cidr.v6 !== ip.v6) return false;
  const shift = BigInt((cidr.v6 ? 128 : 32) - cidr.prefix);
  return cidr.network >> shift === ip.value >> shift;
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Byte-for-byte equality of two base64 strings; invalid base64 never matches. */
export function base64Equals(a: string, b: string): boolean {
  const ta = a.trim();
  const tb = b.trim();
  if (!B64_RE.test(ta) || !B64_RE.test(tb)) return false;
  return Buffer.from(ta, 'base64').equals(Buffer.from(tb, 'base64'));
}

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
import { type Cidr, cidrContainsIp, parseIp, parseCidr as parseSharedCidr } from '../ip/cidr.js';

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

/** A `cidr` operand: the shared parser's range (IPv4 or IPv6, mask required). */
export type { Cidr } from '../ip/cidr.js';

/** Parses `addr/mask`, or returns the reason it is invalid. */
export function parseCidr(s: string): Cidr | string {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  if (!m) return `"${s}" is not a CIDR block (address/mask; the mask is required)`;
  const ip = parseIp(m[1] as string);
  if (!ip) return `"${m[1]}" is not an IPv4 or IPv6 address`;
  const bits = Number(m[2]);
  const max = ip.family === 6 ? 128 : 32;
  if (bits > max) return `mask /${bits} is larger than /${max}`;
  return parseSharedCidr(s) as Cidr;
}

/** A value matches when it is an address of the block's family inside the block. */
export function cidrContains(c: Cidr, value: string): boolean {
  const ip = parseIp(value);
  return ip !== undefined && cidrContainsIp(c, ip);
}

/**
 * One element of a pattern's value array tested against one event leaf value (strings, numbers,
 * booleans, null). Facts C1-C2 of /work/shared/domain/iam-and-eventbridge.md:
 * - exact strings are case-sensitive; JSON literals match only themselves (`["300"]` never matches
 *   the number 300, `[true]` never the string "true"); `[null]` only null (`[ruler-obs]`);
 * - exact numbers: EventBridge compares the string representation (`[eb:eb-event-patterns]`); Event
 *   Ruler 2.x compares numerically. hako follows the docs and records the disagreement (`onAmbiguous`);
 * - prefix / suffix / equals-ignore-case / wildcard / numeric / cidr apply to their type only;
 * - anything-but matches a present value that is not excluded, null and other types included
 *   (`[ruler-obs]`). `exists` needs the whole field and is decided in match.ts.
 */

import { isNumber, isRecord, numText, numValue, show } from './json.js';
import { cidrContains, parseCidr, wildcardMatches } from './operands.js';

export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
] as const;

export function fold(s: string): string {
  return s.toUpperCase().toLowerCase();
}

function affix(op: unknown, v: unknown, test: (value: string, affix: string) => boolean): boolean {
  if (typeof v !== 'string') return false;
  if (typeof op === 'string') return test(v, op);
  if (isRecord(op) && typeof op['equals-ignore-case'] === 'string') {
    return test(fold(v), fold(op['equals-ignore-case']));
  }
  return false;
}

const startsWith = (v: string, a: string): boolean => v.startsWith(a);
const endsWith = (v: string, a: string): boolean => v.endsWith(a);

function asList(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [x];
}

/** True when anything-but's operand excludes the value. */
function excluded(operand: unknown, v: unknown): boolean {
  if (isRecord(operand)) {
    const [key, raw] = Object.entries(operand)[0] ?? [];
    if (typeof v !== 'string') return false;
    return asList(raw).some((a) => {
      if (typeof a !== 'string') return false;
      if (key === 'prefix') return v.startsWith(a);
      if (key === 'suffix') return v.endsWith(a);
      if (key === 'equals-ignore-case') return fold(v) === fold(a);
      if (key === 'wildcard') return wildcardMatches(a, v);
      return false;
    });
  }
  return asList(operand).some((a) =>
    typeof a === 'string' ? v === a : isNumber(a) && isNumber(v) && numValue(a) === numValue(v),
  );
}

export function numericMatches(spec: unknown, v: unknown): boolean {
  if (!Array.isArray(spec) || !isNumber(v)) return false;
  const x = numValue(v);
  for (let i = 0; i + 1 < spec.length; i += 2) {
    const op = spec[i];
    const bound = spec[i + 1];
    if (!isNumber(bound)) return false;
    const b = numValue(bound);
    const ok =
      op === '<'
        ? x < b
        : op === '<='
          ? x <= b
          : op === '='
            ? x === b
            : op === '>'
              ? x > b
              : op === '>=' && x >= b;
    if (!ok) return false;
  }
  return spec.length >= 2;
}

/** Operator object (not `exists`) against one present leaf value. */
export function operatorMatches(op: Record<string, unknown>, v: unknown): boolean {
  const [key, operand] = Object.entries(op)[0] ?? [];
  switch (key) {
    case 'prefix':
      return affix(operand, v, startsWith);
    case 'suffix':
      return affix(operand, v, endsWith);
    case 'equals-ignore-case':
      return typeof v === 'string' && typeof operand === 'string' && fold(v) === fold(operand);
    case 'wildcard':
      return typeof v === 'string' && typeof operand === 'string' && wildcardMatches(operand, v);
    case 'anything-but':
      return !excluded(operand, v);
    case 'numeric':
      return numericMatches(operand, v);
    case 'cidr': {
      if (typeof operand !== 'string' || typeof v !== 'string') return false;
      const c = parseCidr(operand);
      return typeof c !== 'string' && cidrContains(c, v);
    }
    default:
      return false;
  }
}

/** Exact value or operator object against one present leaf value. */
export function elementMatches(el: unknown, v: unknown, onAmbiguous?: (msg: string) => void): boolean {
  if (isRecord(el)) return operatorMatches(el, v);
  if (isNumber(el)) {
    if (!isNumber(v)) return false;
    if (numText(el) === numText(v)) return true;
    if (numValue(el) === numValue(v) && onAmbiguous) {
      onAmbiguous(
        `number ${show(el)} vs ${show(v)}: EventBridge docs compare the text (no match), Event Ruler 2.x the value (match)`,
      );
    }
    return false;
  }
  return el === v;
}

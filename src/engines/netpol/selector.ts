/** Standard label-selector semantics: `matchLabels` and `matchExpressions` ANDed; `{}` selects everything. */
import type { SelectorIn } from './types.js';

export function matches(sel: SelectorIn, labels: ReadonlyMap<string, string>): boolean {
  for (const [k, v] of sel.matchLabels) if (labels.get(k) !== v.value) return false;
  for (const e of sel.matchExpressions) {
    const has = labels.has(e.key.value);
    const value = labels.get(e.key.value);
    const values = e.values.map((x) => x.value);
    switch (e.operator.value) {
      case 'In':
        if (!has || !values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(sel: SelectorIn): boolean {
  return sel.matchLabels.size === 0 && sel.matchExpressions.length === 0;
}

/** Label keys the selector requires to be present (matchLabels, In, Exists). */
export function requiredKeys(sel: SelectorIn): string[] {
  return [
    ...sel.matchLabels.keys(),
    ...sel.matchExpressions
      .filter((e) => e.operator.value === 'In' || e.operator.value === 'Exists')
      .map((e) => e.key.value),
  ];
}

/**
 * A kubectl-style selector (`app=web,tier!=cache,env in (a,b),!legacy,team`) as a SelectorIn.
 * Undefined when it cannot be parsed.
 */
export function parseSelector(text: string): SelectorIn | undefined {
  const sel: SelectorIn = { matchLabels: new Map(), matchExpressions: [] };
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '' || parts.length > 0) parts.push(cur);
  for (const raw of parts) {
    const r = requirement(raw.trim());
    if (!r) return undefined;
    if (r.operator.value === '=') sel.matchLabels.set(r.key.value, r.values[0]!);
    else sel.matchExpressions.push(r);
  }
  return sel;
}

type Requirement = SelectorIn['matchExpressions'][number];
const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;
const v = <T>(value: T) => ({ value });

/** One requirement of a kubectl selector; operator `=` stands for a matchLabels entry. */
function requirement(p: string): Requirement | undefined {
  const forms: [RegExp, (m: RegExpExecArray) => Requirement][] = [
    [/^(\S+?)\s*!=\s*(\S*)$/, (m) => ({ key: v(m[1]!), operator: v('NotIn'), values: [v(m[2]!)] })],
    [/^(\S+?)\s*==?\s*(\S*)$/, (m) => ({ key: v(m[1]!), operator: v('='), values: [v(m[2]!)] })],
    [
      /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/,
      (m) => ({
        key: v(m[1]!),
        operator: v(m[2] === 'in' ? 'In' : 'NotIn'),
        values: m[3]!.split(',').map((s) => v(s.trim())),
      }),
    ],
    [/^!\s*(\S+)$/, (m) => ({ key: v(m[1]!), operator: v('DoesNotExist'), values: [] })],
    [/^(\S+)$/, (m) => ({ key: v(m[1]!), operator: v('Exists'), values: [] })],
  ];
  for (const [re, build] of forms) {
    const m = re.exec(p);
    if (m && KEY.test(m[1]!)) return build(m);
  }
  return undefined;
}

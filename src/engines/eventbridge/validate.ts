/**
 * Event pattern validity as PutRule / TestEventPattern decide it. Facts C2-C3 of
 * /work/shared/domain/iam-and-eventbridge.md (error cases observed with Event Ruler `[ruler-obs]`,
 * limits from `https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html` and
 * `[botocore:events]`):
 * - leaf values are non-empty arrays of strings, numbers, booleans, null or operator objects with
 *   exactly one known key; no nested arrays; `{}` is invalid;
 * - operand types per operator; anything-but: a string, a number, an all-string or all-number list,
 *   or one of prefix/suffix/equals-ignore-case/wildcard (string or string list, no empty affix);
 * - numeric: one comparison, or a lower bound then an upper bound with bottom < top;
 * - `$or`: an array of two or more sub-patterns, no operator keyword as a field name in a branch, and
 *   at most 1000 rule combinations (`[eb:eb-event-patterns-content-based-filtering]`);
 * - size: more than 4096 characters is rejected by the API; more than 2048 exceeds the default
 *   (adjustable) quota, reported as `limit`. Numbers beyond the 2023 docs' ±5.0e9 are `warning`s,
 *   and so are duplicate keys in pattern text (the last one wins).
 */
import { duplicateKeyPaths, isNumber, isRecord, numValue, parseJsonText, type Rec, show } from './json.js';
import { OPERATORS } from './leaf.js';
import { compileWildcard, parseCidr } from './operands.js';

export interface PatternIssue {
  path: string;
  message: string;
  /** `invalid`: EventBridge rejects it; `limit`: over an adjustable quota; `warning`: documented doubt. */
  kind: 'invalid' | 'limit' | 'warning';
}

export const MAX_COMBINATIONS = 1000;
export const DEFAULT_SIZE_QUOTA = 2048;
export const API_MAX_SIZE = 4096;
const DOC_NUMBER_LIMIT = 5.0e9;

type Report = (path: string, message: string, kind?: PatternIssue['kind']) => void;

const AB_KEYS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'];

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function checkWildcard(s: string, path: string, report: Report): void {
  const re = compileWildcard(s);
  if (typeof re === 'string') report(path, `wildcard ${show(s)}: ${re}`);
}

function checkNumeric(spec: unknown, path: string, report: Report): void {
  if (!Array.isArray(spec) || spec.length === 0) {
    report(path, 'numeric takes a non-empty array like [">", 0, "<=", 5]');
    return;
  }
  if (spec.length > 4) {
    report(path, 'numeric allows at most two comparisons');
    return;
  }
  if (spec.length % 2 !== 0) {
    report(path, 'numeric needs an operator followed by a number');
    return;
  }
  const ops = ['<', '<=', '=', '>', '>='];
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i];
    const n = spec[i + 1];
    if (typeof op !== 'string' || !ops.includes(op)) {
      report(path, `unknown numeric operator ${show(op)}`);
      return;
    }
    if (!isNumber(n)) {
      report(path, `numeric bound ${show(n)} is not a JSON number`);
      return;
    }
    if (Math.abs(numValue(n)) > DOC_NUMBER_LIMIT) {
      report(path, `${show(n)} is outside the documented range -5.0e9..5.0e9`, 'warning');
    }
  }
  if (spec.length === 4) {
    const [lo, a, hi, b] = spec;
    if (lo === '=' || hi === '=') {
      report(path, '"=" cannot be combined with another comparison');
      return;
    }
    if ((lo !== '>' && lo !== '>=') || (hi !== '<' && hi !== '<=')) {
      report(path, 'a numeric range is a lower bound (> or >=) followed by an upper bound (< or <=)');
      return;
    }
    if (isNumber(a) && isNumber(b) && numValue(a) >= numValue(b)) {
      report(path, `numeric range is empty: bottom ${show(a)} is not below top ${show(b)}`);
    }
  }
}

function checkAnythingBut(v: unknown, path: string, report: Report): void {
  if (typeof v === 'string' || isNumber(v)) return;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      report(path, 'anything-but list is empty');
      return;
    }
    const strings = v.every((x) => typeof x === 'string');
    const numbers = v.every((x) => isNumber(x));
    if (!strings && !numbers) report(path, 'anything-but list must be all strings or all numbers');
    return;
  }
  if (isRecord(v)) {
    const keys = Object.keys(v);
    const key = keys[0];
    if (keys.length !== 1 || key === undefined || !AB_KEYS.includes(key)) {
      report(path, `anything-but object takes exactly one of ${AB_KEYS.join(', ')}; got ${show(keys)}`);
      return;
    }
    const operand = v[key];
    const list = Array.isArray(operand) ? operand : [operand];
    if (list.length === 0 || !list.every((x) => typeof x === 'string')) {
      report(path, `anything-but ${key} takes a string or a non-empty list of strings`);
      return;
    }
    for (const s of list as string[]) {
      if ((key === 'prefix' || key === 'suffix') && s === '') report(path, `anything-but ${key} is empty`);
      if (key === 'wildcard') checkWildcard(s, path, report);
    }
    return;
  }
  report(path, `anything-but does not take ${show(v)}`);
}

function checkAffix(key: string, v: unknown, path: string, report: Report): void {
  if (typeof v === 'string') return;
  if (isRecord(v) && Object.keys(v).length === 1 && typeof v['equals-ignore-case'] === 'string') return;
  report(path, `${key} takes a string or {"equals-ignore-case": string}, not ${show(v)}`);
}

function checkOperator(op: Rec, path: string, report: Report): void {
  const keys = Object.keys(op);
  if (keys.length !== 1) {
    report(path, `an operator object has exactly one key; this one has ${keys.length}: ${show(keys)}`);
    return;
  }
  const key = keys[0] as string;
  const v = op[key];
  const here = at(path, key);
  switch (key) {
    case 'prefix':
    case 'suffix': {
      checkAffix(key, v, here, report);
      return;
    }
    case 'equals-ignore-case':
      if (typeof v !== 'string') report(here, `equals-ignore-case takes a string, not ${show(v)}`);
      return;
    case 'wildcard':
      if (typeof v !== 'string') {
        report(here, `wildcard takes a string, not ${show(v)}`);
        return;
      }
      {
        checkWildcard(v, here, report);
        return;
      }
    case 'exists':
      if (typeof v !== 'boolean') report(here, `exists takes true or false, not ${show(v)}`);
      return;
    case 'cidr': {
      if (typeof v !== 'string') {
        report(here, `cidr takes a string, not ${show(v)}`);
        return;
      }
      const c = parseCidr(v);
      if (typeof c === 'string') report(here, c);
      return;
    }
    case 'anything-but': {
      checkAnythingBut(v, here, report);
      return;
    }
    case 'numeric': {
      checkNumeric(v, here, report);
      return;
    }
    default:
      report(here, `unknown operator "${key}" (known: ${OPERATORS.join(', ')})`);
  }
}

function checkLeaf(arr: unknown[], path: string, report: Report): void {
  if (arr.length === 0) {
    report(path, 'a value array must not be empty');
    return;
  }
  arr.forEach((el, i) => {
    const here = at(path, i);
    if (Array.isArray(el)) report(here, 'arrays cannot be nested inside a value array');
    else if (isRecord(el)) checkOperator(el, here, report);
    else if (isNumber(el) && Math.abs(numValue(el)) > DOC_NUMBER_LIMIT) {
      report(here, `${show(el)} is outside the documented range -5.0e9..5.0e9`, 'warning');
    } else if (typeof el === 'number' && !Number.isFinite(el))
      report(here, `${el} is not a finite JSON number`);
  });
}

function checkOr(v: unknown, path: string, report: Report): void {
  if (!Array.isArray(v)) {
    report(path, '$or takes an array of sub-patterns');
    return;
  }
  if (v.length < 2) report(path, '$or needs at least two sub-patterns');
  v.forEach((branch, i) => {
    const here = at(path, i);
    if (!isRecord(branch)) {
      report(here, '$or entries must be objects');
      return;
    }
    for (const k of Object.keys(branch)) {
      if ((OPERATORS as readonly string[]).includes(k)) {
        report(at(here, k), `operator keyword "${k}" used as a field name inside $or`);
      }
    }
    checkObject(branch, here, report);
  });
}

function checkObject(obj: Rec, path: string, report: Report): void {
  if (Object.keys(obj).length === 0) {
    report(path || '(root)', 'a pattern object must not be empty');
    return;
  }
  for (const [key, v] of Object.entries(obj)) {
    const here = at(path, key);
    if (key === '$or') checkOr(v, here, report);
    else if (Array.isArray(v)) checkLeaf(v, here, report);
    else if (isRecord(v)) checkObject(v, here, report);
    else report(here, `a pattern value must be an array or an object, not ${show(v)}`);
  }
}

/** Number of plain rules the pattern expands to once every `$or` is distributed. */
export function combinations(obj: Rec): number {
  let n = 1;
  for (const [key, v] of Object.entries(obj)) {
    if (key === '$or' && Array.isArray(v)) {
      n *= v.reduce<number>((sum, b) => sum + (isRecord(b) ? combinations(b) : 1), 0);
    } else if (isRecord(v)) n *= combinations(v);
  }
  return n;
}

export function validatePattern(pattern: unknown): PatternIssue[] {
  const issues: PatternIssue[] = [];
  const report: Report = (path, message, kind = 'invalid') => {
    issues.push({ path: path || '(root)', message, kind });
  };
  let value = pattern;
  let size: number;
  if (typeof pattern === 'string') {
    size = pattern.length;
    try {
      value = parseJsonText(pattern);
      for (const dup of duplicateKeyPaths(pattern)) {
        report(dup, 'key appears more than once; EventBridge uses the last occurrence', 'warning');
      }
    } catch (e) {
      report('', `not valid JSON: ${(e as Error).message}`);
      return issues;
    }
  } else size = JSON.stringify(pattern)?.length ?? 0;
  if (!isRecord(value)) {
    report('', 'an event pattern must be a JSON object');
    return issues;
  }
  checkObject(value, '', report);
  const n = combinations(value);
  if (n > MAX_COMBINATIONS) {
    report('', `$or expands to ${n} rule combinations; EventBridge allows at most ${MAX_COMBINATIONS}`);
  }
  if (size > API_MAX_SIZE)
    report('', `pattern is ${size} characters; the API accepts at most ${API_MAX_SIZE}`);
  else if (size > DEFAULT_SIZE_QUOTA) {
    report(
      '',
      `pattern is ${size} characters, over the default quota of ${DEFAULT_SIZE_QUOTA} (adjustable)`,
      'limit',
    );
  }
  return issues;
}

/** True when EventBridge would reject the pattern (ignores `limit` and `warning` issues). */
export function isValidPattern(pattern: unknown): boolean {
  return validatePattern(pattern).every((i) => i.kind !== 'invalid');
}

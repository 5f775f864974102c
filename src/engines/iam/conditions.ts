/**
 * The Condition element. Decides, three-valued, whether a statement's conditions hold:
 * - AND across operators and across keys of one operator; OR across the values of one key; NOR for
 *   negated operators ([iam:reference_policies_condition-logic-multiple-context-keys-or-values], live);
 * - every String, Numeric, Date, Bool, Binary, IP and ARN operator, `...IfExists`, `Null`
 *   ([iam:reference_policies_elements_condition_operators]);
 * - a missing key: positive operator false, negated true, IfExists true, Null tests presence;
 * - `ForAnyValue:`/`ForAllValues:` set operators, including the empty-set trap (ForAllValues on an
 *   absent or empty key is true) ([iam:reference_policies_multi-value-conditions], A8 of the facts);
 * - a plain operator on a multi-valued request value: AWS requires a set operator and documents no
 *   outcome; hako evaluates it as no match (derived, as iam-simulate does) and as unknown in linting mode;
 * - policy variables only in String and ARN operator values, and only with Version 2012-10-17
 *   ([iam:reference_policies_variables]); a variable with no value matches nothing.
 * In linting mode a key missing from the context yields 'unknown' and is recorded in `unknownKeys`.
 */
import type { Ctx, VarValue } from './context.js';
import { matchArnTri } from './match.js';
import { every, not, some, type Tri, U } from './tri.js';
import { base64Equals, cidrContains, parseCidr, parseDate, parseIp, parseNumber } from './values.js';
import { compile, resolve, resolvedMatch } from './wildcard.js';

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null';

export interface OpDef {
  name: string;
  family: Family;
  negated: boolean;
  /** String: wildcards active (Like forms). */
  like?: boolean;
  /** String: case-insensitive (IgnoreCase forms). */
  ci?: boolean;
  /** Numeric/Date comparison (left: request value, right: policy value). */
  cmp?: (a: number, b: number) => boolean;
}

const eq = (a: number, b: number) => a === b;
const CMPS: [string, (a: number, b: number) => boolean][] = [
  ['LessThan', (a, b) => a < b],
  ['LessThanEquals', (a, b) => a <= b],
  ['GreaterThan', (a, b) => a > b],
  ['GreaterThanEquals', (a, b) => a >= b],
];

const DEFS: OpDef[] = [
  { name: 'StringEquals', family: 'string', negated: false },
  { name: 'StringNotEquals', family: 'string', negated: true },
  { name: 'StringEqualsIgnoreCase', family: 'string', negated: false, ci: true },
  { name: 'StringNotEqualsIgnoreCase', family: 'string', negated: true, ci: true },
  { name: 'StringLike', family: 'string', negated: false, like: true },
  { name: 'StringNotLike', family: 'string', negated: true, like: true },
  { name: 'NumericEquals', family: 'numeric', negated: false, cmp: eq },
  { name: 'NumericNotEquals', family: 'numeric', negated: true, cmp: eq },
  ...CMPS.map(([n, cmp]): OpDef => ({ name: `Numeric${n}`, family: 'numeric', negated: false, cmp })),
  { name: 'DateEquals', family: 'date', negated: false, cmp: eq },
  { name: 'DateNotEquals', family: 'date', negated: true, cmp: eq },
  ...CMPS.map(([n, cmp]): OpDef => ({ name: `Date${n}`, family: 'date', negated: false, cmp })),
  { name: 'Bool', family: 'bool', negated: false },
  { name: 'BinaryEquals', family: 'binary', negated: false },
  { name: 'IpAddress', family: 'ip', negated: false },
  { name: 'NotIpAddress', family: 'ip', negated: true },
  { name: 'ArnEquals', family: 'arn', negated: false },
  { name: 'ArnLike', family: 'arn', negated: false },
  { name: 'ArnNotEquals', family: 'arn', negated: true },
  { name: 'ArnNotLike', family: 'arn', negated: true },
  { name: 'Null', family: 'null', negated: false },
];

const BY_NAME = new Map(DEFS.map((d) => [d.name.toLowerCase(), d]));

export const OPERATOR_NAMES: readonly string[] = DEFS.map((d) => d.name);

export interface ParsedOp {
  base: OpDef;
  set?: 'any' | 'all';
  ifExists: boolean;
  /** The operator exactly as AWS spells it (for case checks). */
  canonical: string;
}

/** Parse `ForAnyValue:StringLikeIfExists` and friends; undefined for unknown operators. */
export function parseOperator(name: string): ParsedOp | undefined {
  let rest = name;
  let set: 'any' | 'all' | undefined;
  const m = /^(ForAnyValue|ForAllValues):(.*)$/i.exec(name);
  if (m) {
    set = m[1]!.toLowerCase() === 'foranyvalue' ? 'any' : 'all';
    rest = m[2]!;
  }
  let ifExists = false;
  if (/IfExists$/i.test(rest)) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BY_NAME.get(rest.toLowerCase());
  if (!base || (base.family === 'null' && (ifExists || set))) return undefined;
  const prefix = set === undefined ? '' : set === 'any' ? 'ForAnyValue:' : 'ForAllValues:';
  const op: ParsedOp = { base, ifExists, canonical: `${prefix}${base.name}${ifExists ? 'IfExists' : ''}` };
  if (set) op.set = set;
  return op;
}

export interface CondEnv {
  ctx: Ctx;
  /** Policy variables active (Version 2012-10-17). */
  variables: boolean;
  /** Collector: keys that were unknown. */
  unknownKeys: Set<string>;
  /** Collector: explanations. */
  notes: string[];
}

/** Policy values of one key as strings (numbers and booleans are written as strings by AWS). */
export function policyValues(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const v of list) {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
  }
  return out;
}

function lookupFor(env: CondEnv): (key: string) => VarValue {
  return (key) => {
    const v = env.ctx.variable(key);
    if (v === 'unknown') env.unknownKeys.add(key);
    return v;
  };
}

/** Does one request value match one policy value, in the operator's positive sense? */
function valueMatch(op: OpDef, rv: string, pv: string, env: CondEnv): Tri {
  switch (op.family) {
    case 'string': {
      const toks = compile(pv, { wildcards: op.like === true, variables: env.variables });
      return resolvedMatch(resolve(toks, lookupFor(env)), rv, op.ci === true);
    }
    case 'arn':
      return matchArnTri(pv, rv, {
        variables: env.variables,
        variableSegments: 'all',
        lookup: lookupFor(env),
      });
    case 'numeric': {
      const a = parseNumber(rv);
      const b = parseNumber(pv);
      return a !== undefined && b !== undefined && op.cmp!(a, b);
    }
    case 'date': {
      const a = parseDate(rv);
      const b = parseDate(pv);
      return a !== undefined && b !== undefined && op.cmp!(a, b);
    }
    case 'bool':
      return rv.toLowerCase() === pv.toLowerCase();
    case 'binary':
      return base64Equals(rv, pv);
    case 'ip': {
      const cidr = parseCidr(pv);
      const ip = parseIp(rv);
      return cidr !== undefined && ip !== undefined && cidrContains(cidr, ip);
    }
    default:
      return false;
  }
}

/** One `operator: { key: values }` entry for one key. */
export function evalKey(op: ParsedOp, key: string, raw: unknown, env: CondEnv): Tri {
  const pvs = policyValues(raw);
  const look = env.ctx.get(key);
  const mark = (t: Tri): Tri => {
    if (t === U) env.unknownKeys.add(key);
    return t;
  };
  if (look.state === 'unknown') return mark(U);
  const values = look.state === 'present' ? look.values : [];
  if (op.base.family === 'null') {
    const present = values.length > 0;
    return pvs.some((pv) => {
      const want = pv.toLowerCase();
      return (want === 'true' && !present) || (want === 'false' && present);
    });
  }
  const matchOne = (rv: string): Tri => {
    const r = some(pvs, (pv) => valueMatch(op.base, rv, pv, env));
    return op.base.negated ? not(r) : r;
  };
  if (op.set) {
    if (values.length === 0) return op.set === 'all' || op.ifExists;
    return mark(op.set === 'all' ? every(values, matchOne) : some(values, matchOne));
  }
  if (values.length === 0) return op.ifExists || op.base.negated;
  if (values.length > 1) {
    env.notes.push(`${op.canonical} on multi-valued key ${key} without ForAnyValue/ForAllValues`);
    return env.ctx.mode === 'uncertain' ? mark(U) : false;
  }
  return mark(matchOne(values[0]!));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A whole Condition block. Absent → true; malformed or unknown operator → false (IAM rejects it). */
export function evalCondition(cond: unknown, env: CondEnv): Tri {
  if (cond === undefined) return true;
  if (!isObject(cond)) return false;
  return every(Object.entries(cond), ([opName, block]) => {
    const op = parseOperator(opName);
    if (!op || !isObject(block)) return false;
    return every(Object.entries(block), ([key, vals]) => evalKey(op, key, vals, env));
  });
}

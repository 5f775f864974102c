/**
 * Structural matching of an event pattern against an event, per facts C1-C2 of
 * /work/shared/domain/iam-and-eventbridge.md:
 * - every named field must be present at the same depth (AND); values in one array are OR'ed;
 *   fields the pattern does not name are ignored (`[eb:eb-event-patterns]`);
 * - event arrays: any element; arrays of objects: a nested pattern must be satisfied by ONE element
 *   (`[ruler:README]` "JSON Array Matching", `[ruler-obs]`);
 * - `exists: true` needs a present leaf (null and "" count, `[]` and objects do not);
 *   `exists: false` holds when no leaf exists at the path anywhere in the event, so a missing parent,
 *   `[]` and an object match, null does not, and one array element having the field makes it fail;
 * - `$or`: the other fields AND at least one branch (`[eb:eb-event-patterns-content-based-filtering]`).
 * The pattern is assumed valid (see validate.ts); pattern or event may be given as JSON text, which
 * keeps number literals for the docs' text comparison (json.ts).
 */
import { isRecord, parseJsonText, type Rec, show } from './json.js';
import { elementMatches } from './leaf.js';

export interface MatchOutcome {
  match: boolean;
  /** Places where EventBridge's documented and Event Ruler's observed behaviour disagree. */
  ambiguities: string[];
}

interface Ctx {
  root: unknown;
  ambiguities: Set<string>;
  /** Collects rejection messages when set (explainMismatch). */
  fails?: string[];
}

export function toValue(x: unknown): unknown {
  return typeof x === 'string' ? parseJsonText(x) : x;
}

/** Leaf values of one field: scalars, and scalar elements of (nested) arrays; objects give none. */
export function leafValues(v: unknown): unknown[] {
  if (v === undefined || isRecord(v)) return [];
  if (Array.isArray(v)) return v.flatMap(leafValues);
  return [v];
}

/** Objects reachable from a field value (arrays flattened). */
function objectsOf(v: unknown): Rec[] {
  if (isRecord(v)) return [v];
  if (Array.isArray(v)) return v.flatMap(objectsOf);
  return [];
}

/** All leaf values at a dotted path from the root, across every array element. */
export function valuesAtPath(root: unknown, path: readonly string[]): unknown[] {
  let level: unknown[] = [root];
  for (const key of path) {
    level = level.flatMap(objectsOf).flatMap((o) => (Object.hasOwn(o, key) ? [o[key]] : []));
  }
  return level.flatMap(leafValues);
}

function isExists(el: unknown): el is { exists: boolean } {
  return isRecord(el) && Object.keys(el).length === 1 && 'exists' in el;
}

function leafField(filter: unknown[], field: unknown, path: string[], ctx: Ctx): boolean {
  const values = leafValues(field);
  const amb = (m: string): void => {
    ctx.ambiguities.add(`${path.join('.')}: ${m}`);
  };
  const ok = filter.some((el) => {
    if (isExists(el)) return el.exists ? values.length > 0 : valuesAtPath(ctx.root, path).length === 0;
    return values.some((v) => elementMatches(el, v, amb));
  });
  if (!ok && ctx.fails) {
    const got = field === undefined ? 'the field is missing' : `the event has ${show(field)}`;
    ctx.fails.push(`${path.join('.')}: ${show(filter)} rejects the event (${got})`);
  }
  return ok;
}

function nestedField(pattern: Rec, field: unknown, path: string[], ctx: Ctx): boolean {
  const candidates = objectsOf(field);
  if (candidates.length === 0) return objectMatches(pattern, undefined, path, ctx);
  if (!ctx.fails) return candidates.some((c) => objectMatches(pattern, c, path, ctx));
  // Explain with the element that fails on the fewest paths (fields must come from one element).
  let best: string[] | undefined;
  for (const c of candidates) {
    const fails: string[] = [];
    if (objectMatches(pattern, c, path, { ...ctx, fails })) return true;
    if (!best || fails.length < best.length) best = fails;
  }
  ctx.fails.push(...(best ?? []));
  return false;
}

function objectMatches(pattern: Rec, event: Rec | undefined, path: string[], ctx: Ctx): boolean {
  let ok = true;
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') continue;
    const field = event?.[key];
    const here = [...path, key];
    const r = Array.isArray(sub)
      ? leafField(sub, field, here, ctx)
      : isRecord(sub) && nestedField(sub, field, here, ctx);
    if (!r) {
      ok = false;
      if (!ctx.fails) return false;
    }
  }
  const branches = pattern.$or;
  if (Array.isArray(branches)) {
    const quiet: Ctx = { root: ctx.root, ambiguities: ctx.ambiguities };
    const any = branches.some((b) => isRecord(b) && objectMatches(b, event, path, quiet));
    if (!any) {
      ok = false;
      if (ctx.fails) {
        const at = [...path, '$or'].join('.');
        const per = branches.map((b, i) => {
          const fails: string[] = [];
          if (isRecord(b)) objectMatches(b, event, path, { ...quiet, fails });
          return `branch ${i}: ${fails.join('; ')}`;
        });
        ctx.fails.push(`${at}: no branch matches (${per.join(' | ')})`);
      }
    }
  }
  return ok;
}

/** Matches with the list of docs-vs-engine ambiguities met on the way (number text, facts C1). */
export function matchDetailed(pattern: unknown, event: unknown): MatchOutcome {
  const p = toValue(pattern);
  const e = toValue(event);
  if (!isRecord(p)) return { match: false, ambiguities: [] };
  const ctx: Ctx = { root: e, ambiguities: new Set() };
  const match = objectMatches(p, isRecord(e) ? e : undefined, [], ctx);
  return { match, ambiguities: [...ctx.ambiguities] };
}

/** Whether EventBridge (as documented) matches the event against the (valid) pattern. */
export function matches(pattern: unknown, event: unknown): boolean {
  return matchDetailed(pattern, event).match;
}

/** Each entry starts with the dotted path whose filter rejected the event; empty when it matches. */
export function explainMismatch(pattern: unknown, event: unknown): string[] {
  const p = toValue(pattern);
  const e = toValue(event);
  if (!isRecord(p)) return ['(root): the pattern is not a JSON object'];
  const fails: string[] = [];
  const ctx: Ctx = { root: e, ambiguities: new Set(), fails };
  return objectMatches(p, isRecord(e) ? e : undefined, [], ctx) ? [] : fails;
}

/**
 * canEverMatch: can ANY event of the documented shape match the pattern? (rule EKS-016). The answer
 * is "no" only when it is provable from documented facts (shapes.ts): the pattern's `source` is a
 * known AWS source and, for every `$or` combination, either its `detail-type` matches none of the
 * source's documented detail-types, or each documented shape fails a field constraint:
 * - the field path never exists (an ancestor's documented key list lacks it, or an ancestor is a leaf);
 * - the path holds an object, which a value filter never matches (facts C2, exists on leaves only);
 * - the path has a closed enum and no documented value passes the filter;
 * - the path's type (taken from the documented example events) cannot pass the filter (`["5"]` on a
 *   number, `prefix` on a number, facts C1-C2).
 * Whatever the source, a top-level key outside the event envelope never exists, `detail` is an
 * object and the other envelope fields hold strings (EventBridge User Guide `eb-events`, PutEvents).
 * Sample values never narrow the answer; samples only contribute paths and types. `exists: false`
 * constraints are never reported. Anything unknown counts as "could match".
 */
import { editDistance } from '../shape/suggest.js';
import { isNumber, isRecord, type Rec, show } from './json.js';
import { elementMatches } from './leaf.js';
import { toValue } from './match.js';
import { ENVELOPE_KEYS, SHAPES, SOURCES, sampleEvents } from './shapes.js';
import { validatePattern } from './validate.js';

export interface EverResult {
  ok: boolean;
  reasons: string[];
  /** The same reasons in Japanese (values, paths and event names as written). */
  reasonsJa: string[];
}

/** A reason in English and Japanese. */
interface Reason {
  en: string;
  ja: string;
}

interface Constraint {
  path: string;
  filter: unknown[];
}

interface Shape {
  source: string;
  detailType: string;
  closed: Map<string, Set<string>>;
  enums: Map<string, readonly string[]>;
  leaves: Map<string, Set<string>>;
  objects: Set<string>;
}

/** Every `$or` combination of the pattern, as flat lists of path constraints. */
export function expand(obj: Rec, path = ''): Constraint[][] {
  let combos: Constraint[][] = [[]];
  const join = (k: string): string => (path ? `${path}.${k}` : k);
  for (const [key, v] of Object.entries(obj)) {
    let alts: Constraint[][];
    if (key === '$or' && Array.isArray(v)) alts = v.flatMap((b) => (isRecord(b) ? expand(b, path) : []));
    else if (Array.isArray(v)) alts = [[{ path: join(key), filter: v }]];
    else if (isRecord(v)) alts = expand(v, join(key));
    else continue;
    combos = combos.flatMap((c) => alts.map((a) => [...c, ...a]));
  }
  return combos;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (isNumber(v)) return 'number';
  return typeof v;
}

function collect(v: unknown, path: string, shape: Shape): void {
  if (Array.isArray(v)) {
    for (const x of v) collect(x, path, shape);
    return;
  }
  if (isRecord(v)) {
    if (path) shape.objects.add(path);
    for (const [k, x] of Object.entries(v)) collect(x, path ? `${path}.${k}` : k, shape);
    return;
  }
  const set = shape.leaves.get(path) ?? new Set<string>();
  set.add(typeOf(v));
  shape.leaves.set(path, set);
}

function buildShapes(samples: readonly unknown[]): Shape[] {
  const shapes = new Map<string, Shape>();
  const get = (source: string, detailType: string): Shape => {
    const key = `${source}\u0000${detailType}`;
    let s = shapes.get(key);
    if (!s) {
      const closed = new Map<string, Set<string>>([['', new Set<string>(ENVELOPE_KEYS)]]);
      s = { source, detailType, closed, enums: new Map(), leaves: new Map(), objects: new Set() };
      shapes.set(key, s);
    }
    return s;
  };
  for (const doc of SHAPES) {
    const s = get(doc.source, doc.detailType);
    for (const [p, keys] of Object.entries(doc.closed)) {
      s.closed.set(p, new Set(keys));
      s.objects.add(p);
    }
    for (const [p, values] of Object.entries(doc.enums)) s.enums.set(p, values);
  }
  for (const e of samples) {
    if (!isRecord(e) || typeof e.source !== 'string' || typeof e['detail-type'] !== 'string') continue;
    collect(e, '', get(e.source, e['detail-type']));
  }
  return [...shapes.values()];
}

function passes(filter: unknown[], v: unknown): boolean {
  return filter.some((el) => (isRecord(el) && 'exists' in el ? el.exists === true : elementMatches(el, v)));
}

/** Could some value of one of these JSON types pass the filter element? */
function typeCanPass(el: unknown, types: Set<string>): boolean {
  if (!isRecord(el)) return types.has(typeOf(el));
  const key = Object.keys(el)[0];
  if (key === 'exists' || key === 'anything-but') return true;
  if (key === 'numeric') return types.has('number');
  return types.has('string');
}

function enumReason(path: string, filter: unknown[], values: readonly string[]): Reason | undefined {
  if (values.some((v) => passes(filter, v))) return undefined;
  return {
    en: `${path}: ${show(filter)} matches none of the documented values (${values.join(', ')})`,
    ja: `${path}: ${show(filter)} はドキュメントにあるどの値（${values.join(', ')}）にも一致しません`,
  };
}

function absent(shape: Shape, path: string): boolean {
  const parts = path.split('.');
  for (let i = 1; i <= parts.length; i++) {
    const parent = parts.slice(0, i - 1).join('.');
    if (i > 1 && shape.leaves.has(parent) && !shape.objects.has(parent)) return true;
    const keys = shape.closed.get(parent);
    if (keys && !keys.has(parts[i - 1] as string)) return true;
  }
  return false;
}

function knownLeaves(shape: Shape): string[] {
  return [...new Set([...shape.leaves.keys(), ...shape.enums.keys()])];
}

function fieldReason(shape: Shape, c: Constraint): Reason | undefined {
  if (c.filter.some((el) => isRecord(el) && el.exists === false)) return undefined;
  const where = `"${shape.detailType}" events`;
  const whereJa = `"${shape.detailType}" イベント`;
  if (absent(shape, c.path)) {
    const msg = {
      en: `${c.path} never exists in ${where} (pattern wants ${show(c.filter)})`,
      ja: `${whereJa}に ${c.path} は存在しません（パターンは ${show(c.filter)} を求めています）`,
    };
    const last = c.path.split('.').pop();
    const leaves = knownLeaves(shape).filter((p) => p.split('.').pop() === last);
    // Bounded by the longest candidate: a far longer path answers at once instead of a full table.
    const cap = Math.max(0, ...leaves.map((p) => p.length));
    const near = leaves.map((p) => ({ p, d: editDistance(p, c.path, cap) })).sort((a, b) => a.d - b.d)[0]?.p;
    if (near) {
      msg.en += `; the documented field is ${near}`;
      msg.ja += `。ドキュメントにあるフィールドは ${near} です`;
      const values = shape.enums.get(near);
      const bad = values && enumReason(near, c.filter, values);
      if (bad) {
        msg.en += `, and ${show(c.filter)} is not a documented value there either (${values.join(', ')})`;
        msg.ja += `が、${show(c.filter)} はそこでもドキュメントにある値（${values.join(', ')}）ではありません`;
      }
    }
    return msg;
  }
  const values = shape.enums.get(c.path);
  if (values) {
    const r = enumReason(c.path, c.filter, values);
    return r && { en: `${r.en} in ${where}`, ja: `${whereJa}で、${r.ja}` };
  }
  if (shape.objects.has(c.path) && !shape.leaves.has(c.path)) {
    return {
      en: `${c.path} is an object in ${where}; the value filter ${show(c.filter)} never matches an object`,
      ja: `${whereJa}の ${c.path} はオブジェクトです。値フィルター ${show(c.filter)} はオブジェクトに一致しません`,
    };
  }
  const types = shape.leaves.get(c.path);
  if (types && !c.filter.some((el) => typeCanPass(el, types))) {
    return {
      en: `${c.path} holds ${[...types].join('/')} values in ${where}; ${show(c.filter)} can never match`,
      ja: `${whereJa}の ${c.path} の値は ${[...types].join('/')} です。${show(c.filter)} は一致し得ません`,
    };
  }
  return undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** Envelope fields other than `detail` hold strings (`resources`: a string list); `detail` an object. */
function envelopeReason(c: Constraint): Reason | undefined {
  if (c.filter.some((el) => isRecord(el) && el.exists === false)) return undefined;
  const [top, ...rest] = c.path.split('.');
  if (top === 'detail') {
    return rest.length === 0
      ? {
          en: `detail is always an object; the value filter ${show(c.filter)} never matches it`,
          ja: `detail は常にオブジェクトです。値フィルター ${show(c.filter)} は一致しません`,
        }
      : undefined;
  }
  if (rest.length > 0)
    return {
      en: `${c.path} never exists: ${top} is a string field of the event envelope`,
      ja: `${c.path} は存在しません。${top} はイベントのエンベロープの文字列フィールドです`,
    };
  if (!c.filter.some((el) => typeCanPass(el, new Set(['string'])))) {
    return {
      en: `${c.path} is always a string; ${show(c.filter)} can never match`,
      ja: `${c.path} は常に文字列です。${show(c.filter)} は一致し得ません`,
    };
  }
  return undefined;
}

/** Reasons one combination can never match; empty when it might. */
function comboReasons(combo: Constraint[], shapes: Shape[]): Reason[] | undefined {
  // Every event on a bus has the same top-level envelope, whatever its source (eb-events).
  const envelope = new Set<string>(ENVELOPE_KEYS);
  const outside = combo.filter(
    (c) =>
      !envelope.has(c.path.split('.')[0] as string) &&
      !c.filter.some((el) => isRecord(el) && el.exists === false),
  );
  if (outside.length > 0) {
    return outside.map((c) => ({
      en: `${c.path} never exists: events have only the top-level fields ${ENVELOPE_KEYS.join(', ')}`,
      ja: `${c.path} は存在しません。イベントの最上位のフィールドは ${ENVELOPE_KEYS.join(', ')} だけです`,
    }));
  }
  const envelopeBad = combo.flatMap((c) => envelopeReason(c) ?? []);
  if (envelopeBad.length > 0) return envelopeBad;
  const sourceC = combo.find((c) => c.path === 'source');
  if (!sourceC) return [];
  const known = new Set([...SOURCES.map((s) => s.source), ...shapes.map((s) => s.source)]);
  const exact = sourceC.filter.every((el) => typeof el === 'string' && known.has(el));
  if (!exact) return [];
  const dtC = combo.find((c) => c.path === 'detail-type');
  const reasons: Reason[] = [];
  for (const source of sourceC.filter as string[]) {
    const doc = SOURCES.find((s) => s.source === source);
    const own = shapes.filter((s) => s.source === source);
    const types = [...new Set([...(doc?.detailTypes ?? []), ...own.map((s) => s.detailType)])];
    const typeOk = (t: string): boolean => !dtC || passes(dtC.filter, t);
    const matching = types.filter(typeOk);
    if (matching.length === 0 && !doc?.complete) return [];
    if (matching.some((t) => !own.some((s) => s.detailType === t))) return [];
    const candidates = matching.length > 0 ? own.filter((s) => typeOk(s.detailType)) : own;
    const scored = candidates.map((s) => ({ s, r: combo.flatMap((c) => fieldReason(s, c) ?? []) }));
    if (matching.length > 0 && scored.some((x) => x.r.length === 0)) return [];
    if (matching.length === 0) {
      const real = types.map((t) => `"${t}"`).join(', ');
      reasons.push({
        en: `detail-type ${show(dtC?.filter)} never matches; real ${source} events have ${real}`,
        ja: `detail-type ${show(dtC?.filter)} は一致しません。実際の ${source} イベントの detail-type は ${real} です`,
      });
    }
    const hint = (dtC?.filter ?? []).filter((x): x is string => typeof x === 'string');
    const score = (s: Shape): number => Math.max(0, ...hint.map((h) => commonPrefix(h, s.detailType)));
    scored.sort((a, b) => a.r.length - b.r.length || score(b.s) - score(a.s));
    reasons.push(...(scored[0]?.r ?? []));
  }
  return reasons;
}

/**
 * Whether any event of the documented shape for the pattern's source could match. `samples` adds
 * event shapes (paths and types) to the documented table; the bundled samples are the default.
 */
export function canEverMatch(pattern: unknown, samples: readonly unknown[] = sampleEvents()): EverResult {
  let p: unknown;
  try {
    p = toValue(pattern);
  } catch (e) {
    const m = (e as Error).message;
    return {
      ok: false,
      reasons: [`the pattern is not valid JSON: ${m}`],
      reasonsJa: [`パターンが有効な JSON ではありません: ${m}`],
    };
  }
  const invalid = validatePattern(p).filter((i) => i.kind === 'invalid');
  if (invalid.length > 0 || !isRecord(p)) {
    return {
      ok: false,
      reasons: invalid.map((i) => `invalid pattern at ${i.path}: ${i.message}`),
      reasonsJa: invalid.map((i) => `${i.path} のパターンが不正です: ${i.message}`),
    };
  }
  const shapes = buildShapes(samples);
  const all = new Map<string, string>();
  for (const combo of expand(p)) {
    const r = comboReasons(combo, shapes);
    if (!r || r.length === 0) return { ok: true, reasons: [], reasonsJa: [] };
    for (const x of r) if (!all.has(x.en)) all.set(x.en, x.ja);
  }
  return { ok: false, reasons: [...all.keys()], reasonsJa: [...all.values()] };
}

/**
 * The positioned tree of an object the webhook already has as JSON (the parsed AdmissionReview),
 * built directly: the same tree `parseJson` gives for `JSON.stringify(value)` (one line; columns
 * and pointers as momoa reports them there: 1-based UTF-16 columns, end one past the last
 * character), without writing that text and parsing it again. The positions matter for what the
 * webhook answers: the findings are ordered by them, and a rule tells fields apart by them.
 *
 * `undefined` when the value is nested deeper than the parser reads ({@link MAX_NESTING_DEPTH}) or
 * holds something `JSON.stringify` would not write as such (the caller then takes the text path,
 * which reports it as a scan would).
 */
import { escapePointer, MAX_NESTING_DEPTH } from '../parse/common.js';
import type { MapEntry, Node } from '../parse/tree.js';
import type { Src } from '../source.js';

/**
 * Length of `JSON.stringify(s)`, without writing it unless a character may be escaped (quote,
 * backslash, control characters, surrogates: a lone one is escaped, a pair is not).
 */
function quotedLength(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s).length;
  }
  return s.length + 2;
}

export interface BuiltTree {
  node: Node;
  /** Length of the JSON text the tree stands for (UTF-16 code units). */
  length: number;
}

export function treeOf(value: unknown, file: string): BuiltTree | undefined {
  let offset = 0;
  let tooDeep = false;
  let odd = false;
  const src = (start: number, end: number, pointer: string): Src => ({
    file,
    startLine: 1,
    startColumn: start + 1,
    endLine: 1,
    endColumn: end + 1,
    pointer,
  });
  const build = (v: unknown, pointer: string, depth: number): Node => {
    const start = offset;
    if (v === null) {
      offset += 4;
      return { kind: 'scalar', value: null, src: src(start, offset, pointer) };
    }
    switch (typeof v) {
      case 'string':
        offset += quotedLength(v);
        return { kind: 'scalar', value: v, src: src(start, offset, pointer) };
      case 'boolean':
        offset += v ? 4 : 5;
        return { kind: 'scalar', value: v, src: src(start, offset, pointer) };
      case 'number': {
        if (!Number.isFinite(v)) odd = true;
        const n = v === 0 ? 0 : v; // JSON.stringify(-0) is "0"
        offset += String(n).length;
        return { kind: 'scalar', value: n, src: src(start, offset, pointer) };
      }
      case 'object':
        break;
      default:
        odd = true;
        return { kind: 'scalar', value: null, src: src(start, offset, pointer) };
    }
    if (depth >= MAX_NESTING_DEPTH) {
      tooDeep = true;
      return { kind: 'scalar', value: null, src: src(start, offset, pointer) };
    }
    if (Array.isArray(v)) {
      offset++; // [
      const items: Node[] = [];
      for (let i = 0; i < v.length; i++) {
        if (i > 0) offset++; // ,
        const x = v[i];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') odd = true;
        items.push(build(x, `${pointer}/${i}`, depth + 1));
      }
      offset++; // ]
      return { kind: 'seq', items, src: src(start, offset, pointer) };
    }
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) odd = true;
    offset++; // {
    const entries: MapEntry[] = [];
    const o = v as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const x = o[key];
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue; // not written
      if (entries.length > 0) offset++; // ,
      const keyStart = offset;
      offset += quotedLength(key);
      const childPtr = `${pointer}/${escapePointer(key)}`;
      const keySrc = src(keyStart, offset, childPtr);
      offset++; // :
      entries.push({ key, keySrc, value: build(x, childPtr, depth + 1) });
    }
    offset++; // }
    return { kind: 'map', entries, src: src(start, offset, pointer) };
  };
  const node = build(value, '', 0);
  if (tooDeep || odd) return undefined;
  return { node, length: offset };
}

/**
 * JSON into a positioned tree with `@humanwhocodes/momoa` (1-based line/column on every node,
 * keys included). Parse errors keep their line and column. Text nested deeper than
 * MAX_NESTING_DEPTH is refused before momoa (which recurses per level) sees it.
 *
 * Fast path: `fastTree` reads the strict, common subset of JSON in one pass straight into the
 * same tree (no token objects, no momoa AST); on anything outside it — any syntax error, a
 * control character or a byte-order mark, nesting deeper than MAX_NESTING_DEPTH — it gives up and
 * the momoa path above decides, so errors and edge cases are momoa's. json.test.ts compares both
 * trees on every .json file of the repository and on generated texts.
 */
import { parse } from '@humanwhocodes/momoa';
import { type Note, withText } from '../notes.js';
import type { Src } from '../source.js';
import { escapePointer, MAX_NESTING_DEPTH, type ParseError, type ParseResult } from './common.js';
import type { MapEntry, Node } from './tree.js';

interface Loc {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface MNode {
  type: string;
  loc: Loc;
  value?: unknown;
  members?: { name: MNode; value: MNode }[];
  elements?: { value: MNode }[];
  body?: MNode;
}

export function parseJson(file: string, text: string): ParseResult {
  const fast = fastTree(file, text);
  if (fast !== undefined) return { docs: [{ index: 0, node: fast }], errors: [] };
  return momoaJson(file, text);
}

/** The momoa path: errors, and everything the fast path leaves (also called by the tests). */
export function momoaJson(file: string, text: string): ParseResult {
  const deep = tooDeep(text, MAX_NESTING_DEPTH);
  if (deep !== undefined) {
    const { line, column } = lineColumn(text, deep);
    const message = `JSON: nested more than ${MAX_NESTING_DEPTH} levels deep; not scanned`;
    return { docs: [], errors: [{ file, line, column, message }] };
  }
  let ast: MNode;
  try {
    ast = parse(text, { mode: 'json' }) as unknown as MNode;
  } catch (e) {
    return { docs: [], errors: [syntaxError(file, text, e)] };
  }
  const srcOf = (loc: Loc, pointer: string): Src => ({
    file,
    startLine: loc.start.line,
    startColumn: loc.start.column,
    endLine: loc.end.line,
    endColumn: loc.end.column,
    pointer,
  });
  const build = (n: MNode, pointer: string): Node => {
    switch (n.type) {
      case 'Object': {
        const entries: MapEntry[] = (n.members ?? []).map((m) => {
          const key = String(m.name.value);
          const childPtr = `${pointer}/${escapePointer(key)}`;
          return { key, keySrc: srcOf(m.name.loc, childPtr), value: build(m.value, childPtr) };
        });
        return { kind: 'map', entries, src: srcOf(n.loc, pointer) };
      }
      case 'Array':
        return {
          kind: 'seq',
          items: (n.elements ?? []).map((el, i) => build(el.value, `${pointer}/${i}`)),
          src: srcOf(n.loc, pointer),
        };
      case 'Null':
        return { kind: 'scalar', value: null, src: srcOf(n.loc, pointer) };
      default:
        return { kind: 'scalar', value: n.value as string | number | boolean, src: srcOf(n.loc, pointer) };
    }
  };
  return { docs: [{ index: 0, node: build(ast.body as MNode, '') }], errors: [] };
}

function syntaxError(file: string, text: string, e: unknown): ParseError {
  const err = e as { line?: number; column?: number; offset?: number; message?: string };
  const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)\s*$/, '');
  let line = err.line ?? 1;
  let column = err.column;
  // hako's own words where it knows better than the library's message
  let words: Note = { note: 'jsonError', data: { detail: message } };
  if (/^Unexpected end of input/.test(message)) {
    // momoa places this at 1:1; the reader stopped at the end of the text
    if (text.trim() === '') words = { note: 'jsonEmpty' };
    else {
      words = { note: 'jsonTruncated' };
      ({ line, column } = lineColumn(text, text.trimEnd().length));
    }
  } else if (err.offset !== undefined && /^Unexpected token R(Brace|Bracket)/.test(message)) {
    const before = text.slice(0, err.offset).trimEnd();
    if (before.endsWith(',')) words = { note: 'jsonTrailingComma', data: { detail: message } };
  }
  return { file, line, column, ...withText('message', words.note, words.data) };
}

/** Offset of the first `[` or `{` that opens a level deeper than `max`, strings skipped. */
function tooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Gives up: the text is outside the fast path's subset (the momoa path decides). */
class Bail {}
const BAIL = new Bail();

/**
 * The tree momoa's path builds, for text that is strict JSON made of: whitespace (space, tab, LF,
 * CR, CRLF), strings without raw control characters and with JSON's escapes, JSON numbers,
 * `true` / `false` / `null`, objects and arrays nested at most MAX_NESTING_DEPTH deep. Positions as
 * momoa counts them: 1-based lines (CRLF, LF and a lone CR each end one), 1-based columns in UTF-16
 * code units, the end column one past the last character. Undefined for anything else.
 */
export function fastTree(file: string, text: string): Node | undefined {
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  const src = (sl: number, sc: number, el: number, ec: number, pointer: string): Src => ({
    file,
    startLine: sl,
    startColumn: sc,
    endLine: el,
    endColumn: ec,
    pointer,
  });
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09) i++;
      else if (c === 0x0a) {
        i++;
        line++;
        lineStart = i;
      } else if (c === 0x0d) {
        i += text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
        line++;
        lineStart = i;
      } else return;
    }
  };
  /** A string token from `i` (at its `"`): its value; `i` past its closing quote. */
  const str = (): string => {
    const start = i + 1;
    let j = start;
    let escaped = false;
    for (;;) {
      if (j >= n) throw BAIL;
      const c = text.charCodeAt(j);
      if (c === 0x22) break;
      if (c < 0x20) throw BAIL;
      if (c === 0x5c) {
        escaped = true;
        const e = text.charCodeAt(j + 1);
        if (e === 0x75) {
          for (let k = j + 2; k < j + 6; k++) {
            const h = text.charCodeAt(k);
            if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66)))
              throw BAIL;
          }
          j += 6;
        } else if (
          e === 0x22 ||
          e === 0x5c ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        )
          j += 2;
        else throw BAIL;
      } else j++;
    }
    i = j + 1;
    return escaped ? (JSON.parse(text.slice(start - 1, i)) as string) : text.slice(start, j);
  };
  const digits = (): number => {
    const from = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      i++;
    }
    return i - from;
  };
  const value = (pointer: string): Node => {
    const c = text.charCodeAt(i);
    const sl = line;
    const sc = i - lineStart + 1;
    const start = i;
    if (c === 0x7b) {
      if (++depth > MAX_NESTING_DEPTH) throw BAIL;
      i++;
      const entries: MapEntry[] = [];
      ws();
      if (text.charCodeAt(i) !== 0x7d) {
        for (;;) {
          if (text.charCodeAt(i) !== 0x22) throw BAIL;
          const kl = line;
          const kc = i - lineStart + 1;
          const ks = i;
          const key = str();
          const childPtr = `${pointer}/${escapePointer(key)}`;
          const keySrc = src(kl, kc, kl, kc + (i - ks), childPtr);
          ws();
          if (text.charCodeAt(i) !== 0x3a) throw BAIL;
          i++;
          ws();
          entries.push({ key, keySrc, value: value(childPtr) });
          ws();
          const d = text.charCodeAt(i);
          if (d === 0x2c) {
            i++;
            ws();
          } else if (d === 0x7d) break;
          else throw BAIL;
        }
      }
      i++;
      depth--;
      return { kind: 'map', entries, src: src(sl, sc, line, i - lineStart + 1, pointer) };
    }
    if (c === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) throw BAIL;
      i++;
      const items: Node[] = [];
      ws();
      if (text.charCodeAt(i) !== 0x5d) {
        for (;;) {
          items.push(value(`${pointer}/${items.length}`));
          ws();
          const d = text.charCodeAt(i);
          if (d === 0x2c) {
            i++;
            ws();
          } else if (d === 0x5d) break;
          else throw BAIL;
        }
      }
      i++;
      depth--;
      return { kind: 'seq', items, src: src(sl, sc, line, i - lineStart + 1, pointer) };
    }
    if (c === 0x22) {
      const v = str();
      return { kind: 'scalar', value: v, src: src(sl, sc, sl, sc + (i - start), pointer) };
    }
    if (c === 0x74 && text.startsWith('true', i)) {
      i += 4;
      return { kind: 'scalar', value: true, src: src(sl, sc, sl, sc + 4, pointer) };
    }
    if (c === 0x66 && text.startsWith('false', i)) {
      i += 5;
      return { kind: 'scalar', value: false, src: src(sl, sc, sl, sc + 5, pointer) };
    }
    if (c === 0x6e && text.startsWith('null', i)) {
      i += 4;
      return { kind: 'scalar', value: null, src: src(sl, sc, sl, sc + 4, pointer) };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (c === 0x2d) i++;
      if (text.charCodeAt(i) === 0x30) i++;
      else if (digits() === 0) throw BAIL;
      if (text.charCodeAt(i) === 0x2e) {
        i++;
        if (digits() === 0) throw BAIL;
      }
      const e = text.charCodeAt(i);
      if (e === 0x65 || e === 0x45) {
        i++;
        const sign = text.charCodeAt(i);
        if (sign === 0x2b || sign === 0x2d) i++;
        if (digits() === 0) throw BAIL;
      }
      return {
        kind: 'scalar',
        value: Number(text.slice(start, i)),
        src: src(sl, sc, sl, sc + (i - start), pointer),
      };
    }
    throw BAIL;
  };
  try {
    ws();
    if (i >= n) return undefined;
    const node = value('');
    ws();
    // a keyword or number run on into letters or digits (`truex`, `1x`) is a syntax error
    return i === n ? node : undefined;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

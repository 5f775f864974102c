/**
 * JSON into a positioned tree with `@humanwhocodes/momoa` (1-based line/column on every node,
 * keys included). Parse errors keep their line and column. Text nested deeper than
 * MAX_NESTING_DEPTH is refused before momoa (which recurses per level) sees it.
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

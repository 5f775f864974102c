/**
 * JSON into a positioned tree with `@humanwhocodes/momoa` (1-based line/column on every node,
 * keys included). Parse errors keep their line and column.
 */
import { parse } from '@humanwhocodes/momoa';
import type { Src } from '../model/source.js';
import { escapePointer, type ParseResult } from './common.js';
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
  let ast: MNode;
  try {
    ast = parse(text, { mode: 'json' }) as unknown as MNode;
  } catch (e) {
    const err = e as { line?: number; column?: number; message?: string };
    const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)\s*$/, '');
    return {
      docs: [],
      errors: [{ file, line: err.line ?? 1, column: err.column, message: `JSON: ${message}` }],
    };
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

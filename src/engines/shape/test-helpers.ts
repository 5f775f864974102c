/**
 * Test-only: turns a JSON string into hako's positioned tree with real 1-based lines and columns
 * (via momoa), so shape tests can assert where a problem points. The project's JSON parser lives in
 * src/parse/json.ts; this one exists only so these tests do not depend on it.
 *
 * A string value written as `"${...}"` becomes an unresolved node (like a Terraform interpolation).
 */
import { parse, type ValueNode } from '@humanwhocodes/momoa';
import type { Src } from '../../model/source.js';
import type { Node } from '../../parse/tree.js';
import { type AwsService, loadShapes } from './model.js';
import { type ShapeProblem, type ShapeProblemKind, type ValidateOptions, validateShape } from './validate.js';

function srcOf(
  n: { loc: { start: { line: number; column: number }; end: { line: number; column: number } } },
  file: string,
  pointer: string,
): Src {
  return {
    file,
    startLine: n.loc.start.line,
    startColumn: n.loc.start.column,
    endLine: n.loc.end.line,
    endColumn: n.loc.end.column,
    pointer,
  };
}

function escapeSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

function convert(v: ValueNode, file: string, pointer: string): Node {
  const src = srcOf(v, file, pointer);
  switch (v.type) {
    case 'Object':
      return {
        kind: 'map',
        src,
        entries: v.members.map((m) => {
          const key = m.name.type === 'String' ? m.name.value : m.name.name;
          const p = `${pointer}/${escapeSegment(key)}`;
          return { key, keySrc: srcOf(m.name, file, p), value: convert(m.value, file, p) };
        }),
      };
    case 'Array':
      return { kind: 'seq', src, items: v.elements.map((e, i) => convert(e.value, file, `${pointer}/${i}`)) };
    case 'String':
      if (/^\$\{.*\}$/s.test(v.value)) return { kind: 'unresolved', expr: v.value, src };
      return { kind: 'scalar', value: v.value, src };
    case 'Number':
    case 'Boolean':
      return { kind: 'scalar', value: v.value, src };
    case 'Null':
      return { kind: 'scalar', value: null, src };
    case 'NaN':
      return { kind: 'scalar', value: Number.NaN, src };
    case 'Infinity':
      return { kind: 'scalar', value: v.sign === '-' ? -Infinity : Infinity, src };
  }
}

/** The string the helper turns into an unresolved node (`${expr}`, as a Terraform interpolation). */
export function unresolved(expr: string): string {
  return ['$', '{', expr, '}'].join('');
}

/** Parses JSON text (JSONC allowed) into a positioned Node tree. */
export function jsonNode(text: string, file = 'test.json'): Node {
  return convert(parse(text, { mode: 'jsonc' }).body, file, '');
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON value; `undefined` in a patch removes the field or item. */
export type Patch = Record<string, Json | undefined>;

function segments(ptr: string): string[] {
  return ptr
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/**
 * A deep copy of `doc` with each JSON pointer in `patch` set to its value (`-` appends to an array,
 * `undefined` deletes). Missing intermediate objects are created.
 */
export function patched(doc: Json, patch: Patch = {}): Json {
  const out = structuredClone(doc);
  for (const [ptr, value] of Object.entries(patch)) {
    const segs = segments(ptr);
    const last = segs.pop();
    if (last === undefined) throw new Error('cannot patch the root');
    let cur: Json = out;
    for (const s of segs) {
      if (Array.isArray(cur)) cur = cur[Number(s)] ?? null;
      else if (cur !== null && typeof cur === 'object') cur = cur[s] ??= {};
      if (cur === null || typeof cur !== 'object') throw new Error(`no container at ${s} in ${ptr}`);
    }
    if (Array.isArray(cur)) {
      const i = last === '-' ? cur.length : Number(last);
      if (value === undefined) cur.splice(i, 1);
      else cur[i] = value;
    } else if (cur !== null && typeof cur === 'object') {
      if (value === undefined) delete cur[last];
      else cur[last] = value;
    }
  }
  return out;
}

/** `patched` then parsed back into a positioned tree (pretty-printed, so lines are real). */
export function patchedNode(doc: Json, patch: Patch = {}): Node {
  return jsonNode(JSON.stringify(patched(doc, patch), null, 2));
}

export type { Json };

/** [kind, path] or [kind, path, suggestion]. */
export type Expected = [ShapeProblemKind, string] | [ShapeProblemKind, string, string];

/** Each problem must point at the parent object for a missing field, at the node at `path` otherwise. */
function assertLocated(p: ShapeProblem): void {
  const want = p.kind === 'missing-required' ? p.path.slice(0, p.path.lastIndexOf('/')) : p.path;
  if (p.src.pointer !== want) throw new Error(`${p.kind} ${p.path} points at ${p.src.pointer}, not ${want}`);
  if (p.src.startLine < 1 || p.message.length < 10)
    throw new Error(`${p.kind} ${p.path}: bad src or message`);
}

/** Validates `doc` plus `patch` against `root`; returns the problems and their [kind, path, suggestion?]. */
export function run(
  service: AwsService,
  root: string,
  doc: Json,
  patch: Patch = {},
  opts?: ValidateOptions,
): { problems: ShapeProblem[]; compact: Expected[] } {
  const problems = validateShape(loadShapes(service), root, patchedNode(doc, patch), opts);
  problems.forEach(assertLocated);
  const compact = problems.map(
    (p): Expected => (p.suggestion === undefined ? [p.kind, p.path] : [p.kind, p.path, p.suggestion]),
  );
  return { problems, compact };
}

import type { NoteData, NoteId } from '../notes.js';
import type { Src } from '../source.js';
import type { Node } from './tree.js';

/** One document of a file: its positioned tree and its 0-based position in the file. */
export interface ParsedDoc {
  index: number;
  node: Node;
  /** Comment-based suppressions found near the document's nodes, by line (YAML only). */
  comments?: Map<number, string>;
}

/** A problem that stopped part or all of a file from being read. Lines are 1-based. */
export interface ParseError {
  file: string;
  line: number;
  column?: number;
  /** In English; `note` (src/notes.ts) when hako words it, so the report can translate it. */
  message: string;
  note?: NoteId;
  data?: NoteData;
}

export interface ParseResult {
  docs: ParsedDoc[];
  errors: ParseError[];
}

/** Upper bound on nodes built for one document: stops alias bombs and pathological inputs. */
export const MAX_NODES_PER_DOC = 2_000_000;

/**
 * Upper bound on nodes built by expanding YAML aliases in one document. Real manifests stay in
 * the hundreds; a "billion laughs" document crosses it in milliseconds.
 */
export const MAX_ALIAS_NODES_PER_DOC = 100_000;

/**
 * The same bound for all documents of one file, and for all files of one scan: a file of many
 * documents each just under the per-document bound (or many such files) would otherwise build
 * billions of nodes. Measured: the examples and test fixtures expand at most 9 alias nodes per
 * file (merge keys of hako-fields-valid.examples.yaml); hand-written manifests with anchors stay in
 * the hundreds, so both bounds are far above real inputs.
 */
export const MAX_ALIAS_NODES_PER_FILE = 200_000;
export const MAX_ALIAS_NODES_PER_SCAN = 1_000_000;

/** Nodes built by expanding YAML aliases, counted across every file one scan reads. */
export class AliasBudget {
  used = 0;
  constructor(readonly limit = MAX_ALIAS_NODES_PER_SCAN) {}
}

let ambient: AliasBudget | undefined;

/**
 * Runs `f` (synchronous: reading the inputs of one scan) with `budget` as the alias budget of
 * every YAML text parsed meanwhile, nested ones included (Terraform `yamldecode` strings, aws-auth
 * `mapRoles`), so a scan's budget is shared without threading it through every reader.
 */
export function withAliasBudget<T>(budget: AliasBudget, f: () => T): T {
  const prev = ambient;
  ambient = budget;
  try {
    return f();
  } finally {
    ambient = prev;
  }
}

/** The budget of the scan being read, or a fresh one for a parse outside any scan. */
export function currentAliasBudget(): AliasBudget {
  return ambient ?? new AliasBudget();
}

/**
 * Deepest nesting of collections read in one document. The parsers recurse per level, so a file
 * of 100,000 `[` would overflow the stack; real manifests (CRD schemas included) stay well under.
 */
export const MAX_NESTING_DEPTH = 256;

export function point(file: string, line: number, column: number, pointer?: string): Src {
  return { file, startLine: line, startColumn: column, endLine: line, endColumn: column, pointer };
}

/** A JSON pointer segment (RFC 6901): `~` as `~0`, `/` as `~1`. Most keys have neither: returned as they are. */
export function escapePointer(seg: string | number): string {
  if (typeof seg === 'number') return String(seg);
  if (seg.indexOf('~') === -1 && seg.indexOf('/') === -1) return seg;
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * `s` as a string of its own. A substring of 13 characters or more that a parser takes from a
 * file's text (`text.slice(...)`) is a view into that text in V8, and one such value kept in the
 * model (a label, an image, a key inside a pointer) keeps the whole file's text alive; a copy
 * lets each text go once its file is adapted (issue #16: 100k documents in flat memory).
 */
export function detach(s: string): string {
  // shorter substrings are copies already; `(' ' + s).slice(1)` flattens into a fresh string
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * `/<key>` (escaped) for a JSON pointer, one string per distinct key: a pointer built as
 * `parent + segment` shares its parent and its segment with every other node, where
 * `${parent}/${key}` made two strings and a copy of `/` + key per node.
 */
const segments = new Map<string, string>();
const indexSegments: string[] = [];
export function pointerSegment(key: string | number): string {
  if (typeof key === 'number') {
    if (key < 1024 && Number.isInteger(key) && key >= 0) {
      let s = indexSegments[key];
      if (s === undefined) {
        for (let i = indexSegments.length; i <= key; i++) indexSegments.push(`/${i}`);
        s = indexSegments[key]!;
      }
      return s;
    }
    return `/${key}`;
  }
  let s = segments.get(key);
  if (s === undefined) {
    s = `/${escapePointer(key)}`;
    if (key.length <= 64) {
      if (segments.size >= 20_000) segments.clear();
      // the cache's own key is a copy: a key taken from a file's text must not keep that text
      s = detach(s);
      segments.set(detach(key), s);
    }
  }
  return s;
}

/** The JSON pointer of `key` (a map key or a sequence index) under `pointer`. */
export function childPointer(pointer: string, key: string | number): string {
  return pointer + pointerSegment(key);
}

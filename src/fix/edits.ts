/**
 * Text edits: the only way `hako fix` changes a file. Every edit replaces one byte range of the
 * original text, so whatever no edit touches (comments, key order, quoting, blank lines, `---`
 * separators, indentation) stays exactly as it was.
 */

export interface TextEdit {
  /** Offset of the first replaced character (UTF-16 index into the original text). */
  start: number;
  /** Offset after the last replaced character; `start === end` inserts. */
  end: number;
  text: string;
}

/** What a patch sets under a map: a scalar, a nested map (merged), or items appended to a list. */
export type PatchValue = string | boolean | number | Patch | Append;
export interface Patch {
  [key: string]: PatchValue;
}
/** Items added to a list (created when absent); items already in it are not added twice. */
export interface Append {
  $append: string[];
}

export function isAppend(v: PatchValue): v is Append {
  return typeof v === 'object' && v !== null && '$append' in v;
}

/** Applies non-overlapping edits; overlapping edits are a bug of a planner. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Offset just after the line that holds `offset` (after its newline), or the end of the text. */
export function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The offset after the last non-blank character before `offset`. */
export function backOverSpace(text: string, offset: number): number {
  let p = offset;
  while (p > 0 && /\s/.test(text[p - 1] ?? '')) p--;
  return p;
}

/** The whitespace at the start of the line that holds `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The newline style of a text (CRLF when its first line ends so). */
export function newlineOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Why a node is not edited: `anchor` (shared through a YAML anchor or alias), `merge` (values from a `<<` merge key), `shape` (not the map / list / scalar expected). */
export class Refused extends Error {
  constructor(readonly why: 'anchor' | 'merge' | 'shape') {
    super(why);
  }
}

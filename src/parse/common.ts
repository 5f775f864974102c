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
  message: string;
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
 * Deepest nesting of collections read in one document. The parsers recurse per level, so a file
 * of 100,000 `[` would overflow the stack; real manifests (CRD schemas included) stay well under.
 */
export const MAX_NESTING_DEPTH = 256;

export function point(file: string, line: number, column: number, pointer?: string): Src {
  return { file, startLine: line, startColumn: column, endLine: line, endColumn: column, pointer };
}

export function escapePointer(seg: string | number): string {
  return String(seg).replace(/~/g, '~0').replace(/\//g, '~1');
}

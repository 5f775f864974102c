/**
 * A fast path for the YAML that Kubernetes manifests are actually written in, giving exactly what
 * the exact path (parseYamlExact in ./yaml.ts: the `yaml` library's Parser + Composer) gives, or
 * nothing at all.
 *
 * Why a hand-written scanner (figures: bench/results/parser.md, `npm run bench:parse`, 2,000
 * Kubernetes documents): the exact path reads ~190 documents/s; the `yaml` CST Parser alone, with
 * no Composer, no scalar typing and no tree, ~400/s, so no path built on it can be much faster;
 * js-yaml 4 with a position listener ~2,900/s but it cannot give the `yaml` library's ranges
 * (value end vs node end, empty-value offsets) that every finding's location and the positions
 * tests depend on, nor YAML 1.1 typing, without a second pass. This scanner reads the
 * block-style subset line by line at ~3,900/s (21x the exact path in the same run).
 *
 * It never guesses: whatever it is not certain to read exactly as the exact path does, it gives up
 * on (returns undefined) and the caller parses the whole file the exact way. It reads:
 * block maps and sequences (compact `- key: v` items, sequences at the indentation of their key),
 * plain, single- and double-quoted scalars on one line, single-line flow maps and sequences of
 * those, literal block scalars `|` and `|-`, comments, blank lines and `---` between documents.
 * It gives up on: anchors, aliases and merge keys, tags, directives, `...`, `?` keys, multi-line
 * plain or quoted scalars, folded `>` and `|+` scalars and indentation indicators, tabs, CR, BOM,
 * NUL and other control characters, a scalar, flow or indented document root, odd indentation,
 * comment lines where the exact path counts them into a node's end (after a collection's last
 * item, around empty values), anything that would be an error, very deep nesting. Scalars are typed by the `yaml` library's own
 * YAML 1.1 tags (so `yes`/`on`, `0755`, `1e3`, `.inf`, `~`, timestamps are read as the exact path
 * reads them); a tag that reports a problem makes it give up too.
 */

import { Document, isScalar, type ScalarTag } from 'yaml';
import type { Src } from '../source.js';
import { childPointer, detach, MAX_NODES_PER_DOC, type ParseResult } from './common.js';
import type { MapEntry, Node, Scalar } from './tree.js';

/** Thrown inside the scanner when the input leaves the subset it reads exactly. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp('give up');

/** Deeper than this, the exact path (with its too-deep guard) reads the file. */
const MAX_FAST_DEPTH = 64;

interface Resolver {
  tags: ScalarTag[];
  plainString: ScalarTag;
  // biome-ignore lint/suspicious/noExplicitAny: the options object the tags' resolve() receives
  options: any;
}
let resolver: Resolver | undefined;
function getResolver(): Resolver {
  if (!resolver) {
    // the same schema and options as the exact path's Composer
    const doc = new Document(undefined, { version: '1.1', merge: true, uniqueKeys: false });
    const schema = doc.schema as unknown as { tags: ScalarTag[]; [k: symbol]: unknown };
    const plainString = schema[Symbol.for('yaml.scalar')] as ScalarTag | undefined;
    if (!plainString) throw new Error('yaml: no string tag in the 1.1 schema');
    resolver = {
      tags: schema.tags.filter((t) => !(t as { collection?: unknown }).collection),
      plainString,
      options: doc.options,
    };
  }
  return resolver;
}

const onTagError = (): void => {
  throw GIVE_UP;
};

/**
 * A plain scalar as the exact path stores it: as a map key (String of the typed value) or as a
 * value (parseYaml's Scalar). Memoised: manifests repeat the same keys and values all the time.
 */
const plainCache = new Map<string, Scalar>();
const keyCache = new Map<string, string>();
function plainValue(source: string): Scalar {
  let v = plainCache.get(source);
  if (v === undefined && !plainCache.has(source)) {
    if (plainCache.size > 50_000) plainCache.clear();
    // stored and returned as a copy: neither the cache nor the model keeps the file's text
    const own = detach(source);
    v = storedValue(resolvePlain(own, false), own);
    plainCache.set(own, v);
  }
  return v as Scalar;
}
function plainKey(source: string): string {
  let v = keyCache.get(source);
  if (v === undefined) {
    if (keyCache.size > 50_000) keyCache.clear();
    const own = detach(source);
    v = String(resolvePlain(own, true));
    keyCache.set(own, v);
  }
  return v;
}

/** A plain scalar typed by the first YAML 1.1 tag whose test matches, as the Composer does. */
function resolvePlain(source: string, atKey: boolean): unknown {
  const r = getResolver();
  const tag =
    r.tags.find(
      (t) => (t.default === true || (atKey && (t.default as unknown) === 'key')) && t.test?.test(source),
    ) ?? r.plainString;
  if (atKey && (tag.default as unknown) === 'key') throw GIVE_UP; // the merge key `<<`
  const v = tag.resolve(source, onTagError, r.options);
  // some tags (floats) return a Scalar node, as the Composer accepts
  return isScalar(v) ? v.value : v;
}

function storedValue(v: unknown, source: string): Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? v
    : v instanceof Date
      ? source
      : typeof v === 'bigint'
        ? Number(v)
        : String(v);
}

// characters that may not start a plain scalar (YAML c-indicator), `-?:` handled apart
const NOT_PLAIN_START = new Set([
  ',',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
]);
/**
 * Whether the text holds a character the fast path refuses: control characters but the line feed
 * (tabs and CR included), C1 controls, BOM, U+FFFE/U+FFFF, line and paragraph separators. A loop
 * over the code units: the regular expression it replaces took a fifth of the fast path's time.
 */
export function hasUnsupportedChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f) {
      if (c < 0x20 && c !== 0x0a) return true;
    } else if (c <= 0x9f || c === 0xfeff || c === 0xfffe || c === 0xffff || c === 0x2028 || c === 0x2029)
      return true;
  }
  return false;
}
const JSON_ESCAPES = /\\([^"\\/bfnrtu]|u(?![0-9a-fA-F]{4}))/;

/**
 * The file read by the fast path, or undefined when any part of it is outside the subset (then
 * parse it with parseYamlExact). Same result shape and content as parseYamlExact.
 */
export function parseYamlFast(file: string, text: string): ParseResult | undefined {
  if (hasUnsupportedChar(text)) return undefined;
  try {
    return new Scanner(file, text).run();
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

/** A content line found by `contentLine`: its start and the offset of its first non-space character. */
interface ContentLine {
  start: number;
  at: number;
}

class Scanner {
  private readonly len: number;
  /** Start offsets of every line (LineCounter). */
  private readonly lineStarts: number[] = [0];
  private count = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    this.len = text.length;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column of an offset, as the `yaml` LineCounter gives them. */
  private lineOf(off: number): number {
    const ls = this.lineStarts;
    // nearly always the line of the last lookup or one of the next few
    let h = this.hint;
    if (ls[h]! <= off) {
      for (let n = 0; n < 8 && h + 1 < ls.length && ls[h + 1]! <= off; n++) h++;
      if (h + 1 >= ls.length || ls[h + 1]! > off) {
        this.hint = h;
        return h;
      }
    }
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }
  private hint = 0;

  private src(start: number, end: number, pointer: string): Src {
    const a = this.lineOf(start);
    const b = end === start ? a : this.lineOf(end);
    return {
      file: this.file,
      startLine: a + 1,
      startColumn: start - this.lineStarts[a]! + 1,
      endLine: b + 1,
      endColumn: end - this.lineStarts[b]! + 1,
      pointer,
    };
  }

  private lineEnd(off: number): number {
    const e = this.text.indexOf('\n', off);
    return e === -1 ? this.len : e;
  }

  /** After the newline of the line holding `off`, or the end of the text. */
  private nextLine(off: number): number {
    const e = this.text.indexOf('\n', off);
    return e === -1 ? this.len : e + 1;
  }

  /**
   * From a line start, the first line with content (not blank, not a comment): its start, and
   * the offset of its first non-space character (len when none).
   */
  private contentLine(from: number): ContentLine {
    const t = this.text;
    this.skippedComment = false;
    let s = from;
    while (s < this.len) {
      let i = s;
      while (t.charCodeAt(i) === 32) i++;
      const c = t[i];
      if (i >= this.len) return this.found(s, this.len);
      if (c === '\n' || c === '#') {
        if (c === '#') this.skippedComment = true;
        s = this.nextLine(i);
        continue;
      }
      return this.found(s, i);
    }
    return this.found(s, this.len);
  }

  /**
   * The one ContentLine object of the scanner, refilled by each `contentLine` call (read it before
   * the next call): a scan asks for one per line and keeps none.
   */
  private readonly line: ContentLine = { start: 0, at: 0 };
  private found(start: number, at: number): ContentLine {
    this.line.start = start;
    this.line.at = at;
    return this.line;
  }

  /**
   * Where the node (or key) just read ends; for a node, the offset its parent collection's range
   * ends at (the `yaml` range[2]). Set by every method that reads one, read by its caller right
   * after: no wrapper object per node.
   */
  private end = 0;

  /** A `---` / `...` marker line starting at `s` (a line start). */
  private marker(s: number): '---' | '...' | undefined {
    const t = this.text;
    const m = t.startsWith('---', s) ? '---' : t.startsWith('...', s) ? '...' : undefined;
    if (!m) return undefined;
    const c = t[s + 3];
    if (c === undefined || c === '\n' || c === ' ') return m;
    return undefined;
  }

  run(): ParseResult {
    const t = this.text;
    const result: ParseResult = { docs: [], errors: [] };
    let index = 0;
    /** the current document was opened by `---` (counts even when empty) */
    let open = false;
    let s = 0;
    for (;;) {
      const { start, at } = this.contentLine(s);
      if (at >= this.len) break;
      const m = at === start ? this.marker(start) : undefined;
      if (m === '...') throw GIVE_UP;
      if (m === '---') {
        // only a comment may follow the marker on its line
        let i = start + 3;
        while (t.charCodeAt(i) === 32) i++;
        if (i < this.len && t[i] !== '\n' && t[i] !== '#') throw GIVE_UP;
        if (open) index++;
        open = true;
        s = this.nextLine(i);
        continue;
      }
      if (t[at] === '%') throw GIVE_UP;
      // the document's root: a block map or sequence, at the line's start
      this.count = 0;
      const col = at - start;
      if (col > 0) throw GIVE_UP;
      const node = this.isDash(at) ? this.seq(at, col, '', 0, this.skippedComment) : this.map(at, col, '', 0);
      result.docs.push({ index, node });
      // after the root: only blank/comment lines, then a marker or the end
      const next = this.contentLine(this.resumeAt);
      if (next.at < this.len && (next.at !== next.start || this.marker(next.start) !== '---')) throw GIVE_UP;
      index++;
      open = false;
      s = next.start;
    }
    return result;
  }

  /** contentLine passed a comment line. */
  private skippedComment = false;

  /** Where scanning goes on after the last node built: a line start. */
  private resumeAt = 0;

  private isDash(i: number): boolean {
    const c = this.text[i + 1];
    return this.text[i] === '-' && (c === ' ' || c === '\n' || c === undefined);
  }

  private tick(depth: number): void {
    if (++this.count > MAX_NODES_PER_DOC || depth > MAX_FAST_DEPTH) throw GIVE_UP;
  }

  /** A block map whose first key starts at `at`, column `col` (0-based indent). */
  private map(at: number, col: number, pointer: string, depth: number): Node {
    this.tick(depth);
    const t = this.text;
    const entries: MapEntry[] = [];
    let end = at;
    let i = at;
    for (;;) {
      // the key
      const keyStr = this.key(i);
      const keyEnd = this.end;
      // parseYamlExact merges under any key reading `<<`, quoted ones too
      if (keyStr === '<<') throw GIVE_UP;
      const childPtr = childPointer(pointer, keyStr);
      const keySrc = this.src(i, keyEnd, childPtr);
      let j = keyEnd + 1; // after ':'
      while (t.charCodeAt(j) === 32) j++;
      let value: Node;
      const c = t[j];
      if (j >= this.len || c === '\n' || c === '#') {
        // the value is on the next lines, or empty
        const emptyAt = j;
        const next = this.contentLine(this.nextLine(j));
        const commented = c === '#' || this.skippedComment;
        const ncol = next.at - next.start;
        if (next.at < this.len && ncol > col && !(next.at === next.start && this.marker(next.start))) {
          if (this.isDash(next.at)) value = this.seq(next.at, ncol, childPtr, depth + 1, this.skippedComment);
          else value = this.map(next.at, ncol, childPtr, depth + 1);
        } else if (next.at < this.len && ncol === col && this.isDash(next.at)) {
          value = this.seq(next.at, ncol, childPtr, depth + 1, this.skippedComment);
        } else {
          value = this.emptyValue(commented, emptyAt, j, childPtr, depth + 1);
        }
      } else {
        value = this.inlineValue(j, col, childPtr, depth + 1);
      }
      entries.push({ key: keyStr, keySrc, value });
      end = this.end;
      // the next entry
      const next = this.contentLine(this.resumeAt);
      if (!this.continues(next, col, false)) break;
      i = next.at;
    }
    this.end = end;
    return { kind: 'map', entries, src: this.src(at, end, pointer) };
  }

  /** An empty value (`key:` or `-` with nothing after it) at `at`, on the line ending at `eol`. */
  private emptyValue(commented: boolean, at: number, eol: number, pointer: string, depth: number): Node {
    // the exact path ends an empty value after the comments that follow it
    if (commented) throw GIVE_UP;
    this.tick(depth);
    this.end = at;
    this.resumeAt = this.nextLine(eol);
    return { kind: 'scalar', value: null, src: this.src(at, at, pointer) };
  }

  /**
   * A block sequence whose first `-` is at `at`, column `col`. `commentBefore`: comment lines
   * precede the first item (an empty item then ends after them in the exact path: give up).
   */
  private seq(at: number, col: number, pointer: string, depth: number, commentBefore: boolean): Node {
    this.tick(depth);
    const t = this.text;
    const items: Node[] = [];
    let end = at;
    let i = at;
    for (;;) {
      const ptr = childPointer(pointer, items.length);
      let j = i + 1;
      while (t.charCodeAt(j) === 32) j++;
      const c = t[j];
      let value: Node;
      if (j >= this.len || c === '\n' || c === '#') {
        const emptyAt = j;
        const next = this.contentLine(this.nextLine(j));
        const commented = c === '#' || this.skippedComment || commentBefore;
        const ncol = next.at - next.start;
        if (next.at < this.len && ncol > col && !(next.at === next.start && this.marker(next.start))) {
          if (this.isDash(next.at)) value = this.seq(next.at, ncol, ptr, depth + 1, this.skippedComment);
          else value = this.map(next.at, ncol, ptr, depth + 1);
        } else {
          value = this.emptyValue(commented, emptyAt, j, ptr, depth + 1);
        }
      } else {
        const ccol = j - (i - col);
        if (this.isDash(j)) value = this.seq(j, ccol, ptr, depth + 1, false);
        else if (this.looksLikeKey(j)) value = this.map(j, ccol, ptr, depth + 1);
        else value = this.inlineValue(j, col, ptr, depth + 1);
      }
      items.push(value);
      end = this.end;
      const next = this.contentLine(this.resumeAt);
      if (!this.continues(next, col, true)) break;
      commentBefore = this.skippedComment;
      i = next.at;
    }
    this.end = end;
    return { kind: 'seq', items, src: this.src(at, end, pointer) };
  }

  /**
   * Whether the content line `next` (just found by contentLine) holds the next item of the block
   * collection at `col`; false when the collection ends there. Gives up on what would be an error
   * and on comment lines after a collection's last item: the exact path counts some of them into
   * the collection's end and some not (by indentation and by what precedes them).
   */
  private continues(next: { start: number; at: number }, col: number, isSeq: boolean): boolean {
    const ncol = next.at - next.start;
    let more = false;
    if (next.at < this.len && ncol >= col && !(next.at === next.start && this.marker(next.start))) {
      if (ncol > col) throw GIVE_UP;
      // a `-` line after a map entry at the same indent is an error; a key after a sequence
      // item at the same indent belongs to the parent map (which checks it)
      if (this.isDash(next.at) !== isSeq && !isSeq) throw GIVE_UP;
      more = this.isDash(next.at) === isSeq;
    }
    if (!more && this.skippedComment) throw GIVE_UP;
    return more;
  }

  /** Whether a block map key (`key:` + space or end of line) starts at `i`. */
  private looksLikeKey(i: number): boolean {
    const t = this.text;
    const c = t[i]!;
    if (c === '"' || c === "'") {
      const q = this.quotedEnd(i);
      return q !== undefined && t[q] === ':' && this.sepAfterColon(q + 1);
    }
    if (c === '{' || c === '[') return false; // a flow collection (inlineValue gives up on `{a}: b`)
    const e = this.lineEnd(i);
    for (let k = i; k < e; k++) {
      const ch = t[k];
      if (ch === ':' && this.sepAfterColon(k + 1)) return true;
      if (ch === '#' && t[k - 1] === ' ') return false;
    }
    return false;
  }

  private sepAfterColon(k: number): boolean {
    const c = this.text[k];
    return c === undefined || c === ' ' || c === '\n';
  }

  /** A block map key at `i`: its text; `this.end` at the ':' that follows. */
  private key(i: number): string {
    const t = this.text;
    const c = t[i]!;
    if (c === '"' || c === "'") {
      const q = this.quotedEnd(i);
      if (q === undefined || t[q] !== ':' || !this.sepAfterColon(q + 1) || q - i > 1000) throw GIVE_UP;
      this.end = q;
      return String(this.quotedValue(i, q));
    }
    this.plainStart(i);
    const e = this.lineEnd(i);
    let k = i;
    for (; k < e; k++) {
      const ch = t[k];
      if (ch === ':' && this.sepAfterColon(k + 1)) break;
      if (ch === '#' && t[k - 1] === ' ') throw GIVE_UP;
    }
    // the exact path refuses implicit keys over 1024 characters
    if (k >= e || t[k - 1] === ' ' || k - i > 1000) throw GIVE_UP;
    this.end = k;
    return plainKey(t.slice(i, k));
  }

  /** Gives up when `i` cannot start a plain scalar. */
  private plainStart(i: number): void {
    const t = this.text;
    const c = t[i]!;
    if (NOT_PLAIN_START.has(c)) throw GIVE_UP;
    if (c === '-' || c === '?' || c === ':') {
      const n = t[i + 1];
      if (c !== '-' || n === undefined || n === ' ' || n === '\n') throw GIVE_UP;
    }
  }

  /** Offset just after the closing quote of a one-line quoted scalar at `i`, or undefined. */
  private quotedEnd(i: number): number | undefined {
    const t = this.text;
    const q = t[i];
    const e = this.lineEnd(i);
    for (let k = i + 1; k < e; k++) {
      const ch = t[k];
      if (q === '"' && ch === '\\') {
        k++;
        continue;
      }
      if (ch === q) {
        if (q === "'" && t[k + 1] === "'") {
          k++;
          continue;
        }
        return k + 1;
      }
    }
    return undefined;
  }

  private quotedValue(i: number, end: number): string {
    const t = this.text;
    const inner = detach(t.slice(i + 1, end - 1));
    if (t[i] === "'") return inner.includes("''") ? inner.replace(/''/g, "'") : inner;
    if (!inner.includes('\\')) return inner;
    if (JSON_ESCAPES.test(inner)) throw GIVE_UP;
    // YAML double-quoted escapes that JSON shares mean the same; \uD800-style halves: give up
    if (/\\u[dD][89a-fA-F]/.test(inner)) throw GIVE_UP;
    return JSON.parse(`"${inner}"`) as string;
  }

  /**
   * A value that starts on the line of its key or `-`, at `j`: a scalar, a flow collection or a
   * block scalar. `col`: the indent of the collection holding it (a later line indented more
   * would continue it: give up).
   */
  private inlineValue(j: number, col: number, pointer: string, depth: number): Node {
    const t = this.text;
    const c = t[j]!;
    if (c === '|') return this.literal(j, col, pointer, depth);
    let node: Node;
    let k: number;
    if (c === '{' || c === '[') {
      node = this.flow(j, pointer, depth);
      k = this.end;
    } else if (c === '"' || c === "'") {
      const q = this.quotedEnd(j);
      if (q === undefined) throw GIVE_UP;
      this.tick(depth);
      node = { kind: 'scalar', value: this.quotedValue(j, q), src: this.src(j, q, pointer) };
      k = q;
    } else {
      this.plainStart(j);
      const e = this.lineEnd(j);
      let v = j;
      for (; v < e; v++) {
        const ch = t[v];
        if (ch === '#' && t[v - 1] === ' ') break;
        if (ch === ':' && this.sepAfterColon(v + 1)) throw GIVE_UP;
      }
      while (t[v - 1] === ' ') v--;
      const source = t.slice(j, v);
      this.tick(depth);
      node = {
        kind: 'scalar',
        value: plainValue(source),
        src: this.src(j, v, pointer),
      };
      k = v;
    }
    // then only spaces and a comment on this line
    while (t.charCodeAt(k) === 32) k++;
    if (k < this.len && t[k] !== '\n') {
      if (t[k] !== '#' || t[k - 1] !== ' ') throw GIVE_UP;
    }
    const end = this.nextLine(k);
    // a more indented line next would continue (or break) the scalar
    const next = this.contentLine(end);
    if (next.at < this.len && next.at - next.start > col) throw GIVE_UP;
    this.resumeAt = end;
    this.end = end;
    return node;
  }

  /** `|` or `|-` after a key or `-` of a collection at indent `col`. */
  private literal(j: number, col: number, pointer: string, depth: number): Node {
    const t = this.text;
    this.tick(depth);
    let k = j + 1;
    const strip = t[k] === '-';
    if (strip) k++;
    while (t.charCodeAt(k) === 32) k++;
    if (k < this.len && t[k] !== '\n' && !(t[k] === '#' && t[k - 1] === ' ')) throw GIVE_UP;
    let s = this.nextLine(k);
    if (s >= this.len) throw GIVE_UP;
    // the first line sets the indentation; it must hold text
    let ind = 0;
    while (t.charCodeAt(s + ind) === 32) ind++;
    if (s + ind >= this.len || t[s + ind] === '\n' || ind <= col) throw GIVE_UP;
    const lines: string[] = [];
    let lastText = s; // start of the line after the last line with text
    let blanks = 0;
    while (s < this.len) {
      let i = 0;
      while (t.charCodeAt(s + i) === 32) i++;
      const e = this.lineEnd(s);
      if (s + i === e) {
        // an empty line; more spaces than the indentation are content
        if (i > ind) throw GIVE_UP;
        if (e >= this.len) throw GIVE_UP;
        blanks++;
        s = e + 1;
        continue;
      }
      if (i < ind) break;
      if (e >= this.len) throw GIVE_UP; // no final line break
      for (; blanks > 0; blanks--) lines.push('');
      lines.push(t.slice(s + ind, e));
      s = e + 1;
      lastText = s;
    }
    const value = strip ? lines.join('\n') : `${lines.join('\n')}\n`;
    // the exact path ends the node after its last line with text
    const end = lastText;
    const next = this.contentLine(s);
    if (next.at < this.len && next.at - next.start > col) throw GIVE_UP;
    this.resumeAt = end;
    this.end = end;
    return { kind: 'scalar', value, src: this.src(j, end, pointer) };
  }

  /** From `k`, past spaces; gives up at the end of the line (flow collections here are one line). */
  private flowSkip(k: number): number {
    const t = this.text;
    while (t.charCodeAt(k) === 32) k++;
    if (k >= this.len || t[k] === '\n' || t[k] === '#') throw GIVE_UP;
    return k;
  }

  /** A one-line flow map or sequence starting at `j`; `this.end` just after its closing bracket. */
  private flow(j: number, pointer: string, depth: number): Node {
    this.tick(depth);
    if (depth > MAX_FAST_DEPTH) throw GIVE_UP;
    const t = this.text;
    const isMap = t[j] === '{';
    const close = isMap ? '}' : ']';
    const entries: MapEntry[] = [];
    const items: Node[] = [];
    let k = this.flowSkip(j + 1);
    if (t[k] === close) {
      k++;
    } else {
      for (;;) {
        if (isMap) {
          const keyStart = k;
          const keyStr = this.flowKey(k, depth + 1);
          const keyEnd = this.end;
          k = keyEnd;
          if (t[k] !== ':' || t[k + 1] !== ' ') throw GIVE_UP;
          k = this.flowSkip(k + 2);
          if (keyEnd - keyStart > 1000) throw GIVE_UP;
          if (keyStr === '<<') throw GIVE_UP;
          const childPtr = childPointer(pointer, keyStr);
          const keySrc = this.src(keyStart, keyEnd, childPtr);
          const value =
            t[k] === '{' || t[k] === '['
              ? this.flow(k, childPtr, depth + 1)
              : this.flowScalar(k, childPtr, depth + 1);
          entries.push({ key: keyStr, keySrc, value });
          k = this.end;
        } else {
          const ptr = childPointer(pointer, items.length);
          items.push(
            t[k] === '{' || t[k] === '[' ? this.flow(k, ptr, depth + 1) : this.flowScalar(k, ptr, depth + 1),
          );
          k = this.end;
        }
        k = this.flowSkip(k);
        if (t[k] === close) {
          k++;
          break;
        }
        if (t[k] !== ',') throw GIVE_UP;
        k = this.flowSkip(k + 1);
        if (t[k] === close || t[k] === ',') throw GIVE_UP; // trailing comma: leave it to the exact path
      }
    }
    const src = this.src(j, k, pointer);
    this.end = k;
    return isMap ? { kind: 'map', entries, src } : { kind: 'seq', items, src };
  }

  /** A key inside a flow map at `k` (quoted, or plain up to `: `): its text; `this.end` after it. */
  private flowKey(k: number, depth: number): string {
    this.tick(depth);
    const t = this.text;
    const c = t[k]!;
    if (c === '"' || c === "'") {
      const q = this.quotedEnd(k);
      if (q === undefined) throw GIVE_UP;
      this.end = q;
      return this.quotedValue(k, q);
    }
    const e = this.flowPlainEnd(k, true);
    this.end = e;
    return plainKey(t.slice(k, e));
  }

  /** A scalar value inside a flow collection: quoted, or plain without flow indicators or `:`. */
  private flowScalar(k: number, pointer: string, depth: number): Node {
    this.tick(depth);
    const t = this.text;
    const c = t[k]!;
    if (c === '"' || c === "'") {
      const q = this.quotedEnd(k);
      if (q === undefined) throw GIVE_UP;
      this.end = q;
      return { kind: 'scalar', value: this.quotedValue(k, q), src: this.src(k, q, pointer) };
    }
    const e = this.flowPlainEnd(k, false);
    this.end = e;
    return { kind: 'scalar', value: plainValue(t.slice(k, e)), src: this.src(k, e, pointer) };
  }

  /** Where a plain scalar inside a flow collection, starting at `k`, ends (trailing spaces left out). */
  private flowPlainEnd(k: number, atKey: boolean): number {
    const t = this.text;
    this.plainStart(k);
    let v = k;
    for (;;) {
      const ch = t[v];
      if (
        ch === undefined ||
        ch === '\n' ||
        ch === ',' ||
        ch === '[' ||
        ch === ']' ||
        ch === '{' ||
        ch === '}'
      )
        break;
      if (ch === ':') {
        if (atKey && t[v + 1] === ' ') break;
        throw GIVE_UP;
      }
      if (ch === '#' && t[v - 1] === ' ') throw GIVE_UP;
      v++;
    }
    let e = v;
    while (t[e - 1] === ' ') e--;
    if (e === k) throw GIVE_UP;
    return e;
  }
}

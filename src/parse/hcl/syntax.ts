/**
 * Terraform `.tf` / `.tfvars` syntax with web-tree-sitter and the grammar's
 * `tree-sitter-terraform.wasm`. The WASM runtime loads asynchronously, so `initHcl()` is awaited
 * once (by `scan()` and the CLI) before the synchronous loader runs; parsing itself is sync.
 *
 * A file becomes its top-level blocks (type, labels, attributes, nested blocks, each with its
 * exact range) plus the `# hako:ignore` comments by line. Expressions stay syntax nodes here;
 * `evaluate.ts` turns them into the positioned `Node` tree.
 *
 * The syntax nodes are plain objects (cst.ts): the hand-written scanner (fast.ts) reads the common
 * subset of Terraform exactly as tree-sitter does, and tree-sitter reads the rest (its tree is
 * converted in one cursor pass and deleted at once).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Parser, Tree, Node as TsNode } from 'web-tree-sitter';
import { type Note, withText } from '../../notes.js';
import type { Src } from '../../source.js';
import { MAX_NESTING_DEPTH, type ParseError } from '../common.js';
import { type CstDoc, fromTreeSitter, type SyntaxNode } from './cst.js';
import { parseHclFast } from './fast.js';

/**
 * One web-tree-sitter runtime (WASM module, grammar, parser). A WASM abort poisons the whole
 * module (every later call aborts too, and `Parser.init()` keeps the dead module), so a spare
 * runtime — a fresh instance of the web-tree-sitter ES module — is kept ready and swapped in
 * synchronously when the active one aborts.
 */
interface Runtime {
  parser: Parser;
  generation: number;
}

let active: Runtime | undefined;
let spare: Runtime | undefined;
let generation = 0;
let initialising: Promise<void> | undefined;

async function makeRuntime(): Promise<Runtime> {
  const require = createRequire(import.meta.url);
  const n = generation++;
  // The first runtime is the ordinary import, loaded only when Terraform is read (a scan without
  // .tf files never loads web-tree-sitter); later ones are fresh module instances.
  const mod: typeof import('web-tree-sitter') =
    n === 0
      ? await import('web-tree-sitter')
      : await import(`${pathToFileURL(require.resolve('web-tree-sitter')).href}?runtime=${n}`);
  await mod.Parser.init();
  const lang = await mod.Language.load(
    require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
  );
  const p = new mod.Parser();
  p.setLanguage(lang);
  return { parser: p, generation: n };
}

/**
 * Loads the WASM runtime and the Terraform grammar (and a spare runtime); later calls return at
 * once, or replace a runtime lost to an abort.
 */
export function initHcl(): Promise<void> {
  if (initialising && active && spare) return initialising;
  const prev = initialising ?? Promise.resolve();
  initialising = prev.then(async () => {
    active ??= spare ?? (await makeRuntime());
    if (spare === active) spare = undefined;
    spare ??= await makeRuntime();
  });
  return initialising;
}

export function hclReady(): boolean {
  return active !== undefined;
}

/** Thrown by `parseHcl` when the runtime aborted: the caller's trees are dead, start over. */
export class HclRuntimeReset extends Error {
  constructor(readonly file: string) {
    super(`HCL: the parser runtime failed on ${file}`);
  }
}

/** Texts that aborted a runtime (by file and length), refused from then on. */
const poison = new Set<string>();
const poisonKey = (file: string, text: string) => `${file}\0${text.length}`;

/**
 * Limits measured on tree-sitter-terraform (web-tree-sitter 0.25): a single 12 MB heredoc or
 * quoted string aborts the WASM runtime (`RuntimeError: Aborted()`), 8 MB parses in ~30 s, 4 MB
 * of heredoc lines in ~18 s, a 1 MB line in ~1 s (time grows faster than the size). A `.tf` file
 * above MAX_HCL_BYTES or with a line above MAX_HCL_LINE is refused before parsing.
 */
export const MAX_HCL_BYTES = 4 * 1024 * 1024;
export const MAX_HCL_LINE = 1024 * 1024;

/** Why a text is refused before parsing (line 1-based), or undefined. */
export function hclLimit(text: string): (Note & { line: number; message: string }) | undefined {
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_HCL_LINE)
      return {
        line,
        ...withText('message', 'hclLineTooLong', { line, max: MAX_HCL_LINE / 1024, length: end - start }),
      };
    if (nl < 0) break;
    start = nl + 1;
    line++;
  }
  if (text.length > MAX_HCL_BYTES)
    return {
      line: 1,
      ...withText('message', 'hclFileTooLarge', { max: MAX_HCL_BYTES / 1024 / 1024, length: text.length }),
    };
  return undefined;
}

/** A numeric literal's text as written (`1e3`, which the parser saw as a same-length `100`). */
export function numericText(n: SyntaxNode): string {
  return n.doc.exponents?.get(n.startIndex) ?? n.text;
}

/** Test seams: the parse call (to simulate a runtime abort); whether the fast path is tried. */
export const hclInternals = {
  parse: (p: Parser, text: string): Tree | null => p.parse(text),
  fast: true,
};

/**
 * Parses with the active runtime. A runtime error (WASM `Aborted()`) retires the runtime: the
 * spare takes over, the text is remembered as poison, and `HclRuntimeReset` tells the caller
 * that every tree of the dead runtime is unusable.
 */
function safeParse(file: string, text: string): Tree | null | undefined {
  const rt = active;
  if (!rt) return undefined;
  try {
    return hclInternals.parse(rt.parser, text);
  } catch {
    poison.add(poisonKey(file, text));
    active = spare;
    spare = undefined;
    throw new HclRuntimeReset(file);
  }
}

/**
 * HCL's numbers may carry an exponent without a fraction (`1e3`); the grammar only reads one
 * after a fraction. Such literals are replaced by digits of the same length (positions stay) and
 * re-parsed; `numericText` gives back what was written.
 */
function exponentFix(text: string, tree: Tree): { text: string; originals: Map<number, string> } | undefined {
  if (!tree.rootNode.hasError || !/\d[eE]/.test(text)) return undefined;
  const originals = new Map<number, string>();
  const pieces: string[] = [];
  let from = 0;
  const lits = tree.rootNode.descendantsOfType('numeric_lit').filter((n): n is TsNode => n !== null);
  for (const n of lits.sort((a, b) => a.startIndex - b.startIndex)) {
    if (n.startIndex < from || !/^\d+$/.test(n.text)) continue;
    const m = /^[eE][-+]?\d+/.exec(text.slice(n.endIndex, n.endIndex + 400));
    if (!m) continue;
    const whole = n.text + m[0];
    originals.set(n.startIndex, whole);
    pieces.push(text.slice(from, n.startIndex), '1'.padEnd(whole.length, '0'));
    from = n.startIndex + whole.length;
  }
  pieces.push(text.slice(from));
  return originals.size > 0 ? { text: pieces.join(''), originals } : undefined;
}

export type Expr = SyntaxNode;

export interface HclAttribute {
  name: string;
  nameSrc: Src;
  expr: Expr;
  /** The whole `name = value` line(s). */
  src: Src;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** Attributes in file order. */
  attributes: HclAttribute[];
  blocks: HclBlock[];
  src: Src;
  file: string;
}

export interface HclIgnore {
  rules: string[];
  reason: string;
  src: Src;
}

export interface HclFile {
  file: string;
  blocks: HclBlock[];
  /** Top-level attributes (a `.tfvars` file is only these). */
  attributes: HclAttribute[];
  errors: ParseError[];
  /** `# hako:ignore …` comments by their 1-based line. */
  ignores: Map<number, HclIgnore>;
  /** The text the syntax tree was read from (absent when the file was not parsed). */
  text?: string;
  /** Which path read it: the hand-written scanner or tree-sitter (for tests and benchmarks). */
  parser?: 'fast' | 'tree-sitter';
}

export function srcOf(file: string, n: SyntaxNode, pointer?: string): Src {
  const s: Src = {
    file,
    startLine: n.startRow + 1,
    startColumn: n.startColumn + 1,
    endLine: n.endRow + 1,
    endColumn: n.endColumn + 1,
  };
  if (pointer !== undefined) s.pointer = pointer;
  return s;
}

function tsSrcOf(file: string, n: TsNode): Src {
  return {
    file,
    startLine: n.startPosition.row + 1,
    startColumn: n.startPosition.column + 1,
    endLine: n.endPosition.row + 1,
    endColumn: n.endPosition.column + 1,
  };
}

/** Text of a string literal label or key (`"x"` → `x`). */
export function stringLitText(n: SyntaxNode): string {
  let s = '';
  for (const c of n.children) if (c.type === 'template_literal') s += c.text;
  return s;
}

export function parseHcl(file: string, text: string): HclFile {
  const out: HclFile = { file, blocks: [], attributes: [], errors: [], ignores: new Map() };
  if (!active) {
    out.errors.push({
      file,
      line: 1,
      ...(generation > 0
        ? withText('message', 'hclUnavailable')
        : { message: 'HCL: the Terraform parser is not initialised (call initHcl())' }),
    });
    return out;
  }
  const refused = hclLimit(text);
  if (refused) {
    out.errors.push({ file, ...refused });
    return out;
  }
  if (poison.has(poisonKey(file, text))) {
    out.errors.push({
      file,
      line: 1,
      ...withText('message', 'hclWasmAbort'),
    });
    return out;
  }
  let root: SyntaxNode | undefined;
  if (hclInternals.fast) {
    const doc: CstDoc = { text };
    root = parseHclFast(text, doc);
    if (root) {
      out.text = text;
      out.parser = 'fast';
    }
  }
  if (!root) {
    let tree = safeParse(file, text);
    let parsed = text;
    let originals: Map<number, string> | undefined;
    const fix = tree ? exponentFix(text, tree) : undefined;
    if (tree && fix) {
      const again = safeParse(file, fix.text);
      if (again) {
        tree.delete();
        tree = again;
        parsed = fix.text;
        originals = fix.originals;
      }
    }
    if (!tree) {
      out.errors.push({
        file,
        line: 1,
        ...withText('message', 'hclParserFailed'),
      });
      return out;
    }
    try {
      const tsRoot = tree.rootNode;
      if (tsRoot.hasError) collectErrors(file, tsRoot, out.errors);
      if (text.includes('hako:ignore'))
        for (const c of tsRoot.descendantsOfType('comment')) if (c) noteComment(file, c, out.ignores);
      root = fromTreeSitter(tsRoot, originals ? { text: parsed, exponents: originals } : { text: parsed });
    } finally {
      tree.delete();
    }
    out.text = parsed;
    out.parser = 'tree-sitter';
  }
  try {
    for (const c of root.namedChildren)
      if (c.type === 'body') readBody(file, c, out.blocks, out.attributes, 0);
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    out.blocks = [];
    out.attributes = [];
    out.errors.push({
      file,
      line: e.line,
      ...withText('message', 'hclTooDeep', { max: MAX_NESTING_DEPTH }),
    });
  }
  return out;
}

/** The first syntax error of the file (later ones are mostly the parser's recovery). */
function collectErrors(file: string, root: TsNode, errors: ParseError[]): void {
  // iterative: a file of 100,000 unclosed brackets nests that deep
  const stack: TsNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as TsNode;
    if (n.isMissing || n.isError) {
      const near = n.isError ? (n.text.split('\n')[0]?.trim().slice(0, 40) ?? '') : '';
      errors.push({
        file,
        line: n.startPosition.row + 1,
        column: n.startPosition.column + 1,
        ...(n.isMissing && /^[^A-Za-z_]+$/.test(n.type)
          ? withText('message', 'hclExpected', { expected: n.type })
          : near !== ''
            ? withText('message', 'hclSyntaxNear', { near: JSON.stringify(near) })
            : withText('message', 'hclSyntax')),
      });
      return;
    }
    const kids = n.children.filter((c): c is TsNode => c !== null && (c.hasError || c.isMissing));
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as TsNode);
  }
}

class TooDeep extends Error {
  constructor(readonly line: number) {
    super('too deep');
  }
}

const IGNORE_RE = /^(?:#|\/\/|\/\*)\s*hako:ignore\s+(.*?)\s*(?:\*\/)?\s*$/;

function noteComment(file: string, c: TsNode, ignores: Map<number, HclIgnore>): void {
  const m = IGNORE_RE.exec(c.text);
  if (!m) return;
  const body = m[1] ?? '';
  let rules: string[];
  let reason: string;
  const colon = body.indexOf(':');
  if (colon >= 0) {
    rules = body.slice(0, colon).split(/[,\s]+/);
    reason = body.slice(colon + 1).trim();
  } else {
    const words = body.split(/\s+/);
    rules = [];
    let i = 0;
    for (; i < words.length; i++) {
      const parts = (words[i] ?? '').split(',').filter(Boolean);
      if (parts.length === 0 || !parts.every((p) => /^[A-Za-z]+-\d+$/.test(p))) break;
      rules.push(...parts);
    }
    reason = words.slice(i).join(' ');
  }
  ignores.set(c.endPosition.row + 1, {
    rules: rules.map((r) => r.trim().toUpperCase()).filter(Boolean),
    reason,
    src: tsSrcOf(file, c),
  });
}

function readBody(
  file: string,
  body: SyntaxNode,
  blocks: HclBlock[],
  attributes: HclAttribute[],
  depth: number,
): void {
  if (depth > MAX_NESTING_DEPTH) throw new TooDeep(body.startRow + 1);
  for (const c of body.namedChildren) {
    if (c.type === 'attribute') {
      const id = c.namedChildren.find((x) => x.type === 'identifier');
      const expr = c.namedChildren.find((x) => x.type === 'expression');
      if (id && expr) attributes.push({ name: id.text, nameSrc: srcOf(file, id), expr, src: srcOf(file, c) });
    } else if (c.type === 'block') blocks.push(readBlock(file, c, depth + 1));
  }
}

function readBlock(file: string, n: SyntaxNode, depth: number): HclBlock {
  const block: HclBlock = { type: '', labels: [], attributes: [], blocks: [], src: srcOf(file, n), file };
  for (const c of n.namedChildren) {
    if (c.type === 'identifier' && block.type === '') block.type = c.text;
    else if (c.type === 'string_lit') block.labels.push(stringLitText(c));
    else if (c.type === 'identifier') block.labels.push(c.text);
    else if (c.type === 'body') readBody(file, c, block.blocks, block.attributes, depth);
  }
  return block;
}

/**
 * Terraform `.tf` / `.tfvars` syntax with web-tree-sitter and the grammar's
 * `tree-sitter-terraform.wasm`. The WASM runtime loads asynchronously, so `initHcl()` is awaited
 * once (by `scan()` and the CLI) before the synchronous loader runs; parsing itself is sync.
 *
 * A file becomes its top-level blocks (type, labels, attributes, nested blocks, each with its
 * exact range) plus the `# hako:ignore` comments by line. Expressions stay syntax nodes here;
 * `evaluate.ts` turns them into the positioned `Node` tree.
 */
import { createRequire } from 'node:module';
import { Language, Parser, type Tree, type Node as TsNode } from 'web-tree-sitter';
import type { Src } from '../../source.js';
import { MAX_NESTING_DEPTH, type ParseError } from '../common.js';

let parser: Parser | undefined;
let initialising: Promise<void> | undefined;

/** Loads the WASM runtime and the Terraform grammar once; later calls return at once. */
export function initHcl(): Promise<void> {
  initialising ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const lang = await Language.load(
      require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
    );
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })();
  return initialising;
}

export function hclReady(): boolean {
  return parser !== undefined;
}

export type Expr = TsNode;

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
  tree?: Tree;
}

export function srcOf(file: string, n: TsNode, pointer?: string): Src {
  return {
    file,
    startLine: n.startPosition.row + 1,
    startColumn: n.startPosition.column + 1,
    endLine: n.endPosition.row + 1,
    endColumn: n.endPosition.column + 1,
    ...(pointer !== undefined ? { pointer } : {}),
  };
}

/** Text of a string literal label or key (`"x"` → `x`). */
export function stringLitText(n: TsNode): string {
  return n.namedChildren
    .filter((c): c is TsNode => c !== null && c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
}

export function parseHcl(file: string, text: string): HclFile {
  const out: HclFile = { file, blocks: [], attributes: [], errors: [], ignores: new Map() };
  if (!parser) {
    out.errors.push({
      file,
      line: 1,
      message: 'HCL: the Terraform parser is not initialised (call initHcl())',
    });
    return out;
  }
  const tree = parser.parse(text);
  if (!tree) {
    out.errors.push({ file, line: 1, message: 'HCL: the file could not be parsed' });
    return out;
  }
  out.tree = tree;
  const root = tree.rootNode;
  if (root.hasError) collectErrors(file, root, out.errors);
  if (text.includes('hako:ignore'))
    for (const c of root.descendantsOfType('comment')) if (c) noteComment(file, c, out.ignores);
  try {
    for (const c of root.namedChildren)
      if (c?.type === 'body') readBody(file, c, out.blocks, out.attributes, 0);
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    out.blocks = [];
    out.attributes = [];
    out.errors.push({
      file,
      line: e.line,
      message: `HCL: blocks nested more than ${MAX_NESTING_DEPTH} levels deep; not scanned`,
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
      const expected = n.isMissing && /^[^A-Za-z_]+$/.test(n.type) ? `: expected "${n.type}"` : '';
      const near = n.isError ? (n.text.split('\n')[0]?.trim().slice(0, 40) ?? '') : '';
      errors.push({
        file,
        line: n.startPosition.row + 1,
        column: n.startPosition.column + 1,
        message: `HCL: syntax error${expected}${near !== '' ? ` near ${JSON.stringify(near)}` : ''}`,
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
    src: srcOf(file, c),
  });
}

function readBody(
  file: string,
  body: TsNode,
  blocks: HclBlock[],
  attributes: HclAttribute[],
  depth: number,
): void {
  if (depth > MAX_NESTING_DEPTH) throw new TooDeep(body.startPosition.row + 1);
  for (const c of body.namedChildren) {
    if (!c) continue;
    if (c.type === 'attribute') {
      const id = c.namedChildren.find((x) => x?.type === 'identifier');
      const expr = c.namedChildren.find((x) => x?.type === 'expression');
      if (id && expr) attributes.push({ name: id.text, nameSrc: srcOf(file, id), expr, src: srcOf(file, c) });
    } else if (c.type === 'block') blocks.push(readBlock(file, c, depth + 1));
  }
}

function readBlock(file: string, n: TsNode, depth: number): HclBlock {
  const block: HclBlock = { type: '', labels: [], attributes: [], blocks: [], src: srcOf(file, n), file };
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'identifier' && block.type === '') block.type = c.text;
    else if (c.type === 'string_lit') block.labels.push(stringLitText(c));
    else if (c.type === 'identifier') block.labels.push(c.text);
    else if (c.type === 'body') readBody(file, c, block.blocks, block.attributes, depth);
  }
  return block;
}

/**
 * The hand-written Terraform scanner (fast.ts) against tree-sitter-terraform: on every .tf /
 * .tfvars file of the repository (and the Terraform inside the rule examples), on the generated
 * bench corpus (the tf-1000 files of `npm run bench:compare`), on small constructs, and on the
 * inputs where it must give up. Whenever the scanner returns a tree, it must be tree-sitter's:
 * every node (anonymous tokens included) with the same type, range, field and parent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as TreeSitter from 'web-tree-sitter';
import { terraform } from '../../../bench/corpus/iac.js';
import { embeddedTexts, repoFiles } from '../../../test/helpers/repo-texts.js';
import { fromTreeSitter, type SyntaxNode } from './cst.js';
import { parseHclFast } from './fast.js';
import { hclInternals, initHcl, parseHcl } from './syntax.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let parser: TreeSitter.Parser;

beforeAll(async () => {
  await initHcl();
  await TreeSitter.Parser.init();
  const require = createRequire(import.meta.url);
  const lang = await TreeSitter.Language.load(
    require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
  );
  parser = new TreeSitter.Parser();
  parser.setLanguage(lang);
});

function dump(n: SyntaxNode, depth = 0, parent: SyntaxNode | null = null): string {
  if (n.parent !== parent) throw new Error(`${n.type}: wrong parent`);
  const head = `${' '.repeat(depth)}${n.field ? `${n.field}: ` : ''}${n.isNamed ? n.type : JSON.stringify(n.type)} ${n.startIndex}-${n.endIndex} ${n.startRow}:${n.startColumn}-${n.endRow}:${n.endColumn}\n`;
  return head + n.children.map((c) => dump(c, depth + 1, n)).join('');
}

function treeSitter(text: string): string {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  try {
    return dump(fromTreeSitter(tree.rootNode, { text }));
  } finally {
    tree.delete();
  }
}

/** Checks one text both ways; true when the fast path read it. */
function same(file: string, text: string): boolean {
  const fast = parseHclFast(text, { text });
  if (fast === undefined) return false;
  expect(dump(fast), file).toBe(treeSitter(text));
  return true;
}

const tfFiles = (dir: string) => repoFiles(dir, /\.(tf|tfvars)$/);
const embedded = (file: string, text: string) => embeddedTexts(file, text, /\.(tf|tfvars)$/);

describe('fast Terraform path: identical to tree-sitter', () => {
  it('on every .tf/.tfvars of examples/, test/fixtures/ and src/, and the Terraform of the rule examples', () => {
    const inputs: { file: string; text: string }[] = [];
    for (const f of [...tfFiles('examples'), ...tfFiles('test/fixtures'), ...tfFiles('src')])
      inputs.push({ file: f, text: readFileSync(path.join(ROOT, f), 'utf8') });
    const rules = (readdirSync(path.join(ROOT, 'src/rules'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.examples.yaml'))
      .map((f) => path.join('src/rules', f));
    for (const f of rules) inputs.push(...embedded(f, readFileSync(path.join(ROOT, f), 'utf8')));
    let fast = 0;
    for (const i of inputs) if (same(i.file, i.text)) fast++;
    expect(inputs.length).toBeGreaterThan(100);
    // most of the hand-written examples are in the subset; the rest (comments, heredocs, operators) fall back
    expect(fast).toBeGreaterThan(inputs.length / 3);
  });

  it('on the generated bench corpus (tf-1000): every file read by the fast path, identically', () => {
    let n = 0;
    for (const f of terraform(1000)) {
      expect(same(f.path, f.text), f.path).toBe(true);
      n++;
    }
    expect(n).toBe(1000);
  });

  it.each([
    ['attributes and literals', 'a = 1\nb = 2.5\nc = true\nd = null\ne = "x"\nf = ""\n'],
    ['blocks and labels', 'resource "x" y {}\nb "l" {\n  c = 1\n\n  d {\n    e = [1, 2,]\n  }\n}\n'],
    ['collections', 'a = {\n  A = "é😀x"\n  "k/l" = [\n    "a",\n  ]\n  b = {a=1,b=2}\n}\nc = []\nd = {}\n'],
    [
      'traversals and calls',
      'a = x["k"].l[0]\nb = f(x).y\nc = g()\nd = jsonencode({\n  A = [var.a, local.b]\n})\n',
    ],
    [
      'templates',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolations
      'a = "p-${var.e}-x"\nb = "${a}"\nc = "100% $x # /* not a comment"\nd = "arn:${ local.n }:*"\n',
    ],
    ['no final line break', 'a = 1'],
    ['blank lines and indentation', '\n\n  a = 1  \n\tb = 2\n\n'],
  ])('reads %s as tree-sitter does', (_name, text) => {
    expect(same('t.tf', text)).toBe(true);
  });

  it.each([
    ['a comment', '# c\na = 1\n'],
    ['a comment after a value', 'a = 1 // c\n'],
    ['a block comment', 'a = /* c */ 1\n'],
    ['a heredoc', 'a = <<EOT\nx\nEOT\n'],
    ['an escape', 'a = "x\\"y"\n'],
    ['a directive', 'a = "%{ if x }y%{ endif }"\n'],
    ['an escaped interpolation', 'a = "$${x}"\n'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an HCL interpolation
    ['a strip marker', 'a = "${~x}"\n'],
    ['an operator', 'a = 1 + 2\n'],
    ['a conditional', 'a = x ? 1 : 2\n'],
    ['a negative number', 'a = -1\n'],
    ['a for expression', 'a = [for x in y : x]\n'],
    ['a splat', 'a = x[*].y\n'],
    ['a legacy index', 'a = x.0\n'],
    ['an exponent', 'a = 1e3\n'],
    ['an ellipsis', 'a = f(x...)\n'],
    ['a colon in an object', 'a = { b: 1 }\n'],
    ['a single-line block', 'b { c = 1 }\n'],
    ['CRLF', 'a = 1\r\nb = 2\r\n'],
    ['a syntax error', 'a = \n'],
    ['an unclosed block', 'b {\n  c = 1\n'],
    ['an empty file', ''],
    ['a non-ASCII identifier', 'é = 1\n'],
  ])('gives up on %s (tree-sitter reads it)', (_name, text) => {
    expect(parseHclFast(text, { text })).toBeUndefined();
  });

  it('parseHcl takes the fast path when it can, tree-sitter otherwise, with the same result', () => {
    const text = 'resource "aws_ecr_repository" "r" {\n  name = "x"\n  tags = { A = var.a }\n}\n';
    const fast = parseHcl('a.tf', text);
    expect(fast.parser).toBe('fast');
    hclInternals.fast = false;
    try {
      const slow = parseHcl('a.tf', text);
      expect(slow.parser).toBe('tree-sitter');
      const plain = (f: typeof fast) =>
        JSON.stringify({ ...f, ignores: [...f.ignores], parser: undefined }, (k, v) =>
          k === 'expr' ? dump(v as SyntaxNode, 0, (v as SyntaxNode).parent) : v,
        );
      expect(plain(fast)).toBe(plain(slow));
    } finally {
      hclInternals.fast = true;
    }
    expect(parseHcl('b.tf', `# hako:ignore ECR-001: test\n${text}`).parser).toBe('tree-sitter');
  });
});

/**
 * The fast YAML path (yaml-fast.ts) against the exact path (parseYamlExact): on every YAML file of
 * the repository (and the YAML files embedded in the rules' examples), on a generated bench corpus,
 * on random manifests (fast-check), and on the inputs where it must give up. Whenever the fast
 * path returns a result, it must be identical to the exact path's: same keys, values, positions,
 * pointers, and the same JSON text (key order included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ensureCorpus } from '../../bench/generate.js';
import { embeddedTexts, repoFiles } from '../../test/helpers/repo-texts.js';
import { parseYaml, parseYamlExact } from './yaml.js';
import { hasUnsupportedChar, parseYamlFast } from './yaml-fast.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Checks one text both ways; true when the fast path read it. */
function same(file: string, text: string): boolean {
  const exact = parseYamlExact(file, text);
  const fast = parseYamlFast(file, text);
  expect(parseYaml(file, text)).toStrictEqual(exact);
  if (fast === undefined) return false;
  expect(fast, file).toStrictEqual(exact);
  expect(JSON.stringify(fast), file).toBe(JSON.stringify(exact));
  return true;
}

const yamlFiles = (dir: string) => repoFiles(dir, /\.ya?ml$/);
const embedded = (file: string, text: string) => embeddedTexts(file, text, /\.ya?ml$/);

describe('fast YAML path: identical to the exact path', () => {
  it('on every YAML file of examples/, test/fixtures/ and src/ (and the YAML inside the rule examples)', () => {
    const inputs: { file: string; text: string }[] = [];
    for (const f of [...yamlFiles('examples'), ...yamlFiles('test/fixtures'), ...yamlFiles('src')]) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      inputs.push({ file: f, text });
      if (f.endsWith('.examples.yaml')) inputs.push(...embedded(f, text));
    }
    let fast = 0;
    for (const { file, text } of inputs) if (same(file, text)) fast++;
    expect(inputs.length).toBeGreaterThan(500);
    // the point of the fast path: most real files take it (measured: 89%)
    expect(fast / inputs.length).toBeGreaterThan(0.8);
  });

  it('on a generated bench corpus (every file read fast)', () => {
    const { dir } = ensureCorpus(150, 0);
    const files = readdirSync(path.join(dir, 'k8s'));
    expect(files.length).toBe(3);
    for (const f of files) expect(same(f, readFileSync(path.join(dir, 'k8s', f), 'utf8'))).toBe(true);
  });
});

// ---- random manifests ----

const SCALARS = [
  'nginx',
  'nginx:1.27',
  'public.ecr.aws/nginx/nginx@sha256:abc',
  'yes',
  'Yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'true',
  'False',
  '~',
  'null',
  '',
  '0',
  '0755',
  '08',
  '1e3',
  '1.5',
  '-1',
  '+12',
  '.inf',
  '-.Inf',
  '.nan',
  '0x1F',
  '0b101',
  '1_000',
  '190:20:30',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '100m',
  '25%',
  'a#b',
  'a #b',
  'http://x.example/y?z=1',
  'a: b',
  'a:b',
  '- x',
  '-x',
  '#x',
  '@x',
  '*x',
  '&x',
  '!x',
  '%x',
  '[x]',
  '{x}',
  'x]',
  ',x',
  '?x',
  ':x',
  '<<',
  "it's",
  'say "hi"',
  'back\\slash',
  ' lead',
  'trail ',
  'two  spaces',
  'é 日本',
  'line1\nline2',
  'line1\nline2\n',
  'x\n\n  y\n',
];
const KEYS = [
  'name',
  'image',
  'yes',
  'on',
  '1',
  '~',
  'a b',
  'app.kubernetes.io/name',
  'x/y~z',
  '<<',
  'k:v',
  "'q'",
  '2001-12-14',
];

type Tree = string | Tree[] | [string, Tree][];
interface Style {
  indent: number;
  seqIndented: boolean;
  quote: number;
  comments: boolean;
  flow: boolean;
  literal: boolean;
}

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.array(tie('node'), { minLength: 0, maxLength: 4 }),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { minLength: 0, maxLength: 4 })
      .map((es) => ({ map: es }) as unknown as Tree),
  ),
})).node;

function isMapT(t: Tree): t is [string, Tree][] {
  return typeof t === 'object' && !Array.isArray(t);
}
function entriesOf(t: Tree): [string, Tree][] {
  return (t as unknown as { map: [string, Tree][] }).map;
}

function scalarText(s: string, style: Style, pick: () => number): string {
  if (style.literal && s.includes('\n') && pick() % 2 === 0) return `\u0000LIT${s}`;
  switch ((style.quote + pick()) % 3) {
    case 0:
      return s;
    case 1:
      return `'${s.replace(/'/g, "''")}'`;
    default:
      return JSON.stringify(s);
  }
}

function render(t: Tree, style: Style, seed: number): string {
  let r = seed;
  const pick = (): number => {
    r = (r * 1103515245 + 12345) & 0x7fffffff;
    return r >> 8;
  };
  const pad = (n: number) => ' '.repeat(n);
  const comment = () => (style.comments && pick() % 3 === 0 ? `  # c${pick() % 9}` : '');
  const between = (ind: number) =>
    style.comments && pick() % 4 === 0 ? (pick() % 2 ? '\n' : `${pad(ind + (pick() % 3))}# note\n`) : '';
  const lines: string[] = [];
  const flowOf = (v: Tree): string | undefined => {
    if (typeof v === 'string') return scalarText(v, { ...style, literal: false }, pick);
    if (isMapT(v)) {
      const es = entriesOf(v).map(([k, x]) => {
        const f = flowOf(x);
        return f === undefined ? undefined : `${scalarText(k, style, pick)}: ${f}`;
      });
      return es.includes(undefined) ? undefined : `{ ${es.join(', ')} }`;
    }
    const items = v.map(flowOf);
    return items.includes(undefined) ? undefined : `[${items.join(', ')}]`;
  };
  /** `head`: text before the value on its line (`key:` or `-`); ind: indent of that line's node */
  const value = (head: string, v: Tree, ind: number): void => {
    if (style.flow && typeof v !== 'string' && pick() % 3 === 0) {
      const f = flowOf(v);
      if (f !== undefined) {
        lines.push(`${head} ${f}${comment()}\n`);
        return;
      }
    }
    if (typeof v === 'string') {
      const s = scalarText(v, style, pick);
      if (s.startsWith('\u0000LIT')) {
        const body = s.slice(4);
        const strip = !body.endsWith('\n');
        lines.push(`${head} |${strip ? '-' : ''}${comment()}\n`);
        for (const l of body.replace(/\n$/, '').split('\n'))
          lines.push(l === '' ? '\n' : `${pad(ind + style.indent)}${l}\n`);
        return;
      }
      lines.push(`${head} ${s}${comment()}`.replace(/ $/, '') + '\n');
      return;
    }
    lines.push(`${head}${comment()}\n`);
    const inner =
      head.trimStart().startsWith('-') || style.seqIndented || isMapT(v) ? ind + style.indent : ind;
    node(v, inner);
  };
  const node = (v: Tree, ind: number): void => {
    if (isMapT(v)) {
      for (const [k, x] of entriesOf(v)) {
        lines.push(between(ind));
        value(`${pad(ind)}${scalarText(k, { ...style, literal: false }, pick)}:`, x, ind);
      }
    } else if (Array.isArray(v)) {
      for (const x of v) {
        lines.push(between(ind));
        value(`${pad(ind)}-`, x, ind);
      }
    }
  };
  if (typeof t === 'string') return `v: ${scalarText(t, style, pick)}\n`;
  node(isMapT(t) ? t : ({ map: [['items', t]] } as unknown as Tree), 0);
  return lines.join('');
}

const styleArb = fc.record({
  indent: fc.constantFrom(1, 2, 3, 4),
  seqIndented: fc.boolean(),
  quote: fc.integer({ min: 0, max: 2 }),
  comments: fc.boolean(),
  flow: fc.boolean(),
  literal: fc.boolean(),
});

describe('fast YAML path: random manifests (fast-check)', () => {
  it('gives the exact result or gives up, never something else', () => {
    let fast = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(treeArb, styleArb, fc.nat()), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('', '---\n', '# head\n---\n'),
        (docs, lead) => {
          const text = lead + docs.map(([t, s, seed]) => render(t, s, seed)).join('---\n');
          runs++;
          try {
            if (same('r.yaml', text)) fast++;
          } catch (e) {
            // the rendered text says more than the generated tree
            throw new Error(
              `${JSON.stringify(text)}\n${(e as Error).message}\nFAST ${JSON.stringify(parseYamlFast('r.yaml', text))}\nEXACT ${JSON.stringify(parseYamlExact('r.yaml', text))}`,
            );
          }
        },
      ),
      { numRuns: Number(process.env.YF_RUNS ?? 400), seed: process.env.YF_RUNS ? undefined : 16 },
    );
    // not vacuous: a fair share of the random manifests is read by the fast path
    console.log(`random manifests read fast: ${fast}/${runs}`);
    expect(fast / runs).toBeGreaterThan(0.2);
  });
});

// ---- where the fast path reads, and where it must give up ----

describe('fast YAML path: table', () => {
  it.each([
    [
      'YAML 1.1 scalars',
      'a: yes\nb: on\nc: y\nd: 0755\ne: 1e3\nf: .inf\ng: ~\nh: 2001-12-14\ni: off\nj: 0x1F\n',
    ],
    ['YAML 1.1 keys', 'yes: 1\n1.0: 2\n~: 3\n"yes": 4\n'],
    [
      'empty values and comments',
      '# c\na:\nc: \n\nd:\ne: 1 # t\nf:  # c\n  # c\n  g: 1\n\n  # c\n  h: 2\ni: 3\n',
    ],
    ['sequences at the indent of their key', 'a:\n- 1\n-\n- - x\n  - y\nb: 2\n'],
    ['compact maps in sequences', 'c:\n  - name: x\n    image: "y"\n\n  - name: z\n'],
    ['flow collections', 'a: { b: 1, "c": [x, "y", {}], d: [] }\nb: [1, 2]  # c\n'],
    ['literal block scalars', 'a: |\n  x\n   y\n\n  z\n\n\nb: |-\n  q\nc:\n  - |\n    l\n'],
    ['documents and empty documents', '# c\n---\na: 1\n---\n---\n# x\n---\nb: [2]\n---\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['escapes in double quotes', 'a: "x\\ty\\"z\\\\\\u00e9"\n'],
    ['no final newline', 'a:\n  b: 1'],
  ])('reads %s exactly', (_name, text) => {
    expect(parseYamlFast('t.yaml', text)).toBeDefined();
    expect(same('t.yaml', text)).toBe(true);
  });

  it('types scalars as kubectl reads them (YAML 1.1)', () => {
    const doc = parseYamlFast('t.yaml', 'a: yes\nb: 0755\nc: 1e3\nd: ~\ne: 2001-12-14\nyes: x\n')!.docs[0]!
      .node;
    expect(
      doc.kind === 'map' && doc.entries.map((e) => [e.key, e.value.kind === 'scalar' && e.value.value]),
    ).toEqual([
      ['a', true],
      ['b', 493],
      ['c', 1000],
      ['d', null],
      ['e', '2001-12-14'],
      ['true', 'x'],
    ]);
  });

  it.each([
    ['a comment after the last item of a collection', 'a:\n  b: 1\n  # c\nd: 2\n'],
    ['an empty item after a comment line', 'a:\n- 1\n# c\n-\n'],
    ['an empty value with a comment', 'a:\n  b:   # c\nc: 1\n'],
    ['an empty value before a comment line', 'a:\n  - \n# c\nc: 1\n'],
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a merge key', 'a: &x {k: 1}\nb:\n  <<: *x\n'],
    ['a plain merge key without alias', 'b:\n  <<: {k: 1}\n'],
    ['a tag', 'a: !Ref x\n'],
    ['a core tag', 'a: !!str 1\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['content after ---', '--- a: 1\n'],
    ['an explicit key', '? a\n: 1\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['a folded scalar', 'a: >\n  x\n  y\n'],
    ['a keep literal', 'a: |+\n  x\n\n'],
    ['an indentation indicator', 'a: |2\n   x\n'],
    ['a literal with leading blank line', 'a: |\n\n  x\n'],
    ['a literal without final newline', 'a: |\n  x'],
    ['a tab', 'a:\tb\n'],
    ['CRLF', 'a: 1\r\nb: 2\r\n'],
    ['a BOM', '\ufeffa: 1\n'],
    ['NUL', 'a: "\u0000"\n'],
    ['a scalar root', 'hello\n'],
    ['a flow root', '{a: 1}\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a nested map in a compact value', 'a: b: c\n'],
    ['an unclosed quote', 'a: "b\n'],
    ['a trailing comma', 'a: [1, 2, ]\n'],
    ['an empty flow value', 'a: {b: , c: 1}\n'],
    ['a plain colon in flow', 'a: {b: x:y}\n'],
    ['a sequence after an inline value', 'a: 1\n- 2\n'],
    ['a space before the colon', 'a : 1\n'],
    ['an unknown escape', 'a: "\\x41"\n'],
    ['two roots', 'a: 1\n- b\n'],
    ['an indented root', '  a: 1\n  b: 2\n'],
    ['a key over 1024 characters', `${'k'.repeat(1100)}: 1\n`],
    ['a flow key over 1024 characters', `a: {${'k'.repeat(1100)}: 1}\n`],
    ['very deep nesting', `${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`],
  ])('gives up on %s, and parseYaml still gives the exact result', (_name, text) => {
    expect(parseYamlFast('t.yaml', text)).toBeUndefined();
    expect(parseYaml('t.yaml', text)).toStrictEqual(parseYamlExact('t.yaml', text));
  });

  it('parseYaml with custom tags (CloudFormation) always takes the exact path', () => {
    const text = 'a: 1\n';
    expect(parseYaml('t.yaml', text, { customTags: [] })).toStrictEqual(parseYamlExact('t.yaml', text));
  });
});

describe('hasUnsupportedChar', () => {
  it('refuses exactly the characters of the character class it replaces, at any place in the text', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters the fast path refuses
    const refused = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\u2028\u2029]/;
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (hasUnsupportedChar(`a: b${ch}`) !== refused.test(ch)) differ.push(c);
    }
    expect(differ).toEqual([]);
    expect(hasUnsupportedChar('a: b\nc: "é 日本 😀"\n')).toBe(false);
    expect(hasUnsupportedChar('\ta: b')).toBe(true);
  });
});

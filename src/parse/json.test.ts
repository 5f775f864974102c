/**
 * The fast JSON path must give exactly what the momoa path gives: the same tree (values, keys,
 * every position and pointer) or, when it gives up, the momoa path's own answer. Compared on every
 * .json file of the repository, on generated documents written with varied whitespace and line
 * ends, and on damaged copies of them (where the answer is usually an error).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rng } from '../../bench/_util.js';
import { fastTree, momoaJson, parseJson } from './json.js';

const STRINGS = [
  '',
  'a',
  'arn:aws:iam::123456789012:role/x',
  'a/b~c',
  '~1',
  'é名前',
  '😀 astral',
  '\u2028\u2029',
  'quote " and \\ backslash',
  'tab\there\nnewline\r\u0001',
  '\ud800 lone',
];
const RAW_STRINGS = ['"\\u0041\\u00e9\\uD83D\\uDE00"', '"\\/\\b\\f"', '"\\uDC00"', '"x\\u002Fy"'];
const NUMBERS = [
  '0',
  '-0',
  '1',
  '-12',
  '3.25',
  '1e3',
  '1E+3',
  '-2.5e-3',
  '1e400',
  '123456789012345678901234567890',
  '0.1',
];

/** A random JSON text with random (valid) whitespace, written by hand so spacing and escapes vary. */
function genText(r: () => number, depth = 0): string {
  const ws = () => {
    const options = ['', '', ' ', '\n', '\r\n', '\r', '\t', '  \n    ', '\r\n\r\n '];
    return options[Math.floor(r() * options.length)]!;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const x = r();
  if (depth < 5 && x < 0.25) {
    const n = Math.floor(r() * 4);
    const members: string[] = [];
    for (let k = 0; k < n; k++) {
      const key = r() < 0.8 ? JSON.stringify(pick(STRINGS)) : pick(RAW_STRINGS);
      members.push(`${ws()}${key}${ws()}:${ws()}${genText(r, depth + 1)}${ws()}`);
    }
    return `{${members.join(',') || ws()}}`;
  }
  if (depth < 5 && x < 0.45) {
    const n = Math.floor(r() * 4);
    const items: string[] = [];
    for (let k = 0; k < n; k++) items.push(`${ws()}${genText(r, depth + 1)}${ws()}`);
    return `[${items.join(',') || ws()}]`;
  }
  if (x < 0.65) return JSON.stringify(pick(STRINGS));
  if (x < 0.72) return pick(RAW_STRINGS);
  if (x < 0.88) return pick(NUMBERS);
  return pick(['true', 'false', 'null']);
}

/** The text with one random edit: a character removed, doubled or replaced by one JSON cares about. */
function damage(r: () => number, text: string): string {
  const at = Math.floor(r() * (text.length + 1));
  const chars = [
    '',
    '"',
    '\\',
    ',',
    ':',
    '{',
    '}',
    '[',
    ']',
    '\u0000',
    '\ufeff',
    'x',
    '0',
    '-',
    '.',
    'e',
    '\n',
    ' ',
  ];
  const with_ = chars[Math.floor(r() * chars.length)]!;
  const kind = r();
  if (kind < 0.4) return text.slice(0, at) + with_ + text.slice(at + 1);
  if (kind < 0.7) return text.slice(0, at) + with_ + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1);
}

const same = (file: string, text: string) => {
  expect(parseJson(file, text)).toEqual(momoaJson(file, text));
};

describe('the fast JSON path', () => {
  it('every .json file of the repository: the same tree as momoa', () => {
    const files = execFileSync('git', ['ls-files', '*.json'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files.length).toBeGreaterThan(10);
    let fast = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (fastTree(f, text) !== undefined) fast++;
      same(f, text);
    }
    // the repository's JSON is plain JSON: the fast path must take nearly all of it
    expect(fast).toBeGreaterThan(files.length * 0.8);
  });

  it('2,000 generated documents (CRLF, lone CR, tabs, escapes, astral characters, big numbers): the same tree', () => {
    const r = rng(10);
    let fast = 0;
    for (let k = 0; k < 2000; k++) {
      const text = `${k % 3 === 0 ? '\r\n ' : ''}${genText(r)}${k % 4 === 0 ? '\n' : ''}`;
      const tree = fastTree('g.json', text);
      if (tree !== undefined) fast++;
      same('g.json', text);
    }
    expect(fast).toBe(2000);
  });

  it('3,000 damaged documents: the same answer, tree or error', () => {
    const r = rng(11);
    for (let k = 0; k < 3000; k++) {
      let text = genText(r);
      for (let e = 1 + Math.floor(r() * 2); e > 0; e--) text = damage(r, text);
      same('d.json', text);
    }
  });

  it('what it leaves to momoa: BOM, control characters, bad escapes, trailing commas, nesting, empty text', () => {
    const cases = [
      '\ufeff{"a": 1}',
      '{"a": "x\u0001y"}',
      '{"a": "\\x41"}',
      '{"a": "\\u12G4"}',
      '{"a": 1,}',
      '[1,]',
      '01',
      '1.',
      '-',
      '.5',
      'truex',
      '{"a" 1}',
      '',
      '   ',
      '{} {}',
      `${'['.repeat(300)}${']'.repeat(300)}`,
      '// c\n{}',
    ];
    for (const text of cases) {
      expect(fastTree('c.json', text), text).toBeUndefined();
      same('c.json', text);
    }
    // exactly at the nesting limit: still the fast path, and the same tree
    const deep = `${'['.repeat(256)}${']'.repeat(256)}`;
    expect(fastTree('c.json', deep)).toBeDefined();
    same('c.json', deep);
  });
});

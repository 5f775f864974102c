/**
 * `npm run pin-examples [-- --accept-new] [RULE-ID...]`: turns the `lines: [...]` of every bad example
 * case into the full `findings:` list the test requires (src/docs/examples.ts), by running the case.
 *
 * - A case with `lines:` is pinned only when the rule's findings start exactly on those lines, in
 *   that order; otherwise the case is printed and left alone (exit 1).
 * - A bad case with neither `lines:` nor `findings:` is pinned only with `--accept-new` (printed for
 *   review); without it, it is printed and left alone (exit 1).
 * - A case with `findings:` is never touched, so a second run changes nothing.
 *
 * The YAML text is edited in place (only the `lines:` entry is replaced, or the `findings:` entry
 * appended to the case), never re-serialised: comments, quoting and layout stay byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, type Pair, parseDocument, type YAMLMap } from 'yaml';
import {
  type ExampleCase,
  type ExpectedFinding,
  exampleUrls,
  expectedOf,
  runExample,
} from '../src/docs/examples.js';
import { allRules } from '../src/rules/index.js';
import type { Rule } from '../src/rules/types.js';

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface PinOutcome {
  text: string;
  pinned: string[];
  problems: string[];
}

/** Pins the cases of one example file's text; returns the new text and what it did. */
export async function pinText(rule: Rule, text: string, acceptNew: boolean, label = ''): Promise<PinOutcome> {
  const doc = parseDocument(text);
  const pinned: string[] = [];
  const problems: string[] = [];
  if (doc.errors.length > 0)
    return { text, pinned, problems: [`${label}: YAML error: ${doc.errors[0]!.message}`] };
  const bad = doc.get('bad');
  if (!isSeq(bad)) return { text, pinned, problems };
  const edits: Edit[] = [];
  for (const item of bad.items) {
    if (!isMap(item)) continue;
    const c = item.toJS(doc) as ExampleCase;
    const where = `${label} bad "${c.name}"`;
    const pair = (k: string) =>
      (item as YAMLMap).items.find((p) => (p.key as { value?: unknown })?.value === k);
    if (pair('findings')) continue;
    const linesPair = pair('lines');
    if (!linesPair && !acceptNew) {
      problems.push(`${where}: no lines or findings (run with --accept-new to pin what it reports)`);
      continue;
    }
    const { mine, unreadable } = await runExample(rule, c);
    if (unreadable.length > 0) {
      problems.push(`${where}: unreadable input: ${unreadable.map((f) => f.message).join('; ')}`);
      continue;
    }
    const got = mine.map((f) => f.location.startLine);
    if (mine.length === 0) {
      problems.push(`${where}: the rule reports nothing`);
      continue;
    }
    const expected = expectedOf(mine, Object.keys(c.files ?? {}).length > 1);
    if (linesPair) {
      if (JSON.stringify(got) !== JSON.stringify(c.lines)) {
        problems.push(
          `${where}: lines ${JSON.stringify(c.lines)} but the rule reports at ${JSON.stringify(got)}`,
        );
        continue;
      }
      const edit = replaceEdit(text, linesPair, expected);
      if (typeof edit === 'string') problems.push(`${where}: ${edit}`);
      else {
        edits.push(edit);
        pinned.push(`${where}: lines → ${expected.length} finding(s)`);
      }
    } else {
      const edit = appendEdit(text, item, expected);
      if (typeof edit === 'string') problems.push(`${where}: ${edit}`);
      else {
        edits.push(edit);
        pinned.push(`${where}: NEW, review:\n${edit.text.trimEnd()}`);
      }
    }
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, pinned, problems };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Offset just past the newline ending the line that holds `at` (or the text's end). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

/** Replaces the whole `lines:` entry (its key's line through its value's last line). */
function replaceEdit(text: string, pair: Pair, expected: ExpectedFinding[]): Edit | string {
  const key = pair.key as { range?: [number, number, number] };
  const value = pair.value as { range?: [number, number, number] } | null;
  if (!key.range || !value?.range) return 'cannot locate `lines:` in the text';
  const start = lineStart(text, key.range[0]);
  const indent = text.slice(start, key.range[0]);
  if (!/^ *$/.test(indent)) return '`lines:` does not start its line';
  const end = lineEnd(text, Math.max(value.range[1] - 1, key.range[0]));
  const rest = text.slice(value.range[1], end);
  if (!/^[ \t]*\r?\n?$/.test(rest)) return 'text after `lines:` on its line (comment?): edit by hand';
  return { start, end, text: render(indent, expected, end === text.length && !text.endsWith('\n')) };
}

/** Appends a `findings:` entry after the case's last entry. */
function appendEdit(text: string, item: YAMLMap, expected: ExpectedFinding[]): Edit | string {
  const first = item.items[0]?.key as { range?: [number, number, number] } | undefined;
  const range = item.range;
  if (!first?.range || !range) return 'cannot locate the case in the text';
  if (/\|[0-9]*\+/.test(text.slice(range[0], range[1])))
    return 'keep-chomping block scalar (`|+`): edit by hand';
  const indent = text.slice(lineStart(text, first.range[0]), first.range[0]).replace(/[^ ]/g, ' ');
  let last = range[1];
  while (last > range[0] && /\s/.test(text[last - 1]!)) last--;
  const at = lineEnd(text, last - 1);
  const noNewline = at === text.length && !text.endsWith('\n');
  return { start: at, end: at, text: (noNewline ? '\n' : '') + render(indent, expected, false) };
}

/** biome.json `formatter.lineWidth`. */
const LINE_WIDTH = 110;
const PLAIN = /^[A-Za-z][\w-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

function scalar(v: string): string {
  return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

function render(indent: string, expected: ExpectedFinding[], noFinalNewline: boolean): string {
  const rows = expected.map((f) => {
    const fields = [
      ...(f.file === undefined ? [] : [`file: ${JSON.stringify(f.file)}`]),
      `line: ${f.line}`,
      `column: ${f.column}`,
      `endLine: ${f.endLine}`,
      `endColumn: ${f.endColumn}`,
      `messageId: ${scalar(f.messageId)}`,
    ];
    const row = `${indent}  - { ${fields.join(', ')} }`;
    // longer than the formatter's line width (biome.json): one field a line, as `npm run format` writes it
    if (row.length <= LINE_WIDTH) return row;
    return [`${indent}  - {`, ...fields.map((x) => `${indent}      ${x},`), `${indent}    }`].join('\n');
  });
  const out = `${indent}findings:\n${rows.join('\n')}\n`;
  return noFinalNewline ? out.slice(0, -1) : out;
}

async function main(argv: string[]): Promise<number> {
  const acceptNew = argv.includes('--accept-new');
  const only = argv.filter((a) => !a.startsWith('--')).map((a) => a.toUpperCase());
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
  let problems = 0;
  let pinned = 0;
  for (const rule of allRules) {
    if (only.length > 0 && !only.includes(rule.meta.id)) continue;
    for (const url of exampleUrls(rule)) {
      const file = fileURLToPath(url);
      const label = path.relative(root, file);
      const text = readFileSync(file, 'utf8');
      const r = await pinText(rule, text, acceptNew, label);
      for (const p of r.pinned) console.log(`pinned ${p}`);
      for (const p of r.problems) console.error(`LEFT ${p}`);
      problems += r.problems.length;
      pinned += r.pinned.length;
      if (r.text !== text) writeFileSync(file, r.text);
    }
  }
  console.log(`${pinned} case(s) pinned, ${problems} left alone`);
  return problems > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}

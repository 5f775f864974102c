import { describe, expect, it } from 'vitest';
import { controlCharacters, finding, resultOf, sampleResult } from '../../test/helpers/scan-result.js';
import type { ReportOptions } from './index.js';
import { MAX_MARKDOWN_CHARS, renderMarkdown, TOP_FINDINGS } from './markdown.js';

const opts: ReportOptions = { colour: false, lang: 'en', version: '1.2.3' };

/** The cells of each table row under the (`nth`) header that starts with `first`. */
function table(md: string, first: string, nth = 0): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex(
    (l, i) =>
      l.startsWith(`| ${first} |`) &&
      lines.slice(0, i).filter((x) => x.startsWith(`| ${first} |`)).length === nth,
  );
  expect(start).toBeGreaterThanOrEqual(0);
  expect(lines[start + 1]).toMatch(/^\| -+:? \|( -+:? \|)+$/);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    // Split on pipes not escaped with a backslash.
    rows.push(
      l
        .slice(2, -2)
        .split(/(?<!\\) \| /)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe('Markdown report', () => {
  const md = renderMarkdown(sampleResult(), opts);

  it('starts with a heading and a one-line summary', () => {
    expect(md.split('\n').slice(0, 3)).toEqual([
      '### hako scan',
      '',
      '5 findings in 6 scanned files (6 resources) · 3 suppressed · 1 input could not be read',
    ]);
  });

  it('has a table of counts by severity, excluding suppressed findings', () => {
    expect(table(md, 'Severity')).toEqual([
      ['critical', '2'],
      ['high', '1'],
      ['medium', '1'],
      ['low', '1'],
      ['info', '0'],
    ]);
  });

  it('lists unsuppressed findings, most severe first, with file:line, linked rule, severity and message', () => {
    const rows = table(md, 'Location');
    expect(rows.map((r) => [r[0], r[2]])).toEqual([
      ['infra/task.json:5', 'critical'],
      ['infra/task.json:12', 'critical'],
      ['broken.yaml:3', 'high'],
      ['infra/batch task.json:9', 'medium'],
      ['/elsewhere/odd #1.yaml:1', 'low'],
    ]);
    expect(rows[0]).toEqual([
      'infra/task.json:5',
      '[ECS-003](https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html)',
      'critical',
      'container "app" runs privileged: it has root on the host',
    ]);
    for (const r of rows) expect(r).toHaveLength(4);
  });

  it('escapes pipes, newlines and markup from scanned files, so each finding stays one row of four cells', () => {
    const hostile = table(md, 'Location').at(-1)!;
    expect(hostile[3]).toContain('a\\|b<br>c<br>d');
    expect(hostile[3]).toContain('&lt;script&gt;');
    expect(hostile[3]).toContain('\\[l\\](http://e)');
    expect(hostile[3]).not.toMatch(/@admin/);
    expect(controlCharacters(md)).toEqual([]);
    const rows = table(md, 'Location');
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toHaveLength(4);
  });

  it('shows suppressed findings with their reason when asked', () => {
    const all = renderMarkdown(sampleResult(), { ...opts, showSuppressed: true });
    const rows = table(all, 'Location');
    expect(rows).toHaveLength(8);
    expect(rows.find((r) => r[0] === 'k8s/api.yaml:20')![3]).toBe(
      'container "app" runs privileged: it has root on the host _(suppressed: needs /dev/fuse)_',
    );
  });

  it('says so when there are no findings, without tables', () => {
    const none = renderMarkdown(resultOf([]), opts);
    expect(none).toBe('### hako scan\n\nNo findings in 0 scanned files (0 resources)\n');
    const onlySuppressed = renderMarkdown(
      resultOf([finding({ suppressed: { kind: 'config', reason: 'accepted risk' } })]),
      opts,
    );
    expect(onlySuppressed).toContain('No findings in 1 scanned file (1 resource) · 1 suppressed');
    expect(onlySuppressed).not.toContain('|');
  });

  it('stays under the PR comment size limit, saying how many rows it left out', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      finding({
        message: `finding number ${i} ${'x'.repeat(80)}`,
        location: {
          file: `f${String(i).padStart(4, '0')}.json`,
          startLine: 1,
          startColumn: 1,
          endLine: 1,
          endColumn: 2,
        },
      }),
    );
    const big = renderMarkdown(resultOf(many), opts);
    expect(big.length).toBeLessThanOrEqual(MAX_MARKDOWN_CHARS);
    expect(table(big, 'Location')).toHaveLength(TOP_FINDINGS);
    const shown = TOP_FINDINGS + table(big, 'Location', 1).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(2000);
    expect(big.trimEnd().endsWith(`… and ${2000 - shown} more (see the full report).`)).toBe(true);
  });

  it('shows the top findings open and collapses the rest in <details>', () => {
    const sevs = ['low', 'critical', 'medium', 'high', 'info'] as const;
    const list = Array.from({ length: 25 }, (_, i) =>
      finding({
        severity: sevs[i % sevs.length]!,
        location: {
          file: `f${String(i).padStart(2, '0')}.json`,
          startLine: 1,
          startColumn: 1,
          endLine: 1,
          endColumn: 2,
        },
      }),
    );
    const md = renderMarkdown(resultOf(list), opts);
    const top = table(md, 'Location');
    expect(top.map((r) => r[2])).toEqual([...Array(5).fill('critical'), ...Array(5).fill('high')]);
    expect(md).toContain('**Top findings**');
    expect(md).toContain('<details><summary>15 more findings</summary>\n\n| Location |');
    const rest = table(md, 'Location', 1);
    expect(rest).toHaveLength(15);
    expect(rest.map((r) => r[2])).toEqual([
      ...Array(5).fill('medium'),
      ...Array(5).fill('low'),
      ...Array(5).fill('info'),
    ]);
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
    expect(md).not.toContain('more (see the full report)');
  });

  it('lists what was not read in a collapsed section, escaped', () => {
    const r = resultOf([finding()]);
    r.summary.skipped = [
      { file: 'charts/web/templates', reason: 'Helm chart: run `helm template` | hako scan -' },
      { file: 'main.tf', line: 7, reason: 'remote module <x>' },
    ];
    const md = renderMarkdown(r, opts);
    expect(md).toContain('<details><summary>Not read: 2 inputs</summary>');
    expect(md).toContain('- charts/web/templates — Helm chart: run \\`helm template\\` \\| hako scan -');
    expect(md).toContain('- main.tf:7 — remote module &lt;x&gt;');
    // also when nothing was found: a blind spot is never a silent pass
    const none = resultOf([]);
    none.summary.skipped = r.summary.skipped;
    expect(renderMarkdown(none, opts)).toContain('<details><summary>Not read: 2 inputs</summary>');
  });

  it('speaks Japanese with --lang ja', () => {
    const ja = renderMarkdown(sampleResult(), { ...opts, lang: 'ja' });
    expect(ja).toContain('### hako スキャン');
    expect(ja).toContain('| 重大度 | 件数 |');
    expect(ja).toContain('| 場所 | ルール | 重大度 | メッセージ |');
  });
});

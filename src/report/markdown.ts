/**
 * `--format markdown`: a pull-request comment. A heading with the totals, a table of counts by
 * severity, what was not read (collapsed), then the top findings (most severe first) as a table:
 * `file:line`, rule (linked to its first reference), severity, message; the rest of the findings
 * in a collapsed `<details>`. Every value from the scanned files goes through `markdownCell`.
 * The comment stays under GitHub's 65,536-character limit: rows past it are counted, not shown.
 */
import { compareFindings, type Finding, type ScanResult } from '../result.js';
import { type Lang, SEVERITIES } from '../rules/types.js';
import { markdownCell } from './escape.js';
import type { ReportOptions } from './index.js';
import { LABELS } from './labels.js';

/** GitHub rejects comments over 65,536 characters; leave room for a bot's own framing. */
export const MAX_MARKDOWN_CHARS = 60_000;
/** Findings shown open, above the collapsed rest. */
export const TOP_FINDINGS = 10;

/** `1 file`, `2 files`. */
const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const scanned = (files: number, resources: number) =>
  `${count(files, 'scanned file')} (${count(resources, 'resource')})`;

/** The Markdown report's own words (test/meta/messages-i18n.test.ts checks the Japanese ones). */
export const MARKDOWN_LABELS: Record<
  Lang,
  {
    heading: string;
    none: (files: number, resources: number) => string;
    findings: (n: number, files: number, resources: number) => string;
    suppressed: (n: number) => string;
    errors: (n: number) => string;
    severity: string;
    count: string;
    location: string;
    rule: string;
    message: string;
    more: (n: number) => string;
    top: string;
    rest: (n: number) => string;
    notRead: (n: number) => string;
  }
> = {
  en: {
    heading: 'hako scan',
    none: (files, resources) => `No findings in ${scanned(files, resources)}`,
    findings: (n, files, resources) => `${count(n, 'finding')} in ${scanned(files, resources)}`,
    suppressed: (n) => `${n} suppressed`,
    errors: (n) => `${count(n, 'input')} could not be read`,
    severity: 'Severity',
    count: 'Count',
    location: 'Location',
    rule: 'Rule',
    message: 'Message',
    more: (n) => `… and ${n} more (see the full report).`,
    top: 'Top findings',
    rest: (n) => `${count(n, 'more finding')}`,
    notRead: (n) => `Not read: ${count(n, 'input')}`,
  },
  ja: {
    heading: 'hako スキャン',
    none: (files, resources) => `検出なし（スキャンした ${files} ファイル、${resources} リソース）`,
    findings: (n, files, resources) =>
      `スキャンした ${files} ファイル（${resources} リソース）で ${n} 件の検出`,
    suppressed: (n) => `${n} 件を抑制`,
    errors: (n) => `${n} 件の入力を読み取れませんでした`,
    severity: '重大度',
    count: '件数',
    location: '場所',
    rule: 'ルール',
    message: 'メッセージ',
    more: (n) => `… ほか ${n} 件（完全なレポートを参照）。`,
    top: '主な検出',
    rest: (n) => `残りの検出 ${n} 件`,
    notRead: (n) => `読み取っていない入力 ${n} 件`,
  },
};

export function renderMarkdown(result: ScanResult, opts: ReportOptions): string {
  const l = MARKDOWN_LABELS[opts.lang];
  const counts = result.summary.findings;
  const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
  const { files, resources, suppressed } = result.summary;
  const notes = [
    total === 0 ? l.none(files, resources) : l.findings(total, files, resources),
    ...(suppressed > 0 ? [l.suppressed(suppressed)] : []),
    ...(result.errors.length > 0 ? [l.errors(result.errors.length)] : []),
  ];
  const out = [`### ${l.heading}`, '', notes.join(' · '), ''];
  const skipped = result.summary.skipped;
  if (skipped.length > 0) {
    // what hako did not read is said, never dropped: a bounded list, the rest counted
    out.push(`<details><summary>${l.notRead(skipped.length)}</summary>`, '');
    const listed = skipped.slice(0, 50);
    for (const k of listed)
      out.push(
        `- ${markdownCell(`${k.file}${k.line !== undefined ? `:${k.line}` : ''}`)} — ${markdownCell(k.reason.slice(0, 500))}`,
      );
    if (listed.length < skipped.length) out.push('', l.more(skipped.length - listed.length));
    out.push('', '</details>', '');
  }

  if (total === 0 && !(opts.showSuppressed && suppressed > 0)) return out.join('\n');

  out.push(`| ${l.severity} | ${l.count} |`, '| --- | ---: |');
  for (const s of SEVERITIES) out.push(`| ${s} | ${counts[s]} |`);
  out.push('');

  const header = [
    `| ${l.location} | ${l.rule} | ${l.severity} | ${l.message} |`,
    '| --- | --- | --- | --- |',
  ];
  const rows = result.findings
    .filter((f) => opts.showSuppressed || !f.suppressed)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || compareFindings(a, b));
  const top = rows.slice(0, TOP_FINDINGS);
  const rest = rows.slice(TOP_FINDINGS);
  out.push(`**${l.top}**`, '', ...header);
  let size = out.reduce((n, line) => n + line.length + 1, 0);
  const room = MAX_MARKDOWN_CHARS - 400; // the closing lines
  let shown = 0;
  const add = (f: Finding): boolean => {
    const row = findingRow(f, LABELS[opts.lang].suppressed);
    if (size + row.length + 1 > room) return false;
    out.push(row);
    size += row.length + 1;
    shown++;
    return true;
  };
  for (const f of top) if (!add(f)) break;
  if (shown === top.length && rest.length > 0) {
    const open = ['', `<details><summary>${l.rest(rest.length)}</summary>`, '', ...header];
    out.push(...open);
    size += open.reduce((n, line) => n + line.length + 1, 0);
    for (const f of rest) if (!add(f)) break;
    out.push('', '</details>');
  }
  if (shown < rows.length) out.push('', l.more(rows.length - shown));
  return `${out.join('\n')}\n`;
}

function findingRow(f: Finding, suppressedMark: string): string {
  const where = markdownCell(`${f.location.file}:${f.location.startLine}`);
  const ref = f.references[0];
  const rule = ref && /^https:\/\/[^\s()<>]+$/.test(ref) ? `[${f.ruleId}](${ref})` : markdownCell(f.ruleId);
  const message = f.suppressed
    ? `${markdownCell(f.message)} _(${suppressedMark}: ${markdownCell(f.suppressed.reason)})_`
    : markdownCell(f.message);
  return `| ${where} | ${rule} | ${f.severity} | ${message} |`;
}

/**
 * `--format text`: findings grouped by file, coloured on a TTY, plain otherwise. Every value that
 * comes from a scanned file (file names, resource names, messages) is terminal-safe: controls and
 * bidi overrides are shown as escapes, never acted on.
 */
import type { Finding, ScanResult } from '../result.js';
import { format, type Severity } from '../rules/types.js';
import { termSafe } from './escape.js';
import type { ReportOptions } from './index.js';
import { LABELS } from './labels.js';
import { collect, type Sink } from './stream.js';

const COLOUR: Record<Severity, string> = {
  critical: '\x1b[1;35m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};

export function renderText(result: ScanResult, opts: ReportOptions): string {
  return collect((out) => streamText(result, opts, out));
}

export function streamText(result: ScanResult, opts: ReportOptions, out: Sink): void {
  const paint = (code: string, s: string) => (opts.colour ? `${code}${s}\x1b[0m` : s);
  const line = (s: string) => out(`${s}\n`);
  const t = termSafe;
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.suppressed && !opts.showSuppressed) continue;
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  // the same for every finding: painted once
  const sevLabel = Object.fromEntries(
    (Object.keys(COLOUR) as Severity[]).map((s) => [s, paint(COLOUR[s], s.toUpperCase().padEnd(8))]),
  ) as Record<Severity, string>;
  const suppressedLabel = LABELS[opts.lang].suppressed;
  for (const [file, findings] of byFile) {
    line(paint('\x1b[1m', t(file)));
    for (const f of findings) {
      const where = `${f.location.startLine}:${f.location.startColumn}`.padEnd(8);
      const sev = sevLabel[f.severity] ?? paint(COLOUR[f.severity], f.severity.toUpperCase().padEnd(8));
      const sup = f.suppressed ? paint('\x1b[2m', ` [${suppressedLabel}: ${t(f.suppressed.reason)}]`) : '';
      // one chunk per finding: its line, its resource and title, its related locations
      let s = `  ${where} ${sev} ${t(f.ruleId)}  ${t(f.message)}${sup}\n${paint('\x1b[2m', `           ${t(f.resource.address || f.resource.name)} — ${t(f.title)}`)}\n`;
      for (const r of f.related)
        s += `${paint('\x1b[2m', `           ↳ ${t(r.file)}:${r.startLine} ${t(r.message)}`)}\n`;
      out(s);
    }
    line('');
  }
  const c = result.summary.findings;
  const l = LABELS[opts.lang];
  const total = c.critical + c.high + c.medium + c.low + c.info;
  const counts = (Object.keys(c) as Severity[])
    .filter((s) => c[s] > 0)
    .map((s) => format(l.severityCount, { count: c[s], severity: s }));
  line(
    format(l.filesResources, { files: result.summary.files, resources: result.summary.resources }) +
      (total === 0
        ? paint('\x1b[32m', l.noFindings)
        : format(l.findings, { total, counts: counts.join(opts.lang === 'ja' ? '、' : ', ') })) +
      (result.summary.suppressed > 0 ? format(l.suppressedCount, { count: result.summary.suppressed }) : '') +
      (result.errors.length > 0 ? format(l.inputErrors, { count: result.errors.length }) : ''),
  );
  for (const k of result.summary.capped ?? []) {
    line(
      format(l.capped, {
        more: k.more,
        rule: t(k.ruleId),
        resource: t(k.resource),
        file: t(k.file),
        shown: k.shown,
      }),
    );
  }
  for (const s of result.summary.skipped) {
    const file = `${t(s.file)}${s.line !== undefined ? `:${s.line}` : ''}`;
    line(paint('\x1b[2m', format(l.notRead, { file, reason: t(s.reason) })));
  }
}

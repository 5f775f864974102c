/**
 * `--format text`: findings grouped by file, coloured on a TTY, plain otherwise. Every value that
 * comes from a scanned file (file names, resource names, messages) is terminal-safe: controls and
 * bidi overrides are shown as escapes, never acted on.
 */
import type { Finding, ScanResult } from '../result.js';
import type { Severity } from '../rules/types.js';
import { termSafe } from './escape.js';
import type { ReportOptions } from './index.js';
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
  for (const [file, findings] of byFile) {
    line(paint('\x1b[1m', t(file)));
    for (const f of findings) {
      const where = `${f.location.startLine}:${f.location.startColumn}`.padEnd(8);
      const sev = paint(COLOUR[f.severity], f.severity.toUpperCase().padEnd(8));
      const sup = f.suppressed ? paint('\x1b[2m', ` [suppressed: ${t(f.suppressed.reason)}]`) : '';
      line(`  ${where} ${sev} ${t(f.ruleId)}  ${t(f.message)}${sup}`);
      line(paint('\x1b[2m', `           ${t(f.resource.address || f.resource.name)} — ${t(f.title)}`));
      for (const r of f.related)
        line(paint('\x1b[2m', `           ↳ ${t(r.file)}:${r.startLine} ${t(r.message)}`));
    }
    line('');
  }
  const c = result.summary.findings;
  const total = c.critical + c.high + c.medium + c.low + c.info;
  const parts = (Object.keys(c) as Severity[]).filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  line(
    `${result.summary.files} files, ${result.summary.resources} resources: ` +
      (total === 0 ? paint('\x1b[32m', 'no findings') : `${total} findings (${parts.join(', ')})`) +
      (result.summary.suppressed > 0 ? `, ${result.summary.suppressed} suppressed` : '') +
      (result.errors.length > 0 ? `, ${result.errors.length} input errors` : ''),
  );
  for (const k of result.summary.capped ?? []) {
    line(
      `not shown: ${k.more} more ${t(k.ruleId)} findings on ${t(k.resource)} (${t(k.file)}); the first ${k.shown} are listed`,
    );
  }
  for (const s of result.summary.skipped) {
    line(
      paint('\x1b[2m', `not read: ${t(s.file)}${s.line !== undefined ? `:${s.line}` : ''} — ${t(s.reason)}`),
    );
  }
}

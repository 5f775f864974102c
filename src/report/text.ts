/** `--format text`: findings grouped by file, coloured on a TTY, plain otherwise. */
import type { Finding, ScanResult } from '../result.js';
import type { Severity } from '../rules/types.js';
import type { ReportOptions } from './index.js';

const COLOUR: Record<Severity, string> = {
  critical: '\x1b[1;35m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  info: '\x1b[2m',
};

export function renderText(result: ScanResult, opts: ReportOptions): string {
  const paint = (code: string, s: string) => (opts.colour ? `${code}${s}\x1b[0m` : s);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    if (f.suppressed && !opts.showSuppressed) continue;
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  for (const [file, findings] of byFile) {
    lines.push(paint('\x1b[1m', file));
    for (const f of findings) {
      const where = `${f.location.startLine}:${f.location.startColumn}`.padEnd(8);
      const sev = paint(COLOUR[f.severity], f.severity.toUpperCase().padEnd(8));
      const sup = f.suppressed ? paint('\x1b[2m', ` [suppressed: ${f.suppressed.reason}]`) : '';
      lines.push(`  ${where} ${sev} ${f.ruleId}  ${f.message}${sup}`);
      lines.push(paint('\x1b[2m', `           ${f.resource.address || f.resource.name} — ${f.title}`));
      for (const r of f.related)
        lines.push(paint('\x1b[2m', `           ↳ ${r.file}:${r.startLine} ${r.message}`));
    }
    lines.push('');
  }
  const c = result.summary.findings;
  const total = c.critical + c.high + c.medium + c.low + c.info;
  const parts = (Object.keys(c) as Severity[]).filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  lines.push(
    `${result.summary.files} files, ${result.summary.resources} resources: ` +
      (total === 0 ? paint('\x1b[32m', 'no findings') : `${total} findings (${parts.join(', ')})`) +
      (result.summary.suppressed > 0 ? `, ${result.summary.suppressed} suppressed` : '') +
      (result.errors.length > 0 ? `, ${result.errors.length} input errors` : ''),
  );
  for (const s of result.summary.skipped) {
    lines.push(
      paint('\x1b[2m', `not read: ${s.file}${s.line !== undefined ? `:${s.line}` : ''} — ${s.reason}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

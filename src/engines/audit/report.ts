/** `hako audit` output: text, JSON (product.md), SARIF 2.1.0 for SIEM ingestion, NDJSON lines. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { termSafe } from '../../report/escape.js';
import type { Lang, Severity } from '../../rules/types.js';
import { VERSION } from '../../version.js';
import type { AuditFinding } from './detect.js';
import type { AuditResult } from './index.js';
import { AUDIT_META } from './meta.js';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function renderAuditJson(r: AuditResult): string {
  return `${JSON.stringify(
    { findings: r.findings, events: r.events, malformed: r.malformed, errors: r.errors, skipped: r.skipped },
    null,
    2,
  )}\n`;
}

/** One finding per line, for SIEM pipelines; errors and skip notes go to standard error. */
export function renderAuditNdjson(r: AuditResult): string {
  return r.findings.map((f) => `${JSON.stringify(f)}\n`).join('');
}

export function renderAuditText(r: AuditResult): string {
  const t = termSafe;
  const lines: string[] = [];
  for (const f of r.findings) {
    const a = f.audit;
    lines.push(
      `${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${t(f.location.file)}:${f.location.startLine}  ${t(f.message)}`,
    );
    const when =
      a.firstSeen === a.lastSeen ? (a.firstSeen ?? '-') : `${a.firstSeen ?? '-'} .. ${a.lastSeen ?? '-'}`;
    lines.push(`         ${t(when)}${a.guardDuty ? `  GuardDuty ${t(a.guardDuty)}` : ''}`);
  }
  for (const e of r.errors) lines.push(`error    ${t(e.file)}:${e.line}  ${t(e.message)}`);
  for (const s of r.skipped) lines.push(`skipped  ${t(s.reason)}`);
  const counts = SEVERITIES.map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${s} ${n}`);
  lines.push(
    `${r.events} events, ${r.findings.length} findings${counts.length ? ` (${counts.join(', ')})` : ''}, ${r.malformed} malformed lines`,
  );
  return `${lines.join('\n')}\n`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

function uri(file: string): string {
  if (file === '-') return 'stdin';
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith('..') || path.isAbsolute(rel)
    ? pathToFileURL(path.resolve(file)).href
    : rel.split(path.sep).join('/');
}

export function renderAuditSarif(r: AuditResult, lang: Lang): string {
  const rules = AUDIT_META.map((m) => ({
    id: m.id,
    name: m.slug,
    shortDescription: { text: m.title[lang] },
    fullDescription: { text: m.rationale[lang] },
    help: { text: m.remediation[lang] },
    helpUri: m.references[0],
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[m.severity],
      tags: ['security', 'kubernetes-audit'],
    },
  }));
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const result = (f: AuditFinding) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity as Severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: uri(f.location.file),
            ...(f.location.file === '-' ? {} : { uriBaseId: '%SRCROOT%' }),
          },
          region: { startLine: Math.max(1, f.location.startLine) },
        },
      },
    ],
    partialFingerprints: { 'hako-audit/v1': `${f.ruleId}:${JSON.stringify(f.audit.key)}` },
    properties: { ...f.audit },
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'hako', version: VERSION, informationUri: 'https://hako.dev', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href}/` } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.errors.map((e) => ({
              level: 'warning',
              message: { text: e.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: uri(e.file) },
                    region: { startLine: Math.max(1, e.line) },
                  },
                },
              ],
            })),
          },
        ],
        results: r.findings.map(result),
        properties: { events: r.events, malformed: r.malformed, skipped: r.skipped },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * `--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps).
 *
 * - One `<testsuite>` per rule with findings, named `ID: title`.
 * - One `<testcase>` per (rule, resource, file): a name that does not change when lines move, so
 *   CI history and "new failures" views track it. `classname` is `hako.<RULE-ID>` (Jenkins splits
 *   classnames at the last dot: package `hako`, class the rule); `file` is for GitLab.
 * - Exactly one `<failure>` per failing testcase (GitLab and Jenkins show only one), typed with
 *   the highest severity; its message is the finding's message, and its body lists every finding
 *   of that rule on that resource with file:line:column, then resource, remediation, references.
 * - A testcase whose findings are all suppressed is `<skipped>` with the suppression's reason.
 * - A scan without findings is one passing testcase, so "no test results" never fails a job.
 * - `tests`, `failures`, `skipped` count testcases; `errors` is always 0 (unreadable inputs are
 *   HAKO-001 failures).
 */
import { atLeast, type Finding, type ScanResult } from '../result.js';
import type { Lang } from '../rules/types.js';
import { xmlAttr, xmlText } from './escape.js';
import type { ReportOptions } from './index.js';
import { LABELS } from './labels.js';
import { collect, type Sink } from './stream.js';

interface Case {
  ruleId: string;
  title: string;
  file: string;
  resource: Finding['resource'];
  findings: Finding[];
}

export function renderJunit(result: ScanResult, opts: ReportOptions): string {
  return collect((out) => streamJunit(result, opts, out));
}

/** The JUnit XML written testsuite by testsuite. */
export function streamJunit(result: ScanResult, opts: ReportOptions, out: Sink): void {
  const suites = new Map<string, Case[]>();
  const cases = new Map<string, Case>();
  for (const f of result.findings) {
    const key = JSON.stringify([
      f.ruleId,
      f.location.file,
      f.resource.kind,
      f.resource.address,
      f.resource.name,
    ]);
    let c = cases.get(key);
    if (!c) {
      c = { ruleId: f.ruleId, title: f.title, file: f.location.file, resource: f.resource, findings: [] };
      cases.set(key, c);
      const list = suites.get(f.ruleId) ?? [];
      list.push(c);
      suites.set(f.ruleId, list);
    }
    c.findings.push(f);
  }

  const ids = [...suites.keys()].sort();
  const failing = (c: Case) => c.findings.some((f) => !f.suppressed);
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const list of suites.values()) {
    const failures = list.filter(failing).length;
    totals.tests += list.length;
    totals.failures += failures;
    totals.skipped += list.length - failures;
  }
  const empty = totals.tests === 0;
  if (empty) totals.tests = 1;
  out('<?xml version="1.0" encoding="UTF-8"?>\n');
  out(`<testsuites ${attrs({ name: 'hako', ...totals, errors: 0, time: 0 })}>\n`);
  for (const id of ids) {
    const list = suites.get(id)!;
    const failures = list.filter(failing).length;
    const skipped = list.length - failures;
    out(
      `  <testsuite ${attrs({ name: `${id}: ${list[0]!.title}`, tests: list.length, failures, errors: 0, skipped, time: 0 })}>\n`,
    );
    for (const c of list) out(`${testcase(c, opts.lang)}\n`);
    out('  </testsuite>\n');
  }
  if (empty) {
    out(`  <testsuite ${attrs({ name: 'hako', tests: 1, failures: 0, errors: 0, skipped: 0, time: 0 })}>\n`);
    out(`    <testcase ${attrs({ classname: 'hako', name: 'no findings', time: 0 })}/>\n`);
    out('  </testsuite>\n');
  }
  out('</testsuites>\n');
}

function testcase(c: Case, lang: Lang): string {
  const label = caseLabel(c);
  const open = `    <testcase ${attrs({ classname: `hako.${c.ruleId}`, name: label, file: c.file, time: 0 })}`;
  const active = c.findings.filter((f) => !f.suppressed);
  const first = active[0];
  if (!first) {
    const s = c.findings[0]!.suppressed!;
    return `${open}>\n      <skipped ${attrs({ message: `${LABELS[lang].suppressed} (${s.kind}): ${s.reason}` })}/>\n    </testcase>`;
  }
  const severity = active.reduce((top, f) => (atLeast(f.severity, top) ? f.severity : top), first.severity);
  const message = active.length === 1 ? first.message : `${first.message} (+${active.length - 1})`;
  return [
    `${open}>`,
    `      <failure ${attrs({ type: severity, message })}>${xmlText(failureBody(c, lang))}</failure>`,
    '    </testcase>',
  ].join('\n');
}

function failureBody(c: Case, lang: Lang): string {
  const l = LABELS[lang];
  const f0 = c.findings[0]!;
  const lines = [`${c.ruleId} ${f0.slug}: ${c.title}`];
  for (const f of c.findings) {
    const at = `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
    const sup = f.suppressed ? ` (${l.suppressed}, ${f.suppressed.kind}: ${f.suppressed.reason})` : '';
    lines.push(`[${f.severity}] ${at} ${f.message}${sup}`);
    for (const r of f.related) lines.push(`    ${r.file}:${r.startLine} ${r.message}`);
  }
  lines.push(
    `${l.resource}: ${resourceLabel(c.resource)}`,
    `${l.remediation}: ${f0.remediation}`,
    `${l.references}: ${f0.references.join(' ')}`,
  );
  return `\n${lines.join('\n')}\n      `;
}

/** `Kind address (file)`, or just the file when the resource is the file (HAKO-001). */
function caseLabel(c: Case): string {
  const { address, name } = c.resource;
  return (address || name) === c.file ? c.file : `${resourceLabel(c.resource)} (${c.file})`;
}

/** The address, prefixed with the kind unless it already names it (`Deployment/prod/web`). */
function resourceLabel({ kind, address, name }: Finding['resource']): string {
  const id = address || name;
  return id.includes(kind) ? id : `${kind} ${id}`;
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => `${k}="${xmlAttr(String(v))}"`)
    .join(' ');
}

/**
 * Rule examples: `src/rules/<service>/<slug>.examples.yaml`, each `bad` and `good` case a set of
 * files, plus optional per-format companions `<slug>.<format>.examples.yaml` (e.g.
 * `.plan.examples.yaml` for Terraform plan JSON) whose cases follow the main file's. They are
 * executed by test/rules/examples.test.ts and printed by `hako explain`.
 *
 * A case states exactly what it expects, as typescript-eslint's RuleTester does:
 *
 * ```yaml
 * bad:
 *   - name: host network mode          # what the case shows
 *     files:                           # path → content, read by the real parsers
 *       task.json: |
 *         { "family": "agent", "networkMode": "host", ... }
 *     pss: { level: baseline }         # optional: the Pod Security target of the scan
 *     findings:                        # every finding of the rule, in report order
 *       - { line: 4, column: 3, endLine: 4, endColumn: 24, messageId: hostMode }
 * good:
 *   - name: awsvpc
 *     files: { ... }                   # no finding of the rule at all
 * ```
 *
 * `line`/`column`/`endLine`/`endColumn` are the finding's 1-based location, `messageId` the key of
 * its message in the rule's `meta.messages`; a case with more than one file also names each
 * finding's `file`. The test fails on any difference: count, order or any field. Write a new case
 * with `lines: [4]` (the start lines you expect) and run `npm run pin-examples`: when the rule's
 * findings start exactly on those lines it replaces `lines:` with the full `findings:` list
 * (review the diff); a case with neither is pinned only with `--accept-new`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Finding } from '../result.js';
import type { Rule } from '../rules/types.js';
import { scan } from '../scan.js';

/** One expected finding of a bad case. */
export interface ExpectedFinding {
  /** Only in cases with more than one file. */
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
}

export interface ExampleCase {
  name: string;
  files: Record<string, string>;
  /** Every finding of the rule, in report order (bad cases). */
  findings?: ExpectedFinding[];
  /** Obsolete: start lines only. `npm run pin-examples` turns them into `findings`. */
  lines?: number[];
  /**
   * The Pod Security target the case is scanned at (`--pss-level`, `--k8s-version`), when not the
   * default restricted/latest: a baseline check replaced at restricted only runs at baseline.
   */
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
}

/** The scan date examples are judged at (EKS version support, expiries). */
export const EXAMPLES_NOW = new Date('2026-11-28T00:00:00Z');

/** Runs one case through the real scanner, with only `rule` selected (HAKO-001 always runs). */
export async function runExample(
  rule: Rule,
  c: Pick<ExampleCase, 'files' | 'pss'>,
): Promise<{ mine: Finding[]; unreadable: Finding[] }> {
  const id = rule.meta.id;
  const result = await scan({
    inputs: Object.entries(c.files).map(([path, content]) => ({ path, content })),
    rules: [id],
    now: EXAMPLES_NOW,
    pss: c.pss,
  });
  return {
    mine: result.findings.filter((f) => f.ruleId === id),
    unreadable: result.findings.filter((f) => f.ruleId === 'HAKO-001' && id !== 'HAKO-001'),
  };
}

/** What a case's `findings:` says about these findings (`file` only when the case has several files). */
export function expectedOf(findings: Finding[], multiFile: boolean): ExpectedFinding[] {
  return findings.map((f) => ({
    ...(multiFile ? { file: f.location.file } : {}),
    line: f.location.startLine,
    column: f.location.startColumn,
    endLine: f.location.endLine,
    endColumn: f.location.endColumn,
    messageId: f.messageId,
  }));
}

const FIELDS = ['file', 'line', 'column', 'endLine', 'endColumn', 'messageId'] as const;

/** Every difference between expected and actual findings (count, order, any field); empty when equal. */
export function findingsDiff(expected: ExpectedFinding[], actual: ExpectedFinding[]): string[] {
  const out: string[] = [];
  if (expected.length !== actual.length)
    out.push(`expected ${expected.length} finding(s), got ${actual.length}`);
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    if (!e || !a) {
      out.push(`#${i + 1}: ${e ? `missing ${show(e)}` : `unexpected ${show(a!)}`}`);
      continue;
    }
    const extra = Object.keys(e).filter((k) => !(FIELDS as readonly string[]).includes(k));
    if (extra.length > 0) out.push(`#${i + 1}: unknown field(s) ${extra.join(', ')}`);
    for (const k of FIELDS)
      if (e[k] !== a[k]) out.push(`#${i + 1} ${k}: expected ${String(e[k])}, got ${String(a[k])}`);
  }
  return out;
}

/** Why a bad case does not state its findings the required way, if it does not. */
export function caseFormatProblem(c: ExampleCase): string | undefined {
  if (c.lines !== undefined) return `"${c.name}" still uses lines: run npm run pin-examples`;
  if (!Array.isArray(c.findings) || c.findings.length === 0)
    return `"${c.name}" states no findings: write lines: [...] and run npm run pin-examples`;
  return undefined;
}

function show(f: ExpectedFinding): string {
  return `${f.file ? `${f.file}:` : ''}${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.messageId}`;
}

export interface RuleExamples {
  bad: ExampleCase[];
  good: ExampleCase[];
}

export function examplesUrl(rule: Rule): URL {
  return new URL(`../rules/${rule.meta.service}/${rule.meta.slug}.examples.yaml`, import.meta.url);
}

/** The companion files `<slug>.<format>.examples.yaml` beside the main one, in name order. */
function companionUrls(rule: Rule): URL[] {
  const dir = new URL(`../rules/${rule.meta.service}/`, import.meta.url);
  let names: string[];
  try {
    names = readdirSync(fileURLToPath(dir));
  } catch {
    return [];
  }
  const prefix = `${rule.meta.slug}.`;
  return names
    .filter(
      (n) => n.startsWith(prefix) && n.endsWith('.examples.yaml') && n !== `${rule.meta.slug}.examples.yaml`,
    )
    .sort()
    .map((n) => new URL(n, dir));
}

/** The rule's example files: the main one (when it exists) then its companions. */
export function exampleUrls(rule: Rule): URL[] {
  const main = examplesUrl(rule);
  let exists = true;
  try {
    readFileSync(main);
  } catch {
    exists = false;
  }
  return [...(exists ? [main] : []), ...companionUrls(rule)];
}

export function loadExamples(rule: Rule): RuleExamples | undefined {
  let text: string;
  try {
    text = readFileSync(examplesUrl(rule), 'utf8');
  } catch {
    return undefined;
  }
  const data = parse(text) as Partial<RuleExamples> | null;
  const out: RuleExamples = { bad: data?.bad ?? [], good: data?.good ?? [] };
  for (const url of companionUrls(rule)) {
    const more = parse(readFileSync(url, 'utf8')) as Partial<RuleExamples> | null;
    out.bad.push(...(more?.bad ?? []));
    out.good.push(...(more?.good ?? []));
  }
  return out;
}

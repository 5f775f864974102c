/**
 * The pipeline: discover → read → parse → adapt → rules → suppressions → baseline → result.
 * The CLI, the webhook and the tests all call `scan()`.
 */
import * as crypto from 'node:crypto';
import picomatch from 'picomatch';
import { type HakoConfig, ruleSetting } from './config.js';
import { DEFAULT_MAX_FILE_BYTES, readInput } from './io/read.js';
import { type LoadOptions, loadInputsAsync, prepareLoad } from './load.js';
import type { InlineSuppression, ResourceRef } from './model/resource.js';
import type { Src } from './model/source.js';
import { allResources, emptyState, type State } from './model/state.js';
import { noteText } from './notes.js';
import { detach } from './parse/common.js';
import {
  type CappedFindings,
  compareFindings,
  emptyCounts,
  FINDINGS_PER_RESOURCE,
  type Finding,
  type ScanResult,
  type Suppression,
} from './result.js';
import { mayReport } from './rules/lazy.js';
import { type RuleEntry, ruleEntries } from './rules/registry.js';
import {
  format,
  type Lang,
  type PssTarget,
  type Related,
  type Report,
  type Severity,
} from './rules/types.js';

export type { InputText, ScanProgress } from './load.js';

export interface ScanOptions extends LoadOptions {
  /** Only these rule IDs (HAKO-001 always runs: a blind spot is never silent). */
  rules?: string[];
  skipRules?: string[];
  config?: HakoConfig;
  /** Where each config `ignore` entry is written, for HAKO-002. */
  configSuppressionSrcs?: Src[];
  lang?: Lang;
  now?: Date;
  /** Fingerprints of known findings: matching findings are marked suppressed (kind `baseline`). */
  baseline?: Set<string>;
  /** Pod Security target for the K8S rules: level (default restricted) and version (default latest). */
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
  /**
   * Called once with the adapted model, after the inputs are read and before the rules run. For a
   * caller that judges the same inputs with an engine as well (the webhook's Pod Security verdict),
   * so the inputs are parsed once. The model is shared with the rules: read it, never change it.
   */
  onState?: (state: State) => void;
  /**
   * The inputs already adapted into a model (the webhook builds it from the request it parsed):
   * nothing is read or parsed, `paths` and `inputs` are not used. One file counted.
   */
  state?: State;
}

export interface ScanOutput extends ScanResult {
  /** Paths named on the command line that do not exist (exit code 2). */
  fatal: string[];
  /** Every finding, also those {@link capFindings} left out of `findings` (for baselines). */
  all: Finding[];
}

export async function scan(opts: ScanOptions): Promise<ScanOutput> {
  const config = opts.config ?? {};
  const lang = opts.lang ?? config.lang ?? 'en';
  const now = opts.now ?? new Date();
  const selected = selectRules(opts, config);
  // objects' schema fields are checked only for HAKO-003, when it runs
  const k8sFields = selected.some((e) => e.rule.id === 'HAKO-003');
  const { state, files, skipped, fatal } = opts.state
    ? { state: opts.state, files: 1, skipped: opts.state.inputs.skipped, fatal: [] }
    : await loadInputsAsync(
        await prepareLoad({
          ...opts,
          k8sVersion: opts.pss?.version ?? config.pss?.version,
          k8sFields,
          exclude: [...(opts.exclude ?? []), ...(config.exclude ?? [])],
        }),
      );
  opts.onState?.(state);
  state.inputs.configSuppressions = (config.ignore ?? []).map((e, i) => ({
    rule: e.rule,
    resource: e.resource,
    path: e.path,
    reason: e.reason ?? '',
    expires: e.expires,
    src: opts.configSuppressionSrcs?.[i] ?? {
      file: '.hako.yaml',
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 1,
    },
  }));

  const findings = await runRules(state, selected, {
    onProgress: opts.onProgress,
    lang,
    now,
    config,
    pss: {
      level: opts.pss?.level ?? config.pss?.level ?? 'restricted',
      version: normaliseVersion(opts.pss?.version ?? config.pss?.version ?? 'latest'),
    },
  });
  applySuppressions(findings, state, now, lang, opts.baseline);
  findings.sort(compareFindings);

  const counts = emptyCounts();
  for (const f of findings) if (!f.suppressed) counts[f.severity]++;
  const suppressed = findings.filter((f) => f.suppressed).length;
  const { kept, capped } = capFindings(findings);
  return {
    version: 1,
    findings: kept,
    errors: state.inputs.errors.map((e) => ({
      file: e.file,
      line: e.line,
      message: e.note ? noteText(lang, { note: e.note, data: e.data }) : e.message,
    })),
    summary: {
      files,
      resources: allResources(state).length,
      findings: counts,
      suppressed,
      skipped: skipped.map(({ note, data, ...s }) =>
        note ? { ...s, reason: noteText(lang, { note, data }) } : s,
      ),
      ...(capped.length > 0 ? { capped } : {}),
    },
    fatal,
    all: findings,
  };
}

/**
 * Keeps the first {@link FINDINGS_PER_RESOURCE} findings of each rule on each resource (per
 * severity and suppression state, so the exit code and counts never depend on which were kept)
 * and says how many more there were. A generated manifest with thousands of identical containers
 * stays a readable report.
 */
export function capFindings(
  findings: Finding[],
  limit = FINDINGS_PER_RESOURCE,
): { kept: Finding[]; capped: CappedFindings[] } {
  const seen = new Map<string, CappedFindings>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const resource = f.resource.address || f.resource.name;
    const file = f.location.file;
    const kind = f.resource.kind;
    // NUL-separated (the fields without a NUL, the usual case) or JSON: one key per distinct tuple
    const key =
      file.includes('\0') || kind.includes('\0') || resource.includes('\0')
        ? JSON.stringify([f.ruleId, file, kind, resource, f.severity, f.suppressed?.kind ?? ''])
        : `${f.ruleId}\0${file}\0${kind}\0${resource}\0${f.severity}\0${f.suppressed?.kind ?? ''}`;
    let c = seen.get(key);
    if (!c) {
      c = { ruleId: f.ruleId, resource, file: f.location.file, severity: f.severity, shown: 0, more: 0 };
      seen.set(key, c);
    }
    if (c.shown < limit) {
      c.shown++;
      kept.push(f);
    } else c.more++;
  }
  return { kept, capped: [...seen.values()].filter((c) => c.more > 0) };
}

function selectRules(opts: ScanOptions, config: HakoConfig): { rule: RuleEntry; severity: Severity }[] {
  const only = opts.rules ? new Set(opts.rules.map((r) => r.toUpperCase())) : undefined;
  const skip = new Set(opts.skipRules?.map((r) => r.toUpperCase()));
  const out: { rule: RuleEntry; severity: Severity }[] = [];
  for (const rule of ruleEntries) {
    const id = rule.id;
    const ids = [id, ...rule.aliases];
    const setting = ruleSetting(config, id, rule.severity);
    const always = id === 'HAKO-001';
    if (!always && (!setting.enabled || ids.some((i) => skip.has(i)))) continue;
    if (!always && only && !ids.some((i) => only.has(i))) continue;
    out.push({ rule, severity: setting.severity });
  }
  return out;
}

async function runRules(
  state: State,
  entries: { rule: RuleEntry; severity: Severity }[],
  env: {
    lang: Lang;
    now: Date;
    config: HakoConfig;
    pss: PssTarget;
    onProgress: ScanOptions['onProgress'];
  },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  let done = 0;
  const selected = new Set(entries.map((r) => r.rule.id));
  const runs = (id: string) => selected.has(id);
  // Only the rules that can report on this model are loaded; the others count as run.
  const empty = emptyState();
  const rules = await Promise.all(
    entries.map(async ({ rule, severity }) => ({
      id: rule.id,
      rule: mayReport(rule, state, empty) ? await rule.load() : undefined,
      severity,
    })),
  );
  for (const { id, rule, severity } of rules) {
    if (!rule) {
      env.onProgress?.({ phase: 'rules', done: ++done, total: rules.length, rule: id });
      continue;
    }
    const { meta } = rule;
    const overridden = env.config.rules?.[meta.id] !== undefined && severity !== meta.severity;
    const templates = meta.messages[env.lang];
    const text = (id: string, data?: Record<string, string | number>) =>
      format(templates[id] ?? meta.messages.en[id] ?? id, data);
    /** The message data with its `localized` words in the scan's language. */
    const shown = (r: { data?: Record<string, string | number>; localized?: Report<string>['localized'] }) =>
      r.localized
        ? { ...r.data, ...Object.fromEntries(Object.entries(r.localized).map(([k, v]) => [k, v[env.lang]])) }
        : r.data;
    const related = (r: Report<string>): Finding['related'] => {
      const own = r.related;
      const notes = r.resource.notes;
      if (!own?.length && !notes?.length) return [];
      const out: Finding['related'] = [];
      for (const list of [own, notes]) {
        for (const x of (list ?? []) as Related<string>[]) {
          const file = x.src?.file ?? r.at.file;
          const startLine = x.src?.startLine ?? r.at.startLine;
          out.push(
            'messageId' in x
              ? { file, startLine, message: text(x.messageId, shown(x)), messageId: x.messageId }
              : { file, startLine, message: noteText(env.lang, x), noteId: x.note },
          );
        }
      }
      return out;
    };
    // the same for every finding of this rule in this scan (and the resource for a run of findings
    // on one resource): shared, not copied per finding
    const { id: ruleId, slug, equivalents } = meta;
    const title = meta.title[env.lang];
    const remediation = meta.remediation[env.lang];
    const references = [...meta.references];
    let lastRef: ResourceRef | undefined;
    let resource = {} as ResourceRef;
    const report = (r: Report<string>) => {
      const ref = r.resource.ref;
      if (ref !== lastRef) {
        lastRef = ref;
        resource = { ...ref };
      }
      const at = r.at;
      const location = {
        file: at.file,
        startLine: at.startLine,
        startColumn: at.startColumn,
        endLine: at.endLine,
        endColumn: at.endColumn,
      };
      const sev = overridden ? severity : (r.severity ?? severity);
      const messageId = r.messageId;
      // one flat string, not the chain of pieces the template was filled with (issue #16)
      const message = detach(text(messageId, r.localized ? shown(r) : r.data));
      const rel = related(r);
      const fingerprint = hash(
        JSON.stringify([ruleId, r.resource.src.file, ref.address, at.pointer ?? '', r.data]),
      );
      // two literals rather than a spread of the optional `data`: one fixed shape each
      const f: Finding = r.data
        ? {
            ruleId,
            slug,
            severity: sev,
            title,
            message,
            messageId,
            data: { ...r.data },
            resource,
            location,
            related: rel,
            remediation,
            references,
            equivalents,
            suppressed: null,
            fingerprint,
          }
        : {
            ruleId,
            slug,
            severity: sev,
            title,
            message,
            messageId,
            resource,
            location,
            related: rel,
            remediation,
            references,
            equivalents,
            suppressed: null,
            fingerprint,
          };
      findings.push(f);
      if (r.resource.suppressions.length > 0) resourceOf.set(f, r.resource.suppressions);
    };
    await rule.check(state, { report, now: env.now, pss: env.pss, runs });
    env.onProgress?.({ phase: 'rules', done: ++done, total: rules.length, rule: meta.id });
  }
  return distinctFingerprints(findings);
}

/**
 * A fingerprint names what a finding is about, never where it is printed: the rule, the
 * resource's file and address, the path of the offending value inside the resource (JSON/YAML
 * pointer; HCL attribute path under the block address; none for the block itself) and the
 * message data. Inserting lines, re-indenting or reordering keys leaves it unchanged. Findings
 * that still share one (the same rule on the same value with the same data: a parse error twice
 * in a file) are told apart by their order within the file, `#2`, `#3`, ..., which only an edit
 * between them changes.
 */
function distinctFingerprints(findings: Finding[]): Finding[] {
  const first = new Map<string, Finding>();
  let groups: Map<string, Finding[]> | undefined;
  for (const f of findings) {
    const seen = first.get(f.fingerprint);
    if (!seen) {
      first.set(f.fingerprint, f);
      continue;
    }
    groups ??= new Map();
    const group = groups.get(f.fingerprint);
    if (group) group.push(f);
    else groups.set(f.fingerprint, [seen, f]);
  }
  for (const [print, group] of groups ?? []) {
    group.sort(compareFindings);
    group.forEach((f, i) => {
      if (i > 0) f.fingerprint = fingerprint(print, i + 1);
    });
  }
  return findings;
}

/** Inline suppressions of the resource each finding is about (kept beside, not in, the output). */
const resourceOf = new WeakMap<Finding, InlineSuppression[]>();

function fingerprint(...parts: unknown[]): string {
  return hash(JSON.stringify(parts));
}

/** The first 32 hex digits of the SHA-256 of `s` (one-shot `crypto.hash` where Node has it, 20.12+). */
const hash: (s: string) => string =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'hex').slice(0, 32)
    : (s) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 32);

function applySuppressions(
  findings: Finding[],
  state: State,
  now: Date,
  lang: Lang,
  baseline?: Set<string>,
): void {
  const today = now.toISOString().slice(0, 10);
  for (const f of findings) {
    if (f.ruleId === 'HAKO-001' || f.ruleId === 'HAKO-002') continue;
    const inline = resourceOf.get(f)?.find((s) => s.rules.includes(f.ruleId) && s.reason !== '');
    if (inline) {
      f.suppressed = { kind: inline.kind, reason: inline.reason };
      continue;
    }
    const entry = state.inputs.configSuppressions.find(
      (s) =>
        (s.rule === '*' || s.rule === f.ruleId) &&
        s.reason !== '' &&
        !(s.expires && s.expires < today) &&
        (s.resource === undefined || s.resource === f.resource.address) &&
        (s.path === undefined || picomatch.isMatch(f.location.file, s.path, { dot: true })),
    );
    if (entry) {
      const sup: Suppression = { kind: 'config', reason: entry.reason };
      if (entry.expires) sup.expires = entry.expires;
      f.suppressed = sup;
      continue;
    }
    if (baseline?.has(f.fingerprint))
      f.suppressed = { kind: 'baseline', reason: noteText(lang, { note: 'inBaseline' }) };
  }
}

/** Reads a baseline written by `--write-baseline`. */
export function loadBaseline(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Set<string> {
  const r = readInput(file, maxBytes);
  if (!r.ok) throw new Error(r.message);
  const data = JSON.parse(r.text) as { fingerprints?: string[] };
  return new Set(data.fingerprints ?? []);
}

export function baselineJson(result: ScanResult & { all?: Finding[] }): string {
  const fingerprints = [
    ...new Set((result.all ?? result.findings).filter((f) => !f.suppressed).map((f) => f.fingerprint)),
  ].sort();
  return `${JSON.stringify({ version: 1, fingerprints }, null, 2)}\n`;
}

/** `1.30` → `v1.30`; `latest` stays. */
function normaliseVersion(v: string): string {
  return v === 'latest' || v.startsWith('v') ? v : `v${v}`;
}

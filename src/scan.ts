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
import { allResources, type State } from './model/state.js';
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
  type Rule,
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
  /**
   * The rule selection worked out by {@link planScan} from this scan's `rules`, `skipRules` and
   * `config` (those three are then not read again): a caller that scans many times with one
   * selection (the webhook, once per review) prepares it once.
   */
  plan?: ScanPlan;
}

/** One selected rule (its module, once imported, is held by its registry entry: `entry.load.loaded`). */
interface PlannedRule {
  entry: RuleEntry;
  severity: Severity;
  /** The config gives it another severity than its own: that one wins over a report's own. */
  overridden: boolean;
}

/** What a scan runs, from its rule selection and config alone (not from its inputs). */
export interface ScanPlan {
  readonly rules: readonly PlannedRule[];
  /** IDs of the selected rules (`ctx.runs`). */
  readonly ids: ReadonlySet<string>;
  /** Whether HAKO-003 runs, so objects' fields are checked against their schema. */
  readonly k8sFields: boolean;
}

/** The rules a scan with these options runs (HAKO-001 always), for {@link ScanOptions.plan}. */
export function planScan(opts: Pick<ScanOptions, 'rules' | 'skipRules' | 'config'>): ScanPlan {
  const config = opts.config ?? {};
  const rules = selectRules(opts, config).map(
    ({ rule, severity }): PlannedRule => ({
      entry: rule,
      severity,
      overridden: config.rules?.[rule.id] !== undefined && severity !== rule.severity,
    }),
  );
  const ids = new Set(rules.map((r) => r.entry.id));
  // objects' schema fields are checked only for HAKO-003, when it runs
  return { rules, ids, k8sFields: ids.has('HAKO-003') };
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
  const plan = opts.plan ?? planScan(opts);
  const k8sFields = plan.k8sFields;
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

  const { findings, inline } = await runRules(state, plan, {
    onProgress: opts.onProgress,
    lang,
    now,
    config,
    pss: {
      level: opts.pss?.level ?? config.pss?.level ?? 'restricted',
      version: normaliseVersion(opts.pss?.version ?? config.pss?.version ?? 'latest'),
    },
  });
  // nothing to apply without inline suppressions, config `ignore` entries or a baseline
  if (inline || state.inputs.configSuppressions.length > 0 || opts.baseline)
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
  // fewer findings than the limit: no group can exceed it
  if (findings.length <= limit) return { kept: findings.slice(), capped: [] };
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
  plan: ScanPlan,
  env: {
    lang: Lang;
    now: Date;
    config: HakoConfig;
    pss: PssTarget;
    onProgress: ScanOptions['onProgress'];
  },
): Promise<{ findings: Finding[]; inline: boolean }> {
  const findings: Finding[] = [];
  /** Some finding is about a resource with inline suppressions. */
  let inlineSeen = false;
  const planned = plan.rules;
  const total = planned.length;
  let done = 0;
  const ids = plan.ids;
  const runs = (id: string) => ids.has(id);
  // Only the rules that can report on this model are loaded; the others count as run. A module
  // loaded by an earlier scan is taken as is: no promise to wait on per rule.
  const rules: (Rule | undefined)[] = new Array(total);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const entry = planned[i]!.entry;
    if (!mayReport(entry, state)) continue;
    const known = entry.load.loaded;
    if (known) rules[i] = known;
    else
      pending.push(
        entry.load().then((r) => {
          rules[i] = r;
        }),
      );
  }
  if (pending.length > 0) await Promise.all(pending);

  // The rule being run: its reports arrive while its check runs (the rules run one after another,
  // an asynchronous check is awaited before the next starts), so one reporter serves them all.
  let meta: Rule['meta'] = undefined as unknown as Rule['meta'];
  let templates: Record<string, string> = {};
  let severity: Severity = 'info';
  let overridden = false;
  let title = '';
  let remediation = '';
  let references: string[] | undefined;
  let lastRef: ResourceRef | undefined;
  let resource = {} as ResourceRef;
  const lang = env.lang;
  const text = (id: string, data?: Record<string, string | number>) =>
    format(templates[id] ?? meta.messages.en[id] ?? id, data);
  /** The message data with its `localized` words in the scan's language. */
  const shown = (r: { data?: Record<string, string | number>; localized?: Report<string>['localized'] }) =>
    r.localized
      ? { ...r.data, ...Object.fromEntries(Object.entries(r.localized).map(([k, v]) => [k, v[lang]])) }
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
            : { file, startLine, message: noteText(lang, x), noteId: x.note },
        );
      }
    }
    return out;
  };
  // the same for every finding of one rule in this scan (and the resource for a run of findings
  // on one resource): shared, not copied per finding
  const report = (r: Report<string>) => {
    const ref = r.resource.ref;
    if (ref !== lastRef) {
      lastRef = ref;
      resource = { ...ref };
    }
    references ??= [...meta.references];
    const at = r.at;
    const location = {
      file: at.file,
      startLine: at.startLine,
      startColumn: at.startColumn,
      endLine: at.endLine,
      endColumn: at.endColumn,
    };
    const ruleId = meta.id;
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
          slug: meta.slug,
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
          equivalents: meta.equivalents,
          suppressed: null,
          fingerprint,
        }
      : {
          ruleId,
          slug: meta.slug,
          severity: sev,
          title,
          message,
          messageId,
          resource,
          location,
          related: rel,
          remediation,
          references,
          equivalents: meta.equivalents,
          suppressed: null,
          fingerprint,
        };
    findings.push(f);
    if (r.resource.suppressions.length > 0) {
      resourceOf.set(f, r.resource.suppressions);
      inlineSeen = true;
    }
  };
  const ctx = { report, now: env.now, pss: env.pss, runs };
  for (let i = 0; i < total; i++) {
    const rule = rules[i];
    if (!rule) {
      env.onProgress?.({ phase: 'rules', done: ++done, total, rule: planned[i]!.entry.id });
      continue;
    }
    const p = planned[i]!;
    meta = rule.meta;
    templates = meta.messages[lang];
    severity = p.severity;
    overridden = p.overridden;
    title = meta.title[lang];
    remediation = meta.remediation[lang];
    references = undefined;
    lastRef = undefined;
    const running = rule.check(state, ctx);
    if (running) await running;
    env.onProgress?.({ phase: 'rules', done: ++done, total, rule: meta.id });
  }
  return { findings: distinctFingerprints(findings), inline: inlineSeen };
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

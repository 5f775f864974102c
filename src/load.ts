/**
 * Reading the inputs into the model: discover → read → parse → adapt. Shared by `scan()` and the
 * commands that run an engine over the model without the rules (`hako pss`).
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { mergeRoles } from './adapters/iam/iam.js';
import { adaptText, syntaxOf } from './adapters/index.js';
import { recordSchemaProblems } from './adapters/schema-problems.js';
import { adaptTerraform, isTerraformFile } from './adapters/terraform/index.js';
import type { PlanDoc } from './adapters/terraform/plan.js';
import { discover } from './io/discover.js';
import { DEFAULT_MAX_FILE_BYTES, decode, readInput } from './io/read.js';
import { emptyState, type State } from './model/state.js';
import { type Note, withText } from './notes.js';
import { AliasBudget, withAliasBudget } from './parse/common.js';
import { initHcl } from './parse/hcl/syntax.js';
import type { ScanError, SkippedInput } from './result.js';

export interface InputText {
  path: string;
  content: string | Buffer;
}

export interface LoadOptions {
  /** Files and directories; `-` is standard input (pass its text in `inputs`). */
  paths?: string[];
  /** In-memory inputs (standard input, tests, the webhook). */
  inputs?: InputText[];
  cwd?: string;
  exclude?: string[];
  maxFileBytes?: number;
  /** The Kubernetes minor the API server runs (`1.N` or `latest`, the default): which API versions it serves. */
  k8sVersion?: string;
  /** Test seam for I/O failures. */
  readFile?: (abs: string) => Buffer;
  /** Problems found before loading (an unreadable `.hako.yaml`): reported as HAKO-001 with the rest. */
  inputErrors?: ScanError[];
  /** Called as work is done (a progress bar, metrics); hako prints nothing of its own. */
  onProgress?: (event: ScanProgress) => void;
  /** The walk of `paths` already done by {@link prepareLoad} (not walked again). */
  walked?: ReturnType<typeof discover>;
}

/**
 * One step of a scan. Phases come in order (discover, read, parse, then rules in `scan()`); within
 * a phase `done` counts 1..`total`. `discover` is one event once the paths are walked (total: the
 * files found, in-memory inputs included); `read` one per file; `parse` one per file that could be
 * read (Terraform files after their module is evaluated); `rules` one per rule run.
 */
export interface ScanProgress {
  phase: 'discover' | 'read' | 'parse' | 'rules';
  done: number;
  total: number;
  /** The file read or parsed (read, parse). */
  file?: string;
  /** The rule ID just run (rules). */
  rule?: string;
}

export interface Loaded {
  state: State;
  files: number;
  /** Inputs whose bytes were read (the others are HAKO-001): 0 with `files` > 0 means nothing could be read. */
  read: number;
  /** What was not read, with the reason (also in `state.inputs.skipped`). */
  skipped: SkippedInput[];
  /** Paths named on the command line that do not exist (exit code 2). */
  fatal: string[];
}

export function loadInputs(opts: LoadOptions): Loaded {
  // one YAML alias budget for every file (and YAML string inside a file) this scan reads
  return withAliasBudget(new AliasBudget(), () => load(opts));
}

function load(opts: LoadOptions): Loaded {
  const cwd = opts.cwd ?? process.cwd();
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const state = emptyState();
  const skipped = state.inputs.skipped;
  const fatal: string[] = [];
  let files = 0;
  let readOk = 0;
  state.inputs.errors.push(...(opts.inputErrors ?? []));
  // Terraform is read per module (all files of a directory together), after the walk.
  const terraform: { display: string; text: string; abs?: string }[] = [];
  // Other inputs, for Terraform's file() (read from disk when not among them).
  const texts: { display: string; text: string }[] = [];
  // `terraform show -json` output, read together with the .tf files (their positions).
  const plans: PlanDoc[] = [];

  const ingest = (display: string, text: string, explicit: boolean, abs?: string) => {
    files++;
    readOk++;
    // An empty file holds nothing to check (e.g. the `hako.json` a shell just created for this
    // very run's report): not an error, but said once so it is not mistaken for a checked file.
    if (text.trim() === '') {
      skipped.push({ file: display, ...withText('reason', 'emptyFile') });
      return;
    }
    if (isTerraformFile(display)) {
      terraform.push(abs !== undefined ? { display, text, abs } : { display, text });
      return;
    }
    const own = hakoReport(text);
    if (own) {
      skipped.push({ file: display, ...withText('reason', 'ownReport', { what: own }) });
      return;
    }
    texts.push({ display, text });
    const syntax = syntaxOf(display, text);
    if (!syntax) {
      state.inputs.errors.push({
        file: display,
        line: 1,
        ...withText('message', 'unknownFileType'),
      });
      return;
    }
    const out = adaptText(display, syntax, text, state, { k8sVersion: opts.k8sVersion });
    state.inputs.errors.push(...out.errors);
    plans.push(...out.plans);
    for (const u of out.unknown) {
      if (explicit || out.kinds.length > 0) {
        state.inputs.errors.push({
          file: display,
          line: u.line,
          ...withText('message', 'documentNoKind', { index: u.index }),
        });
      } else if (!skipped.some((s) => s.file === display))
        skipped.push({ file: display, ...withText('reason', 'noKind') });
    }
  };

  const paths = (opts.paths ?? []).filter((p) => p !== '-');
  const found = opts.walked ?? walk(opts);
  for (const p of found.problems) {
    if (p.fatal) fatal.push(p.display);
    else state.inputs.errors.push({ file: p.display, line: p.line ?? 1, ...noteOf(p), message: p.message });
  }
  skipped.push(...found.skipped);
  const progress = opts.onProgress ?? (() => {});
  const total = found.files.length + (opts.inputs?.length ?? 0);
  progress({ phase: 'discover', done: total, total });
  // Read everything first, then parse: the phases are reported one after the other.
  const read: { display: string; text: string; explicit: boolean; abs?: string }[] = [];
  let done = 0;
  for (const f of found.files) {
    const r = readInput(f.abs, maxBytes, opts.readFile);
    if (r.ok) read.push({ display: f.display, text: r.text, explicit: f.explicit, abs: f.abs });
    else {
      files++;
      state.inputs.errors.push({ file: f.display, line: r.line ?? 1, ...noteOf(r), message: r.message });
    }
    progress({ phase: 'read', done: ++done, total, file: f.display });
  }
  for (const input of opts.inputs ?? []) {
    const r = decode(
      typeof input.content === 'string' ? Buffer.from(input.content) : input.content,
      maxBytes,
      input.path === STDIN ? 'standard input' : 'file',
    );
    if (r.ok) read.push({ display: input.path, text: r.text, explicit: true });
    else {
      files++;
      state.inputs.errors.push({ file: input.path, line: r.line ?? 1, ...noteOf(r), message: r.message });
    }
    progress({ phase: 'read', done: ++done, total, file: input.path });
  }
  let parsed = 0;
  for (const r of read) {
    ingest(r.display, r.text, r.explicit, r.abs);
    if (!isTerraformFile(r.display))
      progress({ phase: 'parse', done: ++parsed, total: read.length, file: r.display });
  }
  if (terraform.length > 0 || plans.length > 0) {
    const out = adaptTerraform(
      [...terraform, ...texts],
      state,
      (abs) => {
        const r = readInput(abs, maxBytes, opts.readFile);
        return r.ok ? r.text : undefined;
      },
      plans,
      scannedTree(paths, cwd),
    );
    state.inputs.errors.push(...out.errors);
    // A file that file() read is part of the configuration: not "of no kind hako reads".
    const byFile = new Set(out.read);
    state.inputs.errors = state.inputs.errors.filter(
      (e) => !(byFile.has(e.file) && e.note === 'documentNoKind'),
    );
    for (let i = skipped.length - 1; i >= 0; i--)
      if (byFile.has(skipped[i]?.file ?? '')) skipped.splice(i, 1);
  }
  for (const t of terraform)
    progress({ phase: 'parse', done: ++parsed, total: read.length, file: t.display });
  mergeRoles(state.aws.iam);
  recordSchemaProblems(state);
  // Container definitions that did not resolve: one entry per place written (module instances share it).
  for (const td of state.aws.ecs.taskDefinitions) {
    const u = td.containersUnresolved;
    if (!u || skipped.some((s) => s.file === u.src.file && s.line === u.src.startLine)) continue;
    skipped.push({
      file: u.src.file,
      line: u.src.startLine,
      ...withText(
        'reason',
        isTerraformFile(u.src.file) ? 'containersUnresolvedPlan' : 'containersUnresolved',
        {
          expression: u.expr,
        },
      ),
    });
  }
  return { state, files, read: readOk, skipped, fatal };
}

function walk(opts: LoadOptions): ReturnType<typeof discover> {
  const paths = (opts.paths ?? []).filter((p) => p !== '-');
  const cwd = opts.cwd ?? process.cwd();
  return discover(paths, {
    cwd,
    exclude: opts.exclude ?? [],
    maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  });
}

/**
 * Before {@link loadInputs} (synchronous): walks the paths once and loads the Terraform parser
 * (a WASM runtime, the slowest part of hako's start) only when a Terraform file is among the inputs.
 */
export async function prepareLoad<T extends LoadOptions>(opts: T): Promise<T> {
  const walked = opts.walked ?? walk(opts);
  const names = [...walked.files.map((f) => f.display), ...(opts.inputs ?? []).map((i) => i.path)];
  if (names.some(isTerraformFile)) await initHcl();
  return { ...opts, walked };
}

/** How standard input is named in reports. */
export const STDIN = '<stdin>';

/**
 * A report hako wrote itself (SARIF of driver `hako`, `--format json`, a baseline, JUnit), e.g.
 * `hako scan . --format json > hako.json` read back on the next run: what kind, or undefined.
 */
export function hakoReport(text: string): string | undefined {
  const t = text.trimStart();
  if (t.startsWith('<')) {
    return /^<\?xml[^>]*>\s*<testsuites name="hako"/.test(t) ? 'JUnit report' : undefined;
  }
  if (!t.startsWith('{') || !/"(runs|findings|fingerprints)"/.test(t.slice(0, 4096))) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const runs = o.runs;
  if (
    Array.isArray(runs) &&
    runs.length > 0 &&
    runs.every((r) => (r as { tool?: { driver?: { name?: unknown } } })?.tool?.driver?.name === 'hako')
  )
    return 'SARIF report';
  if ('version' in o && Array.isArray(o.findings) && o.summary && typeof o.summary === 'object')
    return 'JSON report';
  const keys = Object.keys(o);
  if (Array.isArray(o.fingerprints) && keys.every((k) => k === 'version' || k === 'fingerprints'))
    return 'baseline';
  return undefined;
}

/**
 * Whether an absolute path lies inside the scanned tree: the directories given to the scan (for a
 * named file, its directory), symlinks resolved on both sides. Terraform's `file()` reads nothing
 * else.
 */
function scannedTree(paths: string[], cwd: string): (abs: string) => boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const roots = paths.map((p) => {
    const abs = path.resolve(cwd, p);
    let dir = abs;
    try {
      if (!statSync(abs).isDirectory()) dir = path.dirname(abs);
    } catch {
      dir = path.dirname(abs);
    }
    return real(dir);
  });
  return (abs) => {
    const r = real(abs);
    return roots.some((root) => {
      const rel = path.relative(root, r);
      return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
    });
  };
}

/** The note of a refusal, when hako worded it (so the report can translate it). */
function noteOf(r: { note?: Note['note']; data?: Note['data'] }): Partial<Note> {
  return r.note ? { note: r.note, ...(r.data ? { data: r.data } : {}) } : {};
}

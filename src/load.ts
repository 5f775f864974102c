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
import { type Discovered, discover } from './io/discover.js';
import { DEFAULT_MAX_FILE_BYTES, decode, type ReadOutcome, readInput } from './io/read.js';
import { emptyState, type InputError, type State } from './model/state.js';
import { type Note, withText } from './notes.js';
import {
  append,
  appendState,
  type BatchRequest,
  type BatchResult,
  batchBytes,
  listIndex,
  POOL_MIN_BYTES,
  POOL_MIN_FILES,
  poolAvailable,
  revive,
  runPool,
  testKnobs,
} from './parallel/pool.js';
import { AliasBudget, withAliasBudget } from './parse/common.js';
import type { TfSource } from './parse/hcl/module.js';
import { initHcl } from './parse/hcl/syntax.js';
import type { ScanError, SkippedInput } from './result.js';

/** Worker threads when `jobs` is not given: in process (see loadPooled). */
export const DEFAULT_JOBS = 1;

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
  /**
   * Whether Kubernetes objects get their fields checked against the schema (what HAKO-003 reads;
   * default true). `scan()` passes false when HAKO-003 is not among the rules it runs.
   */
  k8sFields?: boolean;
  /** Test seam for I/O failures. */
  readFile?: (abs: string) => Buffer;
  /** Problems found before loading (an unreadable `.hako.yaml`): reported as HAKO-001 with the rest. */
  inputErrors?: ScanError[];
  /** Called as work is done (a progress bar, metrics); hako prints nothing of its own. */
  onProgress?: (event: ScanProgress) => void;
  /** The walk of `paths` already done by {@link prepareLoad} (not walked again). */
  walked?: ReturnType<typeof discover>;
  /**
   * Worker threads that read, parse and adapt the files (`scan()` and {@link loadInputsAsync};
   * default {@link DEFAULT_JOBS}). 1 reads everything in this thread; so does a small scan,
   * in-memory `inputs` or a `readFile` seam. The result is the same either way.
   */
  jobs?: number;
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
  const budget = new AliasBudget();
  return withAliasBudget(budget, () => {
    const ctx = begin(opts);
    readAndIngestInProcess(ctx, opts);
    return finish(ctx, opts);
  });
}

/**
 * {@link loadInputs}, with the files read, parsed and adapted on a pool of `opts.jobs` worker
 * threads (default {@link DEFAULT_JOBS}: none) when the scan is large enough to pay for starting them. The model
 * is the same as {@link loadInputs}'s, list for list, in the same order.
 */
export async function loadInputsAsync(opts: LoadOptions): Promise<Loaded> {
  const budget = new AliasBudget();
  const ctx = withAliasBudget(budget, () => begin(opts));
  const pooled = await loadPooled(ctx, opts, budget);
  if (!pooled) withAliasBudget(budget, () => readAndIngestInProcess(ctx, opts));
  return withAliasBudget(budget, () => finish(ctx, opts));
}

/** Where one file's contents go: the model, and what Terraform reads after the walk. */
export interface Sink {
  state: State;
  /** Terraform is read per module (all files of a directory together), after the walk. */
  terraform: TfSource[];
  /** Other inputs, for Terraform's file() (read from disk when not among them). */
  texts: TfSource[];
  /** `terraform show -json` output, read together with the .tf files (their positions). */
  plans: PlanDoc[];
}

/** The state of one load between its phases. */
interface Ctx extends Sink {
  cwd: string;
  maxBytes: number;
  paths: string[];
  found: Discovered[];
  fatal: string[];
  files: number;
  readOk: number;
  total: number;
  /** Files parsed so far (progress), of `readCount` read. */
  parsed: number;
  readCount: number;
  progress: (event: ScanProgress) => void;
}

function begin(opts: LoadOptions): Ctx {
  const cwd = opts.cwd ?? process.cwd();
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const state = emptyState();
  const fatal: string[] = [];
  state.inputs.errors.push(...(opts.inputErrors ?? []));
  const paths = (opts.paths ?? []).filter((p) => p !== '-');
  const found = opts.walked ?? walk(opts);
  for (const p of found.problems) {
    if (p.fatal) fatal.push(p.display);
    else state.inputs.errors.push({ file: p.display, line: p.line ?? 1, ...noteOf(p), message: p.message });
  }
  state.inputs.skipped.push(...found.skipped);
  const progress = opts.onProgress ?? (() => {});
  const total = found.files.length + (opts.inputs?.length ?? 0);
  progress({ phase: 'discover', done: total, total });
  return {
    cwd,
    maxBytes,
    paths,
    found: found.files,
    fatal,
    files: 0,
    readOk: 0,
    total,
    parsed: 0,
    readCount: 0,
    progress,
    state,
    terraform: [],
    texts: [],
    plans: [],
  };
}

/** A read failure as the HAKO-001 error it becomes. */
export function readError(display: string, r: Extract<ReadOutcome, { ok: false }>): InputError {
  return { file: display, line: r.line ?? 1, ...noteOf(r), message: r.message };
}

/** The in-process path (`--jobs 1`, small scans): read every file, then parse each in order. */
function readAndIngestInProcess(ctx: Ctx, opts: LoadOptions): void {
  const { state, maxBytes, total, progress } = ctx;
  // Read everything first, then parse: the phases are reported one after the other.
  const read: ({ display: string; text: string; explicit: boolean; abs?: string } | undefined)[] = [];
  let done = 0;
  for (const f of ctx.found) {
    const r = readInput(f.abs, maxBytes, opts.readFile);
    if (r.ok) read.push({ display: f.display, text: r.text, explicit: f.explicit, abs: f.abs });
    else {
      ctx.files++;
      state.inputs.errors.push(readError(f.display, r));
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
      ctx.files++;
      state.inputs.errors.push(readError(input.path, r));
    }
    progress({ phase: 'read', done: ++done, total, file: input.path });
  }
  const reread = rereader(ctx, opts);
  let parsed = 0;
  for (let i = 0; i < read.length; i++) {
    const r = read[i]!;
    // the text is not kept once adapted (Terraform's file() reads a file again from disk)
    read[i] = undefined;
    ctx.files++;
    ctx.readOk++;
    const kept = ingestFile(
      ctx,
      r.display,
      r.text,
      r.explicit,
      opts.k8sVersion,
      r.abs,
      undefined,
      opts.k8sFields,
    );
    if (kept)
      ctx.texts.push(
        r.abs !== undefined ? onDisk(r.display, r.abs, reread) : { display: r.display, text: r.text },
      );
    if (!isTerraformFile(r.display))
      progress({ phase: 'parse', done: ++parsed, total: read.length, file: r.display });
  }
  ctx.parsed = parsed;
  ctx.readCount = read.length;
}

/**
 * The pool path of {@link loadInputsAsync}: false when the scan stays in this thread (one job, a
 * small scan, in-memory inputs, the `readFile` seam, or no compiled worker to start). Workers
 * read, parse and adapt batches of files; their fragments are merged here in file order, so the
 * model, its errors and its skipped entries come out as {@link readAndIngestInProcess} makes them.
 * Read errors are kept ahead of the rest, as when every file is read before any is parsed.
 */
async function loadPooled(ctx: Ctx, opts: LoadOptions, budget: AliasBudget): Promise<boolean> {
  if ((opts.inputs?.length ?? 0) > 0 || opts.readFile) return false;
  // Default 1: measured on 2 cores (bench/results/parallel.md) the pool costs more than it saves
  // since the fast YAML path: the main thread spends longer deserialising the fragments (every
  // Src and string copied) than parsing and adapting them itself. `--jobs N` opts in.
  const jobs = Math.floor(opts.jobs ?? DEFAULT_JOBS);
  if (!(jobs > 1) || ctx.found.length === 0 || !poolAvailable()) return false;
  const knobs = testKnobs();
  if (!knobs.force && ctx.found.length < POOL_MIN_FILES) return false;
  const sizes = ctx.found.map((f) => {
    try {
      return statSync(f.abs).size;
    } catch {
      return 0;
    }
  });
  const bytes = sizes.reduce((a, b) => a + b, 0);
  if (!knobs.force && bytes < POOL_MIN_BYTES) return false;

  const target = knobs.batch ?? batchBytes(bytes, jobs);
  const requests: BatchRequest[] = [];
  const base = {
    maxBytes: ctx.maxBytes,
    aliasLimit: budget.limit,
    ...(opts.k8sVersion ? { k8sVersion: opts.k8sVersion } : {}),
    ...(opts.k8sFields === false ? { k8sFields: false } : {}),
  };
  for (let i = 0; i < ctx.found.length; ) {
    const files: BatchRequest['files'] = [];
    let size = 0;
    while (i < ctx.found.length && (files.length === 0 || size < target)) {
      const f = ctx.found[i]!;
      files.push({ display: f.display, abs: f.abs, explicit: f.explicit });
      size += sizes[i++]!;
    }
    requests.push({ id: requests.length, files, ...base });
  }

  // the model of the files, apart from read errors (which come first, as in one thread)
  const acc: Sink = { state: emptyState(), terraform: ctx.terraform, texts: ctx.texts, plans: ctx.plans };
  const lists = listIndex(acc.state);
  lists.set('plans', acc.plans);
  const reread = rereader(ctx, opts);
  const parseOrder: string[] = [];
  let done = 0;
  // once the alias budget would be crossed, every later file is read here, in order
  let here = false;
  let lost = 0;
  let inThread = 0;
  const inThisThread = (f: BatchRequest['files'][number]) => {
    inThread++;
    ctx.files++;
    const r = readInput(f.abs, ctx.maxBytes);
    if (!r.ok) {
      ctx.state.inputs.errors.push(readError(f.display, r));
      return;
    }
    ctx.readOk++;
    const kept = withAliasBudget(budget, () =>
      ingestFile(acc, f.display, r.text, f.explicit, opts.k8sVersion, f.abs, undefined, opts.k8sFields),
    );
    if (kept) acc.texts.push(onDisk(f.display, f.abs, reread));
    if (!isTerraformFile(f.display)) parseOrder.push(f.display);
  };
  const take = (req: BatchRequest, res: BatchResult | undefined) => {
    if (!res) lost++;
    req.files.forEach((f, j) => {
      const o = res?.files[j];
      if (!here && o && !o.inProcess && !o.readError && budget.used + o.alias > budget.limit) here = true;
      if (here || !o || o.inProcess) inThisThread(f);
      else {
        ctx.files++;
        if (o.readError) ctx.state.inputs.errors.push(o.readError);
        else {
          ctx.readOk++;
          budget.used += o.alias;
          if (o.terraform) acc.terraform.push(o.terraform);
          for (const [p, items] of o.lists ?? []) append(lists.get(p), revive(p, items), p);
          if (o.kept) acc.texts.push(onDisk(f.display, f.abs, reread));
          if (!isTerraformFile(f.display)) parseOrder.push(f.display);
        }
      }
      ctx.progress({ phase: 'read', done: ++done, total: ctx.total, file: f.display });
    });
  };
  // results arrive in any order: merged in file order
  const waiting = new Map<number, BatchResult | undefined>();
  let cursor = 0;
  const pool = runPool(requests, jobs, (req, res) => {
    waiting.set(req.id, res);
    while (waiting.has(cursor)) {
      const r = waiting.get(cursor);
      waiting.delete(cursor);
      take(requests[cursor]!, r);
      cursor++;
      // the rest is read here: the workers' results would not be used
      if (here) pool.stop();
    }
  });
  await pool.done;
  if (knobs.trace)
    process.stderr.write(
      `hako-test-pool: jobs=${jobs} batches=${requests.length} lost=${lost} in-thread=${inThread}\n`,
    );
  for (const display of parseOrder)
    ctx.progress({ phase: 'parse', done: ++ctx.parsed, total: ctx.readOk, file: display });
  ctx.readCount = ctx.readOk;
  appendState(ctx.state, acc.state);
  return true;
}

/** Reads a file of the scan again (Terraform's file(), a batch a worker could not finish). */
function rereader(ctx: Ctx, opts: LoadOptions): (abs: string) => string | undefined {
  return (abs) => {
    const r = readInput(abs, ctx.maxBytes, opts.readFile);
    return r.ok ? r.text : undefined;
  };
}

/** A scanned file as a source of Terraform's file(): its text is read again only if asked for. */
export function onDisk(display: string, abs: string, reread: (abs: string) => string | undefined): TfSource {
  return {
    display,
    abs,
    get text() {
      return reread(abs) ?? '';
    },
  };
}

/**
 * One file's text into `sink`: Terraform is set aside for after the walk, any other input is
 * parsed and adapted into `sink.state`. True when the text is one of the inputs Terraform's
 * file() may read by name (not empty, not a report of hako's own, not Terraform).
 */
export function ingestFile(
  sink: Sink,
  display: string,
  text: string,
  explicit: boolean,
  k8sVersion: string | undefined,
  abs?: string,
  kinds?: string[],
  /** Check Kubernetes fields (HAKO-003); the pool's workers do not pass it and always check. */
  k8sFields = true,
): boolean {
  const { state } = sink;
  const skipped = state.inputs.skipped;
  // An empty file holds nothing to check (e.g. the `hako.json` a shell just created for this
  // very run's report): not an error, but said once so it is not mistaken for a checked file.
  if (text.trim() === '') {
    skipped.push({ file: display, ...withText('reason', 'emptyFile') });
    return false;
  }
  if (isTerraformFile(display)) {
    sink.terraform.push(abs !== undefined ? { display, text, abs } : { display, text });
    return false;
  }
  const own = hakoReport(text);
  if (own) {
    skipped.push({ file: display, ...withText('reason', 'ownReport', { what: own }) });
    return false;
  }
  const syntax = syntaxOf(display, text);
  if (!syntax) {
    state.inputs.errors.push({
      file: display,
      line: 1,
      ...withText('message', 'unknownFileType'),
    });
    return true;
  }
  const out = adaptText(
    display,
    syntax,
    text,
    state,
    k8sFields ? { k8sVersion } : { k8sVersion, fields: false },
  );
  kinds?.push(...out.kinds);
  state.inputs.errors.push(...out.errors);
  sink.plans.push(...out.plans);
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
  return true;
}

function finish(ctx: Ctx, opts: LoadOptions): Loaded {
  const { state, terraform, texts, plans, paths, cwd, progress } = ctx;
  const skipped = state.inputs.skipped;
  if (terraform.length > 0 || plans.length > 0) {
    const out = adaptTerraform(
      [...terraform, ...texts],
      state,
      rereader(ctx, opts),
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
  let parsed = ctx.parsed;
  for (const t of terraform)
    progress({ phase: 'parse', done: ++parsed, total: ctx.readCount, file: t.display });
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
  return { state, files: ctx.files, read: ctx.readOk, skipped, fatal: ctx.fatal };
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

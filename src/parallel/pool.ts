/**
 * A pool of worker threads that read, parse and adapt batches of files (src/parallel/worker.ts).
 * Plain `worker_threads`: each worker takes the next batch when it is done with one, so the cores
 * stay busy however uneven the files are. A worker that fails (an exception, running out of
 * memory, exiting) gives its batch back unanswered, and the caller reads it in its own thread:
 * no file is lost and the pool never waits for a worker that is gone.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { withWorkloadMethods } from '../adapters/k8s/workload.js';
import type { Workload } from '../model/k8s/workload.js';
import type { InputError, State } from '../model/state.js';
import type { TfSource } from '../parse/hcl/module.js';

/** One file of a batch, as discovered. */
export interface BatchFile {
  display: string;
  abs: string;
  explicit: boolean;
}

export interface BatchRequest {
  id: number;
  files: BatchFile[];
  maxBytes: number;
  k8sVersion?: string;
  /** false: the scan does not run HAKO-003, so the Kubernetes field check is skipped (as in process). */
  k8sFields?: boolean;
  /** The scan's YAML alias budget: each file is parsed with a budget of its own of this size. */
  aliasLimit: number;
}

/** What one file gave: in the order of the batch's files. */
export interface FileOutcome {
  /** The file could not be read (HAKO-001). */
  readError?: InputError;
  /** A Terraform file: read here, evaluated by the main thread with its module. */
  terraform?: TfSource;
  /** Terraform's file() may read it by name (see `ingestFile`). */
  kept?: boolean;
  /** YAML alias nodes the file built (counted against the scan's budget in file order). */
  alias: number;
  /** Its model, to be read again by the main thread (a kind that joins with other files). */
  inProcess?: boolean;
  /** The non-empty lists of the file's model fragment, by path in the State (`plans`: its plan JSON). */
  lists?: [string, unknown[]][];
}

export interface BatchResult {
  id: number;
  files: FileOutcome[];
}

/**
 * Scans smaller than this stay in one thread. Starting a worker (loading hako's modules in it)
 * costs about 230 ms of CPU (measured: a worker's first answer to an empty batch, on the 2-core
 * machines of bench/README.md), and one core parses and adapts about 4-5 MB/s of manifests: with
 * two workers the pool wins once the parse saves more than a start-up, near 2 MB.
 */
export const POOL_MIN_BYTES = 2 * 1024 * 1024;
export const POOL_MIN_FILES = 8;

/** Batch size: small enough to balance the workers, large enough that a message is not per file. */
export function batchBytes(totalBytes: number, jobs: number): number {
  return Math.min(1024 * 1024, Math.max(64 * 1024, Math.ceil(totalBytes / (jobs * 8))));
}

const WORKER = new URL('./worker.js', import.meta.url);

/** The compiled worker exists (not when hako runs from its TypeScript sources, e.g. under vitest). */
export function poolAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

/**
 * Knobs for tests only (`HAKO_TEST_POOL`, comma-separated): `force` uses the pool whatever the
 * size of the scan; `trace` says on standard error how many batches the pool ran and how many
 * files were read in the main thread; `batch=N` makes batches of N bytes; `crash=ID` / `throw=ID` make the worker
 * that receives batch ID exit / throw (read by the worker).
 */
export function testKnobs(env = process.env.HAKO_TEST_POOL): {
  force: boolean;
  trace: boolean;
  batch?: number;
  crash?: number;
  throw?: number;
} {
  const out: ReturnType<typeof testKnobs> = { force: false, trace: false };
  for (const part of (env ?? '').split(',')) {
    const [k, v] = part.split('=');
    if (k === 'force' || k === 'trace') out[k] = true;
    else if ((k === 'batch' || k === 'crash' || k === 'throw') && v !== undefined && /^\d+$/.test(v))
      out[k] = Number(v);
  }
  return out;
}

/**
 * Runs every request on up to `jobs` workers; `onResult(request, result)` is called once per
 * request, with `undefined` when its worker failed (the caller then reads that batch itself).
 * Resolves when every request is answered and the workers are gone; `stop()` ends the workers
 * early (the requests not yet answered are then answered with `undefined`).
 */
export function runPool(
  requests: BatchRequest[],
  jobs: number,
  onResult: (request: BatchRequest, result: BatchResult | undefined) => void,
): { done: Promise<void>; stop: () => void } {
  let next = 0;
  let answered = 0;
  let stopped = false;
  const live = new Set<Worker>();
  const current = new Map<Worker, BatchRequest>();
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let failed = false;
  const answer = (req: BatchRequest, res: BatchResult | undefined) => {
    if (failed) return;
    answered++;
    try {
      onResult(req, res);
    } catch (e) {
      failed = true;
      stopAll();
      reject(e);
      return;
    }
    if (answered === requests.length) {
      stopAll();
      resolve();
    }
  };
  const stopAll = () => {
    for (const w of live) void w.terminate();
  };
  const give = (w: Worker) => {
    if (stopped || failed || next >= requests.length) {
      live.delete(w);
      void w.terminate();
      return;
    }
    const req = requests[next++]!;
    current.set(w, req);
    w.postMessage(req);
  };
  /** Nothing left to run the remaining requests: the caller reads them itself. */
  const drain = () => {
    if (live.size > 0) return;
    while (next < requests.length) answer(requests[next++]!, undefined);
  };
  // a worker that failed is replaced, up to `jobs` times in all (a bug that kills every worker
  // does not start one per batch)
  let restarts = 0;
  const lost = (w: Worker) => {
    if (!live.has(w)) return;
    const req = current.get(w);
    current.delete(w);
    live.delete(w);
    if (req) answer(req, undefined);
    if (!stopped && !failed && next < requests.length && restarts < jobs) {
      restarts++;
      start();
    }
    drain();
  };
  const start = () => {
    const w = new Worker(WORKER);
    live.add(w);
    w.on('message', (res: BatchResult) => {
      const req = current.get(w);
      current.delete(w);
      if (req) answer(req, res);
      give(w);
    });
    // an uncaught exception is followed by 'exit'; a result that cannot be read loses the batch
    w.on('error', () => lost(w));
    w.on('messageerror', () => {
      lost(w);
      void w.terminate();
    });
    w.on('exit', () => lost(w));
    give(w);
  };
  const n = Math.max(1, Math.min(jobs, requests.length));
  for (let i = 0; i < n; i++) start();
  if (requests.length === 0) resolve();
  return {
    done,
    stop: () => {
      stopped = true;
      const pending = [...current.values()];
      current.clear();
      for (const w of live) void w.terminate();
      live.clear();
      for (const req of pending) answer(req, undefined);
      while (next < requests.length) answer(requests[next++]!, undefined);
    },
  };
}

/**
 * The non-empty lists of a worker's model fragment, ready to be posted: the model is plain data
 * but for the methods of workloads (a function cannot be cloned), which are taken off here and
 * given back by {@link revive} on the main thread. Nothing else in the model needs this: the
 * WeakMap of rendered references (src/parse/tree.ts) is only read while adapting, in the worker.
 */
export function fragmentLists(state: State): [string, unknown[]][] {
  for (const w of state.k8s.workloads) {
    const m = w as Partial<Pick<Workload, 'srcAt' | 'podInput'>>;
    delete m.srcAt;
    delete m.podInput;
  }
  return listsOf(state);
}

/** A list of a posted fragment as the model holds it (see {@link fragmentLists}). */
export function revive(path: string, items: unknown[]): unknown[] {
  if (path === 'k8s.workloads') for (const w of items) withWorkloadMethods(w as Workload);
  return items;
}

/** The non-empty lists of a model fragment, by path (`k8s.objects`, `aws.ecs.taskDefinitions`, ...). */
export function listsOf(state: State): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  walkLists(state, '', (p, a) => {
    if (a.length > 0) out.push([p, a]);
  });
  return out;
}

/** Every list of a model, by the paths {@link listsOf} gives. */
export function listIndex(state: State): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  walkLists(state, '', (p, a) => out.set(p, a));
  return out;
}

/** Appends every list of `from` to the same list of `into`, in order. */
export function appendState(into: State, from: State): void {
  const index = listIndex(into);
  for (const [p, items] of listsOf(from)) append(index.get(p), items, p);
}

/** `target.push(...items)` for lists of any length (spreading 100,000 items overflows the stack). */
export function append(target: unknown[] | undefined, items: unknown[], what: string): void {
  if (!target) throw new Error(`no list ${what} in the model`);
  for (const x of items) target.push(x);
}

function walkLists(o: object, prefix: string, f: (path: string, list: unknown[]) => void): void {
  for (const [k, v] of Object.entries(o)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v)) f(p, v);
    else if (v && typeof v === 'object') walkLists(v, p, f);
  }
}

/**
 * A worker of the scan pool (src/parallel/pool.ts): reads, parses and adapts each file of a batch
 * into a model fragment of its own, exactly as the main thread would (`ingestFile`), and sends the
 * fragments back. The main thread merges them in file order.
 */
import { parentPort } from 'node:worker_threads';
import { readInput } from '../io/read.js';
import { ingestFile, readError, type Sink } from '../load.js';
import { emptyState } from '../model/state.js';
import { AliasBudget, withAliasBudget } from '../parse/common.js';
import { type BatchRequest, type BatchResult, type FileOutcome, fragmentLists, testKnobs } from './pool.js';

// As in bin/hako.js: the `yaml` library reads process.env on every token; a plain copy is faster.
process.env = { ...process.env };

/**
 * Kinds whose adapter joins them to what other files gave (`get-role-policy` attaches to the role
 * of that name read before): the main thread adapts those files itself, in order.
 */
const JOINING_KINDS = new Set(['iam-role-policy']);

export function runBatch(req: BatchRequest): BatchResult {
  return { id: req.id, files: req.files.map((f) => runFile(req, f)) };
}

function runFile(req: BatchRequest, f: BatchRequest['files'][number]): FileOutcome {
  const r = readInput(f.abs, req.maxBytes);
  if (!r.ok) return { readError: readError(f.display, r), alias: 0 };
  const sink: Sink = { state: emptyState(), terraform: [], texts: [], plans: [] };
  const budget = new AliasBudget(req.aliasLimit);
  const kinds: string[] = [];
  const kept = withAliasBudget(budget, () =>
    ingestFile(sink, f.display, r.text, f.explicit, req.k8sVersion, f.abs, kinds, req.k8sFields ?? true),
  );
  const out: FileOutcome = { alias: budget.used };
  if (kept) out.kept = true;
  if (sink.terraform[0]) out.terraform = sink.terraform[0];
  if (kinds.some((k) => JOINING_KINDS.has(k))) {
    out.inProcess = true;
    return out;
  }
  const lists = fragmentLists(sink.state);
  if (sink.plans.length > 0) lists.push(['plans', sink.plans]);
  if (lists.length > 0) out.lists = lists;
  return out;
}

const port = parentPort;
if (port) {
  const knobs = testKnobs();
  port.on('message', (req: BatchRequest) => {
    if (knobs.crash === req.id) process.exit(70);
    if (knobs.throw === req.id) throw new Error(`injected failure in batch ${req.id}`);
    port.postMessage(runBatch(req));
  });
}

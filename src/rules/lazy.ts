/**
 * Which rules a scan must load: a rule whose traced reads (src/rules/registry.ts) all still hold
 * what an empty model holds would follow its empty-model path and report nothing, so its module
 * is not loaded (it counts as run: progress and `ctx.runs` are unchanged).
 */
import { emptyState, type State } from '../model/state.js';
import type { RuleEntry } from './registry.js';

function at(root: unknown, keys: string[]): unknown {
  let v = root;
  for (const k of keys) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

const size = (v: unknown) =>
  Array.isArray(v) ? v.length : v instanceof Map || v instanceof Set ? v.size : undefined;

/** One traced read: its path split once, and what the empty model holds there. */
interface Read {
  keys: string[];
  /** The empty model holds an empty collection there: the read "holds as empty" at size 0. */
  emptyCollection: boolean;
  /** Otherwise, the empty model's value (compared with Object.is). */
  value: unknown;
}

/** Each entry's reads against the shared empty model, worked out once (a webhook asks per review). */
const compiled = new WeakMap<RuleEntry, Read[] | null>();
let sharedEmpty: State | undefined;

function readsOf(entry: RuleEntry, empty: State | undefined): Read[] | null {
  if (entry.reads === null) return null;
  const shared = empty === undefined;
  if (shared) {
    const known = compiled.get(entry);
    if (known !== undefined) return known;
  }
  // the model is only read here, never changed: one empty model serves every scan
  if (!empty) sharedEmpty ??= emptyState();
  const base = empty ?? (sharedEmpty as State);
  const reads = entry.reads.map((p): Read => {
    const keys = p.split('.');
    const value = at(base, keys);
    return { keys, emptyCollection: size(value) === 0, value };
  });
  if (shared) compiled.set(entry, reads);
  return reads;
}

function asInEmpty(v: unknown, r: Read): boolean {
  const n = size(v);
  return n === undefined ? Object.is(v, r.value) : n === 0 && r.emptyCollection;
}

/**
 * True when the rule can report something on this model (or its reads are not known). `empty`:
 * the model to compare with (default: an empty model, built once and shared).
 */
export function mayReport(entry: RuleEntry, state: State, empty?: State): boolean {
  const reads = readsOf(entry, empty);
  if (reads === null) return true;
  for (const r of reads) if (!asInEmpty(at(state, r.keys), r)) return true;
  return false;
}

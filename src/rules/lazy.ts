/**
 * Which rules a scan must load: a rule whose traced reads (src/rules/registry.ts) all still hold
 * what an empty model holds would follow its empty-model path and report nothing, so its module
 * is not loaded (it counts as run: progress and `ctx.runs` are unchanged).
 */
import { emptyState, type State } from '../model/state.js';
import type { RuleEntry } from './registry.js';

/** Dotted model paths split once (a webhook asks the same ones for every review). */
const split = new Map<string, string[]>();

function at(root: unknown, dotted: string): unknown {
  let keys = split.get(dotted);
  if (!keys) {
    keys = dotted.split('.');
    split.set(dotted, keys);
  }
  let v = root;
  for (const k of keys) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return v;
}

const size = (v: unknown) =>
  Array.isArray(v) ? v.length : v instanceof Map || v instanceof Set ? v.size : undefined;

function asInEmpty(v: unknown, empty: unknown): boolean {
  const n = size(v);
  return n === undefined ? Object.is(v, empty) : n === 0 && size(empty) === 0;
}

/** True when the rule can report something on this model (or its reads are not known). */
export function mayReport(entry: RuleEntry, state: State, empty: State = emptyState()): boolean {
  return entry.reads === null || entry.reads.some((p) => !asInEmpty(at(state, p), at(empty, p)));
}

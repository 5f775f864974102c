/** The parts of the scan pool that need no worker: merging fragments, batch sizes, test knobs. */
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../src/model/state.js';
import { appendState, batchBytes, listsOf, testKnobs } from '../../src/parallel/pool.js';

describe('scan pool helpers', () => {
  it('appendState concatenates every list of a fragment, in order, whatever its length', () => {
    const into = emptyState();
    into.inputs.errors.push({ file: 'a', line: 1, message: 'first' });
    const from = emptyState();
    from.inputs.errors.push({ file: 'b', line: 2, message: 'second' });
    for (let i = 0; i < 200_000; i++) from.inputs.skipped.push({ file: `s${i}` } as never);
    from.aws.eks.addons.push({} as never);
    appendState(into, from);
    expect(into.inputs.errors.map((e) => e.message)).toEqual(['first', 'second']);
    expect(into.inputs.skipped).toHaveLength(200_000);
    expect(into.aws.eks.addons).toHaveLength(1);
  });

  it('listsOf names only the non-empty lists, by their path in the model', () => {
    const s = emptyState();
    s.k8s.rbac.roles.push({} as never);
    expect(listsOf(s).map(([p]) => p)).toEqual(['k8s.rbac.roles']);
  });

  it('batches stay between 64 KB and 1 MB', () => {
    expect(batchBytes(1000, 2)).toBe(64 * 1024);
    expect(batchBytes(1e9, 2)).toBe(1024 * 1024);
    expect(batchBytes(8 * 1024 * 1024, 2)).toBe(512 * 1024);
  });

  it('HAKO_TEST_POOL knobs', () => {
    expect(testKnobs(undefined)).toEqual({ force: false, trace: false });
    expect(testKnobs('force,trace,batch=10,crash=2,throw=x')).toEqual({
      force: true,
      trace: true,
      batch: 10,
      crash: 2,
    });
  });
});

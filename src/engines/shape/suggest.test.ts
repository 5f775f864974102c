import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['awsvcp', 'awsvpc', 1],
    ['kitten', 'sitting', 3],
    ['retries', 'retry', 3],
  ])('%s -> %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  /** The full-table OSA distance, the reference the banded one must agree with. */
  function reference(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          v = Math.min(v, d[i - 2]![j - 2]! + 1);
        d[i]![j] = v;
      }
    }
    return d[a.length]![b.length]!;
  }

  it('agrees with the full table, and a bound only caps the answer at max + 1', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const word = () => Array.from({ length: rnd(12) }, () => 'abcd'[rnd(4)]).join('');
    for (let k = 0; k < 2000; k++) {
      const [a, b] = [word(), word()];
      const want = reference(a, b);
      expect(editDistance(a, b)).toBe(want);
      for (const max of [0, 1, 2, 3, 5]) expect(editDistance(a, b, max)).toBe(Math.min(want, max + 1));
    }
  });

  it('bounded work: a 2 MB string against a short one answers at once', () => {
    const huge = 'p'.repeat(2 * 1024 * 1024);
    const started = Date.now();
    expect(editDistance(huge, 'privileged', 3)).toBe(4);
    expect(editDistance(`${'privileged'}${'x'.repeat(2)}`, 'privileged', 3)).toBe(2);
    expect(didYouMean(huge, ['privileged', 'image'])).toBeUndefined();
    expect(didYouMean(`privileged${'e'.repeat(1_000_000)}`, ['privileged'])).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('didYouMean', () => {
  const fields = ['name', 'image', 'readonlyRootFilesystem', 'privileged', 'memory', 'memoryReservation'];
  it.each([
    ['readOnlyRootFileSystem', fields, 'readonlyRootFilesystem'],
    ['readonlyRootFilesytem', fields, 'readonlyRootFilesystem'],
    ['memroy', fields, 'memory'],
    ['Image', fields, 'image'],
    ['emptyDir', ['name', 'host', 'dockerVolumeConfiguration'], undefined],
    ['CAP_SYS_ADMIN', ['SYS_ADMIN', 'SYS_PTRACE'], 'SYS_ADMIN'],
    ['cap_net_admin', ['NET_ADMIN'], 'NET_ADMIN'],
    ['tdp', ['tcp', 'udp'], undefined],
    ['TCP', ['tcp', 'udp'], 'tcp'],
    ['ENABLE', ['ENABLED', 'DISABLED'], 'ENABLED'],
    ['xyz', ['abc'], undefined],
  ] as [string, string[], string | undefined][])('%s', (input, candidates, want) => {
    expect(didYouMean(input, candidates)).toBe(want);
  });
});

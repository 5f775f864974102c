import { describe, expect, it } from 'vitest';
import { finding, resultOf } from '../../test/helpers/scan-result.js';
import { streamJson } from './json.js';
import { BATCH, buffered, collect, LazyArray, writeJson } from './stream.js';

/** Every shape JSON.stringify treats specially, in an element that is not "big". */
const element = (i: number) => ({
  i,
  s: 'line\n"quoted" \\ \u2028 😀',
  empty: { a: [], o: {} },
  nested: [1, [2, [3, {}]], { x: null, u: undefined, f: () => 1 }],
  n: Number.NaN,
  date: new Date(0),
});

describe('writeJson', () => {
  for (const n of [0, 1, BATCH - 1, BATCH, BATCH + 1, 3 * BATCH + 5]) {
    it(`writes exactly JSON.stringify(…, null, 2): ${n} elements, lazy, long and nested arrays`, () => {
      const items = Array.from({ length: n }, (_, i) => (i % 9 === 4 ? undefined : element(i)));
      const long = Array.from({ length: 20 }, (_, i) => ({
        i,
        list: Array.from({ length: i }, (_, j) => j),
      }));
      const value = {
        top: items,
        small: new LazyArray(n, () => items, true),
        lazy: new LazyArray(n, () => items),
        deep: { d: { e: [items, long, [new LazyArray(2, () => [long, 1])]] } },
        skip: undefined,
      };
      const plain = {
        top: items,
        small: items,
        lazy: items,
        deep: { d: { e: [items, long, [[long, 1]]] } },
      };
      const want = JSON.stringify(plain, null, 2);
      expect(collect((out) => writeJson(value, out))).toBe(want);
      // an indent that is not whole levels of two spaces still indents every line
      expect(collect((out) => writeJson(value, out, ' '))).toBe(want.replace(/\n/g, '\n '));
    });
  }

  it('writes a long array of small elements in batches, not element by element', () => {
    const n = 10 * BATCH;
    const chunks: string[] = [];
    writeJson(new LazyArray(n, () => Array.from({ length: n }, (_, i) => element(i)), true), (c) =>
      chunks.push(c),
    );
    expect(chunks.length).toBeLessThanOrEqual(n / BATCH + 2); // `[`, the batches, `]`
    expect(chunks.join('')).toBe(
      JSON.stringify(
        Array.from({ length: n }, (_, i) => element(i)),
        null,
        2,
      ),
    );
  });

  it('the JSON report: one chunk per batch of findings, the same bytes, no fingerprints', () => {
    const many = Array.from({ length: 3 * BATCH }, (_, i) =>
      finding({
        location: { file: `f${i % 4}.yaml`, startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 9 },
        ...(i % 3 ? { data: { field: `f${i}` } } : {}),
      }),
    );
    const result = resultOf(many);
    const chunks: string[] = [];
    streamJson(result, (c) => chunks.push(c));
    const { version, findings, errors, summary } = result;
    const stripped = findings.map(({ fingerprint: _f, ...f }) => f);
    expect(chunks.join('')).toBe(
      `${JSON.stringify({ version, findings: stripped, errors, summary }, null, 2)}\n`,
    );
    expect(chunks.filter((c) => c.includes('"ruleId"'))).toHaveLength(3);
  });
});

describe('buffered', () => {
  it('joins small chunks into writes of the size, passes a large chunk through as it is', () => {
    const writes: string[] = [];
    const b = buffered((s) => writes.push(s), 10);
    b.out('abc');
    b.out('defgh');
    b.out('ijk'); // 11 >= 10: written
    const big = 'x'.repeat(25);
    b.out(big);
    b.out('y');
    b.flush();
    b.flush();
    expect(writes).toEqual(['abcdefghijk', big, 'y']);
    expect(writes[1]).toBe(big);
  });
});

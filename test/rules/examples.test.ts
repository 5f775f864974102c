/**
 * Every rule's examples through the real parsers and adapters: each bad case must produce exactly
 * the findings it states (count, order, line, column, end, message ID; src/docs/examples.ts) and
 * nothing unreadable; each good case none.
 */
import { describe, expect, it } from 'vitest';
import {
  caseFormatProblem,
  type ExpectedFinding,
  expectedOf,
  findingsDiff,
  loadExamples,
  runExample,
} from '../../src/docs/examples.js';
import { allRules } from '../../src/rules/index.js';

describe('the example comparison can fail', () => {
  const actual: ExpectedFinding[] = [
    { line: 4, column: 18, endLine: 4, endColumn: 24, messageId: 'host' },
    { line: 9, column: 3, endLine: 9, endColumn: 30, messageId: 'bridge' },
  ];
  it('equal findings give no difference', () => {
    expect(findingsDiff(actual, structuredClone(actual))).toEqual([]);
  });
  it('a moved column, a swapped message ID, a swapped order and a missing finding each fail', () => {
    const moved = [{ ...actual[0]!, column: 19 }, actual[1]!];
    expect(findingsDiff(moved, actual)).toEqual(['#1 column: expected 19, got 18']);
    const swapped = [
      { ...actual[0]!, messageId: 'bridge' },
      { ...actual[1]!, messageId: 'host' },
    ];
    expect(findingsDiff(swapped, actual)).toHaveLength(2);
    expect(findingsDiff([actual[1]!, actual[0]!], actual).length).toBeGreaterThan(0);
    expect(findingsDiff([actual[0]!], actual)).toEqual([
      'expected 1 finding(s), got 2',
      '#2: unexpected 9:3-9:30 bridge',
    ]);
    expect(findingsDiff([...actual, actual[1]!], actual)[0]).toBe('expected 3 finding(s), got 2');
  });
  it('an end position, a file or an unknown field must match too', () => {
    expect(findingsDiff([{ ...actual[0]!, endLine: 5 }], [actual[0]!])).toEqual([
      '#1 endLine: expected 5, got 4',
    ]);
    expect(findingsDiff([{ ...actual[0]!, file: 'a.json' }], [actual[0]!])).toEqual([
      '#1 file: expected a.json, got undefined',
    ]);
    expect(findingsDiff([{ ...actual[0]!, lines: 4 } as ExpectedFinding], [actual[0]!])).toEqual([
      '#1: unknown field(s) lines',
    ]);
  });
  it('a case with lines: or without findings: is refused', () => {
    expect(caseFormatProblem({ name: 'x', files: {}, lines: [4] })).toMatch(/run npm run pin-examples/);
    expect(caseFormatProblem({ name: 'x', files: {} })).toMatch(/npm run pin-examples/);
    expect(caseFormatProblem({ name: 'x', files: {}, findings: [actual[0]!] })).toBeUndefined();
  });
});

for (const rule of allRules) {
  const ex = loadExamples(rule);
  describe(`${rule.meta.id} ${rule.meta.slug}`, () => {
    it('has bad and good examples', () => {
      expect(ex?.bad.length ?? 0).toBeGreaterThan(0);
      expect(ex?.good.length ?? 0).toBeGreaterThan(0);
    });
    for (const c of ex?.bad ?? []) {
      it(`bad: ${c.name}`, async () => {
        const problem = caseFormatProblem(c);
        if (problem) expect.fail(problem);
        const { mine, unreadable } = await runExample(rule, c);
        expect(unreadable.map((f) => f.message)).toEqual([]);
        const actual = expectedOf(mine, Object.keys(c.files).length > 1);
        expect(findingsDiff(c.findings!, actual), mine.map((f) => f.message).join('\n')).toEqual([]);
      });
    }
    for (const c of ex?.good ?? []) {
      it(`good: ${c.name}`, async () => {
        const { mine, unreadable } = await runExample(rule, c);
        expect(unreadable.map((f) => f.message)).toEqual([]);
        expect(mine.map((f) => `${f.location.startLine}: ${f.message}`)).toEqual([]);
      });
    }
  });
}

/**
 * Every rule's examples through the real parsers and adapters: each bad case must produce that
 * rule's findings (at the exact lines when given) and nothing unreadable; each good case none.
 */
import { describe, expect, it } from 'vitest';
import { type ExampleCase, loadExamples } from '../../src/docs/examples.js';
import { allRules } from '../../src/rules/index.js';
import { scan } from '../../src/scan.js';

const NOW = new Date('2026-11-28T00:00:00Z');

async function run(ruleId: string, files: Record<string, string>, pss?: ExampleCase['pss']) {
  const result = await scan({
    inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
    rules: [ruleId],
    now: NOW,
    pss,
  });
  return {
    mine: result.findings.filter((f) => f.ruleId === ruleId),
    unreadable: result.findings.filter((f) => f.ruleId === 'HAKO-001' && ruleId !== 'HAKO-001'),
  };
}

for (const rule of allRules) {
  const ex = loadExamples(rule);
  describe(`${rule.meta.id} ${rule.meta.slug}`, () => {
    it('has bad and good examples', () => {
      expect(ex?.bad.length ?? 0).toBeGreaterThan(0);
      expect(ex?.good.length ?? 0).toBeGreaterThan(0);
    });
    for (const c of ex?.bad ?? []) {
      it(`bad: ${c.name}`, async () => {
        const { mine, unreadable } = await run(rule.meta.id, c.files, c.pss);
        expect(unreadable.map((f) => f.message)).toEqual([]);
        expect(mine.length).toBeGreaterThan(0);
        if (c.lines) expect(mine.map((f) => f.location.startLine)).toEqual(c.lines);
      });
    }
    for (const c of ex?.good ?? []) {
      it(`good: ${c.name}`, async () => {
        const { mine, unreadable } = await run(rule.meta.id, c.files, c.pss);
        expect(unreadable.map((f) => f.message)).toEqual([]);
        expect(mine.map((f) => `${f.location.startLine}: ${f.message}`)).toEqual([]);
      });
    }
  });
}

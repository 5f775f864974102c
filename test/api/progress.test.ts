import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ScanProgress, scan } from '../../src/index.js';
import { allRules } from '../../src/rules/index.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('scan({ onProgress })', () => {
  it('reports discover, read, parse and rules in order, each counting 1..total', async () => {
    const events: ScanProgress[] = [];
    const out = await scan({
      paths: ['examples/insecure/ecs', 'examples/insecure/terraform', 'missing.json'],
      inputs: [
        {
          path: '<stdin>',
          content:
            'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n',
        },
      ],
      cwd: root,
      onProgress: (e) => events.push({ ...e }),
    });
    const phases = events.map((e) => e.phase);
    // Phases never go back.
    const order = ['discover', 'read', 'parse', 'rules'];
    for (let i = 1; i < phases.length; i++)
      expect(order.indexOf(phases[i]!)).toBeGreaterThanOrEqual(order.indexOf(phases[i - 1]!));
    const of = (p: ScanProgress['phase']) => events.filter((e) => e.phase === p);

    const [discovered] = of('discover');
    expect(of('discover')).toHaveLength(1);
    expect(discovered!.total).toBe(out.summary.files);
    expect(discovered!.done).toBe(discovered!.total);

    for (const p of ['read', 'parse', 'rules'] as const) {
      const list = of(p);
      expect(list.map((e) => e.done)).toEqual(list.map((_, i) => i + 1));
      expect(new Set(list.map((e) => e.total))).toEqual(new Set([list.length]));
    }
    expect(of('read')).toHaveLength(discovered!.total);
    expect(of('read').map((e) => e.file)).toContain('<stdin>');
    expect(
      of('parse')
        .map((e) => e.file)
        .sort(),
    ).toEqual(
      of('read')
        .map((e) => e.file)
        .sort(),
    );
    expect(of('parse').some((e) => e.file?.endsWith('.tf'))).toBe(true);
    expect(of('rules').map((e) => e.rule)).toEqual(allRules.map((r) => r.meta.id));
    expect(out.fatal).toEqual(['missing.json']);
  });

  it('counts only the rules that run, and a file that cannot be read is read but not parsed', async () => {
    const events: ScanProgress[] = [];
    await scan({
      paths: ['examples/insecure/ecs'],
      cwd: root,
      rules: ['ECS-003'],
      readFile: (abs) => {
        if (abs.endsWith('.json') && events.filter((e) => e.phase === 'read').length === 0)
          throw new Error('EIO');
        return Buffer.from('{}');
      },
      onProgress: (e) => events.push({ ...e }),
    });
    const reads = events.filter((e) => e.phase === 'read');
    const parses = events.filter((e) => e.phase === 'parse');
    expect(parses.length).toBe(reads.length - 1);
    expect(events.filter((e) => e.phase === 'rules').map((e) => e.rule)).toEqual(
      ['ECS-003', 'HAKO-001']
        .filter((id) => allRules.some((r) => r.meta.id === id))
        .sort(
          (a, b) => allRules.findIndex((r) => r.meta.id === a) - allRules.findIndex((r) => r.meta.id === b),
        ),
    );
  });
});

/**
 * scan() loads only the rules that can report on the model (src/rules/lazy.ts, reads traced by
 * scripts/gen-rules-index.ts). Soundness over every model we have: each rule example of every
 * rule (so also inputs written for other rules), examples/ and test/fixtures — any rule that
 * reports on a model must be one `mayReport` keeps.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExamples } from '../../src/docs/examples.js';
import { type LoadOptions, loadInputs, prepareLoad } from '../../src/load.js';
import type { State } from '../../src/model/state.js';
import { allRules } from '../../src/rules/index.js';
import { mayReport } from '../../src/rules/lazy.js';
import { ruleEntries } from '../../src/rules/registry.js';
import type { Rule } from '../../src/rules/types.js';
import { scan } from '../../src/scan.js';

const root = path.resolve(import.meta.dirname, '../..');
const entry = new Map(ruleEntries.map((e) => [e.id, e]));

async function reports(rule: Rule, state: State): Promise<boolean> {
  let n = 0;
  await rule.check(state, {
    report: () => {
      n++;
    },
    now: new Date('2026-12-01T00:00:00Z'),
    pss: { level: 'restricted', version: 'latest' },
    runs: () => true,
  });
  return n > 0;
}

const models: { name: string; opts: LoadOptions }[] = [];
for (const rule of allRules) {
  const ex = loadExamples(rule);
  for (const c of [...(ex?.bad ?? []), ...(ex?.good ?? [])])
    models.push({
      name: `${rule.meta.id} ${c.name}`,
      opts: { inputs: Object.entries(c.files).map(([p, content]) => ({ path: p, content })) },
    });
}
for (const dir of ['examples', 'test/fixtures'])
  for (const d of readdirSync(path.join(root, dir)))
    if (statSync(path.join(root, dir, d)).isDirectory())
      models.push({ name: `${dir}/${d}`, opts: { paths: [`${dir}/${d}`], cwd: root } });

describe('lazy rule loading', () => {
  let missed: string[] = [];
  beforeAll(async () => {
    missed = [];
    for (const m of models) {
      const { state } = loadInputs(await prepareLoad(m.opts));
      for (const rule of allRules) {
        const e = entry.get(rule.meta.id)!;
        if (!mayReport(e, state) && (await reports(rule, state))) missed.push(`${rule.meta.id} on ${m.name}`);
      }
    }
  }, 240_000);

  it(`never leaves out a rule that reports (${models.length} models)`, () => {
    expect(models.length).toBeGreaterThan(300);
    expect(missed).toEqual([]);
  });

  it('every rule has an entry, and a Kubernetes pod does not need the ECS rules', async () => {
    expect(ruleEntries.map((e) => e.id)).toEqual(allRules.map((r) => r.meta.id));
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n';
    const { state } = loadInputs({ inputs: [{ path: 'pod.yaml', content: pod }] });
    expect(mayReport(entry.get('K8S-001') ?? ruleEntries.find((e) => e.id.startsWith('K8S-'))!, state)).toBe(
      true,
    );
    expect(ruleEntries.filter((e) => e.id.startsWith('ECS-') && mayReport(e, state))).toEqual([]);
  });

  it('the rules left out still count as run (progress total = every selected rule)', async () => {
    let total = 0;
    await scan({
      inputs: [{ path: 'x.json', content: '{"family": "f", "containerDefinitions": []}' }],
      onProgress: (e) => {
        if (e.phase === 'rules') total = e.total;
      },
    });
    expect(total).toBe(ruleEntries.length);
  });

  it('a rule module is imported once: every load() of an entry gives the same promise and rule', async () => {
    const e = ruleEntries[0]!;
    const first = e.load();
    expect(e.load()).toBe(first);
    expect(await e.load()).toBe(await first);
    expect((await first).meta.id).toBe(e.id);
    // and once imported it is at hand without a promise (what a warm scan takes)
    expect(e.load.loaded).toBe(await first);
  });
});

/**
 * Findings carry the ID of the message that fired (JSON and SARIF too), and related locations are
 * `{ src, messageId, data }` templates of `meta.messages` or `{ src, note, data }` notes of hako
 * (src/notes.ts), both translated like the main message; there is no fixed-text form.
 */
import { describe, expect, it, vi } from 'vitest';
import { defineRule, noEquivalents, type Related } from '../../src/rules/types.js';

const probe = defineRule<'main' | 'where'>({
  meta: {
    id: 'ECS-999',
    slug: 'ecs-probe',
    service: 'ecs',
    severity: 'low',
    title: { en: 'Probe', ja: 'プローブ' },
    rationale: { en: 'Probe.', ja: 'プローブ。' },
    remediation: { en: 'None.', ja: 'なし。' },
    references: ['https://example.com/'],
    equivalents: noEquivalents(),
    inputs: ['ecs-json'],
    messages: {
      en: { main: 'task "{family}" probed', where: 'container "{name}" is here' },
      ja: { main: 'タスク "{family}" を調べました', where: 'コンテナ "{name}" はここです' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      const c = td.containers[0]!;
      const note: Related = { src: c.src, note: 'mountedBy', data: { container: 'app', path: '/data' } };
      // @ts-expect-error a rule cannot pass fixed text: every related entry is translated
      const text: Related = { src: c.src, message: 'fixed English text' };
      void text;
      ctx.report({
        at: td.src,
        resource: td,
        messageId: 'main',
        data: { family: td.family.value },
        related: [{ src: c.src, messageId: 'where', data: { name: 'app' } }, note],
      });
    }
  },
});

vi.mock('../../src/rules/registry.js', () => ({
  ruleEntries: [
    { id: 'ECS-999', aliases: [], severity: probe.meta.severity, reads: null, load: async () => probe },
  ],
}));

const TASK = `{
  "family": "web",
  "containerDefinitions": [
    { "name": "app", "image": "nginx:1.27" }
  ]
}
`;

async function run(lang: 'en' | 'ja') {
  const { scan } = await import('../../src/scan.js');
  const r = await scan({ inputs: [{ path: 'task.json', content: TASK }], rules: ['ECS-999'], lang });
  return r.findings.filter((f) => f.ruleId === 'ECS-999');
}

describe('message IDs', () => {
  it('a finding names the message ID that fired', async () => {
    const [f] = await run('en');
    expect(f?.messageId).toBe('main');
    expect(f?.message).toBe('task "web" probed');
  });

  it('related locations take a translated template of the rule or a translated note of hako', async () => {
    const [en] = await run('en');
    expect(en?.related).toEqual([
      { file: 'task.json', startLine: 4, message: 'container "app" is here', messageId: 'where' },
      { file: 'task.json', startLine: 4, message: 'mounted by container app at /data', noteId: 'mountedBy' },
    ]);
    const [ja] = await run('ja');
    expect(ja?.related.map((r) => r.message)).toEqual([
      'コンテナ "app" はここです',
      'コンテナ app が /data にマウントしています',
    ]);
  });

  it('--format json and SARIF carry the message ID', async () => {
    const { renderJson } = await import('../../src/report/json.js');
    const { buildSarif } = await import('../../src/report/sarif.js');
    const { scan } = await import('../../src/scan.js');
    const result = await scan({ inputs: [{ path: 'task.json', content: TASK }], rules: ['ECS-999'] });
    const json = JSON.parse(renderJson(result)) as { findings: { ruleId: string; messageId: string }[] };
    expect(json.findings.find((f) => f.ruleId === 'ECS-999')?.messageId).toBe('main');
    const sarif = buildSarif(result, { root: process.cwd(), lang: 'en', colour: false, version: '0.0.0' });
    const res = sarif.runs[0]!.results!.find((x) => x.ruleId === 'ECS-999');
    expect(res?.properties?.messageId).toBe('main');
  });
});

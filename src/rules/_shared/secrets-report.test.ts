/** The report loop ECS-008 and K8S-007 share (`reportPlainSecret`), alone and through both rules. */
import { describe, expect, it } from 'vitest';
import { json, runRule } from '../../../test/helpers/run-rule.js';
import type { Resource } from '../../model/resource.js';
import { defaulted, explicit, unresolved } from '../../model/source.js';
import type { Report, RuleContext } from '../types.js';
import { reportPlainSecret } from './secrets.js';

const AWS_KEY_ID = ['AKIA', 'Z7Q4M2RXK9TB3WEH'].join('');
const at = { file: 'x.yaml', startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 };
const resource = { ref: { kind: 'Pod', name: 'p', namespace: null, address: 'p' } } as unknown as Resource;
const ids = { pattern: 'p', name: 'n' } as const;

function collect(entry: Parameters<typeof reportPlainSecret>[1]): {
  reports: Report<'p' | 'n'>[];
  built: number;
} {
  const reports: Report<'p' | 'n'>[] = [];
  let built = 0;
  const ctx: RuleContext<'p' | 'n'> = {
    report: (r) => {
      reports.push(r);
    },
    now: new Date('2026-11-28T00:00:00Z'),
    pss: { level: 'baseline', version: 'latest' },
  };
  reportPlainSecret(ctx, entry, {
    resource,
    messageIds: ids,
    data: () => {
      built++;
      return { who: 'x' };
    },
  });
  return { reports, built };
}

describe('reportPlainSecret', () => {
  it('reports a credential format with its label, at the value', () => {
    const { reports } = collect({ name: explicit('ANYTHING', at), value: explicit(AWS_KEY_ID, at) });
    expect(reports).toEqual([
      {
        at,
        resource,
        messageId: 'p',
        data: { who: 'x', label: 'AWS access key ID' },
        // the label is a word, not a value: the message shows it in the scan's language
        localized: { label: { en: 'AWS access key ID', ja: 'AWS アクセスキー ID' } },
      },
    ]);
  });

  it('reports a sensitive name with a literal value under the name message', () => {
    const { reports } = collect({ name: explicit('DB_PASSWORD', at), value: explicit('hunter22', at) });
    expect(reports.map((r) => [r.messageId, r.data])).toEqual([['n', { who: 'x' }]]);
  });

  it('judges no unresolved name or value, no default value, no valueFrom entry; builds no data for them', () => {
    for (const entry of [
      { name: unresolved('var.n', at), value: explicit(AWS_KEY_ID, at) },
      { name: explicit('DB_PASSWORD', at), value: unresolved('var.v', at) },
      { name: explicit('DB_PASSWORD', at), value: defaulted('hunter22', at) },
      { name: explicit('DB_PASSWORD', at) },
      { name: explicit('LOG_LEVEL', at), value: explicit('debug', at) },
    ])
      expect(collect(entry)).toEqual({ reports: [], built: 0 });
  });
});

describe('ECS-008 and K8S-007 through the shared loop', () => {
  const task = json({
    family: 'web',
    containerDefinitions: [
      {
        name: 'app',
        image: 'nginx:1.27',
        environment: [
          { name: 'KEY', value: AWS_KEY_ID },
          { name: 'DB_PASSWORD', value: 'hunter22' },
          { name: 'LOG_LEVEL', value: 'debug' },
        ],
      },
    ],
  });
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - image: nginx:1.27
      env:
        - name: KEY
          value: ${AWS_KEY_ID}
        - name: 'DB_"PASSWORD'
          value: hunter22
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  api_key: hunter22
`;

  it('gives the same message IDs for the same entries', async () => {
    const ecs = await runRule('ECS-008', { 'web.task.json': task });
    const k8s = await runRule('K8S-007', { 'pod.yaml': pod });
    expect(ecs.map((f) => f.messageId)).toEqual(['pattern', 'name']);
    expect(k8s.map((f) => f.messageId)).toEqual(['pattern', 'name', 'configMapName']);
  });

  it('quotes each name once: an unnamed container is (unnamed), a quote inside a name is escaped', async () => {
    const [pattern, name, configMap] = await runRule('K8S-007', { 'pod.yaml': pod });
    expect(pattern?.message).toBe(
      'Pod "web": environment variable "KEY" of container (unnamed) holds a AWS access key ID in plain text',
    );
    expect(name?.message).toBe(
      'Pod "web": environment variable "DB_\\"PASSWORD" of container (unnamed) holds a secret in plain text',
    );
    expect(configMap?.message).toBe(
      'ConfigMap "settings": key "api_key" holds a secret in plain text; ConfigMaps are not for confidential data',
    );
    const [ecs] = await runRule('ECS-008', { 'web.task.json': task });
    expect(ecs?.message).toBe(
      'environment variable "KEY" of container "app" holds a AWS access key ID in plain text',
    );
  });
});

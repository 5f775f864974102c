import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';

const ROLE = 'arn:aws:iam::111122223333:role/app';
const TOKEN = '/var/run/secrets/eks.amazonaws.com/serviceaccount/token';

const pod = (namespace: string | undefined, env: { name: string; value: string }[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...(namespace ? { namespace } : {}) },
  spec: { serviceAccountName: 'app', containers: [{ name: 'c', image: 'busybox:1.36', env }] },
});
const sa = (namespace: string, role: string) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'app', namespace, annotations: { 'eks.amazonaws.com/role-arn': role } },
});

async function kinds(...docs: object[]): Promise<string[]> {
  const found = await runRule('K8S-010', {
    'all.yaml': `${docs.map((d) => JSON.stringify(d)).join('\n---\n')}\n`,
  });
  return found.map((f) => f.messageId);
}

describe('K8S-010', () => {
  const both = [
    { name: 'AWS_ROLE_ARN', value: ROLE },
    { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: TOKEN },
  ];
  it.each<[string, object[], string[]]>([
    ['both by hand, no ServiceAccount scanned', [pod('shop', both)], ['manual', 'manual']],
    [
      'the token file alone',
      [pod('shop', [{ name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: TOKEN }])],
      ['alone'],
    ],
    ['both by hand, equal to the annotation', [pod('shop', both), sa('shop', ROLE)], ['manual', 'manual']],
    [
      'role differs from the annotation',
      [pod('shop', both), sa('shop', `${ROLE}-v2`)],
      ['mismatch', 'manual'],
    ],
    [
      'annotation of a ServiceAccount in another namespace',
      [pod('shop', both), sa('ops', `${ROLE}-v2`)],
      ['manual', 'manual'],
    ],
    [
      'namespace unknown and two candidate ServiceAccounts: no comparison',
      [pod(undefined, both), sa('ops', `${ROLE}-v2`), sa('shop', `${ROLE}-v3`)],
      ['manual', 'manual'],
    ],
    ['other AWS variables', [pod('shop', [{ name: 'AWS_REGION', value: 'eu-west-1' }])], []],
  ])('%s', async (_, docs, want) => expect(await kinds(...docs)).toEqual(want));

  it('speaks Japanese', async () => {
    const [f] = await runRule(
      'K8S-010',
      { 'pod.json': JSON.stringify(pod('shop', [{ name: 'AWS_ROLE_ARN', value: ROLE }])) },
      'ja',
    );
    expect(f?.message).toBe(
      'Pod "p": コンテナ "c" は AWS_WEB_IDENTITY_TOKEN_FILE なしで AWS_ROLE_ARN を手動で設定しています。EKS Pod Identity Webhook はどちらも注入せず、AWS SDK の Web ID 認証には両方が必要です',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';

const pod = (spec: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'shop' },
  spec: { serviceAccountName: 'web', containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec },
});
const sa = (extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'web', namespace: 'shop' },
  ...extra,
});
const bindingTo = (subject: object) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'b' },
  subjects: [subject],
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
});

async function messageIds(...docs: object[]): Promise<string[]> {
  const text = docs.map((d) => JSON.stringify(d)).join('\n---\n');
  const found = await runRule('K8S-006', { 'all.yaml': `${text}\n` });
  return found.map((f) => f.message.split(' ').slice(2, 4).join(' '));
}

describe('K8S-006', () => {
  it.each<[string, object[], string[]]>([
    ['no RBAC and no ServiceAccount: not knowable', [pod()], []],
    ['the ServiceAccount is scanned and nothing binds it', [pod(), sa()], ['gets the']],
    [
      'a binding for another account is in the scan',
      [pod(), bindingTo({ kind: 'User', name: 'alice' })],
      ['gets the'],
    ],
    ['bound by name', [pod(), bindingTo({ kind: 'ServiceAccount', name: 'web', namespace: 'shop' })], []],
    [
      'bound through a group of all ServiceAccounts',
      [pod(), bindingTo({ kind: 'Group', name: 'system:serviceaccounts' })],
      [],
    ],
    ['pod opts out', [pod({ automountServiceAccountToken: false }), sa()], []],
    ['ServiceAccount opts out', [pod(), sa({ automountServiceAccountToken: false })], []],
    [
      'pod opts in explicitly',
      [pod({ automountServiceAccountToken: true }), sa()],
      ['sets automountServiceAccountToken:'],
    ],
    [
      'pod opts in over the ServiceAccount opt-out',
      [pod({ automountServiceAccountToken: true }), sa({ automountServiceAccountToken: false })],
      ['sets automountServiceAccountToken:'],
    ],
  ])('%s', async (_, docs, want) => expect(await messageIds(...docs)).toEqual(want));

  it('says which way the token is mounted', async () => {
    const [f] = await runRule('K8S-006', {
      'all.yaml': `${JSON.stringify(pod({ automountServiceAccountToken: true }))}\n---\n${JSON.stringify(sa({ automountServiceAccountToken: false }))}\n`,
    });
    expect(f?.message).toBe(
      'Pod "p" sets automountServiceAccountToken: true, overriding ServiceAccount "web", which opts out, and no RoleBinding or ClusterRoleBinding in the scan grants that ServiceAccount anything',
    );
    expect(f?.related.map((r) => [r.startLine, r.message])).toEqual([
      [3, 'ServiceAccount "web" sets automountServiceAccountToken: false'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import { writtenNamespace } from '../../model/k8s/object.js';
import { emptyState, type State } from '../../model/state.js';
import { accountIndex, accountsFor, type Match, namespaceOf, subjectsFor, tokenMount } from './_objects.js';

function stateOf(...docs: unknown[]): State {
  const state = emptyState();
  docs.forEach((d, i) => {
    adaptText(`f${i}.json`, 'json', json(d), state);
  });
  return state;
}

const rbac = 'rbac.authorization.k8s.io/v1';
const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' };
const binding = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  namespace: string | undefined,
  subject: object,
) => ({
  apiVersion: rbac,
  kind,
  metadata: { name: 'b', ...(namespace ? { namespace } : {}) },
  subjects: [subject],
  roleRef,
});
const pod = (namespace: string | undefined, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...(namespace ? { namespace } : {}) },
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...spec },
});
const account = (name: string, namespace: string | undefined, automount?: boolean) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
});

describe('subjectsFor', () => {
  const sa = (name: string, namespace?: string) => ({ kind: 'ServiceAccount', name, namespace });
  it.each<[string, object, string | null, string, Match, number]>([
    [
      'SA subject, same namespace',
      binding('RoleBinding', 'shop', sa('web', 'shop')),
      'shop',
      'web',
      'definite',
      1,
    ],
    [
      'SA subject, other namespace',
      binding('RoleBinding', 'shop', sa('web', 'ops')),
      'shop',
      'web',
      'possible',
      0,
    ],
    [
      'SA subject, other name',
      binding('RoleBinding', 'shop', sa('api', 'shop')),
      'shop',
      'web',
      'possible',
      0,
    ],
    [
      'RoleBinding subject without namespace: the binding’s',
      binding('RoleBinding', 'shop', sa('web')),
      'shop',
      'web',
      'definite',
      1,
    ],
    [
      'RoleBinding without namespace: unknown, possible only',
      binding('RoleBinding', undefined, sa('web')),
      'shop',
      'web',
      'possible',
      1,
    ],
    [
      'RoleBinding without namespace: not definite',
      binding('RoleBinding', undefined, sa('web')),
      'shop',
      'web',
      'definite',
      0,
    ],
    [
      'ClusterRoleBinding SA subject without namespace is invalid',
      binding('ClusterRoleBinding', undefined, sa('web')),
      'shop',
      'web',
      'possible',
      0,
    ],
    [
      'ClusterRoleBinding SA subject',
      binding('ClusterRoleBinding', undefined, sa('web', 'shop')),
      'shop',
      'web',
      'definite',
      1,
    ],
    [
      'User system:serviceaccount:<ns>:<name>',
      binding('ClusterRoleBinding', undefined, { kind: 'User', name: 'system:serviceaccount:shop:web' }),
      'shop',
      'web',
      'definite',
      1,
    ],
    [
      'User of another account',
      binding('ClusterRoleBinding', undefined, { kind: 'User', name: 'system:serviceaccount:shop:api' }),
      'shop',
      'web',
      'possible',
      0,
    ],
    [
      'Group system:serviceaccounts',
      binding('ClusterRoleBinding', undefined, { kind: 'Group', name: 'system:serviceaccounts' }),
      'shop',
      'web',
      'possible',
      1,
    ],
    [
      'Group system:serviceaccounts is never definite',
      binding('ClusterRoleBinding', undefined, { kind: 'Group', name: 'system:serviceaccounts' }),
      'shop',
      'web',
      'definite',
      0,
    ],
    [
      'Group of the namespace',
      binding('RoleBinding', 'shop', { kind: 'Group', name: 'system:serviceaccounts:shop' }),
      'shop',
      'web',
      'possible',
      1,
    ],
    [
      'Group of another namespace',
      binding('RoleBinding', 'ops', { kind: 'Group', name: 'system:serviceaccounts:ops' }),
      'shop',
      'web',
      'possible',
      0,
    ],
    [
      'Group system:authenticated',
      binding('ClusterRoleBinding', undefined, { kind: 'Group', name: 'system:authenticated' }),
      'shop',
      'web',
      'possible',
      1,
    ],
    [
      'a human user',
      binding('ClusterRoleBinding', undefined, { kind: 'User', name: 'alice' }),
      'shop',
      'web',
      'possible',
      0,
    ],
    [
      'pod namespace unknown: any namespace may be its',
      binding('RoleBinding', 'ops', sa('web', 'ops')),
      null,
      'web',
      'possible',
      1,
    ],
    [
      'pod namespace unknown: never definite',
      binding('RoleBinding', 'ops', sa('web', 'ops')),
      null,
      'web',
      'definite',
      0,
    ],
  ])('%s', (_, b, ns, name, match, count) => {
    expect(subjectsFor(accountIndex(stateOf(b)), ns, name, match)).toHaveLength(count);
  });

  it('knows whether the scan holds any binding', () => {
    expect(accountIndex(stateOf(pod('shop'))).hasBindings).toBe(false);
    expect(
      accountIndex(stateOf(binding('RoleBinding', 'shop', { kind: 'User', name: 'alice' }))).hasBindings,
    ).toBe(true);
  });
});

describe('tokenMount', () => {
  const mount = (...docs: unknown[]) => {
    const state = stateOf(...docs);
    const w = state.k8s.workloads[0]!;
    const { mounted, by, overrides } = tokenMount(w, accountIndex(state));
    return { mounted, by, overrides: overrides !== undefined };
  };
  it.each<[string, unknown[], ReturnType<typeof mount>]>([
    ['nothing set: mounted', [pod('shop')], { mounted: true, by: 'default', overrides: false }],
    [
      'pod false',
      [pod('shop', { automountServiceAccountToken: false })],
      { mounted: false, by: 'pod', overrides: false },
    ],
    [
      'pod true',
      [pod('shop', { automountServiceAccountToken: true })],
      { mounted: true, by: 'pod', overrides: false },
    ],
    [
      'ServiceAccount false',
      [pod('shop'), account('default', 'shop', false)],
      { mounted: false, by: 'serviceAccount', overrides: false },
    ],
    [
      'ServiceAccount true',
      [pod('shop'), account('default', 'shop', true)],
      { mounted: true, by: 'default', overrides: false },
    ],
    [
      'pod true overrides ServiceAccount false',
      [pod('shop', { automountServiceAccountToken: true }), account('default', 'shop', false)],
      { mounted: true, by: 'pod', overrides: true },
    ],
    [
      'ServiceAccount of another namespace',
      [pod('shop'), account('default', 'ops', false)],
      { mounted: true, by: 'default', overrides: false },
    ],
    [
      'ServiceAccount of another name',
      [pod('shop', { serviceAccountName: 'web' }), account('default', 'shop', false)],
      { mounted: true, by: 'default', overrides: false },
    ],
    [
      'deprecated serviceAccount field',
      [pod('shop', { serviceAccount: 'web' }), account('web', 'shop', false)],
      { mounted: false, by: 'serviceAccount', overrides: false },
    ],
    [
      'namespace unknown: a ServiceAccount that may be the pod’s opts out',
      [pod(undefined), account('default', 'ops', false)],
      { mounted: false, by: 'serviceAccount', overrides: false },
    ],
  ])('%s', (_, docs, want) => expect(mount(...docs)).toEqual(want));
});

describe('namespaceOf and accountsFor', () => {
  it('treats an omitted namespace as unknown, never default', () => {
    const state = stateOf(pod(undefined), pod('default'));
    expect(state.k8s.workloads.map(namespaceOf)).toEqual([null, 'default']);
  });
  it('matches ServiceAccount objects by name and a compatible namespace', () => {
    const idx = accountIndex(
      stateOf(account('web', 'shop'), account('web', undefined), account('web', 'ops')),
    );
    expect(accountsFor(idx, 'shop', 'web').map((a) => [a.namespace.value, a.namespace.origin])).toEqual([
      ['shop', 'explicit'],
      ['default', 'default'],
    ]);
    expect(accountsFor(idx, null, 'web')).toHaveLength(3);
    expect(accountsFor(idx, 'shop', 'api')).toHaveLength(0);
  });
});

describe('subjectsFor and accountsFor: indexed look-ups give what a filter of every item gives', () => {
  const same = (a: string | null, b: string | null, match: Match) =>
    match === 'definite'
      ? a !== null && a !== '*' && a === b
      : a === null || b === null || a === '*' || a === b;
  it('in list order, for every name, namespace and match, with `*` subjects interleaved', () => {
    const subjects = [
      { kind: 'ServiceAccount', name: 'web', namespace: 'shop' },
      { kind: 'Group', name: 'system:serviceaccounts' },
      { kind: 'ServiceAccount', name: 'web' },
      { kind: 'Group', name: 'system:serviceaccounts:shop' },
      { kind: 'User', name: 'system:serviceaccount:ops:web' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'shop' },
      { kind: 'ServiceAccount', name: 'web', namespace: '*' },
      { kind: 'Group', name: 'system:serviceaccounts:ops' },
    ];
    const namespaces = ['shop', undefined, 'ops', 'shop', undefined, 'ops', 'shop', 'shop'];
    const idx = accountIndex(
      stateOf(
        ...subjects.map((s, i) => binding('RoleBinding', namespaces[i], s)),
        account('web', 'shop'),
        account('default', undefined),
        account('web', undefined),
        account('web', 'ops'),
        account('web', '*'),
      ),
    );
    expect(idx.subjects.length).toBeGreaterThan(6);
    for (const name of ['web', 'default', 'api', '*'])
      for (const ns of ['shop', 'ops', 'other', '*', null])
        for (const match of ['possible', 'definite'] as const) {
          const want = idx.subjects.filter(
            (s) =>
              (s.name === name || (match === 'possible' && s.name === '*')) && same(s.namespace, ns, match),
          );
          expect(subjectsFor(idx, ns, name, match), `${name} ${ns} ${match}`).toEqual(want);
          const accounts = idx.accounts.filter(
            (a) => a.name === name && same(writtenNamespace(a.object), ns, 'possible'),
          );
          expect(accountsFor(idx, ns, name), `${name} ${ns}`).toEqual(accounts);
        }
  });
});

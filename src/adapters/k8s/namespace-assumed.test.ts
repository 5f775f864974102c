/**
 * `resource.address` is `Kind/namespace/name`: a namespaced object without `metadata.namespace`
 * lands in `default` (kubectl's namespace unless `-n` or the context says otherwise), and every
 * finding on it says the namespace was assumed. Cluster-scoped kinds and custom resources keep
 * `Kind/name` with namespace null.
 */
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../../test/helpers/run-rule.js';
import { emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: busybox:1.36
`;

describe('namespace assumed', () => {
  it.each([
    ['v1', 'Pod', 'metadata: { name: p }', 'Pod/default/p', 'default', true],
    ['v1', 'Pod', 'metadata: { name: p, namespace: shop }', 'Pod/shop/p', 'shop', false],
    ['v1', 'Namespace', 'metadata: { name: shop }', 'Namespace/shop', null, false],
    [
      'rbac.authorization.k8s.io/v1',
      'ClusterRole',
      'metadata: { name: r, namespace: x }',
      'ClusterRole/r',
      null,
      false,
    ],
    ['example.com/v1', 'Widget', 'metadata: { name: w }', 'Widget/w', null, false],
  ])('%s %s (%s) → %s', (apiVersion, kind, meta, address, namespace, assumed) => {
    const state = emptyState();
    adaptText('o.yaml', 'yaml', `apiVersion: ${apiVersion}\nkind: ${kind}\n${meta}\n`, state);
    const [o] = state.k8s.objects;
    expect(o?.ref).toMatchObject({ address, namespace });
    expect(o?.namespaceAssumed).toBe(assumed);
    expect(o?.notes?.length ?? 0).toBe(assumed ? 1 : 0);
  });

  it('a finding on such an object carries one related note', async () => {
    const findings = await scanFiles({ 'pod.yaml': POD }, ['K8S-003']);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f?.resource).toEqual({ kind: 'Pod', name: 'p', namespace: 'default', address: 'Pod/default/p' });
    expect(f?.related.filter((r) => r.message.startsWith('namespace not set: assumed default'))).toHaveLength(
      1,
    );
  });

  it('no note when the namespace is written', async () => {
    const findings = await scanFiles(
      { 'pod.yaml': POD.replace('  name: p\n', '  name: p\n  namespace: shop\n') },
      ['K8S-003'],
    );
    expect(findings[0]?.related.some((r) => r.message.startsWith('namespace not set'))).toBe(false);
  });
});

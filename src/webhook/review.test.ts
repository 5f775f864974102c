/** Admission semantics that do not need a server: which updates are re-judged, and the namespace level. */

import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeCerts } from './cert.js';
import { defaultPolicy, parsePolicy } from './policy.js';
import { effectivePss, NamespaceCache, onlyMetadataChanged, review, significantPodUpdate } from './review.js';
import type { AdmissionRequest, KubeObject } from './types.js';

const pod = (image: string, annotations: Record<string, string> = {}, extra: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', annotations },
  spec: { containers: [{ name: 'c', image }], ...extra },
});

describe('significantPodUpdate (upstream Pod Security Admission)', () => {
  it('ignores label and unrelated annotation changes, re-judges images, seccomp annotations and new ephemeral containers', () => {
    expect(significantPodUpdate(pod('a:1', { x: 'y' }), pod('a:1'))).toBe(false);
    expect(significantPodUpdate(pod('a:2'), pod('a:1'))).toBe(true);
    expect(
      significantPodUpdate(
        pod('a:1', { 'container.seccomp.security.alpha.kubernetes.io/c': 'unconfined' }),
        pod('a:1'),
      ),
    ).toBe(true);
    expect(
      significantPodUpdate(
        pod('a:1', { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }),
        pod('a:1'),
      ),
    ).toBe(true);
    const debug = pod('a:1', {}, { ephemeralContainers: [{ name: 'd', image: 'busybox:1' }] });
    expect(significantPodUpdate(debug, pod('a:1'))).toBe(true);
    expect(significantPodUpdate(debug, debug)).toBe(false);
  });
});

describe('onlyMetadataChanged', () => {
  const dep = (replicas: number, annotations: Record<string, string> = {}): KubeObject => ({
    kind: 'Deployment',
    metadata: { name: 'd', annotations, resourceVersion: String(replicas) },
    spec: { replicas },
    status: { ready: replicas },
  });
  it('is true for metadata and status changes only, false when the spec or the hako.dev/ignore annotation changes', () => {
    expect(onlyMetadataChanged(dep(2, { a: 'b' }), dep(2))).toBe(true);
    expect(onlyMetadataChanged(dep(3), dep(2))).toBe(false);
    expect(onlyMetadataChanged(dep(2, { 'hako.dev/ignore': 'K8S-003: tmp' }), dep(2))).toBe(false);
  });
});

describe('effectivePss', () => {
  const labels = (level: string, version?: string) => ({
    'pod-security.kubernetes.io/enforce': level,
    ...(version ? { 'pod-security.kubernetes.io/enforce-version': version } : {}),
  });
  it('takes the policy entry, then the cached labels, then the policy labels, then the default', () => {
    const policy = defaultPolicy();
    policy.namespaces = {
      pinned: { pss: { level: 'restricted' } },
      fromConfig: { labels: labels('privileged') },
    };
    const cache = new NamespaceCache();
    cache.set('seen', labels('restricted', 'v1.29'));
    cache.set('pinned', labels('privileged'));
    const obj: KubeObject = { kind: 'Pod' };
    expect(effectivePss('seen', 'Pod', obj, policy, cache)).toEqual({
      level: 'restricted',
      version: 'v1.29',
    });
    expect(effectivePss('pinned', 'Pod', obj, policy, cache)).toEqual({
      level: 'restricted',
      version: 'latest',
    });
    expect(effectivePss('fromConfig', 'Pod', obj, policy, cache)).toEqual({
      level: 'privileged',
      version: 'latest',
    });
    expect(effectivePss('other', 'Pod', obj, policy, cache)).toEqual({
      level: 'baseline',
      version: 'latest',
    });
  });
  it('bounds the cache, dropping the oldest namespace', () => {
    const cache = new NamespaceCache(2);
    cache.set('a', {});
    cache.set('b', {});
    cache.set('c', {});
    expect([cache.get('a'), cache.size]).toEqual([undefined, 2]);
  });
});

describe('makeCerts', () => {
  it('issues a serving certificate for DNS names and IPs, signed by its CA', () => {
    const c = makeCerts(['svc.ns.svc', '10.0.0.1'], { days: 30 });
    const ca = new X509Certificate(c.ca.cert);
    const leaf = new X509Certificate(c.server.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.checkHost('svc.ns.svc')).toBe('svc.ns.svc');
    expect(leaf.checkIP('10.0.0.1')).toBe('10.0.0.1');
    expect(new Date(leaf.validTo).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
  });
});

describe('the API server exemption (exempt.apiServer)', () => {
  const bootstrap: AdmissionRequest = {
    uid: 'u1',
    kind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding' },
    name: 'system:public-info-viewer',
    operation: 'CREATE',
    userInfo: { username: 'system:apiserver', groups: ['system:masters'] },
    object: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        name: 'system:public-info-viewer',
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:public-info-viewer',
      },
      subjects: [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' }],
    },
  };
  it('allows the API server its own bootstrap by default; judges it when the policy turns the exemption off', async () => {
    const exempt = await review(bootstrap, defaultPolicy(), new NamespaceCache());
    expect(exempt.response.allowed).toBe(true);
    expect(exempt.record).toMatchObject({ decision: 'exempt', why: 'apiserver', user: 'system:apiserver' });
    const strict = parsePolicy('exempt: { apiServer: false }');
    const judged = await review(bootstrap, strict, new NamespaceCache());
    expect(judged.response.allowed).toBe(false);
    expect(judged.record.denyRules).toEqual(['RBAC-005']);
    // only that user: another member of system:masters is judged
    const other = { ...bootstrap, userInfo: { username: 'kubernetes-admin', groups: ['system:masters'] } };
    expect((await review(other, defaultPolicy(), new NamespaceCache())).response.allowed).toBe(false);
  });
});

/**
 * The decision cache: a hit answers byte for byte what a fresh judgement answers, bookkeeping
 * fields and (for pod-bearing kinds) the name share an entry, everything else never does.
 */
import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy, type WebhookPolicy } from './policy.js';
import { DecisionCache, decisionKey, NamespaceCache, review } from './review.js';
import type { AdmissionRequest, KubeObject } from './types.js';

type Obj = Record<string, unknown>;

/** A Pod as a ReplicaSet creates it: generated name, uid, owner reference. */
function rsPod(name: string, spec: Obj = {}, meta: Obj = {}): AdmissionRequest {
  return {
    uid: `req-${name}`,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    namespace: 'shop',
    name,
    operation: 'CREATE',
    userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: 'web-5d8f7c9b4-',
        namespace: 'shop',
        uid: `uid-${name}`,
        resourceVersion: '1',
        creationTimestamp: '2026-12-07T00:00:00Z',
        labels: { app: 'web', 'pod-template-hash': '5d8f7c9b4' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'web-5d8f7c9b4',
            uid: `owner-${name}`,
            controller: true,
          },
        ],
        ...meta,
      },
      spec: {
        containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { privileged: true } }],
        ...spec,
      },
    },
  };
}

const key = (req: AdmissionRequest, policy: WebhookPolicy, cache = new DecisionCache()) =>
  decisionKey(
    req,
    req.object as KubeObject,
    req.kind.kind,
    { level: 'baseline', version: 'latest' },
    policy,
    cache,
  ).key;

describe('DecisionCache', () => {
  it('answers the pods of one ReplicaSet from one judgement, each under its own name, byte for byte', async () => {
    const policy = parsePolicy('warn: { severities: [high, medium, low] }');
    const cache = new DecisionCache(100);
    for (const name of ['web-5d8f7c9b4-abcde', 'web-5d8f7c9b4-xyz12', 'web-5d8f7c9b4-q9w8e']) {
      const fresh = await review(rsPod(name), policy, new NamespaceCache());
      const cached = await review(rsPod(name), policy, new NamespaceCache(), cache);
      expect(JSON.stringify(cached)).toBe(JSON.stringify(fresh));
      expect(fresh.response.allowed).toBe(false);
      expect(fresh.response.status?.message).toContain(name);
    }
    expect(cache.misses).toBe(1);
    expect(cache.hits).toBe(2);
  });

  it('shares an entry across bookkeeping fields and pod names only', () => {
    const policy = defaultPolicy();
    const base = key(rsPod('web-1'), policy);
    const same = [
      rsPod('web-2'),
      rsPod('web-1', {}, { uid: 'other', resourceVersion: '99', creationTimestamp: '2030-01-01T00:00:00Z' }),
      rsPod('web-1', {}, { managedFields: [{ manager: 'kubectl' }], generation: 4 }),
      rsPod(
        'web-1',
        {},
        {
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8f7c9b4', uid: 'x', controller: true },
          ],
        },
      ),
    ];
    for (const r of same) expect(key(r, policy)).toBe(base);
    const different: AdmissionRequest[] = [
      rsPod('web-1', {
        containers: [{ name: 'web', image: 'nginx:1.28', securityContext: { privileged: true } }],
      }),
      rsPod('web-1', {
        containers: [{ name: 'web2', image: 'nginx:1.27', securityContext: { privileged: true } }],
      }),
      rsPod('web-1', { containers: [{ name: 'web', image: 'nginx:1.27' }] }),
      rsPod('web-1', { hostNetwork: true }),
      rsPod('web-1', { runtimeClassName: 'gvisor' }),
      rsPod('web-1', {}, { labels: { app: 'web' } }),
      rsPod('web-1', {}, { annotations: { 'hako.dev/ignore': 'K8S-109 reason: test' } }),
      rsPod('web-1', {}, { namespace: 'other' }),
      rsPod(
        'web-1',
        {},
        { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-2', uid: 'x' }] },
      ),
      { ...rsPod('web-1'), namespace: 'other' },
      { ...rsPod('web-1'), kind: { group: '', version: 'v2', kind: 'Pod' } },
      { ...rsPod('web-1'), object: { ...(rsPod('web-1').object as KubeObject), apiVersion: 'v2' } },
    ];
    const keys = different.map((r) => key(r, policy));
    expect(new Set([base, ...keys]).size).toBe(keys.length + 1);
    // the level and version a pod is judged at are part of the key
    const cache = new DecisionCache();
    const at = (level: 'baseline' | 'restricted', version: string) =>
      decisionKey(
        rsPod('web-1'),
        rsPod('web-1').object as KubeObject,
        'Pod',
        { level, version },
        policy,
        cache,
      ).key;
    expect(
      new Set([at('baseline', 'latest'), at('restricted', 'latest'), at('baseline', 'v1.25')]).size,
    ).toBe(3);
  });

  it('keeps the name in the key when it can decide: a config ignore entry naming a resource, other kinds, odd names', () => {
    const byResource = parsePolicy(
      'scan: { ignore: [ { rule: K8S-109, resource: Pod/shop/web-1, reason: ok } ] }',
    );
    expect(key(rsPod('web-1'), byResource)).not.toBe(key(rsPod('web-2'), byResource));
    const cm = (name: string): AdmissionRequest => ({
      uid: 'u',
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      namespace: 'kube-system',
      name,
      operation: 'CREATE',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' }, data: {} },
    });
    expect(key(cm('aws-auth'), defaultPolicy())).not.toBe(key(cm('other'), defaultPolicy()));
    expect(key(rsPod('Web_1'), defaultPolicy())).not.toBe(key(rsPod('Web_2'), defaultPolicy()));
  });

  it('starts empty for a new policy (a reload) and holds at most its size', async () => {
    const cache = new DecisionCache(2);
    const policy = defaultPolicy();
    for (const image of ['a:1', 'b:1', 'c:1'])
      await review(
        rsPod('web-1', { containers: [{ name: 'c', image }] }),
        policy,
        new NamespaceCache(),
        cache,
      );
    expect(cache.size).toBe(2);
    await review(
      rsPod('web-1', { containers: [{ name: 'c', image: 'a:1' }] }),
      policy,
      new NamespaceCache(),
      cache,
    );
    expect(cache.hits).toBe(0); // a:1 was the least recently used: evicted
    await review(
      rsPod('web-1', { containers: [{ name: 'c', image: 'c:1' }] }),
      policy,
      new NamespaceCache(),
      cache,
    );
    expect(cache.hits).toBe(1);
    await review(
      rsPod('web-1', { containers: [{ name: 'c', image: 'c:1' }] }),
      defaultPolicy(),
      new NamespaceCache(),
      cache,
    );
    expect(cache.hits).toBe(1);
    expect(cache.size).toBe(1);
    // a byte budget too: a judgement over a sixteenth of it is not kept, older ones make room
    const small = new DecisionCache(100, 16 * 1000);
    const judged = (chars: number) => ({
      resources: 1,
      deny: [{ rule: 'R', text: 'x'.repeat(chars) }],
      warn: [],
    });
    small.set('too-big', judged(600));
    expect(small.size).toBe(0);
    for (let i = 0; i < 40; i++) small.set(`k${i}`, judged(100));
    expect(small.bytes).toBeLessThanOrEqual(16 * 1000);
    expect(small.size).toBeLessThan(40);
    expect(small.get('k0')).toBeUndefined();
    expect(small.get('k39')).toBeDefined();
    const off = new DecisionCache(0);
    await review(rsPod('web-1'), policy, new NamespaceCache(), off);
    expect(off.size).toBe(0);
  });

  it('applies exemptions, mode and dry run per request, after the lookup', async () => {
    const policy = parsePolicy('exempt: { users: [admin] }\nnamespaces: { shop: { mode: enforce } }');
    const cache = new DecisionCache();
    expect((await review(rsPod('web-1'), policy, new NamespaceCache(), cache)).response.allowed).toBe(false);
    const asAdmin = { ...rsPod('web-2'), userInfo: { username: 'admin' } };
    expect((await review(asAdmin, policy, new NamespaceCache(), cache)).record.decision).toBe('exempt');
    expect((await review(rsPod('web-3'), policy, new NamespaceCache(), cache)).response.allowed).toBe(false);
  });
});

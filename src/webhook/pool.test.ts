/**
 * The judging worker pool (`--workers N`): workers judge exactly as the main thread does, get the
 * policy again after a reload, and a worker that dies fails only its own judgements and is replaced.
 */
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy } from './policy.js';
import { JudgePool, JudgeTimeout } from './pool.js';
import { DecisionCache, NamespaceCache, review } from './review.js';
import type { AdmissionRequest, KubeObject } from './types.js';

const pod = (name: string, spec: object, namespace = 'team-a'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec,
});
const request = (obj: KubeObject, uid: string): AdmissionRequest => ({
  uid,
  kind: { group: '', version: 'v1', kind: obj.kind ?? 'Pod' },
  ...(obj.kind === 'Namespace' ? {} : { namespace: obj.metadata?.namespace ?? 'team-a' }),
  ...(obj.metadata?.name ? { name: obj.metadata.name } : {}),
  operation: 'CREATE',
  userInfo: { username: 'alice' },
  object: obj,
});

const PRIVILEGED = {
  containers: [{ name: 'c', image: 'busybox:1.36', securityContext: { privileged: true } }],
};
const PLAIN = { containers: [{ name: 'c', image: 'busybox:1.36' }] };

describe('JudgePool', () => {
  const pool = new JudgePool(2);
  afterAll(() => pool.close());

  it('answers as the main thread does, with both caches kept on the main thread', async () => {
    const policy = defaultPolicy();
    const objects = [
      pod('a', PRIVILEGED),
      pod('b', PLAIN),
      pod('c', { ...PLAIN, hostNetwork: true }),
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'strict', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
      },
      pod('d', PLAIN, 'strict'),
    ];
    const [inThread, inWorkers] = [new NamespaceCache(), new NamespaceCache()];
    const cache = new DecisionCache();
    let n = 0;
    for (const o of [...objects, ...objects]) {
      const req = request(o, `u${n++}`);
      const expected = await review(req, policy, inThread);
      expect(await review(req, policy, inWorkers, cache, { judge: pool.judge })).toEqual(expected);
    }
    // the Namespace review reached the main thread's cache: the pod in it was judged at restricted
    expect(inWorkers.get('strict')).toBeDefined();
    expect(cache.hits).toBeGreaterThan(0);
  }, 60_000);

  it('sends a reloaded policy to the workers', async () => {
    const req = request(pod('e', { ...PLAIN, hostNetwork: true }), 'u-reload');
    const before = await review(req, defaultPolicy(), new NamespaceCache(), undefined, { judge: pool.judge });
    expect(before.response.allowed).toBe(false);
    const lenient = parsePolicy(
      'pss: { level: privileged }\ndeny: { severities: [], rules: [] }\n',
      'p.yaml',
    );
    for (let i = 0; i < 4; i++) {
      const after = await review(req, lenient, new NamespaceCache(), undefined, { judge: pool.judge });
      expect(after.response.allowed).toBe(true);
    }
  }, 60_000);

  it('replaces a worker that stopped; its judgements fail, later ones succeed', async () => {
    const slots = (pool as unknown as { slots: { worker: Worker }[] }).slots;
    const policy = defaultPolicy();
    const req = request(pod('f', PLAIN), 'u-dead');
    const first = slots[0]?.worker;
    // stopped before it can answer (a judgement takes about a millisecond: a worker stopped after
    // the request was sent could answer first)
    const stopping = first?.terminate();
    const inFlight = review(req, policy, new NamespaceCache(), undefined, { judge: pool.judge });
    await stopping;
    await expect(inFlight).rejects.toThrow(/judging worker stopped/);
    expect(pool.restarts).toBe(1);
    expect(slots[0]?.worker).not.toBe(first);
    for (let i = 0; i < 3; i++)
      expect(
        (await review(req, policy, new NamespaceCache(), undefined, { judge: pool.judge })).response.allowed,
      ).toBe(true);
  }, 60_000);
});

describe('JudgePool judgement timeout', () => {
  // the test-only knob of src/webhook/worker.ts: a judgement of an object holding the token hangs
  const before = process.env.HAKO_TEST_WEBHOOK;
  process.env.HAKO_TEST_WEBHOOK = 'hang=hang-in-worker';
  const pool = new JudgePool(1, 3000);
  if (before === undefined) delete process.env.HAKO_TEST_WEBHOOK;
  else process.env.HAKO_TEST_WEBHOOK = before;
  afterAll(() => pool.close());

  it('fails a stuck judgement with JudgeTimeout, replaces the worker and judges its other judgements on the new one', async () => {
    const policy = defaultPolicy();
    await pool.warm(
      { req: request(pod('w', PLAIN), 'w'), obj: pod('w', PLAIN), kind: 'Pod', pss: policy.pss, lang: 'en' },
      policy,
    );
    const slots = (pool as unknown as { slots: { worker: Worker }[] }).slots;
    const first = slots[0]?.worker;
    const stuck = review(
      request(pod('hang-in-worker', PLAIN), 'u-stuck'),
      policy,
      new NamespaceCache(),
      undefined,
      {
        judge: pool.judge,
      },
    );
    // queued behind the stuck one on the only worker
    const queued = review(
      request(pod('g', PRIVILEGED), 'u-queued'),
      policy,
      new NamespaceCache(),
      undefined,
      {
        judge: pool.judge,
      },
    );
    await expect(stuck).rejects.toBeInstanceOf(JudgeTimeout);
    expect(pool.timeouts).toBe(1);
    expect(pool.restarts).toBe(1);
    expect(slots[0]?.worker).not.toBe(first);
    expect((await queued).response.allowed).toBe(false); // judged, by the replacement
    expect(pool.timeouts).toBe(1);
  }, 60_000);
});

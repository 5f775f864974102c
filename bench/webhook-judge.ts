/**
 * The webhook's judging alone, in process (no TLS, no HTTP): `review()` of the compiled code on
 * the bench's unique Deployment reviews (no decision cache, so every review is a fresh
 * judgement), as CPU per review: the ceiling one core gives a replica, whatever the HTTP layer
 * costs. Two paths, measured in alternating batches of 25 so a shared machine's load drifts on
 * both alike: `model` (built from the request: what the server does) and `fullScan` (the old path,
 * the whole scan of the object's JSON text). bench/webhook.ts reports both.
 *
 *   npx tsx bench/webhook-judge.ts [--reviews 1000]
 */
import { cpuUsage } from 'node:process';
import { pathToFileURL } from 'node:url';
import { arg, rng } from './_util.js';
import { deploymentReview, SERIAL } from './webhook-reviews.js';

export interface JudgeFigures {
  reviews: number;
  cpuSeconds: number;
  msPerReview: number;
}

export async function judgeBench(reviews: number): Promise<{ model: JudgeFigures; fullScan: JudgeFigures }> {
  const { review, NamespaceCache } = await import('../dist/webhook/review.js');
  const { defaultPolicy } = await import('../dist/webhook/policy.js');
  const policy = defaultPolicy();
  const r = rng(13);
  const bodies = Array.from({ length: 200 }, (_, n) => deploymentReview(n, r, 'unique'));
  const ns = new NamespaceCache();
  let serial = 0;
  const batch = async (n: number, fullScan: boolean) => {
    const c0 = cpuUsage();
    for (let k = 0; k < n; k++) {
      const body = (bodies[serial % bodies.length] ?? '').replaceAll(SERIAL, String(serial++));
      await review(JSON.parse(body).request, policy, ns, undefined, fullScan ? { fullScan: true } : {});
    }
    const c = cpuUsage(c0);
    return (c.user + c.system) / 1e6;
  };
  await batch(200, false); // warm-up, both paths
  await batch(200, true);
  const cpu = { model: 0, fullScan: 0 };
  const rounds = Math.max(1, Math.round(reviews / 25));
  for (let i = 0; i < rounds; i++) {
    cpu.model += await batch(25, false);
    cpu.fullScan += await batch(25, true);
  }
  const figures = (s: number): JudgeFigures => ({
    reviews: rounds * 25,
    cpuSeconds: Math.round(s * 1000) / 1000,
    msPerReview: Math.round(((s * 1000) / (rounds * 25)) * 1000) / 1000,
  });
  return { model: figures(cpu.model), fullScan: figures(cpu.fullScan) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(JSON.stringify(await judgeBench(arg('reviews', 1000))));

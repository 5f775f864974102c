/**
 * The webhook's judging alone, in process (no TLS, no HTTP): `review()` of the compiled code on
 * the bench's unique Deployment reviews (no decision cache, so every review is a fresh
 * judgement), as CPU per review: the ceiling one core gives a replica, whatever the HTTP layer
 * costs. `fast`: the model built from the request (what the server does); `scan`: the old path,
 * the whole scan of the object's JSON text, for comparison. bench/webhook.ts reports both.
 *
 *   npx tsx bench/webhook-judge.ts [--reviews 2000] [--path fast|scan]
 */
import { cpuUsage } from 'node:process';
import { pathToFileURL } from 'node:url';
import { arg, rng } from './_util.js';
import { deploymentReview, SERIAL } from './webhook-reviews.js';

export interface JudgeBench {
  path: 'fast' | 'scan';
  reviews: number;
  wallSeconds: number;
  cpuSeconds: number;
  reviewsPerCpuSecond: number;
  msPerReview: number;
}

export async function judgeBench(reviews: number, how: 'fast' | 'scan'): Promise<JudgeBench> {
  const { review, NamespaceCache } = await import('../dist/webhook/review.js');
  const { defaultPolicy } = await import('../dist/webhook/policy.js');
  const policy = defaultPolicy();
  const r = rng(13);
  const bodies = Array.from({ length: 200 }, (_, n) => deploymentReview(n, r, 'unique'));
  const ns = new NamespaceCache();
  let serial = 0;
  const run = async (n: number) => {
    for (let k = 0; k < n; k++) {
      const body = (bodies[k % bodies.length] ?? '').replaceAll(SERIAL, String(serial++));
      await review(JSON.parse(body).request, policy, ns, undefined, how === 'scan' ? { fullScan: true } : {});
    }
  };
  await run(200); // warm-up
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  await run(reviews);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return {
    path: how,
    reviews,
    wallSeconds: Math.round(wall * 1000) / 1000,
    cpuSeconds: Math.round(cpuS * 1000) / 1000,
    reviewsPerCpuSecond: Math.round(reviews / cpuS),
    msPerReview: Math.round(((cpuS * 1000) / reviews) * 1000) / 1000,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--path');
  const how = i > 0 && process.argv[i + 1] === 'scan' ? 'scan' : 'fast';
  console.log(JSON.stringify(await judgeBench(arg('reviews', 2000), how)));
}

/**
 * The webhook's judging alone, in process (no TLS, no HTTP): `review()` of the compiled code on
 * the bench's unique Deployment reviews (decision cache off, so every review is a fresh
 * judgement), as reviews per CPU-second. The ceiling one core gives a replica, whatever the HTTP
 * layer costs; `--path scan` measures the old full-scan judge for comparison.
 *
 *   npx tsx bench/webhook-judge.ts [--reviews 2000] [--path fast|scan]
 */
import { cpuUsage } from 'node:process';
import { arg, rng } from './_util.js';
import { deploymentReview, SERIAL } from './webhook-reviews.js';

const REVIEWS = arg('reviews', 2000);
const i = process.argv.indexOf('--path');
const PATH = i > 0 ? process.argv[i + 1] : 'fast';

const { review, NamespaceCache } = await import('../dist/webhook/review.js');
const { defaultPolicy } = await import('../dist/webhook/policy.js');
const policy = defaultPolicy();
const r = rng(13);
const bodies = Array.from({ length: 200 }, (_, n) => deploymentReview(n, r, 'unique'));
const ns = new NamespaceCache();
const run = async (n: number) => {
  for (let k = 0; k < n; k++) {
    const req = JSON.parse((bodies[k % bodies.length] ?? '').replaceAll(SERIAL, String(k))).request;
    await review(req, policy, ns, undefined, PATH === 'scan' ? { fullScan: true } : undefined);
  }
};
await run(200); // warm-up
const cpu0 = cpuUsage();
const t0 = performance.now();
await run(REVIEWS);
const wall = (performance.now() - t0) / 1000;
const cpu = cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    path: PATH,
    reviews: REVIEWS,
    wallSeconds: Math.round(wall * 1000) / 1000,
    cpuSeconds: Math.round(cpuS * 1000) / 1000,
    reviewsPerCpuSecond: Math.round(REVIEWS / cpuS),
    msPerReview: Math.round((cpuS / REVIEWS) * 1e5) / 100,
  }),
);

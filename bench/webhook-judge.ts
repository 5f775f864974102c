/**
 * The webhook's judging alone, in process (no TLS, no HTTP): `review()` of the compiled code on
 * the bench's unique Deployment reviews (no decision cache, so every review is a fresh
 * judgement), as CPU per review: the ceiling one core gives a replica, whatever the HTTP layer
 * costs. Two paths, measured in alternating batches of 25 so a shared machine's load drifts on
 * both alike: `model` (built from the request: what the server does) and `fullScan` (the old path,
 * the whole scan of the object's JSON text). bench/webhook.ts reports both.
 *
 * The judging runs in a plain `node` child on dist/, as `hako webhook serve` runs: not in this
 * process, which runs under tsx, whose module hooks every dynamic `import()` the scan makes
 * passes through (a rule's module is imported on each scan: under tsx that made a review look
 * four times as expensive as it is).
 *
 *   npx tsx bench/webhook-judge.ts [--reviews 1000] [--dist /tmp/old-dist]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, ROOT, rng } from './_util.js';
import { deploymentReview, SERIAL } from './webhook-reviews.js';

/** `--name TEXT` from the command line, or the default. */
const argText = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? def) : def;
};

export interface JudgeFigures {
  reviews: number;
  cpuSeconds: number;
  msPerReview: number;
}

/** The measuring loop, run by plain node: argv = [dist URL, bodies file, serial token, rounds]. */
const CHILD = `
const [dist, file, SERIAL, rounds] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const { review, NamespaceCache } = await import(new URL('webhook/review.js', dist).href);
const { defaultPolicy } = await import(new URL('webhook/policy.js', dist).href);
const bodies = JSON.parse(readFileSync(file, 'utf8'));
const policy = defaultPolicy();
const ns = new NamespaceCache();
let serial = 0;
const batch = async (n, fullScan) => {
  const c0 = process.cpuUsage();
  for (let k = 0; k < n; k++) {
    const body = bodies[serial % bodies.length].replaceAll(SERIAL, String(serial++));
    await review(JSON.parse(body).request, policy, ns, undefined, fullScan ? { fullScan: true } : {});
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
await batch(200, false); // warm-up, both paths
await batch(200, true);
const cpu = { model: 0, fullScan: 0 };
for (let i = 0; i < Number(rounds); i++) {
  cpu.model += await batch(25, false);
  cpu.fullScan += await batch(25, true);
}
console.log(JSON.stringify(cpu));
`;

/**
 * `distDir`: the compiled code to judge with (default dist/; an old build's copy to compare
 * with). `HAKO_BENCH_NODE_FLAGS` (e.g. "--cpu-prof --cpu-prof-dir=bench/out") is passed to the child.
 */
export async function judgeBench(
  reviews: number,
  distDir = path.join(ROOT, 'dist'),
): Promise<{ model: JudgeFigures; fullScan: JudgeFigures }> {
  const r = rng(13);
  const bodies = Array.from({ length: 200 }, (_, n) => deploymentReview(n, r, 'unique'));
  const dir = mkdtempSync(path.join(tmpdir(), 'hako-bench-judge-'));
  const file = path.join(dir, 'bodies.json');
  writeFileSync(file, JSON.stringify(bodies));
  const rounds = Math.max(1, Math.round(reviews / 25));
  try {
    const dist = `${pathToFileURL(path.resolve(distDir)).href}/`;
    const flags = process.env.HAKO_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    const run = spawnSync(
      process.execPath,
      [...flags, '--input-type=module', '-e', CHILD, dist, file, SERIAL, String(rounds)],
      { encoding: 'utf8', cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    if (run.status !== 0) throw new Error(`the judging child failed: ${run.stderr}`);
    const cpu = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as {
      model: number;
      fullScan: number;
    };
    const figures = (s: number): JudgeFigures => ({
      reviews: rounds * 25,
      cpuSeconds: Math.round(s * 1000) / 1000,
      msPerReview: Math.round(((s * 1000) / (rounds * 25)) * 1000) / 1000,
    });
    return { model: figures(cpu.model), fullScan: figures(cpu.fullScan) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(
    JSON.stringify(await judgeBench(arg('reviews', 1000), argText('dist', path.join(ROOT, 'dist')))),
  );

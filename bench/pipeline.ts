/**
 * `npm run bench:pipeline -- <corpus dir> [--runs 5] [--baseline <other build's dist/>]`: the CPU
 * time of one-thread scans by phase, in this process: `load` (read, parse, adapt: up to
 * `onState`), `rules` (the rules and the pipeline's bookkeeping: findings, fingerprints,
 * suppressions, capping) and each reporter (`json`, `sarif`, `text`, written to a sink that only
 * counts). Process CPU time (user+sys, `process.cpuUsage`), median of `--runs` after one warm-up,
 * a garbage collection before each phase when run with `--expose-gc` (the npm script does).
 * `--baseline` loads another build's `dist/` into the same process and measures it run for run
 * interleaved with this one, so both see the same load on a shared machine; the reports of both
 * builds are compared byte for byte (SHA-256) and a difference is an error. The figures are
 * relative: compare builds measured together, not runs on different days.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, median, ROOT } from './_util.js';

type Sink = (chunk: string) => void;
interface Build {
  name: string;
  scan: (opts: Record<string, unknown>) => Promise<unknown>;
  reporters: Record<string, (result: unknown, opts: unknown, out: Sink) => void>;
}

const FORMATS = ['json', 'sarif', 'text'] as const;
const PHASES = ['load', 'rules', ...FORMATS] as const;

const corpus = process.argv[2];
if (!corpus || corpus.startsWith('--')) {
  process.stderr.write('usage: bench/pipeline.ts <corpus dir> [--runs N] [--baseline <dist dir>]\n');
  process.exit(2);
}
const runs = arg('runs', 5);
const bi = process.argv.indexOf('--baseline');
const builds: Build[] = [await load('this', path.join(ROOT, 'dist'))];
if (bi > 0) builds.push(await load('baseline', path.resolve(process.argv[bi + 1]!)));

async function load(name: string, dist: string): Promise<Build> {
  const lib = (await import(pathToFileURL(path.join(dist, 'index.js')).href)) as Omit<Build, 'name'>;
  return { name, scan: lib.scan, reporters: lib.reporters };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const reportOpts = { colour: false, lang: 'en', version: '0.0.0-bench', root: process.cwd() };

/** One scan and its reports; the CPU milliseconds of each phase (and the reports' digests). */
async function once(b: Build, digest: boolean): Promise<{ ms: Record<string, number>; sums: string[] }> {
  const ms: Record<string, number> = {};
  const sums: string[] = [];
  gc();
  let t = cpu();
  let loaded = 0;
  const result = await b.scan({ paths: [corpus!], jobs: 1, onState: () => (loaded = cpu()) });
  const end = cpu();
  ms.load = loaded - t;
  ms.rules = end - loaded;
  for (const f of FORMATS) {
    gc();
    const h = digest ? createHash('sha256') : undefined;
    let bytes = 0;
    t = cpu();
    b.reporters[f]!(result, reportOpts, h ? (c) => h.update(c) : (c) => (bytes += c.length));
    ms[f] = cpu() - t;
    if (h) sums.push(`${f}:${h.digest('hex')}`);
    else if (bytes === 0) throw new Error(`${b.name}: empty ${f} report`);
  }
  return { ms, sums };
}

// the reports first, untimed: every build must write the same bytes
const sums = await Promise.all(builds.map(async (b) => (await once(b, true)).sums.join(' ')));
if (sums.some((s) => s !== sums[0])) {
  process.stderr.write(`the builds' reports differ:\n${sums.join('\n')}\n`);
  process.exit(1);
}
const samples = new Map(builds.map((b) => [b.name, [] as Record<string, number>[]]));
for (let i = 0; i < runs; i++) {
  for (const b of i % 2 ? [...builds].reverse() : builds)
    samples.get(b.name)!.push((await once(b, false)).ms);
}

const rows = builds.map((b) => {
  const s = samples.get(b.name)!;
  const ms: Record<string, number> = {};
  for (const p of PHASES) ms[p] = Math.round(median(s.map((x) => x[p]!)));
  return { build: b.name, ms };
});
const load1 = (await import('node:os')).loadavg()[0]!.toFixed(2);
process.stdout.write(
  `${corpus}: CPU ms (user+sys), median of ${runs}, load average ${load1}, reports identical across builds\n`,
);
process.stdout.write(`| build | ${PHASES.join(' | ')} |\n|---|${PHASES.map(() => '---:').join('|')}|\n`);
for (const r of rows) process.stdout.write(`| ${r.build} | ${PHASES.map((p) => r.ms[p]).join(' | ')} |\n`);
if (rows.length === 2) {
  const [a, b] = rows;
  process.stdout.write(
    `| this/baseline | ${PHASES.map((p) => (a!.ms[p]! / b!.ms[p]!).toFixed(2)).join(' | ')} |\n`,
  );
}

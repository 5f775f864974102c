/**
 * The scan benchmark: generates the corpus if it is absent, then measures
 *   (a) `node bin/hako.js scan <corpus> --format json > /dev/null`, end to end, R runs after one
 *       untimed warm-up (which also checks the scan read everything): min and median wall time,
 *       peak RSS (GNU time's "Maximum resident set size" when /usr/bin/time exists, else the
 *       child's own process.resourceUsage().maxRSS);
 *   (b) the parse-only floor in this process, inputs already in memory: the `yaml` library
 *       (`parseAllDocuments` with a LineCounter) over the Kubernetes files; JSON.parse and momoa
 *       over the task definitions; and hako's own parse layer (parser + positioned tree) for
 *       comparison. Documents per second, min and median over R runs.
 * Prints a table and writes bench/out/results.json.
 *
 *   npm run bench -- [--k8s N] [--ecs M] [--runs R] [--jobs 1,2] [--profile]
 *
 * `--jobs` (default `1,<cores>`): the scan is timed once per value of `hako scan --jobs`, with the
 * CPU time (user + system, from GNU time) beside the wall time: a pool that only moves work
 * around shows as more CPU for the same wall.
 *
 * `--profile` also runs the scan once under `node --cpu-prof` and prints the top self-time
 * functions (profile in bench/out/profile/).
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as momoaParse } from '@humanwhocodes/momoa';
import { LineCounter, parseAllDocuments } from 'yaml';
import { BENCH_OUT, ensureCorpus, numberFlags } from './generate.js';
import { hotspots } from './profile.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'hako.js');
const GNU_TIME = '/usr/bin/time';

interface Stats {
  min: number;
  median: number;
  all: number[];
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, all: xs.map(round) };
}

const round = (x: number) => Math.round(x * 10) / 10;

interface ScanRun {
  ms: number;
  rssMb: number;
  /** User + system CPU time (GNU time only; NaN without it). */
  cpuMs: number;
}

/** One timed scan with stdout to /dev/null. */
function timedScan(corpus: string, jobs: number): ScanRun {
  const devnull = openSync('/dev/null', 'w');
  const rssFile = path.join(BENCH_OUT, '.rss');
  rmSync(rssFile, { force: true });
  const useTime = existsSync(GNU_TIME);
  // without GNU time, the child reports its own peak RSS on exit
  const preload = `data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(${JSON.stringify(rssFile)},String(process.resourceUsage().maxRSS)))`;
  const nodeArgs = useTime ? [BIN] : ['--import', preload, BIN];
  const [cmd, args] = useTime
    ? [GNU_TIME, ['-v', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const t = performance.now();
  const r = spawnSync(cmd, [...args, 'scan', corpus, '--format', 'json', '--jobs', String(jobs)], {
    stdio: ['ignore', devnull, 'pipe'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const ms = performance.now() - t;
  closeSync(devnull);
  const stderr = r.stderr ?? '';
  if (r.error) throw r.error;
  const status = useTime ? Number(/Exit status: (\d+)/.exec(stderr)?.[1] ?? r.status) : r.status;
  if (status !== 0 && status !== 1) throw new Error(`hako scan exited ${status}:\n${stderr}`);
  const kb = useTime
    ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? Number.NaN)
    : Number(existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : Number.NaN);
  const cpu = (what: string) =>
    Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? Number.NaN) * 1000;
  return { ms, rssMb: kb / 1024, cpuMs: cpu('User') + cpu('System') };
}

/** The untimed warm-up: also proves the scan read the whole corpus without errors. */
function checkScan(corpus: string): { files: number; resources: number; findings: number; errors: number } {
  const r = spawnSync(process.execPath, [BIN, 'scan', corpus, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`hako scan exited ${r.status}:\n${r.stderr}`);
  const out = JSON.parse(r.stdout) as {
    findings: unknown[];
    errors: { file: string; line: number; message: string }[];
    summary: { files: number; resources: number };
  };
  if (out.errors.length > 0)
    console.warn(`warning: the scan reported ${out.errors.length} errors, e.g.`, out.errors[0]);
  return { ...out.summary, findings: out.findings.length, errors: out.errors.length };
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

interface Floor {
  name: string;
  docs: number;
  ms: Stats;
  docsPerSec: number;
}

/** Times `fn` over the texts R times (after one warm-up pass); fn returns the documents it read. */
function floor(name: string, texts: string[], runs: number, fn: (text: string) => number): Floor {
  let docs = 0;
  for (const t of texts) docs += fn(t); // warm-up: JIT, and the count
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    for (const text of texts) fn(text);
    times.push(performance.now() - t);
  }
  const ms = stats(times);
  return { name, docs, ms, docsPerSec: Math.round(docs / (ms.median / 1000)) };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { k8s, ecs, runs } = numberFlags(argv, { k8s: 10_000, ecs: 2_000, runs: 3 });
  const jobsAt = argv.indexOf('--jobs');
  const jobsList = [
    ...new Set(
      (jobsAt >= 0 ? (argv[jobsAt + 1] ?? '') : `1,${os.availableParallelism()}`).split(',').map((j) => {
        const n = Number(j);
        if (!Number.isInteger(n) || n < 1) throw new Error(`--jobs expects whole numbers from 1, got ${j}`);
        return n;
      }),
    ),
  ];
  if (runs < 1) throw new Error('--runs must be at least 1');
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ missing: run npm run build');

  const g0 = performance.now();
  const { dir, manifest } = ensureCorpus(k8s, ecs);
  const corpus = path.relative(process.cwd(), dir) || '.';
  const docs = manifest.k8sDocs + manifest.ecsDocs;
  console.log(
    `corpus ${corpus}: ${manifest.k8sDocs} Kubernetes documents in ${manifest.k8sFiles} files + ` +
      `${manifest.ecsDocs} task definitions, ${(manifest.bytes / 1024 / 1024).toFixed(1)} MB ` +
      `(ready in ${Math.round(performance.now() - g0)} ms)`,
  );
  console.log(
    `node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, nproc ${os.availableParallelism()}`,
  );

  // (a) end to end
  const check = checkScan(corpus);
  const byJobs = jobsList.map((jobs) => {
    const scans: ScanRun[] = [];
    for (let i = 0; i < runs; i++) scans.push(timedScan(corpus, jobs));
    return {
      jobs,
      wall: stats(scans.map((s) => s.ms)),
      cpu: stats(scans.map((s) => s.cpuMs)),
      peakRss: Math.max(...scans.map((s) => s.rssMb)),
    };
  });
  const { wall, peakRss } = byJobs[0]!;
  const load = os.loadavg().map((x) => x.toFixed(2));

  // (b) parse-only floor, in this process
  const yamlTexts = filesUnder(path.join(dir, 'k8s'), '.yaml').map((f) => readFileSync(f, 'utf8'));
  const jsonTexts = filesUnder(path.join(dir, 'ecs'), '.json').map((f) => readFileSync(f, 'utf8'));
  // the compiled parse layer, as the scan runs it
  const dist = (f: string) => pathToFileURL(path.join(ROOT, 'dist', 'parse', f)).href;
  const { parseYaml } = (await import(dist('yaml.js'))) as typeof import('../src/parse/yaml.js');
  const { parseJson } = (await import(dist('json.js'))) as typeof import('../src/parse/json.js');
  const floors = [
    floor('yaml parseAllDocuments + LineCounter', yamlTexts, runs, (t) => {
      const d = parseAllDocuments(t, { lineCounter: new LineCounter() });
      return Array.isArray(d) ? d.length : 1;
    }),
    floor(
      'hako parseYaml (yaml + positioned tree)',
      yamlTexts,
      runs,
      (t) => parseYaml('f.yaml', t).docs.length,
    ),
    floor('JSON.parse', jsonTexts, runs, (t) => (JSON.parse(t) ? 1 : 0)),
    floor('momoa parse', jsonTexts, runs, (t) => (momoaParse(t, { mode: 'json' }) ? 1 : 0)),
    floor(
      'hako parseJson (momoa + positioned tree)',
      jsonTexts,
      runs,
      (t) => parseJson('f.json', t).docs.length,
    ),
  ];
  const yamlFloor = floors[0]!;
  const momoaFloor = floors[3]!;
  const floorMs = yamlFloor.ms.median + momoaFloor.ms.median;

  let profile: ({ file: string } & ReturnType<typeof hotspots>) | undefined;
  if (argv.includes('--profile')) profile = profileScan(corpus);

  // report
  const rows: string[][] = [
    ['measure', 'docs', 'min ms', 'median ms', 'docs/s (median)', 'peak RSS MB', 'CPU ms (median)'],
    ...byJobs.map((b) => [
      `hako scan --format json --jobs ${b.jobs} (${runs} runs)`,
      String(docs),
      String(Math.round(b.wall.min)),
      String(Math.round(b.wall.median)),
      String(Math.round(docs / (b.wall.median / 1000))),
      String(Math.round(b.peakRss)),
      Number.isNaN(b.cpu.median) ? '' : String(Math.round(b.cpu.median)),
    ]),
    ...floors.map((f) => [
      `floor: ${f.name}`,
      String(f.docs),
      String(Math.round(f.ms.min)),
      String(Math.round(f.ms.median)),
      String(f.docsPerSec),
      '',
      '',
    ]),
  ];
  console.log();
  console.log(table(rows));
  console.log(`load average at the end (1, 5, 15 min): ${load.join(', ')}`);
  console.log();
  console.log(
    `scan: ${check.files} files, ${check.resources} resources, ${check.findings} findings, ${check.errors} errors; ` +
      `median scan is ${(wall.median / floorMs).toFixed(1)}x the parse floor (yaml + momoa, ${Math.round(floorMs)} ms)`,
  );
  if (profile) {
    console.log(
      `\nself time in one profiled scan (${path.relative(process.cwd(), profile.file)}), by module:`,
    );
    console.log(
      table(
        [
          ['self ms', '%', 'module'],
          ...profile.modules.map((h) => [String(h.selfMs), String(h.percent), h.fn]),
        ],
        [2],
      ),
    );
    console.log('\nand by function:');
    console.log(
      table(
        [
          ['self ms', '%', 'function', 'where'],
          ...profile.functions.map((h) => [String(h.selfMs), String(h.percent), h.fn, h.where]),
        ],
        [2, 3],
      ),
    );
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? null,
    nproc: os.availableParallelism(),
    corpus: { path: corpus, ...manifest },
    runs,
    loadAverage: load.map(Number),
    scans: byJobs.map((b) => ({
      jobs: b.jobs,
      wallMs: { min: round(b.wall.min), median: round(b.wall.median), all: b.wall.all },
      cpuMs: Number.isNaN(b.cpu.median) ? null : { median: round(b.cpu.median), all: b.cpu.all },
      peakRssMb: round(b.peakRss),
    })),
    scan: {
      command: `node bin/hako.js scan ${corpus} --format json --jobs ${byJobs[0]!.jobs} > /dev/null`,
      wallMs: { min: round(wall.min), median: round(wall.median), all: wall.all },
      docsPerSec: Math.round(docs / (wall.median / 1000)),
      peakRssMb: round(peakRss),
      rssSource: existsSync(GNU_TIME) ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
      ...check,
    },
    floor: floors.map((f) => ({
      name: f.name,
      docs: f.docs,
      ms: { min: round(f.ms.min), median: round(f.ms.median), all: f.ms.all },
      docsPerSec: f.docsPerSec,
    })),
    scanOverFloor: round(wall.median / floorMs),
    profile: profile
      ? { file: path.relative(ROOT, profile.file), modules: profile.modules, functions: profile.functions }
      : null,
  };
  mkdirSync(BENCH_OUT, { recursive: true });
  writeFileSync(path.join(BENCH_OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(BENCH_OUT, 'results.json'))}`);
}

function profileScan(corpus: string): { file: string } & ReturnType<typeof hotspots> {
  const out = path.join(BENCH_OUT, 'profile');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const devnull = openSync('/dev/null', 'w');
  const r = spawnSync(
    process.execPath,
    ['--cpu-prof', '--cpu-prof-dir', out, BIN, 'scan', corpus, '--format', 'json'],
    {
      stdio: ['ignore', devnull, 'inherit'],
    },
  );
  closeSync(devnull);
  if (r.status !== 0 && r.status !== 1) throw new Error(`profiled scan exited ${r.status}`);
  const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  return { file: path.join(out, file), ...hotspots(path.join(out, file), ROOT) };
}

/** A plain-text table; columns in `left` are left-aligned, the rest (numbers) right-aligned. */
function table(rows: string[][], left: number[] = [0]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

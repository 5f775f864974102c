/**
 * Peak memory of `hako scan` against corpus size: generates (bench/generate.ts) Kubernetes corpora
 * of 1k / 10k / 100k documents, scans each once with the built CLI (`--format json` to
 * /dev/null), and prints the peak RSS, the heap the model holds once every input is adapted, and
 * the bytes per document. Peak RSS is the child's own `process.resourceUsage().maxRSS`; the model
 * heap is `v8.getHeapStatistics().used_heap_size` after a full GC when the rules are about to run
 * (a second, in-process scan through the library's `onState`).
 *
 *   npm run bench:memory [-- --sizes 1000,10000,100000] [--no-model]
 *
 * Results: bench/results/memory.md (written by hand from this output, with date and machine).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_OUT, ensureCorpus } from './generate.js';

const ROOT = path.resolve(BENCH_OUT, '..', '..');
const BIN = path.join(ROOT, 'bin', 'hako.js');

function sizes(): number[] {
  const i = process.argv.indexOf('--sizes');
  const raw = i > 0 ? process.argv[i + 1] : '1000,10000,100000';
  return (raw ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

interface Run {
  seconds: number;
  peakMb: number;
  exit: number | null;
}

/** One CLI scan; the child writes its peak RSS (KiB) to a file on exit. */
function scanOnce(dir: string): Run {
  const rssFile = path.join(BENCH_OUT, '.memory-rss');
  rmSync(rssFile, { force: true });
  const preload = `data:text/javascript,import{writeFileSync}from"node:fs";process.on("exit",()=>writeFileSync(${JSON.stringify(rssFile)},String(process.resourceUsage().maxRSS)))`;
  const devnull = openSync('/dev/null', 'w');
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', preload, BIN, 'scan', dir, '--format', 'json'], {
    stdio: ['ignore', devnull, 'pipe'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const seconds = (performance.now() - t) / 1000;
  closeSync(devnull);
  if (r.status !== 0 && r.status !== 1) throw new Error(`hako scan exited ${r.status}:\n${r.stderr}`);
  const kb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : Number.NaN;
  return { seconds, peakMb: kb / 1024, exit: r.status };
}

/** The heap the adapted model holds (after a full GC), measured in a child with --expose-gc. */
function modelHeap(dir: string): number {
  const script = `
    import v8 from 'node:v8';
    const { scan } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'scan.js'))});
    let mb = NaN;
    await scan({ paths: [${JSON.stringify(dir)}], rules: ['HAKO-001'], onState: () => {
      globalThis.gc(); mb = v8.getHeapStatistics().used_heap_size / 1048576;
    } });
    process.stdout.write(String(mb));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`model heap probe failed:\n${r.stderr}`);
  return Number(r.stdout);
}

const withModel = !process.argv.includes('--no-model');
console.log(
  `hako scan peak memory (Kubernetes documents), node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
);
console.log(
  '| documents | files | MB on disk | wall s | peak RSS MB | model heap MB | bytes/doc (RSS) | bytes/doc (heap) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const n of sizes()) {
  const { dir, manifest } = ensureCorpus(n, 0);
  const run = scanOnce(dir);
  const heap = withModel ? modelHeap(dir) : Number.NaN;
  const perDoc = (mb: number) => (Number.isFinite(mb) ? Math.round((mb * 1048576) / n).toString() : '-');
  console.log(
    `| ${n} | ${manifest.k8sFiles} | ${(manifest.bytes / 1e6).toFixed(1)} | ${run.seconds.toFixed(1)} | ${run.peakMb.toFixed(0)} | ${Number.isFinite(heap) ? heap.toFixed(0) : '-'} | ${perDoc(run.peakMb)} | ${perDoc(heap)} |`,
  );
}

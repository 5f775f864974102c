/**
 * Fuzzing `scan()` with mutated inputs: `npm run fuzz -- --inputs 100000 [--seed 1] [--workers 2]
 * [--timeout 30] [--heap 1536]`. Not part of the test run.
 *
 * The corpus is every file under examples/ and every file of every rule example
 * (src/rules/**\/*.examples.yaml). Input number i is a pure function of (seed + i): a mutation
 * kind (structural kinds and byte-wise ones in turn, see fuzz-mutate.ts), a corpus case and the
 * random stream, so any input is reproduced with `--only N`. Each input is scanned in a worker
 * process (`--max-old-space-size`), and the result is rendered by every reporter. The parent
 * counts:
 * - crash: `scan()` or a reporter threw, or the worker died (out of memory, abort, signal);
 * - hang: one input took longer than `--timeout` seconds (the worker is killed and replaced);
 * - peak RSS: the largest resident set of any worker, sampled from /proc every 200 ms.
 * Crashes and hangs are written to bench/out/fuzz/<kind>-<n>/ (the input files and the error)
 * and the totals to bench/out/fuzz/results.json.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { arg, OUT, ROOT, rng } from './_util.js';
import { type Case, MUTATIONS, mutate } from './fuzz-mutate.js';

const SELF = fileURLToPath(import.meta.url);

/** Every corpus case: each examples/ file alone, each examples/ directory whole, each rule example. */
export function corpus(): Case[] {
  const cases: Case[] = [];
  const walk = (dir: string, out: string[]) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs, out);
      else out.push(abs);
    }
  };
  const ex: string[] = [];
  walk(path.join(ROOT, 'examples'), ex);
  const byDir = new Map<string, Case>();
  for (const abs of ex) {
    const rel = path.relative(path.join(ROOT, 'examples'), abs).split(path.sep).join('/');
    const text = readFileSync(abs, 'utf8');
    cases.push({ [rel]: text });
    const dir = path.dirname(rel);
    byDir.set(dir, { ...(byDir.get(dir) ?? {}), [rel]: text });
  }
  cases.push(...byDir.values());
  const rules: string[] = [];
  walk(path.join(ROOT, 'src', 'rules'), rules);
  for (const abs of rules.filter((f) => f.endsWith('.examples.yaml'))) {
    const data = parse(readFileSync(abs, 'utf8')) as {
      bad?: { files: Case }[];
      good?: { files: Case }[];
    } | null;
    for (const c of [...(data?.bad ?? []), ...(data?.good ?? [])]) if (c?.files) cases.push(c.files);
  }
  return cases;
}

/** Input number `n` of the run: its mutation kind and files. */
export function inputOf(cases: Case[], seed: number, n: number) {
  const r = rng(seed * 1_000_003 + n);
  const kind = MUTATIONS[n % MUTATIONS.length]!;
  const c = cases[Math.floor(r() * cases.length)]!;
  const other = cases[Math.floor(r() * cases.length)]!;
  return { kind, files: mutate(kind, c, other, r) };
}

// ---------------------------------------------------------------- worker

async function worker(seed: number): Promise<void> {
  const { scan } = (await import(path.join(ROOT, 'dist', 'scan.js'))) as typeof import('../src/scan.js');
  const { reporters } = (await import(
    path.join(ROOT, 'dist', 'report', 'index.js')
  )) as typeof import('../src/report/index.js');
  const cases = corpus();
  const now = new Date('2026-12-01T00:00:00Z');
  process.on('message', async (m: { n: number }) => {
    const { files } = inputOf(cases, seed, m.n);
    const t0 = performance.now();
    try {
      const result = await scan({
        inputs: Object.entries(files).map(([p, content]) => ({ path: p, content })),
        now,
      });
      // Every reporter, written to a sink that only counts (a report must never throw).
      let chars = 0;
      for (const report of Object.values(reporters))
        report(result, { lang: 'en', colour: false, version: 'fuzz' }, (chunk: string) => {
          chars += chunk.length;
        });
      void chars;
      process.send?.({ n: m.n, ok: true, ms: performance.now() - t0 });
    } catch (e) {
      process.send?.({ n: m.n, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  process.send?.({ ready: true });
}

// ---------------------------------------------------------------- parent

interface Totals {
  inputs: number;
  crashes: number;
  hangs: number;
  peakRssMb: number;
  byKind: Record<string, { inputs: number; crashes: number; hangs: number; maxMs: number; sumMs: number }>;
  seconds: number;
}

async function parent(): Promise<void> {
  const total = arg('inputs', 10_000);
  const seed = arg('seed', 1);
  const workers = arg('workers', Math.max(1, os.availableParallelism()));
  const timeoutMs = arg('timeout', 30) * 1000;
  const heap = arg('heap', 1536);
  const only = process.argv.includes('--only') ? arg('only', 0) : undefined;
  const outDir = path.join(OUT, 'fuzz');
  mkdirSync(outDir, { recursive: true });
  const cases = corpus();
  console.log(
    `fuzz: ${cases.length} corpus cases, ${total} inputs, seed ${seed}, ${workers} workers, ${os.cpus().length} cores`,
  );

  const totals: Totals = { inputs: 0, crashes: 0, hangs: 0, peakRssMb: 0, byKind: {}, seconds: 0 };
  const kindOf = (n: number) => MUTATIONS[n % MUTATIONS.length]!;
  const bump = (n: number, key: 'inputs' | 'crashes' | 'hangs', ms = 0) => {
    const kind = kindOf(n);
    totals.byKind[kind] ??= { inputs: 0, crashes: 0, hangs: 0, maxMs: 0, sumMs: 0 };
    const k = totals.byKind[kind];
    k[key]++;
    k.maxMs = Math.max(k.maxMs, ms);
    if (key !== 'inputs') totals[key]++;
  };
  const keep = (n: number, what: string, detail: string) => {
    const dir = path.join(outDir, `${what}-${n}`);
    mkdirSync(dir, { recursive: true });
    const { kind, files } = inputOf(cases, seed, n);
    for (const [p, content] of Object.entries(files)) {
      const abs = path.join(dir, 'input', p.replace(/^(\.\.\/)+/, ''));
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
    writeFileSync(path.join(dir, 'error.txt'), `input ${n} (seed ${seed}, ${kind})\n${detail}\n`);
    console.log(`  ${what} at input ${n} (${kind}): ${detail.split('\n')[0]}`);
  };

  const queue = only !== undefined ? [only] : Array.from({ length: total }, (_, i) => i);
  let next = 0;
  const t0 = Date.now();
  let lastPrint = t0;

  await new Promise<void>((done) => {
    let live = 0;
    const start = () => {
      if (next >= queue.length) {
        if (live === 0) done();
        return;
      }
      live++;
      const child: ChildProcess = fork(SELF, ['--worker', '--seed', String(seed)], {
        execArgv: ['--import', 'tsx', `--max-old-space-size=${heap}`],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let current: number | undefined;
      let timer: NodeJS.Timeout | undefined;
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      const sampler = setInterval(() => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
          totals.peakRssMb = Math.max(totals.peakRssMb, Math.round(kb / 1024));
        } catch {
          // gone
        }
      }, 200);
      const feed = () => {
        if (next >= queue.length) {
          child.kill();
          return;
        }
        current = queue[next++]!;
        totals.inputs++;
        bump(current, 'inputs');
        timer = setTimeout(() => {
          if (current === undefined) return;
          bump(current, 'hangs', timeoutMs);
          keep(current, 'hang', `no result after ${timeoutMs} ms`);
          current = undefined;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.send({ n: current });
        if (Date.now() - lastPrint > 10_000) {
          lastPrint = Date.now();
          console.log(
            `  ${totals.inputs}/${queue.length} inputs, ${totals.crashes} crashes, ${totals.hangs} hangs, peak RSS ${totals.peakRssMb} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
          );
        }
      };
      child.on('message', (m: { ready?: boolean; n?: number; ok?: boolean; ms?: number; error?: string }) => {
        if (m.ready) return feed();
        if (m.n !== current) return;
        clearTimeout(timer);
        const k = totals.byKind[kindOf(m.n!)]!;
        k.maxMs = Math.max(k.maxMs, m.ms ?? 0);
        k.sumMs += m.ms ?? 0;
        if (!m.ok) {
          bump(m.n!, 'crashes');
          keep(m.n!, 'crash', m.error ?? 'error');
        }
        current = undefined;
        feed();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        clearInterval(sampler);
        if (current !== undefined) {
          bump(current, 'crashes');
          keep(current, 'crash', `worker died (code ${code}, signal ${signal})\n${stderr}`);
        }
        live--;
        start();
      });
    };
    for (let i = 0; i < Math.min(workers, queue.length); i++) start();
  });

  totals.seconds = Math.round((Date.now() - t0) / 1000);
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version };
  writeFileSync(
    path.join(outDir, 'results.json'),
    `${JSON.stringify({ seed, machine, ...totals }, null, 2)}\n`,
  );
  console.log(
    `fuzz: ${totals.inputs} inputs, ${totals.crashes} crashes, ${totals.hangs} hangs, peak RSS ${totals.peakRssMb} MB, ${totals.seconds} s`,
  );
  for (const [k, v] of Object.entries(totals.byKind))
    console.log(
      `  ${k.padEnd(20)} ${String(v.inputs).padStart(7)} inputs ${v.crashes} crashes ${v.hangs} hangs, mean ${Math.round(v.sumMs / Math.max(1, v.inputs))} ms, slowest ${Math.round(v.maxMs)} ms`,
    );
  process.exitCode = totals.crashes + totals.hangs > 0 ? 1 : 0;
}

if (process.argv.includes('--worker')) await worker(arg('seed', 1));
else await parent();

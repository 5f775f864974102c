/**
 * The `hako audit` benchmark: a generated EKS audit log (bench/audit-gen.ts, fixed seed; default
 * 2 GB, written once under /tmp, never in the repository), read end to end by the compiled CLI
 * (`hako audit FILE --format json`, output discarded) in a child process on one core. Prints MB/s
 * and the child's peak RSS against the targets (>= 100 MB/s, < 200 MB); with --gzip also the same
 * log gzipped. Writes bench/out/audit-results.json.
 *
 *   npm run bench:audit -- [--mb 2048] [--runs 1] [--gzip 1] [--file /tmp/x.ndjson]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { arg, OUT, ROOT } from './_util.js';
import { writeAuditLog } from './audit-gen.js';

const MB = arg('mb', 2048);
const RUNS = arg('runs', 1);
const GZIP = arg('gzip', 0) === 1;
const fileArg = process.argv.indexOf('--file');
const FILE = fileArg > 0 ? process.argv[fileArg + 1]! : `/tmp/hako-audit-bench-${MB}mb.ndjson`;

/** Runs the CLI in a child that reports its own peak RSS (resourceUsage().maxRSS, KiB) on exit. */
function runOnce(file: string): {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  code: number;
  findings: number;
} {
  const main = path.join(ROOT, 'dist', 'cli', 'main.js');
  const script = `
    const { main } = await import(${JSON.stringify(main)});
    let out = 0, findings = 0;
    const io = { stdout: (s) => { out += s.length; const m = s.match(/"ruleId"/g); if (m) findings += m.length; },
                 stderr: (s) => process.stderr.write(s), stdin: async () => Buffer.alloc(0), isTTY: false };
    const code = await main(['audit', ${JSON.stringify(file)}, '--format', 'json'], io);
    const u = process.resourceUsage();
    process.stdout.write(JSON.stringify({ code, findings, maxRss: u.maxRSS, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
  `;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`hako audit failed (${r.status}): ${r.stderr}`);
  const o = JSON.parse(r.stdout) as { code: number; findings: number; maxRss: number; cpuSeconds: number };
  return {
    seconds,
    cpuSeconds: o.cpuSeconds,
    peakRssMb: o.maxRss / 1024,
    code: o.code,
    findings: o.findings,
  };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
  if (!existsSync(FILE) || statSync(FILE).size < MB * 1024 * 1024 * 0.99) {
    console.log(`generating ${MB} MB of audit events in ${FILE} ...`);
    const lines = await writeAuditLog(FILE, MB, { seed: 1 });
    console.log(`  ${lines} events`);
  }
  const files = [FILE];
  if (GZIP) {
    const gz = `${FILE}.gz`;
    if (!existsSync(gz))
      await pipeline(createReadStream(FILE), createGzip({ level: 6 }), createWriteStream(gz));
    files.push(gz);
  }
  const sizeMb = statSync(FILE).size / (1024 * 1024);
  const results = [];
  for (const f of files) {
    for (let i = 0; i < RUNS; i++) {
      const r = runOnce(f);
      const mbps = sizeMb / r.seconds;
      const perCpu = sizeMb / r.cpuSeconds;
      results.push({
        file: f,
        sizeMb: Math.round(sizeMb),
        ...r,
        mbPerSecond: Math.round(mbps),
        mbPerCpuSecond: Math.round(perCpu),
      });
      // on a shared machine the wall clock measures the other processes too: CPU time is the figure
      console.log(
        `${path.basename(f)}: ${sizeMb.toFixed(0)} MB (uncompressed) in ${r.seconds.toFixed(1)} s wall = ${mbps.toFixed(0)} MB/s, ` +
          `${r.cpuSeconds.toFixed(1)} s CPU = ${perCpu.toFixed(0)} MB per CPU-second (target >= 100 on one core), ` +
          `peak RSS ${r.peakRssMb.toFixed(0)} MB (target < 200), ${r.findings} findings`,
      );
    }
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    path.join(OUT, 'audit-results.json'),
    `${JSON.stringify({ machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, results }, null, 2)}\n`,
  );
}

await main();

/**
 * The admission webhook under load, on loopback: the compiled `hako webhook serve` next to a bare
 * Node.js HTTPS server that reads the same AdmissionReview, parses it and answers a fixed
 * response (the floor: TLS + HTTP + JSON, no judgement). All run as child processes; the load
 * comes from this process over keep-alive connections (as the API server keeps them).
 *
 * Two workloads against hako: `unique` (Deployments whose image tag differs per request, so the
 * decision cache never answers: the cost of a fresh judgement every time) and `replicaset` (Pods
 * as 20 ReplicaSets create them, differing only in generated name and uid: the realistic hot path,
 * answered from the decision cache after each ReplicaSet's first pod). Both are reported, so
 * neither figure is read alone. Two hako servers: judging on the main thread (`--workers 0`) and
 * on the CLI's default worker pool (one thread per core).
 *
 * 1. Throughput: `--connections C` requests in flight for `--seconds S` (closed loop): req/s,
 *    p50/p99 latency, errors, and hako's share of the floor's throughput (target: 60% or more).
 * 2. Fixed rate: `--rate R` req/s (default 500) for S seconds (open loop, latency measured from the
 *    scheduled send time, so a stall is not hidden): p50/p99 (target: p99 under 10 ms), errors.
 * 3. Soak: `--soak-rate` req/s (default 200) of unique reviews for `--soak-seconds` (default 10;
 *    the issue's 600 on request) against the default (worker pool) server; target zero errors.
 * 4. The judgement alone, in process (bench/webhook-judge.ts): CPU per unique review, through the
 *    model built from the request and through the old full scan of its JSON text.
 *
 * Every run records the machine's 1-minute load average when it ended and the CPU time the server
 * process (all its threads) and the load generator used: on a shared machine the figures are only
 * comparable with the bare server's of the same run. The reviews come from a fixed seed. The
 * default run takes under two minutes. Writes bench/out/webhook-results.json.
 *
 *   npm run bench:webhook -- [--seconds 8] [--connections 16] [--rate 500] [--soak-seconds 10 --soak-rate 200] [--workers N]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { makeCerts } from '../src/webhook/cert.js';
import { arg, OUT, ROOT, rng } from './_util.js';
import { judgeBench } from './webhook-judge.js';
import { deploymentReview, SERIAL } from './webhook-reviews.js';

const SECONDS = arg('seconds', 8);
const CONNECTIONS = arg('connections', 16);
const RATE = arg('rate', 500);
const SOAK_SECONDS = arg('soak-seconds', 10);
const SOAK_RATE = arg('soak-rate', 200);
const WORKERS = arg('workers', availableParallelism());
/** How long a fixed-rate run waits for answers after its last request is sent. */
const DRAIN_SECONDS = 2;

/** The floor: a bare node:https server that parses the review and answers allowed. */
const BARE = `
const https = require('node:https'); const fs = require('node:fs');
const [cert, key] = [fs.readFileSync(process.argv[1]), fs.readFileSync(process.argv[2])];
const s = https.createServer({ cert, key, minVersion: 'TLSv1.2' }, (req, res) => {
  const chunks = []; req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const review = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body);
  });
});
s.keepAliveTimeout = 30000;
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port: s.address().port })));
process.on('SIGTERM', () => process.exit(0));
`;

function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      for (const line of buf.split('\n')) {
        if (!line.includes('"listening"')) continue;
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // the webhook logs a line per review: drain it
        resolve({ child, port: (JSON.parse(line) as { port: number }).port });
        return;
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
}

let serial = 0;
/** The n-th body of a run, with its own serial number (a fresh uid; a fresh image tag in unique mode). */
function next(bodies: string[], n: number): string {
  return (bodies[n % bodies.length] ?? '').replaceAll(SERIAL, String(serial++));
}

interface Stats {
  /** The 1-minute load average of the machine when the run ended (other processes included). */
  load1: number;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Fixed rate: requests sent but not answered within {@link DRAIN_SECONDS} after the last send. */
  unanswered?: number;
  /** CPU seconds the server process used during the run (every thread), and per request (ms). */
  serverCpu?: number;
  serverCpuMsPerRequest?: number;
  /** CPU seconds this process (the load generator) used during the run. */
  clientCpu?: number;
}

/** CPU seconds a process has used so far (Linux /proc; undefined elsewhere). */
function processCpu(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime: fields 14 and 15 of the whole line, in clock ticks (USER_HZ, 100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A run with the CPU time of the server and of this process around it. */
async function measured(pid: number | undefined, run: () => Promise<Stats>): Promise<Stats> {
  const server0 = processCpu(pid);
  const client0 = process.cpuUsage();
  const stats = await run();
  const server1 = processCpu(pid);
  const client = process.cpuUsage(client0);
  const r = (x: number) => Math.round(x * 100) / 100;
  if (server0 !== undefined && server1 !== undefined) {
    stats.serverCpu = r(server1 - server0);
    stats.serverCpuMsPerRequest = r(((server1 - server0) * 1000) / Math.max(1, stats.requests));
  }
  stats.clientCpu = r((client.user + client.system) / 1e6);
  return stats;
}

function summarise(lat: number[], errors: number, seconds: number): Stats {
  const s = [...lat].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    load1: Math.round(loadavg()[0]! * 100) / 100,
    requests: lat.length,
    errors,
    seconds: r(seconds),
    rps: Math.round(lat.length / seconds),
    p50: r(q(0.5)),
    p99: r(q(0.99)),
    max: r(s[s.length - 1] ?? Number.NaN),
  };
}

function send(agent: Agent, port: number, ca: string, body: string, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        path: '/validate',
        method: 'POST',
        ca,
        agent,
        ...(signal ? { signal } : {}),
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

async function closedLoop(
  port: number,
  ca: string,
  bodies: string[],
  seconds: number,
  conns: number,
): Promise<Stats> {
  const agent = new Agent({ keepAlive: true, maxSockets: conns });
  const lat: number[] = [];
  let errors = 0;
  let i = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conns }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await send(agent, port, ca, next(bodies, i++));
        if (ok) lat.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  agent.destroy();
  return summarise(lat, errors, (performance.now() - started) / 1000);
}

async function openLoop(
  port: number,
  ca: string,
  bodies: string[],
  seconds: number,
  rate: number,
): Promise<Stats> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per request in flight: no leak
  const lat: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) / 1000) * rate));
      while (sent < due) {
        const scheduled = started + (sent / rate) * 1000;
        const body = next(bodies, sent++);
        pending.push(
          send(agent, port, ca, body, abort.signal).then((ok) => {
            if (ok) lat.push(performance.now() - scheduled);
            else errors++;
          }),
        );
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  // bounded: what is not answered within DRAIN_SECONDS after the last send is counted, not awaited
  // (a server slower than the rate would otherwise stretch the run to its whole backlog)
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pending),
    new Promise((r) => {
      timer = setTimeout(r, DRAIN_SECONDS * 1000);
    }),
  ]);
  clearTimeout(timer);
  const elapsed = (performance.now() - started) / 1000;
  const unanswered = total - lat.length - errors;
  const stats = { ...summarise(lat, errors, elapsed), unanswered };
  // the queued requests too: none may reach the server during the next run
  abort.abort();
  agent.destroy();
  await new Promise((r) => setTimeout(r, 500));
  return stats;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hako-bench-webhook-'));
  const certs = makeCerts(['localhost', '127.0.0.1']);
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  writeFileSync(cert, certs.server.cert);
  writeFileSync(key, certs.server.key);
  const r = rng(13);
  const unique = Array.from({ length: 200 }, (_, i) => deploymentReview(i, r, 'unique'));
  const r2 = rng(13);
  // 20 ReplicaSets, their pods in turn: after each one's first pod, the decision cache answers
  const replicaset = Array.from({ length: 20 }, (_, i) => deploymentReview(i, r2, 'replicaset'));
  const ca = certs.ca.cert;
  const hakoServer = (workers: number) =>
    startChild([
      // e.g. HAKO_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=bench/out" to profile the webhook
      ...(process.env.HAKO_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      path.join(ROOT, 'bin', 'hako.js'),
      'webhook',
      'serve',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--tls-cert',
      cert,
      '--tls-key',
      key,
      '--workers',
      String(workers),
    ]);
  const results: Record<string, Stats> = {};
  const judge = await judgeBench(500);
  const bare = await startChild(['-e', BARE, cert, key]);
  const hako = await hakoServer(0);
  const pooled = WORKERS > 0 ? await hakoServer(WORKERS) : undefined;
  const servers = [bare, hako, ...(pooled ? [pooled] : [])];
  const runs: [string, { child: ChildProcess; port: number }, string[]][] = [
    ['bare', bare, unique],
    ['hako-unique', hako, unique],
    ['hako-replicaset', hako, replicaset],
    ...(pooled
      ? ([
          [`hako-workers${WORKERS}-unique`, pooled, unique],
          [`hako-workers${WORKERS}-replicaset`, pooled, replicaset],
        ] as [string, { child: ChildProcess; port: number }, string[]][])
      : []),
  ];
  try {
    for (const [name, server, bodies] of runs) {
      await closedLoop(server.port, ca, bodies, 1, CONNECTIONS); // warm-up
      results[`${name}-throughput`] = await measured(server.child.pid, () =>
        closedLoop(server.port, ca, bodies, SECONDS, CONNECTIONS),
      );
      results[`${name}-rate-${RATE}`] = await measured(server.child.pid, () =>
        openLoop(server.port, ca, bodies, SECONDS, RATE),
      );
    }
    if (SOAK_SECONDS > 0) {
      const target = pooled ?? hako;
      results[`hako${pooled ? `-workers${WORKERS}` : ''}-unique-soak-${SOAK_RATE}`] = await measured(
        target.child.pid,
        () => openLoop(target.port, ca, unique, SOAK_SECONDS, SOAK_RATE),
      );
    }
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
  const floor = results['bare-throughput']?.rps ?? 1;
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version} (load generator shares the CPUs); load average at the end of each run in load1`,
  );
  console.log(
    `judgement alone, in process (500 unique Deployment reviews per path, alternating): ${judge.model.msPerReview} ms CPU each from the request's model, ${judge.fullScan.msPerReview} ms through the full scan of its JSON text`,
  );
  console.log(
    'run                                  load1  requests  errors  unansw   req/s   p50 ms   p99 ms   max ms  srv cpu s  ms cpu/req  gen cpu s',
  );
  for (const [k, s] of Object.entries(results))
    console.log(
      `${k.padEnd(36)} ${String(s.load1).padStart(5)} ${String(s.requests).padStart(9)} ${String(s.errors).padStart(7)} ${String(s.unanswered ?? '-').padStart(7)} ${String(s.rps).padStart(7)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.max).padStart(8)} ${String(s.serverCpu ?? '-').padStart(10)} ${String(s.serverCpuMsPerRequest ?? '-').padStart(11)} ${String(s.clientCpu ?? '-').padStart(10)}`,
    );
  const targets: Record<string, { value: number | null; target: string; met: boolean }> = {};
  for (const server of ['hako', ...(WORKERS > 0 ? [`hako-workers${WORKERS}`] : [])])
    for (const mode of ['unique', 'replicaset']) {
      const share = (results[`${server}-${mode}-throughput`]?.rps ?? 0) / floor;
      targets[`throughputShare-${server}-${mode}`] = {
        value: Math.round(share * 100) / 100,
        target: '>= 0.6',
        met: share >= 0.6,
      };
      const fixed = results[`${server}-${mode}-rate-${RATE}`];
      targets[`p99At${RATE}-${server}-${mode}`] = {
        value: fixed?.p99 ?? null,
        target: '< 10 ms, no errors, all answered',
        met: (fixed?.p99 ?? Infinity) < 10 && fixed?.errors === 0 && fixed?.unanswered === 0,
      };
    }
  if (SOAK_SECONDS > 0) {
    const soak = Object.entries(results).find(([k]) => k.includes('-soak-'))?.[1];
    const failed = soak ? soak.errors + (soak.unanswered ?? 0) : null;
    targets.soakErrors = { value: failed, target: '= 0 (errors + unanswered)', met: failed === 0 };
  }
  for (const [k, t] of Object.entries(targets))
    console.log(`${k}: ${t.value} (target ${t.target}) ${t.met ? 'met' : 'NOT met'}`);
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    path.join(OUT, 'webhook-results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavgAtEnd: loadavg(), options: { SECONDS, CONNECTIONS, RATE, SOAK_SECONDS, SOAK_RATE, WORKERS }, judge, results, targets }, null, 2)}\n`,
  );
}

await main();

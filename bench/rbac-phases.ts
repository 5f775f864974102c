/**
 * Phase times of `hako rbac principals` on the benchmark estate (bench/rbac.ts generates it), in
 * one process through the compiled library: load (read + parse + adapt), RBAC graph, ServiceAccount
 * → role links, identity paths with their IAM probes, JSON output. Separates the engine's share
 * from the parsers'. Run after `npm run bench:rbac` (or with its directory):
 *
 *   npm run bench:rbac-phases -- [--namespaces N] [--cpu-prof FILE]
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { arg, OUT, ROOT } from './_util.js';

const NAMESPACES = arg('namespaces', 200);

async function main(): Promise<void> {
  const dist = (p: string) => path.join(ROOT, 'dist', p);
  const { loadInputs } = await import(dist('load.js'));
  const { initHcl } = await import(dist('parse/hcl/syntax.js'));
  const { buildRbacGraph } = await import(dist('engines/rbac/index.js'));
  const { workloadRoles } = await import(dist('engines/identity/workload-roles.js'));
  const { principalsJsonText } = await import(dist('cli/rbac.js'));
  const dir = path.join(OUT, `rbac-${NAMESPACES}`);
  const cpu0 = process.cpuUsage();
  const times: [string, number, number][] = [];
  let c = process.cpuUsage();
  let t = performance.now();
  const heap: number[] = [];
  const lap = (name: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(c);
    times.push([name, now - t, (cpu.user + cpu.system) / 1000]);
    // live heap after the phase (with --expose-gc: after a full collection)
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(process.memoryUsage().heapUsed / 1048576);
    t = performance.now();
    c = process.cpuUsage();
  };
  await initHcl();
  const loaded = loadInputs({ paths: [dir] });
  lap('load (read, parse, adapt)');
  // --cpu-prof FILE: a V8 profile of the engine phases only (summarise with bench/profile.ts)
  const profFile = process.argv.includes('--cpu-prof')
    ? process.argv[process.argv.indexOf('--cpu-prof') + 1]
    : undefined;
  const session = profFile ? new Session() : undefined;
  const post = (method: string) =>
    new Promise<unknown>((ok, ko) => session!.post(method, (e, r) => (e ? ko(e) : ok(r))));
  if (session) {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  const graph = buildRbacGraph(loaded.state);
  lap('RBAC graph');
  workloadRoles(loaded.state);
  lap('ServiceAccount → role links (trust)');
  // as the CLI writes it: one principal at a time (bytes counted, the text not kept)
  let bytes = 0;
  let principals = -1;
  for (const chunk of principalsJsonText(loaded.state, [], graph) as Iterable<string>) {
    bytes += chunk.length;
    principals++;
  }
  lap(`principals: paths, summaries, JSON (${Math.round(bytes / 1e6)} MB)`);
  if (session && profFile) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(profFile, JSON.stringify(profile));
  }
  const cpu = process.cpuUsage(cpu0);
  const total = times.reduce((n, [, ms]) => n + ms, 0);
  for (const [i, [name, ms, cpu]] of times.entries())
    console.log(
      `${name.padEnd(44)} ${String(Math.round(ms)).padStart(6)} ms wall ${String(Math.round(cpu)).padStart(6)} ms CPU  live heap ${Math.round(heap[i]!)} MB`,
    );
  console.log(
    `${'total'.padEnd(44)} ${Math.round(total)} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU, ` +
      `rss now ${Math.round(process.memoryUsage().rss / 1048576)} MB; ${principals} principals`,
  );
}

await main();

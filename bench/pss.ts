/**
 * The `hako pss` benchmark: N generated pods (default 10,000; 100 Pod documents per multi-document
 * YAML file, from a fixed seed), timed end to end through the compiled CLI
 * (`node bin/hako.js pss --level restricted DIR --format json > /dev/null`, min/median of R runs
 * after one warm-up), next to the engine alone (evaluatePod on the same pods as plain objects,
 * in this process) and the YAML parse floor. Prints pods/second; writes bench/out/pss-results.json.
 *
 *   npm run bench:pss -- [--pods N] [--runs R]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { evaluatePod, type PodInput } from '../src/engines/pss/index.js';
import { arg, median, OUT, ROOT, rng } from './_util.js';

const PODS = arg('pods', 10_000);
const RUNS = arg('runs', 3);

function podYaml(i: number, r: () => number): string {
  const hardened = r() < 0.5;
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: pod-${i}`,
    `  namespace: team-${i % 20}`,
    '  labels: { app: bench }',
    'spec:',
  ];
  if (r() < 0.05) lines.push('  hostNetwork: true');
  if (hardened)
    lines.push(
      '  securityContext:',
      '    runAsNonRoot: true',
      '    seccompProfile: { type: RuntimeDefault }',
    );
  lines.push('  containers:');
  const n = 1 + Math.floor(r() * 3);
  for (let c = 0; c < n; c++) {
    lines.push(
      `    - name: c${c}`,
      `      image: registry.example.com/app-${c}:1.${i % 50}`,
      '      securityContext:',
    );
    if (hardened)
      lines.push('        allowPrivilegeEscalation: false', '        capabilities: { drop: [ALL] }');
    else if (r() < 0.2) lines.push('        privileged: true');
    else lines.push(`        capabilities: { add: [${r() < 0.5 ? 'NET_ADMIN' : 'CHOWN'}] }`);
    lines.push('      ports: [{ containerPort: 8080 }]');
  }
  if (r() < 0.1) lines.push('  volumes: [{ name: host, hostPath: { path: /var/log } }]');
  return lines.join('\n');
}

function generate(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) return;
  const r = rng(42);
  for (let f = 0; f * 100 < PODS; f++) {
    const docs: string[] = [];
    for (let i = f * 100; i < Math.min(PODS, (f + 1) * 100); i++) docs.push(podYaml(i, r));
    writeFileSync(path.join(dir, `pods-${String(f).padStart(4, '0')}.yaml`), `${docs.join('\n---\n')}\n`);
  }
}

function main(): void {
  const dir = path.join(OUT, `pss-${PODS}`);
  generate(dir);
  const texts = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const bin = path.join(ROOT, 'bin', 'hako.js');
  const cli = () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, [bin, 'pss', '--level', 'restricted', dir, '--format', 'json'], {
      stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`hako pss exited ${r.status}: ${r.stderr}`);
    return performance.now() - t;
  };
  const check = spawnSync(process.execPath, [bin, 'pss', '--level', 'restricted', dir, '--format', 'json'], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const out = JSON.parse(check.stdout) as { results: { allowed: boolean }[]; errors: unknown[] };
  if (out.results.length !== PODS || out.errors.length > 0)
    throw new Error('hako pss did not read every pod');
  const cliMs = Array.from({ length: RUNS }, cli);

  let plain: PodInput[] = [];
  const parseMs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    plain = texts.flatMap((t2) =>
      parseAllDocuments(t2).flatMap((d) => (Array.isArray(d) ? [] : [d.toJS() as PodInput])),
    );
    return performance.now() - t;
  });
  const engineMs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    for (const p of plain) evaluatePod('restricted', 'latest', p);
    return performance.now() - t;
  });

  const rows = [
    ['hako pss --level restricted (CLI, end to end)', median(cliMs), Math.min(...cliMs)],
    ['engine only (evaluatePod, in process)', median(engineMs), Math.min(...engineMs)],
    ['floor: yaml parseAllDocuments + toJS', median(parseMs), Math.min(...parseMs)],
  ] as const;
  console.log(
    `${PODS} pods in ${texts.length} files; ${out.results.filter((x) => !x.allowed).length} denied; nproc ${cpus().length}`,
  );
  for (const [name, med, min] of rows) {
    console.log(
      `${name.padEnd(48)} median ${Math.round(med)} ms  min ${Math.round(min)} ms  ${Math.round((PODS / med) * 1000)} pods/s`,
    );
  }
  writeFileSync(
    path.join(OUT, 'pss-results.json'),
    `${JSON.stringify({ pods: PODS, nproc: cpus().length, node: process.version, rows: rows.map(([name, med, min]) => ({ name, medianMs: Math.round(med), minMs: Math.round(min), podsPerSecond: Math.round((PODS / med) * 1000) })) }, null, 2)}\n`,
  );
}

main();

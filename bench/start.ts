/**
 * `npm run bench:start`: how long hako takes to start and scan one small file. Median of `--runs`
 * (default 20, after 2 warm-ups) of `hako --version`, `hako scan <one pod>`, `hako scan <one .tf>`
 * and `hako scan <one task definition>` (all `--format json`), as wall time and as user+sys CPU
 * (the fairer figure on a shared machine). `--baseline <other bin/hako.js>` measures another build
 * the same way, run for run interleaved, so both see the same load. Writes bench/out/start.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, median, OUT, ROOT } from './_util.js';

const runs = arg('runs', 20);
const bi = process.argv.indexOf('--baseline');
const baseline = bi > 0 ? path.resolve(process.argv[bi + 1]!) : undefined;
const dir = path.join(OUT, 'start');
mkdirSync(dir, { recursive: true });

const files = {
  'pod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
`,
  'main.tf': `resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([{
    name  = "web"
    image = "nginx:1.27"
  }])
}
`,
  'task-definition.json': `${JSON.stringify(
    {
      family: 'web',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx:1.27', essential: true }],
    },
    null,
    2,
  )}\n`,
};
for (const [name, text] of Object.entries(files)) {
  mkdirSync(path.join(dir, path.parse(name).name), { recursive: true });
  writeFileSync(path.join(dir, path.parse(name).name, name), text);
}
const cases: { name: string; args: string[] }[] = [
  { name: 'hako --version', args: ['--version'] },
  ...Object.keys(files).map((f) => ({
    name: `hako scan ${f}`,
    args: ['scan', path.join(dir, path.parse(f).name, f), '--format', 'json'],
  })),
];

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/** One run: wall ms, and user+sys CPU ms when /usr/bin/time is there. */
function once(bin: string, args: string[]): { wall: number; cpu?: number } {
  const cmd = timeBin
    ? [timeBin, '-f', 'CPU %U %S', process.execPath, bin, ...args]
    : [process.execPath, bin, ...args];
  const t0 = performance.now();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', cwd: dir });
  const wall = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return m ? { wall, cpu: (Number(m[1]) + Number(m[2])) * 1000 } : { wall };
}

const builds = [{ label: 'this build', bin: path.join(ROOT, 'bin', 'hako.js') }];
if (baseline) builds.push({ label: 'baseline', bin: baseline });
const load = os.loadavg()[0]!;
const results: { case: string; build: string; wallMs: number; cpuMs?: number }[] = [];
const bare = { wall: [] as number[], cpu: [] as number[] };
for (const c of cases) {
  const m = new Map(builds.map((b) => [b.label, { wall: [] as number[], cpu: [] as number[] }]));
  for (let i = -2; i < runs; i++) {
    for (const b of builds) {
      const r = once(b.bin, c.args);
      if (i < 0) continue;
      m.get(b.label)!.wall.push(r.wall);
      if (r.cpu !== undefined) m.get(b.label)!.cpu.push(r.cpu);
    }
  }
  for (const b of builds) {
    const x = m.get(b.label)!;
    results.push({
      case: c.name,
      build: b.label,
      wallMs: Math.round(median(x.wall)),
      ...(x.cpu.length ? { cpuMs: Math.round(median(x.cpu)) } : {}),
    });
  }
}
for (let i = 0; i < runs; i++) {
  const r = once('-e', ['0']);
  bare.wall.push(r.wall);
  if (r.cpu !== undefined) bare.cpu.push(r.cpu);
}
const machine = {
  date: new Date().toISOString(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  node: process.version,
  loadBefore: Number(load.toFixed(2)),
  loadAfter: Number(os.loadavg()[0]!.toFixed(2)),
  runs,
  bareNode: {
    wallMs: Math.round(median(bare.wall)),
    cpuMs: bare.cpu.length ? Math.round(median(bare.cpu)) : undefined,
  },
};
writeFileSync(path.join(OUT, 'start.json'), `${JSON.stringify({ machine, results }, null, 2)}\n`);
console.log(
  `${machine.date}  ${machine.cpu}  ${machine.cores} cores  node ${machine.node}  load ${machine.loadBefore} → ${machine.loadAfter}`,
);
console.log(`bare node -e 0: wall ${machine.bareNode.wallMs} ms, cpu ${machine.bareNode.cpuMs ?? '-'} ms\n`);
console.log('| command | build | wall median (ms) | user+sys median (ms) |');
console.log('|---|---|---:|---:|');
for (const r of results) console.log(`| \`${r.case}\` | ${r.build} | ${r.wallMs} | ${r.cpuMs ?? '-'} |`);

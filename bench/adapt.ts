/**
 * CPU time of hako's parse and adapt layers alone (no start-up, no I/O, no rules, no report), on
 * Kubernetes YAML already in memory: `parseYaml` of every file, then `adaptText` (parse + adapt
 * into a fresh model) with the field check on (a scan running HAKO-003, the default) and off (a
 * scan that does not). Each pass is timed in CPU time of this process (`process.cpuUsage`, user +
 * system), so the figures hold up better than wall time on a shared machine; medians of `--runs`
 * passes after one warm-up pass.
 *
 *   npm run bench:adapt [-- --corpus DIR] [--runs 5] [--dist DIR]
 *
 * `--dist` reads another build (e.g. a copy of the previous commit's `dist/`) to compare two builds
 * run back to back. `--corpus` defaults to bench:compare's 2,000 plain workload documents
 * (bench/out/compare/plain-2000, generated when missing). Results: bench/results/adapt.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { arg, median, ROOT } from './_util.js';
import { ensureCorpus } from './corpus/index.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** CPU milliseconds (user + system) that `f` takes. */
function cpu(f: () => void): number {
  const a = process.cpuUsage();
  f();
  const b = process.cpuUsage(a);
  return (b.user + b.system) / 1000;
}

const dist = path.resolve(flag('dist') ?? path.join(ROOT, 'dist'));
const corpus = flag('corpus') ?? ensureCorpus('plain', 2000).dir;
const runs = arg('runs', 5);

const load = (m: string) => import(pathToFileURL(path.join(dist, m)).href);
const { adaptText } = await load('adapters/index.js');
const { parseYaml } = await load('parse/yaml.js');
const { emptyState } = await load('model/state.js');

const files = yamlFiles(corpus).map((f) => ({
  name: path.relative(corpus, f),
  text: readFileSync(f, 'utf8'),
}));
let docs = 0;
let workloads = 0;

const parse = () => {
  let n = 0;
  for (const f of files) n += parseYaml(f.name, f.text).docs.length;
  docs = n;
};
const adapt = (fields: boolean) => () => {
  const state = emptyState();
  for (const f of files) adaptText(f.name, 'yaml', f.text, state, fields ? {} : { fields: false });
  workloads = state.k8s.workloads.length;
};

const phases: [string, () => void][] = [
  ['parse', parse],
  ['parse+adapt (fields on)', adapt(true)],
  ['parse+adapt (fields off)', adapt(false)],
];
const results: Record<string, number> = {};
for (const [name, f] of phases) {
  f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(cpu(f));
  results[name] = median(times);
}
console.log(`dist: ${dist}`);
console.log(`corpus: ${corpus} (${files.length} files, ${docs} documents, ${workloads} workloads)`);
console.log(`| phase | CPU ms (median of ${runs}) | × parse |`);
console.log('|---|---:|---:|');
for (const [name] of phases)
  console.log(`| ${name} | ${results[name]!.toFixed(0)} | ${(results[name]! / results.parse!).toFixed(2)} |`);

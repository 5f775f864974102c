/**
 * `npm run bench:terraform`: where the time of a Terraform scan goes, in CPU time (user+sys,
 * process.cpuUsage: steadier than wall time on a shared machine), median of several runs.
 *
 *   tree-sitter parse       web-tree-sitter's WASM parse alone (the tree deleted)
 *   + cursor conversion     the same, then its tree read into plain objects (cst.ts fromTreeSitter)
 *   fast scanner            the hand-written scanner (fast.ts) on the same texts
 *   parseHcl                what the loader calls (fast path, tree-sitter when it gives up)
 *   loadTerraform           parse + module evaluation (the evaluated resources)
 *   hako scan (CLI)         `node bin/hako.js scan DIR --format json --quiet --jobs 1`, user+sys
 *
 * Corpus: the tf-1000 files of `npm run bench:compare` (generated into bench/out/tf-1000 when
 * absent). `--dir D` reads another directory; `--old D` also times the CLI of another checkout's
 * build (a directory with bin/ and dist/) back to back with this one; `--runs N` (default 5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as TreeSitter from 'web-tree-sitter';
import { fromTreeSitter } from '../src/parse/hcl/cst.js';
import { parseHclFast } from '../src/parse/hcl/fast.js';
import { loadTerraform } from '../src/parse/hcl/module.js';
import { initHcl, parseHcl } from '../src/parse/hcl/syntax.js';
import { terraform } from './corpus/iac.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 5);

function corpus(): string {
  const given = arg('--dir');
  if (given) return path.resolve(given);
  const shared = path.join(ROOT, 'bench/out/compare/tf-1000');
  if (existsSync(shared)) return shared;
  const dir = path.join(ROOT, 'bench/out/tf-1000');
  if (!existsSync(dir)) {
    for (const f of terraform(1000)) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.text);
    }
  }
  return dir;
}

const dir = corpus();
const files = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.tf'))
  .sort()
  .map((f) => ({ display: f.split(path.sep).join('/'), text: readFileSync(path.join(dir, f), 'utf8') }));
const bytes = files.reduce((n, f) => n + f.text.length, 0);

function cpuMs(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

await initHcl();
await TreeSitter.Parser.init();
const lang = await TreeSitter.Language.load(
  createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
);
const parser = new TreeSitter.Parser();
parser.setLanguage(lang);

let fastCount = 0;
const phases: [string, () => void][] = [
  [
    'tree-sitter parse',
    () => {
      for (const f of files) parser.parse(f.text)?.delete();
    },
  ],
  [
    '+ cursor conversion',
    () =>
      files.forEach((f) => {
        const t = parser.parse(f.text);
        if (t) fromTreeSitter(t.rootNode, { text: f.text });
        t?.delete();
      }),
  ],
  [
    'fast scanner',
    () => {
      fastCount = 0;
      for (const f of files) if (parseHclFast(f.text, { text: f.text })) fastCount++;
    },
  ],
  [
    'parseHcl',
    () => {
      for (const f of files) parseHcl(f.display, f.text);
    },
  ],
  ['loadTerraform', () => loadTerraform(files).dispose()],
];

const rows: [string, string][] = [];
for (const [name, fn] of phases) {
  fn(); // warm-up
  rows.push([name, `${median(Array.from({ length: runs }, () => cpuMs(fn))).toFixed(0)} ms`]);
}

/** user+sys of a child process running a CLI build on the corpus. */
function cliCpu(root: string): number {
  const out = execFileSync(
    '/usr/bin/time',
    [
      '-f',
      '%U %S',
      process.execPath,
      path.join(root, 'bin/hako.js'),
      'scan',
      dir,
      '--format',
      'json',
      '--quiet',
      '--jobs',
      '1',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 },
  ).trim();
  const [u, s] = out.split('\n').at(-1)?.split(' ').map(Number) ?? [Number.NaN, Number.NaN];
  return ((u ?? 0) + (s ?? 0)) * 1000;
}
function cliCpuAnyExit(root: string): number {
  try {
    return cliCpu(root);
  } catch (e) {
    // exit 1 when there are findings: the timing is on stderr all the same
    const err = (e as { stderr?: string }).stderr ?? '';
    const [u, s] = err.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
    return ((u ?? Number.NaN) + (s ?? Number.NaN)) * 1000;
  }
}

const old = arg('--old');
const cli: number[] = [];
const cliOld: number[] = [];
if (existsSync('/usr/bin/time')) {
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
    if (old) cliOld.push(cliCpuAnyExit(path.resolve(old)));
    cli.push(cliCpuAnyExit(ROOT));
  }
  rows.push(['hako scan (CLI, this build)', `${median(cli).toFixed(0)} ms`]);
  if (old) rows.push([`hako scan (CLI, ${old})`, `${median(cliOld).toFixed(0)} ms`]);
}

let load = '';
try {
  load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
} catch {
  load = 'n/a';
}
console.log(
  `Terraform: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB (${dir}); fast path read ${fastCount}/${files.length}; CPU time, median of ${runs}; load average ${load}`,
);
for (const [k, v] of rows) console.log(`${k.padEnd(34)} ${v.padStart(8)}`);

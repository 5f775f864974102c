/**
 * Parse-only throughput of the YAML parse candidates on a Kubernetes corpus (issue 16 item 2):
 *   a  parseYaml, the exact path (yaml Parser + Composer, then hako's positioned tree)
 *   b  the `yaml` library's CST Parser alone (no Composer, no tree): a floor for any path built on it
 *   c  js-yaml 4 `loadAll` with a position `listener` (only when installed outside the repository:
 *      HAKO_JSYAML=/tmp/jsy/node_modules/js-yaml), a floor for a js-yaml path
 *   d  the hand-written block-subset scanner (parseYamlFast) with its fallback, i.e. today's parseYaml
 * Each candidate: one warm-up pass, then the median of 3 passes over every file; docs/s from the
 * document count of the exact path.
 *
 *   npx tsx bench/parse-candidates.ts [dir]   (default bench/out/corpus-2000-0/k8s)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Parser } from 'yaml';
import { parseYamlExact } from '../src/parse/yaml.js';
import { parseYamlFast } from '../src/parse/yaml-fast.js';

const dir = process.argv[2] ?? 'bench/out/corpus-2000-0/k8s';
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => ({ file: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') }));
const bytes = files.reduce((s, f) => s + f.text.length, 0);
let docs = 0;
for (const f of files) docs += parseYamlExact(f.file, f.text).docs.length;

function time(run: () => void): number {
  run();
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    run();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((x, y) => x - y)[1]!;
}

const rows: [string, number][] = [];
rows.push([
  'a parseYaml (exact path)',
  time(() => {
    for (const f of files) parseYamlExact(f.file, f.text);
  }),
]);
rows.push([
  'b yaml CST Parser only',
  time(() =>
    files.forEach((f) => {
      for (const _ of new Parser().parse(f.text));
    }),
  ),
]);
const jsyPath = process.env.HAKO_JSYAML;
if (jsyPath) {
  const jsy = createRequire(import.meta.url)(jsyPath) as {
    loadAll(
      t: string,
      it?: undefined,
      o?: { listener?: (ev: string, st: { position: number; line: number }) => void },
    ): unknown[];
  };
  rows.push([
    'c js-yaml loadAll + listener',
    time(() =>
      files.forEach((f) => {
        const pos: number[] = [];
        jsy.loadAll(f.text, undefined, {
          listener: (ev, st) => {
            if (ev === 'open') pos.push(st.position, st.line);
          },
        });
      }),
    ),
  ]);
}
let fell = 0;
for (const f of files) if (parseYamlFast(f.file, f.text) === undefined) fell++;
rows.push([
  'd fast scanner (+ fallback)',
  time(() => {
    for (const f of files) parseYamlFast(f.file, f.text) ?? parseYamlExact(f.file, f.text);
  }),
]);

console.log(
  `${dir}: ${files.length} files, ${docs} documents, ${(bytes / 1e6).toFixed(1)} MB; fast path gave up on ${fell} files`,
);
console.log('| candidate | median ms | docs/s | MB/s |');
console.log('|---|---:|---:|---:|');
for (const [name, ms] of rows)
  console.log(
    `| ${name} | ${ms.toFixed(0)} | ${Math.round((docs / ms) * 1000)} | ${(bytes / 1e3 / ms).toFixed(1)} |`,
  );

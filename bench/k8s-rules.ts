/**
 * The Kubernetes rules alone, in process: CPU time of running the K8S rules (all of them, and the
 * 19 Pod Security rules K8S-101..119 alone) over an adapted model, parsing and adapting excluded.
 * Each round adapts the corpus afresh (untimed), since the rules keep per-workload results on the
 * model, then times one run of the rule set. With `--old <dir>` (a copy of an older build's
 * `dist/`) both builds are measured in alternating rounds, so a shared machine's load drifts on
 * both alike, and the figures are relative: old vs new at the same moment.
 *
 *   npx tsx bench/k8s-rules.ts [--corpus DIR] [--rounds 5] [--old /path/to/old/dist] [--profile DIR]
 *
 * `--profile DIR` also writes V8 CPU profiles of the last round's timed runs, per build and rule
 * set, to DIR/<build>-k8s.cpuprofile and DIR/<build>-pss.cpuprofile, for bench/profile.ts.
 *   npm run bench:k8s-rules
 *
 * Prints JSON: per build, the median CPU seconds of each rule set and its findings count.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { cpuUsage } from 'node:process';
import { pathToFileURL } from 'node:url';
import { arg, median, OUT, ROOT } from './_util.js';

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

interface Build {
  name: string;
  scan: (opts: Record<string, unknown>) => Promise<{ all: unknown[] }>;
  k8s: string[];
  pss: string[];
}

async function load(name: string, dist: string): Promise<Build> {
  const lib = await import(pathToFileURL(path.join(dist, 'index.js')).href);
  const rules = lib.allRules as { meta: { id: string; service: string } }[];
  const k8s = rules.filter((r) => r.meta.service === 'k8s').map((r) => r.meta.id);
  return { name, scan: lib.scan, k8s, pss: k8s.filter((id) => /^K8S-1\d\d$/.test(id)) };
}

/** One round: a fresh model (untimed), then one timed run of the rule set on it. */
async function round(
  b: Build,
  corpus: string,
  rules: string[],
  profile?: string,
): Promise<{ cpu: number; findings: number }> {
  let state: unknown;
  await b.scan({
    paths: [corpus],
    rules: ['HAKO-001'],
    jobs: 1,
    onState: (s: unknown) => {
      state = s;
    },
  });
  if (profile) {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const c0 = cpuUsage();
  const out = await b.scan({ paths: [], state, rules });
  const c = cpuUsage(c0);
  if (profile) {
    const { profile: p } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(p));
  }
  return { cpu: (c.user + c.system) / 1e6, findings: out.all.length };
}

const corpus = option('corpus') ?? path.join(OUT, 'compare', 'plain-2000');
const rounds = arg('rounds', 5);
const profileDir = option('profile');
const session = new Session();
session.connect();
const builds = [await load('new', path.join(ROOT, 'dist'))];
const old = option('old');
if (old) builds.unshift(await load('old', path.resolve(old)));

const cpu: Record<string, { k8s: number[]; pss: number[]; findings: { k8s: number; pss: number } }> = {};
for (const b of builds) cpu[b.name] = { k8s: [], pss: [], findings: { k8s: 0, pss: 0 } };
for (const b of builds) {
  // warm-up: rule modules load, the JIT settles
  await round(b, corpus, b.k8s);
}
for (let i = 0; i < rounds; i++) {
  for (const b of builds) {
    const entry = cpu[b.name]!;
    const last = i === rounds - 1 && profileDir;
    const all = await round(
      b,
      corpus,
      b.k8s,
      last ? path.join(profileDir, `${b.name}-k8s.cpuprofile`) : undefined,
    );
    const pss = await round(
      b,
      corpus,
      b.pss,
      last ? path.join(profileDir, `${b.name}-pss.cpuprofile`) : undefined,
    );
    entry.k8s.push(all.cpu);
    entry.pss.push(pss.cpu);
    entry.findings = { k8s: all.findings, pss: pss.findings };
  }
}
const ms = (s: number) => Math.round(s * 1000);
console.log(
  JSON.stringify(
    {
      corpus: path.relative(ROOT, corpus) || corpus,
      rounds,
      builds: Object.fromEntries(
        Object.entries(cpu).map(([name, e]) => [
          name,
          {
            k8sRulesCpuMs: ms(median(e.k8s)),
            pssRulesCpuMs: ms(median(e.pss)),
            findings: e.findings,
          },
        ]),
      ),
    },
    null,
    2,
  ),
);

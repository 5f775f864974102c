/**
 * The `hako ecr lifecycle` benchmark: generated repositories of 10k / 100k / 1M images (describe-images
 * JSON from a fixed seed, pages of 1,000 images concatenated in one file, as a paginating script
 * writes them), timed end to end through the compiled CLI (`node bin/hako.js ecr lifecycle --policy
 * P --images F --now T --format json > /dev/null`, min/median of R runs), next to the engine alone
 * (evaluateLifecycle on the same images, in this process). The policy has four rules (untagged by
 * age, release-* by count, pr-* by last pull, any by count), so every image meets several selections.
 * Prints wall-clock and CPU times, and CPU time per n·log2(n) relative to the smallest size: the
 * simulator is one sort plus one pass per rule, so that ratio must stay flat (n log n), not grow with n.
 * CPU time is the measure: on a shared machine the wall clock is mostly other processes.
 * Writes bench/out/ecr-results.json.
 *
 *   npm run bench:ecr -- [--sizes 10000,100000,1000000] [--runs R]
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { readDescribeImages } from '../src/adapters/ecr/images.js';
import { evaluateLifecycle, rulesOf } from '../src/engines/ecr-lifecycle/evaluate.js';
import { arg, median, OUT, ROOT, rng } from './_util.js';

const sizesArg = process.argv.indexOf('--sizes');
const SIZES =
  sizesArg > 0
    ? String(process.argv[sizesArg + 1])
        .split(',')
        .map(Number)
    : [10_000, 100_000, 1_000_000];
const RUNS = arg('runs', 3);
const NOW = '2026-11-28T00:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;

const POLICY = {
  rules: [
    {
      rulePriority: 1,
      description: 'untagged builds after two weeks',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: 'keep 500 releases',
      selection: {
        tagStatus: 'tagged',
        tagPrefixList: ['release-'],
        countType: 'imageCountMoreThan',
        countNumber: 500,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 3,
      description: 'archive pull-request images not pulled for 30 days',
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['pr-*-*'],
        countType: 'sinceImagePulled',
        countUnit: 'days',
        countNumber: 30,
      },
      action: { type: 'transition', targetStorageClass: 'archive' },
    },
    {
      rulePriority: 4,
      description: 'at most 100,000 images',
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 100_000 },
      action: { type: 'expire' },
    },
  ],
};

function hex(r: () => number, n: number): string {
  let s = '';
  while (s.length < n)
    s += Math.floor(r() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, n);
}

/** Writes N images as pages of 1,000 (concatenated JSON documents); returns the file. */
function generate(n: number): string {
  const dir = path.join(OUT, 'ecr');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `images-${n}.json`);
  if (existsSync(file)) return file;
  const r = rng(n);
  // written under another name and renamed when complete: an interrupted run never leaves half a corpus
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  try {
    for (let start = 0; start < n; start += 1000) {
      const items: string[] = [];
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        const kind = r();
        const tags =
          kind < 0.3
            ? []
            : kind < 0.6
              ? [`release-${i}`]
              : kind < 0.9
                ? [`pr-${i % 977}-${i}`]
                : [`dev-${i}`, 'nightly'];
        const pushed = NOW_MS - Math.floor(r() * 400 * DAY);
        const img: Record<string, unknown> = {
          registryId: '123456789012',
          repositoryName: 'bench',
          imageDigest: `sha256:${hex(r, 64)}`,
          imagePushedAt: new Date(pushed).toISOString(),
          imageSizeInBytes: Math.floor(r() * 1e8),
          imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
        };
        if (tags.length > 0) img.imageTags = tags;
        if (r() < 0.7)
          img.lastRecordedPullTime = new Date(pushed + Math.floor(r() * (NOW_MS - pushed))).toISOString();
        items.push(JSON.stringify(img));
      }
      writeSync(fd, `{"imageDetails":[\n${items.join(',\n')}\n],"nextToken":"t${start}"}\n`);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return file;
}

const GNU_TIME = '/usr/bin/time';

/** Wall-clock and CPU (user + system, from GNU time when installed) of one CLI run, in ms. */
function timeCli(policy: string, images: string): { wall: number; cpu?: number } {
  const cli = [
    path.join(ROOT, 'bin', 'hako.js'),
    'ecr',
    'lifecycle',
    '--policy',
    policy,
    '--images',
    images,
    '--now',
    NOW,
    '--format',
    'json',
  ];
  const timed = existsSync(GNU_TIME);
  const t0 = process.hrtime.bigint();
  const r = timed
    ? spawnSync(GNU_TIME, ['-f', 'hako-cpu %U %S', process.execPath, ...cli], {
        stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, cli, {
        stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
        encoding: 'utf8',
      });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`hako ecr lifecycle exited ${r.status}: ${r.stderr}`);
  const m = /hako-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  return m ? { wall, cpu: (Number(m[1]) + Number(m[2])) * 1000 } : { wall };
}

/** CPU time of `f` in this process, in ms (wall clock is mostly other processes on a shared machine). */
function cpuOf(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function main(): void {
  mkdirSync(OUT, { recursive: true });
  const policy = path.join(OUT, 'ecr', 'policy.json');
  mkdirSync(path.dirname(policy), { recursive: true });
  writeFileSync(policy, JSON.stringify(POLICY, null, 2));
  const rules = rulesOf(POLICY);
  const rows: {
    images: number;
    mb: number;
    cliWallMin: number;
    cliWallMedian: number;
    cliCpuMin?: number;
    readCpu: number;
    engineCpu: number;
  }[] = [];
  for (const n of SIZES) {
    const file = generate(n);
    const mb = readFileSync(file).length / 1e6;
    const runs = n >= 1_000_000 ? Math.min(RUNS, 2) : RUNS;
    const cli = Array.from({ length: runs }, () => timeCli(policy, file));
    const cpus = cli.flatMap((c) => (c.cpu === undefined ? [] : [c.cpu]));
    let images: ReturnType<typeof readDescribeImages>['images'] = [];
    const readCpu = cpuOf(() => {
      images = readDescribeImages(file, readFileSync(file, 'utf8')).images;
    });
    let acted = 0;
    const engineCpu = cpuOf(() => {
      const out = evaluateLifecycle(rules, images, NOW_MS);
      for (const a of out.actedBy) if (a >= 0) acted++;
    });
    const wall = cli.map((c) => c.wall);
    const row = {
      images: n,
      mb,
      cliWallMin: Math.min(...wall),
      cliWallMedian: median(wall),
      ...(cpus.length > 0 ? { cliCpuMin: Math.min(...cpus) } : {}),
      readCpu,
      engineCpu,
    };
    rows.push(row);
    console.log(
      `${String(n).padStart(9)} images (${mb.toFixed(0)} MB, ${acted} acted on): CLI wall min ${row.cliWallMin.toFixed(0)} ms, median ${row.cliWallMedian.toFixed(0)} ms${row.cliCpuMin !== undefined ? `, CPU ${row.cliCpuMin.toFixed(0)} ms` : ''}; in process: read ${readCpu.toFixed(0)} ms CPU, simulate ${engineCpu.toFixed(0)} ms CPU`,
    );
  }
  const nlogn = (n: number) => n * Math.log2(n);
  const first = rows[0];
  if (first) {
    console.log(
      'CPU time / (n log2 n), relative to the smallest size (flat or falling = no worse than n log n):',
    );
    for (const r of rows) {
      const rel = (a: number | undefined, b: number | undefined) =>
        a === undefined || b === undefined
          ? '-'
          : (a / nlogn(r.images) / (b / nlogn(first.images))).toFixed(2);
      console.log(
        `${String(r.images).padStart(9)}: CLI ${rel(r.cliCpuMin, first.cliCpuMin)}, read ${rel(r.readCpu, first.readCpu)}, simulate ${rel(r.engineCpu, first.engineCpu)}`,
      );
    }
  }
  writeFileSync(
    path.join(OUT, 'ecr-results.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGb: totalmem() / 2 ** 30,
        rows,
      },
      null,
      2,
    )}\n`,
  );
}

main();

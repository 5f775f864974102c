/**
 * bench:compare — hako side by side with Checkov and Trivy (and kube-linter when a binary is at
 * hand) on the same generated corpora: wall time (median), CPU time, documents per second, peak
 * RSS, hako's speed ratio to each peer, and findings per comparable check through hako's rule
 * `equivalents`. Peers are installed (once, cached) into a scratch folder outside the repository
 * and run offline; a peer that cannot be installed or run is skipped with its reason.
 *
 *   npm run bench:compare -- [--sizes 1000,10000,50000] [--plain 2000] [--tf 1000] [--cfn 1000]
 *     [--ecs 1000] [--runs 3] [--peer-runs N] [--timeout 20] [--peers checkov,trivy,kube-linter]
 *     [--peers-dir DIR] [--no-install] [--kube-linter PATH] [--write-results]
 *
 * `--sizes` are the Kubernetes corpus sizes (documents); `--plain/--tf/--cfn/--ecs` take a count or
 * a comma list (0 leaves the corpus out). Each tool gets one untimed warm-up per corpus (its report
 * is kept and counted), then the timed runs with stdout to /dev/null. Figures go to
 * bench/out/compare-results.json; `--write-results` also writes bench/results/compare.md and
 * bench/results/compare.svg. `--peer-runs 0` measures the peers' warm-up run only (Checkov needs
 * about 7 minutes per run at 10,000 documents).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, OUT, ROOT } from './_util.js';
import { CORPUS_LABEL, type CorpusKind, type CorpusManifest, ensureCorpus } from './corpus/index.js';
import { type Measure, measure } from './measure.js';
import {
  checkov,
  isReady,
  kubeLinter,
  PARSERS,
  type PeerName,
  type PeerState,
  parseHako,
  peerCommand,
  peersDir,
  type Tally,
  trivy,
} from './peers.js';
import { renderPlot } from './plot.js';

const BIN = path.join(ROOT, 'bin', 'hako.js');
/** Above this many documents the warm-up asks peers for failures only (full reports reach hundreds of MB). */
const FULL_REPORT_MAX_DOCS = 2000;

// ---------- flags ----------

const argv = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
function list(name: string, def: number[]): number[] {
  const v = flag(name);
  if (v === undefined) return def;
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.some((x) => !Number.isInteger(x) || x < 0))
    throw new Error(`--${name} expects whole numbers, got ${v}`);
  return xs.filter((x) => x > 0);
}
function num(name: string, def: number): number {
  const v = flag(name);
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new Error(`--${name} expects a positive number, got ${v}`);
  return x;
}

// ---------- types ----------

export interface ToolRow {
  corpus: string;
  kind: CorpusKind;
  docs: number;
  tool: string;
  version: string;
  command: string;
  status: 'ok' | 'timed out' | 'failed' | 'skipped';
  reason?: string;
  runs: {
    wallMs: number;
    cpuMs: number | null;
    peakRssMb: number | null;
    treeRssMb: number | null;
    load1: number;
  }[];
  wallMedianMs: number | null;
  cpuMedianMs: number | null;
  docsPerSec: number | null;
  peakRssMb: number | null;
  /** distinct check IDs that fired / that the report shows at all (null: not known) */
  checksFired: number | null;
  checksRan: number | null;
  findings: number | null;
  fired: Record<string, number>;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

// ---------- machine ----------

function version(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout}${r.stderr}`.trim().split('\n')[0]! : null;
}

function machine() {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memGb: r1(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python: version('python3', ['--version']),
    go: version('go', ['version']),
    hakoCommit: version('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
  };
}

// ---------- rules and equivalents ----------

interface RuleInfo {
  id: string;
  inputs: string[];
  equivalents: { checkov: string[]; trivy: string[]; kubeLinter: string[] };
}

function hakoRules(): RuleInfo[] {
  const r = spawnSync(process.execPath, [BIN, 'rules', '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`hako rules failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { rules: RuleInfo[] }).rules;
}

const INPUT_OF: Record<CorpusKind, string> = {
  k8s: 'kubernetes',
  plain: 'kubernetes',
  tf: 'terraform',
  cfn: 'cloudformation',
  ecs: 'ecs-json',
};
const EQ_KEY: Record<PeerName, keyof RuleInfo['equivalents']> = {
  checkov: 'checkov',
  trivy: 'trivy',
  'kube-linter': 'kubeLinter',
};

export interface ComparableRow {
  corpus: string;
  rule: string;
  hako: number;
  peers: Record<string, { ids: string[]; count: number } | null>;
}

/** Per hako rule that applies to the corpus and has an equivalent in a peer that ran: hako's count and each peer's. */
export function comparable(
  rules: RuleInfo[],
  rows: ToolRow[],
  corpus: string,
  kind: CorpusKind,
): ComparableRow[] {
  const hako = rows.find((r) => r.corpus === corpus && r.tool.startsWith('hako') && r.status === 'ok');
  const peers = rows.filter((r) => r.corpus === corpus && !r.tool.startsWith('hako') && r.status === 'ok');
  const out: ComparableRow[] = [];
  for (const rule of rules) {
    if (!rule.inputs.includes(INPUT_OF[kind]) && !rule.inputs.includes('any')) continue;
    const cells: ComparableRow['peers'] = {};
    let any = false;
    for (const p of peers) {
      const ids = rule.equivalents[EQ_KEY[p.tool as PeerName]] ?? [];
      if (ids.length === 0) {
        cells[p.tool] = null;
        continue;
      }
      any = true;
      cells[p.tool] = { ids, count: ids.reduce((s, id) => s + (p.fired[id] ?? 0), 0) };
    }
    if (any) out.push({ corpus, rule: rule.id, hako: hako?.fired[rule.id] ?? 0, peers: cells });
  }
  return out;
}

// ---------- running ----------

interface Corpus {
  name: string;
  kind: CorpusKind;
  dir: string;
  manifest: CorpusManifest;
}

async function runTool(
  corpus: Corpus,
  tool: string,
  ver: string,
  cmd: { cmd: string; args: string[]; env?: NodeJS.ProcessEnv },
  warmCmd: { cmd: string; args: string[]; env?: NodeJS.ProcessEnv },
  parse: (text: string) => Tally,
  runs: number,
  timeoutMs: number,
  full: boolean,
): Promise<ToolRow> {
  const scratch = path.join(OUT, 'compare', 'reports');
  mkdirSync(scratch, { recursive: true });
  const report = path.join(scratch, `${corpus.name}--${tool.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const row: ToolRow = {
    corpus: corpus.name,
    kind: corpus.kind,
    docs: corpus.manifest.docs,
    tool,
    version: ver,
    command: [
      cmd.cmd === process.execPath ? 'node' : path.basename(cmd.cmd),
      ...cmd.args.map((a) => (a.startsWith(`${ROOT}/`) ? path.relative(ROOT, a) : a)),
    ].join(' '),
    status: 'ok',
    runs: [],
    wallMedianMs: null,
    cpuMedianMs: null,
    docsPerSec: null,
    peakRssMb: null,
    checksFired: null,
    checksRan: null,
    findings: null,
    fired: {},
  };
  const say = (s: string) => console.error(`  ${corpus.name} ${tool}: ${s}`);
  say('warm-up');
  const w = await measure(warmCmd.cmd, warmCmd.args, {
    stdoutFile: report,
    timeoutMs,
    env: warmCmd.env,
    scratch,
  });
  if (w.timedOut) return { ...row, status: 'timed out', reason: `warm-up over ${timeoutMs / 60000} min` };
  try {
    const t = parse(readFileSync(report, 'utf8'));
    row.fired = t.fired;
    row.findings = t.findings;
    row.checksFired = Object.keys(t.fired).length;
    row.checksRan = tool.startsWith('hako') ? null : full ? t.ran.length : null;
  } catch (e) {
    return {
      ...row,
      status: 'failed',
      reason: `exit ${w.exitCode}; report unreadable (${(e as Error).message.slice(0, 120)}); stderr: ${w.stderrTail.slice(-300)}`,
    };
  }
  // `--peer-runs 0` (a peer that needs many minutes per run): the warm-up, which wrote the report
  // the findings are counted from, is the one measured run
  const ms: Measure[] = runs === 0 ? [w] : [];
  if (runs === 0) say('no timed runs: the warm-up is the measured run');
  for (let i = 0; i < runs; i++) {
    const load1 = os.loadavg()[0]!;
    const m = await measure(cmd.cmd, cmd.args, { stdoutFile: null, timeoutMs, env: cmd.env, scratch });
    if (m.timedOut) {
      row.status = 'timed out';
      row.reason = `run ${i + 1} over ${timeoutMs / 60000} min`;
      break;
    }
    ms.push(m);
    row.runs.push({
      wallMs: r1(m.wallMs),
      cpuMs: m.cpuMs === null ? null : r1(m.cpuMs),
      peakRssMb: m.peakRssMb === null ? null : r1(m.peakRssMb),
      treeRssMb: m.treeRssMb === null ? null : r1(m.treeRssMb),
      load1: r1(load1),
    });
    say(
      `run ${i + 1}/${runs}: ${(m.wallMs / 1000).toFixed(1)} s, ${m.peakRssMb === null ? '?' : Math.round(m.peakRssMb)} MB`,
    );
  }
  if (ms.length) {
    row.wallMedianMs = r1(median(ms.map((m) => m.wallMs)));
    const cpus = ms.map((m) => m.cpuMs).filter((x): x is number => x !== null);
    row.cpuMedianMs = cpus.length ? r1(median(cpus)) : null;
    row.docsPerSec = Math.round(corpus.manifest.docs / (row.wallMedianMs / 1000));
    const rss = ms.map((m) => m.peakRssMb).filter((x): x is number => x !== null);
    row.peakRssMb = rss.length ? r1(Math.max(...rss)) : null;
  }
  return row;
}

// ---------- report ----------

const fmtS = (ms: number | null) =>
  ms === null ? '—' : ms < 10_000 ? (ms / 1000).toFixed(2) : (ms / 1000).toFixed(1);
const fmtN = (x: number | null) => (x === null ? '—' : x.toLocaleString('en-US'));

export function mdTable(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `| ${w.map((n) => '-'.repeat(n)).join(' | ')} |`, ...rows.slice(1).map(line)].join(
    '\n',
  );
}

export function timingTable(rows: ToolRow[]): string {
  const out: string[][] = [
    [
      'corpus',
      'tool',
      'runs',
      'wall s (median)',
      'CPU s',
      'docs/s',
      'peak RSS MB',
      'peer ÷ hako wall',
      'peer ÷ hako RSS',
      'checks fired / shown',
      'findings',
    ],
  ];
  for (const r of rows) {
    const hako = rows.find((h) => h.corpus === r.corpus && h.tool.startsWith('hako') && h.status === 'ok');
    const peer = !r.tool.startsWith('hako');
    const ratio = (a: number | null, b: number | null | undefined) =>
      peer && a && b ? `${(a / b).toFixed(1)}×` : '';
    const state = r.status === 'ok' ? '' : ` (${r.status}${r.reason ? `: ${r.reason}` : ''})`;
    out.push([
      r.corpus,
      `${r.tool}${state}`,
      String(r.runs.length),
      fmtS(r.wallMedianMs),
      fmtS(r.cpuMedianMs),
      fmtN(r.docsPerSec),
      r.peakRssMb === null ? '—' : String(Math.round(r.peakRssMb)),
      ratio(r.wallMedianMs, hako?.wallMedianMs),
      ratio(r.peakRssMb, hako?.peakRssMb),
      r.checksFired === null ? '—' : `${r.checksFired} / ${r.checksRan ?? '—'}`,
      fmtN(r.findings),
    ]);
  }
  return mdTable(out);
}

export function comparableTable(rows: ComparableRow[], peers: string[]): string {
  const out: string[][] = [['corpus', 'hako rule', 'hako', ...peers.map((p) => `${p} (checks)`)]];
  for (const r of rows)
    out.push([
      r.corpus,
      r.rule,
      String(r.hako),
      ...peers.map((p) => {
        const c = r.peers[p];
        return c ? `${c.count} (${c.ids.join(', ')})` : c === null ? 'no equivalent' : '—';
      }),
    ]);
  return mdTable(out);
}

export function plotSvg(rows: ToolRow[], subtitle: string): string {
  const k8s = rows.filter((r) => r.kind === 'k8s' && r.wallMedianMs !== null);
  const tools = [...new Set(k8s.map((r) => r.tool))];
  const series = (pick: (r: ToolRow) => number | null) =>
    tools.map((t) => ({
      name: t,
      points: k8s.filter((r) => r.tool === t && pick(r) !== null).map((r) => ({ x: r.docs, y: pick(r)! })),
    }));
  return renderPlot({
    title: 'hako vs peers on generated Kubernetes corpora',
    subtitle,
    xLabel: 'corpus size (Kubernetes documents, log scale)',
    panels: [
      {
        title: 'Wall time (median)',
        yLabel: 'seconds (log scale)',
        guide: true,
        series: series((r) => r.wallMedianMs && r.wallMedianMs / 1000),
      },
      { title: 'Peak RSS', yLabel: 'MB (log scale)', guide: true, series: series((r) => r.peakRssMb) },
    ],
  });
}

// ---------- main ----------

async function main(): Promise<void> {
  const sizes = list('sizes', [1000, 10_000, 50_000]);
  const extra: [CorpusKind, number[]][] = [
    ['plain', list('plain', [2000])],
    ['tf', list('tf', [1000])],
    ['cfn', list('cfn', [1000])],
    ['ecs', list('ecs', [1000])],
  ];
  const runs = num('runs', 3);
  const peerRunsFlag = flag('peer-runs');
  const timeoutMs = num('timeout', 20) * 60_000;
  // --tools hako,checkov,trivy,kube-linter (default all); --peers X,Y = hako and those peers
  const tools = (
    flag('tools') ?? (flag('peers') ? `hako,${flag('peers')}` : 'hako,checkov,trivy,kube-linter')
  )
    .split(',')
    .filter(Boolean);
  const wanted = tools.filter((t) => t !== 'hako');
  const dir = peersDir(argv);
  const allowInstall = !argv.includes('--no-install');
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ missing: run npm run build');

  const loadStart = os.loadavg();
  const date = new Date().toISOString();
  const m = machine();
  console.error(
    `bench:compare ${date}: nproc ${m.nproc}, ${m.cpu}, load ${loadStart.map(r1).join(' ')}; peers in ${dir}`,
  );

  // peers
  const log = (s: string) => console.error(s);
  const peers: PeerState[] = [];
  if (wanted.includes('checkov')) peers.push(checkov(dir, allowInstall, log));
  if (wanted.includes('trivy')) peers.push(trivy(dir, allowInstall, log));
  if (wanted.includes('kube-linter')) peers.push(kubeLinter(dir, flag('kube-linter')));
  for (const p of peers)
    console.error(
      isReady(p) ? `peer ${p.name} ${p.version}: ${p.bin}` : `peer ${p.name} skipped: ${p.skipped}`,
    );

  // hako
  const help = spawnSync(process.execPath, [BIN, 'scan', '--help'], { encoding: 'utf8' }).stdout ?? '';
  const hasJobs = /--jobs\b/.test(help);
  const hakoVersion = (
    JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const rules = hakoRules();

  // corpora
  const corpora: Corpus[] = [];
  const measuring = tools.some((t) => ['hako', 'checkov', 'trivy', 'kube-linter'].includes(t));
  for (const [kind, ns] of measuring ? [['k8s', sizes] as [CorpusKind, number[]], ...extra] : [])
    for (const n of ns) {
      const t = performance.now();
      const { dir: cdir, manifest } = ensureCorpus(kind, n);
      corpora.push({ name: `${kind}-${n}`, kind, dir: cdir, manifest });
      console.error(
        `corpus ${kind}-${n}: ${manifest.docs} docs in ${manifest.files} files, ${(manifest.bytes / 1048576).toFixed(1)} MB (${Math.round(performance.now() - t)} ms)`,
      );
    }

  const rows: ToolRow[] = [];
  for (const c of corpora) {
    const full = c.manifest.docs <= FULL_REPORT_MAX_DOCS;
    const hakoArgs = [BIN, 'scan', c.dir, '--format', 'json', '--quiet'];
    const variants: [string, string[]][] = hasJobs
      ? [
          [`hako --jobs ${m.nproc}`, [...hakoArgs, '--jobs', String(m.nproc)]],
          ['hako --jobs 1', [...hakoArgs, '--jobs', '1']],
        ]
      : [['hako', hakoArgs]];
    for (const [name, args] of tools.includes('hako') ? variants : []) {
      const cmd = { cmd: process.execPath, args };
      const row = await runTool(c, name, hakoVersion, cmd, cmd, parseHako, runs, timeoutMs, false);
      row.checksRan = rules.filter(
        (r) => r.inputs.includes(INPUT_OF[c.kind]) || r.inputs.includes('any'),
      ).length;
      rows.push(row);
    }
    const peerRuns = peerRunsFlag ? Number(peerRunsFlag) : c.manifest.docs >= 10_000 ? 1 : runs;
    for (const p of peers) {
      const base = {
        corpus: c.name,
        kind: c.kind,
        docs: c.manifest.docs,
        tool: p.name,
        runs: [],
        wallMedianMs: null,
        cpuMedianMs: null,
        docsPerSec: null,
        peakRssMb: null,
        checksFired: null,
        checksRan: null,
        findings: null,
        fired: {},
      };
      if (!isReady(p)) continue; // listed once, with its reason, above the table
      const timed = peerCommand(p, c.kind, c.dir, dir, false);
      const warm = peerCommand(p, c.kind, c.dir, dir, full);
      if ('skipped' in timed || 'skipped' in warm) {
        rows.push({
          ...base,
          version: p.version,
          command: '',
          status: 'skipped',
          reason: 'skipped' in timed ? timed.skipped : '',
        });
        continue;
      }
      rows.push(await runTool(c, p.name, p.version, timed, warm, PARSERS[p.name], peerRuns, timeoutMs, full));
    }
  }
  const loadEnd = os.loadavg();

  const command = `npm run bench:compare --${argv.length ? ` ${argv.join(' ')}` : ''}`;
  const fresh: Results = {
    // a render-only call (--tools none --merge --write-results) measured nothing: no session to record
    sessions: measuring ? [{ date, command, loadStart: loadStart.map(r1), loadEnd: loadEnd.map(r1) }] : [],
    machine: m,
    hako: { version: hakoVersion, jobsFlag: hasJobs },
    peers: peers.map((p) =>
      isReady(p) ? { name: p.name, version: p.version, bin: p.bin } : { name: p.name, skipped: p.skipped },
    ),
    corpora: corpora.map((c) => ({ name: c.name, label: CORPUS_LABEL[c.kind], ...c.manifest })),
    rows,
    comparable: [],
  };
  const resultsFile = path.join(OUT, 'compare-results.json');
  const results =
    argv.includes('--merge') && existsSync(resultsFile)
      ? merge(JSON.parse(readFileSync(resultsFile, 'utf8')) as Results, fresh)
      : fresh;
  results.comparable = results.corpora.flatMap((c) => comparable(rules, results.rows, c.name, c.kind));
  const peerNames = results.peers.filter((p) => p.version).map((p) => p.name);
  const timing = timingTable(results.rows);
  const compTable = comparableTable(results.comparable, peerNames);
  const skipped = results.peers
    .filter((p) => p.skipped)
    .map((p) => `- ${p.name} skipped: ${p.skipped}`)
    .join('\n');
  console.log(
    `\n${timing}\n${skipped ? `\n${skipped}\n` : ''}\nFindings per comparable check (hako rule ↔ peer checks through its \`equivalents\`):\n\n${compTable}\n`,
  );
  console.log(`load average at start ${loadStart.map(r1).join(' ')}, at end ${loadEnd.map(r1).join(' ')}`);

  mkdirSync(OUT, { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`wrote ${path.relative(process.cwd(), resultsFile)}`);

  if (argv.includes('--write-results')) {
    const resDir = path.join(ROOT, 'bench', 'results');
    mkdirSync(resDir, { recursive: true });
    const first = results.sessions[0]!;
    const last = results.sessions[results.sessions.length - 1]!;
    const sub = `${first.date.slice(0, 10)}, nproc ${m.nproc}, ${m.cpu}, load average ${first.loadStart[0]} … ${last.loadEnd[0]}`;
    writeFileSync(path.join(resDir, 'compare.svg'), plotSvg(results.rows, sub));
    writeFileSync(path.join(resDir, 'compare.md'), resultsMarkdown(results, timing, compTable, skipped));
    console.error('wrote bench/results/compare.md and bench/results/compare.svg');
  }
}

export interface Results {
  sessions: { date: string; command: string; loadStart: number[]; loadEnd: number[] }[];
  machine: ReturnType<typeof machine>;
  hako: { version: string; jobsFlag: boolean };
  peers: { name: string; version?: string; bin?: string; skipped?: string }[];
  corpora: (CorpusManifest & { name: string; label: string })[];
  rows: ToolRow[];
  comparable: ComparableRow[];
}

const TOOL_ORDER = (t: string) =>
  t.startsWith('hako') ? (t.endsWith(' 1') ? 1 : 0) : 2 + ['checkov', 'trivy', 'kube-linter'].indexOf(t);
const KIND_ORDER: CorpusKind[] = ['k8s', 'plain', 'tf', 'cfn', 'ecs'];

/**
 * `--merge`: the rows of this session replace the same (corpus, tool) of the previous results and
 * keep the others, so one peer can be measured later (or again) without rerunning everything.
 */
export function merge(prevIn: Results, next: Results): Results {
  // results written before `sessions` existed carried one date/command and the loads in `machine`
  const legacy = prevIn as Results & {
    date?: string;
    command?: string;
    machine: { loadStart?: number[]; loadEnd?: number[] };
  };
  const prev: Results = {
    ...prevIn,
    sessions: prevIn.sessions ?? [
      {
        date: legacy.date ?? '',
        command: legacy.command ?? '',
        loadStart: legacy.machine.loadStart ?? [],
        loadEnd: legacy.machine.loadEnd ?? [],
      },
    ],
    // a peer skipped for the whole session is listed once, not as rows
    rows: prevIn.rows.filter(
      (r) => !(r.status === 'skipped' && prevIn.peers.some((p) => p.name === r.tool && p.skipped)),
    ),
  };
  const key = (r: ToolRow) => `${r.corpus}\u0000${r.tool}`;
  const fresh = new Set(next.rows.map(key));
  const rows = [...prev.rows.filter((r) => !fresh.has(key(r))), ...next.rows].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.docs - b.docs ||
      TOOL_ORDER(a.tool) - TOOL_ORDER(b.tool),
  );
  const peers = [
    ...prev.peers.filter((p) => !next.peers.some((n) => n.name === p.name && (n.version || !p.version))),
    ...next.peers,
  ];
  const corpora = [
    ...prev.corpora.filter((c) => !next.corpora.some((n) => n.name === c.name)),
    ...next.corpora,
  ].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.docs - b.docs);
  return { ...next, sessions: [...prev.sessions, ...next.sessions], peers, corpora, rows };
}

function resultsMarkdown(r: Results, timing: string, comp: string, skipped: string): string {
  const mc = r.machine;
  return `# bench:compare — hako, Checkov, Trivy

Written by \`npm run bench:compare -- … --write-results\` from bench/out/compare-results.json
(regenerate it rather than editing the figures by hand).

${r.sessions.map((s) => `- \`${s.command}\` — ${s.date}, load average (1/5/15 min) at start ${s.loadStart.join(' / ')}, at end ${s.loadEnd.join(' / ')}`).join('\n')}
- Machine: nproc ${mc.nproc}, ${mc.cpu}, ${mc.memGb} GB, ${mc.platform}
- Node ${mc.node}; ${mc.python ?? 'python3: not found'}; ${mc.go ?? 'go: not found'}; hako ${r.hako.version} at commit ${mc.hakoCommit ?? 'unknown'}${r.hako.jobsFlag ? '' : ' (this build has no `--jobs`: hako runs single-threaded)'}
${r.peers.map((p) => `- ${p.name}: ${p.version ?? `skipped — ${p.skipped}`}`).join('\n')}

## Corpora

${mdTable([['corpus', 'what', 'documents', 'files', 'MB'], ...r.corpora.map((c) => [c.name, c.label, String(c.docs), String(c.files), (c.bytes / 1048576).toFixed(1)])])}

## Time and memory

Wall time is the median of the timed runs (after one untimed warm-up); CPU is user+sys of the
process tree; peak RSS is the larger of GNU time's maximum (largest single process) and the
process tree's summed RSS sampled every 250 ms. "peer ÷ hako" divides by the first hako row of the
same corpus (hako with \`--jobs\` at the core count when the flag exists). "checks fired / shown":
distinct check IDs with at least one finding / distinct IDs the tool's report shows at all
(hako: the rules that read this input; peers: failed and passed checks of a full report, taken
only for corpora of at most ${FULL_REPORT_MAX_DOCS} documents).

${timing}
${skipped ? `\n${skipped}\n` : ''}
![time and peak RSS against corpus size](compare.svg)

## Findings per comparable check

Per hako rule that reads this input and names an equivalent check of a peer (\`equivalents\` in
\`hako rules --format json\`): hako's findings and the peer's findings for those checks. Counts
differ by design where the tools count differently (per container vs per workload, a check split
across several rules).

${comp}
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exitCode = 1;
  });
}

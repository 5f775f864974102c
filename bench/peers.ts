/**
 * The peers of bench:compare — Checkov, Trivy and (when a binary is at hand) kube-linter: where
 * they live, how to install them into a scratch folder outside the repository, the command line
 * each runs per corpus (offline), and parsers for their JSON reports. Nothing here runs from npm ci
 * or the test suite; the parsers are pure and unit-tested with small hand-written samples.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CorpusKind } from './corpus/index.js';

export type PeerName = 'checkov' | 'trivy' | 'kube-linter';
export const CHECKOV_VERSION = '3.3.30';
export const TRIVY_VERSION = 'v0.74.0';

export interface PeerReady {
  name: PeerName;
  bin: string;
  version: string;
  /** flags found in the peer's --help that the command line uses when present */
  flags: Set<string>;
}
export interface PeerSkipped {
  name: PeerName;
  skipped: string;
}
export type PeerState = PeerReady | PeerSkipped;
export const isReady = (p: PeerState): p is PeerReady => 'bin' in p;

/** `--peers-dir DIR`, else $HAKO_BENCH_PEERS, else ~/.cache/hako-bench-peers. */
export function peersDir(argv: string[], env = process.env): string {
  const i = argv.indexOf('--peers-dir');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]!);
  if (env.HAKO_BENCH_PEERS) return path.resolve(env.HAKO_BENCH_PEERS);
  return path.join(os.homedir(), '.cache', 'hako-bench-peers');
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  return { ok: !r.error && r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** Runs an install step with its output in a log file; true when it exited 0. */
function install(cmd: string, args: string[], log: string, env?: NodeJS.ProcessEnv): boolean {
  const fd = openSync(log, 'a');
  const r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], env: env ?? process.env });
  closeSync(fd);
  return !r.error && r.status === 0;
}

/**
 * Another process installing the peer right now (a `go install …trivy…` or `pip install …checkov…`
 * in /proc): a second build would compete for the same caches and the 2 cores, so the peer is
 * skipped instead. The output of a build goes nowhere for minutes, so the log's age says nothing.
 */
export function installRunning(words: string[]): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const p of pids) {
    if (Number(p) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ');
      if (words.every((w) => cmd.includes(w))) return Number(p);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

const helpFlags = (bin: string, args: string[]): Set<string> =>
  new Set(run(bin, args).out.match(/--[a-z][a-z0-9-]+/g) ?? []);

export function checkov(dir: string, allowInstall: boolean, log: (s: string) => void): PeerState {
  const venv = path.join(dir, 'checkov-venv');
  const bin = path.join(venv, 'bin', 'checkov');
  if (!existsSync(bin)) {
    const logFile = path.join(dir, 'checkov-install.log');
    if (!allowInstall) return { name: 'checkov', skipped: `not installed at ${bin} (--no-install)` };
    const busy = installRunning(['pip', 'install', 'checkov']);
    if (busy)
      return { name: 'checkov', skipped: `an install is under way (pid ${busy}); run again when it is done` };
    const py = run('python3', ['--version']);
    if (!py.ok) return { name: 'checkov', skipped: 'python3 not found' };
    mkdirSync(dir, { recursive: true });
    log(`installing checkov ${CHECKOV_VERSION} into ${venv} (log ${logFile}) ...`);
    if (!existsSync(path.join(venv, 'bin', 'pip')) && !install('python3', ['-m', 'venv', venv], logFile))
      return { name: 'checkov', skipped: `python3 -m venv failed (${logFile})` };
    if (!install(path.join(venv, 'bin', 'pip'), ['install', `checkov==${CHECKOV_VERSION}`], logFile))
      return { name: 'checkov', skipped: `pip install checkov failed (${logFile})` };
  }
  const v = run(bin, ['--version']);
  if (!v.ok) return { name: 'checkov', skipped: `${bin} --version failed: ${v.out.slice(0, 200)}` };
  return { name: 'checkov', bin, version: v.out.split('\n').pop()!.trim(), flags: new Set() };
}

export function trivy(dir: string, allowInstall: boolean, log: (s: string) => void): PeerState {
  const bin = path.join(dir, 'bin', 'trivy');
  if (!existsSync(bin)) {
    const logFile = path.join(dir, 'trivy-build.log');
    if (!allowInstall) return { name: 'trivy', skipped: `not installed at ${bin} (--no-install)` };
    const busy = installRunning(['go', 'install', 'aquasecurity/trivy']);
    if (busy)
      return { name: 'trivy', skipped: `a build is under way (pid ${busy}); run again when it is done` };
    if (!run('go', ['version']).ok) return { name: 'trivy', skipped: 'go not found (needed to build trivy)' };
    mkdirSync(dir, { recursive: true });
    log(`building trivy ${TRIVY_VERSION} into ${bin} with go install (slow on 2 cores; log ${logFile}) ...`);
    const env = {
      ...process.env,
      GOEXPERIMENT: 'jsonv2',
      GOBIN: path.join(dir, 'bin'),
      GOPATH: path.join(dir, 'gopath'),
      GOCACHE: path.join(dir, 'gocache'),
    };
    if (!install('go', ['install', `github.com/aquasecurity/trivy/cmd/trivy@${TRIVY_VERSION}`], logFile, env))
      return { name: 'trivy', skipped: `go install failed (${logFile})` };
  }
  const v = run(bin, ['--version']);
  if (!v.ok) return { name: 'trivy', skipped: `${bin} --version failed: ${v.out.slice(0, 200)}` };
  const version = /Version:\s*(\S+)/.exec(v.out)?.[1] ?? v.out.split('\n')[0]!;
  return { name: 'trivy', bin, version, flags: helpFlags(bin, ['config', '--help']) };
}

export function kubeLinter(dir: string, explicit: string | undefined): PeerState {
  const bin = explicit ? path.resolve(explicit) : path.join(dir, 'bin', 'kube-linter');
  if (!existsSync(bin))
    return {
      name: 'kube-linter',
      skipped: `no binary at ${bin} (the Go module proxy refuses golang.stackrox.io/kube-linter; pass --kube-linter PATH)`,
    };
  const v = run(bin, ['version']);
  if (!v.ok) return { name: 'kube-linter', skipped: `${bin} version failed: ${v.out.slice(0, 200)}` };
  return { name: 'kube-linter', bin, version: v.out.split('\n')[0]!.trim(), flags: new Set() };
}

export interface PeerCommand {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const CHECKOV_FRAMEWORK: Partial<Record<CorpusKind, string>> = {
  k8s: 'kubernetes',
  plain: 'kubernetes',
  tf: 'terraform',
  cfn: 'cloudformation',
};
const TRIVY_SCANNER: Partial<Record<CorpusKind, string>> = {
  k8s: 'kubernetes',
  plain: 'kubernetes',
  tf: 'terraform',
  cfn: 'cloudformation',
};

/**
 * The peer's command line for a corpus, or why it cannot scan it. `full` asks for every check
 * the peer evaluated (passes too), for the untimed warm-up that counts checks; timed runs use the
 * compact, failures-only form.
 */
export function peerCommand(
  p: PeerReady,
  kind: CorpusKind,
  corpus: string,
  peersDirectory: string,
  full: boolean,
): PeerCommand | { skipped: string } {
  switch (p.name) {
    case 'checkov': {
      const fw = CHECKOV_FRAMEWORK[kind];
      if (!fw) return { skipped: 'Checkov has no framework for ECS task-definition JSON files' };
      const args = ['-d', corpus, '--framework', fw, '-o', 'json', '--skip-download', '--compact'];
      if (!full) args.push('--quiet');
      // --skip-download: no guideline/platform download (no API key is set, so nothing is uploaded)
      return { cmd: p.bin, args };
    }
    case 'trivy': {
      const scanner = TRIVY_SCANNER[kind];
      if (!scanner)
        return { skipped: 'Trivy has no misconfiguration scanner for ECS task-definition JSON files' };
      const args = ['config', '--format', 'json', '--quiet', '--misconfig-scanners', scanner];
      args.push('--cache-dir', path.join(peersDirectory, 'trivy-cache'));
      for (const f of [
        '--skip-check-update',
        '--skip-version-check',
        '--disable-telemetry',
        '--offline-scan',
      ])
        if (p.flags.has(f)) args.push(f);
      if (full) args.push('--include-non-failures');
      // Trivy's own scan deadline (5 minutes by default) ends a 10,000-document scan with
      // "context deadline exceeded": the bench's --timeout is the limit instead
      if (p.flags.has('--timeout')) args.push('--timeout', '24h');
      args.push(corpus);
      return { cmd: p.bin, args };
    }
    case 'kube-linter': {
      if (kind !== 'k8s' && kind !== 'plain') return { skipped: 'kube-linter reads only Kubernetes YAML' };
      return { cmd: p.bin, args: ['lint', '--format', 'json', corpus] };
    }
  }
}

/** What a report says: per check ID, how many findings, and every check ID it shows (fired or passed). */
export interface Tally {
  fired: Record<string, number>;
  ran: string[];
  findings: number;
}

function tally(failed: string[], passed: string[]): Tally {
  const fired: Record<string, number> = {};
  for (const id of failed) fired[id] = (fired[id] ?? 0) + 1;
  return { fired, ran: [...new Set([...failed, ...passed])].sort(), findings: failed.length };
}

interface CheckovReport {
  check_type?: string;
  results?: { failed_checks?: { check_id: string }[]; passed_checks?: { check_id: string }[] };
}

/** Checkov `-o json`: one report object, or an array of them (one per framework); a bare summary when nothing was scanned. */
export function parseCheckov(text: string): Tally {
  const j = JSON.parse(text) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(j) ? j : [j];
  const failed: string[] = [];
  const passed: string[] = [];
  for (const r of reports) {
    for (const c of r.results?.failed_checks ?? []) failed.push(c.check_id);
    for (const c of r.results?.passed_checks ?? []) passed.push(c.check_id);
  }
  return tally(failed, passed);
}

/**
 * Trivy's check IDs in hako's spelling (`AVD-KSV-0001`, `AVD-AWS-0031`), whichever form the report
 * uses: `AVDID`, or `ID` as `KSV001` (older), `KSV-0001` or `AVD-KSV-0001`.
 */
export function trivyId(m: { ID?: string; AVDID?: string }): string {
  if (m.AVDID && /^AVD-/.test(m.AVDID)) return m.AVDID;
  const id = m.ID ?? m.AVDID ?? '?';
  if (/^AVD-/.test(id)) return id;
  const x = /^([A-Z]+)-?(\d+)$/.exec(id);
  return x ? `AVD-${x[1]}-${x[2]!.padStart(4, '0')}` : id;
}

interface TrivyReport {
  Results?: { Misconfigurations?: { ID?: string; AVDID?: string; Status?: string }[] }[];
}

export function parseTrivy(text: string): Tally {
  const j = JSON.parse(text) as TrivyReport;
  const failed: string[] = [];
  const passed: string[] = [];
  for (const r of j.Results ?? [])
    for (const m of r.Misconfigurations ?? []) (m.Status === 'PASS' ? passed : failed).push(trivyId(m));
  return tally(failed, passed);
}

interface KubeLinterReport {
  Checks?: { name: string }[];
  Reports?: { Check: string }[];
}

export function parseKubeLinter(text: string): Tally {
  const j = JSON.parse(text) as KubeLinterReport;
  const t = tally(
    (j.Reports ?? []).map((r) => r.Check),
    (j.Checks ?? []).map((c) => c.name),
  );
  return t;
}

export function parseHako(text: string): Tally & { errors: number } {
  const j = JSON.parse(text) as { findings: { ruleId: string }[]; errors: unknown[] };
  return {
    ...tally(
      j.findings.map((f) => f.ruleId),
      [],
    ),
    errors: j.errors.length,
  };
}

export const PARSERS: Record<PeerName, (text: string) => Tally> = {
  checkov: parseCheckov,
  trivy: parseTrivy,
  'kube-linter': parseKubeLinter,
};

/**
 * One timed child process for bench:compare: wall time, CPU (user+sys of the child and every
 * descendant it waited for), peak RSS, and a time limit that kills the whole process group.
 *
 * Peak RSS is the larger of (a) GNU time's "Maximum resident set size" (exact, but of the largest
 * single process: Checkov forks workers) and (b) the sum of RSS over the child's process tree,
 * sampled every 250 ms from /proc (catches multi-process peers; may miss a peak shorter than that).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';
const PAGE_KB = 4; // x86-64 and arm64 Linux default; /proc/<pid>/stat counts pages

export interface Measure {
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
  /** largest single process (GNU time), for the record */
  maxProcessRssMb: number | null;
  /** summed over the process tree, sampled */
  treeRssMb: number | null;
  exitCode: number | null;
  timedOut: boolean;
  stderrTail: string;
}

/** Children user+sys of this process so far (clock ticks → ms), from /proc/self/stat; null off Linux. */
function childrenCpuMs(): number | null {
  try {
    const s = readFileSync('/proc/self/stat', 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after the command: state(3) ... cutime is field 16, cstime 17 (1-based over the whole line)
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** Sum of RSS (MB) over `root` and its descendants, from /proc; null when /proc is not there. */
export function treeRssMb(root: number): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const p of pids) {
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(p), Number(f[1]));
      rss.set(Number(p), Number(f[21]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++)
      if (p === root) return true;
    return false;
  };
  let pages = 0;
  for (const [pid, r] of rss) if (inTree(pid)) pages += r;
  return (pages * PAGE_KB) / 1024;
}

export interface MeasureOptions {
  /** file for the child's stdout; null = /dev/null */
  stdoutFile: string | null;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** scratch directory for GNU time's report and the stderr capture */
  scratch: string;
}

export async function measure(cmd: string, args: string[], o: MeasureOptions): Promise<Measure> {
  const useTime = existsSync(GNU_TIME);
  const timeFile = path.join(o.scratch, '.time');
  const errFile = path.join(o.scratch, '.stderr');
  rmSync(timeFile, { force: true });
  const out = openSync(o.stdoutFile ?? '/dev/null', 'w');
  const err = openSync(errFile, 'w');
  const [c, a] = useTime ? [GNU_TIME, ['-o', timeFile, '-f', '%e %U %S %M %x', cmd, ...args]] : [cmd, args];
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const child = spawn(c, a, {
    stdio: ['ignore', out, err],
    detached: true,
    env: o.env ?? process.env,
    cwd: o.cwd,
  });
  let tree = 0;
  let timedOut = false;
  const sampler = setInterval(() => {
    if (child.pid) tree = Math.max(tree, treeRssMb(child.pid) ?? 0);
  }, 250);
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, o.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  clearTimeout(killer);
  closeSync(out);
  closeSync(err);
  const cpu1 = childrenCpuMs();
  let cpuMs = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null;
  let maxProcessRssMb: number | null = null;
  let exitCode = code;
  if (useTime && existsSync(timeFile)) {
    // GNU time may prefix "Command exited with non-zero status N"
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const [, user, sys, maxKb, status] = last.split(' ').map(Number);
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user! + sys!) * 1000;
    if (Number.isFinite(maxKb)) maxProcessRssMb = maxKb! / 1024;
    if (Number.isFinite(status)) exitCode = status!;
  }
  const treeMb = tree > 0 ? tree : null;
  const peaks = [maxProcessRssMb, treeMb].filter((x): x is number => x !== null);
  const stderr = readFileSync(errFile, 'utf8');
  return {
    wallMs,
    cpuMs,
    peakRssMb: peaks.length ? Math.max(...peaks) : null,
    maxProcessRssMb,
    treeRssMb: treeMb,
    exitCode: timedOut ? null : exitCode,
    timedOut,
    stderrTail: stderr.slice(-2000),
  };
}

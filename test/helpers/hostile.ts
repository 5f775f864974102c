/**
 * The harness of test/robustness/: a hostile input is scanned by the compiled CLI in a child
 * process (`node --max-old-space-size=1536 bin/hako.js scan ... --format json`) beside a file with
 * a known finding, under a time limit. A case passes when the process ends in time with a
 * documented exit code, the known finding is still reported, and the bad input is a HAKO-001 with
 * its file and line. Special files (FIFOs, symlinks) are made by the test at run time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Finding, ScanResult } from '../../src/result.js';
import { PRIVILEGED_TASK, ROOT, tempTree } from './cli.js';

const BIN = path.join(ROOT, 'bin', 'hako.js');

/** The file beside every hostile input: ECS-003 on line 4. */
export const KNOWN = { file: 'known-task.json', text: PRIVILEGED_TASK, rule: 'ECS-003', line: 4 };

export interface HostileRun {
  code: number | null;
  signal: string | null;
  ms: number;
  stdout: string;
  stderr: string;
  /** The parsed `--format json` report (undefined when stdout is not JSON). */
  report?: ScanResult;
}

export interface HostileOptions {
  /** Extra CLI arguments after `scan`. */
  args?: string[];
  /** Standard input (with `-` among the paths). */
  input?: string | Buffer;
  /** Wall-clock limit; the child is killed after it (default 30 s). */
  timeoutMs?: number;
  /** Heap limit of the child in MB (default 1536). */
  heapMb?: number;
  cwd?: string;
}

/** Writes `files` plus the known-finding file into a fresh directory; returns its path. */
export function hostileTree(files: Record<string, string>): string {
  return tempTree({ ...files, [KNOWN.file]: KNOWN.text });
}

/** Runs `hako scan <paths> --format json` on the compiled CLI, bounded in time and memory. */
export function scanHostile(paths: string[], opts: HostileOptions = {}): HostileRun {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('dist/ missing: run npm run build');
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${opts.heapMb ?? 1536}`,
      BIN,
      'scan',
      ...paths,
      '--format',
      'json',
      ...(opts.args ?? []),
    ],
    {
      cwd: opts.cwd ?? ROOT,
      input: opts.input ?? '',
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 30_000,
      killSignal: 'SIGKILL',
      maxBuffer: 512 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  const run: HostileRun = {
    code: r.status,
    signal: r.signal,
    ms: Date.now() - t0,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
  };
  try {
    run.report = JSON.parse(run.stdout) as ScanResult;
  } catch {
    // not JSON: the assertions below say so
  }
  return run;
}

/**
 * The contract of every hostile case: ended in time with exit 0/1/2, the known finding is there,
 * and `bad` (file, and line when given) is reported as HAKO-001. Returns the HAKO-001 findings of
 * the bad file for further assertions.
 */
export function expectSurvived(run: HostileRun, bad: { file: string; line?: number }): Finding[] {
  expect(run.signal, `killed (${run.ms} ms); stderr: ${run.stderr.slice(0, 500)}`).toBeNull();
  expect([0, 1, 2], `exit ${run.code}; stderr: ${run.stderr.slice(0, 500)}`).toContain(run.code);
  expect(run.report, `no JSON report; stderr: ${run.stderr.slice(0, 500)}`).toBeDefined();
  const findings = run.report?.findings ?? [];
  const known = findings.filter((f) => f.ruleId === KNOWN.rule && f.location.file.endsWith(KNOWN.file));
  expect(known.map((f) => f.location.startLine)).toContain(KNOWN.line);
  const hako001 = findings.filter(
    (f) =>
      f.ruleId === 'HAKO-001' && (f.location.file === bad.file || f.location.file.endsWith(`/${bad.file}`)),
  );
  expect(
    hako001.length,
    `no HAKO-001 for ${bad.file}; HAKO-001s: ${JSON.stringify(findings.filter((f) => f.ruleId === 'HAKO-001').map((f) => [f.location.file, f.location.startLine, f.message]))}`,
  ).toBeGreaterThan(0);
  if (bad.line !== undefined) expect(hako001.map((f) => f.location.startLine)).toContain(bad.line);
  return hako001;
}

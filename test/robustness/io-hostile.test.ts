/**
 * Hostile inputs to hako's reads (src/io/read.ts: one bounded, non-blocking read for everything),
 * each a committed-to-git trick: a FIFO or a link to /dev/zero as `.gitignore`, `.hako.yaml` or
 * `--config`, standard input from /dev/zero or empty, invalid UTF-8 after the first 8 KB. Each
 * runs the compiled CLI in a child under a time and heap limit beside a file with a known finding.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { ROOT } from '../helpers/cli.js';
import { expectSurvived, type HostileRun, hostileTree, KNOWN, scanHostile } from '../helpers/hostile.js';

const mkfifo = (p: string) => execFileSync('mkfifo', [p]);
/** Ends in well under the 30 s the harness allows (a blocked open or an endless read would not). */
const QUICK = 20_000;

describe('hostile special files hako reads besides the inputs', () => {
  it('a FIFO as .gitignore: refused, not waited on; HAKO-001 at line 1', () => {
    const dir = hostileTree({});
    mkfifo(path.join(dir, '.gitignore'));
    const run = scanHostile([dir]);
    const [bad] = expectSurvived(run, { file: '.gitignore', line: 1 });
    expect(run.ms).toBeLessThan(QUICK);
    expect(bad?.message).toMatch(/not a regular file.*ignore patterns were not applied/);
    expect(run.code).toBe(1);
  });

  it('a symlink from .gitignore to /dev/zero: refused by fstat, memory stays flat', () => {
    const dir = hostileTree({});
    symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    const run = scanHostile([dir], { heapMb: 256 });
    expectSurvived(run, { file: '.gitignore', line: 1 });
    expect(run.ms).toBeLessThan(QUICK);
  });

  it('a FIFO as .hako.yaml: the scan runs without the config and says so', () => {
    const dir = hostileTree({});
    mkfifo(path.join(dir, '.hako.yaml'));
    const run = scanHostile([dir], { cwd: dir });
    const [bad] = expectSurvived(run, { file: '.hako.yaml', line: 1 });
    expect(bad?.message).toMatch(/configuration not applied: not a regular file/);
    expect(run.ms).toBeLessThan(QUICK);
  });

  it('a symlink from .hako.yaml to /dev/zero', () => {
    const dir = hostileTree({});
    symlinkSync('/dev/zero', path.join(dir, '.hako.yaml'));
    const run = scanHostile([dir], { cwd: dir, heapMb: 256 });
    expectSurvived(run, { file: '.hako.yaml', line: 1 });
  });

  it('a dangling .hako.yaml link is reported, not a usage error', () => {
    const dir = hostileTree({});
    symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, '.hako.yaml'));
    const [bad] = expectSurvived(scanHostile([dir], { cwd: dir }), { file: '.hako.yaml', line: 1 });
    expect(bad?.message).toMatch(/dangling symlink/);
  });

  it('--config naming a FIFO or /dev/zero', () => {
    const dir = hostileTree({});
    mkfifo(path.join(dir, 'fifo.yaml'));
    expectSurvived(scanHostile([dir], { cwd: dir, args: ['--config', 'fifo.yaml'] }), {
      file: 'fifo.yaml',
      line: 1,
    });
    const zero = scanHostile([dir], { cwd: dir, args: ['--config', '/dev/zero'], heapMb: 256 });
    expectSurvived(zero, { file: '/dev/zero', line: 1 });
  });

  it('a --baseline that is a FIFO is a usage error, not a hang', () => {
    const dir = hostileTree({});
    mkfifo(path.join(dir, 'base.json'));
    const run = scanHostile([dir], { cwd: dir, args: ['--baseline', 'base.json'] });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read baseline base\.json: not a regular file/);
  });
});

/** The harness with standard input from a file (`< /dev/zero`) instead of a buffer. */
function scanWithStdinFrom(file: string, dir: string, args: string[] = []): HostileRun {
  const fd = openSync(file, 'r');
  const t0 = Date.now();
  try {
    const r = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=256',
        path.join(ROOT, 'bin', 'hako.js'),
        'scan',
        '-',
        dir,
        '--format',
        'json',
        ...args,
      ],
      {
        stdio: [fd, 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 << 20,
      },
    );
    const run: HostileRun = {
      code: r.status,
      signal: r.signal,
      ms: Date.now() - t0,
      stdout: r.stdout,
      stderr: r.stderr,
    };
    try {
      run.report = JSON.parse(r.stdout) as ScanResult;
    } catch {}
    return run;
  } finally {
    closeSync(fd);
  }
}

describe('hostile standard input', () => {
  it('hako scan - < /dev/zero reads to the limit, stops, and reports <stdin>', () => {
    const dir = hostileTree({});
    const run = scanWithStdinFrom('/dev/zero', dir, ['--max-file-size', '2']);
    const [bad] = expectSurvived(run, { file: '<stdin>', line: 1 });
    expect(bad?.message).toMatch(/standard input over the 2\.0 MB limit/);
    expect(run.ms).toBeLessThan(QUICK);
  });

  it('at the default limit too (32 MB), within a 256 MB heap', () => {
    const dir = hostileTree({});
    const run = scanWithStdinFrom('/dev/zero', dir);
    const [bad] = expectSurvived(run, { file: '<stdin>', line: 1 });
    expect(bad?.message).toMatch(/standard input over the 32\.0 MB limit/);
  });

  it('empty standard input says nothing was read and exits 2', () => {
    const dir = hostileTree({});
    const run = scanHostile(['-', dir], { input: '' });
    const [bad] = expectSurvived(run, { file: '<stdin>', line: 1 });
    expect(bad?.message).toMatch(/standard input is empty: nothing was read/);
    expect(run.stderr).toMatch(/standard input is empty/);
    expect(run.code).toBe(2);
  });

  it('white space only on standard input is empty too', () => {
    const run = scanHostile(['-', hostileTree({})], { input: '\n  \n' });
    expect(run.code).toBe(2);
  });
});

describe('text that is not UTF-8', () => {
  it('an invalid byte after the first 8 KB: HAKO-001 at the line of that byte, not a silent U+FFFD', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `# comment line ${i} padding padding`).join('\n');
    const text = Buffer.concat([
      Buffer.from(`${filler}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: `),
      Buffer.from([0xe9]), // Latin-1 é
      Buffer.from('t\ndata: {}\n'),
    ]);
    expect(text.indexOf(0xe9)).toBeGreaterThan(8192);
    const dir = hostileTree({});
    writeFileSync(path.join(dir, 'late.yaml'), text);
    const run = scanHostile([dir]);
    const [bad] = expectSurvived(run, { file: 'late.yaml', line: 404 });
    expect(bad?.message).toMatch(/invalid byte 0xe9 at line 404/);
  });

  it('a real U+FFFD in valid UTF-8 is text, not an error', () => {
    const dir = hostileTree({
      'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: "\uFFFD"\n',
    });
    const run = scanHostile([dir]);
    expect(run.report?.findings.filter((f) => f.ruleId === 'HAKO-001')).toEqual([]);
    expect(run.report?.findings.some((f) => f.ruleId === KNOWN.rule)).toBe(true);
  });
});

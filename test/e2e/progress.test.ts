/**
 * The progress line of `hako scan`: on a terminal (a fake TTY io with a fake clock, so "long" is
 * deterministic) it shows files/s and an ETA on standard error and erases itself before the report;
 * nothing when standard error is not a terminal, with --quiet, or when the scan is short.
 */
import { describe, expect, it } from 'vitest';
import { EXIT, type Io, main } from '../../src/cli/main.js';
import { describe as describeProgress, PROGRESS_AFTER_MS, progressLine } from '../../src/cli/progress.js';
import { hako, PRIVILEGED_TASK, tempTree } from '../helpers/cli.js';

const dir = tempTree(
  Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`task${i}.json`, PRIVILEGED_TASK])),
);

/** An io whose clock moves `step` ms at every reading. */
function fakeIo(opts: { stderrIsTTY: boolean; step: number }) {
  let t = 0;
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    stdin: async () => Buffer.alloc(0),
    isTTY: false,
    stderrIsTTY: opts.stderrIsTTY,
    clock: () => (t += opts.step),
  };
  return { io, out, err };
}

const CLEAR = '\r\x1b[2K';

describe('hako scan progress', () => {
  it('on a terminal, a long scan shows a bar with files/s and ETA on stderr, then erases it', async () => {
    const { io, out, err } = fakeIo({ stderrIsTTY: true, step: 200 });
    const code = await main(['scan', dir, '--format', 'json'], io);
    expect(code).toBe(EXIT.findings);
    const stderr = err.join('');
    expect(stderr).toMatch(
      /hako: (reading|parsing) \[[#-]{20}\] \d+\/30 files {2}[\d.]+ files\/s {2}ETA \d+s/,
    );
    expect(stderr).toMatch(/hako: checking \[[#-]{20}\] \d+\/\d+ rules/);
    expect(stderr.endsWith(CLEAR)).toBe(true);
    // the report is untouched
    expect(JSON.parse(out.join('')).findings.length).toBeGreaterThanOrEqual(30);
  });

  it('shows nothing when standard error is not a terminal', async () => {
    const { io, err } = fakeIo({ stderrIsTTY: false, step: 200 });
    expect(await main(['scan', dir, '--format', 'json'], io)).toBe(EXIT.findings);
    expect(err.join('')).toBe('');
  });

  it('shows nothing with --quiet', async () => {
    const { io, err } = fakeIo({ stderrIsTTY: true, step: 200 });
    expect(await main(['scan', dir, '--format', 'json', '--quiet'], io)).toBe(EXIT.findings);
    expect(err.join('')).toBe('');
  });

  it('shows nothing for a scan under a second', async () => {
    const { io, err } = fakeIo({ stderrIsTTY: true, step: 0.01 });
    expect(await main(['scan', dir, '--format', 'json'], io)).toBe(EXIT.findings);
    expect(err.join('')).toBe('');
  });

  it('the built CLI with stderr piped prints no progress', () => {
    const r = hako(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
  });
});

describe('the progress line', () => {
  it('computes the rate and the ETA of the current phase', () => {
    expect(describeProgress({ phase: 'parse', done: 100, total: 400 }, 2000)).toBe(
      'hako: parsing [#####---------------] 100/400 files  50 files/s  ETA 6s',
    );
    expect(describeProgress({ phase: 'rules', done: 3, total: 3 }, 500)).toBe(
      'hako: checking [####################] 3/3 rules  6.0 rules/s',
    );
    expect(describeProgress({ phase: 'read', done: 1, total: 7201 }, 1000)).toContain('ETA 120m00s');
  });

  it('redraws at most every 100 ms and starts after a second', () => {
    let t = 0;
    const lines: string[] = [];
    const p = progressLine(
      (s) => lines.push(s),
      () => t,
    );
    for (let i = 1; i <= 100; i++) {
      t += 20;
      p.onProgress({ phase: 'read', done: i, total: 100 });
    }
    // 2 s in steps of 20 ms: nothing during the first second, then ~one redraw per 100 ms, plus the last
    expect(lines.length).toBeGreaterThanOrEqual(9);
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]).toContain(`${Math.floor(PROGRESS_AFTER_MS / 20)}/100`);
    expect(lines.at(-1)).toContain('100/100');
    p.done();
    expect(lines.at(-1)).toBe(CLEAR);
  });
});

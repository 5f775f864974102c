/** bench:compare's process timer: figures for a normal child, and the time limit kills the whole group. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measure } from '../../bench/measure.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'hako-measure-'));

describe('measure', () => {
  it('reports wall, CPU, peak RSS and the exit code, with stdout in the file asked for', async () => {
    const out = path.join(scratch, 'out.txt');
    const m = await measure(
      process.execPath,
      ['-e', 'const a = Buffer.alloc(64 << 20, 1); console.log(a[5]); process.exit(3)'],
      {
        stdoutFile: out,
        timeoutMs: 60_000,
        scratch,
      },
    );
    expect(m.timedOut).toBe(false);
    expect(m.exitCode).toBe(3);
    expect(readFileSync(out, 'utf8').trim()).toBe('1');
    expect(m.wallMs).toBeGreaterThan(0);
    if (process.platform === 'linux') {
      expect(m.cpuMs).not.toBeNull();
      expect(m.peakRssMb!).toBeGreaterThan(64); // the 64 MB buffer was touched
    }
  });

  it('kills a run (and its children) at the time limit and says so', async () => {
    const t = performance.now();
    const m = await measure(
      process.execPath,
      [
        '-e',
        "require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'inherit' }); setTimeout(() => {}, 30000)",
      ],
      { stdoutFile: null, timeoutMs: 1500, scratch },
    );
    expect(m.timedOut).toBe(true);
    expect(m.exitCode).toBeNull();
    expect(performance.now() - t).toBeLessThan(15_000);
  });
});

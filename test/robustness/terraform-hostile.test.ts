/**
 * Hostile Terraform: module cycles with fan-out, huge counts, a heredoc that would abort the
 * WASM parser, and a parser runtime that aborts anyway. Each CLI case runs the compiled CLI in a
 * bounded child (test/helpers/hostile.ts) beside a file with a known finding.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolation is the input under test
import { describe, expect, it } from 'vitest';
import { loadTerraform } from '../../src/parse/hcl/module.js';
import { hclInternals, initHcl, parseHcl } from '../../src/parse/hcl/syntax.js';
import { expectSurvived, hostileTree, scanHostile } from '../helpers/hostile.js';

const calls = (to: string, n: number) =>
  Array.from({ length: n }, (_, i) => `module "m${i}" {\n  source = "../${to}"\n}`).join('\n');

describe('terraform: hostile module graphs and counts', () => {
  it('a/ calling ../b eight times and b/ calling ../a eight times: one cycle, reported where it closes', () => {
    const dir = hostileTree({ 'a/main.tf': `${calls('b', 8)}\n`, 'b/main.tf': `${calls('a', 8)}\n` });
    const run = scanHostile([dir], { timeoutMs: 60_000 });
    const found = expectSurvived(run, { file: 'b/main.tf', line: 1 });
    expect(found.filter((f) => f.message.includes('cycle'))).toHaveLength(1);
  });

  it('a fan-out of 8^7 module instances without a cycle stops at the limit', () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 7; d++) files[`l${d}/main.tf`] = `${calls(`l${d + 1}`, 8)}\n`;
    files['l7/main.tf'] = 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n';
    const run = scanHostile([hostileTree(files)], { timeoutMs: 90_000 });
    const found = expectSurvived(run, { file: 'main.tf' });
    expect(found.some((f) => f.message.includes('module instances'))).toBe(true);
  });

  it('count = 1e9 does not allocate a billion instances; the limit is reported at the count line', () => {
    const dir = hostileTree({
      'main.tf': 'resource "aws_iam_role" "r" {\n  count = 1e9\n  name  = "r-${count.index}"\n}\n',
    });
    const run = scanHostile([dir], { timeoutMs: 60_000 });
    const found = expectSurvived(run, { file: 'main.tf', line: 2 });
    expect(found[0]?.message).toContain('1000000000 instances');
  });
});

describe('terraform: parser limits', () => {
  it('a 12 MB heredoc is refused before parsing, with its line', () => {
    const dir = hostileTree({
      'big.tf': `locals {\n  a = 1\n  x = <<EOT\n${'x'.repeat(12 * 1024 * 1024)}\nEOT\n}\n`,
    });
    const run = scanHostile([dir], { timeoutMs: 60_000 });
    const found = expectSurvived(run, { file: 'big.tf', line: 4 });
    expect(found[0]?.message).toContain('longer than');
  });

  it('a 12 MB quoted string on one line is refused the same way', () => {
    const dir = hostileTree({ 'big.tf': `locals {\n  x = "${'y'.repeat(12 * 1024 * 1024)}"\n}\n` });
    expectSurvived(scanHostile([dir], { timeoutMs: 60_000 }), { file: 'big.tf', line: 2 });
  });

  it('a WASM abort is caught: the file is HAKO-001, the runtime is replaced, the other files are scanned', async () => {
    await initHcl();
    const real = hclInternals.parse;
    // A simulated abort: like a real one, the aborted runtime fails on every later call.
    const dead = new WeakSet<object>();
    hclInternals.parse = (p, text) => {
      if (dead.has(p) || text.includes('ABORT-ME')) {
        dead.add(p);
        throw new Error('RuntimeError: Aborted()');
      }
      return real(p, text);
    };
    try {
      const out = loadTerraform([
        { display: 'a/first.tf', text: 'resource "x" "before" {}\n' },
        { display: 'b/bomb.tf', text: '# ABORT-ME\nresource "x" "bomb" {}\n' },
        { display: 'c/after.tf', text: 'resource "x" "after" {}\n' },
      ]);
      out.dispose();
      expect(out.resources.map((r) => r.address).sort()).toEqual(['x.after', 'x.before']);
      expect(out.errors.map((e) => [e.file, e.line])).toEqual([['b/bomb.tf', 1]]);
      expect(out.errors[0]?.message).toContain('runtime');
      // initHcl() makes a new spare, so a second abort is survived as well
      await initHcl();
      const again = loadTerraform([
        { display: 'd/bomb2.tf', text: '# ABORT-ME again\n' },
        { display: 'e/ok.tf', text: 'resource "x" "ok" {}\n' },
      ]);
      again.dispose();
      expect(again.resources.map((r) => r.address)).toEqual(['x.ok']);
      expect(again.errors.map((e) => e.file)).toEqual(['d/bomb2.tf']);
    } finally {
      hclInternals.parse = real;
    }
    const f = parseHcl('z.tf', 'a = 1\n');
    expect(f.errors).toEqual([]);
  });

  it('when the spare runtime fails too, every file is HAKO-001 and nothing throws; initHcl() recovers', async () => {
    await initHcl();
    const real = hclInternals.parse;
    // every file through tree-sitter (the hand-written scanner would read a/one.tf without it)
    hclInternals.fast = false;
    let down = false;
    hclInternals.parse = (p, text) => {
      if (down || text.includes('ABORT-ALL')) {
        down = true;
        throw new Error('RuntimeError: Aborted()');
      }
      return real(p, text);
    };
    try {
      const out = loadTerraform([
        { display: 'a/one.tf', text: 'resource "x" "one" {}\n' },
        { display: 'b/bomb.tf', text: '# ABORT-ALL\n' },
      ]);
      out.dispose();
      expect(out.resources).toEqual([]);
      expect(out.errors.map((e) => e.file).sort()).toEqual(['a/one.tf', 'b/bomb.tf']);
    } finally {
      hclInternals.parse = real;
      hclInternals.fast = true;
    }
    await initHcl();
    const f = parseHcl('z.tf', 'a = 1\n');
    expect(f.errors).toEqual([]);
  });
});

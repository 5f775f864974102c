/**
 * Hostile YAML through the compiled CLI (test/helpers/hostile.ts): alias expansion bounded per
 * file and per scan, aliases that name no anchor. `npm run build` first.
 */
import { describe, expect, it } from 'vitest';
import { expectSurvived, hostileTree, scanHostile } from '../helpers/hostile.js';

/** One document whose aliases expand to about 90,000 nodes: under the per-document bound. */
const NEAR_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d]',
].join('\n');

describe('hostile YAML', () => {
  it('500 documents each just under the per-document alias bound: bounded per file, the rest goes on', () => {
    const text = Array.from({ length: 500 }, () => NEAR_BOMB).join('\n---\n');
    expect(text.length).toBeGreaterThan(80_000);
    const dir = hostileTree({ 'many.yaml': text });
    const run = scanHostile([dir], { timeoutMs: 60_000 });
    // document 2 (lines 13-17) crosses the file's bound at the first `*c` of line 16
    const errs = expectSurvived(run, { file: 'many.yaml', line: 16 });
    expect(errs.length).toBeLessThanOrEqual(3);
    expect(errs.map((f) => f.message).join('\n')).toContain('497 more documents (3 to 499)');
  });

  it('many files each just under the per-file bound share the scan budget', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++)
      files[`f${String(i).padStart(2, '0')}.yaml`] = `${NEAR_BOMB}\n---\n${NEAR_BOMB}`;
    const dir = hostileTree(files);
    const run = scanHostile([dir], { timeoutMs: 60_000 });
    expect(run.signal).toBeNull();
    const scanSpent = (run.report?.findings ?? []).filter(
      (f) => f.ruleId === 'HAKO-001' && f.message.includes('aliases of the files scanned'),
    );
    expect(scanSpent.length).toBeGreaterThan(0);
    expectSurvived(run, { file: scanSpent[0]!.location.file, line: scanSpent[0]!.location.startLine });
  });

  it('an alias to no anchor is HAKO-001 at its line, not a null', () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: p }',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: nginx:1.27',
      '      securityContext: *restricted',
      '',
    ].join('\n');
    const dir = hostileTree({ 'pod.yaml': pod });
    const run = scanHostile([dir]);
    const errs = expectSurvived(run, { file: 'pod.yaml', line: 8 });
    expect(errs[0]!.message).toContain('alias *restricted names no anchor');
    // the document is not read: no finding about the pod itself
    expect(
      run.report?.findings.filter((f) => f.location.file.endsWith('pod.yaml') && f.ruleId !== 'HAKO-001'),
    ).toEqual([]);
  });
});

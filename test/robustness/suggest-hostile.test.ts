/**
 * Did-you-mean on hostile keys: a 2 MB unknown key must not turn the edit distance into a
 * 2 MB × candidates table (it took 140 s and 2.7 GB). The key is still reported as unknown (the
 * schema rule's finding, not HAKO-001: the file parses), the known finding beside it survives,
 * and the run ends within seconds.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/result.js';
import { type HostileRun, hostileTree, KNOWN, scanHostile } from '../helpers/hostile.js';

const HUGE = 'privileged'.repeat(200 * 1024); // 2 MB, made of a real field name

/** Ended in time with a documented exit code, the known finding beside it still reported. */
function expectFast(run: HostileRun, limitMs: number): Finding[] {
  expect(run.signal, `killed (${run.ms} ms); stderr: ${run.stderr.slice(0, 500)}`).toBeNull();
  expect([0, 1]).toContain(run.code);
  expect(run.ms).toBeLessThan(limitMs);
  const findings = run.report?.findings ?? [];
  expect(
    findings
      .filter((f) => f.ruleId === KNOWN.rule && f.location.file.endsWith(KNOWN.file))
      .map((f) => f.location.startLine),
  ).toContain(KNOWN.line);
  return findings;
}

describe('did-you-mean with a 2 MB key', () => {
  it('ECS task definition: ECS-017 reports the unknown key, no suggestion, within seconds', () => {
    const task = `{\n  "family": "huge",\n  "containerDefinitions": [\n    { "name": "app", "image": "nginx:1.27", "memory": 256, "${HUGE}": true }\n  ]\n}\n`;
    const dir = hostileTree({ 'huge.task.json': task });
    const findings = expectFast(scanHostile([dir], { timeoutMs: 60_000 }), 20_000);
    const unknown = findings.filter(
      (f) => f.ruleId === 'ECS-017' && f.location.file.endsWith('huge.task.json'),
    );
    expect(unknown.map((f) => f.location.startLine)).toEqual([4]);
    expect(unknown[0]!.message).not.toContain('did you mean');
  });

  it('Terraform resource argument: HAKO-003 reports the unknown argument within seconds', () => {
    // Under the 1 MiB line limit of .tf files (a longer line is refused before parsing, HAKO-001).
    const key = HUGE.slice(0, 900_000);
    const tf = `resource "aws_ecr_repository" "r" {\n  name = "r"\n  ${key} = true\n}\n`;
    const dir = hostileTree({ 'main.tf': tf });
    const findings = expectFast(scanHostile([dir], { timeoutMs: 60_000 }), 20_000);
    const unknown = findings.filter((f) => f.ruleId === 'HAKO-003' && f.location.file.endsWith('main.tf'));
    expect(unknown.map((f) => f.location.startLine)).toEqual([3]);
    expect(unknown[0]!.message).not.toContain('did you mean');
  });
});

/** `npm run new-rule -- <pack> <slug>`: the scaffold of a rule, checked without touching the tree. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { nextId, scaffold } from '../../scripts/new-rule.js';
import { loadInputs } from '../../src/load.js';
import { allRules } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('new-rule', () => {
  it('takes the next free ID of the pack, in its first hundred', () => {
    expect(nextId('k8s', ['K8S-001', 'K8S-010', 'K8S-101', 'K8S-119'])).toBe('K8S-011');
    expect(nextId('ecs', ['ECS-002', 'ECS-009'])).toBe('ECS-010');
    expect(nextId('iam', [])).toBe('IAM-001');
    const ecs = allRules.map((r) => r.meta.id).filter((id) => id.startsWith('ECS-'));
    const max = Math.max(...ecs.map((id) => Number(id.slice(4))));
    expect(scaffold('ecs', 'ecs-probe').id).toBe(`ECS-${String(max + 1).padStart(3, '0')}`);
  });

  it('writes a rule that loads, passes the metadata checks and fires on nothing yet, and its examples', async () => {
    const s = scaffold('k8s', 'k8s-probe');
    expect(s.files.map((f) => f.path)).toEqual([
      'src/rules/k8s/k8s-probe.ts',
      'src/rules/k8s/k8s-probe.examples.yaml',
    ]);
    for (const f of s.files) expect(existsSync(path.join(ROOT, f.path))).toBe(false);

    // Load it where it would live: a tree whose model and rule contract are this checkout's.
    const tmp = mkdtempSync(path.join(tmpdir(), 'hako-new-rule-'));
    mkdirSync(path.join(tmp, 'src', 'rules', 'k8s'), { recursive: true });
    symlinkSync(path.join(ROOT, 'src', 'model'), path.join(tmp, 'src', 'model'), 'dir');
    symlinkSync(path.join(ROOT, 'src', 'rules', 'types.ts'), path.join(tmp, 'src', 'rules', 'types.ts'));
    for (const f of s.files) writeFileSync(path.join(tmp, f.path), f.text);
    const rule = ((await import(path.join(tmp, s.files[0]!.path))) as { default: Rule }).default;

    const m = rule.meta;
    expect(m.id).toBe(s.id);
    expect(m.slug).toBe('k8s-probe');
    expect(m.service).toBe('k8s');
    expect(allRules.map((r) => r.meta.id)).not.toContain(m.id);
    for (const field of [m.title, m.rationale, m.remediation]) expect(field.ja).not.toBe(field.en);
    expect(m.remediation.en).toMatch(/\.$/);
    expect(m.remediation.ja).toMatch(/[。.]$/);
    for (const r of m.references) expect(r).toMatch(/^https:\/\//);
    expect(Object.keys(m.messages.ja)).toEqual(Object.keys(m.messages.en));
    for (const id of Object.keys(m.messages.en))
      expect(s.files[0]!.text.slice(s.files[0]!.text.indexOf('check('))).toContain(`'${id}'`);

    const ex = parse(s.files[1]!.text) as { bad: { files: Record<string, string> }[]; good: unknown[] };
    expect(ex.bad.length).toBeGreaterThan(0);
    expect(ex.good.length).toBeGreaterThan(0);
    const { state } = loadInputs({
      inputs: Object.entries(ex.bad[0]!.files).map(([p, content]) => ({ path: p, content })),
    });
    expect(state.inputs.errors).toEqual([]);
    const reported: unknown[] = [];
    await rule.check(state, {
      report: (r) => reported.push(r),
      now: new Date(),
      pss: { level: 'restricted', version: 'latest' },
    });
    expect(reported).toEqual([]);
    expect(s.todo.join('\n')).toMatch(/check\(\)[\s\S]*examples[\s\S]*npm run gen/);
  });

  it('--dry-run prints the files and writes nothing; a bad pack or slug exits 2', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/new-rule.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const dry = run('eks', 'eks-probe', '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('--- src/rules/eks/eks-probe.ts (would write)');
    expect(dry.stdout).toContain('--- src/rules/eks/eks-probe.examples.yaml (would write)');
    expect(dry.stdout).toContain('would run: npm run gen');
    expect(existsSync(path.join(ROOT, 'src/rules/eks/eks-probe.ts'))).toBe(false);
    expect(run('nope', 'nope-x', '--dry-run').status).toBe(2);
    expect(run('ecs', 'no-prefix', '--dry-run').status).toBe(2);
    expect(run('ecs', 'ecs-task-role-not-execution-role', '--dry-run').status).toBe(2);
  });
});

/**
 * `--baseline` keeps accepted findings accepted: a fingerprint does not move with lines inserted
 * above, re-indentation or reordered keys, and does move when the resource does.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { hako, ROOT } from '../helpers/cli.js';

interface Out {
  findings: {
    ruleId: string;
    resource: { address: string };
    location: { file: string; startLine: number };
    suppressed: { kind: string } | null;
  }[];
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

/** Reverses the keys of every JSON object (arrays keep their order: that is a different path). */
function reorder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reorder);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reorder(x)]),
    );
  return v;
}

/** Lines above everything, every file re-indented, JSON keys reordered. */
function edit(file: string): void {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) {
    writeFileSync(file, `\n\n\n${JSON.stringify(reorder(JSON.parse(text)), null, 4)}\n`);
  } else if (file.endsWith('.yaml') || file.endsWith('.yml')) {
    const docs = parseAllDocuments(text);
    const body = docs.map((d) => d.toString({ indent: 4, lineWidth: 0 })).join('');
    writeFileSync(file, `# edited\n# edited again\n\n${body}`);
  } else if (file.endsWith('.tf')) {
    const indented = text.replace(/^( +)/gm, (s) => s + s);
    writeFileSync(file, `# edited\n\n/* a block\n   comment */\n\n${indented}`);
  }
}

const scanJson = (cwd: string, extra: string[] = []) => {
  const r = hako(['scan', '.', '--format', 'json', ...extra], { cwd });
  expect(r.code, r.stderr).not.toBe(2);
  return JSON.parse(r.stdout) as Out;
};

describe('baseline fingerprints', () => {
  it('survive inserted lines, re-indentation and reordered keys in every example format', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-baseline-'));
    cpSync(path.join(ROOT, 'examples', 'insecure'), dir, { recursive: true });
    const before = scanJson(dir);
    const w = hako(['scan', '.', '--write-baseline', 'baseline.json'], { cwd: dir });
    expect(w.code).not.toBe(2);

    for (const f of walk(dir)) if (!f.endsWith('baseline.json')) edit(f);
    const after = scanJson(dir, ['--baseline', 'baseline.json']);

    // The edit really moved the findings, and none was lost or gained.
    expect(after.findings.length).toBe(before.findings.length);
    const moved = after.findings.filter(
      (f, i) => f.location.startLine !== before.findings[i]?.location.startLine,
    );
    expect(moved.length).toBeGreaterThan(before.findings.length / 2);
    const fresh = after.findings.filter((f) => f.suppressed === null);
    expect(
      fresh.map((f) => `${f.ruleId} ${f.resource.address} ${f.location.file}:${f.location.startLine}`),
    ).toEqual([]);
    // Every format took part.
    const files = new Set(before.findings.map((f) => path.extname(f.location.file)));
    expect(files).toEqual(new Set(['.json', '.yaml', '.tf']));
  });

  it('change when the resource does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-baseline-'));
    cpSync(path.join(ROOT, 'examples', 'insecure', 'ecs'), dir, { recursive: true });
    hako(['scan', '.', '--write-baseline', 'baseline.json'], { cwd: dir });
    const file = path.join(dir, 'agent-ec2.task-definition.json');
    const task = JSON.parse(readFileSync(file, 'utf8')) as { family: string };
    writeFileSync(file, JSON.stringify({ ...task, family: `${task.family}-renamed` }, null, 2));
    const after = scanJson(dir, ['--baseline', 'baseline.json']);
    const fresh = after.findings.filter((f) => f.suppressed === null);
    expect(fresh.length).toBeGreaterThan(0);
    expect(new Set(fresh.map((f) => f.resource.address))).toEqual(new Set([`${task.family}-renamed`]));
  });
});

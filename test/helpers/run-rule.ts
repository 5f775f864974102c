/** Runs one rule over in-memory files through the real parsers and adapters; returns its findings. */
import type { Finding } from '../../src/result.js';
import type { Lang } from '../../src/rules/types.js';
import { scan } from '../../src/scan.js';

/** Scans in-memory files with these rules (HAKO-001 always runs) on the fixed test date. */
export async function scanFiles(files: Record<string, string>, rules: string[]): Promise<Finding[]> {
  const result = await scan({
    inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
    rules,
    now: new Date('2026-11-28T00:00:00Z'),
  });
  return result.findings;
}

export async function runRule(
  ruleId: string,
  files: Record<string, string>,
  lang: Lang = 'en',
): Promise<Finding[]> {
  const result = await scan({
    inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
    rules: [ruleId],
    lang,
    now: new Date('2026-11-28T00:00:00Z'),
  });
  const unreadable = result.findings.filter((f) => f.ruleId === 'HAKO-001');
  if (unreadable.length > 0) throw new Error(unreadable.map((f) => f.message).join('\n'));
  return result.findings.filter((f) => f.ruleId === ruleId);
}

/** JSON text of a value, for fixtures built in code. */
export const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

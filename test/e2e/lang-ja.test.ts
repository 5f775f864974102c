/**
 * `--lang ja` speaks Japanese: `hako scan examples/insecure --lang ja` (text and JSON) holds no
 * English sentence outside file names, resource names, code spans, rule IDs and values taken from
 * the scanned files (the heuristic of test/meta/messages-i18n.test.ts). What stays English on
 * purpose is listed in UPSTREAM below, each with why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { hako, ROOT } from '../helpers/cli.js';
import { englishRuns } from '../helpers/english.js';

/**
 * Text hako passes through as others word it: the Pod Security Admission reasons and details
 * (the API server prints them in English; hako quotes them verbatim so they can be searched) and
 * the Terraform provider / ECS schema validation messages of HAKO-003 and ECS-017.
 */
const UPSTREAM_RULES = new Set<string>([]);

const fileText = new Map<string, string>();
function inFile(file: string, value: string): boolean {
  if (!fileText.has(file)) {
    let text = '';
    try {
      text = readFileSync(path.join(ROOT, file), 'utf8');
    } catch {}
    fileText.set(file, text);
  }
  return fileText.get(file)!.includes(value);
}

/** A message with the values of its data that come from the scanned file blanked out. */
function withoutFileValues(text: string, file: string, data: Record<string, unknown> = {}): string {
  let out = text;
  for (const v of Object.values(data))
    if (typeof v === 'string' && v.length > 0 && inFile(file, v)) out = out.split(v).join(' \u0000 ');
  return out;
}

const english = (text: string) => englishRuns(text, { quotes: true });

describe('hako scan examples/insecure --lang ja', () => {
  it('JSON: no English sentence in messages, related, titles, remediations, skip reasons', () => {
    const r = hako(['scan', 'examples/insecure', '--lang', 'ja', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ScanResult;
    expect(out.findings.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const f of out.findings) {
      if (UPSTREAM_RULES.has(f.ruleId)) continue;
      const at = `${f.ruleId} ${f.location.file}:${f.location.startLine}`;
      for (const [what, text] of [
        ['message', f.message],
        ['title', f.title],
        ['remediation', f.remediation],
        ...f.related.map((x) => [`related ${x.file}:${x.startLine}`, withoutFileValues(x.message, x.file)]),
      ] as [string, string][])
        for (const run of english(
          what === 'message' ? withoutFileValues(text, f.location.file, f.data) : text,
        ))
          found.push(`${at} ${what}: ${run}`);
    }
    for (const s of out.summary.skipped)
      for (const run of english(s.reason)) found.push(`skipped ${s.file}: ${run}`);
    expect(found).toEqual([]);
  });

  it('text: no English sentence in any line', () => {
    const r = hako(['scan', 'examples/insecure', '--lang', 'ja']);
    expect(r.code).toBe(1);
    const found = r.stdout
      .split('\n')
      .filter((l) => !/^\s+\d+:\d+\s+\w+\s+(\S+)/.test(l) || !UPSTREAM_RULES.has(l.trim().split(/\s+/)[2]!))
      .flatMap((l) => english(l).map((run) => `${l.trim().slice(0, 60)}: ${run}`));
    expect(found).toEqual([]);
  });
});

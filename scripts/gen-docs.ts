/**
 * Generates docs/rules/<ID>.md and docs/rules/README.md from rule metadata and examples.
 * `--check` exits 1 when the committed docs drift from the metadata (run in the test suite).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainRule, renderRulesMarkdown } from '../src/docs/rules.js';
import { allRules } from '../src/rules/index.js';

export const docsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');

export function renderDocs(): Map<string, string> {
  const out = new Map<string, string>();
  out.set('README.md', renderRulesMarkdown(allRules, 'en'));
  for (const r of allRules) out.set(`${r.meta.id}.md`, explainRule(r, 'en'));
  return out;
}

export function driftedDocs(): string[] {
  const want = renderDocs();
  const have = new Set(readdirSync(docsDir));
  const drift: string[] = [];
  for (const [name, text] of want) {
    if (!have.has(name) || readFileSync(path.join(docsDir, name), 'utf8') !== text) drift.push(name);
  }
  for (const name of have) if (!want.has(name)) drift.push(name);
  return drift;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv.includes('--check')) {
    const drift = driftedDocs();
    if (drift.length > 0) {
      console.error(`docs/rules out of date (${drift.join(', ')}): run npm run gen`);
      process.exit(1);
    }
  } else {
    rmSync(docsDir, { recursive: true, force: true });
    mkdirSync(docsDir, { recursive: true });
    for (const [name, text] of renderDocs()) writeFileSync(path.join(docsDir, name), text);
  }
}

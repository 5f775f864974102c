/**
 * `npm run sync-catalogue [-- SPEC.md]`: copies the rule catalogue (IDs, default severities, what each
 * rule checks) from the team's spec (default `../shared/spec/rules.md`) into src/data/catalogue.json,
 * so the project's own tests check rule metadata against it without the shared folder.
 * `--check` exits 1 when the committed copy differs from the spec.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CatalogueEntry {
  id: string;
  /** The default severity; for the per-check Pod Security rules (K8S-1xx) the level decides it. */
  severity: string;
  /** The spec's "What" column (for K8S-1xx the upstream check name). */
  what: string;
}

export interface Catalogue {
  source: string;
  /** The severity rule of the per-check Pod Security rules, as the spec states it. */
  pssSeverity: string;
  rules: CatalogueEntry[];
  /**
   * Rules hako added after the spec was written (in the spec's style), kept here until the spec
   * lists them: sync keeps them, the drift check ignores them, and an addition the spec has since
   * listed fails the meta test (remove it then).
   */
  additions?: CatalogueEntry[];
}

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const catalogueFile = path.join(root, 'src', 'data', 'catalogue.json');
export const specFile = path.join(root, '..', 'shared', 'spec', 'rules.md');

/** Reads the catalogue out of the spec's markdown: every table row, plus the K8S-1xx prose list. */
export function parseCatalogue(md: string): Catalogue {
  const rules: CatalogueEntry[] = [];
  for (const m of md.matchAll(/^\| ([A-Z0-9]+-\d+) \| (\w+) \| (.*?) \|/gm))
    rules.push({ id: m[1]!, severity: m[2]!, what: m[3]!.trim() });
  const prose = /PSS findings are one rule per upstream check[\s\S]*?\n(K8S-101[\s\S]*?)\n\|/.exec(md);
  const pssSeverity =
    /severity: (baseline checks high, restricted-only checks medium)/.exec(md)?.[1] ?? '(not stated)';
  for (const m of (prose?.[1] ?? '').matchAll(/(?:K8S-)?1(\d\d) ([A-Za-z_]+)/g))
    rules.push({ id: `K8S-1${m[1]}`, severity: 'high|medium', what: m[2]! });
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { source: 'shared/spec/rules.md (npm run sync-catalogue)', pssSeverity, rules };
}

export function renderCatalogue(c: Catalogue): string {
  const list = (rs: CatalogueEntry[]) => rs.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  const additions = c.additions?.length ? `,\n  "additions": [\n${list(c.additions)}\n  ]` : '';
  return `{\n  "source": ${JSON.stringify(c.source)},\n  "pssSeverity": ${JSON.stringify(c.pssSeverity)},\n  "rules": [\n${list(c.rules)}\n  ]${additions}\n}\n`;
}

/** The committed copy's additions (rules the spec does not list yet), to carry over on sync. */
export function committedAdditions(): CatalogueEntry[] {
  try {
    return (JSON.parse(readFileSync(catalogueFile, 'utf8')) as Catalogue).additions ?? [];
  } catch {
    return [];
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const spec = args.find((a) => !a.startsWith('--')) ?? specFile;
  if (!existsSync(spec)) {
    console.error(`${spec} not found: pass the path of the spec's rules.md`);
    process.exit(2);
  }
  const text = renderCatalogue({
    ...parseCatalogue(readFileSync(spec, 'utf8')),
    additions: committedAdditions(),
  });
  if (args.includes('--check')) {
    const have = existsSync(catalogueFile) ? readFileSync(catalogueFile, 'utf8') : '';
    if (have !== text) {
      console.error('src/data/catalogue.json differs from the spec: run npm run sync-catalogue');
      process.exit(1);
    }
  } else writeFileSync(catalogueFile, text);
}

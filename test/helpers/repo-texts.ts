/**
 * The repository's own files as test input: every file under a folder whose name matches, and the
 * texts a rule's `*.examples.yaml` embeds under `files:` (what the fast-path differential tests of
 * YAML and HCL compare against their exact parsers).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Node } from '../../src/parse/tree.js';
import { parseYamlExact } from '../../src/parse/yaml.js';
import { ROOT } from './cli.js';

/** Paths (relative to the repository) of the files under `dir` whose names match, sorted. */
export function repoFiles(dir: string, name: RegExp): string[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .filter((f) => name.test(f))
    .map((f) => path.join(dir, f))
    .sort();
}

/** The texts inside `files:` of a rule's examples file whose file names match. */
export function embeddedTexts(file: string, text: string, name: RegExp): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (n: Node | undefined): void => {
    if (!n) return;
    if (n.kind === 'seq') n.items.forEach(walk);
    if (n.kind !== 'map') return;
    for (const e of n.entries) {
      if (name.test(e.key) && e.value.kind === 'scalar' && typeof e.value.value === 'string')
        out.push({ file: `${file}#${e.key}`, text: e.value.value });
      else walk(e.value);
    }
  };
  for (const d of parseYamlExact(file, text).docs) walk(d.node);
  return out;
}

/**
 * Rule examples: `src/rules/<service>/<slug>.examples.yaml`, each `bad` and `good` case a set of
 * files, plus optional per-format companions `<slug>.<format>.examples.yaml` (e.g.
 * `.plan.examples.yaml` for Terraform plan JSON) whose cases follow the main file's. They are
 * executed by test/rules/examples.test.ts and printed by `hako explain`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Rule } from '../rules/types.js';

export interface ExampleCase {
  name: string;
  files: Record<string, string>;
  /** Exact start lines of the rule's findings (bad cases), in order. */
  lines?: number[];
  /**
   * The Pod Security target the case is scanned at (`--pss-level`, `--k8s-version`), when not the
   * default restricted/latest: a baseline check replaced at restricted only runs at baseline.
   */
  pss?: { level?: 'baseline' | 'restricted'; version?: string };
  /** Files outside the case that it needs (e.g. an IAM dump), paths relative to test/fixtures. */
}

export interface RuleExamples {
  bad: ExampleCase[];
  good: ExampleCase[];
}

export function examplesUrl(rule: Rule): URL {
  return new URL(`../rules/${rule.meta.service}/${rule.meta.slug}.examples.yaml`, import.meta.url);
}

/** The companion files `<slug>.<format>.examples.yaml` beside the main one, in name order. */
function companionUrls(rule: Rule): URL[] {
  const dir = new URL(`../rules/${rule.meta.service}/`, import.meta.url);
  let names: string[];
  try {
    names = readdirSync(fileURLToPath(dir));
  } catch {
    return [];
  }
  const prefix = `${rule.meta.slug}.`;
  return names
    .filter(
      (n) => n.startsWith(prefix) && n.endsWith('.examples.yaml') && n !== `${rule.meta.slug}.examples.yaml`,
    )
    .sort()
    .map((n) => new URL(n, dir));
}

export function loadExamples(rule: Rule): RuleExamples | undefined {
  let text: string;
  try {
    text = readFileSync(examplesUrl(rule), 'utf8');
  } catch {
    return undefined;
  }
  const data = parse(text) as Partial<RuleExamples> | null;
  const out: RuleExamples = { bad: data?.bad ?? [], good: data?.good ?? [] };
  for (const url of companionUrls(rule)) {
    const more = parse(readFileSync(url, 'utf8')) as Partial<RuleExamples> | null;
    out.bad.push(...(more?.bad ?? []));
    out.good.push(...(more?.good ?? []));
  }
  return out;
}

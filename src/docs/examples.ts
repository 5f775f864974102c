/**
 * Rule examples: `src/rules/<service>/<slug>.examples.yaml`, each `bad` and `good` case a set of
 * files. They are executed by test/rules/examples.test.ts and printed by `hako explain`.
 */
import { readFileSync } from 'node:fs';
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

export function loadExamples(rule: Rule): RuleExamples | undefined {
  let text: string;
  try {
    text = readFileSync(examplesUrl(rule), 'utf8');
  } catch {
    return undefined;
  }
  const data = parse(text) as Partial<RuleExamples> | null;
  return { bad: data?.bad ?? [], good: data?.good ?? [] };
}

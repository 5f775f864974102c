/**
 * The rule contract: pure-data metadata plus a check over the model. `defineRule` ties message IDs
 * in code to the messages in metadata at compile time.
 */
import type { Resource } from '../model/resource.js';
import type { Src } from '../model/source.js';
import type { State } from '../model/state.js';
import type { Note } from '../notes.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export type Lang = 'en' | 'ja';
export type Service = 'hako' | 'ecs' | 'ecr' | 'eks' | 'iam' | 'k8s' | 'net' | 'rbac' | 'aud';
/** Input formats a rule can see its resource in. */
export type InputFormat =
  | 'kubernetes'
  | 'ecs-json'
  | 'ecr-json'
  | 'iam-json'
  | 'terraform'
  | 'terraform-plan'
  | 'cloudformation'
  | 'any';

export interface Equivalents {
  checkov: string[];
  trivy: string[];
  kubeLinter: string[];
  polaris: string[];
}

export interface RuleMeta<M extends string> {
  id: string;
  slug: string;
  service: Service;
  severity: Severity;
  title: Record<Lang, string>;
  rationale: Record<Lang, string>;
  remediation: Record<Lang, string>;
  references: string[];
  equivalents: Equivalents;
  aliases?: string[];
  inputs: InputFormat[];
  messages: Record<Lang, Record<M, string>>;
  fixable?: 'safe' | 'suggestion';
  since: string;
}

/**
 * A related location of a finding: a template of `meta.messages` (en and ja, like the main message)
 * filled with `data` in the scan's language, or one of hako's shared notes (src/notes.ts: the shared
 * rule helpers' entries, notes on resources). There is no fixed-text form: every word a finding
 * prints is translated.
 */
export interface RelatedMessage<M extends string> {
  src?: Src;
  messageId: M;
  data?: Record<string, string | number>;
  /** As {@link Report.localized}. */
  localized?: Record<string, Record<Lang, string>>;
}

/** One of hako's own notes (src/notes.ts) at a location. */
export interface RelatedNote extends Note {
  src?: Src;
}

export type Related<M extends string = never> = RelatedMessage<M> | RelatedNote;

export interface Report<M extends string> {
  at: Src;
  /** The model resource the finding is about (its ref is printed; its suppressions apply). */
  resource: Resource;
  messageId: M;
  data?: Record<string, string | number>;
  /**
   * Values of `data` that are words, not values from the input, in each language: the message shows
   * them in the scan's language; `data` (and the fingerprint) keep the English.
   */
  localized?: Record<string, Record<Lang, string>>;
  related?: Related<M>[];
  /** Per-finding severity where the rule grades (e.g. ECS-005 medium when `drop` lacks ALL). */
  severity?: Severity;
}

/** The Pod Security target of the K8S rules (`--pss-level`, `--k8s-version`, config `pss`). */
export interface PssTarget {
  level: 'baseline' | 'restricted';
  /** `v1.N` or `latest`. */
  version: string;
}

export interface RuleContext<M extends string> {
  report(r: Report<M>): void;
  /** The scan date (ISO), for rules that judge dates. */
  now: Date;
  pss: PssTarget;
  /** Whether the rule with this ID runs in this scan (absent: unknown, taken as not running). */
  runs?: (ruleId: string) => boolean;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  check(state: State, ctx: RuleContext<M>): void | Promise<void>;
}

export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

export function noEquivalents(over: Partial<Equivalents> = {}): Equivalents {
  return { checkov: [], trivy: [], kubeLinter: [], polaris: [], ...over };
}

/** Fills `{name}` placeholders (a name not in `data` stays as written). */
export function format(template: string, data: Record<string, string | number> = {}): string {
  const parts = split(template);
  if (parts.length === 1) return template;
  let s = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    s += (k in data ? String(data[k]) : `{${k}}`) + parts[i + 1]!;
  }
  return s;
}

/** Templates split once into text, name, text, ... (they are the rules' and reports' fixed texts). */
const templates = new Map<string, string[]>();

function split(template: string): string[] {
  let parts = templates.get(template);
  if (!parts) {
    if (templates.size >= 4096) templates.clear(); // bounded, whatever a caller formats
    parts = template.split(/\{(\w+)\}/);
    templates.set(template, parts);
  }
  return parts;
}

/** The scan result: the shape of `--format json` (product.md) and what every reporter reads. */
import type { ResourceRef } from './model/resource.js';
import type { NoteData, NoteId } from './notes.js';
import type { Equivalents, Severity } from './rules/types.js';

export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Suppression {
  kind: 'annotation' | 'comment' | 'config' | 'baseline';
  reason: string;
  expires?: string;
}

export interface Finding {
  ruleId: string;
  slug: string;
  severity: Severity;
  title: string;
  message: string;
  /** The key of `message` in the rule's `meta.messages` (stable across languages and wording). */
  messageId: string;
  /** The values the message was built from (rule-specific keys, e.g. K8S-004's `field`), for filtering. */
  data?: Record<string, string | number>;
  resource: ResourceRef;
  location: Location;
  /**
   * `messageId` when the text comes from the rule's `meta.messages`, `noteId` when it is one of
   * hako's own notes (src/notes.ts: a note on the resource, an entry of a shared rule helper).
   */
  related: { file: string; startLine: number; message: string; messageId?: string; noteId?: string }[];
  remediation: string;
  references: string[];
  equivalents: Equivalents;
  suppressed: Suppression | null;
  /** Line-independent identity (rule, file, resource, JSON pointer) for baselines and SARIF. */
  fingerprint: string;
}

/** A part of the input hako did not read, with where and why (never a silent pass). */
export interface SkippedInput {
  file: string;
  /** 1-based line of the part (e.g. a `module` block), when it is not the whole file. */
  line?: number;
  /** Why, in the scan's language (English where a producer gave no note). */
  reason: string;
  /** Producers only (not in the scan result): the note of hako's (src/notes.ts) `reason` is written from. */
  note?: NoteId;
  data?: NoteData;
}

export interface ScanError {
  file: string;
  line: number;
  message: string;
}

export interface ScanResult {
  version: 1;
  findings: Finding[];
  errors: ScanError[];
  summary: {
    files: number;
    resources: number;
    findings: Record<Severity, number>;
    suppressed: number;
    /**
     * What hako did not read or could not judge, each said once with its reason: files of no kind
     * hako reads found by a directory walk, Helm templates, kustomize patches, remote modules, ...
     */
    skipped: SkippedInput[];
    /**
     * Findings left out of `findings` because one rule found the same problem on one resource more
     * than {@link FINDINGS_PER_RESOURCE} times (present only when something was left out). They
     * still count in `findings` above and in the exit code.
     */
    capped?: CappedFindings[];
  };
}

/** At most this many findings of one rule (of one severity) on one resource are listed. */
export const FINDINGS_PER_RESOURCE = 100;

/** Findings of one rule on one resource beyond the first {@link FINDINGS_PER_RESOURCE}. */
export interface CappedFindings {
  ruleId: string;
  /** The resource's address (or name). */
  resource: string;
  file: string;
  severity: Severity;
  /** How many are listed in `findings`. */
  shown: number;
  /** How many more there were. */
  more: number;
}

export function emptyCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

/** Deterministic order: file, line, column, rule ID. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.location.file, b.location.file) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

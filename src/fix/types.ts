import type { TextEdit } from './edits.js';
import type { FixText } from './messages.js';

/** The findings a fix may address: only those the scan reported and did not suppress. */
export interface Wanted {
  /** `rule` is a rule ID, or `ID/messageId` where one rule reports several things (ECS-005). */
  has(file: string, kind: string, name: string, namespace: string | undefined, rule: string): boolean;
}

/** One fix applied, or one finding left as a suggestion and why. */
export interface FixNote {
  file: string;
  line: number;
  /** `Kind/name` (Kubernetes, with the namespace when written) or the ECS task definition family. */
  resource: string;
  rule: string;
  text: FixText;
}

export interface FilePlan {
  edits: TextEdit[];
  applied: FixNote[];
  suggestions: FixNote[];
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

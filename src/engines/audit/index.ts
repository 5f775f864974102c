/** `hako audit`: read audit logs as streams, run the AUD detections or a query, report. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Lang } from '../../rules/types.js';
import { AuditDetector, type AuditFinding, auditNote } from './detect.js';
import type { AuditNoteId } from './meta.js';
import { wantedLine } from './plan.js';
import { type AuditEvent, openAuditStream, readAudit } from './reader.js';

export { AuditDetector, type AuditFinding } from './detect.js';
export { AUDIT_META, AUDIT_META_BY_ID } from './meta.js';
export { PLANS } from './plan.js';

/** Errors listed per file; the rest are counted (`malformed`) and summed up in one last entry. */
export const MAX_ERRORS_PER_FILE = 100;

export interface AuditError {
  file: string;
  line: number;
  message: string;
  noteId?: AuditNoteId;
}

export interface AuditInput {
  display: string;
  /** A path on disk, or an open stream (standard input). */
  source: string | Readable;
}

export interface ReadStats {
  files: number;
  events: number;
  malformed: number;
  otherStreams: number;
  errors: AuditError[];
}

/** Files to read: files as given, directories walked (dot entries skipped), sorted. */
export function auditInputs(paths: string[]): { inputs: AuditInput[]; missing: string[] } {
  const inputs: AuditInput[] = [];
  const missing: string[] = [];
  const walk = (abs: string, display: string) => {
    const entries = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const d of entries) {
      if (d.name.startsWith('.') || d.name === 'node_modules') continue;
      const a = path.join(abs, d.name);
      const shown = path.posix.join(display, d.name);
      if (d.isDirectory()) walk(a, shown);
      else if (d.isFile()) inputs.push({ display: shown, source: a });
    }
  };
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p, p.replace(/\/+$/, '') || '/');
    else inputs.push({ display: p, source: p });
  }
  return { inputs, missing };
}

/** Reads every input in turn, handing each event to `onEvent`; problems become errors. */
export async function readInputs(
  inputs: AuditInput[],
  lang: Lang,
  onEvent: (e: AuditEvent, file: string, line: number) => void,
  /** Lines refused are not parsed (counted as events when framed as one); see plan.ts NEEDED_WORDS. */
  wanted?: (buf: Buffer, start: number, end: number) => boolean,
): Promise<ReadStats> {
  const stats: ReadStats = { files: 0, events: 0, malformed: 0, otherStreams: 0, errors: [] };
  for (const input of inputs) {
    stats.files++;
    let listed = 0;
    let more = 0;
    let stream: Readable;
    try {
      stream = await openAuditStream(input.source);
    } catch (e) {
      stats.malformed++;
      stats.errors.push({
        file: input.display,
        line: 1,
        message: auditNote(lang, 'read', { detail: (e as Error).message }),
        noteId: 'read',
      });
      continue;
    }
    await readAudit(stream, {
      event: (e, line) => {
        stats.events++;
        onEvent(e, input.display, line);
      },
      problem: (p) => {
        stats.malformed++;
        if (listed < MAX_ERRORS_PER_FILE) {
          listed++;
          stats.errors.push({
            file: input.display,
            line: p.line,
            message: auditNote(lang, p.note, p.data),
            noteId: p.note,
          });
        } else more++;
      },
      otherStream: () => {
        stats.otherStreams++;
      },
      ...(wanted
        ? {
            wanted,
            unparsed: () => {
              stats.events++;
            },
          }
        : {}),
    });
    if (more > 0)
      stats.errors.push({
        file: input.display,
        line: 0,
        message: auditNote(lang, 'moreErrors', { count: more }),
        noteId: 'moreErrors',
      });
  }
  return stats;
}

export interface AuditResult {
  findings: AuditFinding[];
  events: number;
  malformed: number;
  errors: AuditError[];
  /** What was read but not judged, and why (never a silent pass). */
  skipped: { reason: string; noteId: AuditNoteId; count: number }[];
}

/**
 * `strict`: parse every line (exact malformed-line count). Otherwise a line of raw events holding
 * none of the words a detection needs is only checked to be framed as an event, not parsed.
 */
export async function runAudit(
  inputs: AuditInput[],
  lang: Lang,
  opts: { strict?: boolean } = {},
): Promise<AuditResult> {
  const det = new AuditDetector();
  const stats = await readInputs(
    inputs,
    lang,
    (e, file, line) => det.add(e, file, line),
    opts.strict ? undefined : wantedLine,
  );
  const skipped: AuditResult['skipped'] = [];
  const skip = (noteId: AuditNoteId, count: number) => {
    if (count > 0) skipped.push({ reason: auditNote(lang, noteId, { count }), noteId, count });
  };
  skip('otherStreams', stats.otherStreams);
  skip('earlyStages', det.earlyStages);
  skip('noBody', det.noBody);
  return {
    findings: det.findings(lang),
    events: stats.events,
    malformed: stats.malformed,
    errors: stats.errors,
    skipped,
  };
}

/**
 * Streaming readers of EKS audit logs, in constant memory whatever the file size:
 * - raw `audit.k8s.io/v1` Events, one JSON object per line (what the API server's log backend and
 *   `kubectl logs`-style exports write);
 * - the CloudWatch Logs export to S3 of `/aws/eks/<cluster>/cluster`: lines `<timestamp> <message>`;
 * - the JSON printed by `aws logs filter-log-events` / `get-log-events`
 *   (`{"events":[{"timestamp":…,"message":"<event JSON>","logStreamName":…}],…}`), pretty-printed
 *   or on one line, several documents one after the other (pages);
 * - a gzip of any of these (detected by its magic bytes, not its name).
 * A malformed line is reported with its line number and reading goes on.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AuditNoteId } from './meta.js';

export type AuditEvent = Record<string, unknown>;

export interface ReadProblem {
  line: number;
  note: AuditNoteId;
  data?: Record<string, string | number>;
}

export interface ReadSink {
  event(e: AuditEvent, line: number): void;
  /**
   * Optional: a line `wanted` refused (none of the words the consumer looks for), not parsed; it
   * is counted as an event when it is framed as one (`{…}` or `<timestamp> {…}`).
   */
  unparsed?(line: number): void;
  wanted?(buf: Buffer, start: number, end: number): boolean;
  problem(p: ReadProblem): void;
  /** A CloudWatch record of a stream that is not `kube-apiserver-audit-*` (authenticator, scheduler…). */
  otherStream(): void;
}

export const MAX_LINE_BYTES = 64 * 1024 * 1024;
const NL = 10;

/** Opens a file (or takes a stream) and un-gzips it when it starts with the gzip magic bytes. */
export async function openAuditStream(source: string | Readable): Promise<Readable> {
  const raw = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source;
  const it = raw[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer | undefined = first.done ? undefined : (first.value as Buffer);
  const { Readable: R } = await import('node:stream');
  const replay = R.from(
    (async function* () {
      if (head) yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield n.value as Buffer;
      }
    })(),
    { objectMode: false },
  );
  if (head && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return replay.pipe(createGunzip());
  return replay;
}

/**
 * Reads one log stream. Mode is chosen on the first non-blank line: `{` alone, or the start of a
 * CLI output object (`{"events":` …) that is not a whole JSON value, opens a JSON document (the
 * pretty-printed CLI output); anything else is read line by line (so a truncated first event is
 * one malformed line, not a document).
 */
export async function readAudit(input: Readable, sink: ReadSink): Promise<void> {
  let mode: 'unknown' | 'lines' | 'doc' = 'unknown';
  const doc = new DocScanner(sink);
  let lineNo = 0;
  let carry: Buffer | null = null;
  let skipping = false; // inside a line over MAX_LINE_BYTES

  const onLine = (buf: Buffer, start: number, end: number) => {
    lineNo++;
    if (mode === 'doc') {
      doc.feed(buf, start, end, lineNo);
      return;
    }
    // trim a CR (CRLF files) and surrounding blanks
    while (end > start && (buf[end - 1] === 13 || buf[end - 1] === 32 || buf[end - 1] === 9)) end--;
    while (start < end && (buf[start] === 32 || buf[start] === 9)) start++;
    if (start === end) return;
    if (
      mode === 'lines' &&
      sink.wanted &&
      buf[end - 1] === 125 /* } */ &&
      framed(buf, start, end) &&
      !sink.wanted(buf, start, end)
    ) {
      sink.unparsed?.(lineNo);
      return;
    }
    const text = buf.toString('utf8', start, end);
    if (mode === 'unknown') {
      if (
        (text === '{' || /^\{\s*"(events|searchedLogStreams|nextToken|nextForwardToken)"/.test(text)) &&
        !isJson(text)
      ) {
        mode = 'doc';
        doc.feed(buf, start, end, lineNo);
        return;
      }
      mode = 'lines';
    }
    lineRecord(text, lineNo, sink);
  };

  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let pos = 0;
      for (;;) {
        const nl = chunk.indexOf(NL, pos);
        if (nl === -1) break;
        if (skipping) {
          skipping = false;
          lineNo++;
        } else if (carry) {
          const whole = Buffer.concat([carry, chunk.subarray(pos, nl)]);
          carry = null;
          onLine(whole, 0, whole.length);
        } else onLine(chunk, pos, nl);
        pos = nl + 1;
      }
      if (pos < chunk.length && !skipping) {
        const rest = chunk.subarray(pos);
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
        if (carry.length > MAX_LINE_BYTES) {
          sink.problem({ line: lineNo + 1, note: 'lineTooLong', data: { max: MAX_LINE_BYTES } });
          carry = null;
          skipping = true;
        }
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const gz = typeof err.code === 'string' && err.code.startsWith('Z_');
    sink.problem({ line: lineNo + 1, note: gz ? 'gzip' : 'read', data: { detail: err.message } });
    return;
  }
  if (carry && carry.length > 0) onLine(carry, 0, carry.length);
  if ((mode as string) === 'doc') doc.end(lineNo);
}

/** `{…` or `<timestamp> {…` (the S3 export), judged on the first bytes only. */
function framed(buf: Buffer, start: number, end: number): boolean {
  if (buf[start] === 123) return true;
  const head = buf.subarray(start, Math.min(end, start + 64));
  const sp = head.indexOf(' {');
  return sp > 0 && head.subarray(0, sp).every((c) => c !== 34 /* " */);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** One line of line mode: an Event, `<timestamp> <Event>`, or a CloudWatch record/document on one line. */
function lineRecord(text: string, line: number, sink: ReadSink): void {
  let json = text;
  if (text.charCodeAt(0) !== 123 /* { */) {
    // S3 export layout: `<timestamp> <message>`
    const sp = text.indexOf(' ');
    if (sp > 0 && text.charCodeAt(sp + 1) === 123) json = text.slice(sp + 1);
  }
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    sink.problem({ line, note: 'notJson', data: { detail: (e as Error).message } });
    return;
  }
  record(v, line, sink);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isEvent(v: Record<string, unknown>): boolean {
  return v.kind === 'Event' || (typeof v.auditID === 'string' && typeof v.verb === 'string');
}

/** A parsed value: an Event, a CloudWatch log record (`message`), or a whole CLI output (`events`). */
function record(v: unknown, line: number, sink: ReadSink): void {
  if (!isObject(v)) {
    sink.problem({ line, note: 'notEvent' });
    return;
  }
  if (isEvent(v)) {
    sink.event(v, line);
    return;
  }
  if (Array.isArray(v.events)) {
    for (const r of v.events) logRecord(r, line, sink);
    return;
  }
  if (typeof v.message === 'string') {
    logRecord(v, line, sink);
    return;
  }
  sink.problem({ line, note: 'notEvent' });
}

function logRecord(r: unknown, line: number, sink: ReadSink): void {
  if (!isObject(r) || typeof r.message !== 'string') {
    sink.problem({ line, note: 'notEvent' });
    return;
  }
  if (typeof r.logStreamName === 'string' && !r.logStreamName.startsWith('kube-apiserver-audit')) {
    sink.otherStream();
    return;
  }
  let e: unknown;
  try {
    e = JSON.parse(r.message);
  } catch (err) {
    sink.problem({ line, note: 'messageNotJson', data: { detail: (err as Error).message } });
    return;
  }
  if (isObject(e) && isEvent(e)) sink.event(e, line);
  else sink.problem({ line, note: 'notEvent' });
}

/**
 * The pretty-printed CLI output, scanned byte by byte: each object that is an element of an array
 * directly inside a top-level object (the `events` records) is cut out and parsed on its own, so
 * only one record is ever held.
 */
class DocScanner {
  private depth = 0;
  /** container kind per depth: true for an array */
  private arrays: boolean[] = [];
  private inString = false;
  private escape = false;
  private parts: Buffer[] = [];
  private size = 0;
  private recordLine = 0;
  private collecting = false;

  constructor(private readonly sink: ReadSink) {}

  feed(buf: Buffer, start: number, end: number, line: number): void {
    let segStart = this.collecting ? start : -1;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) {
        // a record: an object at depth 2 inside an array at depth 1 of a top-level object
        if (c === 123 && this.depth === 2 && this.arrays[1] === true && this.arrays[0] === false) {
          this.collecting = true;
          this.recordLine = line;
          segStart = i;
        }
        this.arrays[this.depth] = c === 91;
        this.depth++;
      } else if (c === 125 || c === 93) {
        this.depth--;
        if (c === 125 && this.collecting && this.depth === 2) {
          this.take(buf, segStart, i + 1);
          this.collecting = false;
          segStart = -1;
          const text = Buffer.concat(this.parts, this.size).toString('utf8');
          this.parts = [];
          this.size = 0;
          let v: unknown;
          try {
            v = JSON.parse(text);
          } catch (e) {
            this.sink.problem({
              line: this.recordLine,
              note: 'notJson',
              data: { detail: (e as Error).message },
            });
            continue;
          }
          // `searchedLogStreams` entries ({logStreamName, searchedCompletely}) are not records
          if (isObject(v) && v.message === undefined && typeof v.searchedCompletely === 'boolean') continue;
          logRecord(v, this.recordLine, this.sink);
        }
        if (this.depth < 0) this.depth = 0;
      }
    }
    if (this.collecting && segStart >= 0) {
      this.take(buf, segStart, end);
      this.take(Buffer.from('\n'), 0, 1);
    }
  }

  private take(buf: Buffer, s: number, e: number): void {
    this.parts.push(Buffer.from(buf.subarray(s, e)));
    this.size += e - s;
    if (this.size > MAX_LINE_BYTES) {
      this.sink.problem({ line: this.recordLine, note: 'lineTooLong', data: { max: MAX_LINE_BYTES } });
      this.parts = [];
      this.size = 0;
      this.collecting = false;
    }
  }

  end(line: number): void {
    if (this.depth !== 0 || this.inString) this.sink.problem({ line, note: 'documentUnclosed' });
  }
}

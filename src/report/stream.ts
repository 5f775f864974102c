/**
 * Reports of any size: a report is written as chunks to a sink (standard output, a file), never
 * built as one string (V8 refuses strings over ~512 MB: `RangeError: Invalid string length`).
 */
import { writeSync } from 'node:fs';

export type Sink = (chunk: string) => void;

/**
 * An array whose elements are produced while it is written (SARIF results, one per finding).
 * `small`: the caller promises that no element holds a long or lazy array, so elements are written
 * {@link BATCH} at a time with one `JSON.stringify` each, without looking into them first.
 */
export class LazyArray<T = unknown> {
  constructor(
    readonly length: number,
    readonly items: () => Iterable<T>,
    readonly small = false,
  ) {}
}

/** Elements of an array written with one `JSON.stringify` (one chunk of a few dozen KB). */
export const BATCH = 64;

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` would, container by container, so
 * no single string holds more than one small element. `LazyArray`s are written as arrays.
 */
export function writeJson(value: unknown, out: Sink, indent = ''): void {
  if (value instanceof LazyArray) {
    writeArray(value.length, value.items(), out, indent, value.small);
    return;
  }
  if (Array.isArray(value) && (value.length > 16 || hasBig(value))) {
    writeArray(value.length, value, out, indent, false);
    return;
  }
  if (isBigObject(value)) {
    const inner = `${indent}  `;
    let first = true;
    out('{');
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out(`${first ? '' : ','}\n${inner}${JSON.stringify(k)}: `);
      writeJson(v, out, inner);
      first = false;
    }
    out(first ? '}' : `\n${indent}}`);
    return;
  }
  const s = JSON.stringify(value, null, 2) ?? 'null';
  out(indent && s.includes('\n') ? s.replace(/\n/g, `\n${indent}`) : s);
}

/** A plain object written key by key (see {@link hasBig}). */
function isBigObject(value: unknown): value is object {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !('toJSON' in value) &&
    hasBig(value)
  );
}

/** An element {@link writeJson} would not write as one string. */
function isBig(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (v instanceof LazyArray) return true;
  if (Array.isArray(v)) return v.length > 16 || hasBig(v);
  return isBigObject(v);
}

function writeArray(
  length: number,
  items: Iterable<unknown>,
  out: Sink,
  indent: string,
  small: boolean,
): void {
  if (length === 0) {
    out('[]');
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  let batch: unknown[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const body = elements(batch, indent);
    out(first ? body : `,${body}`);
    first = false;
    batch = [];
  };
  out('[');
  for (const v of items) {
    if (!small && isBig(v)) {
      flush();
      out(`${first ? '' : ','}\n${inner}`);
      writeJson(v, out, inner);
      first = false;
      continue;
    }
    batch.push(v);
    if (batch.length >= BATCH) flush();
  }
  flush();
  out(`\n${indent}]`);
}

/**
 * `items` as the elements of an array at `indent` (`\n<indent>  a,\n<indent>  b`): one
 * `JSON.stringify` of the batch nested as deep as the array, so the indentation comes out right
 * with no pass over the text (`undefined` and functions become `null`, as in any array).
 */
function elements(items: unknown[], indent: string): string {
  if (!/^(?: {2})*$/.test(indent)) {
    const inner = `${indent}  `;
    return items
      .map((v) => {
        const s = JSON.stringify(v, null, 2) ?? 'null';
        return `\n${inner}${s.includes('\n') ? s.replace(/\n/g, `\n${inner}`) : s}`;
      })
      .join(',');
  }
  const depth = indent.length / 2;
  let wrapped: unknown = items;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, 2);
  // the wrappers: `[\n  ` ... before the batch's `[`, `\n  ]` ... after its `\n<indent>]`
  const open = 2 * depth + depth * (depth + 1);
  const close = 2 * depth + depth * (depth - 1) + indent.length + 2;
  return s.slice(open + 1, s.length - close);
}

/** An object worth writing key by key: it holds (at any depth) a long or lazy array. */
function hasBig(o: object, depth = 0): boolean {
  if (depth > 4) return false;
  for (const v of Object.values(o)) {
    if (v instanceof LazyArray || (Array.isArray(v) && v.length > 16)) return true;
    if (v !== null && typeof v === 'object' && hasBig(v, depth + 1)) return true;
  }
  return false;
}

/** Collects chunks into ~64 KB writes. Call `flush()` at the end. */
export function buffered(write: (s: string) => void, size = 64 * 1024): { out: Sink; flush: () => void } {
  let parts: string[] = [];
  let n = 0;
  const flush = () => {
    if (n === 0 && parts.length === 0) return;
    const s = parts.join('');
    parts = [];
    n = 0;
    write(s);
  };
  return {
    out: (chunk) => {
      if (n === 0 && chunk.length >= size) {
        write(chunk); // a large chunk as it is, not copied into a join
        return;
      }
      parts.push(chunk);
      n += chunk.length;
      if (n >= size) flush();
    },
    flush,
  };
}

/** Everything written, as one string (small reports and tests). */
export function collect(write: (out: Sink) => void): string {
  const parts: string[] = [];
  write((c) => parts.push(c));
  return parts.join('');
}

/** A sink into a file descriptor, synchronously (the report is complete when this returns). */
export function fdSink(fd: number): Sink {
  return (chunk) => {
    const buf = Buffer.from(chunk);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
  };
}

/**
 * Reports of any size: a report is written as chunks to a sink (standard output, a file), never
 * built as one string (V8 refuses strings over ~512 MB: `RangeError: Invalid string length`).
 */
import { writeSync } from 'node:fs';

export type Sink = (chunk: string) => void;

/** An array whose elements are produced while it is written (SARIF results, one per finding). */
export class LazyArray<T = unknown> {
  constructor(
    readonly length: number,
    readonly items: () => Iterable<T>,
  ) {}
}

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` would, container by container, so
 * no single string holds more than one small element. `LazyArray`s are written as arrays.
 */
export function writeJson(value: unknown, out: Sink, indent = ''): void {
  if (value instanceof LazyArray) {
    writeArray(value.length, value.items(), out, indent);
    return;
  }
  if (Array.isArray(value) && (value.length > 16 || hasBig(value))) {
    writeArray(value.length, value, out, indent);
    return;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !('toJSON' in value) &&
    hasBig(value)
  ) {
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

function writeArray(length: number, items: Iterable<unknown>, out: Sink, indent: string): void {
  if (length === 0) {
    out('[]');
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  out('[');
  for (const v of items) {
    out(`${first ? '' : ','}\n${inner}`);
    writeJson(v === undefined || typeof v === 'function' ? null : v, out, inner);
    first = false;
  }
  out(`\n${indent}]`);
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

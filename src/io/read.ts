/**
 * Reads one input safely: size limit before reading, binary detection, UTF-8 BOM removal.
 * Every refusal is a message for HAKO-001, never an exception.
 */
import { readFileSync, statSync } from 'node:fs';
import { errText } from './discover.js';

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

export type ReadOutcome = { ok: true; text: string } | { ok: false; message: string };

export function readInput(
  abs: string,
  maxBytes: number,
  read: (p: string) => Buffer = readFileSync,
): ReadOutcome {
  try {
    const size = statSync(abs).size;
    if (size > maxBytes) return { ok: false, message: tooLarge(size, maxBytes) };
    return decode(read(abs), maxBytes);
  } catch (e) {
    return { ok: false, message: `cannot read file: ${errText(e)}` };
  }
}

export function decode(buf: Buffer, maxBytes: number): ReadOutcome {
  if (buf.length > maxBytes) return { ok: false, message: tooLarge(buf.length, maxBytes) };
  const head = buf.subarray(0, 8192);
  if (head.includes(0))
    return { ok: false, message: 'binary file (contains NUL bytes); not a text format hako reads' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  if (text.slice(0, 8192).includes('\uFFFD')) {
    return { ok: false, message: 'not valid UTF-8 text (binary or another encoding); not read' };
  }
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function tooLarge(size: number, max: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `file is ${mb(size)}, over the ${mb(max)} limit (raise it with --max-file-size); not scanned`;
}

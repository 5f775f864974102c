/**
 * The one way hako reads a file it was pointed at (scanned files, `.gitignore`, `.hako.yaml` /
 * `--config`, baselines, Terraform `file()`): opened with `O_NONBLOCK` (a FIFO never blocks the
 * open), checked with `fstat` on the opened descriptor to be a regular file (no race between a
 * check and the read; a symlink to `/dev/zero` or a FIFO is refused), and read to at most the
 * size limit. Then binary detection, strict UTF-8 and BOM removal. Every refusal is a message
 * (with the line when one applies) for HAKO-001, never an exception.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { type NoteData, type NoteId, withText } from '../notes.js';

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

/** A refusal's `message` is English; `note` (src/notes.ts), when set, lets the report translate it. */
export type ReadOutcome =
  | { ok: true; text: string }
  | { ok: false; message: string; line?: number; note?: NoteId; data?: NoteData };

/** Raw bytes of a regular file, at most `maxBytes`; `missing` when it does not exist. */
export type BytesOutcome =
  | { ok: true; bytes: Buffer }
  | {
      ok: false;
      message: string;
      missing?: boolean;
      notRegular?: boolean;
      note?: NoteId;
      data?: NoteData;
    };

/**
 * Opens `abs` without blocking, refuses anything but a regular file, and reads at most
 * `maxBytes` (a file that grows while read is cut at the limit and refused). `read` is a test seam
 * for the read itself, called only after the checks passed.
 */
export function readBytes(abs: string, maxBytes: number, read?: (p: string) => Buffer): BytesOutcome {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      ...withText('message', 'cannotRead', { detail: errText(e) }),
      missing: code === 'ENOENT',
    };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, ...withText('message', 'notRegular'), notRegular: true };
    if (st.size > maxBytes) return { ok: false, ...tooLarge(st.size, maxBytes) };
    if (read) {
      const buf = read(abs);
      return buf.length > maxBytes
        ? { ok: false, ...tooLarge(buf.length, maxBytes) }
        : { ok: true, bytes: buf };
    }
    // read to the limit plus one byte: more than the limit means the file grew past it
    const buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(st.size + 1, 64 * 1024)));
    let len = 0;
    let chunk = buf;
    for (;;) {
      if (len === chunk.length) {
        if (len > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, len);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, len, chunk.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > maxBytes) return { ok: false, ...withText('message', 'fileGrew', { max: mb(maxBytes) }) };
    return { ok: true, bytes: chunk.subarray(0, len) };
  } catch (e) {
    return { ok: false, ...withText('message', 'cannotRead', { detail: errText(e) }) };
  } finally {
    closeSync(fd);
  }
}

/** A text input: {@link readBytes}, then {@link decode}. */
export function readInput(abs: string, maxBytes: number, read?: (p: string) => Buffer): ReadOutcome {
  const r = readBytes(abs, maxBytes, read);
  if (r.ok) return decode(r.bytes, maxBytes);
  return r.note
    ? { ok: false, message: r.message, note: r.note, data: r.data }
    : { ok: false, message: r.message };
}

/** Text from bytes: no NUL in the first 8 KB, valid UTF-8 throughout (else the line of the first bad byte), no BOM. */
export function decode(buf: Buffer, maxBytes: number, what = 'file'): ReadOutcome {
  if (buf.length > maxBytes) {
    return {
      ok: false,
      ...(what === 'file'
        ? tooLarge(buf.length, maxBytes)
        : withText('message', 'stdinTooLarge', { max: mb(maxBytes) })),
    };
  }
  const head = buf.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, ...withText('message', 'binaryFile') };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const at = firstInvalidUtf8(buf);
    const line = lineAt(buf, at);
    // in the first 8 KB the whole file is another encoding (line 1); later, say where
    return at < 8192
      ? { ok: false, ...withText('message', 'notUtf8') }
      : {
          ok: false,
          ...withText('message', 'notUtf8At', {
            byte: `0x${(buf[at] ?? 0).toString(16).padStart(2, '0')}`,
            line,
          }),
          line,
        };
  }
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c < 0xc2 || c > 0xf4) return i;
    // continuation bytes after the lead byte, and the smallest code point that needs that many
    const n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    const min = n === 3 ? 0x10000 : n === 2 ? 0x800 : 0x80;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = buf.indexOf(10); i !== -1 && i < offset; i = buf.indexOf(10, i + 1)) line++;
  return line;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function tooLarge(size: number, max: number) {
  return withText('message', 'fileTooLarge', { size: mb(size), max: mb(max) });
}

export function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
}

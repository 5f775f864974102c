/**
 * Escaping for the text-based reports. Scanned files are untrusted: a container name or an
 * annotation can hold anything, and must neither break the report's syntax nor inject markup.
 */

/**
 * Everything XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) plus
 * DEL and the C1 controls, which XML allows but terminals and CI viewers mangle.
 */
const CONTROL = /[^\t\n\r\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripControl(s: string): string {
  return s.replace(CONTROL, '');
}

const XML_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const XML_ATTR: Record<string, string> = {
  ...XML_TEXT,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

/** Character data: markup characters as entities; CR kept as a reference so parsers do not fold it. */
export function xmlText(s: string): string {
  return stripControl(s).replace(/[&<>\r]/g, (c) => XML_TEXT[c]!);
}

/** A double- or single-quoted attribute value; whitespace as references so it survives normalisation. */
export function xmlAttr(s: string): string {
  return stripControl(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ATTR[c]!);
}

/**
 * Inline text in GitHub-flavoured Markdown, e.g. a table cell: no markup from the input survives
 * (emphasis, links and images, HTML, code spans, strikethrough, math, pipes), line breaks become
 * `<br>`, and `@name` cannot ping a user. Block syntax (`#`, `-`, `1.`) cannot start inside a cell.
 */
export function markdownCell(s: string): string {
  return stripControl(s)
    .replace(/[\\`*_[\]<>|~$&]/g, (c) =>
      c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`,
    )
    .replace(/@/g, '@\u2060')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * C0 and C1 controls, DEL, and the bidirectional controls (LRM/RLM, ALM, the embeddings and
 * overrides U+202A–U+202E, the isolates U+2066–U+2069): what a terminal acts on (clear screen,
 * OSC 52 clipboard writes, OSC 8 links, BEL, CR overwriting a line) or what reorders the text
 * shown (Trojan Source). Line breaks too: one field never spans lines.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding controls is the point
const TERMINAL_UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, but keeping line feeds and tabs: for whole texts hako wrote itself (rule docs). */
const TERMINAL_UNSAFE_KEEP_LINES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding controls is the point
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** A value from a scanned file, for a terminal: every control shown as a visible escape (`\x1b`, `\u202e`). */
export function termSafe(s: string): string {
  return s.replace(TERMINAL_UNSAFE, visible);
}

/** A multi-line text for a terminal: controls escaped, line feeds and tabs kept. */
export function termSafeLines(s: string): string {
  return s.replace(TERMINAL_UNSAFE_KEEP_LINES, visible);
}

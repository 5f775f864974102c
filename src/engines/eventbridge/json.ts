/**
 * JSON values as the EventBridge engine sees them. EventBridge compares exact number values by their
 * string representation (`300`, `300.0` and `3.0e2` differ), while Event Ruler 2.x compares them
 * numerically (facts C1 of /work/shared/domain/iam-and-eventbridge.md, `[eb:eb-event-patterns]`,
 * `[ruler-obs]`). `JSON.parse` loses that text, so `parseJsonText` keeps a number whose text is not
 * the canonical JavaScript form as a `NumLit`. Duplicate keys: the last one wins
 * (`[eb:eb-event-patterns-content-based-filtering]`).
 */
import { parse, type ValueNode } from '@humanwhocodes/momoa';

/** A JSON number with its source text, kept only when the text is not `String(value)`. */
export class NumLit {
  constructor(
    readonly value: number,
    readonly raw: string,
  ) {}
  toJSON(): number {
    return this.value;
  }
}

export type Rec = Record<string, unknown>;

export function isRecord(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof NumLit);
}

export function isNumber(v: unknown): v is number | NumLit {
  return (typeof v === 'number' && Number.isFinite(v)) || v instanceof NumLit;
}

export function numValue(v: number | NumLit): number {
  return typeof v === 'number' ? v : v.value;
}

/** The text EventBridge compares: the source text when known, else the canonical form. */
export function numText(v: number | NumLit): string {
  return typeof v === 'number' ? String(v) : v.raw;
}

/** Short display of a JSON value for messages. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v instanceof NumLit) return v.raw;
  return JSON.stringify(v) ?? String(v);
}

function convert(node: ValueNode, text: string): unknown {
  switch (node.type) {
    case 'Object':
      return Object.fromEntries(node.members.map((m) => [nameOf(m.name), convert(m.value, text)]));
    case 'Array':
      return node.elements.map((e) => convert(e.value, text));
    case 'Number': {
      const raw = text.slice(node.loc.start.offset, node.loc.end.offset);
      return raw === String(node.value) ? node.value : new NumLit(node.value, raw);
    }
    case 'String':
    case 'Boolean':
      return node.value;
    case 'Null':
      return null;
    default:
      throw new Error(`unsupported JSON value ${node.type}`);
  }
}

function nameOf(n: { type: string; value?: string; name?: string }): string {
  return n.value ?? n.name ?? '';
}

/** Parses strict JSON text, keeping number literals (see the header). Throws on invalid JSON. */
export function parseJsonText(text: string): unknown {
  return convert(parse(text, { mode: 'json' }).body, text);
}

function walkDuplicates(node: ValueNode, path: string, out: string[]): void {
  if (node.type === 'Array') {
    node.elements.forEach((e, i) => {
      walkDuplicates(e.value, `${path}[${i}]`, out);
    });
  } else if (node.type === 'Object') {
    const seen = new Set<string>();
    for (const m of node.members) {
      const key = nameOf(m.name);
      const here = path ? `${path}.${key}` : key;
      if (seen.has(key)) out.push(here);
      seen.add(key);
      walkDuplicates(m.value, here, out);
    }
  }
}

/** Paths of keys that appear more than once in their object (the last one wins). */
export function duplicateKeyPaths(text: string): string[] {
  const out: string[] = [];
  walkDuplicates(parse(text, { mode: 'json' }).body, '', out);
  return out;
}

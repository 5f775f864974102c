/**
 * Patches on a JSON text, as text edits computed from momoa's node ranges: members are added after
 * the last member in the object's own layout (one line, or one member per line with the same
 * indentation), everything else stays byte for byte.
 */
import {
  isAppend,
  lineIndent,
  newlineOf,
  type Patch,
  type PatchValue,
  Refused,
  type TextEdit,
} from './edits.js';

export interface JNode {
  type: string;
  range: [number, number];
  loc: { start: { line: number }; end: { line: number } };
  value?: unknown;
  members?: { name: JNode; value: JNode; range: [number, number] }[];
  elements?: { value: JNode }[];
}

export function patchJson(text: string, node: JNode, patch: Patch): TextEdit[] {
  const edits: TextEdit[] = [];
  walk(text, node, patch, edits);
  return edits;
}

function walk(text: string, node: JNode, patch: Patch, edits: TextEdit[]): void {
  if (node.type === 'Array') {
    for (const [k, v] of Object.entries(patch)) {
      const item = node.elements?.[Number(k)]?.value;
      if (item === undefined || typeof v !== 'object' || isAppend(v)) throw new Refused('shape');
      walk(text, item, v, edits);
    }
    return;
  }
  if (node.type !== 'Object') throw new Refused('shape');
  const members = node.members ?? [];
  const absent: [string, PatchValue][] = [];
  for (const [k, v] of Object.entries(patch)) {
    // the last of duplicate keys wins, as in JSON.parse
    const m = members.filter((x) => x.name.value === k).at(-1);
    if (!m) {
      absent.push([k, v]);
      continue;
    }
    if (isAppend(v)) {
      if (m.value.type !== 'Array') throw new Refused('shape');
      const have = new Set((m.value.elements ?? []).map((e) => e.value.value));
      const add = v.$append.filter((s) => !have.has(s));
      if (add.length > 0) edits.push(appendArray(text, m.value, add));
    } else if (typeof v === 'object') walk(text, m.value, v, edits);
    else if (m.value.value !== v || !['String', 'Boolean', 'Number'].includes(m.value.type)) {
      if (m.value.type === 'Object' || m.value.type === 'Array') throw new Refused('shape');
      edits.push({ start: m.value.range[0], end: m.value.range[1], text: JSON.stringify(v) });
    }
  }
  if (absent.length === 0) return;
  const body = absent.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`);
  const last = members.at(-1);
  if (!last) {
    edits.push({ start: node.range[0], end: node.range[1], text: `{ ${body.join(', ')} }` });
    return;
  }
  const end = last.value.range[1];
  if (node.loc.start.line === last.value.loc.end.line) {
    edits.push({ start: end, end, text: body.map((b) => `, ${b}`).join('') });
    return;
  }
  const nl = newlineOf(text);
  const indent = lineIndent(text, last.name.range[0]);
  edits.push({ start: end, end, text: body.map((b) => `,${nl}${indent}${b}`).join('') });
}

function appendArray(text: string, node: JNode, items: string[]): TextEdit {
  const els = node.elements ?? [];
  const last = els.at(-1)?.value;
  if (!last)
    return {
      start: node.range[0],
      end: node.range[1],
      text: `[${items.map((i) => JSON.stringify(i)).join(', ')}]`,
    };
  const end = last.range[1];
  if (node.loc.start.line === last.loc.end.line)
    return { start: end, end, text: items.map((i) => `, ${JSON.stringify(i)}`).join('') };
  const nl = newlineOf(text);
  const indent = lineIndent(text, last.range[0]);
  return { start: end, end, text: items.map((i) => `,${nl}${indent}${JSON.stringify(i)}`).join('') };
}

function inline(v: PatchValue): string {
  if (isAppend(v)) return `[${v.$append.map((i) => JSON.stringify(i)).join(', ')}]`;
  if (typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
      .join(', ')} }`;
  return JSON.stringify(v);
}

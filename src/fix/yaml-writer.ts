/**
 * Patches on a YAML document, as text edits computed from the `yaml` library's node ranges: only
 * the lines that receive a key are new, nothing else is re-serialised (comments, quoting, flow or
 * block style and indentation stay as written). Anchored, aliased or merged (`<<`) nodes are
 * refused: an edit there would also change every other place that shares them.
 */
import { isAlias, isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq, type Node as YNode } from 'yaml';
import {
  backOverSpace,
  endOfLine,
  isAppend,
  lineIndent,
  newlineOf,
  type Patch,
  type PatchValue,
  Refused,
  type TextEdit,
} from './edits.js';

export function patchYaml(text: string, node: unknown, patch: Patch): TextEdit[] {
  const edits: TextEdit[] = [];
  walk(text, node, patch, edits);
  return edits;
}

/** `<<` as the yaml library composes it with `merge: true` (a symbol) or without (a string). */
function isMergeKey(k: unknown): boolean {
  const v = isScalar(k) ? k.value : k;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

function shared(node: unknown): boolean {
  return isAlias(node) || ((isMap(node) || isSeq(node) || isScalar(node)) && Boolean(node.anchor));
}

function walk(text: string, node: unknown, patch: Patch, edits: TextEdit[]): void {
  if (shared(node)) throw new Refused('anchor');
  if (isSeq(node)) {
    for (const [k, v] of Object.entries(patch)) {
      const item = node.items[Number(k)];
      if (item === undefined || typeof v !== 'object' || isAppend(v)) throw new Refused('shape');
      walk(text, item, v, edits);
    }
    return;
  }
  if (!isMap(node)) throw new Refused('shape');
  const map = node as YAMLMap<unknown, unknown>;
  if (map.items.some((p) => isMergeKey(p.key))) throw new Refused('merge');
  const absent: [string, PatchValue][] = [];
  for (const [k, v] of Object.entries(patch)) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === k);
    if (!pair) {
      absent.push([k, v]);
      continue;
    }
    const value = pair.value as YNode | null;
    if (shared(value)) throw new Refused('anchor');
    if (isAppend(v)) {
      if (!isSeq(value)) throw new Refused('shape');
      const have = new Set(value.items.map((i) => (isScalar(i) ? String(i.value) : undefined)));
      const add = v.$append.filter((s) => !have.has(s));
      if (add.length > 0) edits.push(appendSeq(text, value, add));
    } else if (typeof v === 'object') {
      walk(text, value, v, edits);
    } else {
      if (!isScalar(value) || !value.range || typeof value.value === 'object') throw new Refused('shape');
      if (value.value !== v) edits.push({ start: value.range[0], end: value.range[1], text: scalar(v) });
    }
  }
  if (absent.length > 0) edits.push(insertIntoMap(text, map, absent));
}

function insertIntoMap(
  text: string,
  map: YAMLMap<unknown, unknown>,
  entries: [string, PatchValue][],
): TextEdit {
  const range = map.range;
  if (!range) throw new Refused('shape');
  if (map.flow) {
    const close = backOverSpace(text, range[1]) - 1;
    if (text[close] !== '}') throw new Refused('shape');
    const body = entries.map(([k, v]) => `${key(k)}: ${flow(v)}`).join(', ');
    const last = map.items.at(-1);
    if (!last) return { start: close, end: close, text: body };
    const end = ((last.value ?? last.key) as YNode).range?.[1];
    if (end === undefined) throw new Refused('shape');
    return { start: end, end, text: `, ${body}` };
  }
  const first = map.items[0]?.key as YNode | undefined;
  const last = map.items.at(-1);
  const firstAt = first?.range?.[0];
  const lastEnd = ((last?.value ?? last?.key) as YNode | undefined)?.range?.[1];
  if (firstAt === undefined || lastEnd === undefined) throw new Refused('shape');
  const column = firstAt - (text.lastIndexOf('\n', firstAt - 1) + 1);
  const nl = newlineOf(text);
  const at = endOfLine(text, backOverSpace(text, lastEnd));
  const lead = at === text.length && !text.endsWith('\n') ? nl : '';
  return { start: at, end: at, text: lead + block(entries, ' '.repeat(column), nl) };
}

function appendSeq(text: string, seq: YAMLSeq<unknown>, items: string[]): TextEdit {
  const range = seq.range;
  if (!range) throw new Refused('shape');
  const last = seq.items.at(-1) as YNode | undefined;
  if (seq.flow) {
    if (!last) {
      const close = backOverSpace(text, range[1]) - 1;
      if (text[close] !== ']') throw new Refused('shape');
      return { start: close, end: close, text: items.map(scalar).join(', ') };
    }
    const end = last.range?.[1];
    if (end === undefined) throw new Refused('shape');
    return { start: end, end, text: items.map((i) => `, ${scalar(i)}`).join('') };
  }
  const lastAt = last?.range;
  if (!lastAt) throw new Refused('shape');
  const nl = newlineOf(text);
  const indent = lineIndent(text, lastAt[0]);
  const at = endOfLine(text, backOverSpace(text, lastAt[1]));
  const lead = at === text.length && !text.endsWith('\n') ? nl : '';
  return { start: at, end: at, text: lead + items.map((i) => `${indent}- ${scalar(i)}${nl}`).join('') };
}

function block(entries: [string, PatchValue][], pad: string, nl: string): string {
  return entries
    .map(([k, v]) =>
      typeof v === 'object' && !isAppend(v)
        ? `${pad}${key(k)}:${nl}${block(Object.entries(v), `${pad}  `, nl)}`
        : `${pad}${key(k)}: ${flow(v)}${nl}`,
    )
    .join('');
}

function flow(v: PatchValue): string {
  if (isAppend(v)) return `[${v.$append.map(scalar).join(', ')}]`;
  if (typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${key(k)}: ${flow(x)}`)
      .join(', ')} }`;
  return scalar(v);
}

function key(k: string): string {
  return /^[A-Za-z][A-Za-z0-9_.-]*$/.test(k) ? k : JSON.stringify(k);
}

/** Booleans and numbers plain; a string plain only when YAML 1.1 cannot read it as anything else. */
function scalar(v: string | boolean | number): string {
  if (typeof v !== 'string') return String(v);
  const plainish = /^[A-Za-z][A-Za-z0-9_]*$/.test(v);
  const special =
    /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
  return plainish && !special.test(v) ? v : JSON.stringify(v);
}

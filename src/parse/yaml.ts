/**
 * YAML (Kubernetes manifests, CloudFormation templates, config) into positioned trees, one per
 * document, with the `yaml` library's own positions. Parsed as YAML 1.1 with merge keys, as
 * kubectl (sigs.k8s.io/yaml over go-yaml) does, so `yes`/`on` are booleans there too.
 * Aliases are expanded with a node budget so an alias bomb becomes an error, never a hang.
 * Documents nested deeper than MAX_NESTING_DEPTH are refused before the `yaml` composer (which
 * recurses) sees them: a stack overflow there is caught by the library, but it can leave V8's
 * regular-expression compiler broken so that the next file kills the process.
 */

import type { CST, Document, Node as YNode } from 'yaml';
import { type Alias, Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import { type NoteData, type NoteId, withText } from '../notes.js';
import type { Src } from '../source.js';
import {
  type AliasBudget,
  currentAliasBudget,
  escapePointer,
  MAX_ALIAS_NODES_PER_DOC,
  MAX_ALIAS_NODES_PER_FILE,
  MAX_NESTING_DEPTH,
  MAX_NODES_PER_DOC,
  type ParseError,
  type ParseResult,
} from './common.js';
import type { MapEntry, Node, Scalar } from './tree.js';
import { parseYamlFast } from './yaml-fast.js';

function isMergeKey(v: unknown): boolean {
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

class Budget extends Error {
  constructor(
    readonly why: 'nodes' | 'aliases' | 'file-aliases' | 'scan-aliases' | 'depth' | 'no-anchor',
    /** The alias being expanded (outermost) or, for `no-anchor`, the alias that names no anchor. */
    readonly alias?: Alias,
  ) {
    super(why);
  }
}

/**
 * `budget`: the alias budget shared by the files of one scan (default: the scan being read, see
 * `withAliasBudget`, or a fresh one).
 *
 * Files in the block-style subset manifests are written in go through the fast scanner
 * (./yaml-fast.ts), which gives the same result as the exact path or gives up on the whole file;
 * everything else (and any file with custom tags, i.e. CloudFormation) takes the exact path.
 */
export function parseYaml(
  file: string,
  text: string,
  opts: { customTags?: unknown[]; budget?: AliasBudget } = {},
): ParseResult {
  if (opts.customTags === undefined) {
    const fast = parseYamlFast(file, text);
    if (fast) return fast;
  }
  return parseYamlExact(file, text, opts);
}

/** The exact path: the `yaml` library's Parser + Composer for every file (tests compare both). */
export function parseYamlExact(
  file: string,
  text: string,
  opts: { customTags?: unknown[]; budget?: AliasBudget } = {},
): ParseResult {
  const budget = opts.budget ?? currentAliasBudget();
  // nodes built by alias expansion in all documents of this file
  let fileAliasCount = 0;
  // documents refused because the alias budget of the file or scan was spent
  let spent: { more: number[] } | undefined;
  const lineCounter = new LineCounter();
  const composer = new Composer({
    version: '1.1',
    merge: true,
    uniqueKeys: false,
    // biome-ignore lint/suspicious/noExplicitAny: the yaml library types custom tags loosely
    customTags: opts.customTags as any,
  });
  // Too-deep documents reach the composer with their contents removed (so document indexes stay
  // right) and are reported here, at the line where the nesting limit is crossed.
  const tooDeep = new Map<number, number>();
  let docIndex = 0;
  const tokens = function* (): Generator<CST.Token> {
    for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
      if (token.type !== 'document') {
        yield token;
        continue;
      }
      const deepAt = offsetBeyondDepth(token, MAX_NESTING_DEPTH);
      if (deepAt !== undefined) {
        tooDeep.set(docIndex, deepAt);
        yield { ...token, value: undefined };
      } else yield token;
      docIndex++;
    }
  };
  const list = Array.from(composer.compose(tokens()));
  const result: ParseResult = { docs: [], errors: [] };
  if (list.length === 0) {
    for (const e of composer.streamInfo().errors.slice(0, 3)) {
      const pos = lineCounter.linePos(e.pos[0]);
      result.errors.push({
        ...errorAt(file, pos.line, pos.col, ''),
        ...withText('message', 'yamlError', { detail: firstLine(e.message) }),
      });
    }
  }
  const srcOf = (range: readonly number[] | null | undefined, pointer: string): Src => {
    const start = lineCounter.linePos(range?.[0] ?? 0);
    const end = lineCounter.linePos(range?.[1] ?? range?.[0] ?? 0);
    return {
      file,
      startLine: start.line,
      startColumn: start.col,
      endLine: end.line,
      endColumn: end.col,
      pointer,
    };
  };
  list.forEach((doc, index) => {
    const deepAt = tooDeep.get(index);
    if (deepAt !== undefined) {
      const pos = lineCounter.linePos(deepAt);
      result.errors.push({
        file,
        line: pos.line,
        column: pos.col,
        ...withText('message', 'yamlTooDeep', { index, max: MAX_NESTING_DEPTH }),
      });
      return;
    }
    const errs = doc.errors;
    if (errs.length > 0) {
      const which = list.length > 1 ? ` document ${index}` : '';
      for (const e of errs.slice(0, 3)) {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        result.errors.push({
          ...errorAt(file, pos.line, pos.col, ''),
          ...(which === ''
            ? withText('message', 'yamlError', { detail: firstLine(e.message) })
            : withText('message', 'yamlDocumentError', { index, detail: firstLine(e.message) })),
        });
      }
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    let count = 0;
    // nodes built again for each alias that refers to them: an alias bomb runs this up quickly
    let aliasCount = 0;
    let inAlias = 0;
    let outer: Alias | undefined;
    const targets = new Map<Alias, YNode | undefined>();
    const build = (n: unknown, pointer: string, depth: number): Node => {
      if (++count > MAX_NODES_PER_DOC) throw new Budget('nodes', outer);
      if (inAlias > 0) {
        if (++aliasCount > MAX_ALIAS_NODES_PER_DOC) throw new Budget('aliases', outer);
        if (++fileAliasCount > MAX_ALIAS_NODES_PER_FILE) throw new Budget('file-aliases', outer);
        if (++budget.used > budget.limit) throw new Budget('scan-aliases', outer);
      }
      if (depth > MAX_NESTING_DEPTH * 4) throw new Budget('depth', outer);
      if (isAlias(n)) {
        const alias = n as Alias;
        // Alias.resolve walks the whole document: once per alias node, not once per expansion.
        // It finds only an anchor of this document written before the alias; anything else is a
        // YAML error (kubectl and PyYAML refuse the document), never a null.
        if (!targets.has(alias)) targets.set(alias, alias.resolve(doc as Document) as YNode | undefined);
        const target = targets.get(alias);
        if (!target) throw new Budget('no-anchor', alias);
        if (inAlias === 0) outer = alias;
        inAlias++;
        try {
          return build(target, pointer, depth + 1);
        } finally {
          inAlias--;
          if (inAlias === 0) outer = undefined;
        }
      }
      if (isMap(n)) {
        const entries: MapEntry[] = [];
        const merged: MapEntry[] = [];
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const k = pair.key as YNode | null;
          // With `merge: true` the library reads a plain `<<` key as Symbol('<<').
          if (isScalar(k) && isMergeKey(k.value) && pair.value) {
            const from = build(pair.value, pointer, depth + 1);
            for (const s of from.kind === 'seq' ? from.items : [from])
              if (s.kind === 'map') merged.push(...s.entries);
            continue;
          }
          const keyVal = isScalar(k) ? String(k.value) : k ? String(k) : '';
          const childPtr = `${pointer}/${escapePointer(keyVal)}`;
          const keySrc = srcOf(k?.range, childPtr);
          const value = pair.value
            ? build(pair.value, childPtr, depth + 1)
            : ({ kind: 'scalar', value: null, src: keySrc } as Node);
          entries.push({ key: keyVal, keySrc, value });
        }
        // Merged keys fill in what the map does not set itself; of several merged maps the
        // earlier one wins (yaml.org/type/merge). One entry per key, as a loader's map has.
        const set = new Set(entries.map((e) => e.key));
        const fill: MapEntry[] = [];
        for (const e of merged) {
          if (set.has(e.key)) continue;
          set.add(e.key);
          fill.push(e);
        }
        const map: Node = { kind: 'map', entries: [...fill, ...entries], src: srcOf(n.range, pointer) };
        if (n.tag && !n.tag.startsWith('tag:yaml.org')) map.tag = n.tag;
        return map;
      }
      if (isSeq(n)) {
        const seq: Node = {
          kind: 'seq',
          items: n.items.map((it, i) => build(it, `${pointer}/${i}`, depth + 1)),
          src: srcOf(n.range, pointer),
        };
        if (n.tag && !n.tag.startsWith('tag:yaml.org')) seq.tag = n.tag;
        return seq;
      }
      if (isScalar(n)) {
        const v = n.value;
        const value: Scalar =
          v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
            ? v
            : v instanceof Date
              ? (n.source ?? v.toISOString())
              : typeof v === 'bigint'
                ? Number(v)
                : String(v);
        const node: Node = { kind: 'scalar', value, src: srcOf(n.range, pointer) };
        if (n.tag && !n.tag.startsWith('tag:yaml.org')) node.tag = n.tag;
        return node;
      }
      // custom-tagged collections (CloudFormation short forms) fall through here
      return { kind: 'scalar', value: null, src: srcOf(null, pointer) };
    };
    try {
      result.docs.push({ index, node: build(doc.contents, '', 0) });
    } catch (e) {
      if (!(e instanceof Budget)) throw e;
      // at the alias whose expansion crossed the bound (the document's start when none)
      const pos = lineCounter.linePos(e.alias?.range?.[0] ?? doc.range[0]);
      // once the file's or the scan's budget is spent, every later document with an alias fails the
      // same way: the first says why, one more error names the rest
      if (e.why === 'file-aliases' || e.why === 'scan-aliases') {
        if (spent) {
          spent.more.push(index);
          return;
        }
        spent = { more: [] };
      }
      result.errors.push({
        ...errorAt(file, pos.line, pos.col, ''),
        ...withText('message', ...budgetNote(e, index, budget)),
      });
    }
  });
  if (spent && spent.more.length > 0) {
    const first = spent.more[0]!;
    const pos = lineCounter.linePos(list[first]!.range[0]);
    const n = spent.more.length;
    result.errors.push({
      ...errorAt(file, pos.line, pos.col, ''),
      ...(n === 1
        ? withText('message', 'yamlAliasSpentOne', { index: first })
        : withText('message', 'yamlAliasSpentMore', { count: n, first, last: spent.more[n - 1]! })),
    });
  }
  return result;
}

/** The note saying why a document's alias expansion stopped. */
function budgetNote(e: Budget, index: number, budget: AliasBudget): [NoteId, NoteData] {
  switch (e.why) {
    case 'no-anchor':
      return ['yamlAliasNoAnchor', { index, alias: e.alias?.source ?? '' }];
    case 'aliases':
      return ['yamlAliasBomb', { index, max: MAX_ALIAS_NODES_PER_DOC }];
    case 'file-aliases':
      return ['yamlFileAliasBomb', { index, max: MAX_ALIAS_NODES_PER_FILE }];
    case 'scan-aliases':
      return ['yamlScanAliasBomb', { index, max: budget.limit }];
    case 'depth':
      return ['yamlAliasTooDeep', { index, max: MAX_NESTING_DEPTH * 4 }];
    case 'nodes':
      return ['yamlTooManyNodes', { index, max: MAX_NODES_PER_DOC }];
  }
}

/**
 * The offset where a CST document first nests collections more than `max` deep, walking the
 * tree with an explicit stack (the point is never to recurse deeply).
 */
function offsetBeyondDepth(doc: CST.Document, max: number): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = doc.value ? [{ token: doc.value, depth: 1 }] : [];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection')
      continue;
    if (depth > max) return token.offset;
    for (const item of token.items) {
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return undefined;
}

function errorAt(file: string, line: number, column: number, message: string): ParseError {
  return { file, line, column, message };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

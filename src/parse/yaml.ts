/**
 * YAML (Kubernetes manifests, CloudFormation templates, config) into positioned trees, one per
 * document, with the `yaml` library's own positions. Parsed as YAML 1.1 with merge keys, as
 * kubectl (sigs.k8s.io/yaml over go-yaml) does, so `yes`/`on` are booleans there too.
 * Aliases are expanded with a node budget so an alias bomb becomes an error, never a hang.
 */

import type { Document, Node as YNode } from 'yaml';
import { type Alias, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Src } from '../model/source.js';
import { escapePointer, MAX_NODES_PER_DOC, type ParseError, type ParseResult } from './common.js';
import type { MapEntry, Node, Scalar } from './tree.js';

class Budget extends Error {}

export function parseYaml(file: string, text: string, opts: { customTags?: unknown[] } = {}): ParseResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter,
    version: '1.1',
    merge: true,
    uniqueKeys: false,
    prettyErrors: false,
    // biome-ignore lint/suspicious/noExplicitAny: the yaml library types custom tags loosely
    customTags: opts.customTags as any,
  });
  const list = Array.isArray(docs) ? docs : [docs];
  const result: ParseResult = { docs: [], errors: [] };
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
    const errs = doc.errors;
    if (errs.length > 0) {
      for (const e of errs.slice(0, 3)) {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        result.errors.push(errorAt(file, pos.line, pos.col, `YAML: ${firstLine(e.message)}`));
      }
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    let count = 0;
    const build = (n: unknown, pointer: string, depth: number): Node => {
      if (++count > MAX_NODES_PER_DOC || depth > 1000) throw new Budget();
      if (isAlias(n)) {
        const target = (n as Alias).resolve(doc as Document);
        if (!target) return { kind: 'scalar', value: null, src: srcOf((n as Alias).range, pointer) };
        return build(target, pointer, depth + 1);
      }
      if (isMap(n)) {
        const entries: MapEntry[] = [];
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const k = pair.key as YNode | null;
          const keyVal = isScalar(k) ? String(k.value) : k ? String(k) : '';
          if (keyVal === '<<' && pair.value) {
            // merge key: copy entries of the merged map(s) that are not set locally
            const merged = build(pair.value, pointer, depth + 1);
            const sources = merged.kind === 'seq' ? merged.items : [merged];
            for (const s of sources) if (s.kind === 'map') entries.unshift(...s.entries);
            continue;
          }
          const childPtr = `${pointer}/${escapePointer(keyVal)}`;
          const keySrc = srcOf(k?.range, childPtr);
          const value = pair.value
            ? build(pair.value, childPtr, depth + 1)
            : ({ kind: 'scalar', value: null, src: keySrc } as Node);
          entries.push({ key: keyVal, keySrc, value });
        }
        return { kind: 'map', entries, src: srcOf(n.range, pointer) };
      }
      if (isSeq(n)) {
        return {
          kind: 'seq',
          items: n.items.map((it, i) => build(it, `${pointer}/${i}`, depth + 1)),
          src: srcOf(n.range, pointer),
        };
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
      const pos = lineCounter.linePos(doc.range[0]);
      result.errors.push(
        errorAt(
          file,
          pos.line,
          pos.col,
          `YAML document ${index} expands to more than ${MAX_NODES_PER_DOC} nodes (alias bomb or pathological nesting); not scanned`,
        ),
      );
    }
  });
  return result;
}

function errorAt(file: string, line: number, column: number, message: string): ParseError {
  return { file, line, column, message };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/**
 * Kubernetes documents (YAML or JSON; `List` kinds expanded) into K8sObjects, with their
 * `hako.dev/ignore` suppression annotations.
 */
import type { K8sObject } from '../../model/k8s/object.js';
import type { InlineSuppression } from '../../model/resource.js';
import type { ParseError } from '../../parse/common.js';
import { at, entry, isMap, items, type Node, scalarString, setOwn } from '../../parse/tree.js';
import { unknownKindReason } from './kinds.js';

export const IGNORE_ANNOTATION = 'hako.dev/ignore';

export function looksLikeK8s(n: Node): boolean {
  return (
    isMap(n) && scalarString(at(n, 'kind')) !== undefined && scalarString(at(n, 'apiVersion')) !== undefined
  );
}

function stringMap(n: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (isMap(n))
    for (const e of n.entries)
      setOwn(out, e.key, scalarString(e.value) ?? String((e.value as { value?: unknown }).value ?? ''));
  return out;
}

/** Parses `"ECS-003,K8S-012: reason"`. */
export function parseIgnore(text: string): { rules: string[]; reason: string } {
  const i = text.indexOf(':');
  const ids = i < 0 ? text : text.slice(0, i);
  return {
    rules: ids
      .split(/[,\s]+/)
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
    reason: i < 0 ? '' : text.slice(i + 1).trim(),
  };
}

export function adaptK8sDocument(node: Node, index: number, file: string, errors: ParseError[]): K8sObject[] {
  const kind = scalarString(at(node, 'kind')) ?? '';
  const apiVersion = scalarString(at(node, 'apiVersion')) ?? '';
  if (kind.endsWith('List') && (apiVersion === 'v1' || apiVersion === '')) {
    return items(at(node, 'items')).flatMap((item) =>
      looksLikeK8s(item) ? adaptK8sDocument(item, index, file, errors) : [],
    );
  }
  const bad = unknownKindReason(apiVersion, kind);
  if (bad) {
    const src = entry(node, 'kind')?.value.src ?? node.src;
    errors.push({ file, line: src.startLine, column: src.startColumn, message: bad });
    return [];
  }
  const meta = at(node, 'metadata');
  const name = scalarString(at(meta, 'name')) ?? scalarString(at(meta, 'generateName')) ?? '';
  const namespace = scalarString(at(meta, 'namespace')) ?? null;
  const annotations = stringMap(at(meta, 'annotations'));
  const address = namespace === null ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
  const suppressions: InlineSuppression[] = [];
  const ann = entry(at(meta, 'annotations'), IGNORE_ANNOTATION);
  if (ann) {
    const { rules, reason } = parseIgnore(annotations[IGNORE_ANNOTATION] ?? '');
    suppressions.push({ kind: 'annotation', rules, reason, src: ann.value.src });
  }
  return [
    {
      ref: { kind, name, namespace, address },
      src: { ...node.src, resource: address },
      suppressions,
      apiVersion,
      kind,
      name,
      namespace,
      labels: stringMap(at(meta, 'labels')),
      annotations,
      index,
      node,
    },
  ];
}

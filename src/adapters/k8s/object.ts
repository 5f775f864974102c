/**
 * Kubernetes documents (YAML or JSON; `List` and typed `<Kind>List` kinds expanded) into
 * K8sObjects, with their located metadata and `hako.dev/ignore` suppression annotations. An object
 * whose kind is unknown, or whose group/version the target API server does not serve, is a
 * HAKO-001 input error (not read: never a silent pass).
 */
import {
  type FieldProblem,
  loadK8sFields,
  rootType,
  validateObject,
} from '../../engines/k8s-fields/index.js';
import type { K8sObject, ObjectMeta } from '../../model/k8s/object.js';
import type { InlineSuppression } from '../../model/resource.js';
import { defaulted, type Src, type Val } from '../../model/source.js';
import type { ParseError } from '../../parse/common.js';
import { at, entry, isMap, items, type Node, scalarString } from '../../parse/tree.js';
import { Fields, toStr } from '../fields.js';
import { isListKind, scopeOf, unknownKindNote } from './kinds.js';
import { notServedNote, targetMinor } from './served.js';

export const IGNORE_ANNOTATION = 'hako.dev/ignore';

/** What the adapter needs from the scan: the Kubernetes minor the API server runs (default latest). */
export interface K8sAdaptOptions {
  /** `1.N`, `v1.N` or `latest`. */
  k8sVersion?: string;
  /**
   * Whether to check each object's fields against the Kubernetes schema (`fieldProblems`, read
   * by HAKO-003 alone). Default true; a scan that does not run HAKO-003 passes false and its
   * objects then carry no field problems.
   */
  fields?: boolean;
}

export function looksLikeK8s(n: Node): boolean {
  return (
    isMap(n) && scalarString(at(n, 'kind')) !== undefined && scalarString(at(n, 'apiVersion')) !== undefined
  );
}

/** A map of strings as located values (a non-string scalar reads as its text). */
export function located(f: Fields): Map<string, Val<string>> {
  const out = new Map<string, Val<string>>();
  for (const e of f.map?.entries ?? []) {
    const v = toStr(e.value);
    if (v) out.set(e.key, v);
  }
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

function readMeta(node: Node, apiVersion: string, kind: string): ObjectMeta {
  const meta = Fields.of(at(node, 'metadata'), node.src);
  const labels = meta.sub('labels');
  const annotations = meta.sub('annotations');
  const scope = scopeOf(apiVersion, kind);
  const written = meta.str('namespace');
  const namespace =
    scope === 'cluster'
      ? null
      : written && written.value !== ''
        ? written
        : scope === 'namespaced'
          ? defaulted('default', meta.at)
          : null;
  return {
    name: meta.str('name') ?? meta.str('generateName') ?? defaulted('', meta.at),
    namespace,
    labels: located(labels),
    annotations: located(annotations),
    labelsSrc: labels.map ? labels.at : meta.at,
    annotationsSrc: annotations.map ? annotations.at : meta.at,
    src: meta.at,
  };
}

/**
 * An object and its positioned tree while it is adapted: the views (workload, RBAC, core,
 * NetworkPolicy) read the tree, the model keeps only what they took from it.
 */
export interface K8sDoc {
  object: K8sObject;
  node: Node;
}

/** HAKO-003's field-schema problems of an object as written (none for kinds hako does not validate). */
function fieldProblems(apiVersion: string, kind: string, node: Node): FieldProblem[] {
  const model = loadK8sFields();
  const root = rootType(model, apiVersion, kind);
  return root === undefined ? [] : validateObject(model, root, node);
}

export function adaptK8sDocument(
  node: Node,
  index: number,
  file: string,
  errors: ParseError[],
  opts: K8sAdaptOptions = {},
): K8sDoc[] {
  const kind = scalarString(at(node, 'kind')) ?? '';
  const apiVersion = scalarString(at(node, 'apiVersion')) ?? '';
  if (isListKind(apiVersion, kind)) {
    return items(at(node, 'items')).flatMap((item) =>
      looksLikeK8s(item) ? adaptK8sDocument(item, index, file, errors, opts) : [],
    );
  }
  const kindSrc: Src = entry(node, 'kind')?.value.src ?? node.src;
  const apiVersionSrc: Src = entry(node, 'apiVersion')?.value.src ?? node.src;
  const bad = unknownKindNote(apiVersion, kind);
  if (bad) {
    errors.push({ file, line: kindSrc.startLine, column: kindSrc.startColumn, ...bad });
    return [];
  }
  const notServed = notServedNote(apiVersion, kind, targetMinor(opts.k8sVersion));
  if (notServed) {
    errors.push({ file, line: apiVersionSrc.startLine, column: apiVersionSrc.startColumn, ...notServed });
    return [];
  }
  const metadata = readMeta(node, apiVersion, kind);
  const name = metadata.name.value;
  const namespace = metadata.namespace?.value ?? null;
  const plain = (m: Map<string, Val<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, v.value]));
  const annotations = plain(metadata.annotations);
  const address = namespace === null ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
  const suppressions: InlineSuppression[] = [];
  const ann = entry(at(node, 'metadata', 'annotations'), IGNORE_ANNOTATION);
  if (ann) {
    const { rules, reason } = parseIgnore(annotations[IGNORE_ANNOTATION] ?? '');
    suppressions.push({ kind: 'annotation', rules, reason, src: ann.value.src });
  }
  const namespaceAssumed = metadata.namespace?.origin === 'default';
  const object: K8sObject = {
    ref: { kind, name, namespace, address },
    src: { ...node.src, resource: address },
    suppressions,
    ...(namespaceAssumed ? { notes: [{ note: 'namespaceAssumed' as const }] } : {}),
    apiVersion,
    apiVersionSrc,
    kind,
    kindSrc,
    name,
    namespace,
    namespaceAssumed,
    labels: plain(metadata.labels),
    annotations,
    metadata,
    index,
    fieldProblems: opts.fields === false ? [] : fieldProblems(apiVersion, kind, node),
  };
  return [{ object, node }];
}

/**
 * Validates a positioned Kubernetes object against the field model, as the API server decodes it
 * under strict field validation (`kubectl apply --validate=strict`, kubectl's default; server-side
 * since Kubernetes 1.25, GA in 1.27):
 *
 * - An unknown field (`readOnlyRootFileSystem`, `runAsNonroot`, `privileged` in the pod's
 *   securityContext, a `tmpfs` volume source) is rejected ("strict decoding error: unknown
 *   field"); with validation off it is silently dropped, so the setting is absent.
 * - A field written twice in one object is rejected ("duplicate field"); otherwise the last wins.
 * - Kind mismatches JSON decoding rejects: an object where a list belongs or the reverse, a scalar
 *   for either; a number or boolean where a string belongs (`value: 8080` in `env`, an unquoted
 *   `true` annotation: "cannot unmarshal number into Go struct field ... of type string"), a
 *   string or boolean where a number belongs, anything but true/false for a boolean. Quantities
 *   take strings and numbers; int-or-string fields take anything. These fail in every validation
 *   mode (the JSON decoder rejects them), not only in strict mode.
 * - `null` is accepted everywhere (it means "not set"); unresolved values are never reported.
 *
 * Keys of free maps (labels, annotations, nodeSelector, resource lists) are not field names and
 * are never reported; only their values' types are. Keys starting with `$` are strategic-merge-patch
 * directives (`$patch: delete`, `$setElementOrder/containers`) that kustomize patch files carry:
 * they are not fields, and not reported either.
 */
import type { Src } from '../../model/source.js';
import type { Note, NoteId } from '../../notes.js';
import { escapePointer } from '../../parse/common.js';
import type { MapEntry, MapNode, Node } from '../../parse/tree.js';
import { didYouMean } from '../shape/index.js';
import { displayName, type FieldsModel, type FieldType, type ScalarName } from './model.js';

export type FieldProblemKind = 'unknown-field' | 'duplicate-field' | 'wrong-type';

export interface FieldProblem {
  kind: FieldProblemKind;
  /** JSON pointer relative to the validated node, e.g. `/spec/template/spec/containers/0/securityContext/readOnlyRootFileSystem`. */
  path: string;
  /** kubectl's spelling of the path, e.g. `spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem`. */
  field: string;
  /** The key as written (unknown and duplicate fields). */
  name?: string;
  /** Kubernetes name of the type the key was looked up in, e.g. `SecurityContext`. */
  type: string;
  /** The key for unknown and duplicate fields, the value for wrong types. */
  src: Src;
  /**
   * The likely intended text: a field name (unknown-field), or a JSON literal to put in place of
   * the value (wrong-type, e.g. `"8080"` for `8080`).
   */
  suggestion?: string;
  /**
   * Unknown fields that belong to another type: where `suggestion` is a field, a note worded in each
   * language (`SecurityContext (containers[].securityContext)`).
   */
  home?: Note;
  /** Wrong types: what the field takes and what is written, as type words (`string`, `integer`, `list`) in each language. */
  expected?: Note;
  actual?: Note;
}

type Segment = string | number;

/**
 * Where a field unknown in one type usually belongs: the types people confuse it with, and how to
 * reach them (a note, so the words are in the scan's language). A key found there (exactly or by
 * did-you-mean) is reported as misplaced.
 */
const at = (type: string, path: string): Note => ({ note: 'fieldHome', data: { type, path } });
const POD_SPEC = at('PodSpec', 'template.spec');
const CONTAINER_SC = at('SecurityContext', 'containers[].securityContext');
const SC = at('SecurityContext', 'securityContext');
const THE_POD_SPEC: Note = { note: 'fieldHomePodSpec', data: { type: 'PodSpec' } };
const META = at('ObjectMeta', 'metadata');
const HOMES: Record<string, readonly (readonly [string, Note])[]> = {
  V1PodSecurityContext: [['V1SecurityContext', CONTAINER_SC]],
  V1SecurityContext: [
    ['V1PodSecurityContext', { note: 'fieldHomePodSecurityContext', data: { type: 'PodSecurityContext' } }],
  ],
  V1PodSpec: [
    ['V1Container', at('Container', 'containers[]')],
    ['V1SecurityContext', CONTAINER_SC],
    ['V1PodSecurityContext', at('PodSecurityContext', 'securityContext')],
  ],
  V1Container: [
    ['V1SecurityContext', SC],
    ['V1PodSpec', THE_POD_SPEC],
  ],
  V1EphemeralContainer: [
    ['V1SecurityContext', SC],
    ['V1PodSpec', THE_POD_SPEC],
  ],
  V1PodTemplateSpec: [['V1PodSpec', at('PodSpec', 'spec')]],
  V1DeploymentSpec: [['V1PodSpec', POD_SPEC]],
  V1StatefulSetSpec: [['V1PodSpec', POD_SPEC]],
  V1DaemonSetSpec: [['V1PodSpec', POD_SPEC]],
  V1ReplicaSetSpec: [['V1PodSpec', POD_SPEC]],
  V1ReplicationControllerSpec: [['V1PodSpec', POD_SPEC]],
  V1JobSpec: [['V1PodSpec', POD_SPEC]],
  V1CronJobSpec: [['V1JobSpec', at('JobSpec', 'jobTemplate.spec')]],
  V1Pod: [
    ['V1ObjectMeta', META],
    ['V1PodSpec', at('PodSpec', 'spec')],
  ],
  V1PodTemplate: [['V1ObjectMeta', META]],
  V1Deployment: [['V1ObjectMeta', META]],
  V1StatefulSet: [['V1ObjectMeta', META]],
  V1DaemonSet: [['V1ObjectMeta', META]],
  V1ReplicaSet: [['V1ObjectMeta', META]],
  V1ReplicationController: [['V1ObjectMeta', META]],
  V1Job: [['V1ObjectMeta', META]],
  V1CronJob: [['V1ObjectMeta', META]],
};

interface Ctx {
  model: FieldsModel;
  out: FieldProblem[];
}

/** Problems in `node` measured against the model's type `root` (e.g. `V1Deployment`), in document order. */
export function validateObject(model: FieldsModel, root: string, node: Node): FieldProblem[] {
  if (!model.types.has(root)) throw new Error(`k8s-fields has no type ${root}`);
  const ctx: Ctx = { model, out: [] };
  check(ctx, node, { kind: 'object', type: root }, [], root);
  return ctx.out;
}

function pointer(path: readonly Segment[]): string {
  return path.map((p) => `/${escapePointer(p)}`).join('');
}

/** kubectl's dotted path: `spec.containers[0].env[1].value`, free keys as `annotations["a/b"]`. */
export function dotted(path: readonly Segment[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) s += s === '' ? p : `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

/**
 * `path` is one array for the whole walk (pushed and popped as it goes down and up): a path is
 * copied only when a problem is reported, so a valid object costs no array per node.
 */
function check(ctx: Ctx, node: Node, t: FieldType, path: Segment[], owner: string): void {
  if (node.kind === 'unresolved' || t.kind === 'any') return;
  if (node.kind === 'scalar' && node.value === null) return;
  if (t.kind === 'scalar') {
    if (!scalarFits(node, t.scalar)) wrongType(ctx, node, t, path, owner);
  } else if (t.kind === 'list') {
    if (node.kind !== 'seq') wrongType(ctx, node, t, path, owner);
    else {
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        path.push(i);
        check(ctx, items[i]!, t.of, path, owner);
        path.pop();
      }
    }
  } else if (node.kind !== 'map') {
    wrongType(ctx, node, t, path, owner);
  } else if (t.kind === 'dict') {
    for (const e of node.entries) {
      path.push(e.key);
      check(ctx, e.value, t.of, path, owner);
      path.pop();
    }
  } else {
    checkObject(ctx, node, t.type, path);
  }
}

function scalarFits(node: Node, scalar: string): boolean {
  if (node.kind !== 'scalar') return false;
  const v = node.value;
  switch (scalar) {
    case 'str':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v);
    case 'float':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'quantity':
      return typeof v === 'string' || typeof v === 'number';
    default:
      // datetime, date, bytes: strings in JSON; YAML may have read a timestamp otherwise.
      return true;
  }
}

function checkObject(ctx: Ctx, node: MapNode, type: string, path: Segment[]): void {
  const fields = ctx.model.types.get(type);
  if (!fields) return;
  const entries = node.entries;
  // a scan of the keys before each one for the few keys objects have; a set for a long map
  const seen = entries.length > 32 ? new Set<string>() : undefined;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    path.push(e.key);
    const again = seen ? seen.has(e.key) : writtenBefore(entries, i);
    seen?.add(e.key);
    if (again) {
      const here = [...path];
      report(ctx, {
        kind: 'duplicate-field',
        path: pointer(here),
        field: dotted(here),
        name: e.key,
        type: displayName(type),
        src: e.keySrc,
      });
    }
    // Strategic-merge-patch directives (`$patch`, `$retainKeys`, `$setElementOrder/...`) of kustomize patch files.
    if (!e.key.startsWith('$')) {
      const ft = fields.get(e.key);
      if (ft) check(ctx, e.value, ft, path, type);
      else unknownField(ctx, e.key, e.keySrc, type, [...path], [...fields.keys()]);
    }
    path.pop();
  }
}

/** Whether the key of entry `i` is also the key of an earlier entry (objects hold a few dozen keys at most). */
function writtenBefore(entries: readonly MapEntry[], i: number): boolean {
  const key = entries[i]!.key;
  for (let j = 0; j < i; j++) if (entries[j]!.key === key) return true;
  return false;
}

function unknownField(
  ctx: Ctx,
  key: string,
  src: Src,
  type: string,
  path: Segment[],
  candidates: string[],
): void {
  const base = {
    kind: 'unknown-field' as const,
    path: pointer(path),
    field: dotted(path),
    name: key,
    type: displayName(type),
    src,
  };
  const homes = HOMES[type] ?? [];
  // Written exactly as a field of the type it belongs to: misplaced, not misspelt.
  const exact = homes.find(([other]) => ctx.model.types.get(other)?.has(key));
  if (exact) {
    misplaced(ctx, base, key, exact[1]);
    return;
  }
  const near = didYouMean(key, candidates);
  if (near !== undefined) {
    report(ctx, { ...base, suggestion: near });
    return;
  }
  for (const [other, where] of homes) {
    const there = didYouMean(key, [...(ctx.model.types.get(other)?.keys() ?? [])]);
    if (there !== undefined) {
      misplaced(ctx, base, there, where);
      return;
    }
  }
  report(ctx, base);
}

function misplaced(ctx: Ctx, base: FieldProblem, suggestion: string, home: Note): void {
  report(ctx, { ...base, suggestion, home });
}

function describeNode(node: Node): NoteId {
  if (node.kind === 'map') return 'fieldTypeObject';
  if (node.kind === 'seq') return 'fieldTypeList';
  if (node.kind !== 'scalar') return 'fieldTypeExpression';
  switch (typeof node.value) {
    case 'string':
      return 'fieldTypeString';
    case 'number':
      return Number.isInteger(node.value) ? 'fieldTypeInteger' : 'fieldTypeNumber';
    case 'boolean':
      return 'fieldTypeBoolean';
    default:
      return 'fieldTypeNull';
  }
}

const SCALAR_WORDS: Record<ScalarName, NoteId> = {
  str: 'fieldTypeString',
  int: 'fieldTypeInteger',
  float: 'fieldTypeNumber',
  bool: 'fieldTypeBoolean',
  datetime: 'fieldTypeTimestamp',
  date: 'fieldTypeDate',
  bytes: 'fieldTypeBase64',
  quantity: 'fieldTypeQuantity',
};

function describeType(t: FieldType): NoteId {
  if (t.kind === 'object' || t.kind === 'dict') return 'fieldTypeObject';
  if (t.kind === 'list') return 'fieldTypeList';
  if (t.kind === 'any') return 'fieldTypeAny';
  return SCALAR_WORDS[t.scalar];
}

/** A JSON literal of the right kind for the same scalar, when there is an obvious one. */
function fix(node: Node, t: FieldType): string | undefined {
  if (node.kind !== 'scalar' || t.kind !== 'scalar') return undefined;
  const v = node.value;
  if (t.scalar === 'str' && (typeof v === 'number' || typeof v === 'boolean'))
    return JSON.stringify(String(v));
  if (typeof v !== 'string') return undefined;
  if ((t.scalar === 'int' || t.scalar === 'float') && /^-?\d+(\.\d+)?$/.test(v.trim())) {
    const n = Number(v.trim());
    return t.scalar === 'int' && !Number.isInteger(n) ? undefined : String(n);
  }
  if (t.scalar === 'bool' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase();
  return undefined;
}

function wrongType(ctx: Ctx, node: Node, t: FieldType, where: readonly Segment[], owner: string): void {
  const suggestion = fix(node, t);
  const path = [...where];
  report(ctx, {
    kind: 'wrong-type',
    path: pointer(path),
    field: dotted(path),
    type: displayName(owner),
    src: node.src,
    ...(suggestion !== undefined ? { suggestion } : {}),
    expected: { note: describeType(t) },
    actual: { note: describeNode(node) },
  });
}

function report(ctx: Ctx, p: FieldProblem): void {
  ctx.out.push(p);
}

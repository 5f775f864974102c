/**
 * The Kubernetes field model hako validates pod-bearing objects against: field names and types
 * per API type, extracted from the official Kubernetes Python client by
 * scripts/extract-k8s-fields.py into src/data/k8s-fields.json.
 */
import { readFileSync } from 'node:fs';

export type ScalarName = 'str' | 'int' | 'float' | 'bool' | 'datetime' | 'date' | 'bytes' | 'quantity';

export type FieldType =
  /** A nested object of a named type. */
  | { kind: 'object'; type: string }
  | { kind: 'list'; of: FieldType }
  /** Free keys (labels, annotations, resource lists), values of one type. */
  | { kind: 'dict'; of: FieldType }
  | { kind: 'scalar'; scalar: ScalarName }
  /** Anything: int-or-string, raw JSON. */
  | { kind: 'any' };

export interface FieldsModel {
  /** Where the data comes from, e.g. `kubernetes python client 37.0.2 (Kubernetes 1.37 API)`. */
  source: string;
  /** `apiVersion kind` (e.g. `apps/v1 Deployment`) → root type (e.g. `V1Deployment`). */
  roots: ReadonlyMap<string, string>;
  types: ReadonlyMap<string, ReadonlyMap<string, FieldType>>;
}

const SCALARS: ReadonlySet<string> = new Set<ScalarName>([
  'str',
  'int',
  'float',
  'bool',
  'datetime',
  'date',
  'bytes',
  'quantity',
]);

function fail(what: string): never {
  throw new Error(`k8s-fields.json: ${what}`);
}

/** Parses a type string of the data file: `V1Container`, `list[T]`, `dict(str, T)`, a scalar or `object`. */
export function parseFieldType(t: string, known: ReadonlySet<string>): FieldType {
  const list = /^list\[(.+)\]$/.exec(t);
  if (list) return { kind: 'list', of: parseFieldType(list[1]!, known) };
  const dict = /^dict\(str, (.+)\)$/.exec(t);
  if (dict) return { kind: 'dict', of: parseFieldType(dict[1]!, known) };
  if (t === 'object') return { kind: 'any' };
  if (SCALARS.has(t)) return { kind: 'scalar', scalar: t as ScalarName };
  if (known.has(t)) return { kind: 'object', type: t };
  return fail(`unknown type "${t}"`);
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseFieldsModel(json: unknown): FieldsModel {
  if (!isObj(json)) fail('not an object');
  const { source, roots, types } = json;
  if (typeof source !== 'string') fail('source must be a string');
  if (!isObj(roots) || !isObj(types)) fail('roots and types must be objects');
  const known = new Set(Object.keys(types));
  const parsed = new Map<string, ReadonlyMap<string, FieldType>>();
  for (const [name, fields] of Object.entries(types)) {
    if (!isObj(fields)) fail(`${name} must be an object`);
    const m = new Map<string, FieldType>();
    for (const [field, t] of Object.entries(fields)) {
      if (typeof t !== 'string') fail(`${name}.${field} must be a type string`);
      m.set(field, parseFieldType(t, known));
    }
    parsed.set(name, m);
  }
  const rootMap = new Map<string, string>();
  for (const [key, t] of Object.entries(roots)) {
    if (typeof t !== 'string' || !known.has(t)) fail(`root ${key} names no type`);
    rootMap.set(key, t);
  }
  return { source, roots: rootMap, types: parsed };
}

let cached: FieldsModel | undefined;

/** The shipped model, read once per process. */
export function loadK8sFields(): FieldsModel {
  cached ??= parseFieldsModel(
    JSON.parse(readFileSync(new URL('../../data/k8s-fields.json', import.meta.url), 'utf8')),
  );
  return cached;
}

/** The root type for an object, or undefined when hako does not validate that apiVersion and kind. */
export function rootType(model: FieldsModel, apiVersion: string, kind: string): string | undefined {
  return model.roots.get(`${apiVersion} ${kind}`);
}

/** The Kubernetes name of a generated type: `V1SecurityContext` → `SecurityContext`. */
export function displayName(type: string): string {
  return type.replace(/^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

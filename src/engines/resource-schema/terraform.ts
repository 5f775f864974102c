/**
 * Terraform resources against the AWS provider schema (src/data/tf-schemas/aws.json, written by
 * scripts/extract-tf-schema.go from the terraform-provider-aws source). What Terraform itself
 * rejects at `terraform validate` / `plan`:
 *
 * - an argument or block the resource type does not have (with did-you-mean);
 * - an argument written as a block (`tags { … }`) or a block written as an argument
 *   (`vpc_config = { … }`);
 * - a required argument missing, fewer blocks than `min_items`, more than `max_items`;
 * - a computed-only attribute written (`arn = …`: "Can't configure a value");
 * - a value outside the provider's enum (also each string of a list or set);
 * - a list or object where a scalar belongs and the reverse. HCL converts strings, numbers and
 *   bools into each other, so a scalar is only wrong where it cannot convert (`"yes"` for a bool).
 *
 * Meta-arguments (count, for_each, provider, depends_on; lifecycle, provisioner and connection
 * blocks) are always accepted. A `dynamic "x"` block must name a block type of its parent; what it
 * generates is not known statically, so its content is not checked and it satisfies `min_items`.
 * Unresolved values are never reported. Types the schema file does not list (the Kubernetes
 * provider's `kubernetes_*`, AWS types hako does not read) are not checked.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, type MapNode, type Node } from '../../parse/tree.js';
import { didYouMean } from '../shape/suggest.js';
import type { BlockLayout, SchemaProblem } from './types.js';

/** A cty type as `terraform providers schema -json` writes it. */
export type TfType = string | [string, TfType] | ['object', Record<string, TfType>];

export interface TfAttribute {
  type: TfType;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  /** Allowed values of the string, or of each string of a list/set; of a number, as decimal text. */
  enum?: readonly string[];
  enum_ignore_case?: boolean;
}

export interface TfBlock {
  attributes?: Record<string, TfAttribute>;
  blocks?: Record<string, TfNestedBlock>;
}

export interface TfNestedBlock {
  nesting: 'list' | 'set' | 'single' | 'map' | 'group';
  min_items?: number;
  max_items?: number;
  block: TfBlock;
}

/** An argument of a BlockLayout as the Terraform adapter records it. */
export type TfLayoutAttribute = BlockLayout['attributes'][number];

export interface TfSchemaFile {
  source: string;
  version: string;
  extracted: string;
  resources: Record<string, TfBlock>;
}

let schemas: TfSchemaFile | undefined;

/** The extracted AWS provider schema, read once per process. */
export function loadTfSchemas(): TfSchemaFile {
  if (schemas === undefined) {
    const raw = JSON.parse(
      readFileSync(new URL('../../data/tf-schemas/aws.json', import.meta.url), 'utf8'),
    ) as unknown;
    if (
      typeof raw !== 'object' ||
      raw === null ||
      typeof (raw as { resources?: unknown }).resources !== 'object'
    ) {
      throw new Error('tf-schemas/aws.json: no "resources" object');
    }
    schemas = raw as TfSchemaFile;
  }
  return schemas;
}

/** Resource-level meta-arguments Terraform itself handles. */
const META_ARGUMENTS: ReadonlySet<string> = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS: ReadonlySet<string> = new Set(['lifecycle', 'provisioner', 'connection']);

export function validateTerraform(type: string, layout: BlockLayout, node: MapNode): SchemaProblem[] {
  const schema = loadTfSchemas().resources[type];
  if (schema === undefined) return [];
  const out: SchemaProblem[] = [];
  checkBlock(type, schema, layout, node, true, out);
  return out;
}

const configurable = (a: TfAttribute) => a.required === true || a.optional === true;

/**
 * Did-you-mean, and when two candidates are equally close (`IMUTABLE`: `MUTABLE` and `IMMUTABLE`)
 * the one that keeps the first letter, which typos rarely change.
 */
function suggest(input: string, candidates: readonly string[]): string | undefined {
  const s = didYouMean(input, candidates);
  if (s !== undefined || input === '') return s;
  const first = input[0]!.toLowerCase();
  return didYouMean(
    input,
    candidates.filter((c) => c[0]?.toLowerCase() === first),
  );
}

/** The evaluated value of argument `name` (the last one written). */
function argValue(node: MapNode | undefined, name: string): Node | undefined {
  if (node === undefined) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const e = node.entries[i]!;
    if (e.key === name) return e.value;
  }
  return undefined;
}

function checkBlock(
  path: string,
  schema: TfBlock,
  layout: BlockLayout,
  node: MapNode | undefined,
  top: boolean,
  out: SchemaProblem[],
): void {
  const attrs = schema.attributes ?? {};
  const blocks = schema.blocks ?? {};
  // the candidates of a did-you-mean, built only when a name is unknown (most blocks have none)
  const names = (): string[] => [
    ...Object.entries(attrs)
      .filter(([, a]) => configurable(a))
      .map(([n]) => n),
    ...Object.keys(blocks),
  ];
  const written = new Set<string>();

  for (const a of layout.attributes) {
    written.add(a.name);
    if (top && META_ARGUMENTS.has(a.name)) continue;
    const attr = Object.hasOwn(attrs, a.name) ? attrs[a.name] : undefined;
    if (attr !== undefined) {
      if (!configurable(attr)) {
        out.push({
          kind: 'invalid-value',
          src: a.src,
          message: `${path}: can't configure a value for "${a.name}": its value is decided by the provider when the resource is applied (a read-only attribute)`,
        });
        continue;
      }
      const v = argValue(node, a.name);
      if (v !== undefined) checkValue(path, a.name, attr, v, a.literal, out);
      continue;
    }
    if (Object.hasOwn(blocks, a.name)) {
      out.push({
        kind: 'wrong-type',
        src: a.src,
        message: `${path}: unsupported argument "${a.name}": "${a.name}" is a block, written without "=" (${a.name} { … })`,
      });
      continue;
    }
    const problem: SchemaProblem = {
      kind: 'unknown-key',
      src: a.src,
      message: `${path}: unsupported argument "${a.name}"`,
    };
    const s = suggest(a.name, names());
    if (s !== undefined) problem.suggestion = s;
    out.push(problem);
  }

  const counts = new Map<string, number>();
  const dynamicTypes = new Set<string>();
  for (const b of layout.blocks) {
    if (top && META_BLOCKS.has(b.type) && !b.dynamic) continue;
    const nested = Object.hasOwn(blocks, b.type) ? blocks[b.type] : undefined;
    if (nested === undefined) {
      const attr = Object.hasOwn(attrs, b.type) ? attrs[b.type] : undefined;
      if (attr !== undefined) {
        out.push({
          kind: 'wrong-type',
          src: b.src,
          message: configurable(attr)
            ? `${path}: unsupported block type "${b.type}": "${b.type}" is an argument, written with "=" (${b.type} = …)`
            : `${path}: unsupported block type "${b.type}": "${b.type}" is a read-only attribute and cannot be configured`,
        });
        continue;
      }
      const problem: SchemaProblem = {
        kind: 'unknown-key',
        src: b.src,
        message: `${path}: unsupported block type "${b.type}"${b.dynamic ? ' (in dynamic)' : ''}`,
      };
      const s = suggest(b.type, names());
      if (s !== undefined) problem.suggestion = s;
      out.push(problem);
      continue;
    }
    if (b.dynamic) {
      dynamicTypes.add(b.type);
      continue;
    }
    const index = counts.get(b.type) ?? 0;
    counts.set(b.type, index + 1);
    const max = nested.nesting === 'single' ? 1 : (nested.max_items ?? 0);
    if (max > 0 && index === max) {
      out.push({
        kind: 'invalid-value',
        src: b.src,
        message: `${path}: too many "${b.type}" blocks: no more than ${max} allowed`,
      });
    }
    checkBlock(`${path}.${b.type}`, nested.block, b.body, blockNode(node, b.type, index), false, out);
  }

  for (const [name, attr] of Object.entries(attrs)) {
    if (attr.required !== true || written.has(name)) continue;
    out.push({
      kind: 'missing-required',
      src: layout.src,
      message: `${path}: the argument "${name}" is required, but no definition was found`,
    });
  }
  for (const [type, nested] of Object.entries(blocks)) {
    const min = nested.min_items ?? 0;
    const n = counts.get(type) ?? 0;
    if (min === 0 || n >= min || dynamicTypes.has(type)) continue;
    out.push({
      kind: 'missing-required',
      src: layout.src,
      message:
        min === 1
          ? `${path}: a "${type}" block is required, but none was found`
          : `${path}: at least ${min} "${type}" blocks are required, ${n} found`,
    });
  }
}

/** The evaluated body of the index-th `type` block (undefined when not knowable). */
function blockNode(node: MapNode | undefined, type: string, index: number): MapNode | undefined {
  const v = argValue(node, type);
  if (!isSeq(v)) return undefined;
  const item = v.items[index];
  return isMap(item) ? item : undefined;
}

type Shape = 'string' | 'number' | 'bool' | 'list' | 'set' | 'map' | 'object' | 'other';

function shapeOf(t: TfType): Shape {
  if (typeof t === 'string') {
    return t === 'string' || t === 'number' || t === 'bool' ? t : 'other';
  }
  const k = t[0];
  return k === 'list' || k === 'set' || k === 'map' || k === 'object' ? k : 'other';
}

function describe(t: TfType): string {
  if (typeof t === 'string') return t;
  if (t[0] === 'object') return 'object';
  return `${t[0]} of ${describe(t[1] as TfType)}`;
}

function written(v: Node): string {
  switch (v.kind) {
    case 'map':
      return 'an object';
    case 'seq':
      return 'a list';
    case 'scalar':
      return v.value === null ? 'null' : `a ${typeof v.value === 'boolean' ? 'bool' : typeof v.value}`;
    default:
      return 'a value';
  }
}

const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const BOOL = new Set(['true', 'false']);

/**
 * Why the value cannot be of type t (undefined when it can, or when it is not knowable). A
 * collection where a scalar belongs counts only when it was written as a literal `[…]`/`{…}`.
 */
function typeMismatch(t: TfType, v: Node, literal: boolean): string | undefined {
  if (v.kind === 'unresolved') return undefined;
  if (v.kind === 'scalar' && v.value === null) return undefined;
  const shape = shapeOf(t);
  if ((shape === 'string' || shape === 'number' || shape === 'bool') && v.kind !== 'scalar') {
    return literal ? written(v) : undefined;
  }
  switch (shape) {
    case 'number':
      if (v.kind === 'scalar' && typeof v.value === 'boolean') return 'a bool';
      if (v.kind === 'scalar' && typeof v.value === 'string' && !NUMBER.test(v.value)) return `"${v.value}"`;
      return undefined;
    case 'bool':
      if (v.kind === 'scalar' && typeof v.value === 'number') return 'a number';
      if (v.kind === 'scalar' && typeof v.value === 'string' && !BOOL.has(v.value)) return `"${v.value}"`;
      return undefined;
    case 'list':
    case 'set':
      return v.kind === 'seq' ? undefined : written(v);
    case 'map':
    case 'object':
      return v.kind === 'map' ? undefined : written(v);
    default:
      return undefined;
  }
}

function checkValue(
  path: string,
  name: string,
  attr: TfAttribute,
  v: Node,
  literal: 'tuple' | 'object' | undefined,
  out: SchemaProblem[],
): void {
  const bad = typeMismatch(attr.type, v, literal !== undefined);
  if (bad !== undefined) {
    out.push({
      kind: 'wrong-type',
      src: v.src,
      message: `${path}: "${name}" must be a ${describe(attr.type)}, not ${bad}`,
    });
    return;
  }
  const t = attr.type;
  const shape = shapeOf(t);
  // elements of lists, sets and maps
  if ((shape === 'list' || shape === 'set' || shape === 'map') && Array.isArray(t)) {
    const elem = t[1] as TfType;
    const items = v.kind === 'seq' ? v.items : v.kind === 'map' ? v.entries.map((e) => e.value) : [];
    for (const item of items) {
      const wrong = typeMismatch(elem, item, literal !== undefined);
      if (wrong !== undefined) {
        out.push({
          kind: 'wrong-type',
          src: item.src,
          message: `${path}: each element of "${name}" must be a ${describe(elem)}, not ${wrong}`,
        });
      } else if (attr.enum !== undefined) {
        checkEnum(path, name, attr, item, out);
      }
    }
    return;
  }
  if (attr.enum !== undefined) checkEnum(path, name, attr, v, out);
}

function checkEnum(path: string, name: string, attr: TfAttribute, v: Node, out: SchemaProblem[]): void {
  const allowed = attr.enum ?? [];
  if (v.kind !== 'scalar' || v.value === null) return;
  const value = String(v.value);
  if (attr.type === 'number') {
    // allowed numbers (validation.IntInSlice), compared as numbers: "30" and 30 are the same
    const n = Number(value);
    if (!NUMBER.test(value) || allowed.some((a) => Number(a) === n)) return;
    out.push({
      kind: 'invalid-enum',
      src: v.src,
      message: `${path}: expected "${name}" to be one of ${allowed.join(', ')}, got ${value}`,
    });
    return;
  }
  const ok = attr.enum_ignore_case
    ? allowed.some((a) => a.toLowerCase() === value.toLowerCase())
    : allowed.includes(value);
  if (ok) return;
  const problem: SchemaProblem = {
    kind: 'invalid-enum',
    src: v.src,
    message: `${path}: expected "${name}" to be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got "${value}"`,
  };
  const s = suggest(value, allowed);
  if (s !== undefined) problem.suggestion = s;
  out.push(problem);
}

/** For tests and tooling: the schema of a resource type, if hako has it. */
export function tfResourceSchema(type: string): TfBlock | undefined {
  return loadTfSchemas().resources[type];
}

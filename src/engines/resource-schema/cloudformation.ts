/**
 * CloudFormation resource properties against the resource type's registry schema (the JSON schema
 * CloudFormation validates a template's `Properties` with; src/data/cfn-schemas.json, extracted by
 * scripts/extract-cfn-schemas.py from cfn-lint's copy).
 *
 * What is reported, each with the path as a template author reads it
 * (`AWS::EKS::Cluster EncryptionConfig[0] has no property "Enable"`):
 * - a property the schema does not know where the object is closed (`additionalProperties: false`,
 *   with did-you-mean), at the key;
 * - a read-only property (`readOnlyProperties`, e.g. `Arn`): an attribute CloudFormation returns,
 *   which a template cannot set; reported as `unknown-key`, at the key;
 * - a missing required property, at the enclosing map (the resource when it has no `Properties`);
 * - a value outside `enum` (`invalid-enum`, with did-you-mean; also outside `documentedEnum`, the
 *   values the service API documents for a few properties the schema types as any string, e.g.
 *   AWS::EKS::AccessEntry `Type`) and a value of the wrong type.
 *   CloudFormation converts scalars: a number or boolean is a fine string, a string "123" a fine
 *   integer and "true" a fine boolean (so are YAML 1.1's yes/no/on/off, which CloudFormation's
 *   YAML reads as booleans). A map or list where a scalar belongs, or a scalar where a map or list
 *   belongs, is `wrong-type`;
 * - a list with fewer than `minItems` or more than `maxItems` items (`invalid-value`).
 *
 * Never reported, never descended into: intrinsic functions (`{Ref: X}`, any `Fn::*` map, a YAML
 * short-form tag), `unresolved` nodes and `null`. `Fn::If` is the exception: both branches are
 * checked against the schema of the place it stands in (a `!Ref AWS::NoValue` branch is an
 * intrinsic, so it passes). A list holding an intrinsic item is not counted against
 * minItems/maxItems (the item may vanish or expand).
 *
 * `oneOf`/`anyOf`: each branch is merged into the schema around it (`allOf` parts are merged in
 * always) and the value is checked against every combination; nothing is reported if one passes,
 * else only the problems every combination reports. When every combination fails only for a
 * missing required property of the same map (`anyOf: [{required: [Users]}, {required: [Roles]}]`),
 * one problem names the alternatives. Not checked: that exactly one `oneOf` branch matches
 * (mutually exclusive properties), patterns, lengths, numeric ranges, formats, uniqueItems.
 */
import { readFileSync } from 'node:fs';
import type { Src } from '../../model/source.js';
import type { MapNode, Node, Scalar } from '../../parse/tree.js';
import { didYouMean } from '../shape/suggest.js';
import type { SchemaProblem, SchemaProblemKind } from './types.js';

/** The subset of a registry schema the validator reads (what the extractor keeps). */
export interface CfnSchema {
  type?: string | string[];
  properties?: Record<string, CfnSchema>;
  patternProperties?: Record<string, CfnSchema>;
  additionalProperties?: false | CfnSchema;
  required?: string[];
  enum?: Scalar[];
  /** Valid values the service API documents for a property the schema types as any string (hako's addition). */
  documentedEnum?: string[];
  items?: CfnSchema;
  minItems?: number;
  maxItems?: number;
  oneOf?: CfnSchema[];
  anyOf?: CfnSchema[];
  allOf?: CfnSchema[];
  $ref?: string;
}

/** A resource type's schema: its top-level object schema plus definitions and read-only pointers. */
export interface CfnResourceSchema extends CfnSchema {
  definitions?: Record<string, CfnSchema>;
  /** Registry pointers such as `/properties/Arn` or `/properties/CertificateAuthority/Data`. */
  readOnlyProperties?: string[];
}

export interface CfnSchemaData {
  source: string;
  version: string;
  schemaDate: string;
  types: Record<string, CfnResourceSchema>;
}

let data: CfnSchemaData | undefined;

export function loadCfnSchemas(): CfnSchemaData {
  if (data === undefined) {
    const url = new URL('../../data/cfn-schemas.json', import.meta.url);
    data = JSON.parse(readFileSync(url, 'utf8')) as CfnSchemaData;
  }
  return data;
}

/** True when hako has the registry schema of this resource type. */
export function hasCloudFormationSchema(type: string): boolean {
  return Object.hasOwn(loadCfnSchemas().types, type);
}

/** Problems in a resource's `Properties` (`node`) against its type's registry schema. */
export function validateCloudFormation(type: string, node: MapNode): SchemaProblem[] {
  const schema = loadCfnSchemas().types[type];
  return schema === undefined ? [] : validateAgainst(type, schema, node);
}

/** The same against a given schema (tests use small hand-written ones). */
export function validateAgainst(type: string, schema: CfnResourceSchema, node: Node): SchemaProblem[] {
  const ctx: Ctx = { type, root: schema, readOnly: new Set(schema.readOnlyProperties ?? []) };
  return check(ctx, node, schema, [], '/properties').map(({ name: _name, ...p }) => p);
}

interface Ctx {
  type: string;
  root: CfnResourceSchema;
  readOnly: ReadonlySet<string>;
}

type Segment = string | number;

/** A problem plus, for a missing property, its name (to combine alternatives). */
type Found = SchemaProblem & { name?: string };

/** Combinations of `oneOf`/`anyOf` branches tried at most per value; beyond, the branches are ignored. */
const MAX_VARIANTS = 64;

function check(ctx: Ctx, node: Node, schema: CfnSchema, path: Segment[], ptr: string): Found[] {
  if (node.kind === 'unresolved' || node.tag !== undefined) return [];
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind === 'map') {
    const branches = ifBranches(node);
    if (branches !== undefined) return branches.flatMap((b) => check(ctx, b, schema, path, ptr));
    if (isIntrinsicMap(node)) return [];
  }
  const variants = expand(ctx, schema);
  if (variants.length === 1) return checkOne(ctx, node, variants[0]!, path, ptr);
  const results = variants.map((v) => checkOne(ctx, node, v, path, ptr));
  if (results.some((r) => r.length === 0)) return [];
  const common = results[0]!.filter((p) => results.every((r) => r.some((q) => same(p, q))));
  if (common.length > 0) return common;
  // every combination lacks a property of this map, a different one each: name the alternatives
  const onlyMissing = results.every((r) =>
    r.every((p) => p.kind === 'missing-required' && p.src === node.src && p.name !== undefined),
  );
  if (!onlyMissing) return [];
  const names = [...new Set(results.flatMap((r) => r.map((p) => p.name!)))];
  const list = names.map((n) => JSON.stringify(n));
  const alternatives = `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
  return [problem('missing-required', node.src, `${where(ctx, path)} needs one of ${alternatives}`)];
}

function same(a: Found, b: Found): boolean {
  return (
    a.kind === b.kind &&
    a.src.startLine === b.src.startLine &&
    a.src.startColumn === b.src.startColumn &&
    a.name === b.name &&
    (a.kind !== 'unknown-key' || a.message === b.message)
  );
}

function checkOne(ctx: Ctx, node: Node, s: CfnSchema, path: Segment[], ptr: string): Found[] {
  const types = s.type === undefined ? undefined : Array.isArray(s.type) ? s.type : [s.type];
  if (node.kind === 'map') {
    if (types !== undefined && !types.includes('object')) return [wrongType(ctx, node, types, path)];
    return checkObject(ctx, node, s, path, ptr);
  }
  if (node.kind === 'seq') {
    if (types !== undefined && !types.includes('array')) return [wrongType(ctx, node, types, path)];
    const out: Found[] = [];
    const countable = node.items.every((i) => !isIntrinsicLike(i));
    const n = node.items.length;
    const what = `${where(ctx, path)} has ${n} item${n === 1 ? '' : 's'}`;
    if (countable && s.minItems !== undefined && n < s.minItems)
      out.push(problem('invalid-value', node.src, `${what}; at least ${s.minItems} required`));
    if (countable && s.maxItems !== undefined && n > s.maxItems)
      out.push(problem('invalid-value', node.src, `${what}; at most ${s.maxItems} allowed`));
    if (s.items !== undefined) {
      const items = s.items;
      node.items.forEach((item, i) => {
        out.push(...check(ctx, item, items, [...path, i], `${ptr}/*`));
      });
    }
    return out;
  }
  if (node.kind !== 'scalar' || node.value === null) return [];
  if (types !== undefined && !types.some((t) => fits(node.value, t)))
    return [wrongType(ctx, node, types, path)];
  const valid = (s.enum ?? s.documentedEnum)?.map(String);
  const value = String(node.value);
  if (valid !== undefined && !valid.includes(value)) {
    const source = s.enum === undefined ? ' (per the service API documentation)' : '';
    const message = `${where(ctx, path)} ${JSON.stringify(value)} is not a valid value; valid values${source}: ${valid.join(', ')}`;
    return [problem('invalid-enum', node.src, message, didYouMean(value, valid))];
  }
  return [];
}

function checkObject(ctx: Ctx, node: MapNode, s: CfnSchema, path: Segment[], ptr: string): Found[] {
  const out: Found[] = [];
  const props = s.properties ?? {};
  const known = Object.keys(props);
  for (const e of node.entries) {
    const childPtr = `${ptr}/${e.key}`;
    const own = Object.hasOwn(props, e.key) ? props[e.key] : undefined;
    if (own !== undefined && ctx.readOnly.has(childPtr)) {
      const message = `${where(ctx, [...path, e.key])} is read-only: CloudFormation returns it (Fn::GetAtt), a template cannot set it`;
      out.push(problem('unknown-key', e.keySrc, message));
      continue;
    }
    const sub = own ?? patternSchema(s, e.key) ?? (s.additionalProperties || undefined);
    if (sub !== undefined) {
      out.push(...check(ctx, e.value, sub, [...path, e.key], childPtr));
    } else if (s.additionalProperties === false) {
      const message = `${where(ctx, path)} has no property ${JSON.stringify(e.key)}`;
      out.push(problem('unknown-key', e.keySrc, message, didYouMean(e.key, known)));
    }
  }
  for (const name of s.required ?? []) {
    if (node.entries.some((e) => e.key === name)) continue;
    const message = `${where(ctx, path)} is missing required property ${JSON.stringify(name)}`;
    out.push({ ...problem('missing-required', node.src, message), name });
  }
  return out;
}

const patterns = new Map<string, RegExp | null>();

function patternSchema(s: CfnSchema, key: string): CfnSchema | undefined {
  for (const [pattern, sub] of Object.entries(s.patternProperties ?? {})) {
    let re = patterns.get(pattern);
    if (re === undefined) {
      try {
        re = new RegExp(pattern, 'u');
      } catch {
        re = null;
      }
      patterns.set(pattern, re);
    }
    // a pattern JavaScript cannot compile accepts the key (never a false "unknown property")
    if (re === null || re.test(key)) return sub;
  }
  return undefined;
}

/** The schema behind `$ref`s (`#/definitions/X` of the resource's schema). */
function deref(ctx: Ctx, s: CfnSchema): CfnSchema {
  let cur = s;
  for (let depth = 0; cur.$ref !== undefined && depth < 32; depth++) {
    const name = /^#\/definitions\/(.+)$/.exec(cur.$ref)?.[1];
    const target = name === undefined ? undefined : ctx.root.definitions?.[name];
    if (target === undefined) throw new Error(`${ctx.type}: unknown schema reference ${cur.$ref}`);
    const { $ref: _ref, ...rest } = cur;
    cur = merge(rest, target);
  }
  return cur;
}

/** `s` with `allOf` merged in, once per combination of its `oneOf`/`anyOf` branches. */
function expand(ctx: Ctx, schema: CfnSchema): CfnSchema[] {
  const s = deref(ctx, schema);
  const { allOf, oneOf, anyOf, ...base } = s;
  let merged: CfnSchema = base;
  const groups: CfnSchema[][] = [];
  for (const group of [oneOf, anyOf]) if (group !== undefined && group.length > 0) groups.push(group);
  for (const part of allOf ?? []) {
    const p = deref(ctx, part);
    const { oneOf: o, anyOf: a, allOf: nested, ...rest } = p;
    merged = merge(merged, rest);
    for (const group of [o, a]) if (group !== undefined && group.length > 0) groups.push(group);
    for (const n of nested ?? []) merged = merge(merged, deref(ctx, n));
  }
  let variants: CfnSchema[] = [merged];
  for (const group of groups) {
    if (variants.length * group.length > MAX_VARIANTS) break;
    variants = variants.flatMap((v) => group.map((b) => merge(v, deref(ctx, b))));
  }
  return variants;
}

/** Both schemas at once: properties and required united, closed if either is, the tighter bounds. */
function merge(a: CfnSchema, b: CfnSchema): CfnSchema {
  const out: CfnSchema = { ...b, ...a };
  if (a.properties !== undefined || b.properties !== undefined)
    out.properties = { ...b.properties, ...a.properties };
  if (a.patternProperties !== undefined || b.patternProperties !== undefined)
    out.patternProperties = { ...b.patternProperties, ...a.patternProperties };
  if (a.required !== undefined || b.required !== undefined)
    out.required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = false;
  if (a.minItems !== undefined && b.minItems !== undefined) out.minItems = Math.max(a.minItems, b.minItems);
  if (a.maxItems !== undefined && b.maxItems !== undefined) out.maxItems = Math.min(a.maxItems, b.maxItems);
  if (a.type !== undefined && b.type !== undefined) {
    const bt = Array.isArray(b.type) ? b.type : [b.type];
    const both = (Array.isArray(a.type) ? a.type : [a.type]).filter((t) => bt.includes(t));
    out.type = both.length > 0 ? both : a.type;
  }
  return out;
}

/** `Fn::If`'s two values (long form: `{"Fn::If": [condition, yes, no]}`). */
function ifBranches(n: MapNode): Node[] | undefined {
  if (n.entries.length !== 1 || n.entries[0]!.key !== 'Fn::If') return undefined;
  const arg = n.entries[0]!.value;
  return arg.kind === 'seq' && arg.items.length === 3 ? arg.items.slice(1) : [];
}

/** `{Ref: X}`, or a map with an `Fn::*` key (also `Fn::Transform` beside other keys). */
function isIntrinsicMap(n: MapNode): boolean {
  if (n.entries.length === 1 && n.entries[0]!.key === 'Ref') return true;
  return n.entries.some((e) => e.key.startsWith('Fn::'));
}

function isIntrinsicLike(n: Node): boolean {
  return n.kind === 'unresolved' || n.tag !== undefined || (n.kind === 'map' && isIntrinsicMap(n));
}

/** YAML 1.1 booleans, which CloudFormation's YAML reads as true/false. */
const BOOLEAN_WORDS = /^(true|false|yes|no|on|off|y|n)$/i;

/** Whether CloudFormation accepts the scalar for the JSON-schema type (it converts scalars). */
function fits(v: Scalar, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number'
        ? Number.isInteger(v)
        : typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v);
    case 'number':
      return (
        typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)))
      );
    case 'boolean':
      return typeof v === 'boolean' || (typeof v === 'string' && BOOLEAN_WORDS.test(v.trim()));
    default:
      return false;
  }
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
};

function wrongType(ctx: Ctx, node: Node, types: string[], path: Segment[]): Found {
  const expected = types.map((t) => EXPECTED[t] ?? t);
  const want =
    expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}` : expected[0];
  return problem('wrong-type', node.src, `${where(ctx, path)} must be ${want}, not ${describe(node)}`);
}

function describe(n: Node): string {
  switch (n.kind) {
    case 'map':
      return 'an object';
    case 'seq':
      return 'a list';
    case 'scalar':
      return typeof n.value === 'string'
        ? `the string ${JSON.stringify(n.value)}`
        : `the ${typeof n.value} ${JSON.stringify(n.value)}`;
    case 'unresolved':
      return n.expr;
  }
}

/** `AWS::EKS::Cluster EncryptionConfig[0].Provider`: the type, then the path in the properties. */
function where(ctx: Ctx, path: readonly Segment[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(p)) s += s === '' ? p : `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s === '' ? ctx.type : `${ctx.type} ${s}`;
}

function problem(kind: SchemaProblemKind, src: Src, message: string, suggestion?: string): Found {
  const p: Found = { kind, src, message };
  if (suggestion !== undefined) p.suggestion = suggestion;
  return p;
}

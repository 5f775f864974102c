/**
 * Validates a positioned document tree against an AWS API shape (ECS-017, and HAKO-003 for ECR/EKS
 * API JSON).
 *
 * What is checked, and why (botocore 1.44 `botocore/validate.py`, the AWS CLI's client-side check,
 * plus what the services check on top of it):
 * - Unknown fields, missing required fields and value types follow botocore: integer and long take
 *   whole numbers only (a string "512" is rejected), double and float any number, boolean only
 *   true/false, string only strings, timestamp an ISO 8601/RFC 822 string or epoch seconds, blob a
 *   string. Two deliberate differences: a boolean is not accepted as an integer (Python's bool is an
 *   int subclass, so botocore lets `True` through, but it is sent as JSON `true` and the service
 *   rejects it), and a whole number written as `512.0` counts as an integer (the tree keeps the
 *   value, not its spelling).
 * - A number or boolean where the model wants a string (task-level `"cpu": 256`) is `wrong-type`:
 *   botocore rejects every non-str value for a string shape ("Invalid type for parameter cpu, value:
 *   256, type: <class 'int'>, valid types: <class 'str'>"), and so does the Terraform provider when
 *   it decodes `container_definitions` (a number for `environment[].value`). Formats that convert
 *   scalars to strings themselves (HCL attributes, CloudFormation) pass `scalarsAsStrings`.
 * - `null` is `wrong-type` (botocore rejects `None` for every type but documents), unless the
 *   caller's format treats null as absent (`nullAsAbsent`, e.g. Terraform `jsonencode`).
 * - Enums, documented value lists, `max`, lengths and patterns are not checked by botocore (it only
 *   checks `min`), but the service rejects such requests, so they are reported too. Patterns are
 *   matched against the whole value, as the service does (`RepositoryName` has no anchors but
 *   rejects `MyRepo`).
 * - Unresolved nodes (a Terraform variable, a CloudFormation `!Ref`) are never reported.
 */
import type { Src } from '../../model/source.js';
import type { MapNode, Node, Scalar } from '../../parse/tree.js';
import type { MapShape, ScalarShape, Shape, ShapeModel, StructureShape } from './model.js';
import { didYouMean } from './suggest.js';

export type ShapeProblemKind =
  | 'unknown-key'
  | 'wrong-type'
  | 'invalid-enum'
  | 'missing-required'
  | 'out-of-range'
  | 'too-long'
  | 'too-short'
  | 'pattern-mismatch'
  | 'invalid-union';

export interface ShapeProblem {
  kind: ShapeProblemKind;
  /** JSON pointer relative to the validated node, e.g. `/containerDefinitions/0/readOnlyRootFileSystem`. */
  path: string;
  /** The key for unknown keys, the enclosing object for missing required fields and unions, the value otherwise. */
  src: Src;
  message: string;
  /**
   * The likely intended text: a field name (unknown-key), an enum value (invalid-enum) or a JSON
   * literal to put in place of the value (wrong-type, e.g. `512` for `"512"`).
   */
  suggestion?: string;
}

export interface ValidateOptions {
  /** Treat a `null` value as an absent field (formats where null means "not set"). Default false. */
  nullAsAbsent?: boolean;
  /** Accept numbers and booleans for string shapes (formats that convert them). Default false. */
  scalarsAsStrings?: boolean;
}

type Segment = string | number;

interface Ctx {
  model: ShapeModel;
  root: string;
  opts: ValidateOptions;
  out: ShapeProblem[];
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const EXPECTED: Record<Shape['type'], string> = {
  structure: 'an object',
  map: 'an object',
  list: 'an array',
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  double: 'a number',
  float: 'a number',
  boolean: 'a boolean',
  timestamp: 'a timestamp (ISO 8601 string or epoch seconds)',
  blob: 'a string',
};

/** Problems in `node` measured against the model's shape `rootShape`, in document order per object. */
export function validateShape(
  model: ShapeModel,
  rootShape: string,
  node: Node,
  opts: ValidateOptions = {},
): ShapeProblem[] {
  if (!model.shapes.has(rootShape)) throw new Error(`${model.service} has no shape ${rootShape}`);
  const ctx: Ctx = { model, root: rootShape, opts, out: [] };
  check(ctx, node, rootShape, [], undefined);
  return ctx.out;
}

function pointer(path: readonly Segment[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** botocore-style dotted label: `containerDefinitions[0].portMappings[1].protocol`. */
function label(ctx: Ctx, path: readonly Segment[]): string {
  if (path.length === 0) return ctx.root;
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (/^[A-Za-z_]\w*$/.test(p)) s += s === '' ? p : `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

function report(
  ctx: Ctx,
  kind: ShapeProblemKind,
  path: readonly Segment[],
  src: Src,
  message: string,
  suggestion?: string,
): void {
  const p: ShapeProblem = { kind, path: pointer(path), src, message };
  if (suggestion !== undefined) p.suggestion = suggestion;
  ctx.out.push(p);
}

function shapeOf(ctx: Ctx, name: string): Shape {
  const s = ctx.model.shapes.get(name);
  if (s === undefined) throw new Error(`${ctx.model.service} has no shape ${name}`);
  return s;
}

function isNull(n: Node): boolean {
  return n.kind === 'scalar' && n.value === null;
}

function check(
  ctx: Ctx,
  node: Node,
  shapeName: string,
  path: Segment[],
  values: readonly string[] | undefined,
): void {
  if (node.kind === 'unresolved') return;
  const shape = shapeOf(ctx, shapeName);
  if (shape.type === 'structure' && shape.document) return;
  if (isNull(node) && ctx.opts.nullAsAbsent) return;
  if (shape.type === 'structure' && node.kind === 'map') {
    checkStructure(ctx, node, shape, path);
  } else if (shape.type === 'list' && node.kind === 'seq') {
    checkCount(ctx, node.items.length, shape, path, node.src);
    node.items.forEach((item, i) => {
      check(ctx, item, shape.member, [...path, i], values);
    });
  } else if (shape.type === 'map' && node.kind === 'map') {
    checkMap(ctx, node, shape, path);
  } else if (node.kind === 'scalar' && isScalarShape(shape) && scalarTypeOk(ctx, shape, node.value)) {
    checkScalar(ctx, node.value, shape, path, node.src, label(ctx, path), values ?? []);
  } else {
    wrongType(ctx, node, shape, path, values);
  }
}

function isScalarShape(shape: Shape): shape is ScalarShape {
  return shape.type !== 'structure' && shape.type !== 'list' && shape.type !== 'map';
}

function checkMap(ctx: Ctx, node: MapNode, shape: MapShape, path: Segment[]): void {
  checkCount(ctx, node.entries.length, shape, path, node.src);
  const keyShape = shapeOf(ctx, shape.key);
  const where = label(ctx, path);
  for (const e of node.entries) {
    const at = [...path, e.key];
    if (keyShape.type === 'string') {
      checkScalar(ctx, e.key, keyShape, at, e.keySrc, `key ${JSON.stringify(e.key)} of ${where}`, []);
    }
    check(ctx, e.value, shape.value, at, undefined);
  }
}

function checkStructure(ctx: Ctx, node: MapNode, shape: StructureShape, path: Segment[]): void {
  const where = label(ctx, path);
  const present = node.entries.filter((e) => !(ctx.opts.nullAsAbsent && isNull(e.value))).map((e) => e.key);
  for (const r of shape.required) {
    if (!present.includes(r)) {
      report(ctx, 'missing-required', [...path, r], node.src, `missing required field "${r}" in ${where}`);
    }
  }
  for (const r of shape.serviceRequired ?? []) {
    if (!present.includes(r)) {
      const message = `missing field "${r}" in ${where}: the service rejects the request without it (the API model does not mark it required)`;
      report(ctx, 'missing-required', [...path, r], node.src, message);
    }
  }
  const names = [...shape.members.keys()];
  if (shape.union) {
    const set = [...new Set(present.filter((k) => shape.members.has(k)))];
    if (set.length !== 1) {
      const found = set.length === 0 ? 'none is set' : `${set.length} are set (${set.join(', ')})`;
      report(
        ctx,
        'invalid-union',
        path,
        node.src,
        `${where} must set exactly one of: ${names.join(', ')}; ${found}`,
      );
    }
  }
  for (const e of node.entries) {
    const member = shape.members.get(e.key);
    const at = [...path, e.key];
    if (member === undefined) {
      const suggestion = didYouMean(e.key, names);
      // The suggestion travels in its own field and the rule renders it once: the message
      // itself never repeats it (ECS-017 and HAKO-003 said "did you mean" twice).
      const message =
        suggestion === undefined
          ? `unknown field "${e.key}" in ${where}; valid fields: ${names.join(', ')}`
          : `unknown field "${e.key}" in ${where}`;
      report(ctx, 'unknown-key', at, e.keySrc, message, suggestion);
    } else {
      check(ctx, e.value, member.shape, at, member.values);
    }
  }
}

function isTimestamp(v: Scalar): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'string' || v.trim() === '') return false;
  return Number.isFinite(Number(v)) || !Number.isNaN(Date.parse(v));
}

function scalarTypeOk(ctx: Ctx, shape: ScalarShape, v: Scalar): boolean {
  switch (shape.type) {
    case 'string':
      return (
        typeof v === 'string' ||
        (ctx.opts.scalarsAsStrings === true && (typeof v === 'number' || typeof v === 'boolean'))
      );
    case 'integer':
    case 'long':
      return typeof v === 'number' && Number.isInteger(v);
    case 'double':
    case 'float':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'timestamp':
      return isTimestamp(v);
    case 'blob':
      return typeof v === 'string';
  }
}

function describe(node: Node): string {
  if (node.kind === 'map') return 'an object';
  if (node.kind === 'seq') return 'an array';
  if (node.kind === 'unresolved') return 'an unresolved expression';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return `a string (${JSON.stringify(v)})`;
  return `a ${typeof v} (${String(v)})`;
}

/** The JSON literal the value was probably meant to be, for scalar type mix-ups. */
function retype(node: Node, shape: Shape, values: readonly string[] | undefined): string | undefined {
  if (node.kind !== 'scalar') return undefined;
  const type = shape.type;
  const v = node.value;
  const valid = 'enum' in shape && shape.enum !== undefined ? shape.enum : values;
  if (valid !== undefined && valid.length > 0) {
    // An enum string: only suggest quoting when the quoted value is one of the valid values.
    return v !== null && valid.includes(String(v)) ? JSON.stringify(String(v)) : undefined;
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if ((type === 'integer' || type === 'long') && /^-?\d+$/.test(t)) return String(Number(t));
    if ((type === 'double' || type === 'float') && t !== '' && Number.isFinite(Number(t)))
      return String(Number(t));
    if (type === 'boolean' && /^(true|false)$/i.test(t)) return t.toLowerCase();
  }
  if ((type === 'string' || type === 'blob') && (typeof v === 'number' || typeof v === 'boolean')) {
    return JSON.stringify(String(v));
  }
  return undefined;
}

function wrongType(ctx: Ctx, node: Node, shape: Shape, path: Segment[], values?: readonly string[]): void {
  const nullHint = isNull(node) ? ' (the AWS CLI rejects null; omit the field instead)' : '';
  const message = `${label(ctx, path)} must be ${EXPECTED[shape.type]}, not ${describe(node)}${nullHint}`;
  report(ctx, 'wrong-type', path, node.src, message, retype(node, shape, values));
}

function checkCount(
  ctx: Ctx,
  n: number,
  shape: { min?: number; max?: number; serviceMin?: number },
  path: Segment[],
  src: Src,
): void {
  const what = `${label(ctx, path)} has ${n} ${n === 1 ? 'entry' : 'entries'}`;
  if (shape.min !== undefined && n < shape.min)
    report(ctx, 'too-short', path, src, `${what}; the minimum is ${shape.min}`);
  else if (shape.serviceMin !== undefined && n < shape.serviceMin) {
    report(ctx, 'too-short', path, src, `${what}; the service requires at least ${shape.serviceMin}`);
  }
  if (shape.max !== undefined && n > shape.max)
    report(ctx, 'too-long', path, src, `${what}; the maximum is ${shape.max}`);
}

const patterns = new Map<string, RegExp | null>();

/** The model's pattern as a whole-value JavaScript regex, or null if it does not compile. */
function compile(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

function checkScalar(
  ctx: Ctx,
  v: Scalar,
  shape: ScalarShape,
  path: Segment[],
  src: Src,
  where: string,
  documented: readonly string[],
): void {
  if (
    shape.type === 'integer' ||
    shape.type === 'long' ||
    shape.type === 'double' ||
    shape.type === 'float'
  ) {
    if (typeof v !== 'number') return;
    const tooSmall =
      (shape.min !== undefined && v < shape.min) || (shape.type === 'integer' && v < INT32_MIN);
    const tooBig = (shape.max !== undefined && v > shape.max) || (shape.type === 'integer' && v > INT32_MAX);
    const lo = shape.min ?? INT32_MIN;
    const hi = shape.max ?? INT32_MAX;
    if (tooSmall) report(ctx, 'out-of-range', path, src, `${where} is ${v}, below the minimum ${lo}`);
    if (tooBig) report(ctx, 'out-of-range', path, src, `${where} is ${v}, above the maximum ${hi}`);
    return;
  }
  if (shape.type !== 'string' || v === null) return;
  const s = String(v);
  const valid = shape.enum ?? (documented.length > 0 ? documented : undefined);
  if (valid !== undefined && !valid.includes(s)) {
    const source = shape.enum === undefined ? ' (per the API documentation)' : '';
    const message = `invalid value ${JSON.stringify(s)} for ${where}; valid values${source}: ${valid.join(', ')}`;
    report(ctx, 'invalid-enum', path, src, message, didYouMean(s, valid));
    return;
  }
  const length = [...s].length;
  const chars = `${where} is ${length} character${length === 1 ? '' : 's'} long`;
  if (shape.min !== undefined && length < shape.min)
    report(ctx, 'too-short', path, src, `${chars}; the minimum is ${shape.min}`);
  if (shape.max !== undefined && length > shape.max)
    report(ctx, 'too-long', path, src, `${chars}; the maximum is ${shape.max}`);
  const re = shape.pattern === undefined ? null : compile(shape.pattern);
  if (re !== null && !re.test(s)) {
    report(
      ctx,
      'pattern-mismatch',
      path,
      src,
      `${where} ${JSON.stringify(s)} does not match the pattern ${shape.pattern}`,
    );
  }
}

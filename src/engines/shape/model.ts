/**
 * AWS API shape models (extracted from botocore by scripts/extract-aws-shapes.py into
 * src/data/aws-shapes/<service>.json) and their loader. The loader checks the file when it reads
 * it: every member, list member, map key and value must name a shape in the file.
 */
import { readFileSync } from 'node:fs';

export type AwsService = 'ecs' | 'ecr' | 'eks';

export type ScalarType =
  | 'string'
  | 'integer'
  | 'long'
  | 'boolean'
  | 'double'
  | 'float'
  | 'timestamp'
  | 'blob';

/** Length (strings, lists, maps) or value (numbers) bounds, as in the model. */
interface Bounds {
  min?: number;
  max?: number;
  serviceMin?: number;
}

export interface Member {
  shape: string;
  /** Where a REST API carries the member (`uri`, `querystring`, `header`); absent for the body. */
  location?: string;
  deprecated?: boolean;
  /** Valid values the model states only in the member's documentation (e.g. Linux capabilities). */
  values?: readonly string[];
}

export interface StructureShape {
  type: 'structure';
  /** In model order (the order error messages list valid fields in). */
  members: ReadonlyMap<string, Member>;
  required: readonly string[];
  /** Members the service rejects a request without, though the model does not mark them required. */
  serviceRequired?: readonly string[];
  /** Tagged union: exactly one member must be set. */
  union?: boolean;
  /** Free-form JSON document: any value is accepted. */
  document?: boolean;
  deprecated?: boolean;
}

export interface ListShape extends Bounds {
  type: 'list';
  member: string;
  /** A minimum item count the service enforces but the model does not state. */
  serviceMin?: number;
  deprecated?: boolean;
}

export interface MapShape extends Bounds {
  type: 'map';
  key: string;
  value: string;
}

export interface ScalarShape extends Bounds {
  type: ScalarType;
  enum?: readonly string[];
  pattern?: string;
}

export type Shape = StructureShape | ListShape | MapShape | ScalarShape;

export interface ShapeModel {
  service: string;
  /** e.g. `botocore 1.44.8 data/ecs/2014-11-13/service-2.json` */
  source: string;
  /** Extraction date, YYYY-MM-DD. */
  extracted: string;
  roots: readonly string[];
  shapes: ReadonlyMap<string, Shape>;
}

const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'integer',
  'long',
  'boolean',
  'double',
  'float',
  'timestamp',
  'blob',
]);

const cache = new Map<AwsService, ShapeModel>();

/** The extracted model of one service, read once per process. */
export function loadShapes(service: AwsService): ShapeModel {
  let model = cache.get(service);
  if (model === undefined) {
    const url = new URL(`../../data/aws-shapes/${service}.json`, import.meta.url);
    model = parseShapeModel(service, JSON.parse(readFileSync(url, 'utf8')));
    cache.set(service, model);
  }
  return model;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(service: string, what: string): never {
  throw new Error(`aws-shapes/${service}.json: ${what}`);
}

function str(service: string, o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(service, `${where}.${key} must be a string`);
  return v;
}

function strList(service: string, v: unknown, where: string): readonly string[] {
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    fail(service, `${where} must be a list of strings`);
  }
  return v;
}

function optNumber(service: string, o: Obj, key: string, where: string): Bounds {
  const v = o[key];
  if (v === undefined) return {};
  if (typeof v !== 'number') fail(service, `${where}.${key} must be a number`);
  return { [key]: v };
}

function flag(o: Obj, key: string): { [k: string]: true } {
  return o[key] === true ? { [key]: true } : {};
}

function parseMember(service: string, raw: unknown, where: string): Member {
  if (typeof raw === 'string') return { shape: raw };
  if (!isObj(raw)) fail(service, `${where} must be a shape name or an object`);
  const m: Member = { shape: str(service, raw, 'shape', where), ...flag(raw, 'deprecated') };
  if (raw.location !== undefined) m.location = str(service, raw, 'location', where);
  if (raw.values !== undefined) m.values = strList(service, raw.values, `${where}.values`);
  return m;
}

function parseShape(service: string, name: string, raw: unknown): Shape {
  if (!isObj(raw)) fail(service, `shape ${name} must be an object`);
  const type = str(service, raw, 'type', name);
  const bounds = { ...optNumber(service, raw, 'min', name), ...optNumber(service, raw, 'max', name) };
  switch (type) {
    case 'structure': {
      const rawMembers = raw.members ?? {};
      if (!isObj(rawMembers)) fail(service, `${name}.members must be an object`);
      const members = new Map<string, Member>();
      for (const [k, v] of Object.entries(rawMembers))
        members.set(k, parseMember(service, v, `${name}.${k}`));
      const required = raw.required === undefined ? [] : strList(service, raw.required, `${name}.required`);
      const serviceRequired =
        raw.serviceRequired === undefined
          ? []
          : strList(service, raw.serviceRequired, `${name}.serviceRequired`);
      for (const r of [...required, ...serviceRequired]) {
        if (!members.has(r)) fail(service, `${name} requires unknown member ${r}`);
      }
      return {
        type,
        members,
        required,
        ...(serviceRequired.length > 0 ? { serviceRequired } : {}),
        ...flag(raw, 'union'),
        ...flag(raw, 'document'),
        ...flag(raw, 'deprecated'),
      };
    }
    case 'list':
      return {
        type,
        member: str(service, raw, 'member', name),
        ...bounds,
        ...optNumber(service, raw, 'serviceMin', name),
        ...flag(raw, 'deprecated'),
      };
    case 'map':
      return {
        type,
        key: str(service, raw, 'key', name),
        value: str(service, raw, 'value', name),
        ...bounds,
      };
    default: {
      if (!SCALAR_TYPES.has(type)) fail(service, `shape ${name} has unknown type ${type}`);
      const s: ScalarShape = { type: type as ScalarType, ...bounds };
      if (raw.enum !== undefined) s.enum = strList(service, raw.enum, `${name}.enum`);
      if (raw.pattern !== undefined) s.pattern = str(service, raw, 'pattern', name);
      return s;
    }
  }
}

/** Shape names a shape refers to (members, list member, map key and value). */
export function references(shape: Shape): string[] {
  switch (shape.type) {
    case 'structure':
      return [...shape.members.values()].map((m) => m.shape);
    case 'list':
      return [shape.member];
    case 'map':
      return [shape.key, shape.value];
    default:
      return [];
  }
}

/** Checks and converts the raw JSON of an extracted shape file. Throws on any malformed or dangling entry. */
export function parseShapeModel(service: string, raw: unknown): ShapeModel {
  if (!isObj(raw)) fail(service, 'not an object');
  const header = raw.header;
  if (!isObj(header)) fail(service, 'header must be an object');
  const rawShapes = raw.shapes;
  if (!isObj(rawShapes)) fail(service, 'shapes must be an object');
  const shapes = new Map<string, Shape>();
  for (const [name, s] of Object.entries(rawShapes)) shapes.set(name, parseShape(service, name, s));
  for (const [name, s] of shapes) {
    for (const ref of references(s))
      if (!shapes.has(ref)) fail(service, `${name} refers to missing shape ${ref}`);
  }
  const roots = strList(service, raw.roots, 'roots');
  for (const r of roots) if (!shapes.has(r)) fail(service, `root ${r} is not a shape`);
  return {
    service,
    source: str(service, header, 'source', 'header'),
    extracted: str(service, header, 'extracted', 'header'),
    roots,
    shapes,
  };
}

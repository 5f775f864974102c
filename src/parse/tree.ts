/**
 * The positioned document tree every parser produces (YAML, JSON, later HCL-evaluated values and
 * CloudFormation). Adapters read this tree, never a parser's own AST, so one adapter serves every
 * syntax that can express its resource.
 */
import type { Src } from '../source.js';

export type Scalar = string | number | boolean | null;

export interface MapEntry {
  key: string;
  keySrc: Src;
  value: Node;
}

export type Node =
  /** `tag`: a non-core YAML tag written on the node (CloudFormation short forms such as `!If`). */
  | { kind: 'map'; entries: MapEntry[]; src: Src; tag?: string }
  | { kind: 'seq'; items: Node[]; src: Src; tag?: string }
  | { kind: 'scalar'; value: Scalar; src: Src; tag?: string }
  /**
   * A value that cannot be known statically (a Terraform variable without default, a CloudFormation
   * !Ref). `ref`: it is an attribute of another resource of the same configuration or template;
   * the adapters give it its meaning (an ARN, a name), the parsers never do.
   */
  | { kind: 'unresolved'; expr: string; src: Src; ref?: Reference };

/**
 * A reference to a resource of the same Terraform configuration or CloudFormation template, as
 * written: which resource (scoped to its root module or template file) and which attribute.
 */
export interface Reference {
  format: 'terraform' | 'cloudformation';
  /** Terraform: the root module directory; CloudFormation: the template file. */
  scope: string;
  /** Terraform: the block address with its module path (`module.x.aws_iam_role.exec`); CloudFormation: the logical ID. */
  address: string;
  /** Resource type as written (`aws_iam_role`, `AWS::IAM::Role`). */
  type: string;
  /** Terraform: the attribute (`arn`, `name`, `id`); CloudFormation: the `Fn::GetAtt` attribute, or `Ref`. */
  attribute: string;
  /** The name the resource is known by: its literal name when written, else its address / logical ID. */
  name: string;
}

export type MapNode = Extract<Node, { kind: 'map' }>;
export type SeqNode = Extract<Node, { kind: 'seq' }>;
export type ScalarNode = Extract<Node, { kind: 'scalar' }>;

export function isMap(n: Node | undefined): n is MapNode {
  return n?.kind === 'map';
}
export function isSeq(n: Node | undefined): n is SeqNode {
  return n?.kind === 'seq';
}
export function isScalar(n: Node | undefined): n is ScalarNode {
  return n?.kind === 'scalar';
}

/** The entry for `key` in a map node (last one wins, as in JSON.parse and YAML 1.2 loaders). */
export function entry(n: Node | undefined, key: string): MapEntry | undefined {
  if (!isMap(n)) return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) {
    const e = n.entries[i]!;
    if (e.key === key) return e;
  }
  return undefined;
}

export function get(n: Node | undefined, key: string): Node | undefined {
  return entry(n, key)?.value;
}

/** Follows a path of keys and indexes. */
export function at(n: Node | undefined, ...path: (string | number)[]): Node | undefined {
  let cur = n;
  for (const p of path) {
    if (cur === undefined) return undefined;
    cur = typeof p === 'number' ? (isSeq(cur) ? cur.items[p] : undefined) : get(cur, p);
  }
  return cur;
}

/**
 * Sets `key` as an own data property of `o`, whatever the key: `o["__proto__"] = v` would replace
 * the object's prototype instead (its keys then read as if written, and the key itself vanishes).
 * The one way every reader builds plain objects from keys it did not choose.
 */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** `rec[key]` when `key` is `rec`'s own (a key like `constructor` never reads Object's). */
export function own<T>(rec: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return rec !== undefined && Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * Converts a positioned node into plain JSON (unresolved nodes become `undefined`). Every key is an
 * own property (`__proto__`, `constructor` and `prototype` included): nothing is inherited from a
 * key the file wrote.
 */
export function toPlain(n: Node | undefined): unknown {
  if (n === undefined) return undefined;
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq':
      return n.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const e of n.entries) setOwn(o, e.key, toPlain(e.value));
      return o;
    }
    case 'unresolved':
      return undefined;
  }
}

/** Items of a sequence node, or an empty list. */
export function items(n: Node | undefined): Node[] {
  return isSeq(n) ? n.items : [];
}

export function scalarString(n: Node | undefined): string | undefined {
  return isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
}

/** True when any value under `n` could not be resolved statically. */
export function hasUnresolved(n: Node): boolean {
  switch (n.kind) {
    case 'unresolved':
      return true;
    case 'map':
      return n.entries.some((e) => hasUnresolved(e.value));
    case 'seq':
      return n.items.some(hasUnresolved);
    default:
      return false;
  }
}

/** A copy of `n` with every position (nodes and keys, at every depth) mapped through `f`. */
export function mapSrc(n: Node, f: (s: Src) => Src): Node {
  switch (n.kind) {
    case 'map':
      return {
        kind: 'map',
        src: f(n.src),
        entries: n.entries.map((x) => ({ key: x.key, keySrc: f(x.keySrc), value: mapSrc(x.value, f) })),
      };
    case 'seq':
      return { kind: 'seq', src: f(n.src), items: n.items.map((x) => mapSrc(x, f)) };
    default:
      return { ...n, src: f(n.src) };
  }
}

/** The reference each value made by `renderReferences` stands for. */
const renderedFrom = new WeakMap<Node, Reference>();

/** The reference a value was written as, if any: unresolved, or rendered by `renderReferences`. */
export function referenceOf(n: Node | undefined): Reference | undefined {
  if (n === undefined) return undefined;
  return n.kind === 'unresolved' ? n.ref : renderedFrom.get(n);
}

/**
 * A new tree in which every unresolved reference `render` gives a value for is replaced by that
 * value (remembered, so `referenceOf` still finds the reference); `n` is not changed, and
 * unchanged subtrees are shared. The adapters give references their meaning through `render`.
 */
export function renderReferences(
  n: Node,
  render: (ref: Reference, at: Extract<Node, { kind: 'unresolved' }>) => Node | undefined,
): Node {
  switch (n.kind) {
    case 'unresolved': {
      const out = n.ref ? render(n.ref, n) : undefined;
      if (!out || !n.ref) return n;
      renderedFrom.set(out, n.ref);
      return out;
    }
    case 'map': {
      let changed = false;
      const entries = n.entries.map((e) => {
        const v = renderReferences(e.value, render);
        if (v !== e.value) changed = true;
        return v === e.value ? e : { ...e, value: v };
      });
      return changed ? { ...n, entries } : n;
    }
    case 'seq': {
      let changed = false;
      const items = n.items.map((i) => {
        const v = renderReferences(i, render);
        if (v !== i) changed = true;
        return v;
      });
      return changed ? { ...n, items } : n;
    }
    default:
      return n;
  }
}

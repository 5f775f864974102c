/**
 * CloudFormation templates (YAML with short-form intrinsic tags, or JSON) into the positioned tree.
 *
 * YAML short forms (`!Ref X`, `!GetAtt A.B`, `!If [...]`) reach this module as tree nodes carrying
 * their tag (parse/yaml.ts keeps non-core tags on scalars, sequences and maps; the `yaml` library
 * only warns about tags it does not know, so no `customTags` are needed). `longForm` rewrites them
 * into the JSON long form (`{Ref: X}`, `{"Fn::GetAtt": [A, B]}`), so YAML and JSON templates are
 * resolved by the same code.
 *
 * Resolution (`resolveTemplate`), per resource, of what can be known before deployment:
 * - `Ref` to a parameter with a `Default`: that value, located at the reference (where the property
 *   is set); a list-typed parameter (`CommaDelimitedList`, `List<...>`) gives a list. A default is
 *   what a deployment without overrides gets, as with a Terraform variable's default; the node
 *   keeps tag `!Ref` so a reader can tell it from a literal. A parameter without default: unresolved.
 * - `Ref`/`Fn::GetAtt` to a resource of the same template: an unresolved node carrying a generic
 *   `Reference` (format `cloudformation`, scope = the template file, address = the logical ID,
 *   the resource type, attribute = the GetAtt attribute or `Ref`, name = the literal name property
 *   when written, else the logical ID). The parser knows no AWS: the adapter gives the reference
 *   its meaning (adapters/cloudformation/references.ts renders the stand-in ARNs that join
 *   `TaskRoleArn: !GetAtt TaskRole.Arn` to the role `TaskRole` of this template). Inside
 *   `Fn::Sub`/`Fn::Join` (and wherever a reference is read as text), the adapter's `hooks.text`
 *   gives its text; without hooks it is unknown.
 * - `Ref AWS::NoValue`: the property is removed, as CloudFormation does.
 * - `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::Base64`: computed when
 *   every part is known.
 * - Conditions (`Fn::Equals`/`And`/`Or`/`Not`/`Condition`) are evaluated with the parameters'
 *   defaults, like `Ref`: `Fn::If` takes its branch, and a resource whose `Condition` is false is
 *   not created (not adapted). A condition on anything unknown leaves `Fn::If` unresolved and the
 *   resource in.
 * - AWS::LanguageExtensions: `Fn::Length` of a known list, `Fn::ToJsonString` of a known value,
 *   `Fn::FindInMap` with `{DefaultValue}`; `Fn::ForEach` is expanded before (`expandForEach`).
 * - Each intrinsic is resolved once per mode; a cycle, or the depth or work bound, leaves the value
 *   unresolved with one entry in `problems` (HAKO-001) at the intrinsic's line.
 * - Pseudo parameters (`AWS::AccountId`, `AWS::Region`, ...), `Fn::GetAZs`, `Fn::Cidr`,
 *   `Fn::ImportValue`, `Fn::Transform`, attributes of other resources: unresolved (rules never
 *   fire on them alone).
 */
import { type Note, withText } from '../notes.js';
import type { Src } from '../source.js';
import type { ParseError } from './common.js';
import {
  entry,
  hasUnresolved,
  isMap,
  isScalar,
  isSeq,
  type MapEntry,
  type MapNode,
  type Node,
  type Reference,
  type Scalar,
  toPlain,
} from './tree.js';

/** YAML short-form tag → long-form key. */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Transform': 'Fn::Transform',
};

/** Long forms without a short form: the AWS::LanguageExtensions functions. */
const LONG_FORMS = new Set([...Object.values(SHORT_FORMS), 'Fn::Length', 'Fn::ToJsonString']);

export const LANGUAGE_EXTENSIONS = 'AWS::LanguageExtensions';
export const SERVERLESS = 'AWS::Serverless-2016-10-31';

/** The transforms a template names in `Transform` (a name, a list, or `{Name, Parameters}` maps). */
export function transformsOf(root: MapNode): { name: string; src: Src }[] {
  const t = entry(root, 'Transform')?.value;
  const out: { name: string; src: Src }[] = [];
  for (const item of isSeq(t) ? t.items : t ? [t] : []) {
    const name = isScalar(item) ? item : entry(item, 'Name')?.value;
    if (isScalar(name) && typeof name.value === 'string') out.push({ name: name.value, src: name.src });
  }
  return out;
}

/** Every `Fn::Transform` under `n` (a macro applied to a part of the template): its name and position. */
export function fnTransformsIn(n: Node | undefined): { name: string; src: Src }[] {
  const out: { name: string; src: Src }[] = [];
  const walk = (x: Node | undefined) => {
    if (x?.kind === 'map')
      for (const e of x.entries) {
        if (e.key === 'Fn::Transform') {
          // `{Name, Parameters}`, also written as a list of them (aws-cloudformation-templates DatetimeNow)
          const names = (isSeq(e.value) ? e.value.items : [e.value])
            .map((i) => entry(i, 'Name')?.value)
            .flatMap((v) => (isScalar(v) && v.value !== null ? [String(v.value)] : []));
          out.push({ name: names.length > 0 ? names.join(', ') : 'without a Name', src: e.keySrc });
        }
        walk(e.value);
      }
    else if (x?.kind === 'seq') for (const i of x.items) walk(i);
  };
  walk(n);
  return out;
}

/** Nodes one template's `Fn::ForEach` loops may create in all. */
export const MAX_FOREACH_NODES = 200_000;

class ForEachBudget extends Error {}

/**
 * `Fn::ForEach` (AWS::LanguageExtensions) expanded in `Resources`, `Conditions` and `Outputs`, at
 * any depth: `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: OutputValue}]` gives one copy
 * of the fragment per item of the collection, with `${Identifier}` replaced by the item and
 * `&{Identifier}` by the item without its non-alphanumeric characters, in keys (logical IDs) and
 * strings, and `{Ref: Identifier}` by the item. The collection must be known: a literal list, or
 * a `Ref` to a list parameter with a `Default`. A loop over anything else is left out and listed in
 * `skipped`; the copies keep the fragment's positions, so findings point at the loop's lines.
 */
export function expandForEach(
  file: string,
  root: MapNode,
): { root: MapNode; skipped: ({ line: number; reason: string } & Note)[]; problems: ParseError[] } {
  const params = asMap(entry(root, 'Parameters')?.value);
  const skipped: ({ line: number; reason: string } & Note)[] = [];
  const problems: ParseError[] = [];
  let budget = MAX_FOREACH_NODES;
  let spent = false;
  // loops being expanded (nested)
  let loops = 0;
  const collection = (n: Node | undefined): string[] | undefined => {
    if (isSeq(n)) {
      const vals = n.items.map((i) => (isScalar(i) && i.value !== null ? String(i.value) : undefined));
      return vals.some((v) => v === undefined) ? undefined : (vals as string[]);
    }
    const ref = referenceOf(n);
    if (!ref || ref.attribute) return undefined;
    const p = entry(params, ref.logicalId)?.value;
    const def = entry(p, 'Default')?.value;
    const type = entry(p, 'Type')?.value;
    const typeName = isScalar(type) ? String(type.value) : '';
    if (!isScalar(def) || def.value === null) return undefined;
    if (typeName !== 'CommaDelimitedList' && !typeName.startsWith('List<')) return undefined;
    return String(def.value)
      .split(',')
      .map((x) => x.trim());
  };
  const text = (t: string, id: string, v: string) =>
    t
      .split(`\${${id}}`)
      .join(v)
      .split(`&{${id}}`)
      .join(v.replace(/[^A-Za-z0-9]/g, ''));
  const subst = (n: Node, id: string, v: string): Node => {
    if (--budget < 0) throw new ForEachBudget();
    switch (n.kind) {
      case 'map': {
        const ref = referenceOf(n);
        if (ref && !ref.attribute && ref.logicalId === id && entry(n, 'Ref'))
          return { kind: 'scalar', value: v, src: n.src };
        return {
          kind: 'map',
          src: n.src,
          entries: n.entries.map((e) => ({
            key: text(e.key, id, v),
            keySrc: e.keySrc,
            value: subst(e.value, id, v),
          })),
        };
      }
      case 'seq':
        return { kind: 'seq', src: n.src, items: n.items.map((i) => subst(i, id, v)) };
      case 'scalar':
        return typeof n.value === 'string' ? { ...n, value: text(n.value, id, v) } : n;
      default:
        return n;
    }
  };
  const expand = (n: Node): Node => {
    if (n.kind === 'seq') return { ...n, items: n.items.map(expand) };
    if (n.kind !== 'map') return n;
    const entries: MapEntry[] = [];
    for (const e of n.entries) {
      if (!e.key.startsWith('Fn::ForEach::')) {
        entries.push({ ...e, value: expand(e.value) });
        continue;
      }
      const [idNode, coll, fragment] = isSeq(e.value) ? e.value.items : [];
      const id = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : undefined;
      if (!isSeq(e.value) || e.value.items.length !== 3 || id === undefined || !isMap(fragment)) {
        problems.push({
          file,
          line: e.keySrc.startLine,
          column: e.keySrc.startColumn,
          ...withText('message', 'forEachShape', { key: e.key }),
        });
        continue;
      }
      const values = collection(coll);
      if (values === undefined) {
        skipped.push({ line: e.keySrc.startLine, ...withText('reason', 'forEachUnknown', { key: e.key }) });
        continue;
      }
      if (spent) {
        skipped.push({ line: e.keySrc.startLine, ...withText('reason', 'forEachBound', { key: e.key }) });
        continue;
      }
      loops++;
      try {
        for (const v of values) {
          const copy = expand(subst(fragment, id, v));
          if (isMap(copy)) entries.push(...copy.entries);
        }
      } catch (err) {
        // a nested loop's overflow unwinds to the outermost loop, which is left out as a whole
        if (!(err instanceof ForEachBudget) || loops > 1) throw err;
        spent = true;
        problems.push({
          file,
          line: e.keySrc.startLine,
          column: e.keySrc.startColumn,
          ...withText('message', 'forEachTooLarge', { key: e.key, max: MAX_FOREACH_NODES }),
        });
      } finally {
        loops--;
      }
    }
    return { ...n, entries };
  };
  const sections = new Set(['Resources', 'Conditions', 'Outputs']);
  const out: MapNode = {
    ...root,
    entries: root.entries.map((e) => (sections.has(e.key) ? { ...e, value: expand(e.value) } : e)),
  };
  return { root: out, skipped, problems };
}

/** Rewrites short-form tagged nodes into their long form, everywhere in the tree. */
export function longForm(n: Node): Node {
  let out: Node;
  switch (n.kind) {
    case 'map':
      out = { kind: 'map', entries: n.entries.map((e) => ({ ...e, value: longForm(e.value) })), src: n.src };
      break;
    case 'seq':
      out = { kind: 'seq', items: n.items.map(longForm), src: n.src };
      break;
    case 'scalar':
      out = { kind: 'scalar', value: n.value, src: n.src };
      break;
    case 'unresolved':
      return n;
  }
  const key = n.tag && Object.hasOwn(SHORT_FORMS, n.tag) ? SHORT_FORMS[n.tag] : undefined;
  if (key === undefined) return out;
  // `!GetAtt A.B` is the scalar form of `{"Fn::GetAtt": ["A", "B"]}`
  if (key === 'Fn::GetAtt' && out.kind === 'scalar' && typeof out.value === 'string') {
    const dot = out.value.indexOf('.');
    const parts = dot >= 0 ? [out.value.slice(0, dot), out.value.slice(dot + 1)] : [out.value];
    out = { kind: 'seq', items: parts.map((p) => ({ kind: 'scalar', value: p, src: n.src })), src: n.src };
  }
  return { kind: 'map', entries: [{ key, keySrc: n.src, value: out }], src: n.src };
}

/** A CloudFormation template: `AWSTemplateFormatVersion`, or `Resources` holding `Type: AWS::...` entries. */
export function looksLikeTemplate(n: Node): boolean {
  if (!isMap(n)) return false;
  if (entry(n, 'AWSTemplateFormatVersion')) return true;
  const res = entry(n, 'Resources')?.value;
  return (
    isMap(res) &&
    res.entries.length > 0 &&
    res.entries.some((e) => {
      const t = entry(e.value, 'Type')?.value;
      return isScalar(t) && typeof t.value === 'string' && /^(AWS|Custom)::/.test(t.value);
    })
  );
}

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** The resource's map (`Type`, `Properties`, ...) with intrinsics resolved. */
  node: MapNode;
  /** The same map in long form, before resolution (to read references by logical ID). */
  raw: MapNode;
  keySrc: Src;
}

/** The logical ID a `Ref` or `Fn::GetAtt` (long form) names, with the attribute for GetAtt. */
export function referenceOf(n: Node | undefined): { logicalId: string; attribute?: string } | undefined {
  const intr = intrinsic(n);
  if (!intr) return undefined;
  if (intr.fn === 'Ref' && isScalar(intr.arg) && typeof intr.arg.value === 'string')
    return { logicalId: intr.arg.value };
  // the long form also takes the short form's `A.B` string
  if (intr.fn === 'Fn::GetAtt' && isScalar(intr.arg) && typeof intr.arg.value === 'string') {
    const dot = intr.arg.value.indexOf('.');
    if (dot > 0) return { logicalId: intr.arg.value.slice(0, dot), attribute: intr.arg.value.slice(dot + 1) };
  }
  if (intr.fn === 'Fn::GetAtt' && isSeq(intr.arg)) {
    const [a, b] = intr.arg.items.map((i) => (isScalar(i) ? String(i.value) : undefined));
    if (a !== undefined && b !== undefined) return { logicalId: a, attribute: b };
  }
  return undefined;
}

/** True for an intrinsic function call in long form (`{Ref: X}`, `{"Fn::If": [...]}`). */
export function isIntrinsic(n: Node | undefined): boolean {
  return intrinsic(n) !== undefined;
}

function intrinsic(n: Node | undefined): { fn: string; arg: Node; src: Src } | undefined {
  if (!isMap(n) || n.entries.length !== 1) return undefined;
  const e = n.entries[0]!;
  return LONG_FORMS.has(e.key) ? { fn: e.key, arg: e.value, src: n.src } : undefined;
}

const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::ECS::Cluster': 'ClusterName',
  'AWS::ECS::TaskDefinition': 'Family',
};

/**
 * Bounds of resolution, per template. Each intrinsic is resolved once per mode (memoised), so a
 * mapping that refers to itself twice costs two look-ups, not 2^depth; `MAX_RESOLVE_WORK` counts
 * resolution steps plus the size of every reused result (what a reader walking the resolved tree
 * will visit), so a mapping that doubles at each level stops too. Real templates stay far below.
 */
export const MAX_RESOLVE_DEPTH = 128;
export const MAX_RESOLVE_WORK = 1_000_000;

/**
 * What the resolver asks the adapter that reads the template: the parser itself knows no AWS.
 */
export interface TemplateHooks {
  /** The text of a reference read as a string (in `Fn::Sub`, `Fn::Join`, ...); undefined: unknown. */
  text?: (ref: Reference, t: Template) => string | undefined;
}

/** Resolves intrinsics in a long-form template (see the module comment). */
export class Template {
  readonly resources: TemplateResource[] = [];
  /**
   * What resolution gave up on (a cycle, the depth or work bound), one per line, at the intrinsic's:
   * the value there is unresolved (HAKO-001 for the adapter to report).
   */
  readonly problems: ParseError[] = [];
  private readonly reported = new Set<string>();
  /** Resolved intrinsics by node, for `nameMode` false [0] and true [1]. */
  private readonly memo = [new Map<Node, Node | undefined>(), new Map<Node, Node | undefined>()];
  /** Intrinsics being resolved, per mode: met again, they are a cycle. */
  private readonly active = [new Set<Node>(), new Set<Node>()];
  /** Size of resolved maps and sequences (nodes a reader visits), for the work bound. */
  private readonly sizes = new WeakMap<Node, number>();
  private work = 0;
  private spent = false;
  private readonly params = new Map<string, MapNode>();
  private readonly types = new Map<string, { type: string; raw: MapNode }>();
  private readonly mappings: Node | undefined;
  private readonly conditions: Node | undefined;
  private readonly conditionValues = new Map<string, boolean | undefined>();
  /** Conditions being evaluated (a condition that refers to itself is unknown). */
  private readonly evaluating = new Set<string>();
  /** Resources whose name is being resolved (stops a name that refers to itself). */
  private readonly naming = new Set<string>();

  constructor(
    readonly file: string,
    readonly root: MapNode,
    private readonly hooks: TemplateHooks = {},
  ) {
    for (const p of asMap(entry(root, 'Parameters')?.value)?.entries ?? [])
      if (isMap(p.value)) this.params.set(p.key, p.value);
    this.mappings = entry(root, 'Mappings')?.value;
    this.conditions = entry(root, 'Conditions')?.value;
    const res = asMap(entry(root, 'Resources')?.value);
    for (const r of res?.entries ?? []) {
      const t = entry(r.value, 'Type')?.value;
      if (isMap(r.value) && isScalar(t) && typeof t.value === 'string')
        this.types.set(r.key, { type: t.value, raw: r.value });
    }
    for (const r of res?.entries ?? []) {
      const info = this.types.get(r.key);
      if (!info) continue;
      // a resource whose `Condition` is false with the parameters' defaults is not created
      const cond = entry(info.raw, 'Condition')?.value;
      if (isScalar(cond) && this.condition(String(cond.value), cond.src) === false) continue;
      const node = this.resolve(info.raw, false);
      if (!isMap(node)) continue;
      this.resources.push({ logicalId: r.key, type: info.type, node, raw: info.raw, keySrc: r.keySrc });
    }
  }

  typeOf(logicalId: string): string | undefined {
    return this.types.get(logicalId)?.type;
  }

  /** The literal name a resource is given (`RoleName`, ...), or undefined when generated or unknown. */
  literalName(logicalId: string): string | undefined {
    const info = this.types.get(logicalId);
    const prop = info ? NAME_PROPERTY[info.type] : undefined;
    // a name that refers to itself (`RoleName: !Sub ${Role}-x`) is not knowable
    if (!info || !prop || this.naming.has(logicalId)) return undefined;
    this.naming.add(logicalId);
    try {
      const v = this.resolve(entry(entry(info.raw, 'Properties')?.value, prop)?.value, true);
      return isScalar(v) && v.value !== null ? String(v.value) : this.text(v);
    } finally {
      this.naming.delete(logicalId);
    }
  }

  /** The generic reference `Ref X` / `Fn::GetAtt X.attribute` makes to a resource of this template. */
  reference(logicalId: string, attribute: string): Reference | undefined {
    const type = this.typeOf(logicalId);
    if (type === undefined) return undefined;
    return {
      format: 'cloudformation',
      scope: this.file,
      address: logicalId,
      type,
      attribute,
      name: this.literalName(logicalId) ?? logicalId,
    };
  }

  /** A resolved value as text: a scalar, or a reference the hooks give a text. */
  private text(v: Node | undefined): string | undefined {
    if (v?.kind === 'unresolved') return v.ref ? this.hooks.text?.(v.ref, this) : undefined;
    return isScalar(v) && v.value !== null && typeof v.value !== 'object' ? String(v.value) : undefined;
  }

  /**
   * The node with intrinsics resolved; `undefined` for `AWS::NoValue` (the property is dropped).
   * `nameMode`: inside Fn::Sub / Fn::Join, where `Ref` of a resource means its name.
   */
  resolve(n: Node | undefined, nameMode: boolean, depth = 0): Node | undefined {
    if (n === undefined) return undefined;
    if (!this.charge(1, n.src)) return unresolvedAt('(not resolved: template too complex)', n.src);
    if (depth > MAX_RESOLVE_DEPTH) {
      this.problem(
        n.src,
        `CloudFormation: values nested more than ${MAX_RESOLVE_DEPTH} levels deep (through intrinsic functions) are not resolved`,
      );
      return unresolvedAt('(nested too deep)', n.src);
    }
    const intr = intrinsic(n);
    if (intr) {
      const mode = nameMode ? 1 : 0;
      const memo = this.memo[mode]!;
      if (memo.has(n)) {
        const r = memo.get(n);
        // a reused result is visited again by every reader: it counts as built again
        return this.charge(r === undefined ? 1 : (this.sizes.get(r) ?? 1), n.src)
          ? r
          : unresolvedAt(exprOf(intr.fn, intr.arg), intr.src);
      }
      const active = this.active[mode]!;
      if (active.has(n)) {
        this.problem(
          intr.src,
          `CloudFormation: ${exprOf(intr.fn, intr.arg)} depends on its own value (a cycle through mappings, variables or conditions); not resolved`,
        );
        return unresolvedAt(exprOf(intr.fn, intr.arg), intr.src);
      }
      active.add(n);
      let r: Node | undefined;
      try {
        r = this.intrinsic(intr.fn, intr.arg, intr.src, nameMode, depth + 1);
      } finally {
        active.delete(n);
      }
      memo.set(n, r);
      return r;
    }
    switch (n.kind) {
      case 'map': {
        let size = 1;
        const entries = n.entries.flatMap((e) => {
          const v = this.resolve(e.value, nameMode, depth + 1);
          if (v !== undefined) size += this.sizes.get(v) ?? 1;
          return v === undefined ? [] : [{ ...e, value: v }];
        });
        const out: Node = { kind: 'map', entries, src: n.src };
        this.sizes.set(out, size);
        return out;
      }
      case 'seq': {
        let size = 1;
        const items = n.items.flatMap((i) => {
          const v = this.resolve(i, nameMode, depth + 1);
          if (v !== undefined) size += this.sizes.get(v) ?? 1;
          return v ?? [];
        });
        const out: Node = { kind: 'seq', items, src: n.src };
        this.sizes.set(out, size);
        return out;
      }
      default:
        return n;
    }
  }

  /** Counts `k` steps of work; false (and one problem) once the template's bound is crossed. */
  private charge(k: number, src: Src): boolean {
    if (this.spent) return false;
    this.work += k;
    if (this.work <= MAX_RESOLVE_WORK) return true;
    this.spent = true;
    this.problem(
      src,
      `CloudFormation: resolving intrinsic functions takes more than ${MAX_RESOLVE_WORK} steps (mappings or conditions that expand exponentially?); this value and the rest of the template are left unresolved`,
    );
    return false;
  }

  /** One problem per line. */
  private problem(src: Src, message: string): void {
    const key = `${src.startLine}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ file: this.file, line: src.startLine, column: src.startColumn, message });
  }

  private intrinsic(fn: string, arg: Node, src: Src, nameMode: boolean, depth: number): Node | undefined {
    const unknown = () => unresolvedAt(exprOf(fn, arg), src);
    const str = (v: Node | undefined): string | undefined => this.text(v);
    switch (fn) {
      case 'Ref': {
        const name = str(arg);
        return name === undefined ? unknown() : this.ref(name, src, nameMode);
      }
      case 'Fn::GetAtt': {
        const ref = referenceOf({ kind: 'map', entries: [{ key: fn, keySrc: src, value: arg }], src });
        if (!ref?.attribute) return unknown();
        return unresolvedAt(exprOf(fn, arg), src, this.reference(ref.logicalId, ref.attribute));
      }
      case 'Fn::Sub': {
        const [template, vars] = isSeq(arg) ? [arg.items[0], arg.items[1]] : [arg, undefined];
        const text = str(template);
        if (text === undefined) return unknown();
        let known = true;
        const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
          if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
          const name = inner.trim();
          const given = entry(vars, name)?.value;
          let v: Node | undefined;
          if (given !== undefined) v = this.resolve(given, true, depth);
          else if (name.includes('.')) {
            const dot = name.indexOf('.');
            v = this.intrinsic(
              'Fn::GetAtt',
              {
                kind: 'seq',
                items: [
                  { kind: 'scalar', value: name.slice(0, dot), src },
                  { kind: 'scalar', value: name.slice(dot + 1), src },
                ],
                src,
              },
              src,
              true,
              depth,
            );
          } else v = this.ref(name, src, true);
          const s = str(v);
          if (s === undefined) known = false;
          return s ?? whole;
        });
        return known ? scalarAt(out, src, '!Sub') : unknown();
      }
      case 'Fn::Join': {
        const delim = isSeq(arg) ? str(arg.items[0]) : undefined;
        const list = isSeq(arg) ? this.resolve(arg.items[1], true, depth) : undefined;
        if (delim === undefined || !isSeq(list)) return unknown();
        const parts = list.items.map(str);
        if (parts.some((p) => p === undefined)) return unknown();
        return scalarAt(parts.join(delim), src, '!Join');
      }
      case 'Fn::Select': {
        const index = isSeq(arg) ? Number(str(this.resolve(arg.items[0], true, depth))) : Number.NaN;
        const list = isSeq(arg) ? this.resolve(arg.items[1], nameMode, depth) : undefined;
        const item = isSeq(list) && Number.isInteger(index) ? list.items[index] : undefined;
        if (item?.kind === 'unresolved' && item.ref) return { ...item, src };
        if (item === undefined || item.kind === 'unresolved') return unknown();
        return isScalar(item) ? scalarAt(item.value, src, '!Select') : item;
      }
      case 'Fn::Split': {
        const delim = isSeq(arg) ? str(arg.items[0]) : undefined;
        const text = isSeq(arg) ? str(this.resolve(arg.items[1], true, depth)) : undefined;
        if (delim === undefined || delim === '' || text === undefined) return unknown();
        return { kind: 'seq', items: text.split(delim).map((p) => scalarAt(p, src)), src };
      }
      case 'Fn::FindInMap': {
        // AWS::LanguageExtensions adds a fourth item, `{DefaultValue: x}`, for a key not in the map
        const items = isSeq(arg) ? arg.items : [];
        const fallback = items.length === 4 ? entry(items[3], 'DefaultValue')?.value : undefined;
        const keys = items.slice(0, 3).map((i) => str(this.resolve(i, true, depth)));
        if (keys.length !== 3 || keys.some((k) => k === undefined)) return unknown();
        if (items.length === 4 && fallback === undefined) return unknown();
        const [m, top, second] = keys as [string, string, string];
        const v = entry(entry(entry(this.mappings, m)?.value, top)?.value, second)?.value ?? fallback;
        if (v === undefined) return unknown();
        const r = this.resolve(v, nameMode, depth);
        return isScalar(r) ? scalarAt(r.value, src, '!FindInMap') : relocated(r, src);
      }
      case 'Fn::Base64': {
        const text = str(this.resolve(arg, true, depth));
        return text === undefined ? unknown() : scalarAt(Buffer.from(text, 'utf8').toString('base64'), src);
      }
      case 'Fn::Length': {
        const list = this.resolve(arg, false, depth);
        return isSeq(list) ? scalarAt(list.items.length, src) : unknown();
      }
      case 'Fn::ToJsonString': {
        const v = this.resolve(arg, false, depth);
        if (v === undefined || hasUnresolved(v)) return unknown();
        return scalarAt(JSON.stringify(toPlain(v)), src);
      }
      case 'Fn::If': {
        const [name, yes, no] = isSeq(arg) ? arg.items : [];
        const c = name === undefined ? undefined : this.condition(str(name) ?? '', name.src);
        if (c === undefined) return unknown();
        const r = this.resolve(c ? yes : no, nameMode, depth);
        return isScalar(r) ? scalarAt(r.value, src, '!If') : relocated(r, src);
      }
      default:
        // Fn::Equals / Fn::And / Fn::Or / Fn::Not / Condition: condition functions, not values;
        // Fn::GetAZs / Fn::Cidr / Fn::ImportValue / Fn::Transform: known only at deployment.
        return unknown();
    }
  }

  /** A named condition with the parameters' defaults; undefined when it depends on something unknown. */
  condition(name: string, at?: Src): boolean | undefined {
    if (this.conditionValues.has(name)) return this.conditionValues.get(name);
    const n = entry(this.conditions, name)?.value;
    if (n === undefined) return undefined;
    if (this.evaluating.has(name)) {
      if (at)
        this.problem(
          at,
          `CloudFormation: condition ${name} depends on itself (a cycle through conditions); not evaluated`,
        );
      return undefined;
    }
    this.evaluating.add(name);
    try {
      const v = this.truth(n, 0);
      this.conditionValues.set(name, v);
      return v;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private truth(n: Node | undefined, depth: number): boolean | undefined {
    if (n === undefined || !this.charge(1, n.src)) return undefined;
    if (depth > MAX_RESOLVE_DEPTH) {
      this.problem(
        n.src,
        `CloudFormation: a condition nested more than ${MAX_RESOLVE_DEPTH} levels deep is not evaluated`,
      );
      return undefined;
    }
    const intr = intrinsic(n);
    if (!intr) {
      if (isScalar(n) && typeof n.value === 'boolean') return n.value;
      if (isScalar(n) && /^(true|false)$/i.test(String(n.value)))
        return String(n.value).toLowerCase() === 'true';
      return undefined;
    }
    const args = isSeq(intr.arg) ? intr.arg.items : [];
    const all = () => args.map((a) => this.truth(a, depth + 1));
    switch (intr.fn) {
      case 'Condition':
        return isScalar(intr.arg) ? this.condition(String(intr.arg.value), intr.src) : undefined;
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => {
          const v = this.resolve(x, true, depth + 1);
          return isScalar(v) ? String(v.value) : this.text(v);
        });
        if (a === undefined || b === undefined || args.length !== 2) return undefined;
        return a === b;
      }
      case 'Fn::And': {
        const v = all();
        return v.includes(false) ? false : v.length > 0 && v.every((x) => x === true) ? true : undefined;
      }
      case 'Fn::Or': {
        const v = all();
        return v.includes(true) ? true : v.length > 0 && v.every((x) => x === false) ? false : undefined;
      }
      case 'Fn::Not': {
        const v = this.truth(args[0], depth + 1);
        return v === undefined ? undefined : !v;
      }
      default:
        return undefined;
    }
  }

  private ref(name: string, src: Src, nameMode: boolean): Node | undefined {
    if (name === 'AWS::NoValue') return nameMode ? unresolvedAt('!Ref AWS::NoValue', src) : undefined;
    const param = this.params.get(name);
    if (param) {
      const def = entry(param, 'Default')?.value;
      if (!isScalar(def) || def.value === null) return unresolvedAt(`!Ref ${name}`, src);
      const type = entry(param, 'Type')?.value;
      const typeName = isScalar(type) ? String(type.value) : '';
      if (!nameMode && (typeName === 'CommaDelimitedList' || typeName.startsWith('List<'))) {
        const items = String(def.value)
          .split(',')
          .map((s) => scalarAt(s.trim(), src, '!Ref'));
        return { kind: 'seq', items, src };
      }
      return scalarAt(def.value, src, '!Ref');
    }
    return unresolvedAt(`!Ref ${name}`, src, this.reference(name, 'Ref'));
  }
}

function asMap(n: Node | undefined): MapNode | undefined {
  return isMap(n) ? n : undefined;
}

function scalarAt(value: Scalar, src: Src, tag?: string): Node {
  return tag ? { kind: 'scalar', value, src, tag } : { kind: 'scalar', value, src };
}

function unresolvedAt(expr: string, src: Src, ref?: Reference): Node {
  return ref ? { kind: 'unresolved', expr, src, ref } : { kind: 'unresolved', expr, src };
}

/** A reference taken from a branch or mapping is located where it is used, as a scalar would be. */
function relocated(r: Node | undefined, src: Src): Node | undefined {
  return r?.kind === 'unresolved' && r.ref ? { ...r, src } : r;
}

/** Short-form text of an intrinsic, for messages (`!GetAtt Bucket.Arn`, `!If [...]`). */
function exprOf(fn: string, arg: Node): string {
  const short = fn === 'Ref' || fn === 'Condition' ? `!${fn}` : `!${fn.slice(4)}`;
  if (isScalar(arg)) return `${short} ${String(arg.value)}`;
  if (fn === 'Fn::GetAtt' && isSeq(arg))
    return `${short} ${arg.items.map((i) => (isScalar(i) ? i.value : '?')).join('.')}`;
  return `${short} [...]`;
}

/** A `# hako:ignore ID[,ID] reason` comment. */
export interface IgnoreComment {
  rules: string[];
  reason: string;
  src: Src;
}

const IGNORE_RE = /^\s*#\s*hako:ignore\s+(.*?)\s*$/;

/** `# hako:ignore` comments of a YAML text by their 1-based line (whole-line comments only). */
export function ignoreComments(file: string, text: string): Map<number, IgnoreComment> {
  const out = new Map<number, IgnoreComment>();
  if (!text.includes('hako:ignore')) return out;
  text.split('\n').forEach((line, i) => {
    const m = IGNORE_RE.exec(line);
    if (!m) return;
    const words = (m[1] ?? '').split(/\s+/).filter(Boolean);
    const rules: string[] = [];
    let k = 0;
    for (; k < words.length; k++) {
      const w = words[k]!.replace(/:$/, '');
      const parts = w.split(',').filter(Boolean);
      if (parts.length === 0 || !parts.every((p) => /^[A-Za-z]+-\d+$/.test(p))) break;
      rules.push(...parts.map((p) => p.toUpperCase()));
      if (words[k]!.endsWith(':')) {
        k++;
        break;
      }
    }
    const col = line.indexOf('#') + 1;
    out.set(i + 1, {
      rules,
      reason: words.slice(k).join(' '),
      src: {
        file,
        startLine: i + 1,
        startColumn: col,
        endLine: i + 1,
        endColumn: line.trimEnd().length + 1,
      },
    });
  });
  return out;
}

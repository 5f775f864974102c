/**
 * Terraform plan and state JSON (`terraform show -json <planfile>` / `terraform show -json`) into
 * the same `TfResource`s the HCL reader gives, so every Terraform rule runs on them unchanged.
 *
 * Values: a plan's `resource_changes[].change.after` (resources being deleted are skipped), else
 * `planned_values` / state `values` (root module and child modules). What the JSON says about them:
 * - `null` and empty lists are "not set": the adapter applies the provider default, exactly as for
 *   an argument left out of a `.tf` file (Terraform itself stores an omitted optional argument as
 *   null, and an omitted block as an empty list) — except an empty list the configuration writes
 *   (`managed_policy_arns = []`: "none").
 * - A value "known after apply" (`after_unknown`) is looked up in the plan's `configuration`:
 *   not written there → not set (the provider or AWS picks it: the default), a single reference to a
 *   resource hako models (`aws_iam_role.x.arn`) → the same synthetic identifier the HCL reader gives
 *   (`arn:aws:iam::<unknown>:role/NAME`), so joins work; anything else stays unresolved, with the
 *   reference text as its expression.
 *
 * Locations: when the `.tf` files of the same configuration are scanned too, each plan resource
 * replaces the HCL resource with the same address (or its unexpanded `count`/`for_each` block) —
 * of the root module nearest the plan file, when several roots share addresses — and takes the HCL
 * positions: every value points at the argument that wrote it, values the provider
 * filled in point at the resource block, and JSON carried in strings (`container_definitions`,
 * `policy`) is matched key by key with its `jsonencode(...)`/heredoc/`file()` source. The HCL
 * resource's `# hako:ignore` comments carry over. Without the `.tf` files, findings point into the
 * plan JSON itself.
 */
import type { Src } from '../../model/source.js';
import { withText } from '../../notes.js';
import type { ParseError } from '../../parse/common.js';
import { jsonFromString } from '../../parse/hcl/evaluate.js';
import type { TfResource } from '../../parse/hcl/module.js';
import {
  entry,
  get,
  isMap,
  isScalar,
  isSeq,
  items,
  type MapEntry,
  type MapNode,
  mapSrc,
  type Node,
  scalarString,
} from '../../parse/tree.js';
import { parseYaml } from '../../parse/yaml.js';
import { referenceText } from './references.js';

export interface PlanDoc {
  file: string;
  node: MapNode;
}

/** `terraform show -json` output: a plan (`planned_values`/`resource_changes`) or a state (`values`). */
export function isTerraformPlan(n: Node): boolean {
  if (!isMap(n) || entry(n, 'format_version') === undefined) return false;
  return (
    entry(n, 'terraform_version') !== undefined &&
    ['planned_values', 'resource_changes', 'values'].some((k) => entry(n, k) !== undefined)
  );
}

interface Raw {
  type: string;
  address: string;
  /** Module path with a trailing dot (`module.x.`), `''` at the root. */
  prefix: string;
  values: MapNode;
  unknown: Node | undefined;
}

/** The resources of one plan/state document, with their values as the adapters expect them. */
export function planResources(plan: PlanDoc, errors: ParseError[]): TfResource[] {
  const { file, node } = plan;
  const major = scalarString(get(node, 'format_version'))?.split('.')[0];
  if (major !== undefined && major !== '0' && major !== '1') {
    errors.push({
      file,
      line: node.src.startLine,
      ...withText('message', 'planFormatVersion', {
        version: scalarString(get(node, 'format_version')) ?? '',
      }),
    });
    return [];
  }
  if (
    get(node, 'errored')?.kind === 'scalar' &&
    (get(node, 'errored') as { value: unknown }).value === true
  ) {
    errors.push({
      file,
      line: node.src.startLine,
      ...withText('message', 'planErrored'),
    });
  }
  const raws = rawResources(node);
  const config = configExpressions(get(node, 'configuration'));
  const names = new Map<string, string>();
  for (const r of raws) names.set(r.address, nameOf(r));
  const refs: RefContext = { names };
  return raws.map((r): TfResource => {
    const cfg = config.get(configKey(r.prefix, r.address.slice(r.prefix.length)));
    const where: Cfg = config.size === 0 ? NONE : { kind: 'block', node: cfg ?? EMPTY };
    const body = valueNode(r.values, r.unknown, where, r.prefix, refs);
    const res: TfResource = {
      type: r.type,
      address: r.address,
      name: names.get(r.address) ?? r.address,
      body: isMap(body) ? body : { kind: 'map', entries: [], src: r.values.src },
      ignores: [],
    };
    planFileOf.set(res, file);
    return res;
  });
}

/** The plan file each resource of `planResources` came from (several roots may share addresses). */
const planFileOf = new WeakMap<TfResource, string>();

const EMPTY: MapNode = {
  kind: 'map',
  entries: [],
  src: { file: '', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
};

function rawResources(plan: MapNode): Raw[] {
  const changes = get(plan, 'resource_changes');
  if (isSeq(changes)) {
    const out: Raw[] = [];
    for (const rc of changes.items) {
      if (scalarString(get(rc, 'mode')) !== 'managed') continue;
      const change = get(rc, 'change');
      const actions = items(get(change, 'actions')).map(scalarString);
      const after = get(change, 'after');
      if (!isMap(after) || (actions.length === 1 && actions[0] === 'delete')) continue;
      const address = scalarString(get(rc, 'address'));
      const type = scalarString(get(rc, 'type'));
      if (address === undefined || type === undefined) continue;
      const mod = scalarString(get(rc, 'module_address'));
      out.push({
        type,
        address,
        prefix: mod ? `${mod}.` : '',
        values: after,
        unknown: get(change, 'after_unknown'),
      });
    }
    return out;
  }
  const root = get(get(plan, 'planned_values') ?? get(plan, 'values'), 'root_module');
  const out: Raw[] = [];
  const walk = (m: Node | undefined) => {
    const mod = scalarString(get(m, 'address'));
    for (const r of items(get(m, 'resources'))) {
      const values = get(r, 'values');
      const address = scalarString(get(r, 'address'));
      const type = scalarString(get(r, 'type'));
      if (scalarString(get(r, 'mode')) !== 'managed' || !isMap(values) || !address || !type) continue;
      out.push({ type, address, prefix: mod ? `${mod}.` : '', values, unknown: undefined });
    }
    for (const c of items(get(m, 'child_modules'))) walk(c);
  };
  walk(root);
  return out;
}

/** `aws_x.y["k"]` → `aws_x.y`; `module.m[0].aws_x.y` keeps its module part. */
function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/** Module instance keys are not part of the configuration's addresses. */
function configKey(prefix: string, rel: string): string {
  return `${prefix.replace(/\[[^\]]*\]/g, '')}${baseAddress(rel)}`;
}

/** `configuration` resources by address (module instance keys dropped), their `expressions`. */
function configExpressions(conf: Node | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  const walk = (m: Node | undefined, prefix: string, depth: number) => {
    if (m === undefined || depth > 16) return;
    for (const r of items(get(m, 'resources'))) {
      if (scalarString(get(r, 'mode')) !== 'managed') continue;
      const type = scalarString(get(r, 'type'));
      const name = scalarString(get(r, 'name'));
      if (type && name) out.set(`${prefix}${type}.${name}`, get(r, 'expressions') ?? EMPTY);
    }
    const calls = get(m, 'module_calls');
    if (isMap(calls))
      for (const c of calls.entries) walk(get(c.value, 'module'), `${prefix}module.${c.key}.`, depth + 1);
  };
  walk(get(conf, 'root_module'), '', 0);
  return out;
}

function nameOf(r: Raw): string {
  const key = r.type === 'aws_ecs_task_definition' ? 'family' : 'name';
  const v = scalarString(get(r.values, key));
  return v !== undefined && v !== '' ? v : r.address;
}

interface RefContext {
  /** Resource names by address, for synthetic identifiers. */
  names: Map<string, string>;
}

/** A configuration expression object (`{references}` / `{constant_value}` / `{}`), not a block. */
function isExpression(n: Node | undefined): boolean {
  return isMap(n) && n.entries.every((e) => e.key === 'references' || e.key === 'constant_value');
}

/** The attribute references of an expression, in order (`aws_iam_role.x.arn`), without their bare resource forms. */
function attributeRefs(expr: Node | undefined): string[] {
  return items(get(expr, 'references'))
    .map(scalarString)
    .filter(
      (s): s is string =>
        s !== undefined && /^[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.[a-z0-9_]+/.test(s),
    );
}

/** A value known after apply: its synthetic identifier when it is one reference to a modelled resource. */
function unknownValue(at: Src, ref: string | undefined, prefix: string, refs: RefContext): Node {
  if (
    ref !== undefined &&
    !ref.startsWith('data.') &&
    !ref.startsWith('module.') &&
    !ref.startsWith('var.')
  ) {
    const m = /^([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(\[[^\]]+\])?\.([a-z0-9_]+)/.exec(ref);
    if (m) {
      const [, type = '', name = '', index = '', attr = ''] = m;
      const target = [`${prefix}${type}.${name}${index}`, `${prefix}${type}.${name}`].find((a) =>
        refs.names.has(a),
      );
      if (target !== undefined) {
        const address = `${prefix}${type}.${name}`;
        const name_ = refs.names.get(target) ?? target;
        const ref = { format: 'terraform' as const, scope: '', address, type, attribute: attr, name: name_ };
        // rendered by the adapter (references.ts) like a reference the HCL evaluator leaves
        if (referenceText(ref) !== undefined)
          return { kind: 'unresolved', expr: ref.address + '.' + attr, src: at, ref };
      }
    }
  }
  return { kind: 'unresolved', expr: ref ?? 'known after apply', src: at };
}

/**
 * Where a value sits in the configuration: inside a block (whose `node` holds the expressions of
 * its arguments and nested blocks, undefined when the block was not written), inside an argument's
 * value (`node`: that argument's expression), or nowhere known (the plan has no configuration).
 */
type Cfg =
  | { kind: 'none' }
  | { kind: 'block'; node: Node | undefined }
  | { kind: 'expr'; node: Node | undefined };

const NONE: Cfg = { kind: 'none' };

/** The configuration of a block's member `key`: a nested block or an argument. */
function memberCfg(cfg: Cfg, key: string): Cfg {
  if (cfg.kind === 'none') return NONE;
  if (cfg.kind === 'expr') return { kind: 'expr', node: undefined };
  const n = get(cfg.node, key);
  if (n === undefined || isSeq(n) || !isExpression(n)) return { kind: 'block', node: n };
  return { kind: 'expr', node: n };
}

/** One value of `after` with its `after_unknown` twin and its place in the configuration. */
function valueNode(
  v: Node,
  unknown: Node | undefined,
  cfg: Cfg,
  prefix: string,
  refs: RefContext,
): Node | undefined {
  if (isScalar(v) && v.value === null) return undefined;
  if (isMap(v)) {
    const entries: MapEntry[] = [];
    const seen = new Set<string>();
    const add = (key: string, keySrc: Src, value: Node | undefined) => {
      if (value === undefined) return;
      // An empty list is an omitted block or argument, unless the configuration writes it
      // (`managed_policy_arns = []` means "none", not "not managed").
      if (isSeq(value) && value.items.length === 0) {
        const c = memberCfg(cfg, key);
        if (!(c.kind === 'expr' && c.node !== undefined)) return;
      }
      entries.push({ key, keySrc, value });
    };
    for (const e of v.entries) {
      seen.add(e.key);
      const u = get(unknown, e.key);
      if (isTrue(u) && isScalar(e.value) && e.value.value === null)
        add(e.key, e.keySrc, unknownAt(e.keySrc, memberCfg(cfg, e.key), prefix, refs));
      else add(e.key, e.keySrc, valueNode(e.value, u, memberCfg(cfg, e.key), prefix, refs));
    }
    // Keys known only after apply are absent from `after`.
    if (isMap(unknown)) {
      for (const e of unknown.entries) {
        if (seen.has(e.key) || !isTrue(e.value)) continue;
        add(e.key, v.src, unknownAt(v.src, memberCfg(cfg, e.key), prefix, refs));
      }
    }
    return { kind: 'map', entries, src: v.src };
  }
  if (isSeq(v)) {
    const pending = cfg.kind === 'expr' ? attributeRefs(cfg.node) : [];
    const out: Node[] = [];
    v.items.forEach((it, i) => {
      const u = isSeq(unknown) ? unknown.items[i] : undefined;
      if (isTrue(u) && isScalar(it) && it.value === null) {
        out.push(
          unknownValue(it.src, pending.length === v.items.length ? pending[i] : undefined, prefix, refs),
        );
        return;
      }
      let c: Cfg = cfg;
      if (cfg.kind === 'expr') c = { kind: 'expr', node: undefined };
      else if (cfg.kind === 'block')
        c = { kind: 'block', node: isSeq(cfg.node) ? cfg.node.items[i] : cfg.node };
      const n = valueNode(it, u, c, prefix, refs);
      if (n !== undefined) out.push(n);
    });
    return { kind: 'seq', items: out, src: v.src };
  }
  return v;
}

function isTrue(n: Node | undefined): boolean {
  return isScalar(n) && n.value === true;
}

/** An unknown value at `at`; undefined when the configuration does not write it (the default applies). */
function unknownAt(at: Src, cfg: Cfg, prefix: string, refs: RefContext): Node | undefined {
  if (cfg.kind === 'block')
    return cfg.node === undefined ? undefined : { kind: 'unresolved', expr: 'known after apply', src: at };
  if (cfg.kind === 'none' || cfg.node === undefined)
    return { kind: 'unresolved', expr: 'known after apply', src: at };
  const attrRefs = attributeRefs(cfg.node);
  return unknownValue(at, attrRefs.length === 1 ? attrRefs[0] : undefined, prefix, refs);
}

// --- plan + HCL: one resource per address, at the HCL positions ------------------------------

/**
 * The resources of a scan that has both: a plan resource replaces the HCL resource with its address
 * (or the unexpanded block it is an instance of) and takes its positions and suppressions.
 */
export function mergePlanWithHcl(hcl: TfResource[], planned: TfResource[]): TfResource[] {
  if (planned.length === 0) return hcl;
  const byAddress = new Map<string, TfResource[]>();
  for (const r of hcl) byAddress.set(r.address, [...(byAddress.get(r.address) ?? []), r]);
  const replaced = new Set<TfResource>();
  const merged = planned.map((p) => {
    const candidates = byAddress.get(p.address) ?? byAddress.get(baseAddress(p.address)) ?? [];
    const twin = nearest(candidates, planFileOf.get(p));
    if (!twin) return p;
    replaced.add(twin);
    const body = remap(p.body, twin.body, twin.body.src);
    return {
      ...p,
      body: isMap(body) ? body : p.body,
      ignores: twin.ignores,
      written: twin.body,
      ...(twin.hcl ? { hcl: twin.hcl } : {}),
    };
  });
  return [...hcl.filter((r) => !replaced.has(r)), ...merged];
}

/**
 * Of the HCL resources with a plan resource's address, the one of its root module: several roots
 * scanned together (`prod/`, `staging/`) have the same addresses, and each root's plan sits in
 * (or above) its own directory. The HCL file sharing the most leading directories with the plan
 * file wins; on a tie, the first.
 */
function nearest(candidates: TfResource[], planFile: string | undefined): TfResource | undefined {
  if (candidates.length <= 1 || planFile === undefined) return candidates[0];
  const dirs = (f: string) => f.split('/').slice(0, -1);
  const planDirs = dirs(planFile);
  let best: TfResource | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    const d = dirs(c.body.src.file);
    let score = 0;
    while (score < d.length && score < planDirs.length && d[score] === planDirs[score]) score++;
    // A resource whose file is in the plan's own directory beats one in a subdirectory of it.
    if (d.length === planDirs.length && score === d.length) score += 0.5;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** Moves every position of `n` to `at`. */
const relocated = (n: Node, at: Src): Node => mapSrc(n, () => at);

/** JSON held in a string (a plan's `container_definitions`, `policy`), as a tree; undefined when it is not JSON. */
function jsonInString(n: Node): Node | undefined {
  if (!isScalar(n) || typeof n.value !== 'string' || !/^\s*[[{]/.test(n.value)) return undefined;
  return jsonFromString(n);
}

/** YAML held in a string (`yamlencode(...)` of a list or map, e.g. aws-auth `mapRoles`); undefined otherwise. */
function yamlInString(n: Node): Node | undefined {
  if (!isScalar(n) || typeof n.value !== 'string') return undefined;
  const parsed = parseYaml(n.src.file, n.value);
  const doc = parsed.docs[0];
  if (parsed.errors.length > 0 || parsed.docs.length !== 1 || !doc || !(isMap(doc.node) || isSeq(doc.node)))
    return undefined;
  return relocated(doc.node, n.src);
}

/**
 * The plan value `p` at the positions of its HCL twin `h` (`fallback`: the nearest written
 * ancestor, for values the provider filled in).
 */
function remap(p: Node, h: Node | undefined, fallback: Src): Node {
  if (h === undefined) return relocated(p, fallback);
  // Known after apply, but the HCL reader resolved it (or keeps its own unresolved expression).
  if (p.kind === 'unresolved') return h;
  if (h.kind === 'unresolved') return relocated(p, h.src);
  if (isScalar(p) && !isScalar(h)) {
    // The HCL wrote a structure the plan holds as text: jsonencode(...) or yamlencode(...).
    const tree = jsonInString(p) ?? yamlInString(p);
    if (tree) return remap(tree, h, h.src);
    return { ...p, src: h.src };
  }
  if (isScalar(p) && isScalar(h) && typeof h.value === 'string' && typeof p.value === 'string') {
    const pt = jsonInString(p);
    const ht = pt ? jsonFromString(h) : undefined;
    if (pt && ht) return remap(pt, ht, h.src);
  }
  if (isMap(p) && isMap(h)) {
    return {
      kind: 'map',
      src: h.src,
      entries: p.entries.map((e) => {
        const he = entry(h, e.key);
        return {
          key: e.key,
          keySrc: he?.keySrc ?? h.src,
          value: remap(e.value, he?.value, he?.value.src ?? h.src),
        };
      }),
    };
  }
  if (isSeq(p) && isSeq(h)) {
    const used = new Set<number>();
    return {
      kind: 'seq',
      src: h.src,
      items: p.items.map((it, i) => {
        const j = matchItem(it, h.items, i, used);
        if (j === undefined) return relocated(it, h.src);
        used.add(j);
        return remap(it, h.items[j], h.items[j]?.src ?? h.src);
      }),
    };
  }
  return relocated(p, h.src);
}

/**
 * The HCL item a plan item came from. Sets of blocks (`setting`, `ingress`) come back from the
 * provider in another order than written, so a map is matched by the most equal scalar arguments;
 * anything else by position.
 */
function matchItem(it: Node, candidates: Node[], i: number, used: Set<number>): number | undefined {
  if (!isMap(it)) return i < candidates.length ? i : undefined;
  let best: number | undefined;
  let bestScore = -1;
  candidates.forEach((c, j) => {
    if (used.has(j) || !isMap(c)) return;
    let score = 0;
    for (const e of it.entries) {
      const ce = get(c, e.key);
      if (isScalar(e.value) && isScalar(ce) && String(e.value.value) === String(ce.value)) score++;
    }
    if (score > bestScore || (score === bestScore && j === i)) {
      best = j;
      bestScore = score;
    }
  });
  return best;
}

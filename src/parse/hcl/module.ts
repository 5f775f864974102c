/**
 * Terraform configurations: the `.tf` files of one directory form a module. Directories that no
 * other scanned module calls are root modules (variables from `terraform.tfvars`, then
 * `*.auto.tfvars` in name order, over the defaults); a local module call
 * (`module "x" { source = "./mod" }`) reads that directory's files with the variables bound from
 * the call's arguments, and its resources get the address prefix `module.x.`.
 *
 * Each managed resource (and each module call) becomes one instance per `count` index /
 * `for_each` key when the collection resolves (`type.name[0]`, `module.x["key"].`); `count = 0` or
 * an empty collection means none. When it does not resolve there is one instance with
 * `count.index` / `each.*` unresolved, marked with `presence` (it may not exist at all).
 *
 * Never silent, never unbounded: a module call that is not read (remote source, local directory
 * without `.tf` files) is a `skipped` entry; a module cycle, the depth limit, and the instance
 * limits below are errors (HAKO-001) at the block where they stop the expansion.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { type Note, withText } from '../../notes.js';
import type { Src } from '../../source.js';
import type { ParseError } from '../common.js';
import type { MapNode, Node } from '../tree.js';
import {
  asNumber,
  blockAddress,
  type EvalEnv,
  type EvalHooks,
  evalBody,
  evalExpr,
  type ModuleCtx,
  type Presence,
  resourceName,
  type TfSkipped,
} from './evaluate.js';
import {
  type HclBlock,
  type HclFile,
  type HclIgnore,
  HclRuntimeReset,
  parseHcl,
  stringLitText,
} from './syntax.js';

export type { Presence, TfSkipped } from './evaluate.js';

export interface TfSource {
  /** Display path (relative posix). */
  display: string;
  text: string;
  /** Absolute path when read from disk. */
  abs?: string;
}

export interface TfResource {
  type: string;
  /** Address with module path and instance key: `module.x.aws_ecs_service.web["a"]`. */
  address: string;
  /** The name it is known by: its `name` (task definitions: `family`) when known, else its address. */
  name: string;
  /** The evaluated body. */
  body: MapNode;
  /** `# hako:ignore` comments on the line above the block or inside it. */
  ignores: HclIgnore[];
  /**
   * The HCL body as written, when `body` holds a plan's values for it: schema checks judge what
   * was written (the provider silently drops unknown container-definition keys from the plan).
   */
  written?: MapNode;
  /** Where it was written (absent for a resource read only from a plan). */
  hcl?: { block: HclBlock; module: ModuleCtx; env: EvalEnv };
  /** Set when its `count` / `for_each` (or its module call's) did not resolve: it may not exist. */
  presence?: Presence;
}

export interface TfLoaded {
  resources: TfResource[];
  /** Files read by `file()`: content of the configuration, not inputs of their own. */
  read: Set<string>;
  errors: ParseError[];
  /** Parts not read (remote modules, `file()` outside the scanned tree), by file and line. */
  skipped: TfSkipped[];
  /** Nothing to release any more (kept for callers): the WASM trees are deleted at parse time. */
  dispose: () => void;
}

const MAX_MODULE_DEPTH = 8;
/**
 * Expansion limits. Far above real configurations (the largest public root modules expand to a
 * few hundred module instances and a few thousand resources) and low enough that a hostile
 * fan-out (`a/` calling `../b` eight times, `b/` calling `../c` eight times, ...) or a
 * `count = 1e9` ends in seconds: each resource instance costs ~0.1 ms to evaluate.
 */
export const MAX_MODULE_INSTANCES = 10_000;
export const MAX_RESOURCE_INSTANCES = 50_000;
/** Instances of one `count` / `for_each` block. */
export const MAX_BLOCK_INSTANCES = 1_000;

export interface LoadTerraformOptions {
  /** Whether `file()` may read this absolute path (the scanned tree); default: any. */
  within?: (abs: string) => boolean;
  /** What the evaluator asks the adapter (references in strings, data sources): see EvalHooks. */
  hooks?: EvalHooks;
}

/** One instance of a `count` / `for_each` block: its key and what `count.index` / `each` are. */
interface Instance {
  key?: string;
  count?: Node;
  each?: { key: Node; value: Node };
}

const isTfvars = (f: string) => f.toLowerCase().endsWith('.tfvars');
const isTerraform = (f: string) => isTfvars(f) || f.toLowerCase().endsWith('.tf');

/**
 * `inputs` may hold other files of the scan too: only `.tf`/`.tfvars` are read as Terraform, the
 * rest is what `file()` finds before it looks on disk.
 */
export function loadTerraform(
  inputs: TfSource[],
  readDisk?: (abs: string) => string | undefined,
  opts: LoadTerraformOptions = {},
): TfLoaded {
  // A parser runtime lost to a WASM abort kills every tree of the load: start over (the file
  // that aborted is refused from then on), a bounded number of times.
  for (let attempt = 0; ; attempt++) {
    try {
      return loadOnce(inputs, readDisk, opts);
    } catch (e) {
      if (!(e instanceof HclRuntimeReset)) throw e;
      if (attempt >= 3) {
        // never reached in practice (without a runtime parseHcl reports instead of throwing)
        const errors = inputs
          .filter((s) => isTerraform(s.display))
          .map((s) => ({ file: s.display, line: 1, ...withText('message', 'hclRuntimeFailed') }));
        return { resources: [], read: new Set(), errors, skipped: [], dispose: () => {} };
      }
    }
  }
}

function loadOnce(
  inputs: TfSource[],
  readDisk: ((abs: string) => string | undefined) | undefined,
  opts: LoadTerraformOptions,
): TfLoaded {
  const sources = inputs.filter((s) => isTerraform(s.display));
  const skipped: TfSkipped[] = [];
  const noted = new Set<string>();
  const skip = (s: TfSkipped) => {
    const k = `${s.file}\0${s.line}\0${s.reason}`;
    if (noted.has(k)) return;
    noted.add(k);
    skipped.push(s);
  };
  const errorOnce = (
    file: string,
    line: number,
    text: Note & { message: string },
    key = `${file}\0${line}`,
  ) => {
    if (noted.has(`error\0${key}`)) return;
    noted.add(`error\0${key}`);
    errors.push({ file, line, ...text });
  };
  let moduleInstances = 0;
  let resourceInstances = 0;
  const visited = new Set<string>();
  const errors: ParseError[] = [];
  const read = new Set<string>();
  const parsed: HclFile[] = [];
  const byDisplay = new Map(inputs.map((s) => [path.posix.normalize(s.display), s] as const));
  const parsedCache = new Map<string, HclFile>();
  const parse = (display: string, text: string): HclFile => {
    const hit = parsedCache.get(display);
    if (hit) return hit;
    let f: HclFile;
    try {
      f = parseHcl(display, text);
    } catch (e) {
      if (e instanceof HclRuntimeReset) {
        errors.push({
          file: display,
          line: 1,
          ...withText('message', 'hclRuntimeFailedFile'),
        });
      }
      throw e;
    }
    parsedCache.set(display, f);
    parsed.push(f);
    errors.push(...f.errors);
    return f;
  };
  const readText = (display: string, abs?: string): string | undefined => {
    const s = byDisplay.get(path.posix.normalize(display));
    if (s) return s.text;
    return abs && readDisk ? readDisk(abs) : undefined;
  };

  // Group the inputs by directory.
  const dirs = new Map<string, { files: TfSource[]; absDir?: string }>();
  for (const s of sources) {
    const dir = path.posix.dirname(path.posix.normalize(s.display));
    const d = dirs.get(dir) ?? { files: [] };
    d.files.push(s);
    if (s.abs) d.absDir = path.dirname(s.abs);
    dirs.set(dir, d);
  }
  const filesOf = (dir: string, absDir: string | undefined): TfSource[] => {
    const listed = dirs.get(dir)?.files;
    if (listed) return listed;
    if (!absDir || !readDisk) return [];
    let names: string[];
    try {
      names = readdirSync(absDir).filter((n) => n.endsWith('.tf') || n.endsWith('.tfvars'));
    } catch {
      return [];
    }
    return names.flatMap((n) => {
      const abs = path.join(absDir, n);
      const text = readDisk(abs);
      return text === undefined ? [] : [{ display: path.posix.join(dir, n), text, abs }];
    });
  };

  // Directories called as local modules by another scanned directory are not roots.
  const called = new Set<string>();
  for (const [dir, d] of dirs) {
    for (const s of d.files) {
      if (isTfvars(s.display)) continue;
      for (const b of parse(s.display, s.text).blocks) {
        const src = moduleSource(b);
        if (b.type === 'module' && src?.local !== undefined) {
          const target = joinDir(dir, src.local);
          if (target !== dir) called.add(target);
        }
      }
    }
  }

  const resources: TfResource[] = [];
  /** The module directories being expanded, outermost first (cycle detection). */
  const stack: string[] = [];
  const instantiate = (
    dir: string,
    absDir: string | undefined,
    prefix: string,
    bind: (m: ModuleCtx) => Map<string, Node>,
    depth: number,
    root: string,
    presence: Presence | undefined,
  ) => {
    const files = filesOf(dir, absDir);
    const m: ModuleCtx = {
      dir,
      ...(absDir !== undefined ? { absDir } : {}),
      prefix,
      root,
      ...(presence ? { presence } : {}),
      files: [],
      vars: new Map(),
      locals: new Map(),
      localCache: new Map(),
      localBusy: new Set(),
      resources: new Map(),
      data: new Map(),
      readText,
      ...(opts.hooks ? { hooks: opts.hooks } : {}),
      ...(opts.within ? { within: opts.within } : {}),
      read,
      errors,
      skip,
    };
    const tfvars: HclFile[] = [];
    for (const s of files) {
      const f = parse(s.display, s.text);
      if (isTfvars(s.display)) tfvars.push(f);
      else m.files.push(f);
    }
    for (const f of m.files) {
      for (const b of f.blocks) {
        if (b.type === 'locals')
          for (const a of b.attributes) m.locals.set(a.name, { attr: a, file: f.file });
        if (b.type === 'resource' && b.labels.length >= 2)
          m.resources.set(`${b.labels[0]}.${b.labels[1]}`, b);
        if (b.type === 'data' && b.labels.length >= 2) m.data.set(`${b.labels[0]}.${b.labels[1]}`, b);
      }
    }
    // Variables: defaults, then tfvars (root only) or the call's arguments.
    const env0: EvalEnv = { m, file: m.files[0]?.file ?? dir, depth: 0 };
    for (const f of m.files) {
      for (const b of f.blocks) {
        if (b.type !== 'variable' || !b.labels[0]) continue;
        const def = b.attributes.findLast((a) => a.name === 'default');
        m.vars.set(
          b.labels[0],
          def
            ? evalExpr(def.expr, { ...env0, file: f.file })
            : { kind: 'unresolved', expr: `var.${b.labels[0]}`, src: b.src },
        );
      }
    }
    if (prefix === '') {
      const ordered = [
        ...tfvars.filter((f) => path.posix.basename(f.file) === 'terraform.tfvars'),
        ...tfvars
          .filter((f) => f.file.endsWith('.auto.tfvars'))
          .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
      ];
      for (const f of ordered)
        for (const a of f.attributes) m.vars.set(a.name, evalExpr(a.expr, { m, file: f.file, depth: 0 }));
    } else for (const [k, v] of bind(m)) m.vars.set(k, v);

    const key = absDir ?? dir;
    visited.add(dir);
    stack.push(key);
    try {
      // Module calls first, so the resources of this module can read their outputs.
      for (const f of m.files)
        for (const b of f.blocks) if (b.type === 'module' && b.labels[0]) callModule(m, f, b, depth, root);
      for (const f of m.files)
        for (const b of f.blocks)
          if (b.type === 'resource' && b.labels.length >= 2)
            for (const inst of instances(m, b, f)) resources.push(inst);
    } finally {
      stack.pop();
    }
    return m;
  };

  const instances = (m: ModuleCtx, b: HclBlock, f: HclFile): TfResource[] => {
    const base = blockAddress(m, b);
    const type = b.labels[0] ?? '';
    const ignores = ignoresFor(f, b);
    const name = resourceName(m, b);
    const env: EvalEnv = { m, file: f.file, depth: 0 };
    const out: TfResource[] = [];
    const exp = expand(b, env);
    for (const inst of exp.list) {
      if (resourceInstances >= MAX_RESOURCE_INSTANCES) {
        errorOnce(
          f.file,
          b.src.startLine,
          withText('message', 'hclResourceLimit', { max: MAX_RESOURCE_INSTANCES }),
          'resource-limit',
        );
        break;
      }
      resourceInstances++;
      const ienv: EvalEnv = {
        ...env,
        ...(inst.count ? { count: inst.count } : {}),
        ...(inst.each ? { each: inst.each } : {}),
      };
      const presence = exp.presence ?? m.presence;
      out.push({
        type,
        address: inst.key !== undefined ? `${base}[${inst.key}]` : base,
        name,
        body: evalBody(b, ienv),
        ignores,
        hcl: { block: b, module: m, env: ienv },
        ...(presence ? { presence } : {}),
      });
    }
    return out;
  };

  /** The instances of a block by its `count` / `for_each` (evaluated in `env`). */
  const expand = (b: HclBlock, env: EvalEnv): { list: Instance[]; presence?: Presence } => {
    const count = b.attributes.findLast((a) => a.name === 'count');
    const forEach = b.attributes.findLast((a) => a.name === 'for_each');
    const unknown = (
      attr: NonNullable<typeof count>,
      u: Instance,
    ): { list: Instance[]; presence: Presence } => ({
      list: [u],
      presence: { src: attr.src, expression: `${attr.name} = ${clip(attr.expr.text)}` },
    });
    const bounded = <T>(attr: NonNullable<typeof count>, all: T[], total: number): T[] => {
      if (total <= MAX_BLOCK_INSTANCES) return all;
      errorOnce(
        env.file,
        attr.src.startLine,
        withText('message', 'hclBlockLimit', {
          expression: `${attr.name} = ${clip(attr.expr.text)}`,
          total,
          max: MAX_BLOCK_INSTANCES,
        }),
      );
      return all.slice(0, MAX_BLOCK_INSTANCES);
    };
    if (count) {
      const n = evalExpr(count.expr, env);
      const v = asNumber(n);
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
        const list: Instance[] = [];
        for (let i = 0; i < Math.min(v, MAX_BLOCK_INSTANCES); i++)
          list.push({ key: String(i), count: { kind: 'scalar', value: i, src: n.src } });
        return { list: bounded(count, list, v) };
      }
      return unknown(count, { count: { kind: 'unresolved', expr: 'count.index', src: count.src } });
    }
    if (forEach) {
      const c = evalExpr(forEach.expr, env);
      const u: Node = { kind: 'unresolved', expr: 'each', src: forEach.src };
      const pairs: Instance[] = [];
      const seen = new Set<string>();
      if (c.kind === 'map') {
        for (const e of c.entries) {
          if (seen.has(e.key)) continue;
          seen.add(e.key);
          pairs.push({
            key: JSON.stringify(e.key),
            each: { key: scalarAt(e.key, e.keySrc), value: e.value },
          });
        }
      } else if (c.kind === 'seq') {
        for (const it of c.items) {
          if (it.kind !== 'scalar' || it.value === null)
            return unknown(forEach, { each: { key: u, value: u } });
          const k = String(it.value);
          if (seen.has(k)) continue;
          seen.add(k);
          pairs.push({ key: JSON.stringify(k), each: { key: it, value: it } });
        }
      } else return unknown(forEach, { each: { key: u, value: u } });
      return { list: bounded(forEach, pairs, pairs.length) };
    }
    return { list: [{}] };
  };

  const callModule = (m: ModuleCtx, f: HclFile, b: HclBlock, depth: number, root: string) => {
    const label = b.labels[0] ?? '';
    const source = moduleSource(b);
    const line = b.src.startLine;
    if (source?.local === undefined) {
      skip({
        file: f.file,
        line,
        ...(source
          ? withText('reason', 'moduleNotLocal', { label, source: clip(source.text) })
          : withText('reason', 'moduleSourceNotLiteral', { label })),
      });
      return;
    }
    const childDir = joinDir(m.dir, source.local);
    const childAbs =
      dirs.get(childDir)?.absDir ??
      (m.absDir !== undefined ? path.resolve(m.absDir, source.local) : undefined);
    const childKey = childAbs ?? childDir;
    // Reached from a root, even with no instance (`count = 0`): not a root of its own.
    visited.add(childDir);
    const cycleAt = stack.indexOf(childKey);
    if (childDir === m.dir || cycleAt >= 0) {
      const chain = [...stack.slice(Math.max(cycleAt, 0)).map(displayOf), displayOf(childKey)];
      const cycleKey = `cycle\0${[...new Set(chain)].sort().join('\0')}`;
      errorOnce(
        f.file,
        line,
        withText('message', 'hclModuleCycle', { label, source: source.local, chain: chain.join(' -> ') }),
        cycleKey,
      );
      return;
    }
    if (depth + 1 > MAX_MODULE_DEPTH) {
      errorOnce(f.file, line, withText('message', 'hclModuleDepth', { label, max: MAX_MODULE_DEPTH }));
      return;
    }
    if (filesOf(childDir, childAbs).length === 0) {
      skip({
        file: f.file,
        line,
        ...withText('reason', 'moduleNoFiles', { label, source: source.local }),
      });
      return;
    }
    const callEnv: EvalEnv = { m, file: f.file, depth: 0 };
    const exp = expand(b, callEnv);
    for (const inst of exp.list) {
      if (moduleInstances >= MAX_MODULE_INSTANCES) {
        errorOnce(
          f.file,
          line,
          withText('message', 'hclModuleLimit', { label, max: MAX_MODULE_INSTANCES }),
          'module-limit',
        );
        return;
      }
      moduleInstances++;
      const ienv: EvalEnv = {
        ...callEnv,
        ...(inst.count ? { count: inst.count } : {}),
        ...(inst.each ? { each: inst.each } : {}),
      };
      const presence = exp.presence ?? m.presence;
      const child = instantiate(
        childDir,
        childAbs,
        `${m.prefix}module.${label}${inst.key !== undefined ? `[${inst.key}]` : ''}.`,
        () => {
          const bound = new Map<string, Node>();
          for (const a of b.attributes) {
            if (['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(a.name))
              continue;
            bound.set(a.name, evalExpr(a.expr, ienv));
          }
          return bound;
        },
        depth + 1,
        root,
        presence,
      );
      // one instance without a key: `module.LABEL.OUTPUT` reads its outputs
      if (inst.key === undefined && exp.list.length === 1 && !exp.presence) {
        m.children ??= new Map();
        m.children.set(label, child);
      }
    }
  };

  const displayOf = (key: string) => {
    for (const [dir, d] of dirs) if (d.absDir === key) return dir;
    return path.isAbsolute(key) ? path.basename(key) : key;
  };

  const ordered = [...dirs.keys()].sort();
  for (const dir of ordered) {
    const d = dirs.get(dir);
    if (!d || called.has(dir)) continue;
    if (d.files.every((s) => isTfvars(s.display))) continue;
    instantiate(dir, d.absDir, '', () => new Map(), 0, dir, undefined);
  }
  // Directories only called from within a module cycle have no root: each one not reached yet
  // is read as a root, so its resources are scanned and the cycle is reported where it closes.
  for (const dir of ordered) {
    const d = dirs.get(dir);
    if (!d || visited.has(dir)) continue;
    if (d.files.every((s) => isTfvars(s.display))) continue;
    instantiate(dir, d.absDir, '', () => new Map(), 0, dir, undefined);
  }
  return {
    resources,
    read,
    errors,
    skipped,
    // the syntax trees are plain objects (the WASM trees are deleted as each file is read)
    dispose: () => {},
  };
}

/** A module directory relative to another, normalised without a trailing slash (`./` is `.`). */
function joinDir(dir: string, rel: string): string {
  const j = path.posix.normalize(path.posix.join(dir, rel));
  return j.length > 1 && j.endsWith('/') ? j.slice(0, -1) : j;
}

const clip = (s: string) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
};

/** A module call's `source`: `local` when it is a local path (`./x`, `../x`), else remote. */
function moduleSource(b: HclBlock): { text: string; local?: string } | undefined {
  const a = b.attributes.find((x) => x.name === 'source');
  const lit = a?.expr.namedChildren[0]?.namedChildren[0];
  if (lit?.type !== 'string_lit') return undefined;
  const s = stringLitText(lit);
  return s === '.' || s === '..' || s.startsWith('./') || s.startsWith('../')
    ? { text: s, local: s }
    : { text: s };
}

/** `# hako:ignore` comments on the line above the block or anywhere inside it. */
function ignoresFor(f: HclFile, b: HclBlock): HclIgnore[] {
  const out: HclIgnore[] = [];
  for (const [line, i] of f.ignores) if (line >= b.src.startLine - 1 && line <= b.src.endLine) out.push(i);
  return out.sort((x, y) => x.src.startLine - y.src.startLine);
}

function scalarAt(value: string, src: Src): Node {
  return { kind: 'scalar', value, src };
}

/**
 * Several roots calling one module directory give resources of the same block the same address
 * (`module.eks.aws_eks_cluster.this` from `envs/prod` and from `envs/staging`): those addresses
 * are prefixed with their root directory (`envs/prod:module.eks.aws_eks_cluster.this`) so each
 * finding says which instance it is about. Addresses that are already unique stay as Terraform
 * writes them.
 */
export function qualifySharedAddresses(resources: TfResource[]): void {
  const groups = new Map<string, TfResource[]>();
  for (const r of resources) {
    const h = r.hcl;
    if (!h) continue;
    const k = `${r.address}\0${h.block.file}\0${h.block.src.startLine}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const group of groups.values()) {
    const roots = new Set(group.map((r) => r.hcl?.module.root));
    if (roots.size < 2) continue;
    for (const r of group) {
      const root = r.hcl?.module.root ?? '.';
      if (r.name === r.address) r.name = `${root}:${r.address}`;
      r.address = `${root}:${r.address}`;
    }
  }
}

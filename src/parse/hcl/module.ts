/**
 * Terraform configurations: the `.tf` files of one directory form a module. Directories that no
 * other scanned module calls are root modules (variables from `terraform.tfvars`, then
 * `*.auto.tfvars` in name order, over the defaults); a local module call
 * (`module "x" { source = "./mod" }`) reads that directory's files with the variables bound from
 * the call's arguments, and its resources get the address prefix `module.x.`.
 *
 * Each managed resource becomes one instance per `count` index / `for_each` key when the
 * collection resolves (`type.name[0]`, `type.name["key"]`), else one instance with `count.index`
 * / `each.*` unresolved.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Src } from '../../source.js';
import type { ParseError } from '../common.js';
import type { MapNode, Node } from '../tree.js';
import { blockAddress, type EvalEnv, evalBody, evalExpr, type ModuleCtx, resourceName } from './evaluate.js';
import { type HclBlock, type HclFile, type HclIgnore, parseHcl, stringLitText } from './syntax.js';

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
}

export interface TfLoaded {
  resources: TfResource[];
  /** Files read by `file()`: content of the configuration, not inputs of their own. */
  read: Set<string>;
  errors: ParseError[];
  dispose: () => void;
}

const MAX_MODULE_DEPTH = 8;

const isTfvars = (f: string) => f.toLowerCase().endsWith('.tfvars');
const isTerraform = (f: string) => isTfvars(f) || f.toLowerCase().endsWith('.tf');

/**
 * `inputs` may hold other files of the scan too: only `.tf`/`.tfvars` are read as Terraform, the
 * rest is what `file()` finds before it looks on disk.
 */
export function loadTerraform(inputs: TfSource[], readDisk?: (abs: string) => string | undefined): TfLoaded {
  const sources = inputs.filter((s) => isTerraform(s.display));
  const errors: ParseError[] = [];
  const read = new Set<string>();
  const parsed: HclFile[] = [];
  const byDisplay = new Map(inputs.map((s) => [path.posix.normalize(s.display), s] as const));
  const parsedCache = new Map<string, HclFile>();
  const parse = (display: string, text: string): HclFile => {
    const hit = parsedCache.get(display);
    if (hit) return hit;
    const f = parseHcl(display, text);
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
        const src = localSource(b);
        if (b.type === 'module' && src !== undefined) {
          const target = path.posix.normalize(path.posix.join(dir, src));
          if (target !== dir) called.add(target);
        }
      }
    }
  }

  const resources: TfResource[] = [];
  const instantiate = (
    dir: string,
    absDir: string | undefined,
    prefix: string,
    bind: (m: ModuleCtx) => Map<string, Node>,
    depth: number,
  ) => {
    const files = filesOf(dir, absDir);
    const m: ModuleCtx = {
      dir,
      ...(absDir !== undefined ? { absDir } : {}),
      prefix,
      files: [],
      vars: new Map(),
      locals: new Map(),
      localCache: new Map(),
      localBusy: new Set(),
      resources: new Map(),
      data: new Map(),
      readText,
      read,
      errors,
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

    for (const f of m.files) {
      for (const b of f.blocks) {
        if (b.type === 'resource' && b.labels.length >= 2) {
          for (const inst of instances(m, b, f)) resources.push(inst);
        } else if (b.type === 'module' && b.labels[0] && depth < MAX_MODULE_DEPTH) {
          const source = localSource(b);
          if (source === undefined) continue;
          const childDir = path.posix.normalize(path.posix.join(dir, source));
          if (childDir === dir) continue;
          const childAbs = absDir !== undefined ? path.join(absDir, source) : undefined;
          const callEnv: EvalEnv = { m, file: f.file, depth: 0 };
          instantiate(
            childDir,
            dirs.get(childDir)?.absDir ?? childAbs,
            `${prefix}module.${b.labels[0]}.`,
            () => {
              const bound = new Map<string, Node>();
              for (const a of b.attributes) {
                if (['source', 'version', 'count', 'for_each', 'providers', 'depends_on'].includes(a.name))
                  continue;
                bound.set(a.name, evalExpr(a.expr, callEnv));
              }
              return bound;
            },
            depth + 1,
          );
        }
      }
    }
  };

  for (const [dir, d] of dirs) {
    if (called.has(dir)) continue;
    if (d.files.every((s) => isTfvars(s.display))) continue;
    instantiate(dir, d.absDir, '', () => new Map(), 0);
  }
  return {
    resources,
    read,
    errors,
    dispose: () => {
      for (const f of parsed) f.tree?.delete();
    },
  };
}

function localSource(b: HclBlock): string | undefined {
  const a = b.attributes.find((x) => x.name === 'source');
  const lit = a?.expr.namedChildren[0]?.namedChildren[0];
  if (lit?.type !== 'string_lit') return undefined;
  const s = stringLitText(lit);
  return s.startsWith('./') || s.startsWith('../') ? s : undefined;
}

/** `# hako:ignore` comments on the line above the block or anywhere inside it. */
function ignoresFor(f: HclFile, b: HclBlock): HclIgnore[] {
  const out: HclIgnore[] = [];
  for (const [line, i] of f.ignores) if (line >= b.src.startLine - 1 && line <= b.src.endLine) out.push(i);
  return out.sort((x, y) => x.src.startLine - y.src.startLine);
}

function instances(m: ModuleCtx, b: HclBlock, f: HclFile): TfResource[] {
  const base = blockAddress(m, b);
  const type = b.labels[0] ?? '';
  const ignores = ignoresFor(f, b);
  const name = resourceName(m, b);
  const make = (address: string, env: EvalEnv): TfResource => ({
    type,
    address,
    name,
    body: evalBody(b, env),
    ignores,
    hcl: { block: b, module: m, env },
  });
  const env: EvalEnv = { m, file: f.file, depth: 0 };
  const count = b.attributes.findLast((a) => a.name === 'count');
  const forEach = b.attributes.findLast((a) => a.name === 'for_each');
  if (count) {
    const n = evalExpr(count.expr, env);
    if (n.kind === 'scalar' && typeof n.value === 'number' && n.value >= 0) {
      const list: TfResource[] = [];
      for (let i = 0; i < Math.min(n.value, 100); i++) {
        const idx: Node = { kind: 'scalar', value: i, src: n.src };
        list.push(make(`${base}[${i}]`, { ...env, count: idx }));
      }
      return list;
    }
    return [make(base, { ...env, count: { kind: 'unresolved', expr: 'count.index', src: count.src } })];
  }
  if (forEach) {
    const c = evalExpr(forEach.expr, env);
    const pairs: [string, Node, Node][] = [];
    if (c.kind === 'map') for (const e of c.entries) pairs.push([e.key, scalarAt(e.key, e.keySrc), e.value]);
    else if (c.kind === 'seq') {
      for (const it of c.items) {
        if (it.kind !== 'scalar' || it.value === null) return [unresolvedEach(make, base, env, forEach.src)];
        pairs.push([String(it.value), it, it]);
      }
    } else return [unresolvedEach(make, base, env, forEach.src)];
    return pairs
      .slice(0, 100)
      .map(([k, key, value]) => make(`${base}[${JSON.stringify(k)}]`, { ...env, each: { key, value } }));
  }
  return [make(base, env)];
}

function scalarAt(value: string, src: Src): Node {
  return { kind: 'scalar', value, src };
}

function unresolvedEach(
  make: (address: string, env: EvalEnv) => TfResource,
  base: string,
  env: EvalEnv,
  src: Src,
): TfResource {
  const u: Node = { kind: 'unresolved', expr: 'each', src };
  return make(base, { ...env, each: { key: u, value: u } });
}

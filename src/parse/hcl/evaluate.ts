/**
 * A small Terraform expression evaluator: syntax nodes → the positioned `Node` tree.
 *
 * Resolved: literals, strings and heredocs (interpolating the parts it can resolve), tuples,
 * objects, `jsonencode(x)` (the HCL value itself, so keys and values keep their HCL positions),
 * `jsondecode`, `file("x")` (relative to the module directory; the text remembers its file so
 * JSON read from it points into that file), `var.x` (call arguments, tfvars, defaults),
 * `local.x`, `each.key/value`, `count.index`, `path.module`, a conditional whose condition is
 * known, and references to resources of the same module (`aws_iam_role.exec.arn`): an argument
 * written in that block is evaluated there; an attribute not written there (or written but not
 * resolvable) is an unresolved node carrying a generic `Reference` (root module, address, type,
 * attribute, name) for the adapters to give meaning to. The evaluator knows no provider: the
 * adapter's `hooks` render a reference inside a string and data sources (`.json` of a policy
 * document). Everything else is `{ kind: 'unresolved' }`.
 *
 * A value read through a variable or local is re-located at the place that uses it (its top
 * node; nested keys keep where they were written), so findings point into the resource.
 */
import path from 'node:path';
import { withText } from '../../notes.js';
import type { Src } from '../../source.js';
import type { ParseError } from '../common.js';
import { parseJson } from '../json.js';
import { type MapEntry, type MapNode, mapSrc, type Node, type Reference } from '../tree.js';
import { type Expr, type HclAttribute, type HclBlock, type HclFile, numericText, srcOf } from './syntax.js';

/** Where a string's text came from, so JSON parsed from it can point into the right lines. */
interface TextOrigin {
  file: string;
  text: string;
  /** 0-based line of the text's first line in `file`. */
  lineOffset: number;
  /** Columns removed from each line (heredoc `<<-` indentation). */
  colOffset: number;
}
const origins = new WeakMap<Node, TextOrigin>();

/** A resource (or module instance) whose `count` / `for_each` did not resolve: it may not exist. */
export interface Presence {
  /** The `count` / `for_each` argument. */
  src: Src;
  /** As written: `count = local.create ? 1 : 0`. */
  expression: string;
}

/** A part of the configuration not read, by file and line (`summary.skipped`). */
export interface TfSkipped {
  file: string;
  line?: number;
  reason: string;
}

/**
 * What the evaluator asks the adapter that loads the configuration: the evaluator itself knows no
 * provider.
 */
export interface EvalHooks {
  /** The text of a reference used inside a string (`"${aws_iam_role.x.arn}/y"`); undefined: unknown. */
  text?: (ref: Reference) => string | undefined;
  /** The value of a data source's attribute (`data.aws_iam_policy_document.x.json`); undefined: unknown. */
  data?: (block: HclBlock, attr: string, env: EvalEnv, at: Src) => Node | undefined;
}

/** One Terraform module instance: its files, bound variables and resources. */
export interface ModuleCtx {
  /** Display directory of the module (posix, `.` for the top). */
  dir: string;
  /** Absolute directory when read from disk (for `file()` of files not among the inputs). */
  absDir?: string;
  /** `''` for a root module, `module.x.` (nested: `module.a.module.b.`) inside a local module. */
  prefix: string;
  /** Display directory of the root module this instance belongs to. */
  root: string;
  /** Set when the module call's `count` / `for_each` (or an enclosing one's) did not resolve. */
  presence?: Presence;
  /** Whether `file()` may read an absolute path (inside the scanned tree); absent: any. */
  within?: (abs: string) => boolean;
  /** Notes a part not read (`file()` outside the scanned tree). */
  skip: (s: TfSkipped) => void;
  files: HclFile[];
  vars: Map<string, Node>;
  locals: Map<string, { attr: HclAttribute; file: string }>;
  localCache: Map<string, Node>;
  localBusy: Set<string>;
  /** Managed resources by `type.name`. */
  resources: Map<string, HclBlock>;
  /** Data sources by `type.name`. */
  data: Map<string, HclBlock>;
  /**
   * Local module calls instantiated once (no `count` / `for_each`), by label: `module.x.OUTPUT`
   * reads the child's `output` block. A call not (yet) instantiated stays unresolved.
   */
  children?: Map<string, ModuleCtx>;
  readText: (display: string, abs?: string) => string | undefined;
  hooks?: EvalHooks;
  /** Display paths of the files `file()` read (shared by all modules of a load). */
  read: Set<string>;
  errors: ParseError[];
}

export interface EvalEnv {
  m: ModuleCtx;
  file: string;
  each?: { key: Node; value: Node };
  count?: Node;
  depth: number;
}

const MAX_DEPTH = 64;

function unresolvedNode(n: Expr, file: string, why?: string): Node {
  const text = n.text.length > 200 ? `${n.text.slice(0, 197)}...` : n.text;
  return { kind: 'unresolved', expr: why ?? text, src: srcOf(file, n) };
}

function relocate(n: Node, src: Src): Node {
  const copy: Node = { ...n, src };
  const o = origins.get(n);
  if (o) origins.set(copy, o);
  return copy;
}

/** The named children but comments (the cached array itself when there is none: never mutated). */
function named(n: Expr): readonly Expr[] {
  const kids = n.namedChildren;
  for (const c of kids) if (c.type === 'comment') return kids.filter((x) => x.type !== 'comment');
  return kids;
}

export function evalExpr(n: Expr, env: EvalEnv, pointer = ''): Node {
  if (env.depth > MAX_DEPTH) return unresolvedNode(n, env.file, 'expression nested too deeply');
  // written out rather than spread: one allocation per node on the hottest path of a Terraform scan
  const e: EvalEnv = { m: env.m, file: env.file, each: env.each, count: env.count, depth: env.depth + 1 };
  switch (n.type) {
    case 'expression': {
      const parts = named(n);
      const head = parts[0];
      if (!head) return unresolvedNode(n, e.file);
      if (head.type === 'variable_expr')
        return relocateTop(traversal(n, head, parts.slice(1), e, pointer), srcOf(e.file, n, pointer));
      let v = evalExpr(head, e, pointer);
      for (let i = 1; i < parts.length; i++) v = step(v, parts[i] as Expr, e);
      return parts.length > 1 ? relocateTop(v, srcOf(e.file, n, pointer)) : v;
    }
    case 'literal_value':
    case 'collection_value':
    case 'template_expr': {
      const c = named(n)[0];
      return c ? evalExpr(c, e, pointer) : unresolvedNode(n, e.file);
    }
  }
  const src = srcOf(e.file, n, pointer);
  switch (n.type) {
    case 'numeric_lit': {
      const v = Number(numericText(n));
      return Number.isFinite(v) ? { kind: 'scalar', value: v, src } : unresolvedNode(n, e.file);
    }
    case 'bool_lit':
      return { kind: 'scalar', value: n.text === 'true', src };
    case 'null_lit':
      return { kind: 'scalar', value: null, src };
    case 'string_lit':
    case 'quoted_template':
      return quoted(n, e, src);
    case 'heredoc_template':
      return heredoc(n, e, src);
    case 'tuple':
      return {
        kind: 'seq',
        items: named(n)
          .filter((c) => c.type === 'expression')
          .map((c, i) => evalExpr(c, e, `${pointer}/${i}`)),
        src,
      };
    case 'object':
      return object(n, e, src, pointer);
    case 'function_call':
      return call(n, e, src, pointer);
    case 'conditional': {
      const [cond, yes, no] = named(n);
      if (!cond || !yes || !no) return unresolvedNode(n, e.file);
      const c = asBool(evalExpr(cond, e));
      if (typeof c !== 'boolean') return unresolvedNode(n, e.file);
      const chosen = evalExpr(c ? yes : no, e, pointer);
      // HCL unifies the two result types: `c ? 1 : "a"` is the string "1".
      if (chosen.kind === 'scalar' && chosen.value !== null && typeof chosen.value !== 'string') {
        const other = evalExpr(c ? no : yes, e);
        if (other.kind === 'scalar' && typeof other.value === 'string')
          return { ...chosen, value: String(chosen.value) };
      }
      return chosen;
    }
    case 'operation': {
      const c = named(n)[0];
      return c ? evalExpr(c, e, pointer) : unresolvedNode(n, e.file);
    }
    case 'unary_operation':
      return unaryOperation(n, e, src);
    case 'binary_operation':
      return binaryOperation(n, e, src);
    default:
      if (n.text.startsWith('(')) {
        const inner = named(n).find((c) => c.type === 'expression');
        if (inner) return evalExpr(inner, e, pointer);
      }
      return unresolvedNode(n, e.file);
  }
}

// --- operators (Terraform / HCL semantics) -----------------------------------------------------
//
// Operands convert as Terraform converts them: arithmetic and ordering take numbers (a string
// holding a decimal number converts, a bool never does), logic takes bools (the strings "true" /
// "false" convert), `==` / `!=` compare type and value (`1 == "1"` is false; null equals only
// null; a map or list, whatever its elements, never equals null or a primitive). An operand hako
// cannot know makes the result unknown, except where cty decides anyway: `false && x` and
// `x && false` are false, `true || x` and `x || true` are true.

const NUMBER_TEXT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A number operand: a number, or a string that converts to one; 'unknown' / 'invalid' otherwise. */
export function asNumber(v: Node): number | 'unknown' | 'invalid' {
  if (v.kind === 'unresolved') return 'unknown';
  if (v.kind !== 'scalar') return 'invalid';
  if (typeof v.value === 'number') return v.value;
  if (typeof v.value === 'string' && NUMBER_TEXT.test(v.value)) return Number(v.value);
  return 'invalid';
}

/** A bool operand: a bool, or the string "true" / "false"; 'unknown' / 'invalid' otherwise. */
export function asBool(v: Node): boolean | 'unknown' | 'invalid' {
  if (v.kind === 'unresolved') return 'unknown';
  if (v.kind !== 'scalar') return 'invalid';
  if (typeof v.value === 'boolean') return v.value;
  if (v.value === 'true' || v.value === 'false') return v.value === 'true';
  return 'invalid';
}

/**
 * The operand of an operator: the grammar flattens it into the operation's children (`var`, `.x`,
 * `[0]`; or `(`, expression, `)` and then steps).
 */
function operand(nodes: Expr[], e: EvalEnv): Node | undefined {
  const first = nodes[0];
  if (!first) return undefined;
  let v: Node;
  let rest: Expr[];
  if (first.type === '(') {
    const close = nodes.findIndex((x) => x.type === ')');
    const inner = nodes.slice(1, close < 0 ? undefined : close).find((x) => x.type === 'expression');
    if (!inner) return undefined;
    v = evalExpr(inner, e);
    rest = close < 0 ? [] : nodes.slice(close + 1);
  } else {
    const parts = nodes.filter((x) => x.isNamed && x.type !== 'comment');
    const head = parts[0];
    if (!head) return undefined;
    if (head.type === 'variable_expr') return traversal(head, head, parts.slice(1), e, '');
    v = evalExpr(head, e);
    rest = parts.slice(1);
  }
  for (const p of rest) if (p.isNamed && p.type !== 'comment') v = step(v, p, e);
  return v;
}

function children(n: Expr): Expr[] {
  return n.children.filter((c): c is Expr => c !== null);
}

function unaryOperation(n: Expr, e: EvalEnv, src: Src): Node {
  const kids = children(n);
  const op = kids[0]?.text;
  const v = operand(kids.slice(1), e);
  if (!v) return unresolvedNode(n, e.file);
  if (op === '-') {
    const x = asNumber(v);
    return typeof x === 'number'
      ? { kind: 'scalar', value: x === 0 ? 0 : -x, src }
      : unresolvedNode(n, e.file);
  }
  if (op === '!') {
    const b = asBool(v);
    return typeof b === 'boolean' ? { kind: 'scalar', value: !b, src } : unresolvedNode(n, e.file);
  }
  return unresolvedNode(n, e.file);
}

const BINARY_OPS = new Set(['&&', '||', '==', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%']);

function binaryOperation(n: Expr, e: EvalEnv, src: Src): Node {
  const kids = children(n);
  const at = kids.findIndex((c) => !c.isNamed && BINARY_OPS.has(c.type));
  const op = kids[at]?.type;
  const l = at > 0 ? operand(kids.slice(0, at), e) : undefined;
  const r = at > 0 ? operand(kids.slice(at + 1), e) : undefined;
  const v = op !== undefined && l && r ? binary(op, l, r) : undefined;
  return v === undefined ? unresolvedNode(n, e.file) : { kind: 'scalar', value: v, src };
}

/** The value of `l op r`, or undefined when it is unknown or an error in Terraform. */
export function binary(op: string, l: Node, r: Node): string | number | boolean | undefined {
  switch (op) {
    case '&&':
    case '||': {
      const a = asBool(l);
      const b = asBool(r);
      if (a === 'invalid' || b === 'invalid') return undefined;
      const decisive = op === '||';
      if (a === decisive || b === decisive) return decisive;
      if (typeof a !== 'boolean' || typeof b !== 'boolean') return undefined;
      return op === '&&' ? a && b : a || b;
    }
    case '==':
    case '!=': {
      if (l.kind === 'unresolved' || r.kind === 'unresolved') return undefined;
      // A known collection (even with unknown elements) is never null nor a primitive: unequal.
      if (l.kind !== 'scalar' && r.kind !== 'scalar') return undefined;
      if (l.kind !== 'scalar' || r.kind !== 'scalar') return op === '!=';
      const eq =
        l.value === null || r.value === null
          ? l.value === r.value
          : typeof l.value === typeof r.value && l.value === r.value;
      return op === '==' ? eq : !eq;
    }
    default: {
      const a = asNumber(l);
      const b = asNumber(r);
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      let v: number | boolean;
      switch (op) {
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '<=':
          return a <= b;
        case '>=':
          return a >= b;
        case '+':
          v = a + b;
          break;
        case '-':
          v = a - b;
          break;
        case '*':
          v = a * b;
          break;
        case '/':
          if (b === 0) return undefined; // Terraform: "divide by zero"
          v = a / b;
          break;
        case '%':
          if (b === 0) return undefined;
          v = a % b;
          break;
        default:
          return undefined;
      }
      return Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : undefined;
    }
  }
}

function relocateTop(v: Node, src: Src): Node {
  return v.kind === 'scalar' || v.kind === 'unresolved' ? relocate(v, src) : v;
}

function unescapeTemplate(s: string): string {
  // most literals hold no escape at all
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  return s
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, c: string) => {
      switch (c[0]) {
        case 'n':
          return '\n';
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case 'u':
        case 'U':
          return String.fromCodePoint(Number.parseInt(c.slice(1), 16));
        default:
          return c;
      }
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

function interpolate(p: Expr, e: EvalEnv): string | undefined {
  if (p.type === 'template_directive') return undefined;
  const x = named(p).find((c) => c.type === 'expression');
  if (!x) return undefined;
  const v = evalExpr(x, e);
  if (v.kind === 'unresolved' && v.ref) return e.m.hooks?.text?.(v.ref);
  return v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}

function quoted(n: Expr, e: EvalEnv, src: Src): Node {
  let s = '';
  for (const p of named(n)) {
    if (p.type === 'template_literal') s += unescapeTemplate(p.text);
    else if (p.type === 'template_interpolation' || p.type === 'template_directive') {
      const v = interpolate(p, e);
      if (v === undefined) return unresolvedNode(n, e.file);
      s += v;
    }
  }
  return { kind: 'scalar', value: s, src };
}

function heredoc(n: Expr, e: EvalEnv, src: Src): Node {
  const ids = named(n).filter((c) => c.type === 'heredoc_identifier');
  const open = ids[0];
  const close = ids[ids.length - 1];
  if (!open || !close || open === close) return unresolvedNode(n, e.file);
  const fileText = e.m.files.find((f) => f.file === e.file)?.text ?? '';
  const lines = fileText.split('\n').slice(open.endPosition.row + 1, close.startPosition.row);
  let text = lines.join('\n');
  for (const p of named(n)) {
    if (p.type !== 'template_interpolation' && p.type !== 'template_directive') continue;
    const v = interpolate(p, e);
    if (v === undefined) return unresolvedNode(n, e.file);
    text = text.split(p.text).join(v);
  }
  let colOffset = 0;
  if (n.text.startsWith('<<-')) {
    const indents = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
    colOffset = indents.length > 0 ? Math.min(...indents) : 0;
    text = text
      .split('\n')
      .map((l) => l.slice(Math.min(colOffset, /^[ \t]*/.exec(l)?.[0].length ?? 0)))
      .join('\n');
  }
  const node: Node = { kind: 'scalar', value: lines.length > 0 ? `${text}\n` : '', src };
  origins.set(node, { file: e.file, text, lineOffset: open.endPosition.row + 1, colOffset });
  return node;
}

function objectKey(k: Expr, e: EvalEnv): string | undefined {
  const parts = named(k);
  const head = parts[0];
  if (k.type === 'expression' && parts.length === 1 && head?.type === 'variable_expr') return head.text;
  const v = evalExpr(k, e);
  return v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
}

function object(n: Expr, e: EvalEnv, src: Src, pointer: string): Node {
  const entries: MapEntry[] = [];
  for (const el of named(n)) {
    if (el.type !== 'object_elem') continue;
    const k = el.childForFieldName('key');
    const v = el.childForFieldName('val');
    if (!k || !v) continue;
    const key = objectKey(k, e);
    if (key === undefined) return unresolvedNode(n, e.file);
    const p = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    entries.push({ key, keySrc: srcOf(e.file, k, p), value: evalExpr(v, e, p) });
  }
  return { kind: 'map', entries, src };
}

const IDENTITY_FUNCS = new Set([
  'tolist',
  'toset',
  'tomap',
  'tostring',
  'tonumber',
  'tobool',
  'sensitive',
  'nonsensitive',
]);

function call(n: Expr, e: EvalEnv, src: Src, pointer: string): Node {
  const name = named(n).find((c) => c.type === 'identifier')?.text ?? '';
  const argsNode = named(n).find((c) => c.type === 'function_arguments');
  const args = argsNode ? named(argsNode).filter((c) => c.type === 'expression') : [];
  const first = args[0];
  if (name === 'jsonencode' && first) return evalExpr(first, e, pointer);
  // yamlencode likewise: the value itself (aws-auth `mapRoles = yamlencode([...])` keeps its HCL lines)
  if (name === 'yamlencode' && first) return evalExpr(first, e, pointer);
  if (IDENTITY_FUNCS.has(name) && first && args.length === 1) {
    const v = evalExpr(first, e, pointer);
    if (name === 'tostring' && v.kind === 'scalar' && v.value !== null)
      return { kind: 'scalar', value: String(v.value), src: v.src };
    return v;
  }
  if (name === 'jsondecode' && first) {
    const v = evalExpr(first, e, pointer);
    return (v.kind === 'scalar' ? jsonFromString(v) : undefined) ?? unresolvedNode(n, e.file);
  }
  if (name === 'file' && first) {
    const p = evalExpr(first, e);
    if (p.kind !== 'scalar' || typeof p.value !== 'string') return unresolvedNode(n, e.file);
    const written = p.value.replace(/\\/g, '/');
    const display = modulePath(e.m, written);
    let abs: string | undefined;
    if (path.posix.isAbsolute(written) || path.isAbsolute(p.value)) abs = path.resolve(p.value);
    else if (e.m.absDir) abs = path.join(e.m.absDir, path.posix.relative(e.m.dir, display));
    // The scanned tree only: a .tf file must not make hako read (and echo) any file of the machine.
    const outside =
      abs !== undefined
        ? e.m.within !== undefined && !e.m.within(abs)
        : path.posix.isAbsolute(display) || display === '..' || display.startsWith('../');
    if (outside) {
      e.m.skip({
        file: e.file,
        line: src.startLine,
        ...withText('reason', 'fileOutsideTree', {
          path: p.value.length > 80 ? `${p.value.slice(0, 77)}...` : p.value,
        }),
      });
      return unresolvedNode(n, e.file, `file("${p.value}") (outside the scanned tree)`);
    }
    const text = e.m.readText(display, abs);
    if (text === undefined) return unresolvedNode(n, e.file, `file("${p.value}") (not found)`);
    e.m.read.add(display);
    const node: Node = { kind: 'scalar', value: text, src };
    origins.set(node, { file: display, text, lineOffset: 0, colOffset: 0 });
    return node;
  }
  if (name === 'replace' && args.length === 3) return replaceCall(args, e, n, src);
  // templatefile() renders a template file with variables: not evaluated (never read).
  if (name === 'templatefile') return unresolvedNode(n, e.file, 'templatefile(...) (not evaluated)');
  if ((name === 'concat' || name === 'merge') && args.length > 0) {
    const vs = args.map((a) => evalExpr(a, e));
    if (name === 'concat' && vs.every((v) => v.kind === 'seq'))
      return { kind: 'seq', items: vs.flatMap((v) => (v.kind === 'seq' ? v.items : [])), src };
    if (name === 'merge' && vs.every((v) => v.kind === 'map'))
      return { kind: 'map', entries: vs.flatMap((v) => (v.kind === 'map' ? v.entries : [])), src };
  }
  return unresolvedNode(n, e.file);
}

/**
 * `replace(string, substring, replacement)`. A reference as the string is read as its text when
 * the adapter's hook knows one (`replace(aws_iam_openid_connect_provider.x.url, "https://", "")`
 * keeps the provider's identity). A substring wrapped in slashes is a regular expression in
 * Terraform (RE2): only a plain one (no RE2-only syntax) is applied, else the result is unknown.
 */
function replaceCall(args: Expr[], e: EvalEnv, n: Expr, src: Src): Node {
  const [str, sub, rep] = args.map((a) => {
    const v = evalExpr(a, e);
    if (v.kind === 'unresolved' && v.ref) return e.m.hooks?.text?.(v.ref);
    return v.kind === 'scalar' && v.value !== null && typeof v.value !== 'object'
      ? String(v.value)
      : undefined;
  });
  if (str === undefined || sub === undefined || rep === undefined) return unresolvedNode(n, e.file);
  if (sub.length > 1 && sub.startsWith('/') && sub.endsWith('/')) {
    const body = sub.slice(1, -1);
    // RE2 and JavaScript agree on plain patterns; named groups, look-around and flags differ
    if (/\(\?(?!:)|\\[pPQEzAC]/.test(body)) return unresolvedNode(n, e.file);
    let re: RegExp;
    try {
      re = new RegExp(body, 'g');
    } catch {
      return unresolvedNode(n, e.file);
    }
    // Terraform's replacement refers to groups as $1 / ${1}, as JavaScript does
    return { kind: 'scalar', value: str.replace(re, rep), src };
  }
  return { kind: 'scalar', value: sub === '' ? str : str.split(sub).join(rep), src };
}

/** A path as written in `file()`, as a display path: relative to the module directory. */
function modulePath(m: ModuleCtx, p: string): string {
  const norm = path.posix.normalize(p.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(norm)) return norm;
  if (m.dir !== '.' && (norm === m.dir || norm.startsWith(`${m.dir}/`))) return norm;
  return path.posix.normalize(path.posix.join(m.dir, norm));
}

/**
 * A JSON document held in a string (heredoc, `file()`, quoted): parsed with positions in the file
 * the text came from when known, else every node at the string's own range. Undefined when the
 * text is not JSON.
 */
export function jsonFromString(n: Node): Node | undefined {
  if (n.kind !== 'scalar' || typeof n.value !== 'string') return undefined;
  const o = origins.get(n);
  const parsed = parseJson(o?.file ?? n.src.file, o ? o.text : n.value);
  const doc = parsed.docs[0];
  if (parsed.errors.length > 0 || !doc) return undefined;
  if (!o) return mapSrc(doc.node, () => n.src);
  if (o.lineOffset === 0 && o.colOffset === 0) return doc.node;
  return mapSrc(doc.node, (s) => ({
    ...s,
    startLine: s.startLine + o.lineOffset,
    endLine: s.endLine + o.lineOffset,
    startColumn: s.startColumn + o.colOffset,
    endColumn: s.endColumn + o.colOffset,
  }));
}

/** One step of a traversal (`.attr`, `[index]`) applied to a value. */
function step(v: Node, p: Expr, e: EvalEnv): Node {
  if (v.kind === 'unresolved') return v;
  if (p.type === 'get_attr') {
    const id = named(p).find((c) => c.type === 'identifier')?.text ?? '';
    if (v.kind === 'map') return v.entries.findLast((x) => x.key === id)?.value ?? unresolvedNode(p, e.file);
    return unresolvedNode(p, e.file);
  }
  if (p.type === 'index') {
    const inner = named(p)[0];
    const ix = inner ? named(inner).find((c) => c.type === 'expression') : undefined;
    const k = ix ? evalExpr(ix, e) : undefined;
    if (k?.kind === 'scalar' && v.kind === 'seq' && typeof k.value === 'number')
      return v.items[k.value] ?? unresolvedNode(p, e.file);
    if (k?.kind === 'scalar' && v.kind === 'map' && k.value !== null)
      return v.entries.findLast((x) => x.key === String(k.value))?.value ?? unresolvedNode(p, e.file);
  }
  return unresolvedNode(p, e.file);
}

function attrName(p: Expr | undefined): string | undefined {
  if (p?.type !== 'get_attr') return undefined;
  return named(p).find((c) => c.type === 'identifier')?.text;
}

function traversal(whole: Expr, head: Expr, rest: Expr[], e: EvalEnv, pointer: string): Node {
  const root = head.text;
  const src = srcOf(e.file, whole, pointer);
  const unres = (): Node => ({ kind: 'unresolved', expr: whole.text.slice(0, 200), src });
  const apply = (v: Node, from: number): Node => {
    let cur = v;
    for (const p of rest.slice(from)) cur = step(cur, p, e);
    return cur;
  };
  const first = attrName(rest[0]);
  switch (root) {
    case 'var': {
      const v = first !== undefined ? e.m.vars.get(first) : undefined;
      return v ? apply(relocateTop(v, src), 1) : unres();
    }
    case 'local': {
      const v = first !== undefined ? localValue(e.m, first, e.depth) : undefined;
      return v ? apply(relocateTop(v, src), 1) : unres();
    }
    case 'each': {
      const v = first === 'key' ? e.each?.key : first === 'value' ? e.each?.value : undefined;
      return v ? apply(relocateTop(v, src), 1) : unres();
    }
    case 'count':
      return first === 'index' && e.count ? apply(relocateTop(e.count, src), 1) : unres();
    case 'path':
      if (first === 'module' || first === 'root' || first === 'cwd')
        return { kind: 'scalar', value: first === 'module' ? e.m.dir : '.', src };
      return unres();
    case 'data': {
      const name = attrName(rest[1]);
      const block = first !== undefined && name !== undefined ? e.m.data.get(`${first}.${name}`) : undefined;
      const attr = attrName(rest[2]);
      const v = block && attr !== undefined ? e.m.hooks?.data?.(block, attr, e, src) : undefined;
      return v ? apply(v, 3) : unres();
    }
    case 'module': {
      const child = first !== undefined ? e.m.children?.get(first) : undefined;
      const name = attrName(rest[1]);
      if (!child || name === undefined || e.depth > MAX_DEPTH) return unres();
      for (const f of child.files)
        for (const b of f.blocks) {
          if (b.type !== 'output' || b.labels[0] !== name) continue;
          const a = b.attributes.findLast((x) => x.name === 'value');
          if (!a) return unres();
          const v = evalExpr(a.expr, { m: child, file: f.file, depth: e.depth + 1 });
          // not knowable: said as the caller wrote it (a reference keeps its meaning)
          if (v.kind === 'unresolved' && !v.ref) return unres();
          return apply(relocateTop(v, src), 2);
        }
      return unres();
    }
    case 'terraform':
    case 'self':
      return unres();
    default: {
      if (first === undefined) return unres();
      const block = e.m.resources.get(`${root}.${first}`);
      if (!block) return unres();
      let i = 1;
      if (rest[i]?.type === 'index') i++;
      const attr = attrName(rest[i]);
      if (attr === undefined) return unres();
      const a = block.attributes.findLast((x) => x.name === attr);
      const v = a ? evalExpr(a.expr, { m: e.m, file: block.file, depth: e.depth + 1 }) : undefined;
      if (v && v.kind !== 'unresolved') return apply(relocateTop(v, src), i + 1);
      // Not written, or not knowable here (`name = var.x`): a reference the adapter resolves.
      const ref: Reference = {
        format: 'terraform',
        scope: e.m.root,
        address: blockAddress(e.m, block),
        type: root,
        attribute: attr,
        name: resourceName(e.m, block, e.depth),
      };
      const at: Node = v ? relocateTop(v, src) : { kind: 'unresolved', expr: whole.text.slice(0, 200), src };
      return apply(at.kind === 'unresolved' ? { ...at, ref } : at, i + 1);
    }
  }
}

function localValue(m: ModuleCtx, name: string, depth: number): Node | undefined {
  const cached = m.localCache.get(name);
  if (cached) return cached;
  const l = m.locals.get(name);
  if (!l || m.localBusy.has(name)) return undefined;
  m.localBusy.add(name);
  const v = evalExpr(l.attr.expr, { m, file: l.file, depth: depth + 1 });
  m.localBusy.delete(name);
  m.localCache.set(name, v);
  return v;
}

/** The address of a resource block in its module (`module.x.aws_iam_role.exec`). */
export function blockAddress(m: ModuleCtx, block: HclBlock): string {
  return `${m.prefix}${block.labels[0] ?? ''}.${block.labels[1] ?? ''}`;
}

/**
 * The name a resource is known by: its `name` (task definitions: `family`) when it resolves to a
 * string, else its address (Terraform would generate a unique name).
 */
export function resourceName(m: ModuleCtx, block: HclBlock, depth = 0): string {
  // every reference to the block asks again: the answer depends on nothing else (no each/count),
  // except while a local is being evaluated (a cycle reads as unknown there): not cached then
  if (m.localBusy.size > 0) return nameOf(m, block, depth);
  let byBlock = names.get(m);
  if (byBlock === undefined) {
    byBlock = new WeakMap();
    names.set(m, byBlock);
  }
  let byDepth = byBlock.get(block);
  if (byDepth === undefined) {
    byDepth = new Map();
    byBlock.set(block, byDepth);
  }
  const hit = byDepth.get(depth);
  if (hit !== undefined) return hit;
  const name = nameOf(m, block, depth);
  byDepth.set(depth, name);
  return name;
}

const names = new WeakMap<ModuleCtx, WeakMap<HclBlock, Map<number, string>>>();

function nameOf(m: ModuleCtx, block: HclBlock, depth: number): string {
  const key = block.labels[0] === 'aws_ecs_task_definition' ? 'family' : 'name';
  const a = block.attributes.findLast((x) => x.name === key);
  if (a) {
    const v = evalExpr(a.expr, { m, file: block.file, depth: depth + 1 });
    if (v.kind === 'scalar' && typeof v.value === 'string' && v.value !== '') return v.value;
  }
  return blockAddress(m, block);
}

/**
 * A block's body as a map: attributes by name (values evaluated), nested blocks by type as a
 * sequence of maps (Terraform's repeated blocks), each at its exact range.
 */
export function evalBody(block: HclBlock, env: EvalEnv, pointer = ''): MapNode {
  const entries: MapEntry[] = [];
  for (const a of block.attributes) {
    const p = `${pointer}/${a.name}`;
    entries.push({ key: a.name, keySrc: { ...a.nameSrc, pointer: p }, value: evalExpr(a.expr, env, p) });
  }
  const byType = new Map<string, HclBlock[]>();
  const dynamic = new Map<string, HclBlock>();
  for (const b of block.blocks) {
    if (b.type === 'dynamic') {
      if (b.labels[0]) dynamic.set(b.labels[0], b);
    } else byType.set(b.type, [...(byType.get(b.type) ?? []), b]);
  }
  // `dynamic "x" { for_each = … }` generates blocks hako does not expand: x is not knowable.
  for (const [type, b] of dynamic) {
    entries.push({
      key: type,
      keySrc: { ...b.src, pointer: `${pointer}/${type}` },
      value: {
        kind: 'unresolved',
        expr: `dynamic "${type}"`,
        src: { ...b.src, pointer: `${pointer}/${type}` },
      },
    });
    byType.delete(type);
  }
  for (const [type, bs] of byType) {
    const p = `${pointer}/${type}`;
    const first = bs[0] as HclBlock;
    entries.push({
      key: type,
      keySrc: {
        ...first.src,
        endLine: first.src.startLine,
        endColumn: first.src.startColumn + type.length,
        pointer: p,
      },
      value: {
        kind: 'seq',
        items: bs.map((b, i) => evalBody(b, env, `${p}/${i}`)),
        src: { ...first.src, pointer: p },
      },
    });
  }
  return { kind: 'map', entries, src: { ...block.src, pointer: pointer || undefined } };
}

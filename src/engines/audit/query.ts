/**
 * `hako audit query`: a subset of CloudWatch Logs Insights, run over the event stream.
 *
 *   fields a, b | filter expr | stats count(*) [as n] by a, b | sort f [asc|desc] | limit N
 *
 * `filter` takes `=`, `!=`, `<`, `<=`, `>`, `>=`, `like "substring"`, `like /regex/`, `=~ /regex/`,
 * `in [..]`, `not in [..]`, `and`, `or`, `not`, parentheses; fields are dotted paths into the event
 * (`objectRef.resource`, `user.username`, `sourceIPs.0`), `@timestamp` (requestReceivedTimestamp),
 * `@message` (the event as JSON), `@file` and `@line`. A syntax error names its position.
 * Without `limit`, at most 1000 rows are returned (as Logs Insights does).
 */

export const DEFAULT_LIMIT = 1000;
export const DEFAULT_FIELDS = [
  '@timestamp',
  'user.username',
  'verb',
  'objectRef.resource',
  'objectRef.namespace',
  'objectRef.name',
  'responseStatus.code',
];

export class QuerySyntaxError extends Error {
  readonly column: number;
  constructor(
    readonly detail: string,
    readonly offset: number,
    readonly query: string,
  ) {
    super(`query syntax error at column ${offset + 1}: ${detail}`);
    this.column = offset + 1;
  }
}

export type Operand = { t: 'field'; name: string } | { t: 'str'; v: string } | { t: 'num'; v: number };
export type Expr =
  | { t: 'cmp'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; l: Operand; r: Operand }
  | { t: 'like'; l: Operand; s?: string; re?: { source: string; flags: string }; neg: boolean }
  | { t: 'in'; l: Operand; vs: Operand[]; neg: boolean }
  | { t: 'and' | 'or'; a: Expr; b: Expr }
  | { t: 'not'; e: Expr };
export interface Agg {
  fn: 'count';
  arg: string | null;
  as: string;
}
export type Stage =
  | { t: 'fields'; fields: { name: string; as: string }[] }
  | { t: 'filter'; e: Expr }
  | { t: 'stats'; aggs: Agg[]; by: { name: string; as: string }[] }
  | { t: 'sort'; keys: { name: string; desc: boolean }[] }
  | { t: 'limit'; n: number };
export interface Query {
  stages: Stage[];
}

// ---- lexer ----

type Tok =
  | { k: 'id'; v: string; at: number }
  | { k: 'str'; v: string; at: number }
  | { k: 'num'; v: number; at: number }
  | { k: 're'; v: string; flags: string; at: number }
  | { k: 'op'; v: string; at: number }
  | { k: 'end'; at: number };

function lex(q: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === '"' || c === "'") {
      let s = '';
      i++;
      while (i < q.length && q[i] !== c) {
        if (q[i] === '\\' && i + 1 < q.length) {
          s += q[i + 1];
          i += 2;
        } else s += q[i++];
      }
      if (i >= q.length) throw new QuerySyntaxError('unterminated string', at, q);
      i++;
      out.push({ k: 'str', v: s, at });
    } else if (c === '`') {
      const end = q.indexOf('`', i + 1);
      if (end < 0) throw new QuerySyntaxError('unterminated `field`', at, q);
      out.push({ k: 'id', v: q.slice(i + 1, end), at });
      i = end + 1;
    } else if (c === '/') {
      let s = '';
      i++;
      while (i < q.length && q[i] !== '/') {
        if (q[i] === '\\' && i + 1 < q.length) {
          s += q[i]! + q[i + 1]!;
          i += 2;
        } else s += q[i++];
      }
      if (i >= q.length) throw new QuerySyntaxError('unterminated /regex/', at, q);
      i++;
      let flags = '';
      while (i < q.length && /[a-z]/.test(q[i]!)) flags += q[i++];
      if (!/^i?$/.test(flags)) throw new QuerySyntaxError(`unknown regex flags "${flags}" (only i)`, at, q);
      try {
        new RegExp(s, flags);
      } catch (e) {
        throw new QuerySyntaxError(`invalid regex: ${(e as Error).message}`, at, q);
      }
      out.push({ k: 're', v: s, flags, at });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(q[i + 1] ?? ''))) {
      const m = /^-?\d+(\.\d+)?/.exec(q.slice(i))!;
      out.push({ k: 'num', v: Number(m[0]), at });
      i += m[0].length;
    } else if (/[A-Za-z_@]/.test(c)) {
      const m = /^[A-Za-z_@][A-Za-z0-9_@.\-/]*/.exec(q.slice(i))!;
      let v = m[0];
      while (v.endsWith('.') || v.endsWith('-') || v.endsWith('/')) v = v.slice(0, -1);
      out.push({ k: 'id', v, at });
      i += v.length;
    } else {
      const two = q.slice(i, i + 2);
      if (['!=', '<=', '>=', '=~'].includes(two)) {
        out.push({ k: 'op', v: two, at });
        i += 2;
      } else if ('|=<>(),[]*'.includes(c)) {
        out.push({ k: 'op', v: c, at });
        i++;
      } else throw new QuerySyntaxError(`unexpected character "${c}"`, at, q);
    }
  }
  out.push({ k: 'end', at: q.length });
  return out;
}

// ---- parser ----

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'in', 'by', 'as', 'asc', 'desc']);

export function parseQuery(q: string): Query {
  const toks = lex(q);
  let p = 0;
  const peek = () => toks[p]!;
  const describe = (t: Tok) =>
    t.k === 'end'
      ? 'the end of the query'
      : t.k === 'str'
        ? `"${t.v}"`
        : t.k === 're'
          ? `/${t.v}/`
          : `"${t.v}"`;
  const fail = (what: string): never => {
    const t = peek();
    throw new QuerySyntaxError(`expected ${what}, found ${describe(t)}`, t.at, q);
  };
  const isOp = (v: string) => {
    const t = peek();
    return t.k === 'op' && t.v === v;
  };
  const isWord = (v: string) => {
    const t = peek();
    return t.k === 'id' && t.v.toLowerCase() === v;
  };
  const expectOp = (v: string) => {
    if (!isOp(v)) fail(`"${v}"`);
    p++;
  };
  const field = (): string => {
    const t = peek();
    if (t.k !== 'id' || KEYWORDS.has(t.v.toLowerCase())) return fail('a field name');
    p++;
    return (t as { v: string }).v;
  };
  /** A field, or an aggregate's default column name (`count(*)`) after stats. */
  const column = (): string => {
    const name = field();
    if (!isOp('(')) return name;
    p++;
    let arg = '*';
    if (isOp('*')) p++;
    else arg = field();
    expectOp(')');
    return `${name}(${arg})`;
  };
  const alias = (dflt: string): string => {
    if (!isWord('as')) return dflt;
    p++;
    return field();
  };
  const operand = (): Operand => {
    const t = peek();
    if (t.k === 'str') {
      p++;
      return { t: 'str', v: t.v };
    }
    if (t.k === 'num') {
      p++;
      return { t: 'num', v: t.v };
    }
    if (t.k === 'id' && !KEYWORDS.has(t.v.toLowerCase())) return { t: 'field', name: column() };
    return fail('a field, a string or a number');
  };
  const list = (): Operand[] => {
    expectOp('[');
    const vs = [operand()];
    while (isOp(',')) {
      p++;
      vs.push(operand());
    }
    expectOp(']');
    return vs;
  };
  const primary = (): Expr => {
    if (isOp('(')) {
      p++;
      const e = orExpr();
      expectOp(')');
      return e;
    }
    const l = operand();
    const t = peek();
    if (t.k === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { t: 'cmp', op: t.v as '=', l, r: operand() };
    }
    if (t.k === 'op' && t.v === '=~') {
      p++;
      const r = peek();
      if (r.k !== 're') return fail('a /regex/ after =~');
      p++;
      return { t: 'like', l, re: { source: r.v, flags: r.flags }, neg: false };
    }
    let neg = false;
    if (isWord('not')) {
      p++;
      neg = true;
    }
    if (isWord('like')) {
      p++;
      const r = peek();
      p++;
      if (r.k === 're') return { t: 'like', l, re: { source: r.v, flags: r.flags }, neg };
      if (r.k === 'str') return { t: 'like', l, s: r.v, neg };
      p--;
      return fail('a "string" or /regex/ after like');
    }
    if (isWord('in')) {
      p++;
      return { t: 'in', l, vs: list(), neg };
    }
    return fail(neg ? '"like" or "in" after "not"' : 'an operator (=, !=, <, >, <=, >=, like, =~, in)');
  };
  const unary = (): Expr => {
    if (isWord('not')) {
      p++;
      return { t: 'not', e: unary() };
    }
    return primary();
  };
  const andExpr = (): Expr => {
    let a = unary();
    while (isWord('and')) {
      p++;
      a = { t: 'and', a, b: unary() };
    }
    return a;
  };
  const orExpr = (): Expr => {
    let a = andExpr();
    while (isWord('or')) {
      p++;
      a = { t: 'or', a, b: andExpr() };
    }
    return a;
  };
  const fieldList = () => {
    const fs = [{ name: '', as: '' }];
    fs.length = 0;
    do {
      if (fs.length > 0) p++;
      const name = field();
      fs.push({ name, as: alias(name) });
    } while (isOp(','));
    return fs;
  };

  const stages: Stage[] = [];
  for (;;) {
    const t = peek();
    if (t.k !== 'id') return fail('a command (fields, filter, stats, sort, limit)');
    const cmd = t.v.toLowerCase();
    p++;
    if (cmd === 'fields' || cmd === 'display') stages.push({ t: 'fields', fields: fieldList() });
    else if (cmd === 'filter') stages.push({ t: 'filter', e: orExpr() });
    else if (cmd === 'stats') {
      const aggs: Agg[] = [];
      do {
        if (aggs.length > 0) p++;
        const fn = peek();
        if (fn.k !== 'id' || fn.v.toLowerCase() !== 'count')
          fail('count(...) (the only aggregate supported)');
        p++;
        expectOp('(');
        let arg: string | null = null;
        if (isOp('*')) p++;
        else if (!isOp(')')) arg = field();
        expectOp(')');
        aggs.push({ fn: 'count', arg, as: alias(`count(${arg ?? '*'})`) });
      } while (isOp(','));
      let by: { name: string; as: string }[] = [];
      if (isWord('by')) {
        p++;
        by = fieldList();
      }
      stages.push({ t: 'stats', aggs, by });
    } else if (cmd === 'sort') {
      const keys: { name: string; desc: boolean }[] = [];
      do {
        if (keys.length > 0) p++;
        const name = column();
        let desc = false;
        if (isWord('desc')) {
          p++;
          desc = true;
        } else if (isWord('asc')) p++;
        keys.push({ name, desc });
      } while (isOp(','));
      stages.push({ t: 'sort', keys });
    } else if (cmd === 'limit') {
      const n = peek();
      if (n.k !== 'num' || !Number.isInteger(n.v) || n.v < 1)
        return fail('a positive whole number after limit');
      p++;
      stages.push({ t: 'limit', n: (n as { v: number }).v });
    } else {
      p--;
      return fail('a command (fields, filter, stats, sort, limit)');
    }
    if (peek().k === 'end') break;
    expectOp('|');
  }
  if (stages.filter((s) => s.t === 'stats').length > 1)
    throw new QuerySyntaxError('only one stats command is supported', 0, q);
  return { stages };
}

// ---- evaluation ----

type Row = Record<string, unknown>;

function get(x: unknown, path: string): unknown {
  const parts = path.split('.');
  let cur = x;
  let i = 0;
  while (i < parts.length) {
    if (Array.isArray(cur)) {
      const n = Number(parts[i]);
      if (!Number.isInteger(n)) return undefined;
      cur = cur[n];
      i++;
      continue;
    }
    if (typeof cur !== 'object' || cur === null) return undefined;
    const o = cur as Record<string, unknown>;
    let found = false;
    for (let j = parts.length; j > i; j--) {
      const key = parts.slice(i, j).join('.');
      if (Object.hasOwn(o, key)) {
        cur = o[key];
        i = j;
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return cur;
}

/** An event with its place, read by field name. */
export interface EventRow {
  e: Record<string, unknown>;
  file: string;
  line: number;
}

function eventField(r: EventRow, name: string): unknown {
  if (name === '@timestamp') return r.e.requestReceivedTimestamp ?? r.e.stageTimestamp;
  if (name === '@message') return JSON.stringify(r.e);
  if (name === '@file') return r.file;
  if (name === '@line') return r.line;
  return get(r.e, name);
}

type Getter = (name: string) => unknown;

function scalarOf(x: unknown): string | number | null {
  if (typeof x === 'string' || typeof x === 'number') return x;
  if (typeof x === 'boolean') return String(x);
  if (x === undefined || x === null) return null;
  return JSON.stringify(x);
}

function operandValue(o: Operand, g: Getter): string | number | null {
  if (o.t === 'field') return scalarOf(g(o.name));
  return o.v;
}

function compare(a: string | number, b: string | number): number {
  const na = typeof a === 'number' ? a : Number(a);
  const nb = typeof b === 'number' ? b : Number(b);
  if (
    (typeof a === 'number' || typeof b === 'number') &&
    !Number.isNaN(na) &&
    !Number.isNaN(nb) &&
    a !== '' &&
    b !== ''
  )
    return na - nb;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const regexCache = new Map<string, RegExp>();
function regex(source: string, flags: string): RegExp {
  const k = `${flags}/${source}`;
  let r = regexCache.get(k);
  if (!r) {
    r = new RegExp(source, flags);
    regexCache.set(k, r);
  }
  return r;
}

export function evalExpr(e: Expr, g: Getter): boolean {
  switch (e.t) {
    case 'and':
      return evalExpr(e.a, g) && evalExpr(e.b, g);
    case 'or':
      return evalExpr(e.a, g) || evalExpr(e.b, g);
    case 'not':
      return !evalExpr(e.e, g);
    case 'cmp': {
      const l = operandValue(e.l, g);
      const r = operandValue(e.r, g);
      if (l === null || r === null) return false; // a missing field matches no comparison, as in SQL
      const c = compare(l, r);
      return { '=': c === 0, '!=': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[e.op];
    }
    case 'like': {
      const l = operandValue(e.l, g);
      if (l === null) return false;
      const hit = e.re ? regex(e.re.source, e.re.flags).test(String(l)) : String(l).includes(e.s!);
      return hit !== e.neg;
    }
    case 'in': {
      const l = operandValue(e.l, g);
      if (l === null) return false;
      const hit = e.vs.some((v) => {
        const r = operandValue(v, g);
        return r !== null && compare(l, r) === 0;
      });
      return hit !== e.neg;
    }
  }
}

/** Runs a query over events pushed one by one; memory holds only groups and the kept rows. */
export class QueryRunner {
  private readonly pre: Stage[];
  private readonly stats?: Extract<Stage, { t: 'stats' }>;
  private readonly post: Stage[];
  private readonly groups = new Map<string, Row>();
  private rows: Row[] = [];
  private readonly limit: number;
  private readonly sort?: Extract<Stage, { t: 'sort' }>;
  truncated = false;

  constructor(readonly query: Query) {
    const i = query.stages.findIndex((s) => s.t === 'stats');
    this.pre = i < 0 ? query.stages : query.stages.slice(0, i);
    this.stats = i < 0 ? undefined : (query.stages[i] as Extract<Stage, { t: 'stats' }>);
    this.post = i < 0 ? [] : query.stages.slice(i + 1);
    const all = query.stages;
    const lim = all.findLast((s) => s.t === 'limit') as { n: number } | undefined;
    this.limit = lim?.n ?? DEFAULT_LIMIT;
    this.sort = all.findLast((s) => s.t === 'sort') as Extract<Stage, { t: 'sort' }> | undefined;
  }

  private columns(): { name: string; as: string }[] {
    const f = this.pre.findLast((s) => s.t === 'fields') as Extract<Stage, { t: 'fields' }> | undefined;
    return f ? f.fields : DEFAULT_FIELDS.map((name) => ({ name, as: name }));
  }

  add(r: EventRow): void {
    const g: Getter = (n) => eventField(r, n);
    for (const s of this.pre) if (s.t === 'filter' && !evalExpr(s.e, g)) return;
    if (this.stats) {
      const keyVals = this.stats.by.map((b) => scalarOf(g(b.name)));
      const key = JSON.stringify(keyVals);
      let row = this.groups.get(key);
      if (!row) {
        row = {};
        this.stats.by.forEach((b, i) => {
          row![b.as] = keyVals[i];
        });
        for (const a of this.stats.aggs) row[a.as] = 0;
        this.groups.set(key, row);
      }
      for (const a of this.stats.aggs)
        if (a.arg === null || scalarOf(g(a.arg)) !== null) (row[a.as] as number)++;
      return;
    }
    const row: Row = {};
    for (const c of this.columns()) row[c.as] = scalarOf(g(c.name));
    this.keep(row);
  }

  private keep(row: Row): void {
    if (!this.sort) {
      if (this.rows.length < this.limit) this.rows.push(row);
      else this.truncated = true;
      return;
    }
    this.rows.push(row);
    if (this.rows.length > 2 * this.limit + 1000) this.trim();
  }

  private order = (a: Row, b: Row): number => {
    for (const k of this.sort!.keys) {
      const x = scalarOf(a[k.name]);
      const y = scalarOf(b[k.name]);
      const c = x === null ? (y === null ? 0 : 1) : y === null ? -1 : compare(x, y);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };

  private trim(): void {
    this.rows.sort(this.order);
    if (this.rows.length > this.limit) {
      this.truncated = true;
      this.rows.length = this.limit;
    }
  }

  result(): Row[] {
    if (this.stats) {
      let rows = [...this.groups.values()];
      for (const s of this.post) if (s.t === 'filter') rows = rows.filter((r) => evalExpr(s.e, (n) => r[n]));
      this.rows = [];
      for (const r of rows) this.keep(r);
    }
    if (this.sort) this.trim();
    return this.rows;
  }
}

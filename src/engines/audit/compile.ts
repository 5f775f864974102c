/**
 * `hako audit compile`: each AUD plan (plan.ts), or a `hako audit query`, printed for the engines
 * that already hold a fleet's logs:
 * - `insights`: CloudWatch Logs Insights over the `/aws/eks/<cluster>/cluster` log group. Insights
 *   has no array iteration or conditional values, so checks inside arrays become regexes over
 *   `@message` and computed keys become their inputs: an approximation, marked in a comment.
 * - `athena`: Athena (Trino) SQL over a table of the S3 export (one string column `line` holding
 *   `<timestamp> <message>`, e.g. `CREATE EXTERNAL TABLE eks_audit_logs (line string) LOCATION
 *   's3://bucket/prefix/'`).
 * - `duckdb`: DuckDB SQL over the NDJSON events `hako audit` reads (`read_ndjson_objects`); tests
 *   run it and compare with the streaming detector.
 * The SQL dialects are exact translations of the plan: every comparison is two-valued (a missing
 * field is false, never NULL), as in the streaming evaluator.
 */
import { AUDIT_META_BY_ID } from './meta.js';
import { CONTAINER_ARRAYS, PLANS, type Plan, type Pred, type Val } from './plan.js';
import type { Expr, Operand, Query } from './query.js';

export type Target = 'insights' | 'athena' | 'duckdb';
export const TARGETS: Target[] = ['insights', 'athena', 'duckdb'];

export interface CompileOptions {
  /** DuckDB: the NDJSON file (or glob) to read. */
  path?: string;
  /** Athena: the table over the S3 export. */
  table?: string;
}

const DEFAULT_PATH = 'audit.ndjson';
const DEFAULT_TABLE = 'eks_audit_logs';
/** Label keys that contain dots: one path segment, not several. */
const DOTTED_KEYS = ['app.kubernetes.io/name'];

const sqlStr = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

function segments(path: string): string[] {
  let p = path;
  const held: string[] = [];
  DOTTED_KEYS.forEach((k, i) => {
    p = p.split(k).join(`\u0000${i}`);
    held[i] = k;
  });
  return p.split('.').map((s) => (s.startsWith('\u0000') ? held[Number(s.slice(1))]! : s));
}

function jsonPath(path: string, d: 'duckdb' | 'athena'): string {
  let out = '$';
  for (const s of segments(path)) {
    if (s === '[*]') out += '[*]';
    else if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += `.${s}`;
    else out += d === 'duckdb' ? `."${s}"` : `["${s}"]`;
  }
  return sqlStr(out);
}

/** `body.x.y` → [root, 'x.y']; roots are the CTE columns e, body, pod. */
function rooted(f: string): [string, string] {
  if (f.startsWith('body.')) return ['body', f.slice(5)];
  if (f.startsWith('pod.')) return ['pod', f.slice(4)];
  return ['e', f];
}

// ---- SQL (DuckDB and Athena/Trino) ----

class Sql {
  private depth = 0;
  constructor(readonly d: 'duckdb' | 'athena') {}

  str(root: string, path: string): string {
    return this.d === 'duckdb'
      ? `json_extract_string(${root}, ${jsonPath(path, this.d)})`
      : `json_extract_scalar(${root}, ${jsonPath(path, this.d)})`;
  }

  json(root: string, path: string): string {
    return `json_extract(${root}, ${jsonPath(path, this.d)})`;
  }

  /** The JSON array elements at `path` (one level). */
  elems(root: string, path: string): string {
    return this.d === 'duckdb'
      ? `json_extract(${root}, ${jsonPath(`${path}.[*]`, this.d)})`
      : `coalesce(TRY_CAST(json_extract(${root}, ${jsonPath(path, this.d)}) AS ARRAY(JSON)), ARRAY[])`;
  }

  /** `a[*].b[*]` flattened, from a root. */
  array(root: string, arr: string): string {
    const parts = arr.split('[*]').slice(0, -1);
    let expr = this.elems(root, parts[0]!);
    for (const seg of parts.slice(1)) {
      const path = seg.replace(/^\./, '');
      const x = this.lambda();
      expr =
        this.d === 'duckdb'
          ? `flatten(list_transform(${expr}, ${x} -> coalesce(${this.elems(x, path)}, [])))`
          : `flatten(transform(${expr}, ${x} -> ${this.elems(x, path)}))`;
      this.depth--;
    }
    return this.d === 'duckdb' ? `coalesce(${expr}, [])` : expr;
  }

  lambda(): string {
    this.depth++;
    return `x${this.depth}`;
  }

  isObject(root: string, path: string): string {
    return this.d === 'duckdb'
      ? `coalesce(json_type(${root}, ${jsonPath(path, this.d)}) = 'OBJECT', false)`
      : `coalesce(json_format(${this.json(root, path)}) LIKE '{%', false)`;
  }

  any(list: string, x: string, cond: string): string {
    return this.d === 'duckdb'
      ? `coalesce(len(list_filter(${list}, ${x} -> ${cond})) > 0, false)`
      : `coalesce(any_match(${list}, ${x} -> ${cond}), false)`;
  }

  pred(p: Pred, root?: string): string {
    const at = (f: string): [string, string] => (root ? [root, f] : rooted(f));
    const two = (s: string) => `coalesce(${s}, false)`;
    switch (p.k) {
      case 'eq':
        return two(`${this.str(...at(p.f))} = ${sqlStr(p.v)}`);
      case 'in':
        return two(`${this.str(...at(p.f))} IN (${p.vs.map(sqlStr).join(', ')})`);
      case 'prefix':
        return two(`starts_with(${this.str(...at(p.f))}, ${sqlStr(p.v)})`);
      case 'null': {
        const [r, f] = at(p.f);
        return this.d === 'duckdb'
          ? `coalesce(json_type(${r}, ${jsonPath(f, this.d)}), 'NULL') = 'NULL'`
          : `coalesce(json_format(${this.json(r, f)}), 'null') = 'null'`;
      }
      case 'between':
        return two(`TRY_CAST(${this.str(...at(p.f))} AS BIGINT) BETWEEN ${p.lo} AND ${p.hi}`);
      case 'has': {
        const [r, f] = at(p.f);
        return this.d === 'duckdb'
          ? two(`list_contains(${this.str(r, `${f}.[*]`)}, ${sqlStr(p.v)})`)
          : two(`contains(TRY_CAST(${this.json(r, f)} AS ARRAY(VARCHAR)), ${sqlStr(p.v)})`);
      }
      case 'any': {
        const parts = p.arrs.map((a) => {
          const [r, f] = at(a);
          const list = this.array(r, f);
          const x = this.lambda();
          const s = this.any(list, x, this.pred(p.where, x));
          this.depth--;
          return s;
        });
        return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
      }
      case 'writableHostPath': {
        const mounts = CONTAINER_ARRAYS.map((a) => this.array(...rooted(`${a}.volumeMounts[*]`)));
        const all =
          this.d === 'duckdb'
            ? mounts.reduce((acc, m) => `list_concat(${acc}, ${m})`)
            : mounts.reduce((acc, m) => `concat(${acc}, ${m})`);
        const m = this.lambda();
        const writable =
          this.d === 'duckdb'
            ? `list_transform(list_filter(${all}, ${m} -> coalesce(${this.str(m, 'readOnly')}, '') <> 'true'), ${m} -> ${this.str(m, 'name')})`
            : `transform(filter(${all}, ${m} -> coalesce(${this.str(m, 'readOnly')}, '') <> 'true'), ${m} -> ${this.str(m, 'name')})`;
        this.depth--;
        const v = this.lambda();
        const cond = `${two(`${this.str(v, 'hostPath.path')} IN (${p.paths.map(sqlStr).join(', ')})`)} AND ${two(
          `${this.d === 'duckdb' ? 'list_contains' : 'contains'}(${writable}, ${this.str(v, 'name')})`,
        )}`;
        const s = this.any(this.array('pod', 'volumes[*]'), v, cond);
        this.depth--;
        return s;
      }
      case 'and':
        return `(${p.ps.map((q) => this.pred(q, root)).join(' AND ')})`;
      case 'or':
        return `(${p.ps.map((q) => this.pred(q, root)).join(' OR ')})`;
      case 'not':
        return `NOT ${this.pred(p.p, root)}`;
    }
  }

  value(v: Val): string {
    if ('f' in v) return this.str(...rooted(v.f));
    return `CASE ${v.cases.map(([p, out]) => `WHEN ${this.pred(p)} THEN ${sqlStr(out)}`).join(' ')} ELSE ${sqlStr(v.otherwise)} END`;
  }

  source(o: CompileOptions): string {
    const evs =
      this.d === 'duckdb'
        ? `SELECT json AS e FROM read_ndjson_objects(${sqlStr(o.path ?? DEFAULT_PATH)})`
        : `SELECT json_parse(substr(line, strpos(line, ' ') + 1)) AS e FROM ${ident(o.table ?? DEFAULT_TABLE)} WHERE strpos(line, ' {') > 0`;
    const body = `CASE WHEN ${this.isObject('e', 'responseObject')} THEN ${this.json('e', 'responseObject')} ELSE ${this.json('e', 'requestObject')} END`;
    const podPaths = ['spec.jobTemplate.spec.template.spec', 'spec.template.spec', 'spec'];
    const pod = `CASE ${podPaths.map((p) => `WHEN ${this.isObject('body', p)} THEN ${this.json('body', p)}`).join(' ')} END`;
    return [
      `WITH raw AS (${evs}),`,
      `  b AS (SELECT e, ${body} AS body FROM raw),`,
      `  ev AS (SELECT e, body, ${pod} AS pod FROM b)`,
    ].join('\n');
  }

  plan(plan: Plan, o: CompileOptions): string {
    const keys = Object.entries(plan.key);
    const ts = `coalesce(${this.str('e', 'requestReceivedTimestamp')}, ${this.str('e', 'stageTimestamp')})`;
    const cols = [
      `${sqlStr(plan.id)} AS rule`,
      ...keys.map(([k, v]) => `${this.value(v)} AS ${ident(k)}`),
      'count(*) AS count',
      `min(${ts}) AS ${ident('firstSeen')}`,
      `max(${ts}) AS ${ident('lastSeen')}`,
    ];
    const group = keys.map((_, i) => String(i + 2)).join(', ');
    const lines = [
      `-- ${plan.id} ${AUDIT_META_BY_ID.get(plan.id)!.title.en}`,
      this.source(o),
      `SELECT ${cols.join(',\n       ')}`,
      'FROM ev',
      `WHERE ${this.pred(plan.where)}`,
      `GROUP BY ${group}`,
    ];
    if (plan.having) {
      const ns = this.str('e', 'objectRef.namespace');
      lines.push(
        `HAVING count(DISTINCT ${ns}) >= ${plan.having.distinctNamespaces} OR bool_or(${ns} IS NULL)`,
      );
    }
    lines.push(`ORDER BY ${group}`);
    return lines.join('\n');
  }

  // a `hako audit query`
  field(name: string): string {
    if (name === '@timestamp')
      return `coalesce(${this.str('e', 'requestReceivedTimestamp')}, ${this.str('e', 'stageTimestamp')})`;
    if (name === '@message') return this.d === 'duckdb' ? 'CAST(e AS VARCHAR)' : 'json_format(e)';
    return this.str('e', name);
  }

  operand(o: Operand, col: (n: string) => string): string {
    if (o.t === 'field') return col(o.name);
    if (o.t === 'num') return String(o.v);
    return sqlStr(o.v);
  }

  expr(x: Expr, col: (n: string) => string): string {
    const two = (s: string) => `coalesce(${s}, false)`;
    const num = (o: Operand, other: Operand) =>
      other.t === 'num' && o.t === 'field' ? `TRY_CAST(${col(o.name)} AS DOUBLE)` : this.operand(o, col);
    switch (x.t) {
      case 'and':
      case 'or':
        return `(${this.expr(x.a, col)} ${x.t.toUpperCase()} ${this.expr(x.b, col)})`;
      case 'not':
        return `NOT ${this.expr(x.e, col)}`;
      case 'cmp':
        return two(`${num(x.l, x.r)} ${x.op === '!=' ? '<>' : x.op} ${num(x.r, x.l)}`);
      case 'like': {
        const l = this.operand(x.l, col);
        const hit = x.re
          ? `${this.d === 'duckdb' ? 'regexp_matches' : 'regexp_like'}(${l}, ${sqlStr((x.re.flags.includes('i') ? '(?i)' : '') + x.re.source)})`
          : `strpos(${l}, ${sqlStr(x.s!)}) > 0`;
        return x.neg ? `(${l} IS NOT NULL AND NOT ${two(hit)})` : two(hit);
      }
      case 'in': {
        const l = this.operand(x.l, col);
        const hit = two(`${l} IN (${x.vs.map((v) => this.operand(v, col)).join(', ')})`);
        return x.neg ? `(${l} IS NOT NULL AND NOT ${hit})` : hit;
      }
    }
  }

  query(q: Query, o: CompileOptions, defaults: { fields: string[]; limit: number }): string {
    const statsAt = q.stages.findIndex((s) => s.t === 'stats');
    const pre = statsAt < 0 ? q.stages : q.stages.slice(0, statsAt);
    const post = statsAt < 0 ? [] : q.stages.slice(statsAt + 1);
    const where = pre.flatMap((s) => (s.t === 'filter' ? [this.expr(s.e, (n) => this.field(n))] : []));
    const sort = q.stages.findLast((s) => s.t === 'sort');
    const limit =
      (q.stages.findLast((s) => s.t === 'limit') as { n: number } | undefined)?.n ?? defaults.limit;
    const lines = [this.source(o)];
    if (statsAt >= 0) {
      const st = q.stages[statsAt] as Extract<Query['stages'][number], { t: 'stats' }>;
      const cols = [
        ...st.by.map((b) => `${this.field(b.name)} AS ${ident(b.as)}`),
        ...st.aggs.map((a) => `count(${a.arg ? this.field(a.arg) : '*'}) AS ${ident(a.as)}`),
      ];
      lines.push(`, grouped AS (SELECT ${cols.join(', ')} FROM ev`);
      if (where.length) lines.push(`  WHERE ${where.join(' AND ')}`);
      if (st.by.length) lines.push(`  GROUP BY ${st.by.map((_, i) => i + 1).join(', ')}`);
      lines[lines.length - 1] += ')';
      lines.push('SELECT * FROM grouped');
      const having = post.flatMap((s) => (s.t === 'filter' ? [this.expr(s.e, ident)] : []));
      if (having.length) lines.push(`WHERE ${having.join(' AND ')}`);
    } else {
      const f = pre.findLast((s) => s.t === 'fields') as
        | { fields: { name: string; as: string }[] }
        | undefined;
      const fields = f?.fields ?? defaults.fields.map((n) => ({ name: n, as: n }));
      lines.push(
        `SELECT ${fields.map((c) => `${this.field(c.name)} AS ${ident(c.as)}`).join(', ')}`,
        'FROM ev',
      );
      if (where.length) lines.push(`WHERE ${where.join(' AND ')}`);
    }
    if (sort && sort.t === 'sort') {
      const sortCol = (n: string) => (statsAt >= 0 ? ident(n) : ident(n));
      lines.push(
        `ORDER BY ${sort.keys.map((k) => `${sortCol(k.name)} ${k.desc ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`,
      );
    }
    lines.push(`LIMIT ${limit}`);
    return lines.join('\n');
  }
}

// ---- CloudWatch Logs Insights ----

function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

class Insights {
  notes: string[] = [];

  /** A field of the event or of the written object (request or response body). */
  private fields(f: string): string[] {
    const [root, path] = rooted(f);
    // a field name with characters other than letters, digits, _ . @ is quoted with backticks
    const q = (x: string) => (/^[A-Za-z0-9_.@]+$/.test(x) ? x : `\`${x}\``);
    if (root === 'e') return [q(path)];
    if (root === 'body') return [q(`requestObject.${path}`), q(`responseObject.${path}`)];
    return [];
  }

  private either(f: string, cmp: (x: string) => string): string {
    const fs = this.fields(f);
    return fs.length === 1 ? cmp(fs[0]!) : `(${fs.map(cmp).join(' or ')})`;
  }

  /** Regex over @message for a check inside arrays (pod spec, subjects). */
  private elementRegex(p: Pred): string[] {
    switch (p.k) {
      case 'eq':
        return [`"${reEscape(segments(p.f).at(-1)!)}":\\s*"?${reEscape(p.v)}"?`];
      case 'in':
        return [`"${reEscape(segments(p.f).at(-1)!)}":\\s*"(${p.vs.map(reEscape).join('|')})"`];
      case 'and':
        return p.ps.flatMap((q) => this.elementRegex(q));
      default:
        return [];
    }
  }

  pred(p: Pred): string {
    const q = (s: string) => JSON.stringify(s);
    switch (p.k) {
      case 'eq':
        if (p.f.startsWith('pod.')) return `@message like /${this.elementRegex(p).join('')}/`;
        return this.either(p.f, (x) => `${x} = ${q(p.v)}`);
      case 'in':
        return this.either(p.f, (x) => `${x} in [${p.vs.map(q).join(', ')}]`);
      case 'prefix':
        return this.either(p.f, (x) => `${x} like /^${reEscape(p.v)}/`);
      case 'null':
        return this.either(p.f, (x) => `not ispresent(${x})`);
      case 'between':
        return this.either(p.f, (x) => `(${x} >= ${p.lo} and ${x} <= ${p.hi})`);
      case 'has':
        return `@message like /"${reEscape(segments(p.f).at(-1)!)}":\\[[^\\]]*"${reEscape(p.v)}"/`;
      case 'any':
        this.notes.push('array checks are regexes over @message (approximate)');
        return this.elementRegex(p.where)
          .map((r) => `@message like /${r}/`)
          .join(' and ');
      case 'writableHostPath':
        this.notes.push('the writable-mount check is not expressible: hostPath matches only');
        return `@message like /"hostPath":\\s*\\{[^}]*"path":\\s*"(${p.paths.map(reEscape).join('|')})"/`;
      case 'and':
        return `(${p.ps.map((x) => this.pred(x)).join(' and ')})`;
      case 'or':
        return `(${p.ps.map((x) => this.pred(x)).join(' or ')})`;
      case 'not':
        return `not ${this.pred(p.p)}`;
    }
  }

  plan(plan: Plan): string {
    this.notes = [];
    const by: string[] = [];
    for (const v of Object.values(plan.key)) {
      if ('f' in v) by.push(...this.fields(v.f));
      else {
        this.notes.push(
          'computed keys (tactic, dashboard) are grouped by their inputs: verb, objectRef.resource, objectRef.name',
        );
        by.push('verb', 'objectRef.resource', 'objectRef.name');
      }
    }
    const uniq = [...new Set(by)];
    const filter = this.pred(plan.where);
    const stats = plan.having
      ? `stats count(*) as count, count_distinct(objectRef.namespace) as namespaces, min(@timestamp) as firstSeen, max(@timestamp) as lastSeen by ${uniq.join(', ')}\n| filter namespaces >= ${plan.having.distinctNamespaces}`
      : `stats count(*) as count, min(@timestamp) as firstSeen, max(@timestamp) as lastSeen by ${uniq.join(', ')}`;
    if (plan.having) this.notes.push('cluster-wide reads (no namespace) are not counted as all namespaces');
    const head = [`# ${plan.id} ${AUDIT_META_BY_ID.get(plan.id)!.title.en}`];
    for (const n of [...new Set(this.notes)]) head.push(`# approximation: ${n}`);
    return [
      ...head,
      'fields @timestamp, @message',
      '| filter @logStream like /^kube-apiserver-audit/',
      `| filter ${filter}`,
      `| ${stats}`,
    ].join('\n');
  }
}

export interface Compiled {
  id: string;
  target: Target;
  text: string;
}

export function compilePlans(targets: Target[], o: CompileOptions = {}, plans: Plan[] = PLANS): Compiled[] {
  const out: Compiled[] = [];
  for (const target of targets)
    for (const plan of plans) {
      const text = target === 'insights' ? new Insights().plan(plan) : new Sql(target).plan(plan, o);
      out.push({ id: plan.id, target, text });
    }
  return out;
}

/** A query of `hako audit query`: Insights is the query itself; the SQL dialects translate it. */
export function compileQuery(
  q: Query,
  source: string,
  target: Target,
  o: CompileOptions,
  defaults: { fields: string[]; limit: number },
): string {
  if (target === 'insights')
    return `fields @timestamp, @message\n| filter @logStream like /^kube-apiserver-audit/\n| ${source.trim()}`;
  return new Sql(target).query(q, o, defaults);
}

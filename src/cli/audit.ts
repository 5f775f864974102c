/** `hako audit`, `hako audit query` and `hako audit compile`: EKS audit logs, streamed. */
import { type Command, Option } from 'commander';
import { compilePlans, compileQuery, TARGETS, type Target } from '../engines/audit/compile.js';
import { type AuditInput, auditInputs, readInputs, runAudit } from '../engines/audit/index.js';
import { AUDIT_META_BY_ID } from '../engines/audit/meta.js';
import {
  DEFAULT_FIELDS,
  DEFAULT_LIMIT,
  parseQuery,
  type Query,
  QueryRunner,
  QuerySyntaxError,
} from '../engines/audit/query.js';
import {
  renderAuditJson,
  renderAuditNdjson,
  renderAuditSarif,
  renderAuditText,
} from '../engines/audit/report.js';
import { termSafe } from '../report/escape.js';
import { type Lang, SEVERITIES, type Severity } from '../rules/types.js';
import { EXIT, envLang, type Io, langOption, UsageError } from './main.js';

/** Standard input as a stream (audit logs are too big to buffer). */
function inputsOf(paths: string[]): { inputs: AuditInput[]; missing: string[] } {
  const files = paths.filter((p) => p !== '-');
  const { inputs, missing } = auditInputs(files);
  if (paths.includes('-')) inputs.unshift({ display: '-', source: process.stdin });
  return { inputs, missing };
}

function checkPaths(io: Io, paths: string[]): AuditInput[] {
  const { inputs, missing } = inputsOf(paths);
  for (const m of missing) io.stderr(`hako: cannot read ${termSafe(m)}: no such file or directory\n`);
  if (missing.length > 0) throw new UsageError(`${missing.length} path(s) not found`);
  if (inputs.length === 0) throw new UsageError('no audit log files found in the given paths');
  return inputs;
}

/** Parses a query; a syntax error is printed with the query and a caret under its position (exit 2). */
function parseOrReport(io: Io, source: string, setCode: (c: number) => void): Query | undefined {
  try {
    return parseQuery(source);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    io.stderr(`hako: ${termSafe(e.message)}\n  ${termSafe(e.query)}\n  ${' '.repeat(e.offset)}^\n`);
    setCode(EXIT.usage);
    return undefined;
  }
}

export function registerAuditCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  const audit = program
    .command('audit')
    .description('detections over EKS audit logs (raw events, CloudWatch Logs exports, gzip), streamed')
    .argument('<paths...>', 'files, directories or - for standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'),
    )
    .option('--ndjson', 'one finding per line (JSON), for SIEM ingestion')
    .option(
      '--strict',
      'parse every line (by default a raw-event line holding none of the words a detection needs is only checked to be framed as JSON)',
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 on findings at or above this severity')
        .choices([...SEVERITIES])
        .default('high'),
    )
    .addOption(langOption())
    .action(
      async (
        paths: string[],
        flags: { format: string; ndjson?: boolean; strict?: boolean; failOn: Severity; lang?: Lang },
      ) => {
        const lang = flags.lang ?? envLang();
        const inputs = checkPaths(io, paths);
        const r = await runAudit(inputs, lang, { strict: flags.strict === true });
        if (flags.ndjson) {
          io.stdout(renderAuditNdjson(r));
          for (const e of r.errors)
            io.stderr(`hako: ${termSafe(e.file)}:${e.line}: ${termSafe(e.message)}\n`);
          for (const s of r.skipped) io.stderr(`hako: skipped: ${termSafe(s.reason)}\n`);
        } else if (flags.format === 'json') io.stdout(renderAuditJson(r));
        else if (flags.format === 'sarif') io.stdout(renderAuditSarif(r, lang));
        else io.stdout(renderAuditText(r));
        const threshold = SEVERITIES.indexOf(flags.failOn);
        if (r.events === 0 && r.malformed > 0) {
          io.stderr('hako: no audit event could be read\n');
          setCode(EXIT.usage);
        } else if (
          r.errors.length > 0 ||
          r.findings.some((f) => SEVERITIES.indexOf(f.severity as Severity) <= threshold)
        )
          setCode(EXIT.findings);
        else setCode(EXIT.ok);
      },
    );

  audit
    .command('query')
    .description(
      'run a CloudWatch Logs Insights-style query (fields, filter, stats count(*) by, sort, limit)',
    )
    .argument('<query>', 'e.g. \'filter objectRef.resource = "secrets" | stats count(*) by user.username\'')
    .argument('<paths...>', 'files, directories or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action(async (source: string, paths: string[], flags: { format: string; lang?: Lang }) => {
      const q = parseOrReport(io, source, setCode);
      if (!q) return;
      const inputs = checkPaths(io, paths);
      const runner = new QueryRunner(q);
      const stats = await readInputs(inputs, flags.lang ?? envLang(), (e, file, line) =>
        runner.add({ e, file, line }),
      );
      const rows = runner.result();
      if (flags.format === 'json') {
        io.stdout(
          `${JSON.stringify(
            {
              rows,
              events: stats.events,
              errors: stats.errors,
              ...(runner.truncated ? { truncated: true } : {}),
            },
            null,
            2,
          )}\n`,
        );
      } else io.stdout(renderRows(rows, stats.events, runner.truncated, stats.errors));
      setCode(stats.events === 0 && stats.malformed > 0 ? EXIT.usage : EXIT.ok);
    });

  audit
    .command('compile')
    .description(
      'print each AUD detection (or a query) as CloudWatch Logs Insights, Athena and DuckDB queries',
    )
    .addOption(
      new Option('--target <target>', 'dialect (repeatable; default all)')
        .choices(TARGETS)
        .argParser((v: string, prev: string[] | undefined) => {
          if (!TARGETS.includes(v as Target))
            throw new UsageError(`--target expects ${TARGETS.join('|')}, got "${v}"`);
          return [...(prev ?? []), v];
        }),
    )
    .option('--query <query>', 'compile this query instead of the detections')
    .option('--rules <ids>', 'only these detections (comma-separated AUD IDs)')
    .option('--table <name>', 'Athena table over the S3 export (one string column `line`)', 'eks_audit_logs')
    .option('--path <glob>', 'DuckDB: NDJSON file(s) to read', 'audit.ndjson')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(
      (flags: {
        target?: Target[];
        query?: string;
        rules?: string;
        table: string;
        path: string;
        format: string;
      }) => {
        const targets = flags.target ?? TARGETS;
        const o = { table: flags.table, path: flags.path };
        let out: { id: string; target: Target; text: string }[];
        if (flags.query !== undefined) {
          const q = parseOrReport(io, flags.query, setCode);
          if (!q) return;
          out = targets.map((target) => ({
            id: 'query',
            target,
            text: compileQuery(q, flags.query!, target, o, { fields: DEFAULT_FIELDS, limit: DEFAULT_LIMIT }),
          }));
        } else {
          const ids = flags.rules
            ?.split(',')
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean);
          for (const id of ids ?? [])
            if (!AUDIT_META_BY_ID.has(id))
              throw new UsageError(`unknown detection "${id}" (AUD-001..AUD-012)`);
          out = compilePlans(targets, o).filter((c) => !ids || ids.includes(c.id));
        }
        if (flags.format === 'json') io.stdout(`${JSON.stringify({ queries: out }, null, 2)}\n`);
        else io.stdout(out.map((c) => `== ${c.id} (${c.target})\n${c.text}\n`).join('\n'));
        setCode(EXIT.ok);
      },
    );
}

function renderRows(
  rows: Record<string, unknown>[],
  events: number,
  truncated: boolean,
  errors: { file: string; line: number; message: string }[],
): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (x: unknown) => termSafe(x === null || x === undefined ? '-' : String(x));
  const widths = cols.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = rows.length
    ? [
        line(cols),
        line(widths.map((w) => '-'.repeat(w))),
        ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
      ]
    : [];
  for (const e of errors) out.push(`error    ${termSafe(e.file)}:${e.line}  ${termSafe(e.message)}`);
  out.push(`${rows.length} rows${truncated ? ' (truncated: add limit N)' : ''}, ${events} events`);
  return `${out.join('\n')}\n`;
}

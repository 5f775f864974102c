/**
 * The compiled DuckDB SQL, run by DuckDB over the same NDJSON the streaming reader reads, finds
 * exactly what `hako audit` finds: the hand-written fixture and a generated log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAuditLog } from '../../../bench/audit-gen.js';
import { compilePlans, compileQuery } from './compile.js';
import { auditInputs, readInputs, runAudit } from './index.js';
import { DEFAULT_FIELDS, parseQuery, QueryRunner } from './query.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/audit/detections.ndjson');
let dir: string;
let generated: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hako-audit-'));
  generated = path.join(dir, 'generated.ndjson');
  await writeAuditLog(generated, 3, { seed: 7 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = Record<string, unknown>;

let db: DuckDBInstance | undefined;
async function sql(text: string): Promise<Row[]> {
  db ??= await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(text)).getRowObjectsJson() as Row[];
  } finally {
    c.closeSync();
  }
}

const canon = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();

async function viaDuckDb(file: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const q of compilePlans(['duckdb'], { path: file })) {
    for (const r of await sql(q.text)) rows.push({ ...r, count: Number(r.count) });
  }
  return rows;
}

async function viaStream(file: string): Promise<Row[]> {
  const r = await runAudit(auditInputs([file]).inputs, 'en');
  return r.findings.map((f) => ({
    rule: f.ruleId,
    ...f.audit.key,
    count: f.audit.count,
    firstSeen: f.audit.firstSeen,
    lastSeen: f.audit.lastSeen,
  }));
}

describe('compiled DuckDB SQL = streaming detector', () => {
  it('on the hand-written events', async () => {
    const stream = await viaStream(FIXTURE);
    expect(stream.length).toBe(16);
    expect(canon(await viaDuckDb(FIXTURE))).toEqual(canon(stream));
  });

  it('on a generated log (most detections fire, none differs)', async () => {
    const stream = await viaStream(generated);
    expect(new Set(stream.map((r) => r.rule)).size).toBeGreaterThanOrEqual(8);
    expect(canon(await viaDuckDb(generated))).toEqual(canon(stream));
  }, 60_000);

  it('the fast path (unparsed lines without the needed words) finds what --strict finds', async () => {
    const fast = await runAudit(auditInputs([generated]).inputs, 'en');
    const strict = await runAudit(auditInputs([generated]).inputs, 'en', { strict: true });
    expect(fast.events).toBe(strict.events);
    expect(fast.findings).toEqual(strict.findings);
    expect(fast.skipped).toEqual(strict.skipped);
  }, 60_000);

  it('a query: stats by nested fields, with a filter, sorted', async () => {
    const source =
      'filter objectRef.resource = "secrets" and responseStatus.code < 300 and verb in ["get", "list"] | stats count(*) by user.username, objectRef.namespace | sort count(*) desc, user.username, objectRef.namespace | limit 20';
    const q = parseQuery(source);
    const runner = new QueryRunner(q);
    await readInputs([{ display: 'g', source: generated }], 'en', (e, file, line) =>
      runner.add({ e, file, line }),
    );
    const expected = runner.result();
    const got = (
      await sql(
        compileQuery(q, source, 'duckdb', { path: generated }, { fields: DEFAULT_FIELDS, limit: 1000 }),
      )
    ).map((r) => ({ ...r, 'count(*)': Number(r['count(*)']) }));
    expect(expected.length).toBeGreaterThan(3);
    expect(got).toEqual(expected);
  }, 60_000);
});

/**
 * Every compiled text, per detection and dialect, against golden files
 * (test/fixtures/audit/compiled/; `HAKO_UPDATE_GOLDEN=1 npx vitest run src/engines/audit` rewrites
 * them after a deliberate change, to be reviewed in the diff), plus what each dialect must contain.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlans, compileQuery, TARGETS } from './compile.js';
import { PLANS } from './plan.js';
import { DEFAULT_FIELDS, parseQuery } from './query.js';

const GOLDEN = path.resolve(import.meta.dirname, '../../../test/fixtures/audit/compiled');
const ext = { insights: 'insights', athena: 'athena.sql', duckdb: 'duckdb.sql' } as const;

describe('hako audit compile', () => {
  const all = compilePlans(TARGETS);
  it('one query per detection and dialect', () => {
    expect(all).toHaveLength(PLANS.length * 3);
  });
  for (const c of all) {
    it(`${c.id} ${c.target}: the golden text`, () => {
      const file = path.join(GOLDEN, `${c.id}.${ext[c.target]}`);
      if (process.env.HAKO_UPDATE_GOLDEN === '1') {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, `${c.text}\n`);
      }
      expect(existsSync(file), `${file} missing: HAKO_UPDATE_GOLDEN=1`).toBe(true);
      expect(`${c.text}\n`).toBe(readFileSync(file, 'utf8'));
    });
  }
  it('Athena reads the S3 export layout and uses Trino functions; DuckDB reads NDJSON', () => {
    const athena = compilePlans(['athena'], { table: 'my_logs' });
    const duck = compilePlans(['duckdb'], { path: "/logs/it's.ndjson" });
    for (const a of athena) {
      expect(a.text).toContain(`json_parse(substr(line, strpos(line, ' ') + 1)) AS e FROM "my_logs"`);
      expect(a.text).not.toMatch(/json_extract_string|list_filter|read_ndjson/);
    }
    for (const d of duck) {
      expect(d.text).toContain(`read_ndjson_objects('/logs/it''s.ndjson')`);
      expect(d.text).not.toMatch(/json_extract_scalar|any_match|json_parse/);
    }
  });
  it('Insights: array checks become regexes over @message, and say they approximate', () => {
    const ins = compilePlans(['insights']);
    const aud6 = ins.find((c) => c.id === 'AUD-006')!.text;
    expect(aud6).toContain('@message like /"privileged":\\s*"?true"?/');
    expect(aud6).toContain('# approximation: array checks are regexes over @message');
    const aud1 = ins.find((c) => c.id === 'AUD-001')!.text;
    expect(aud1).toContain('user.username = "system:anonymous"');
    expect(aud1).toContain('# approximation: computed keys');
    expect(ins.find((c) => c.id === 'AUD-010')!.text).toContain('| filter namespaces >= 3');
  });
  it('a query compiles to each dialect', () => {
    const src =
      'filter verb = "delete" and objectRef.resource like /secret/ | stats count(*) as n by user.username | sort n desc | limit 5';
    const q = parseQuery(src);
    const d = { fields: DEFAULT_FIELDS, limit: 1000 };
    expect(compileQuery(q, src, 'insights', {}, d)).toBe(
      `fields @timestamp, @message\n| filter @logStream like /^kube-apiserver-audit/\n| ${src}`,
    );
    const duck = compileQuery(q, src, 'duckdb', {}, d);
    expect(duck).toContain(`regexp_matches(json_extract_string(e, '$.objectRef.resource'), 'secret')`);
    expect(duck).toContain('count(*) AS "n"');
    expect(duck).toMatch(/ORDER BY "n" DESC NULLS LAST\nLIMIT 5$/);
    const athena = compileQuery(q, src, 'athena', { table: 't' }, d);
    expect(athena).toContain(`regexp_like(json_extract_scalar(e, '$.objectRef.resource'), 'secret')`);
  });
});

/** `hako audit`, `hako audit query`, `hako audit compile` as a user runs them (built CLI, output parsed). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hako, ROOT, tempTree } from '../helpers/cli.js';

const FIXTURE = 'test/fixtures/audit/detections.ndjson';

interface AuditJson {
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    location: { file: string; startLine: number };
    audit: { user: string; sourceIPs: string[]; firstSeen: string; count: number; guardDuty: string | null };
  }[];
  events: number;
  malformed: number;
  errors: { file: string; line: number; message: string }[];
  skipped: { reason: string; count: number }[];
}

describe('hako audit', () => {
  it('--format json: findings as in scan with the event line, events, errors', () => {
    const r = hako(['audit', FIXTURE, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as AuditJson;
    expect(out.events).toBe(43);
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => f.ruleId)).toEqual([
      'AUD-001',
      'AUD-001',
      'AUD-002',
      'AUD-003',
      'AUD-004',
      'AUD-005',
      'AUD-005',
      'AUD-006',
      'AUD-006',
      'AUD-007',
      'AUD-008',
      'AUD-009',
      'AUD-010',
      'AUD-010',
      'AUD-011',
      'AUD-012',
    ]);
    const crb = out.findings.find((f) => f.ruleId === 'AUD-008')!;
    expect(crb.location).toEqual({ file: FIXTURE, startLine: 25 });
    expect(crb.audit).toMatchObject({
      user: 'mallory',
      sourceIPs: ['192.0.2.66'],
      count: 1,
      firstSeen: '2026-03-01T10:00:25.000000Z',
    });
  });

  it('--fail-on critical: findings below it exit 0', () => {
    expect(hako(['audit', FIXTURE, '--fail-on', 'critical']).code).toBe(0);
  });

  it('--ndjson: one finding per line', () => {
    const r = hako(['audit', FIXTURE, '--ndjson']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(16);
    expect(lines.map((l) => (JSON.parse(l) as { ruleId: string }).ruleId)[0]).toBe('AUD-001');
  });

  it('--format sarif: SARIF 2.1.0 with the AUD rules and one result per finding', () => {
    const r = hako(['audit', FIXTURE, '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((x) => x.id)).toHaveLength(12);
    expect(run.results).toHaveLength(16);
    const first = run.results[0]!;
    expect(run.tool.driver.rules[first.ruleIndex]!.id).toBe(first.ruleId);
    expect(first.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: FIXTURE, uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 },
    });
  });

  it('reads gzip from standard input and a directory of S3 export files; malformed lines reported with numbers', () => {
    const events = JSON.parse(hako(['audit', FIXTURE, '--format', 'json']).stdout) as AuditJson;
    const lines = FIXTURE_TEXT().trim().split('\n');
    const s3 = lines.map((l, i) => `2026-03-01T10:00:${String(i % 60).padStart(2, '0')}.000Z ${l}`);
    s3.splice(2, 0, '2026-03-01T10:00:00.000Z {truncated');
    const dir = tempTree({});
    writeFileSync(path.join(dir, '000000.gz'), gzipSync(`${s3.join('\n')}\n`));
    const r = hako(['audit', dir, '--format', 'json']);
    const out = JSON.parse(r.stdout) as AuditJson;
    expect(out.events).toBe(43);
    expect(out.malformed).toBe(1);
    expect(out.errors).toEqual([
      { file: `${dir}/000000.gz`, line: 3, message: expect.stringMatching(/^not JSON/), noteId: 'notJson' },
    ]);
    expect(out.findings.map((f) => f.ruleId)).toEqual(events.findings.map((f) => f.ruleId));
    const viaStdin = hako(['audit', '-', '--format', 'json'], { input: FIXTURE_TEXT() });
    expect((JSON.parse(viaStdin.stdout) as AuditJson).findings).toHaveLength(16);
  });

  it('text output ends with a summary; --lang ja speaks Japanese', () => {
    const r = hako(['audit', FIXTURE]);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(
      '43 events, 16 findings (high 9, medium 6, low 1), 0 malformed lines',
    );
    const ja = hako(['audit', FIXTURE, '--lang', 'ja', '--format', 'json']);
    expect((JSON.parse(ja.stdout) as AuditJson).skipped[0]!.reason).toMatch(/^ステージ/);
  });

  it('a missing path is a usage error (exit 2)', () => {
    const r = hako(['audit', 'no/such/file.log']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read no/such/file.log');
  });
});

describe('hako audit query', () => {
  it('--format json: rows, events, errors as product.md shows', () => {
    const r = hako([
      'audit',
      'query',
      'filter objectRef.resource = "secrets" and verb = "delete" | stats count(*) by user.username',
      FIXTURE,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      rows: [{ 'user.username': 'frank', 'count(*)': 2 }],
      events: 43,
      errors: [],
    });
  });
  it('a syntax error names its column and points at it (exit 2)', () => {
    const r = hako(['audit', 'query', 'filter verb == "get"', FIXTURE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'hako: query syntax error at column 14: expected a field, a string or a number, found "="\n  filter verb == "get"\n               ^\n',
    );
  });
});

describe('hako audit compile', () => {
  it('--format json: one query per detection and target', () => {
    const r = hako(['audit', 'compile', '--target', 'athena', '--target', 'duckdb', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { queries: { id: string; target: string; text: string }[] };
    expect(out.queries).toHaveLength(24);
    expect(new Set(out.queries.map((q) => q.target))).toEqual(new Set(['athena', 'duckdb']));
  });
  it('--query compiles a query; an unknown detection is a usage error', () => {
    const r = hako(['audit', 'compile', '--target', 'insights', '--query', 'stats count(*) by verb']);
    expect(r.stdout).toContain('| stats count(*) by verb');
    expect(hako(['audit', 'compile', '--rules', 'AUD-099']).code).toBe(2);
  });
});

function FIXTURE_TEXT(): string {
  return readFileSync(path.join(ROOT, FIXTURE), 'utf8');
}

describe('hako explain AUD-00x', () => {
  it('explains an audit detection in both languages', () => {
    const r = hako(['explain', 'AUD-003']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# AUD-003 exec or attach into a kube-system pod');
    expect(r.stdout).toContain('GuardDuty finding type: `Execution:Kubernetes/ExecInKubeSystemPod`');
    const ja = hako(['explain', 'aud-aws-auth-modified', '--lang', 'ja']);
    expect(ja.stdout).toContain('# AUD-009 kube-system/aws-auth が作成、変更、または削除された');
  });
});

/**
 * Reports of any size and failures of hako itself: the JSON and SARIF reporters stream (the same
 * bytes as one JSON.stringify, but 500,000 findings no longer throw `RangeError: Invalid string
 * length`), an internal error exits 3 with one line on stderr (never 1, "findings"), and the small
 * pieces the CLI relies on (strict UTF-8 with the line, terminal escapes, rule-ID checks).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, type Io, main } from '../../src/cli/main.js';
import { checkRuleId, parseDate } from '../../src/cli/scan.js';
import { decode, firstInvalidUtf8 } from '../../src/io/read.js';
import { hakoReport } from '../../src/load.js';
import { termSafe, termSafeLines } from '../../src/report/escape.js';
import { reporters } from '../../src/report/index.js';
import { streamJson } from '../../src/report/json.js';
import { buildSarif, renderSarif } from '../../src/report/sarif.js';
import { collect } from '../../src/report/stream.js';
import { capFindings } from '../../src/scan.js';
import { PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';
import { finding, resultOf } from '../helpers/scan-result.js';

const opts = { colour: false, lang: 'en' as const, version: '0.0.0-test', root: '/work' };

describe('streamed reports', () => {
  const many = Array.from({ length: 40 }, (_, i) =>
    finding({
      location: { file: `f${i % 3}.json`, startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: 2 },
      related: i % 2 ? [{ file: 'r.json', startLine: 2, message: 'role "x"\n"quoted"' }] : [],
      suppressed: i % 5 === 0 ? { kind: 'config', reason: 'ok', expires: '2030-01-01' } : null,
    }),
  );
  const result = {
    ...resultOf(many, [{ file: 'bad.yaml', line: 3, message: 'bad' }]),
    summary: { ...resultOf(many).summary, skipped: [{ file: 's.yaml', line: 2, reason: 'x' }] },
  };

  it('JSON: byte for byte what JSON.stringify(…, null, 2) gives', () => {
    const { version, findings, errors, summary } = result;
    const want = `${JSON.stringify({ version, findings: findings.map(({ fingerprint: _f, ...f }) => f), errors, summary }, null, 2)}\n`;
    expect(collect((out) => streamJson(result, out))).toBe(want);
    expect(collect((out) => streamJson(resultOf([]), out))).toBe(
      `${JSON.stringify({ version: 1, findings: [], errors: [], summary: resultOf([]).summary }, null, 2)}\n`,
    );
  });

  it('SARIF: byte for byte the built log', () => {
    expect(renderSarif(result, opts)).toBe(`${JSON.stringify(buildSarif(result, opts), null, 2)}\n`);
    const chunks: string[] = [];
    reporters.sarif!(result, opts, (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(many.length); // written in pieces, not one string
  });

  it('500,000 findings through the compiled reporters in a child with a 1536 MB heap', () => {
    const dist = path.join(ROOT, 'dist', 'report', 'index.js');
    expect(existsSync(dist), 'run npm run build').toBe(true);
    const script = `
      const { reporters } = await import(${JSON.stringify(dist)});
      const N = 500000;
      const refs = ['https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html'];
      const eq = { checkov: ['CKV_AWS_334'], trivy: [], kubeLinter: [], polaris: [] };
      const findings = [];
      for (let i = 0; i < N; i++) findings.push({
        ruleId: 'ECS-003', slug: 'ecs-no-privileged-containers', severity: 'critical',
        title: 'Container runs privileged', message: 'container "c' + i + '" runs privileged: it has root on the host',
        resource: { kind: 'TaskDefinition', name: 't' + (i >> 6), namespace: null, address: 't' + (i >> 6) },
        location: { file: 'tasks/t' + (i >> 10) + '.json', startLine: i % 1000 + 1, startColumn: 7, endLine: i % 1000 + 1, endColumn: 23 },
        related: [{ file: 'iam/roles.json', startLine: 12, message: 'task role "app-' + (i >> 6) + '" is defined here' }], remediation: 'Remove privileged: true from the container definition.', references: refs, equivalents: eq,
        suppressed: null, fingerprint: i.toString(16).padStart(32, '0') });
      const result = { version: 1, findings, errors: [], summary: { files: 489, resources: 7813,
        findings: { critical: N, high: 0, medium: 0, low: 0, info: 0 }, suppressed: 0, skipped: [] } };
      const out = {};
      for (const fmt of ['json', 'sarif']) {
        let bytes = 0, results = 0, last = '';
        reporters[fmt](result, { colour: false, lang: 'en', version: '0.0.0', root: '/' }, (c) => {
          bytes += c.length; last = (last + c).slice(-2);
          if (c.includes('"ruleId": "ECS-003"')) results += c.split('"ruleId": "ECS-003"').length - 1;
        });
        out[fmt] = { bytes, results, end: last };
      }
      process.stdout.write(JSON.stringify(out));
    `;
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=1536', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 240_000,
        killSignal: 'SIGKILL',
      },
    );
    expect(r.status, r.stderr.slice(0, 1000)).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, { bytes: number; results: number; end: string }>;
    for (const fmt of ['json', 'sarif']) {
      expect(out[fmt]!.results, fmt).toBe(500_000);
      expect(out[fmt]!.bytes, fmt).toBeGreaterThan(2 ** 29); // over V8's string limit as one string
      expect(out[fmt]!.end, fmt).toBe('}\n');
    }
  }, 300_000);
});

describe('capping repeated findings', () => {
  it('per rule, resource, severity and suppression; the rest counted', () => {
    const fs = [
      ...Array.from({ length: 5 }, () => finding()),
      ...Array.from({ length: 3 }, () => finding({ severity: 'high' })),
      ...Array.from({ length: 4 }, () =>
        finding({ resource: { kind: 'TaskDefinition', name: 'b', namespace: null, address: 'b' } }),
      ),
    ];
    const { kept, capped } = capFindings(fs, 2);
    expect(kept).toHaveLength(6);
    expect(capped.map((c) => [c.resource, c.severity, c.shown, c.more])).toEqual([
      ['web', 'critical', 2, 3],
      ['web', 'high', 2, 1],
      ['b', 'critical', 2, 2],
    ]);
  });
});

function memoryIo(over: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    stdin: async () => Buffer.alloc(0),
    isTTY: false,
    ...over,
  };
}

describe('exit code 3: an internal error is never "findings"', () => {
  it('a report that cannot be written to standard output: exit 3, one line, the --output file still written', async () => {
    const dir = tempTree({ 'task.json': PRIVILEGED_TASK });
    const io = memoryIo({
      stdout: () => {
        throw new Error('EPIPE: broken pipe, write');
      },
    });
    const sarif = path.join(dir, 'out', 'hako.sarif');
    const code = await main(['scan', path.join(dir, 'task.json'), '--output', `sarif=${sarif}`], io);
    expect(code).toBe(EXIT.internal);
    expect(code).toBe(3);
    const line = io.err.join('');
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^hako: internal error \(exit 3\), please report it: writing the text report: EPIPE: broken pipe, write \(at .+\); the report for standard output is not written\n$/,
    );
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.length).toBeGreaterThan(0);
  });

  it('a failure after part of the report was written says it is partial', async () => {
    let n = 0;
    const io = memoryIo({
      stdout: () => {
        if (++n > 1) throw new Error('ENOSPC: no space left on device');
      },
    });
    // the SARIF log lists every rule: more than one 64 KB write, so the first gets through
    const code = await main(['scan', tempTree({ 'task.json': PRIVILEGED_TASK }), '--format', 'sarif'], io);
    expect(code).toBe(3);
    expect(io.err.join('')).toMatch(
      /writing the sarif report: ENOSPC: no space left on device \(at .+\); the report for standard output \(sarif\) is partial\n$/,
    );
  });
});

describe('pieces', () => {
  it('decode: strict UTF-8, the line of the first bad byte after 8 KB, BOM removed', () => {
    expect(decode(Buffer.from('\uFEFFa: 1\n'), 100)).toEqual({ ok: true, text: 'a: 1\n' });
    const late = Buffer.concat([Buffer.from(`${'x'.repeat(9000)}\nok\n`), Buffer.from([0xc3, 0x28])]);
    expect(decode(late, 1 << 20)).toMatchObject({
      ok: false,
      line: 3,
      message: /invalid byte 0xc3 at line 3/,
    });
    expect(firstInvalidUtf8(Buffer.from('aé😀'))).toBe(Buffer.byteLength('aé😀'));
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe0, 0x80, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xf0, 0x9f]))).toBe(1); // truncated
    expect(decode(Buffer.alloc(11), 10, 'standard input')).toMatchObject({
      ok: false,
      message: /^standard input over the 0\.0 MB limit/,
    });
  });

  it('termSafe: C0, C1, DEL and bidi controls become visible escapes', () => {
    expect(termSafe('a\x1b[2Jb\x07c\rd\ne\x7f\x85\u202e\u2066\u200f\u061cf')).toBe(
      'a\\x1b[2Jb\\x07c\\x0dd\\x0ae\\x7f\\x85\\u202e\\u2066\\u200f\\u061cf',
    );
    expect(termSafe('日本語 — ok')).toBe('日本語 — ok');
    expect(termSafeLines('a\n\tb\x1b')).toBe('a\n\tb\\x1b');
  });

  it('rule IDs: case-insensitive, aliases valid, unknown ones a usage error with a suggestion', () => {
    const ids = new Map([
      ['ECS-003', 'ECS-003'],
      ['ECS-004', 'ECS-004'],
      ['OLD-001', 'ECS-003'],
    ]);
    expect(checkRuleId(ids, 'ecs-003', '--rules')).toBe('ECS-003');
    expect(checkRuleId(ids, 'old-001', '--rules')).toBe('OLD-001');
    expect(() => checkRuleId(ids, 'ECS-3', '--rules')).toThrow(/did you mean ECS-003\?/);
    expect(() => checkRuleId(ids, 'NOPE', '--rules')).toThrow(
      /unknown rule "NOPE" in --rules; see hako rules/,
    );
  });

  it('dates: only days that exist', () => {
    expect(parseDate('2028-02-29').toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(() => parseDate('2026-02-30')).toThrow(/day that exists/);
  });

  it("recognises hako's own reports, and nothing else", () => {
    expect(hakoReport('{"version":1,"fingerprints":["a"]}')).toBe('baseline');
    expect(hakoReport('{"version":1,"findings":[],"errors":[],"summary":{}}')).toBe('JSON report');
    expect(hakoReport('{"runs":[{"tool":{"driver":{"name":"hako"}}}]}')).toBe('SARIF report');
    expect(hakoReport('{"runs":[{"tool":{"driver":{"name":"trivy"}}}]}')).toBeUndefined();
    expect(hakoReport('{"family":"x","containerDefinitions":[],"findings":[]}')).toBeUndefined();
  });
});

/** The readers: every documented layout, gzip, malformed lines with their numbers, chunk boundaries. */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_ERRORS_PER_FILE, readInputs } from './index.js';
import { openAuditStream, type ReadProblem, readAudit } from './reader.js';

const event = (n: number, extra: Record<string, unknown> = {}) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: `id-${n}`,
  stage: 'ResponseComplete',
  verb: 'get',
  requestURI: `/api/v1/namespaces/default/pods/p${n}`,
  user: { username: 'alice', groups: ['system:authenticated'] },
  sourceIPs: ['10.0.0.1'],
  objectRef: { resource: 'pods', namespace: 'default', name: `p${n}` },
  responseStatus: { code: 200 },
  ...extra,
});

/** Chunks of `size` bytes, so lines and records cross chunk boundaries. */
function chunked(buf: Buffer, size = 7): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
    })(),
  );
}

async function read(text: string | Buffer, size?: number) {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const events: [string, number][] = [];
  const problems: ReadProblem[] = [];
  let other = 0;
  await readAudit(await openAuditStream(chunked(buf, size)), {
    event: (e, line) => events.push([String(e.auditID), line]),
    problem: (p) => problems.push(p),
    otherStream: () => other++,
  });
  return { events, problems, other };
}

describe('audit log readers', () => {
  it('NDJSON events, with CRLF, blank lines and malformed lines reported by line number', async () => {
    const text = [
      JSON.stringify(event(1)),
      '',
      '{"kind":"Event", truncated',
      JSON.stringify(event(2)),
      '[1,2]',
      JSON.stringify({ hello: 'world' }),
      JSON.stringify(event(3)),
    ].join('\r\n');
    const r = await read(text);
    expect(r.events).toEqual([
      ['id-1', 1],
      ['id-2', 4],
      ['id-3', 7],
    ]);
    expect(r.problems.map((p) => [p.line, p.note])).toEqual([
      [3, 'notJson'],
      [5, 'notEvent'],
      [6, 'notEvent'],
    ]);
  });

  it('the CloudWatch Logs export to S3: `<timestamp> <message>` lines', async () => {
    const text = `2026-03-01T10:00:00.000Z ${JSON.stringify(event(1))}\n2026-03-01T10:00:01.000Z ${JSON.stringify(event(2))}\n2026-03-01T10:00:02.000Z not json\n`;
    const r = await read(text);
    expect(r.events).toEqual([
      ['id-1', 1],
      ['id-2', 2],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([3]);
  });

  it('aws logs filter-log-events output, pretty-printed, two pages, other streams counted', async () => {
    const page = (ids: number[]) =>
      JSON.stringify(
        {
          events: [
            ...ids.map((n) => ({
              logStreamName: `kube-apiserver-audit-${'a'.repeat(32)}`,
              timestamp: 1772359200000 + n,
              message: JSON.stringify(event(n)),
              ingestionTime: 1772359200500,
              eventId: `e${n}`,
            })),
            {
              logStreamName: 'authenticator-abc',
              timestamp: 1,
              message: 'time="x" level=info msg="access granted"',
            },
          ],
          searchedLogStreams: [{ logStreamName: 'kube-apiserver-audit-x', searchedCompletely: true }],
          nextToken: 'tok',
        },
        null,
        4,
      );
    const text = `${page([1, 2])}\n${page([3])}\n`;
    const r = await read(text, 13);
    expect(r.events.map(([id]) => id)).toEqual(['id-1', 'id-2', 'id-3']);
    // each record is reported at the line where its object starts
    const lines = text.split('\n');
    for (const [, line] of r.events) expect(lines[line - 1]!.trim()).toBe('{');
    expect(r.other).toBe(2);
    expect(r.problems).toEqual([]);
  });

  it('get-log-events output on one line, and records of jq -c .events[]', async () => {
    const rec = (n: number) => ({ timestamp: n, message: JSON.stringify(event(n)), ingestionTime: n });
    const text = `${JSON.stringify({ events: [rec(1), rec(2)], nextForwardToken: 'f', nextBackwardToken: 'b' })}\n${JSON.stringify(rec(3))}\n${JSON.stringify({ timestamp: 4, message: '{oops' })}\n`;
    const r = await read(text);
    expect(r.events).toEqual([
      ['id-1', 1],
      ['id-2', 1],
      ['id-3', 2],
    ]);
    expect(r.problems.map((p) => [p.line, p.note])).toEqual([[3, 'messageNotJson']]);
  });

  it('gzip of any layout, detected by its magic bytes', async () => {
    const gz = gzipSync(Buffer.from(`${JSON.stringify(event(1))}\nbad\n${JSON.stringify(event(2))}\n`));
    const r = await read(gz, 5);
    expect(r.events).toEqual([
      ['id-1', 1],
      ['id-2', 3],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([2]);
  });

  it('a corrupt gzip is one error, not a crash', async () => {
    const gz = gzipSync(Buffer.from(`${JSON.stringify(event(1))}\n`.repeat(50)));
    const cut = Buffer.concat([gz.subarray(0, 40), Buffer.from('garbage-garbage-garbage')]);
    const r = await read(cut);
    expect(r.problems.map((p) => p.note)).toEqual(['gzip']);
  });

  it('a truncated first line is a malformed line, not the start of a document', async () => {
    const r = await read(`{"kind":"Event","verb":\n${JSON.stringify(event(2))}\n`);
    expect(r.events).toEqual([['id-2', 2]]);
    expect(r.problems.map((p) => p.line)).toEqual([1]);
  });

  it('lists the first malformed lines per file and counts the rest', async () => {
    const text = `${'x\n'.repeat(MAX_ERRORS_PER_FILE + 5)}${JSON.stringify(event(1))}\n`;
    const stats = await readInputs(
      [{ display: 'big.log', source: Readable.from([Buffer.from(text)]) }],
      'en',
      () => {},
    );
    expect(stats.events).toBe(1);
    expect(stats.malformed).toBe(MAX_ERRORS_PER_FILE + 5);
    expect(stats.errors).toHaveLength(MAX_ERRORS_PER_FILE + 1);
    expect(stats.errors.at(-1)!.message).toBe('5 more malformed lines not listed (first ones above)');
    expect(stats.errors[0]).toMatchObject({ file: 'big.log', line: 1, noteId: 'notJson' });
  });
});

/**
 * The webhook's HTTPS server on `node:https` (no framework, design/stack.md): POST /validate takes
 * an AdmissionReview, GET /healthz /readyz /metrics. Written here because no framework does it:
 * a 3 MiB body limit (413), read and write timeouts (a slow client cannot hold a connection), a
 * 400 with a fixed reason for a body that is not an AdmissionReview (never an echo of the body),
 * TLS 1.2 or newer, certificates and policy reloaded when their files change (a bad new file
 * keeps the old one and is logged), and a graceful stop: /readyz turns 503, no new connections,
 * in-flight reviews finish within the grace period.
 *
 * Logs are one JSON object per line: the request's names, user, decision and rule IDs, never the
 * object's content (so no Secret or ConfigMap data can reach a log).
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { say } from './messages.js';
import { Metrics } from './metrics.js';
import { defaultPolicy, parsePolicy, type WebhookPolicy } from './policy.js';
import { JudgePool, JudgeTimeout } from './pool.js';
import { DecisionCache, type JudgeOptions, NamespaceCache, type ReviewRecord, review } from './review.js';
import { type AdmissionRequest, type AdmissionResponse, readReview } from './types.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
export const DEFAULT_CACHE_SIZE = 10_000;
/**
 * The CLI's default `--judge-timeout`: under the manifests' default `timeoutSeconds` (5), so a
 * stuck judgement is answered by hako (and its worker replaced) before the API server gives up.
 */
export const DEFAULT_JUDGE_TIMEOUT_MS = 4000;

export interface ServeOptions {
  port: number;
  host?: string;
  certFile: string;
  keyFile: string;
  /** Policy file; none: the default policy. */
  configFile?: string;
  /** One JSON log line (without newline). */
  log: (line: string) => void;
  maxBodyBytes?: number;
  /** Whole request (headers and body) must arrive within this (ms); else 408 and the connection closes. */
  readTimeoutMs?: number;
  /** A connection idle this long (ms), also while the response is written, is closed. */
  writeTimeoutMs?: number;
  /** How often the certificate, key and policy files are checked for change (ms). */
  watchIntervalMs?: number;
  /** How long in-flight reviews may take to finish on shutdown (ms). */
  shutdownGraceMs?: number;
  /** Judgements kept for identical objects (LRU entries; 0 turns the cache off). Default 10,000. */
  cacheSize?: number;
  /**
   * Worker threads that judge (src/webhook/pool.ts); 0 (the default here; the CLI's default is the
   * core count when there is more than one): judged on the main thread.
   */
  workers?: number;
  /**
   * How long one judgement on a worker may take (ms; 0: no limit). Past it the review is answered
   * as the policy's failurePolicy says, counted in /metrics, and the worker is replaced. Judging on
   * the main thread (no workers) cannot be bounded: the API server's timeoutSeconds bounds it.
   */
  judgeTimeoutMs?: number;
  /** Test seam: the function that decides a review (default {@link review}). */
  decide?: typeof review;
}

export interface WebhookServer {
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight reviews finish (up to the grace period), then closes everything. */
  shutdown(): Promise<void>;
  /** Re-reads certificate, key and policy now (what the file watch does on change). */
  reload(): void;
  policy(): WebhookPolicy;
}

export function loadPolicy(file: string | undefined): WebhookPolicy {
  return file === undefined ? defaultPolicy() : parsePolicy(readFileSync(file, 'utf8'), file);
}

export async function startWebhook(opts: ServeOptions): Promise<WebhookServer> {
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  let policy = loadPolicy(opts.configFile);
  const namespaces = new NamespaceCache();
  const decisions = new DecisionCache(opts.cacheSize ?? DEFAULT_CACHE_SIZE);
  const metrics = new Metrics();
  const pool =
    (opts.workers ?? 0) > 0 ? new JudgePool(opts.workers ?? 0, opts.judgeTimeoutMs ?? 0) : undefined;
  const how: JudgeOptions = pool ? { judge: pool.judge } : {};
  let ready = false;
  let inFlight = 0;
  const log = (level: 'info' | 'warn' | 'error', msg: string, fields: object = {}) =>
    opts.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));

  const server = createServer(
    {
      cert: readFileSync(opts.certFile),
      key: readFileSync(opts.keyFile),
      minVersion: 'TLSv1.2',
      // how often requestTimeout/headersTimeout are enforced (Node's default is 30 s)
      connectionsCheckingInterval: Math.max(100, Math.min(1000, (opts.readTimeoutMs ?? 10_000) / 4)),
    },
    (req, res) => {
      inFlight++;
      res.on('close', () => inFlight--);
      handle(req, res).catch((e: unknown) => {
        log('error', 'request failed', { error: e instanceof Error ? e.message : String(e) });
        send(res, 500, { error: 'internal error' }, '/validate');
      });
    },
  );
  server.requestTimeout = opts.readTimeoutMs ?? 10_000;
  server.headersTimeout = Math.min(server.requestTimeout, 10_000);
  server.timeout = opts.writeTimeoutMs ?? 10_000;
  server.keepAliveTimeout = 30_000;
  server.on('timeout', (socket) => socket.destroy());
  server.on('tlsClientError', () => {}); // a client that fails the handshake is its own problem

  const send = (
    res: ServerResponse,
    code: number,
    body: unknown,
    path: string,
    type = 'application/json',
  ) => {
    if (res.headersSent) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    metrics.request(path, code);
    res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') return send(res, 200, 'ok\n', path, 'text/plain');
    if (path === '/readyz')
      return send(res, ready ? 200 : 503, ready ? 'ok\n' : 'not ready\n', path, 'text/plain');
    if (path === '/metrics')
      return send(
        res,
        200,
        metrics.render({
          namespacesCached: namespaces.size,
          ready,
          ...(pool
            ? {
                workers: {
                  size: pool.size,
                  busy: pool.busy,
                  restarts: pool.restarts,
                  timeouts: pool.timeouts,
                },
              }
            : {}),
          cache: {
            hits: decisions.hits,
            misses: decisions.misses,
            entries: decisions.size,
            max: decisions.max,
            bytes: decisions.bytes,
          },
        }),
        path,
        'text/plain; version=0.0.4',
      );
    if (path !== '/validate') return send(res, 404, { error: 'not found' }, 'other');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, { error: 'use POST' }, path);
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBody) {
      res.setHeader('connection', 'close');
      send(res, 413, { error: `body larger than ${maxBody} bytes` }, path);
      req.resume();
      return;
    }
    const body = await readBody(req, maxBody);
    if (body === 'too large') {
      res.setHeader('connection', 'close');
      send(res, 413, { error: `body larger than ${maxBody} bytes` }, path);
      req.destroy();
      return;
    }
    if (body === 'aborted') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // the parser's message quotes the body: never send or log it
      log('warn', 'malformed review', { reason: 'body is not valid JSON' });
      return send(res, 400, { error: 'body is not valid JSON' }, path);
    }
    const r = readReview(parsed);
    if (!r.ok) {
      log('warn', 'malformed review', { reason: r.error });
      return send(res, 400, { error: r.error }, path);
    }
    const started = process.hrtime.bigint();
    let response: AdmissionResponse;
    let record: ReviewRecord;
    try {
      ({ response, record } = await (opts.decide ?? review)(r.request, policy, namespaces, decisions, how));
    } catch (e) {
      // hako could not judge: the policy's failurePolicy says what that means
      const open = policy.failurePolicy === 'Ignore';
      const timedOut = e instanceof JudgeTimeout;
      const message = say(policy.scan.lang ?? 'en', 'couldNotJudge', {
        error: e instanceof Error ? e.message : 'internal error',
      });
      response = open
        ? { uid: r.request.uid, allowed: true, warnings: [message.slice(0, 256)] }
        : { uid: r.request.uid, allowed: false, status: { code: 500, message } };
      record = {
        uid: r.request.uid,
        operation: r.request.operation,
        kind: r.request.kind.kind,
        dryRun: r.request.dryRun === true,
        decision: 'error',
        why: `${timedOut ? 'judgement timed out; ' : ''}${open ? 'failurePolicy Ignore: allowed' : 'failurePolicy Fail: denied'}`,
      };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    metrics.decision(record.decision, record.kind, seconds);
    log(record.decision === 'error' ? 'error' : 'info', 'review', {
      ...record,
      durationMs: Math.round(seconds * 1e6) / 1e3,
    });
    send(res, 200, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response }, path);
  }

  const reload = () => {
    try {
      server.setSecureContext({
        cert: readFileSync(opts.certFile),
        key: readFileSync(opts.keyFile),
        minVersion: 'TLSv1.2',
      });
      if (opts.configFile !== undefined) policy = loadPolicy(opts.configFile);
      metrics.reloads.ok++;
      log('info', 'reloaded certificate and policy');
    } catch (e) {
      metrics.reloads.failed++;
      log('error', 'reload failed; keeping the previous certificate and policy', {
        error: e instanceof Error ? e.message : String(e),
      });
    }
  };
  const watched = [opts.certFile, opts.keyFile, ...(opts.configFile !== undefined ? [opts.configFile] : [])];
  const interval = opts.watchIntervalMs ?? 2000;
  for (const f of watched)
    watchFile(f, { interval, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.ino !== prev.ino || cur.size !== prev.size) reload();
    });

  // the first review loads the rules and parsers: before /readyz says ready, not on a caller's clock
  // (on every worker: each loads its own)
  try {
    await review(WARM_UP, policy, new NamespaceCache());
    if (pool) {
      const obj = WARM_UP.object as NonNullable<AdmissionRequest['object']>;
      const { uid, kind, namespace, operation } = WARM_UP;
      await pool.warm(
        {
          req: { uid, kind, operation, ...(namespace ? { namespace } : {}) },
          obj,
          kind: 'Pod',
          pss: policy.pss,
          lang: 'en',
        },
        policy,
      );
    }
  } catch (e) {
    await pool?.close();
    throw e;
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  ready = true;
  const port = (server.address() as AddressInfo).port;
  log('info', 'listening', { port, policy: opts.configFile ?? 'default' });

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      ready = false;
      for (const f of watched) unwatchFile(f);
      log('info', 'shutting down', { inFlight });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + (opts.shutdownGraceMs ?? 20_000);
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await closed;
      await pool?.close();
      log('info', 'stopped');
    })();
    return stopping;
  };
  return { server, port, shutdown, reload, policy: () => policy };
}

const WARM_UP: AdmissionRequest = {
  uid: 'warm-up',
  kind: { group: '', version: 'v1', kind: 'Pod' },
  namespace: 'warm-up',
  operation: 'CREATE',
  object: {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'warm-up', namespace: 'warm-up' },
    spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
  },
};

/** The body, or why there is none: over the limit, or the client went away. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | 'too large' | 'aborted') => {
      if (done) return;
      done = true;
      resolve(v);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) finish('too large');
      else if (!done) chunks.push(c);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', () => finish('aborted'));
    req.on('close', () => finish('aborted'));
  });
}

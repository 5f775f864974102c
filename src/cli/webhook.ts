/** `hako webhook serve` and `hako webhook manifests`: thin shells over src/webhook. */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { manifestObjects, webhookManifests } from '../webhook/manifests.js';
import { PolicyError, parsePolicy } from '../webhook/policy.js';
import { defaultWorkers } from '../webhook/pool.js';
import {
  DEFAULT_CACHE_SIZE,
  DEFAULT_JUDGE_TIMEOUT_MS,
  MAX_BODY_BYTES,
  startWebhook,
} from '../webhook/server.js';
import { EXIT, type Io, UsageError } from './main.js';

const int = (what: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new UsageError(`${what} expects a whole number, got "${v}"`);
  return Number(v);
};

/** More judging threads than this only costs memory (each loads the rules). */
const MAX_WORKERS = 64;

export function registerWebhookCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  const webhook = program
    .command('webhook')
    .description('a Kubernetes validating admission webhook applying the same rules as hako scan');

  webhook
    .command('serve')
    .description(
      'serve AdmissionReviews (admission.k8s.io/v1) on POST /validate over HTTPS; /healthz, /readyz, /metrics',
    )
    .option('--port <port>', 'port to listen on', int('--port'), 8443)
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .requiredOption('--tls-cert <file>', 'PEM certificate (chain); reloaded when the file changes')
    .requiredOption('--tls-key <file>', 'PEM private key; reloaded when the file changes')
    .option('--config <file>', 'webhook policy (YAML); reloaded when the file changes')
    .option(
      '--max-body-bytes <n>',
      'largest review accepted (413 above)',
      int('--max-body-bytes'),
      MAX_BODY_BYTES,
    )
    .option('--read-timeout <ms>', 'a request must arrive within this', int('--read-timeout'), 10_000)
    .option('--write-timeout <ms>', 'an idle connection is closed after this', int('--write-timeout'), 10_000)
    .option('--shutdown-grace <ms>', 'time in-flight reviews get on SIGTERM', int('--shutdown-grace'), 20_000)
    .option(
      '--watch-interval <ms>',
      'how often certificate, key and policy are checked',
      int('--watch-interval'),
      2000,
    )
    .option(
      '--cache-size <n>',
      'judgements kept for identical objects (LRU; 0 turns the cache off)',
      int('--cache-size'),
      DEFAULT_CACHE_SIZE,
    )
    .option(
      '--workers <n>',
      'worker threads that judge reviews (0: judge on the main thread; default: the core count when more than one)',
      int('--workers'),
      defaultWorkers(),
    )
    .option(
      '--judge-timeout <ms>',
      'longest judgement on a worker; past it the review is answered as failurePolicy says and the worker replaced (0: no limit)',
      int('--judge-timeout'),
      DEFAULT_JUDGE_TIMEOUT_MS,
    )
    .action(
      async (flags: {
        port: number;
        host: string;
        tlsCert: string;
        tlsKey: string;
        config?: string;
        maxBodyBytes: number;
        readTimeout: number;
        writeTimeout: number;
        shutdownGrace: number;
        watchInterval: number;
        cacheSize: number;
        workers: number;
        judgeTimeout: number;
      }) => {
        if (flags.workers > MAX_WORKERS)
          throw new UsageError(`--workers expects at most ${MAX_WORKERS}, got ${flags.workers}`);
        for (const f of [flags.tlsCert, flags.tlsKey, ...(flags.config ? [flags.config] : [])]) {
          try {
            readFileSync(f);
          } catch (e) {
            throw new UsageError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
          }
        }
        // log lines are gathered and written once per turn of the event loop: a write to a pipe
        // is synchronous in Node, and one per review cost as much as a review under load
        let pending: string[] = [];
        const flush = () => {
          if (pending.length === 0) return;
          const text = `${pending.join('\n')}\n`;
          pending = [];
          io.stdout(text);
        };
        const log = (line: string) => {
          if (pending.push(line) === 1) setImmediate(flush);
        };
        let server: Awaited<ReturnType<typeof startWebhook>>;
        try {
          server = await startWebhook({
            port: flags.port,
            host: flags.host,
            certFile: flags.tlsCert,
            keyFile: flags.tlsKey,
            configFile: flags.config,
            log,
            maxBodyBytes: flags.maxBodyBytes,
            readTimeoutMs: flags.readTimeout,
            writeTimeoutMs: flags.writeTimeout,
            shutdownGraceMs: flags.shutdownGrace,
            watchIntervalMs: flags.watchInterval,
            cacheSize: flags.cacheSize,
            workers: flags.workers,
            judgeTimeoutMs: flags.judgeTimeout,
          });
        } catch (e) {
          flush();
          if (e instanceof PolicyError) throw new UsageError(e.message);
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE' || code === 'EACCES' || /key|cert|PEM/i.test((e as Error).message))
            throw new UsageError(`cannot serve: ${(e as Error).message}`);
          throw e;
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGTERM', stop);
            process.off('SIGINT', stop);
            void server.shutdown().then(() => {
              flush();
              resolve();
            });
          };
          process.on('SIGTERM', stop);
          process.on('SIGINT', stop);
        });
        setCode(EXIT.ok);
      },
    );

  webhook
    .command('manifests')
    .description("print the Kubernetes objects that run the webhook (scan-clean under hako's own rules)")
    .option('--namespace <ns>', 'namespace of the webhook', 'hako-system')
    .option('--image <ref>', 'container image of hako')
    .option('--replicas <n>', 'replicas (at least 2)', int('--replicas'), 2)
    .option(
      '--cert-manager',
      'let cert-manager issue and inject the certificate (default: a self-signed CA generated now)',
    )
    .option(
      '--config <file>',
      'webhook policy to mount (its failurePolicy goes into the webhook configuration)',
    )
    .addOption(
      new Option('--failure-policy <p>', 'what the API server does when the webhook is unreachable').choices([
        'Fail',
        'Ignore',
      ]),
    )
    .option('--timeout-seconds <n>', 'webhook timeoutSeconds (1-30)', int('--timeout-seconds'), 5)
    .option(
      '--api-server-cidr <cidr...>',
      'where the API server calls the webhook from, for its NetworkPolicy (on EKS: the cluster VPC CIDR; default the RFC 1918 ranges)',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action(
      (flags: {
        namespace: string;
        image?: string;
        replicas: number;
        certManager?: boolean;
        config?: string;
        failurePolicy?: 'Fail' | 'Ignore';
        timeoutSeconds: number;
        apiServerCidr?: string[];
        format: 'yaml' | 'json';
      }) => {
        for (const c of flags.apiServerCidr ?? [])
          if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(c) && !/^[0-9a-fA-F:]+\/\d{1,3}$/.test(c))
            throw new UsageError(`--api-server-cidr "${c}" is not a CIDR`);
        if (flags.timeoutSeconds < 1 || flags.timeoutSeconds > 30)
          throw new UsageError('--timeout-seconds must be between 1 and 30');
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(flags.namespace) || flags.namespace.length > 63)
          throw new UsageError(`--namespace "${flags.namespace}" is not a valid namespace name`);
        let policyText: string | undefined;
        let failurePolicy = flags.failurePolicy;
        if (flags.config !== undefined) {
          try {
            policyText = readFileSync(flags.config, 'utf8');
          } catch (e) {
            throw new UsageError(
              `cannot read ${flags.config}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
            );
          }
          try {
            failurePolicy ??= parsePolicy(policyText, flags.config).failurePolicy;
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
        }
        const opts = {
          namespace: flags.namespace,
          image: flags.image,
          replicas: flags.replicas,
          certManager: flags.certManager,
          policyText,
          failurePolicy,
          timeoutSeconds: flags.timeoutSeconds,
          ...(flags.apiServerCidr ? { apiServerCidrs: flags.apiServerCidr } : {}),
        };
        if (flags.format === 'json') {
          const items = manifestObjects(opts);
          io.stdout(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
        } else io.stdout(webhookManifests(opts));
        setCode(EXIT.ok);
      },
    );
}

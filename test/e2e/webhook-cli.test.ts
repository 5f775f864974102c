/**
 * `hako webhook manifests` and `hako webhook serve` through the built CLI: the manifests parse,
 * carry what a production webhook needs and pass hako's own checks; serve answers a review over
 * HTTPS, logs JSON lines and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { makeCerts } from '../../src/webhook/cert.js';
import { hako, ROOT, tempTree } from '../helpers/cli.js';

interface K8sDoc {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [k: string]: unknown;
}

function docs(yaml: string): K8sDoc[] {
  return parseAllDocuments(yaml).map((d) => d.toJS() as K8sDoc);
}

interface Webhook {
  name: string;
  failurePolicy: string;
  sideEffects: string;
  admissionReviewVersions: string[];
  timeoutSeconds: number;
  clientConfig: { caBundle?: string; service: { namespace: string; name: string; path: string } };
  namespaceSelector: { matchExpressions: { key: string; operator: string; values: string[] }[] };
  rules: { resources: string[] }[];
}

describe('hako webhook manifests', () => {
  it('prints Namespace, ServiceAccount, Deployment, PodDisruptionBudget, Service and ValidatingWebhookConfiguration', () => {
    const r = hako(['webhook', 'manifests']);
    expect(r.code).toBe(0);
    const all = docs(r.stdout);
    const kinds = all.map((d) => d.kind);
    for (const k of [
      'Namespace',
      'ServiceAccount',
      'Secret',
      'Deployment',
      'PodDisruptionBudget',
      'Service',
      'ValidatingWebhookConfiguration',
    ])
      expect(kinds).toContain(k);
    const dep = all.find((d) => d.kind === 'Deployment') as K8sDoc & {
      spec: {
        replicas: number;
        template: {
          spec: {
            affinity?: unknown;
            containers: { securityContext: Record<string, unknown>; resources: unknown; args: string[] }[];
          };
        };
      };
    };
    expect(dep.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(dep.spec.template.spec.affinity).toHaveProperty('podAntiAffinity');
    expect(dep.spec.template.spec.containers[0]?.securityContext.readOnlyRootFilesystem).toBe(true);
    // one CPU per replica: no worker threads (the core-count default ignores the CPU limit)
    expect(dep.spec.template.spec.containers[0]?.args.join(' ')).toContain('--workers 0');
    const vwc = all.find((d) => d.kind === 'ValidatingWebhookConfiguration') as K8sDoc & {
      webhooks: Webhook[];
    };
    const main = vwc.webhooks[0] as Webhook;
    expect(main).toMatchObject({
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      failurePolicy: 'Fail',
      timeoutSeconds: 5,
    });
    expect(main.clientConfig.service).toMatchObject({
      namespace: 'hako-system',
      name: 'hako-webhook',
      path: '/validate',
    });
    expect(main.namespaceSelector.matchExpressions[0]).toEqual({
      key: 'kubernetes.io/metadata.name',
      operator: 'NotIn',
      values: ['hako-system', 'kube-system'],
    });
    expect(main.rules.flatMap((x) => x.resources)).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/ephemeralcontainers',
        'deployments',
        'cronjobs',
        'namespaces',
        'roles',
        'networkpolicies',
        'serviceaccounts',
      ]),
    );
    // the CA bundle is the issuer of the serving certificate in the Secret
    const ca = Buffer.from(main.clientConfig.caBundle ?? '', 'base64').toString('utf8');
    expect(ca).toContain('BEGIN CERTIFICATE');
    const secret = all.find((d) => d.kind === 'Secret') as K8sDoc & { data: Record<string, string> };
    expect(Buffer.from(secret.data['tls.crt'] ?? '', 'base64').toString('utf8')).toContain(
      'BEGIN CERTIFICATE',
    );
  });

  it.each([
    [[]],
    [['--cert-manager']],
    [['--namespace', 'guard', '--replicas', '3', '--api-server-cidr', '10.20.0.0/16']],
  ])('passes hako scan at restricted with no finding and nothing skipped (%j)', (extra) => {
    const out = hako(['webhook', 'manifests', ...extra]);
    expect(out.code).toBe(0);
    const scan = hako(['scan', '-', '--format', 'json', '--fail-on', 'info', '--pss-level', 'restricted'], {
      input: out.stdout,
    });
    const result = JSON.parse(scan.stdout) as {
      findings: unknown[];
      summary: { skipped: unknown[]; resources: number };
    };
    expect(result.findings).toEqual([]);
    expect(result.summary.skipped).toEqual([]);
    expect(result.summary.resources).toBeGreaterThan(5);
    expect(scan.code).toBe(0);
    const pss = hako(['pss', '-', '--level', 'restricted', '--format', 'json'], { input: out.stdout });
    expect(pss.code).toBe(0);
  });

  it('isolates its namespace: default deny, ingress to 8443 only from the API server ranges, no egress', () => {
    const all = docs(hako(['webhook', 'manifests', '--api-server-cidr', '10.20.0.0/16']).stdout);
    const policies = all.filter((d) => d.kind === 'NetworkPolicy') as unknown as {
      spec: { podSelector: object; policyTypes: string[]; ingress?: unknown[]; egress?: unknown[] };
    }[];
    expect(policies.map((p) => p.spec.policyTypes)).toEqual([['Ingress', 'Egress'], ['Ingress']]);
    expect(policies[0]?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies[1]?.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ port: 8443, protocol: 'TCP' }] },
    ]);
    expect(hako(['webhook', 'manifests', '--api-server-cidr', 'everywhere']).code).toBe(2);
  });

  it('uses cert-manager for the certificate and CA injection with --cert-manager', () => {
    const all = docs(hako(['webhook', 'manifests', '--cert-manager']).stdout);
    expect(all.map((d) => d.kind)).toEqual(expect.arrayContaining(['Issuer', 'Certificate']));
    expect(all.some((d) => d.kind === 'Secret')).toBe(false);
    const vwc = all.find((d) => d.kind === 'ValidatingWebhookConfiguration');
    expect(vwc?.metadata.annotations?.['cert-manager.io/inject-ca-from']).toBe('hako-system/hako-webhook');
  });

  it('mounts a policy given with --config and takes its failurePolicy; --format json is a List', () => {
    const dir = tempTree({ 'policy.yaml': 'failurePolicy: Ignore\nmode: warn\n' });
    const r = hako(['webhook', 'manifests', '--config', path.join(dir, 'policy.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      kind: string;
      items: (K8sDoc & { webhooks?: Webhook[]; data?: Record<string, string> })[];
    };
    expect(list.kind).toBe('List');
    expect(list.items.find((d) => d.kind === 'ConfigMap')?.data?.['policy.yaml']).toContain('mode: warn');
    expect(
      list.items.find((d) => d.kind === 'ValidatingWebhookConfiguration')?.webhooks?.[0]?.failurePolicy,
    ).toBe('Ignore');
  });

  it('refuses an invalid policy and bad options with exit 2', () => {
    const dir = tempTree({ 'policy.yaml': 'mode: block\n' });
    const r = hako(['webhook', 'manifests', '--config', path.join(dir, 'policy.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/mode must be one of enforce, warn, audit');
    expect(hako(['webhook', 'manifests', '--timeout-seconds', '31']).code).toBe(2);
    expect(hako(['webhook', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--workers', '1000']).code).toBe(2);
    expect(
      hako(['webhook', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--judge-timeout', 'soon']).code,
    ).toBe(2);
    expect(hako(['webhook', 'serve', '--tls-cert', 'a', '--tls-key', 'b', '--cache-size', 'many']).code).toBe(
      2,
    );
    expect(
      hako(['webhook', 'serve', '--tls-cert', '/nonexistent.crt', '--tls-key', '/nonexistent.key']).code,
    ).toBe(2);
  });
});

describe('hako webhook serve', () => {
  it('answers a review over HTTPS (judged on --workers 2), logs JSON lines, and stops with exit 0 on SIGTERM', async () => {
    const certs = makeCerts(['localhost']);
    const dir = tempTree({});
    writeFileSync(path.join(dir, 'tls.crt'), certs.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), certs.server.key);
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'hako.js'),
        'webhook',
        'serve',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--tls-cert',
        path.join(dir, 'tls.crt'),
        '--tls-key',
        path.join(dir, 'tls.key'),
        '--cache-size',
        '5',
        '--workers',
        '2',
        '--judge-timeout',
        '30000',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const p of parts) lines.push(JSON.parse(p) as Record<string, unknown>);
    });
    const port = await until(() => lines.find((l) => l.msg === 'listening')?.port as number | undefined);
    const body = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'default',
        operation: 'CREATE',
        userInfo: { username: 'admin' },
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'x' },
          spec: { hostNetwork: true, containers: [{ name: 'c', image: 'busybox:1.36' }] },
        },
      },
    });
    const call = (method: string, at: string, payload?: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            servername: 'localhost',
            path: at,
            method,
            ca: certs.ca.cert,
            agent: false,
          },
          (res) => {
            let t = '';
            res.on('data', (c: Buffer) => {
              t += c.toString('utf8');
            });
            res.on('end', () => resolve(t));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    const reply = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          path: '/validate',
          method: 'POST',
          ca: certs.ca.cert,
          agent: false,
        },
        (res) => {
          let t = '';
          res.on('data', (c: Buffer) => {
            t += c.toString('utf8');
          });
          res.on('end', () => resolve(t));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const response = (
      JSON.parse(reply) as { response: { uid: string; allowed: boolean; status: { message: string } } }
    ).response;
    expect(response.uid).toBe('705ab4f5-6393-11e8-b7cc-42010a800002');
    expect(response.allowed).toBe(false);
    expect(response.status.message).toContain('hostNamespaces');
    // the same pod under another name: answered from the decision cache (--cache-size 5)
    const again = JSON.parse(await call('POST', '/validate', body.replaceAll('"x"', '"y"'))) as {
      response: { allowed: boolean; status: { message: string } };
    };
    expect(again.response.allowed).toBe(false);
    expect(again.response.status.message).toContain('default/y');
    const metrics = await call('GET', '/metrics');
    expect(metrics).toMatch(/^hako_webhook_decision_cache_max_entries 5$/m);
    expect(metrics).toMatch(/^hako_webhook_decision_cache_misses_total 1$/m);
    expect(metrics).toMatch(/^hako_webhook_decision_cache_hits_total 1$/m);
    // judged on two worker threads (the caches stay on the main thread: the hit above)
    expect(metrics).toMatch(/^hako_webhook_workers 2$/m);
    expect(metrics).toMatch(/^hako_webhook_worker_restarts_total 0$/m);
    expect(metrics).toMatch(/^hako_webhook_judge_timeouts_total 0$/m);
    const code = await stop(child);
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['listening', 'review', 'shutting down', 'stopped']),
    );
    expect(lines.find((l) => l.msg === 'review')).toMatchObject({
      decision: 'deny',
      namespace: 'default',
      name: 'x',
    });
  });
});

async function until<T>(get: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
}

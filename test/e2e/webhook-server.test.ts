/**
 * The admission webhook over real HTTPS on loopback: a throwaway CA and serving certificate are
 * generated for the test (node:crypto), AdmissionReview v1 requests as the API server sends them
 * (Pod, Deployment, CronJob, Namespace, aws-auth ConfigMap, UPDATE, subresources, dryRun), and
 * the HTTP edges: malformed, oversized and slow requests, health, readiness, metrics, reloads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCerts, type WebhookCerts } from '../../src/webhook/cert.js';
import { review } from '../../src/webhook/review.js';
import { startWebhook, type WebhookServer } from '../../src/webhook/server.js';
import type { AdmissionResponse, KubeObject } from '../../src/webhook/types.js';

interface Reply {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

function call(
  port: number,
  ca: string,
  method: string,
  urlPath: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, servername: 'localhost', path: urlPath, method, ca, agent: false, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let uidCounter = 0;
function reviewOf(
  object: KubeObject | null,
  over: Record<string, unknown> = {},
): { uid: string; body: string } {
  const uid = `uid-${++uidCounter}-${Math.random().toString(36).slice(2)}`;
  const kind = object?.kind ?? 'Pod';
  const group = (object?.apiVersion ?? 'v1').includes('/') ? (object?.apiVersion ?? '').split('/')[0] : '';
  const request = {
    uid,
    kind: { group, version: 'v1', kind },
    resource: { group, version: 'v1', resource: `${kind.toLowerCase()}s` },
    name: object?.metadata?.name,
    namespace: kind === 'Namespace' ? undefined : (object?.metadata?.namespace ?? 'team-a'),
    operation: 'CREATE',
    userInfo: { username: 'alice', groups: ['system:authenticated'] },
    object,
    dryRun: false,
    ...over,
  };
  return {
    uid,
    body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request }),
  };
}

const HARDENED_POD_SPEC = {
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'app',
      image: 'registry.example.com/app:1.4.2',
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
      securityContext: {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      },
    },
  ],
  automountServiceAccountToken: false,
  serviceAccountName: 'app',
};

function pod(name: string, spec: object, ns = 'team-a', meta: object = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...meta }, spec };
}

const PRIVILEGED_POD = pod('root-shell', {
  containers: [{ name: 'sh', image: 'busybox:1.36', securityContext: { privileged: true } }],
});

function deployment(name: string, podSpec: object, ns = 'team-a'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}

describe('webhook over HTTPS (default policy)', () => {
  let certs: WebhookCerts;
  let server: WebhookServer;
  const logs: string[] = [];
  let dir: string;

  beforeAll(async () => {
    certs = makeCerts(['localhost', '127.0.0.1']);
    dir = mkdtempSync(path.join(tmpdir(), 'hako-webhook-'));
    writeFileSync(path.join(dir, 'tls.crt'), certs.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), certs.server.key);
    server = await startWebhook({
      port: 0,
      host: '127.0.0.1',
      certFile: path.join(dir, 'tls.crt'),
      keyFile: path.join(dir, 'tls.key'),
      log: (l) => logs.push(l),
      readTimeoutMs: 600,
      watchIntervalMs: 60_000,
    });
  });
  afterAll(async () => {
    await server?.shutdown();
  });

  const post = async (body: string | Buffer, headers: Record<string, string> = {}) =>
    call(server.port, certs.ca.cert, 'POST', '/validate', body, {
      'content-type': 'application/json',
      ...headers,
    });
  const admit = async (object: KubeObject | null, over: Record<string, unknown> = {}) => {
    const r = reviewOf(object, over);
    const reply = await post(r.body);
    expect(reply.status).toBe(200);
    const json = JSON.parse(reply.text) as { apiVersion: string; kind: string; response: AdmissionResponse };
    expect(json.apiVersion).toBe('admission.k8s.io/v1');
    expect(json.kind).toBe('AdmissionReview');
    expect(json.response.uid).toBe(r.uid);
    return json.response;
  };

  it('denies a privileged Pod (Pod Security baseline), listing the rule ID and its fix', async () => {
    const res = await admit(PRIVILEGED_POD);
    expect(res.allowed).toBe(false);
    expect(res.status?.code).toBe(403);
    expect(res.status?.message).toContain('K8S-109');
    expect(res.status?.message).toContain('baseline:latest');
    expect(res.status?.message).toContain('Fix: Remove `securityContext.privileged: true`');
  });

  it('denies a CronJob whose pod template shares the host PID namespace', async () => {
    const res = await admit({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'team-a' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: { template: { spec: { ...HARDENED_POD_SPEC, hostPID: true, restartPolicy: 'OnFailure' } } },
        },
      },
    });
    expect(res.allowed).toBe(false);
    expect(res.status?.message).toContain('hostNamespaces');
  });

  it('allows a baseline-clean Deployment with warnings for high findings, never logging the secret value', async () => {
    const spec = {
      ...HARDENED_POD_SPEC,
      containers: [
        { ...HARDENED_POD_SPEC.containers[0], env: [{ name: 'DB_PASSWORD', value: 'hunter2-s3cr3t!' }] },
      ],
    };
    const res = await admit(deployment('api', spec));
    expect(res.allowed).toBe(true);
    expect(res.warnings?.some((w) => w.startsWith('K8S-007 (high)'))).toBe(true);
    expect(res.warnings?.every((w) => w.length <= 256)).toBe(true);
    expect(JSON.stringify(res)).not.toContain('hunter2');
    expect(logs.join('\n')).not.toContain('hunter2');
  });

  it('allows a hardened Deployment with no warnings', async () => {
    const res = await admit(deployment('web', HARDENED_POD_SPEC));
    expect(res).toEqual({ uid: res.uid, allowed: true });
  });

  it('judges a namespace at its Pod Security labels, learnt from the Namespace review (not from a dry run)', async () => {
    // runAsNonRoot unset: baseline allows it, restricted does not
    const loose = pod('loose', { containers: [{ name: 'c', image: 'busybox:1.36' }] }, 'strict-ns');
    const ns = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });
    expect((await admit(ns('strict-ns'), { dryRun: true })).allowed).toBe(true);
    expect((await admit(loose)).allowed).toBe(true); // dry run taught nothing: default baseline
    expect((await admit(ns('strict-ns'))).allowed).toBe(true);
    const res = await admit(loose);
    expect(res.allowed).toBe(false);
    expect(res.status?.message).toContain('restricted:latest');
    expect(res.status?.message).toContain('runAsNonRoot');
  });

  it('follows admission semantics: DELETE/CONNECT and other subresources unjudged, metadata-only Pod updates not re-judged', async () => {
    expect((await admit(null, { operation: 'DELETE', oldObject: PRIVILEGED_POD })).allowed).toBe(true);
    expect((await admit(PRIVILEGED_POD, { operation: 'CONNECT', subResource: 'exec' })).allowed).toBe(true);
    expect(
      (await admit(PRIVILEGED_POD, { operation: 'UPDATE', subResource: 'status', oldObject: PRIVILEGED_POD }))
        .allowed,
    ).toBe(true);
    const relabelled = { ...PRIVILEGED_POD, metadata: { ...PRIVILEGED_POD.metadata, labels: { tier: 'x' } } };
    expect((await admit(relabelled, { operation: 'UPDATE', oldObject: PRIVILEGED_POD })).allowed).toBe(true);
    const newImage = pod('root-shell', {
      containers: [{ name: 'sh', image: 'busybox:1.37', securityContext: { privileged: true } }],
    });
    expect((await admit(newImage, { operation: 'UPDATE', oldObject: PRIVILEGED_POD })).allowed).toBe(false);
  });

  it('denies a binding that grants a role to unauthenticated requests (RBAC-005, critical)', async () => {
    const res = await admit(
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'anon-view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' }],
      },
      { namespace: undefined },
    );
    expect(res.allowed).toBe(false);
    expect(res.status?.message).toMatch(/^hako denied ClusterRoleBinding anon-view: RBAC-005 \(critical\)/);
    expect(res.status?.message).toContain('Fix: Remove the anonymous subject');
  });

  it("lets the API server reconcile its default RBAC: system:public-info-viewer (RBAC-005's subject) as system:apiserver", async () => {
    // as the API server's rbac/bootstrap-roles start hook writes it, through its loopback client
    const binding: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: {
        name: 'system:public-info-viewer',
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
        annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:public-info-viewer',
      },
      subjects: [
        { kind: 'Group', name: 'system:authenticated', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' },
      ],
    };
    const apiServer = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };
    for (const operation of ['CREATE', 'UPDATE'])
      expect(
        await admit(binding, {
          namespace: undefined,
          operation,
          userInfo: apiServer,
          ...(operation === 'UPDATE' ? { oldObject: { ...binding, subjects: [] } } : {}),
        }),
      ).toEqual({ uid: expect.any(String), allowed: true });
    expect(logs.some((l) => l.includes('"user":"system:apiserver"') && l.includes('"why":"apiserver"'))).toBe(
      true,
    );
    // the bootstrapping label is no pass: anyone can write it
    const byAlice = await admit(binding, { namespace: undefined });
    expect(byAlice.allowed).toBe(false);
    expect(byAlice.status?.message).toContain('RBAC-005 (critical)');
  });

  it('judges pods/ephemeralcontainers updates: a privileged debug container is denied', async () => {
    const base = pod('web-0', HARDENED_POD_SPEC);
    const debug = pod('web-0', {
      ...HARDENED_POD_SPEC,
      ephemeralContainers: [
        { name: 'debugger', image: 'busybox:1.36', securityContext: { privileged: true } },
      ],
    });
    const res = await admit(debug, {
      operation: 'UPDATE',
      subResource: 'ephemeralcontainers',
      oldObject: base,
    });
    expect(res.allowed).toBe(false);
    expect(res.status?.message).toContain('debugger');
  });

  it('answers 400 with a fixed reason for bodies that are not an admission.k8s.io/v1 AdmissionReview', async () => {
    const cases: [string, string][] = [
      ['{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionRev', 'not valid JSON'],
      ['[1,2]', 'not a JSON object'],
      ['{"apiVersion":"v1","kind":"Pod"}', 'not an AdmissionReview'],
      [
        '{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{}}',
        'admission.k8s.io/v1',
      ],
      [
        '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"kind":{"group":"","version":"v1","kind":"Pod"},"operation":"CREATE"}}',
        'uid',
      ],
      [reviewOf(PRIVILEGED_POD, { operation: 'PATCH' }).body, 'operation'],
    ];
    for (const [body, reason] of cases) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      const err = (JSON.parse(r.text) as { error: string }).error;
      expect(err).toContain(reason);
      expect(err).not.toContain('AdmissionRev"'); // never an echo of the body
    }
    expect((await call(server.port, certs.ca.cert, 'GET', '/validate')).status).toBe(405);
    expect((await call(server.port, certs.ca.cert, 'GET', '/nope')).status).toBe(404);
  });

  it('refuses a body over 3 MiB with 413, declared or streamed', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 10, 0x20);
    expect((await post(big)).status).toBe(413);
    // chunked: no content-length, the limit applies while reading
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          servername: 'localhost',
          path: '/validate',
          method: 'POST',
          ca: certs.ca.cert,
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
      req.end();
    }).catch(() => 413); // the server may close the connection before the client has written all
    expect(chunked).toBe(413);
  });

  it('drops a slow client that does not finish its request within the read timeout', async () => {
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(
        { host: '127.0.0.1', port: server.port, servername: 'localhost', ca: certs.ca.cert },
        () => {
          socket.write(
            'POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{"apiVersion"',
          );
        },
      );
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString('utf8');
      });
      socket.on('close', () => resolve(got));
      socket.on('error', () => {});
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5000);
    expect(outcome === '' || outcome.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect((await call(server.port, certs.ca.cert, 'GET', '/healthz')).status).toBe(200);
    expect((await call(server.port, certs.ca.cert, 'GET', '/readyz')).status).toBe(200);
    const m = await call(server.port, certs.ca.cert, 'GET', '/metrics');
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.text).toMatch(/^hako_webhook_decisions_total\{decision="deny",kind="Pod"\} \d+$/m);
    expect(m.text).toMatch(/^hako_webhook_requests_total\{path="\/validate",code="400"\} \d+$/m);
    expect(m.text).toMatch(/^hako_webhook_review_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
    expect(m.text).toMatch(/^# TYPE hako_webhook_review_duration_seconds histogram$/m);
    // PRIVILEGED_POD was reviewed more than once above: answered from the decision cache
    expect(Number(/^hako_webhook_decision_cache_hits_total (\d+)$/m.exec(m.text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^hako_webhook_decision_cache_misses_total (\d+)$/m.exec(m.text)?.[1])).toBeGreaterThan(0);
    expect(m.text).toMatch(/^hako_webhook_decision_cache_entries \d+$/m);
    expect(m.text).toMatch(/^hako_webhook_decision_cache_max_entries 10000$/m);
    expect(Number(/^hako_webhook_decision_cache_bytes (\d+)$/m.exec(m.text)?.[1])).toBeGreaterThan(0);
  });

  it('writes one JSON log line per review, with names, decision and rule IDs', () => {
    const reviews = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'review');
    const denied = reviews.find((r) => r.name === 'root-shell' && r.decision === 'deny');
    expect(denied).toMatchObject({ kind: 'Pod', namespace: 'team-a', user: 'alice', denyRules: ['K8S-109'] });
    expect(typeof denied?.durationMs).toBe('number');
  });

  it('refuses TLS below 1.2', async () => {
    const err = await new Promise<unknown>((resolve) => {
      const s = connect(
        {
          host: '127.0.0.1',
          port: server.port,
          ca: certs.ca.cert,
          servername: 'localhost',
          maxVersion: 'TLSv1.1',
          minVersion: 'TLSv1',
        },
        () => resolve(undefined),
      );
      s.on('error', resolve);
    });
    expect(err).toBeInstanceOf(Error);
  });
});

describe('webhook policy from --config, and reloads', () => {
  let certs: WebhookCerts;
  let server: WebhookServer;
  let dir: string;
  const logs: string[] = [];
  const policyFile = () => path.join(dir, 'policy.yaml');

  beforeAll(async () => {
    certs = makeCerts(['localhost']);
    dir = mkdtempSync(path.join(tmpdir(), 'hako-webhook-'));
    writeFileSync(path.join(dir, 'tls.crt'), certs.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), certs.server.key);
    writeFileSync(
      policyFile(),
      [
        'mode: enforce',
        'namespaces:',
        '  dev: { mode: warn }',
        '  staging: { mode: audit }',
        '  legacy: { pss: { level: privileged } }',
        'deny: { severities: [critical], rules: [K8S-005, RBAC-003] }',
        'exempt:',
        '  namespaces: [break-glass]',
        '  users: ["system:serviceaccount:ops:fixer"]',
        '  runtimeClasses: [kata]',
        '',
      ].join('\n'),
    );
    server = await startWebhook({
      port: 0,
      host: '127.0.0.1',
      certFile: path.join(dir, 'tls.crt'),
      keyFile: path.join(dir, 'tls.key'),
      configFile: policyFile(),
      log: (l) => logs.push(l),
      watchIntervalMs: 50,
    });
  });
  afterAll(async () => {
    await server?.shutdown();
  });

  let trusted = '';
  const admit = async (
    object: KubeObject,
    over: Record<string, unknown> = {},
    ca = trusted || certs.ca.cert,
  ) => {
    const r = reviewOf(object, over);
    const reply = await call(server.port, ca, 'POST', '/validate', r.body);
    return (JSON.parse(reply.text) as { response: AdmissionResponse }).response;
  };
  const inNs = (ns: string, spec: object = PRIVILEGED_POD.spec as object) => pod('p', spec, ns);

  it('warn mode allows with "would be denied" warnings; audit mode allows with an audit annotation', async () => {
    const warned = await admit(inNs('dev'), { namespace: 'dev' });
    expect(warned.allowed).toBe(true);
    expect(warned.warnings?.[0]).toMatch(/^would be denied: K8S-109/);
    const audited = await admit(inNs('staging'), { namespace: 'staging' });
    expect(audited.allowed).toBe(true);
    expect(audited.warnings).toBeUndefined();
    expect(audited.auditAnnotations?.['would-deny']).toContain('K8S-109');
  });

  it('exempts namespaces, users and runtime classes', async () => {
    expect((await admit(inNs('break-glass'), { namespace: 'break-glass' })).allowed).toBe(true);
    expect(
      (await admit(inNs('team-a'), { userInfo: { username: 'system:serviceaccount:ops:fixer' } })).allowed,
    ).toBe(true);
    const kata = { ...(PRIVILEGED_POD.spec as object), runtimeClassName: 'kata' };
    expect((await admit(inNs('team-a', kata))).allowed).toBe(true);
    expect((await admit(inNs('team-a'))).allowed).toBe(false);
  });

  it('keeps the API server exempt when the policy lists its own exempt users', async () => {
    const apiServer = { username: 'system:apiserver', groups: ['system:masters'] };
    expect((await admit(inNs('team-a'), { userInfo: apiServer })).allowed).toBe(true);
  });

  it('denies by rule ID whatever the severity, and a namespace pinned to privileged skips Pod Security', async () => {
    const untagged = pod('u', {
      ...HARDENED_POD_SPEC,
      containers: [{ ...HARDENED_POD_SPEC.containers[0], image: 'nginx' }],
    });
    const res = await admit(untagged);
    expect(res.allowed).toBe(false);
    expect(res.status?.message).toContain('K8S-005');
    // the submitter's own hako.dev/ignore annotation does not let it through (ignoreAnnotations: false)
    const annotated = {
      ...untagged,
      metadata: { ...untagged.metadata, annotations: { 'hako.dev/ignore': 'K8S-005: trust me' } },
    };
    const still = await admit(annotated);
    expect(still.allowed).toBe(false);
    expect(still.status?.message).toContain('K8S-005');
    const legacy = await admit(inNs('legacy'), { namespace: 'legacy' });
    expect(legacy.allowed).toBe(true);
    expect(legacy.warnings?.some((w) => w.startsWith('K8S-109 (high)'))).toBe(true);
  });

  it('judges RBAC objects with the RBAC rules: a Role granting * on * is denied in enforce mode', async () => {
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'everything', namespace: 'team-a' },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
    };
    const res = await admit(role);
    expect(res.allowed).toBe(false);
    expect(res.status?.code).toBe(403);
    for (const field of ['apiGroups', 'resources', 'verbs'])
      expect(res.status?.message).toContain(`RBAC-003 (medium) Role everything grants "*" in ${field}`);
    expect(res.status?.message).toContain('Fix: List the verbs, resources and API groups');
    // in a warn-mode namespace the same Role is allowed, with what would have denied it
    const warned = await admit(
      { ...role, metadata: { name: 'everything', namespace: 'dev' } },
      { namespace: 'dev' },
    );
    expect(warned.allowed).toBe(true);
    expect(warned.warnings?.[0]).toMatch(/^would be denied: RBAC-003/);
    const narrow = await admit({
      ...role,
      metadata: { name: 'reader', namespace: 'team-a' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    });
    expect(narrow.allowed).toBe(true);
  });

  it('reloads the policy when the file changes, and keeps it when the new file is invalid', async () => {
    writeFileSync(policyFile(), 'mode: warn\n');
    await waitFor(() => server.policy().mode === 'warn');
    expect((await admit(inNs('team-a'))).allowed).toBe(true);
    writeFileSync(policyFile(), 'mode: enforse\n');
    await waitFor(() => logs.some((l) => l.includes('reload failed')));
    expect(server.policy().mode).toBe('warn');
    expect(logs.find((l) => l.includes('reload failed'))).toContain('/mode must be one of');
  });

  it('serves a rotated certificate to new connections', async () => {
    const rotated = makeCerts(['localhost']);
    writeFileSync(path.join(dir, 'tls.crt'), rotated.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), rotated.server.key);
    await waitFor(async () => {
      try {
        await call(server.port, rotated.ca.cert, 'GET', '/healthz');
        return true;
      } catch {
        return false;
      }
    });
    await expect(call(server.port, certs.ca.cert, 'GET', '/healthz')).rejects.toThrow();
    trusted = rotated.ca.cert;
    expect((await admit(inNs('team-a'))).uid).toBeTruthy();
  });

  it('judges the aws-auth ConfigMap without logging its data', async () => {
    const res = await admit(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'aws-auth', namespace: 'kube-system' },
        data: {
          mapRoles:
            '- rolearn: arn:aws:iam::111122223333:role/nodes\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:masters]\n',
        },
      },
      { namespace: 'kube-system' },
    );
    expect(res.allowed).toBe(true);
    expect(logs.join('\n')).not.toContain('111122223333');
    const line = logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.kind === 'ConfigMap');
    expect(line?.decision).not.toBe('unjudged');
  });

  it('never reads a Secret: allowed, not judged, said in a warning', async () => {
    const res = await admit(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', namespace: 'team-a' },
        data: { password: 'aHVudGVyMg==' },
      },
      {},
    );
    expect(res.allowed).toBe(true);
    expect(res.warnings).toEqual(['hako does not check Secret objects; this one was not judged']);
    expect(logs.join('\n')).not.toContain('aHVudGVyMg');
  });
});

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

describe('webhook responses in Japanese (policy scan.lang: ja)', () => {
  it('words the deny message, the fix and the rule findings in Japanese', async () => {
    const certs = makeCerts(['localhost']);
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-webhook-'));
    writeFileSync(path.join(dir, 'tls.crt'), certs.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), certs.server.key);
    writeFileSync(path.join(dir, 'policy.yaml'), 'scan: { lang: ja }\n');
    const server = await startWebhook({
      port: 0,
      host: '127.0.0.1',
      certFile: path.join(dir, 'tls.crt'),
      keyFile: path.join(dir, 'tls.key'),
      configFile: path.join(dir, 'policy.yaml'),
      log: () => {},
    });
    try {
      const r = reviewOf(PRIVILEGED_POD);
      const reply = await call(server.port, certs.ca.cert, 'POST', '/validate', r.body);
      const res = (JSON.parse(reply.text) as { response: AdmissionResponse }).response;
      expect(res.allowed).toBe(false);
      expect(res.status?.message).toMatch(
        /^hako は Pod team-a\/root-shell を拒否しました: K8S-109 PodSecurity/,
      );
      expect(res.status?.message).toContain('修正: ');
    } finally {
      await server.shutdown();
    }
  });
});

describe('webhook failure handling and shutdown', () => {
  const start = async (policyText: string, decide: typeof review) => {
    const certs = makeCerts(['localhost']);
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-webhook-'));
    writeFileSync(path.join(dir, 'tls.crt'), certs.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), certs.server.key);
    writeFileSync(path.join(dir, 'policy.yaml'), policyText);
    const logs: string[] = [];
    const server = await startWebhook({
      port: 0,
      host: '127.0.0.1',
      certFile: path.join(dir, 'tls.crt'),
      keyFile: path.join(dir, 'tls.key'),
      configFile: path.join(dir, 'policy.yaml'),
      log: (l) => logs.push(l),
      decide,
    });
    const admit = async () => {
      const r = reviewOf(PRIVILEGED_POD);
      const reply = await call(server.port, certs.ca.cert, 'POST', '/validate', r.body);
      return {
        status: reply.status,
        res: (JSON.parse(reply.text) as { response: AdmissionResponse }).response,
        uid: r.uid,
      };
    };
    return { server, certs, logs, admit };
  };
  let failing = false;
  const broken: typeof review = async (req, policy, ns) => {
    if (failing) throw new Error('engine exploded');
    return review(req, policy, ns);
  };

  it('denies with code 500 when hako cannot judge and failurePolicy is Fail', async () => {
    const { server, admit, logs } = await start('failurePolicy: Fail\n', broken);
    failing = true;
    try {
      const { status, res, uid } = await admit();
      expect(status).toBe(200);
      expect(res).toMatchObject({ uid, allowed: false, status: { code: 500 } });
      expect(res.status?.message).toContain('engine exploded');
      expect(logs.some((l) => l.includes('"decision":"error"'))).toBe(true);
    } finally {
      failing = false;
      await server.shutdown();
    }
  });

  it('allows with a warning when hako cannot judge and failurePolicy is Ignore', async () => {
    const { server, admit } = await start('failurePolicy: Ignore\n', broken);
    failing = true;
    try {
      const { res } = await admit();
      expect(res.allowed).toBe(true);
      expect(res.warnings?.[0]).toContain('hako could not judge this object');
    } finally {
      failing = false;
      await server.shutdown();
    }
  });

  it('answers a judgement stuck on a worker as failurePolicy says after --judge-timeout, counts it, replaces the worker', async () => {
    const certs = makeCerts(['localhost']);
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-webhook-'));
    writeFileSync(path.join(dir, 'tls.crt'), certs.server.cert);
    writeFileSync(path.join(dir, 'tls.key'), certs.server.key);
    const logs: string[] = [];
    // the worker's test-only knob: a judgement of an object holding the token never finishes
    const before = process.env.HAKO_TEST_WEBHOOK;
    process.env.HAKO_TEST_WEBHOOK = 'hang=stuck-judgement';
    let server: WebhookServer;
    try {
      server = await startWebhook({
        port: 0,
        host: '127.0.0.1',
        certFile: path.join(dir, 'tls.crt'),
        keyFile: path.join(dir, 'tls.key'),
        log: (l) => logs.push(l),
        workers: 1,
        judgeTimeoutMs: 1500,
      });
    } finally {
      if (before === undefined) delete process.env.HAKO_TEST_WEBHOOK;
      else process.env.HAKO_TEST_WEBHOOK = before;
    }
    try {
      const admit = async (o: KubeObject) => {
        const r = reviewOf(o);
        const reply = await call(server.port, certs.ca.cert, 'POST', '/validate', r.body);
        expect(reply.status).toBe(200);
        return { uid: r.uid, res: (JSON.parse(reply.text) as { response: AdmissionResponse }).response };
      };
      // the token in the image: the decision cache's key keeps it (a pod's name it replaces)
      const stuck = pod('p', {
        ...HARDENED_POD_SPEC,
        containers: [{ ...HARDENED_POD_SPEC.containers[0], image: 'registry.example.com/stuck-judgement:1' }],
      });
      const { uid, res } = await admit(stuck);
      // the default failurePolicy is Fail: denied with code 500, saying why
      expect(res).toMatchObject({ uid, allowed: false, status: { code: 500 } });
      expect(res.status?.message).toContain('longer than 1500 ms');
      expect(logs.some((l) => l.includes('"decision":"error"') && l.includes('judgement timed out'))).toBe(
        true,
      );
      const metrics = (await call(server.port, certs.ca.cert, 'GET', '/metrics')).text;
      expect(metrics).toContain('hako_webhook_judge_timeouts_total 1\n');
      expect(metrics).toContain('hako_webhook_worker_restarts_total 1\n');
      // the replacement judges
      expect((await admit(PRIVILEGED_POD)).res.allowed).toBe(false);
      expect((await admit(pod('fine', HARDENED_POD_SPEC))).res.allowed).toBe(true);
    } finally {
      await server.shutdown();
    }
  }, 60_000);

  it('finishes an in-flight review on shutdown, then refuses new connections', async () => {
    const slow: typeof review = async (req, policy, ns) => {
      await new Promise((r) => setTimeout(r, 400));
      return review(req, policy, ns);
    };
    const { server, admit, certs, logs } = await start('mode: enforce\n', slow);
    const inFlight = admit();
    await new Promise((r) => setTimeout(r, 100));
    const stopped = server.shutdown();
    const { status, res, uid } = await inFlight;
    expect(status).toBe(200);
    expect(res.uid).toBe(uid);
    await stopped;
    await expect(call(server.port, certs.ca.cert, 'GET', '/healthz')).rejects.toThrow();
    expect(logs.some((l) => l.includes('"msg":"shutting down","inFlight":1'))).toBe(true);
  });
});

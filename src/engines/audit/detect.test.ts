/**
 * Each AUD detection over hand-written audit events (test/fixtures/audit/detections.ndjson, written
 * from the audit.k8s.io/v1 Event schema): what fires, on which line, how often, and what must not.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishRuns } from '../../../test/helpers/english.js';
import { AuditDetector } from './detect.js';
import { auditInputs, runAudit } from './index.js';
import { AUDIT_META, AUDIT_NOTES } from './meta.js';
import { PLANS } from './plan.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/audit/detections.ndjson');

async function findings() {
  return runAudit(auditInputs([FIXTURE]).inputs, 'en');
}

const ev = (over: Record<string, unknown>) => ({
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  stage: 'ResponseComplete',
  verb: 'get',
  user: { username: 'u', groups: ['system:authenticated'] },
  sourceIPs: ['10.0.0.9'],
  responseStatus: { code: 200 },
  requestReceivedTimestamp: '2026-03-01T00:00:00Z',
  ...over,
});

function run(events: Record<string, unknown>[]) {
  const d = new AuditDetector();
  events.forEach((e, i) => {
    d.add(e, 'x.ndjson', i + 1);
  });
  return d.findings('en');
}

describe('AUD detections over the hand-written events', () => {
  it('fire exactly where expected, with line, count and key', async () => {
    const r = await findings();
    const got = r.findings.map((f) => [f.ruleId, f.location.startLine, f.audit.count, f.audit.key]);
    expect(got).toEqual([
      [
        'AUD-001',
        1,
        2,
        {
          tactic: 'CredentialAccess',
          user: 'system:anonymous',
          verb: 'get',
          resource: 'secrets',
          namespace: 'default',
        },
      ],
      [
        'AUD-001',
        3,
        1,
        { tactic: 'Discovery', user: 'system:anonymous', verb: 'list', resource: 'pods', namespace: null },
      ],
      [
        'AUD-002',
        7,
        1,
        { user: 'alice', resource: 'clusterrolebindings', namespace: null, name: 'anon-view' },
      ],
      [
        'AUD-003',
        10,
        2,
        { user: 'alice', subresource: 'exec', namespace: 'kube-system', name: 'aws-node-7xk2p' },
      ],
      [
        'AUD-004',
        14,
        1,
        { user: 'bob', resource: 'rolebindings', namespace: 'team-a', name: 'default-admin' },
      ],
      [
        'AUD-005',
        16,
        1,
        {
          dashboard: 'Kubernetes',
          user: 'carol',
          namespace: 'kubernetes-dashboard',
          name: 'kubernetes-dashboard',
        },
      ],
      [
        'AUD-005',
        17,
        1,
        { dashboard: 'Kubeflow', user: 'carol', namespace: 'kubeflow', name: 'centraldashboard' },
      ],
      ['AUD-006', 19, 1, { user: 'dave', resource: 'deployments', namespace: 'ops', name: 'node-debugger' }],
      ['AUD-006', 20, 1, { user: 'dave', resource: 'cronjobs', namespace: 'ops', name: 'nightly' }],
      ['AUD-007', 22, 1, { user: 'dave', resource: 'pods', namespace: 'ops', name: 'docker-socket' }],
      ['AUD-008', 25, 1, { user: 'mallory', name: 'backdoor' }],
      ['AUD-009', 28, 1, { user: 'alice', verb: 'patch' }],
      ['AUD-010', 30, 4, { user: 'erin' }],
      ['AUD-010', 34, 1, { user: 'system:serviceaccount:tools:scanner' }],
      ['AUD-011', 38, 2, { user: 'frank', namespace: 'team-a' }],
      ['AUD-012', 41, 2, { user: 'kubernetes-admin' }],
    ]);
    expect(r.events).toBe(43);
    expect(r.errors).toEqual([]);
  });

  it('name the user, source IPs, time and object, and map the GuardDuty type', async () => {
    const r = await findings();
    const anon = r.findings[0]!;
    expect(anon.audit).toMatchObject({
      user: 'system:anonymous',
      sourceIPs: ['203.0.113.9', '203.0.113.10'],
      firstSeen: '2026-03-01T10:00:01.000000Z',
      lastSeen: '2026-03-01T10:00:02.000000Z',
      object: { resource: 'secrets', namespace: 'default', name: 'db', subresource: null },
      guardDuty: 'CredentialAccess:Kubernetes/SuccessfulAnonymousAccess',
    });
    expect(anon.message).toBe(
      'CredentialAccess: system:anonymous get secrets default/db succeeded 2 time(s) from 203.0.113.9, 203.0.113.10',
    );
    expect(anon.related).toEqual([{ file: FIXTURE, startLine: 2, message: 'last of 2 occurrences' }]);
    expect(anon.resource).toEqual({
      kind: 'secrets',
      name: 'db',
      namespace: 'default',
      address: 'secrets/default/db',
    });
    const gd = Object.fromEntries(
      r.findings.map((f) => [`${f.ruleId}:${f.location.startLine}`, f.audit.guardDuty]),
    );
    expect(gd['AUD-003:10']).toBe('Execution:Kubernetes/ExecInKubeSystemPod');
    expect(gd['AUD-005:16']).toBe('Policy:Kubernetes/ExposedDashboard');
    expect(gd['AUD-005:17']).toBe('Policy:Kubernetes/KubeflowDashboardExposed');
    expect(gd['AUD-004:14']).toBe('Policy:Kubernetes/AdminAccessToDefaultServiceAccount');
  });

  it('say what they could not judge: early stages and bodiless writes', async () => {
    const r = await findings();
    expect(r.skipped.map((s) => [s.noteId, s.count])).toEqual([
      ['earlyStages', 2],
      ['noBody', 1],
    ]);
  });

  it('speak Japanese with --lang ja', async () => {
    const r = await runAudit(auditInputs([FIXTURE]).inputs, 'ja');
    expect(r.findings.find((f) => f.ruleId === 'AUD-008')!.message).toBe(
      'mallory が cluster-admin への clusterrolebindings backdoor を作成しました（1 回、192.0.2.66 から）',
    );
  });
});

describe('the fast path', () => {
  it('a framed line without the needed words is counted, not parsed; --strict parses it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-audit-'));
    const file = path.join(dir, 'a.ndjson');
    const ok = JSON.stringify(ev({ objectRef: { resource: 'pods' } }));
    writeFileSync(
      file,
      `${ok}\n{"kind":"Event","verb":"get" oops}\n{"kind":"Event","verb":"get","objectRef":{"resource":"secrets"} oops}\n`,
    );
    const fast = await runAudit(auditInputs([file]).inputs, 'en');
    expect([fast.events, fast.malformed, fast.errors.map((e) => e.line)]).toEqual([2, 1, [3]]);
    const strict = await runAudit(auditInputs([file]).inputs, 'en', { strict: true });
    expect([strict.events, strict.malformed, strict.errors.map((e) => e.line)]).toEqual([1, 2, [2, 3]]);
  });
});

describe('AUD detections, one event at a time', () => {
  it('AUD-001: DefenseEvasion for deleting events, Impact for other deletes; failures and /healthz never', () => {
    const anon = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    const f = run([
      ev({ user: anon, verb: 'delete', objectRef: { resource: 'events', namespace: 'default' } }),
      ev({ user: anon, verb: 'delete', objectRef: { resource: 'pods', namespace: 'default', name: 'p' } }),
      ev({ user: anon, verb: 'create', objectRef: { resource: 'daemonsets', namespace: 'x' } }),
      ev({ user: anon, requestURI: '/version' }),
      ev({ user: anon, verb: 'list', objectRef: { resource: 'pods' }, responseStatus: { code: 401 } }),
    ]);
    expect(f.map((x) => x.audit.key.tactic)).toEqual(['DefenseEvasion', 'Impact', 'Persistence']);
  });
  it('AUD-002: a patch that adds system:anonymous, judged on the response object', () => {
    const f = run([
      ev({
        verb: 'patch',
        objectRef: { resource: 'rolebindings', namespace: 'a', name: 'rb' },
        requestObject: { subjects: [{ kind: 'User', name: 'x' }] },
        responseObject: { subjects: [{ kind: 'User', name: 'system:anonymous' }], roleRef: { name: 'view' } },
      }),
    ]);
    expect(f.map((x) => x.ruleId)).toEqual(['AUD-002']);
  });
  it('AUD-007: a writable mount of the host root fires; a read-only one and an unmounted volume do not', () => {
    const pod = (readOnly: boolean | undefined, mounted: boolean) => ({
      spec: {
        containers: [
          { name: 'c', volumeMounts: mounted ? [{ name: 'root', mountPath: '/host', readOnly }] : [] },
        ],
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
      },
    });
    const f = run([
      ev({
        verb: 'create',
        objectRef: { resource: 'pods', namespace: 'a', name: 'w' },
        requestObject: pod(false, true),
      }),
      ev({
        verb: 'create',
        objectRef: { resource: 'pods', namespace: 'a', name: 'r' },
        requestObject: pod(true, true),
      }),
      ev({
        verb: 'create',
        objectRef: { resource: 'pods', namespace: 'a', name: 'n' },
        requestObject: pod(undefined, false),
      }),
    ]);
    expect(f.map((x) => x.audit.key.name)).toEqual(['w']);
  });
  it('AUD-010: two namespaces are not several; a cluster-wide list is', () => {
    const f = run([
      ev({ user: { username: 'a' }, objectRef: { resource: 'secrets', namespace: 'x' } }),
      ev({ user: { username: 'a' }, objectRef: { resource: 'secrets', namespace: 'y' } }),
      ev({ user: { username: 'b' }, verb: 'watch', objectRef: { resource: 'secrets' } }),
      ev({ user: { username: 'system:node:ip-10-0-0-1' }, verb: 'list', objectRef: { resource: 'secrets' } }),
    ]);
    expect(f.map((x) => [x.ruleId, x.audit.user])).toEqual([['AUD-010', 'b']]);
  });
  it('repeats are counted, not repeated: 1000 identical execs are one finding', () => {
    const e = ev({
      verb: 'create',
      objectRef: { resource: 'pods', namespace: 'kube-system', name: 'p', subresource: 'exec' },
    });
    const f = run(Array.from({ length: 1000 }, () => e));
    expect(f).toHaveLength(1);
    expect(f[0]!.audit.count).toBe(1000);
  });
});

describe('AUD metadata', () => {
  it('one entry per plan, IDs AUD-001..AUD-012, with both languages', () => {
    expect(AUDIT_META.map((m) => m.id)).toEqual(PLANS.map((p) => p.id));
    expect(AUDIT_META.map((m) => m.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `AUD-${String(i + 1).padStart(3, '0')}`),
    );
  });
});

describe('AUD texts in both languages (as test/meta/messages-i18n.test.ts does for rules)', () => {
  const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
  it('every title, rationale, remediation and message has en and ja, same placeholders, ja not English', () => {
    for (const m of AUDIT_META)
      for (const k of ['title', 'rationale', 'remediation', 'message'] as const) {
        expect(m[k].en.trim(), `${m.id} ${k}`).not.toBe('');
        expect(names(m[k].ja), `${m.id} ${k}`).toEqual(names(m[k].en));
        expect(englishRuns(m[k].ja), `${m.id} ${k}`).toEqual([]);
      }
  });
  it('every note has en and ja with the same placeholders', () => {
    expect(Object.keys(AUDIT_NOTES.ja).sort()).toEqual(Object.keys(AUDIT_NOTES.en).sort());
    for (const [k, en] of Object.entries(AUDIT_NOTES.en)) {
      const ja = AUDIT_NOTES.ja[k as keyof typeof AUDIT_NOTES.ja];
      expect(ja).not.toBe(en);
      expect(names(ja), k).toEqual(names(en));
      expect(englishRuns(ja), k).toEqual([]);
    }
  });
  it('severities are the catalogue’s', () => {
    const cat = JSON.parse(
      readFileSync(path.resolve(import.meta.dirname, '../../data/catalogue.json'), 'utf8'),
    ) as {
      rules: { id: string; severity: string }[];
    };
    for (const m of AUDIT_META) expect(m.severity, m.id).toBe(cat.rules.find((r) => r.id === m.id)?.severity);
  });
});

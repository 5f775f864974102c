import path from 'node:path';
import type { Log, Result, Run } from 'sarif';
import { describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../../test/helpers/sarif-schema.js';
import { finding, resultOf, sampleResult } from '../../test/helpers/scan-result.js';
import { allRules } from '../rules/index.js';
import { scan } from '../scan.js';
import type { ReportOptions } from './index.js';
import { artifactLocation, FINGERPRINT_KEY, renderSarif, SECURITY_SEVERITY } from './sarif.js';

const root = path.resolve('/work/repo');
const opts: ReportOptions = { colour: false, lang: 'en', version: '1.2.3', root };

function render(
  result = sampleResult(),
  o: Partial<ReportOptions> = {},
): { log: Log; run: Run; results: Result[] } {
  const log = JSON.parse(renderSarif(result, { ...opts, ...o })) as Log;
  const run = log.runs[0]!;
  return { log, run, results: run.results ?? [] };
}

describe('SARIF report', () => {
  it('validates against the SARIF 2.1.0 schema, in both languages and with no findings', () => {
    expect(sarifSchemaErrors(render().log)).toEqual([]);
    expect(sarifSchemaErrors(render(sampleResult(), { lang: 'ja' }).log)).toEqual([]);
    expect(sarifSchemaErrors(render(resultOf([])).log)).toEqual([]);
  });

  it('the schema check really rejects invalid logs', () => {
    const { log } = render();
    const broken = structuredClone(log) as unknown as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(sarifSchemaErrors(broken).length).toBeGreaterThan(0);
    expect(sarifSchemaErrors({ version: '2.1.0' }).length).toBeGreaterThan(0);
  });

  it('has one run whose driver describes hako and every rule, not just those that fired', () => {
    const { log, run } = render(resultOf([]));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const d = run.tool.driver;
    expect(d).toMatchObject({
      name: 'hako',
      version: '1.2.3',
      semanticVersion: '1.2.3',
      informationUri: 'https://hako.dev',
    });
    expect(d.rules?.map((r) => r.id)).toEqual(allRules.map((r) => r.meta.id));
    for (const [i, rule] of allRules.entries()) {
      const m = rule.meta;
      const r = d.rules![i]!;
      expect(r.name).toBe(m.slug);
      expect(r.shortDescription?.text).toBe(m.title.en);
      expect(r.fullDescription?.text).toBe(m.rationale.en);
      expect(r.help?.text).toContain(m.remediation.en);
      expect(r.help?.markdown).toContain(m.remediation.en);
      for (const ref of m.references) {
        expect(r.help?.text).toContain(ref);
        expect(r.help?.markdown).toContain(ref);
      }
      expect(r.helpUri).toBe(m.references[0]);
      expect(r.properties).toEqual({
        tags: ['security', m.service],
        'security-severity': SECURITY_SEVERITY[m.severity],
        precision: 'high',
      });
    }
  });

  it('maps severities to levels and to GitHub security-severity bands', () => {
    const levels = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
    const { run } = render();
    for (const [i, rule] of allRules.entries()) {
      expect(run.tool.driver.rules![i]!.defaultConfiguration?.level).toBe(levels[rule.meta.severity]);
    }
    expect(SECURITY_SEVERITY).toEqual({
      critical: '9.5',
      high: '8.0',
      medium: '5.5',
      low: '3.0',
      info: '0.0',
    });
    // GitHub's bands: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
    expect(Number(SECURITY_SEVERITY.critical)).toBeGreaterThan(9);
    expect(Number(SECURITY_SEVERITY.high)).toBeGreaterThanOrEqual(7);
    expect(Number(SECURITY_SEVERITY.medium)).toBeGreaterThanOrEqual(4);
    // A result's level follows its own (possibly overridden) severity.
    const { results } = render();
    expect(results.map((r) => r.level)).toEqual(
      sampleResult().findings.map((f) => levels[f.severity as keyof typeof levels]),
    );
  });

  it('writes a result per finding with rule index, message, location, fingerprint and resource', () => {
    const { run, results } = render();
    expect(results).toHaveLength(sampleResult().findings.length);
    for (const r of results) {
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
    }
    const first = results.find(
      (r) => r.partialFingerprints?.[FINGERPRINT_KEY] === 'f1000000000000000000000000000000',
    );
    expect(first).toMatchObject({
      ruleId: 'ECS-003',
      level: 'error',
      message: { text: 'container "app" runs privileged: it has root on the host' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/task.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 5, startColumn: 7, endLine: 5, endColumn: 23 },
          },
          logicalLocations: [{ name: 'web', fullyQualifiedName: 'web', kind: 'resource' }],
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'infra/iam.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3 },
          },
          message: { text: 'execution role defined here' },
        },
      ],
      suppressions: [],
      properties: {
        severity: 'critical',
        resource: { kind: 'TaskDefinition', name: 'web', namespace: null, address: 'web' },
      },
    });
    expect(results.find((r) => r.relatedLocations === undefined)).toBeDefined();
  });

  it('marks suppressed findings: inSource for annotations and comments, external for config and baseline', () => {
    const { results } = render();
    const byPrint = (p: string) => results.find((r) => r.partialFingerprints?.[FINGERPRINT_KEY] === p)!;
    expect(byPrint('f3000000000000000000000000000000').suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'needs /dev/fuse' },
    ]);
    expect(byPrint('f4000000000000000000000000000000').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'legacy; tracked in OPS-12' },
    ]);
    expect(byPrint('f6000000000000000000000000000000').suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'in baseline' },
    ]);
    const comment = render(resultOf([finding({ suppressed: { kind: 'comment', reason: 'ok' } })]))
      .results[0]!;
    expect(comment.suppressions?.[0]?.kind).toBe('inSource');
  });

  it('reports unreadable inputs as tool execution notifications with their location', () => {
    const { run } = render();
    expect(run.invocations).toEqual([
      {
        executionSuccessful: true,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'YAML: bad indentation' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'broken.yaml', uriBaseId: '%SRCROOT%' },
                  region: { startLine: 3 },
                },
              },
            ],
            associatedRule: {
              id: 'HAKO-001',
              index: allRules.findIndex((r) => r.meta.id === 'HAKO-001'),
            },
          },
        ],
      },
    ]);
  });

  it('declares %SRCROOT% as the root directory and encodes paths as URI references', () => {
    const { run, results } = render();
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toMatch(/^file:\/\/\/.*\/$/);
    expect(new URL(run.originalUriBaseIds!['%SRCROOT%']!.uri!).pathname).toBe(
      `${root.split(path.sep).join('/')}/`.replace(/^([A-Za-z]:)/, '/$1'),
    );
    const uris = results.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
    expect(uris).toContain('infra/batch%20task.json');
    expect(uris).toContain('file:///elsewhere/odd%20%231.yaml');
    expect(artifactLocation('a/b:c?.yaml', root)).toEqual({ uri: 'a/b%3Ac%3F.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('<stdin>', root)).toEqual({ uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation(path.join(root, 'k8s', 'x.yaml'), root)).toEqual({
      uri: 'k8s/x.yaml',
      uriBaseId: '%SRCROOT%',
    });
    expect(artifactLocation('../sibling/x.yaml', root)).toEqual({
      uri: '../sibling/x.yaml',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('keeps regions valid when a location is degenerate', () => {
    const f = finding({
      location: { file: 'a.json', startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
    });
    const { log, results } = render(resultOf([f]));
    expect(results[0]!.locations![0]!.physicalLocation!.region).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 1,
    });
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('omits ruleIndex for a rule hako does not list', () => {
    const { log, results } = render(resultOf([finding({ ruleId: 'X-999' })]));
    expect(results[0]!.ruleIndex).toBeUndefined();
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('speaks the requested language in rule descriptions', () => {
    const { run } = render(resultOf([]), { lang: 'ja' });
    expect(run.language).toBe('ja-JP');
    const ecs003 = allRules.findIndex((r) => r.meta.id === 'ECS-003');
    expect(run.tool.driver.rules![ecs003]!.shortDescription?.text).toBe('コンテナが特権モードで実行される');
  });

  it('validates for a real scan of a privileged task definition', async () => {
    const td = JSON.stringify({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', privileged: true, essential: true }],
    });
    const result = await scan({
      inputs: [
        { path: 'task.json', content: td },
        { path: 'bad.yaml', content: 'a: [1, 2\n' },
      ],
    });
    const { log, results, run } = render(result);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['ECS-003', 'HAKO-001']));
    expect(run.invocations![0]!.toolExecutionNotifications!.length).toBeGreaterThan(0);
    for (const r of results) expect(r.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a finding whose related entries are a path (RBAC-008) gets a code flow with the hops in order', async () => {
    const k8s = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/api
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: devs-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects: [{ kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }]
`;
    const host = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
    const iam = JSON.stringify({
      RoleDetailList: [
        {
          RoleName: 'api',
          Arn: 'arn:aws:iam::111122223333:role/api',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${host}` },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: {
                  StringEquals: {
                    [`${host}:sub`]: 'system:serviceaccount:shop:api',
                    [`${host}:aud`]: 'sts.amazonaws.com',
                  },
                },
              },
            ],
          },
          RolePolicyList: [],
          AttachedManagedPolicies: [
            { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          ],
        },
      ],
    });
    const result = await scan({
      inputs: [
        { path: 'k8s.yaml', content: k8s },
        { path: 'iam.json', content: iam },
      ],
    });
    const { log, results } = render(result);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const path8 = results.find((r) => r.ruleId === 'RBAC-008')!;
    const flow = path8.codeFlows![0]!.threadFlows[0]!.locations;
    expect(flow.map((l) => l.location?.message?.text)).toEqual([
      'member of group devs',
      'bound by RoleBinding shop/devs-edit',
      'to ClusterRole edit',
      expect.stringMatching(/^rule create/),
      'can create pods in namespace shop',
      'acts as ServiceAccount shop/api',
      'whose IRSA annotation names role arn:aws:iam::111122223333:role/api',
      'IAM role api, whose trust admits these pods',
      'allows admin',
    ]);
    expect(flow.map((l) => l.executionOrder)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flow[1]!.location?.physicalLocation?.region?.startLine).toBe(9);
    expect(path8.relatedLocations).toHaveLength(9);
    // a finding whose related entries are not a path gets none
    expect(results.filter((r) => r.ruleId !== 'RBAC-008').every((r) => r.codeFlows === undefined)).toBe(true);
  });
});

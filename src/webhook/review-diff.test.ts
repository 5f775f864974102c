/**
 * The webhook builds the model straight from the parsed request instead of writing the object as
 * JSON text and scanning that text: the answers must not change. Every Kubernetes document of
 * examples/, test/fixtures/ and the Kubernetes, EKS and hako rule examples is judged both ways
 * (the old full-scan path is kept as the reference) under several policies; the responses and the
 * log records must be identical, and the positioned tree must be the one the JSON parser gives.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlValue } from 'yaml';
import { parseJson } from '../parse/json.js';
import { toPlain } from '../parse/tree.js';
import { parseYaml } from '../parse/yaml.js';
import { defaultPolicy, parsePolicy, type WebhookPolicy } from './policy.js';
import { DecisionCache, NamespaceCache, review } from './review.js';
import { treeOf } from './tree.js';
import type { AdmissionRequest, KubeObject } from './types.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ya?ml|json)$/.test(e)) out.push(p);
  }
  return out;
}

function docsOf(file: string, text: string): unknown[] {
  if (file.endsWith('.json')) {
    try {
      return [JSON.parse(text)];
    } catch {
      return [];
    }
  }
  return parseYaml(file, text).docs.map((d) => toPlain(d.node));
}

const isK8s = (v: unknown): v is KubeObject =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  typeof (v as KubeObject).kind === 'string' &&
  typeof (v as KubeObject).apiVersion === 'string';

/** Every Kubernetes object of the corpus, with where it came from. */
function corpus(): { from: string; obj: KubeObject }[] {
  const out: { from: string; obj: KubeObject }[] = [];
  const add = (from: string, text: string) => {
    for (const [i, d] of docsOf(from, text).entries())
      if (isK8s(d)) out.push({ from: `${from}#${i}`, obj: d });
  };
  for (const f of [...walk(path.join(ROOT, 'examples')), ...walk(path.join(ROOT, 'test/fixtures'))])
    add(path.relative(ROOT, f), readFileSync(f, 'utf8'));
  for (const service of ['k8s', 'eks', 'hako']) {
    const dir = path.join(ROOT, 'src/rules', service);
    for (const e of readdirSync(dir).filter((x) => x.endsWith('.examples.yaml'))) {
      const ex = parseYamlValue(readFileSync(path.join(dir, e), 'utf8')) as Record<
        string,
        { name: string; files?: Record<string, string> }[]
      >;
      for (const [group, cases] of Object.entries(ex))
        for (const c of Array.isArray(cases) ? cases : [])
          for (const [name, text] of Object.entries(c.files ?? {}))
            if (/\.(ya?ml|json)$/.test(name)) add(`${service}/${e} ${group}: ${c.name}: ${name}`, text);
    }
  }
  return out;
}

function requestOf(obj: KubeObject, n: number): AdmissionRequest {
  const [group, version] = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const ns = obj.kind === 'Namespace' ? undefined : (obj.metadata?.namespace ?? 'team-a');
  return {
    uid: `uid-${n}`,
    kind: { group: group ?? '', version: version ?? 'v1', kind: obj.kind ?? '' },
    ...(ns ? { namespace: ns } : {}),
    ...(typeof obj.metadata?.name === 'string' ? { name: obj.metadata.name } : {}),
    operation: 'CREATE',
    userInfo: { username: 'alice', groups: ['dev'] },
    object: obj,
  };
}

const POLICIES: [string, WebhookPolicy][] = [
  ['default (baseline, deny critical, warn high)', defaultPolicy()],
  [
    'restricted, deny high and medium, warn the rest',
    parsePolicy(
      'pss: { level: restricted }\ndeny: { severities: [critical, high, medium] }\nwarn: { severities: [low, info] }\n',
      'p.yaml',
    ),
  ],
  [
    'warn mode, Japanese, annotations honoured',
    parsePolicy(
      'mode: warn\nignoreAnnotations: true\ndeny: { severities: [critical, high] }\nwarn: { severities: [medium, low] }\nscan: { lang: ja }\n',
      'p.yaml',
    ),
  ],
];

const objects = corpus();

describe('the model from the request: the same tree and the same answers as the full scan', () => {
  it('reads a corpus worth comparing', () => {
    expect(objects.length).toBeGreaterThan(250);
    const kinds = new Set(objects.map((o) => o.obj.kind));
    for (const k of [
      'Pod',
      'Deployment',
      'Namespace',
      'Role',
      'ClusterRoleBinding',
      'NetworkPolicy',
      'ConfigMap',
    ])
      expect(kinds).toContain(k);
  });

  it('builds the tree the JSON parser builds from the object written as JSON', () => {
    const odd = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', annotations: { __proto__: 'p', 'a/b~c': '😀\u2028"\\\n\u0001' } },
      data: { '2': 'two', '10': 'ten', b: '\ud800' },
      n: [-0, 1e21, 1.5e-7, 0.1, -3, true, false, null, [], {}],
    };
    for (const { from, obj } of [...objects, { from: 'odd', obj: odd as KubeObject }]) {
      const text = JSON.stringify(obj);
      const expected = parseJson('admission-request.json', text).docs[0]?.node;
      const built = treeOf(obj, 'admission-request.json');
      expect(built?.node, from).toEqual(expected);
      expect(built?.length, from).toBe(text.length);
    }
  });

  it('leaves what it does not cover to the text path: too deep, not JSON values', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(treeOf({ kind: 'Pod', apiVersion: 'v1', spec: deep }, 'f.json')).toBeUndefined();
    expect(treeOf({ a: Number.NaN }, 'f.json')).toBeUndefined();
    expect(treeOf({ a: new Date(0) }, 'f.json')).toBeUndefined();
  });

  for (const [name, policy] of POLICIES)
    it(`answers every object alike: ${name}`, async () => {
      let n = 0;
      let differing = 0;
      for (const { from, obj } of objects) {
        const req = requestOf(obj, n++);
        const [reference, fast] = [
          await review(req, policy, new NamespaceCache(), undefined, { fullScan: true }),
          await review(req, policy, new NamespaceCache()),
        ];
        expect(fast, from).toEqual(reference);
        if (JSON.stringify(fast) !== JSON.stringify(reference)) differing++;
      }
      expect(differing).toBe(0);
    }, 120_000);

  it('answers alike through the decision cache, and for objects the text path reads differently', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 300; i++) deep = { a: deep };
    const extra: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'deep' }, spec: { containers: [], x: deep } },
      // the shape of hako's own JSON report: the loader skips it, whatever its kind
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'r' }, version: 1, findings: [], summary: {} },
      // a CloudFormation-looking object
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'cf' },
        Resources: { A: { Type: 'AWS::S3::Bucket' } },
      },
    ];
    const policy = defaultPolicy();
    const cached = new DecisionCache();
    const reference = new DecisionCache();
    let n = 0;
    for (const obj of [...extra, ...objects.slice(0, 80).map((o) => o.obj)]) {
      const req = requestOf(obj, n++);
      for (let round = 0; round < 2; round++)
        expect(await review(req, policy, new NamespaceCache(), cached)).toEqual(
          await review(req, policy, new NamespaceCache(), reference, { fullScan: true }),
        );
    }
    expect(cached.hits).toBeGreaterThan(0);
  });
});

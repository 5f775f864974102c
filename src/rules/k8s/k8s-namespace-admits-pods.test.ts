import { describe, expect, it } from 'vitest';
import { v1 } from '../../engines/pss/index.js';
import type { Finding } from '../../result.js';
import { scan } from '../../scan.js';
import { evaluatedVersion, modePolicy } from './k8s-namespace-admits-pods.js';

describe('evaluatedVersion', () => {
  it.each<[string, Parameters<typeof evaluatedVersion>[0], string, string]>([
    ['latest on the newest server', 'latest', 'latest', 'latest'],
    ['latest on a 1.29 server is 1.29', 'latest', 'v1.29', 'v1.29'],
    ['a pin older than the server', v1(25), 'v1.29', 'v1.25'],
    ['a pin newer than the server is capped', v1(31), 'v1.29', 'v1.29'],
    ['a pin on the newest server', v1(31), 'latest', 'v1.31'],
  ])('%s', (_, version, server, want) => expect(evaluatedVersion(version, server)).toBe(want));
});

describe('modePolicy', () => {
  const labels = {
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/enforce-version': 'v1.28',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
  it('reads the enforce pair and the warn pair separately', () => {
    expect(modePolicy(labels, 'enforce')).toEqual({ level: 'baseline', version: v1(28), errors: [] });
    expect(modePolicy(labels, 'warn')).toEqual({ level: 'restricted', version: 'latest', errors: [] });
  });
  it('defaults a missing mode to privileged at latest', () => {
    expect(modePolicy({}, 'warn')).toEqual({ level: 'privileged', version: 'latest', errors: [] });
  });
  it('names the warn labels in warn errors (invalid level: restricted, invalid version: latest)', () => {
    const p = modePolicy(
      { 'pod-security.kubernetes.io/warn': 'strict', 'pod-security.kubernetes.io/warn-version': '1.30' },
      'warn',
    );
    expect(p.level).toBe('restricted');
    expect(p.version).toBe('latest');
    expect(p.errors).toEqual([
      'pod-security.kubernetes.io/warn: must be one of privileged, baseline, restricted',
      'pod-security.kubernetes.io/warn-version: must be "latest" or "v1.x"',
    ]);
  });
});

async function findings(yaml: string, version?: string, lang: 'en' | 'ja' = 'en'): Promise<Finding[]> {
  const result = await scan({
    inputs: [{ path: 'all.yaml', content: yaml }],
    rules: ['K8S-001'],
    lang,
    now: new Date('2026-11-28T00:00:00Z'),
    pss: version ? { version } : undefined,
  });
  return result.findings.filter((f) => f.ruleId === 'K8S-001');
}

const namespace = (labels: Record<string, string>) =>
  `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: ${JSON.stringify(labels)}
---
`;

/** A Pod whose only baseline violation is a probe host, a check new in policy version 1.34. */
const probePod = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: shop }
spec:
  containers:
    - name: web
      image: nginx:1.27
      livenessProbe:
        httpGet: { host: 10.0.0.1, port: 80, path: / }
`;

const privilegedDeployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext: { privileged: true }
`;

describe('K8S-001 findings', () => {
  it('evaluates `latest` as the modelled server version (--k8s-version)', async () => {
    const yaml = namespace({ 'pod-security.kubernetes.io/enforce': 'baseline' }) + probePod;
    expect(await findings(yaml, 'v1.33')).toEqual([]);
    const [f] = await findings(yaml);
    expect(f?.message).toBe(
      'Pod "web" would be rejected in namespace "shop": violates PodSecurity "baseline:latest": probe or lifecycle host (container "web" uses probe or lifecycle host "10.0.0.1")',
    );
  });

  it('honours a pinned version older than the check', async () => {
    const yaml =
      namespace({
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.33',
      }) + probePod;
    expect(await findings(yaml)).toEqual([]);
  });

  it('does not warn a controller twice when warn is its enforce policy', async () => {
    const yaml =
      namespace({
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/warn': 'baseline',
      }) + privilegedDeployment;
    expect((await findings(yaml)).map((f) => f.message.split(':')[0])).toEqual([
      'Deployment "web" is accepted but every pod it creates would be rejected in namespace "shop"',
    ]);
  });

  it('warns a controller whose namespace only warns', async () => {
    const yaml = namespace({ 'pod-security.kubernetes.io/warn': 'baseline' }) + privilegedDeployment;
    const [f, ...rest] = await findings(yaml);
    expect(rest).toEqual([]);
    expect(f?.message).toBe(
      'Deployment "web" draws a warning in namespace "shop": would violate PodSecurity "baseline:latest": privileged (container "web" must not set securityContext.privileged=true)',
    );
    expect(f?.location.startLine).toBe(18);
  });

  it('enforces restricted on an invalid level label and says why in related', async () => {
    const yaml = namespace({ 'pod-security.kubernetes.io/enforce': 'strict' }) + privilegedDeployment;
    const [f] = await findings(yaml);
    expect(f?.message).toContain('violates PodSecurity "restricted:latest"');
    expect(f?.related.map((r) => r.message).slice(0, 2)).toEqual([
      'namespace "shop" enforces restricted:latest',
      'pod-security.kubernetes.io/enforce: must be one of privileged, baseline, restricted; Pod Security Admission falls back to restricted',
    ]);
  });

  it('speaks Japanese and keeps the upstream message tail', async () => {
    const yaml = namespace({ 'pod-security.kubernetes.io/enforce': 'baseline' }) + privilegedDeployment;
    const [f] = await findings(yaml, undefined, 'ja');
    expect(f?.message).toBe(
      'Deployment "web" 自体は受け付けられますが、作成される Pod はすべて名前空間 "shop" で拒否されます: violates PodSecurity "baseline:latest": privileged (container "web" must not set securityContext.privileged=true)',
    );
  });
});

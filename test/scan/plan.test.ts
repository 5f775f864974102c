/**
 * A scan plan (planScan): the rule selection worked out once and reused by every scan that passes
 * it (the webhook, once per review). A scan with a plan reports what the same scan without one
 * reports; the webhook checks objects' fields against the schema only when its policy runs HAKO-003.
 */
import { describe, expect, it } from 'vitest';
import type { HakoConfig } from '../../src/config.js';
import { planScan, scan } from '../../src/scan.js';
import { modelOf, WEBHOOK_RULES } from '../../src/webhook/review.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p, namespace: team}
spec:
  hostNetwork: true
  containers:
    - name: c
      image: nginx
      securityContext: {privileged: true, readOnlyRootFileSystem: true}
`;
const inputs = [{ path: 'pod.yaml', content: POD }];

describe('scan plan', () => {
  it('reports what the scan without a plan reports, also when reused and with severity overrides', async () => {
    const config: HakoConfig = { rules: { 'K8S-003': { severity: 'low' }, 'K8S-007': { enabled: false } } };
    const opts = { rules: WEBHOOK_RULES, skipRules: ['K8S-105'], config };
    const plan = planScan(opts);
    expect(plan.ids.has('K8S-007')).toBe(false);
    expect(plan.ids.has('K8S-105')).toBe(false);
    expect(plan.ids.has('HAKO-001')).toBe(true);
    expect(plan.k8sFields).toBe(true);
    const now = new Date('2026-12-01T00:00:00Z');
    const without = await scan({ inputs, now, ...opts });
    expect(without.findings.length).toBeGreaterThan(3);
    expect(without.findings.find((f) => f.ruleId === 'K8S-003')?.severity).toBe('low');
    for (let i = 0; i < 2; i++) {
      // the plan's selection wins over the options it was not built from
      const withPlan = await scan({ inputs, now, config, plan, rules: ['K8S-001'] });
      expect(withPlan).toEqual(without);
    }
  });

  it('checks fields only when HAKO-003 runs', () => {
    expect(planScan({ config: { rules: { 'HAKO-003': { enabled: false } } } }).k8sFields).toBe(false);
    expect(planScan({ skipRules: ['hako-003'] }).k8sFields).toBe(false);
    expect(planScan({ rules: ['K8S-001'] }).k8sFields).toBe(false);
    expect(planScan({}).k8sFields).toBe(true);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x', securityContext: { readOnlyRootFileSystem: true } }] },
    };
    const problems = (fields?: boolean) =>
      modelOf(pod, undefined, fields)?.k8s.objects[0]?.fieldProblems.map((p) => p.name);
    expect(problems()).toEqual(['readOnlyRootFileSystem']);
    expect(problems(false)).toEqual([]);
  });
});

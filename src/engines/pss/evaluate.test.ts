/**
 * PodEvaluation: one pod evaluated at several levels and versions gives exactly what evaluatePod
 * gives for each, and runs each check revision once whatever the order levels are asked in.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePod, PodEvaluation } from './evaluate.js';
import { addVolume, app, minimalRestrictedPod, podSc, sc } from './fixtures.js';
import { containersOf, withContainers } from './helpers.js';
import type { PodInput } from './types.js';
import { v1 } from './version.js';

/** Trips checks at both levels: baseline ones restricted keeps, and ones restricted replaces. */
function badPod(): PodInput {
  const pod = minimalRestrictedPod();
  pod.spec.hostPID = true;
  sc(app(pod)).privileged = true;
  sc(app(pod)).capabilities = { add: ['SYS_ADMIN'] };
  podSc(pod).runAsNonRoot = false;
  addVolume(pod, { name: 'logs', hostPath: { path: '/var/log' } });
  addVolume(pod, { name: 'none' });
  return pod;
}

describe('PodEvaluation', () => {
  it('gives what evaluatePod gives, at every level and version, in any order', () => {
    for (const pod of [badPod(), minimalRestrictedPod()]) {
      const evaluation = new PodEvaluation(pod);
      for (const minor of [0, 8, 22, 25, 30, 37, 40]) {
        for (const level of ['restricted', 'baseline', 'privileged', 'restricted'] as const)
          expect(evaluation.evaluate(level, v1(minor))).toEqual(evaluatePod(level, v1(minor), pod));
      }
      expect(evaluation.evaluate('restricted', 'latest')).toEqual(evaluatePod('restricted', 'latest', pod));
    }
  });

  it('runs a check that both levels run once: baseline after restricted reuses its results', () => {
    const evaluation = new PodEvaluation(badPod());
    const restricted = evaluation.evaluate('restricted', 'latest').violations;
    const baseline = evaluation.evaluate('baseline', 'latest').violations;
    const privileged = (vs: typeof baseline) => vs.find((v) => v.check === 'privileged');
    // the same Forbidden result (its paths array) behind both levels' violation
    expect(privileged(baseline)?.paths).toBe(privileged(restricted)?.paths);
    // a replaced baseline check runs at baseline only
    expect(restricted.some((v) => v.check === 'capabilities_baseline')).toBe(false);
    expect(baseline.some((v) => v.check === 'capabilities_baseline')).toBe(true);
  });

  it('reads the defaulted spec once and does not change the input', () => {
    const pod = badPod();
    const before = JSON.stringify(pod);
    const evaluation = new PodEvaluation(pod);
    expect(evaluation.spec.volumes?.[1]).toEqual({ name: 'none', emptyDir: {} });
    evaluation.evaluate('restricted', 'latest');
    expect(JSON.stringify(pod)).toBe(before);
  });
});

describe('containersOf during an evaluation', () => {
  it('visits the containers once for all checks of one evaluation, afresh outside it', () => {
    const pod = badPod();
    const seen = new Set<unknown>();
    withContainers(pod.spec, () => {
      seen.add(containersOf(pod.spec));
      seen.add(containersOf(pod.spec));
    });
    expect(seen.size).toBe(1);
    expect(containersOf(pod.spec)).not.toBe([...seen][0]);
    expect(containersOf(pod.spec)).toEqual([...seen][0]);
  });
});

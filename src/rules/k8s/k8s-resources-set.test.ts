import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';

/** One container with `resources`, optionally in a namespace with one LimitRange item. */
function manifest(resources: object | undefined, limitRange?: object): string {
  const range = limitRange
    ? `${JSON.stringify({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr', namespace: 'shop' }, spec: { limits: [limitRange] } })}\n---\n`
    : '';
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { containers: [{ name: 'c', image: 'busybox:1.36', ...(resources ? { resources } : {}) }] },
  };
  return `${range}${JSON.stringify(pod)}\n`;
}

async function missing(resources: object | undefined, limitRange?: object): Promise<string> {
  const [f] = await runRule('K8S-004', { 'all.yaml': manifest(resources, limitRange) });
  return f?.message.replace(/^.*sets no /, '') ?? '';
}

describe('K8S-004 after defaulting', () => {
  it.each<[string, object | undefined, object | undefined, string]>([
    [
      'nothing set',
      undefined,
      undefined,
      'resources.requests.cpu, resources.requests.memory, resources.limits.memory',
    ],
    [
      'empty resources',
      {},
      undefined,
      'resources.requests.cpu, resources.requests.memory, resources.limits.memory',
    ],
    ['requests only', { requests: { cpu: '1', memory: '1Gi' } }, undefined, 'resources.limits.memory'],
    ['limits only: requests default to them', { limits: { cpu: '1', memory: '1Gi' } }, undefined, ''],
    [
      'memory limit only: CPU request still missing',
      { limits: { memory: '1Gi' } },
      undefined,
      'resources.requests.cpu',
    ],
    [
      'all three set, no CPU limit needed',
      { requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1Gi' } },
      undefined,
      '',
    ],
    [
      'LimitRange default and defaultRequest',
      undefined,
      { type: 'Container', default: { memory: '1Gi' }, defaultRequest: { cpu: '100m' } },
      '',
    ],
    [
      'LimitRange max fills the limit and the request',
      undefined,
      { type: 'Container', max: { cpu: '2', memory: '2Gi' } },
      '',
    ],
    [
      'LimitRange min fills requests only',
      undefined,
      { type: 'Container', min: { cpu: '10m', memory: '16Mi' } },
      'resources.limits.memory',
    ],
    [
      'LimitRange for pods does not default containers',
      undefined,
      { type: 'Pod', max: { cpu: '2', memory: '2Gi' } },
      'resources.requests.cpu, resources.requests.memory, resources.limits.memory',
    ],
    [
      'LimitRange fills what the container lacks',
      { requests: { cpu: '1' } },
      { type: 'Container', default: { memory: '1Gi' } },
      '',
    ],
  ])('%s', async (_, resources, limitRange, want) => expect(await missing(resources, limitRange)).toBe(want));

  it('skips ephemeral containers', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'c', image: 'busybox:1.36', resources: { limits: { cpu: '1', memory: '1Gi' } } },
        ],
        ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
      },
    };
    expect(await runRule('K8S-004', { 'pod.json': JSON.stringify(pod) })).toEqual([]);
  });
});

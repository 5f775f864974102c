/**
 * K8S-004 covers several peer checks field by field (CPU request, memory request, memory limit):
 * the finding JSON names the missing fields in `data.field`, so a user can filter as with the peers.
 */
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../report/json.js';
import { scan } from '../../scan.js';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: capped
      image: busybox:1.36
      resources:
        requests: { cpu: 100m }
    - name: bare
      image: busybox:1.36
`;

describe('K8S-004 data.field', () => {
  it('is in the finding JSON, one entry per container naming each missing field', async () => {
    const result = await scan({
      inputs: [{ path: 'pod.yaml', content: POD }],
      rules: ['K8S-004'],
      now: new Date('2026-11-28T00:00:00Z'),
    });
    const json = JSON.parse(renderJson(result)) as { findings: { data?: Record<string, string> }[] };
    expect(json.findings.map((f) => f.data?.field)).toEqual([
      'resources.requests.memory, resources.limits.memory',
      'resources.requests.cpu, resources.requests.memory, resources.limits.memory',
    ]);
    // Names as the message prints them (quoted once by showName), as in the ECS/ECR/EKS rules' data.
    expect(json.findings[0]?.data).toMatchObject({ kind: 'Pod', name: '"p"', container: '"capped"' });
  });
});

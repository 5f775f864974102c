import { describe, expect, it } from 'vitest';
import { type ScanProgress, type State, scan } from '../../src/index.js';

describe('scan({ onState })', () => {
  it('hands over the adapted model once, before the rules run, and selects rules by ID or alias', async () => {
    const order: string[] = [];
    let seen: State | undefined;
    const out = await scan({
      paths: [],
      inputs: [
        {
          path: 'pod.yaml',
          content:
            'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\n',
        },
      ],
      rules: ['k8s-109'],
      onState: (s) => {
        order.push('state');
        seen = s;
      },
      onProgress: (e: ScanProgress) => {
        if (e.phase === 'rules') order.push('rules');
      },
    });
    expect(order[0]).toBe('state');
    expect(order.filter((o) => o === 'state')).toHaveLength(1);
    expect(seen?.k8s.workloads.map((w) => w.ref.address)).toEqual(['Pod/default/p']);
    expect(new Set(out.findings.map((f) => f.ruleId))).toEqual(new Set(['K8S-109']));
  });
});

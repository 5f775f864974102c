/**
 * The Kubernetes field check (what HAKO-003 reads, `K8sObject.fieldProblems`) runs only when it
 * is wanted: by default (the webhook, `hako fix`, the library) and in a scan that runs HAKO-003;
 * a scan that does not run HAKO-003 does not pay for it.
 */
import { describe, expect, it } from 'vitest';
import { emptyState, type State } from '../../model/state.js';
import { parseYaml } from '../../parse/yaml.js';
import { scan } from '../../scan.js';
import { adaptK8sInto, adaptText } from '../index.js';

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: {readOnlyRootFileSystem: true, privileged: true}\n';

async function problemsSeen(rules: string[] | undefined, skipRules?: string[]): Promise<number> {
  let seen: State | undefined;
  await scan({
    inputs: [{ path: 'pod.yaml', content: POD }],
    ...(rules ? { rules } : {}),
    ...(skipRules ? { skipRules } : {}),
    onState: (s) => {
      seen = s;
    },
  });
  return seen?.k8s.objects[0]?.fieldProblems.length ?? -1;
}

describe('field check wanted', () => {
  it('runs by default when adapting', () => {
    const state = emptyState();
    adaptText('pod.yaml', 'yaml', POD, state);
    expect(state.k8s.objects[0]?.fieldProblems.map((p) => p.name)).toEqual(['readOnlyRootFileSystem']);
  });

  it('is skipped when the adapter is told so, for adaptK8sInto as for adaptText', () => {
    const state = emptyState();
    adaptText('pod.yaml', 'yaml', POD, state, { fields: false });
    const doc = parseYaml('pod.yaml', POD).docs[0]!;
    adaptK8sInto(doc.node, 0, 'pod.yaml', [], state, { fields: false });
    expect(state.k8s.objects.map((o) => o.fieldProblems)).toEqual([[], []]);
    // the rest of the object is read as before
    expect(state.k8s.workloads.map((w) => w.containers[0]?.securityContext.privileged.value)).toEqual([
      true,
      true,
    ]);
  });

  it('runs in a scan that runs HAKO-003 (all rules, or selected by ID)', async () => {
    expect(await problemsSeen(undefined)).toBe(1);
    expect(await problemsSeen(['HAKO-003', 'K8S-109'])).toBe(1);
    expect(await problemsSeen(['hako-003'])).toBe(1);
  });

  it('is skipped in a scan that does not run HAKO-003', async () => {
    expect(await problemsSeen(['K8S-109'])).toBe(0);
    expect(await problemsSeen(undefined, ['HAKO-003'])).toBe(0);
  });
});

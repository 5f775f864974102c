/** A workload's pod as the PSS engine reads it: template metadata and the pod spec as plain JSON. */
import type { PodInput } from '../../engines/pss/index.js';
import type { Workload } from '../../model/k8s/workload.js';

const plainMap = (m: Map<string, { value: string }>): Record<string, string> =>
  Object.fromEntries([...m].map(([k, v]) => [k, v.value]));

/** Built once per workload by the adapter from the pod spec as plain JSON: read it as `Workload.podInput()`. */
export function podInput(w: Workload, spec: PodInput['spec']): PodInput {
  return {
    metadata: {
      name: w.object.name,
      namespace: w.namespace.value,
      labels: plainMap(w.podMeta.labels),
      annotations: plainMap(w.podMeta.annotations),
    },
    spec,
  };
}

/**
 * hostPathVolumes (baseline, v1.0+) — upstream policy/check_hostPathVolumes.go.
 *
 * HostPath volumes must be forbidden. Field: spec.volumes[*].hostPath. Allowed: unset/null.
 * Replaced at restricted by restrictedVolumes (every version).
 * Reason `hostPath volumes`; detail `volume "a"` / `volumes "a", "b"` (pod order).
 */
import { isObject, joinQuote, list, pluralize, str } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function hostPathVolumes_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const paths: string[] = [];
  list(spec.volumes).forEach((volume, i) => {
    if (isObject(volume) && isObject(volume.hostPath)) {
      names.push(str(volume.name));
      paths.push(`/spec/volumes/${i}/hostPath`);
    }
  });
  if (names.length === 0) return null;
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    paths,
  };
}

export const hostPathVolumes: CheckDef = {
  id: 'hostPathVolumes',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: hostPathVolumes_1_0 }],
};

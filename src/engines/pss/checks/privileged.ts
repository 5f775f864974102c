/**
 * privileged (baseline, v1.0+) — upstream policy/check_privileged.go.
 *
 * Privileged containers disable most security mechanisms and must be disallowed.
 * Fields: securityContext.privileged of every init, regular and ephemeral container.
 * Allowed: false or unset. Reason `privileged`; detail
 * `container "a" must not set securityContext.privileged=true` (containers in pod order).
 */
import { containersOf, containersPhrase, nameOf, obj } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function privileged_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    if (obj(container.securityContext)?.privileged === true) {
      names.push(nameOf(container));
      paths.push(`${path}/securityContext/privileged`);
    }
  }
  if (names.length === 0) return null;
  return {
    reason: 'privileged',
    detail: `${containersPhrase(names)} must not set securityContext.privileged=true`,
    paths,
  };
}

export const privileged: CheckDef = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: privileged_1_0 }],
};

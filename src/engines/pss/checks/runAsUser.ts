/**
 * runAsUser (restricted, v1.23+, v1.35+) — upstream policy/check_runAsUser.go.
 *
 * Containers must not explicitly run as root. Fields: runAsUser at spec.securityContext and on every
 * container. Allowed: any non-zero value, or unset (no specific non-zero UID is required).
 * Added in policy v1.23, so older versions have no such check.
 * v1.35+: skipped entirely for a user-namespace pod (`spec.hostUsers: false`).
 * Reason `runAsUser=0`; detail `pod and container "a" must not set runAsUser=0`.
 */
import { exemptWhen, findBadSetters, inUserNamespace } from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function runAsUser_1_23(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const { setters, paths } = findBadSetters(spec, 'runAsUser', (sc) =>
    sc.runAsUser === 0 ? '0' : undefined,
  );
  if (setters.length === 0) return null;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, paths };
}

export const runAsUser: CheckDef = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(23), check: runAsUser_1_23 },
    { minimumVersion: v1(35), check: exemptWhen(inUserNamespace, runAsUser_1_23) },
  ],
};

/**
 * runAsUser (restricted, v1.23+, v1.35+) — upstream policy/check_runAsUser.go.
 *
 * Containers must not explicitly run as root. Fields: runAsUser at spec.securityContext and on every
 * container. Allowed: any non-zero value, or unset (no specific non-zero UID is required).
 * Added in policy v1.23, so older versions have no such check.
 * v1.35+: skipped entirely for a user-namespace pod (`spec.hostUsers: false`).
 * Reason `runAsUser=0`; detail `pod and container "a" must not set runAsUser=0`.
 */
import { containersOf, containersPhrase, inUserNamespace, nameOf, obj } from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function runAsUser_1_23(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const setters: string[] = [];
  const paths: string[] = [];
  if (obj(spec.securityContext)?.runAsUser === 0) {
    setters.push('pod');
    paths.push('/spec/securityContext/runAsUser');
  }
  const names: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    if (obj(container.securityContext)?.runAsUser === 0) {
      names.push(nameOf(container));
      paths.push(`${path}/securityContext/runAsUser`);
    }
  }
  if (names.length > 0) setters.push(containersPhrase(names));
  if (setters.length === 0) return null;
  return { reason: 'runAsUser=0', detail: `${setters.join(' and ')} must not set runAsUser=0`, paths };
}

function runAsUser_1_35(meta: PodMeta, spec: PodSpec): Forbidden | null {
  return inUserNamespace(spec) ? null : runAsUser_1_23(meta, spec);
}

export const runAsUser: CheckDef = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(23), check: runAsUser_1_23 },
    { minimumVersion: v1(35), check: runAsUser_1_35 },
  ],
};

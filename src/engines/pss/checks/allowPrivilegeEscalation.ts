/**
 * allowPrivilegeEscalation (restricted, v1.8+, v1.25+) — upstream
 * policy/check_allowPrivilegeEscalation.go.
 *
 * Privilege escalation (e.g. through set-user-ID or set-group-ID file modes) must not be allowed.
 * Field: securityContext.allowPrivilegeEscalation of every container. Allowed: explicitly false
 * (unset fails). The field exists from Kubernetes 1.8, hence no check before v1.8.
 * v1.25+: a pod with spec.os.name `windows` is exempt (the API rejects the field on Windows pods).
 * Reason `allowPrivilegeEscalation != false`; detail
 * `container "a" must set securityContext.allowPrivilegeEscalation=false`.
 */
import { containersOf, containersPhrase, exemptWhen, isWindowsPod, nameOf, obj } from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function allowPrivilegeEscalation_1_8(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    if (obj(container.securityContext)?.allowPrivilegeEscalation !== false) {
      names.push(nameOf(container));
      paths.push(`${path}/securityContext/allowPrivilegeEscalation`);
    }
  }
  if (names.length === 0) return null;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containersPhrase(names)} must set securityContext.allowPrivilegeEscalation=false`,
    paths,
  };
}

export const allowPrivilegeEscalation: CheckDef = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(8), check: allowPrivilegeEscalation_1_8 },
    { minimumVersion: v1(25), check: exemptWhen(isWindowsPod, allowPrivilegeEscalation_1_8) },
  ],
};

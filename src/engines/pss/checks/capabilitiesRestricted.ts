/**
 * capabilities_restricted (restricted, v1.22+, v1.25+) — upstream
 * policy/check_capabilities_restricted.go.
 *
 * Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.
 * Fields: securityContext.capabilities.drop (must contain exactly `ALL`, case-sensitive) and
 * securityContext.capabilities.add (unset, empty, or only `NET_BIND_SERVICE`) of every container.
 * Overrides capabilities_baseline from v1.22 (before v1.22 restricted runs the baseline check).
 * v1.25+: a pod with spec.os.name `windows` is exempt. Not relaxed for user-namespace pods.
 * Reason `unrestricted capabilities`; detail, the applicable parts joined by `; `:
 * `container "a" must set securityContext.capabilities.drop=["ALL"]` and
 * `container "b" must not include "SYS_ADMIN" in securityContext.capabilities.add`.
 */
import {
  containersOf,
  containersPhrase,
  exemptWhen,
  isWindowsPod,
  joinQuote,
  list,
  nameOf,
  obj,
  sortedSet,
  str,
} from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function capabilitiesRestricted_1_22(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbidden: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    const caps = obj(obj(container.securityContext)?.capabilities);
    if (!caps) {
      missingDropAll.push(nameOf(container));
      paths.push(`${path}/securityContext/capabilities/drop`);
      continue;
    }
    if (!list(caps.drop).some((cap) => cap === 'ALL')) {
      missingDropAll.push(nameOf(container));
      paths.push(`${path}/securityContext/capabilities/drop`);
    }
    let added = false;
    list(caps.add).forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        added = true;
        forbidden.push(str(cap));
        paths.push(`${path}/securityContext/capabilities/add/${i}`);
      }
    });
    if (added) addingForbidden.push(nameOf(container));
  }
  const parts: string[] = [];
  if (missingDropAll.length > 0) {
    parts.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    parts.push(
      `${containersPhrase(addingForbidden)} must not include ${joinQuote(sortedSet(forbidden))} in securityContext.capabilities.add`,
    );
  }
  if (parts.length === 0) return null;
  return { reason: 'unrestricted capabilities', detail: parts.join('; '), paths };
}

export const capabilitiesRestricted: CheckDef = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(22), check: capabilitiesRestricted_1_22, overrides: ['capabilities_baseline'] },
    {
      minimumVersion: v1(25),
      check: exemptWhen(isWindowsPod, capabilitiesRestricted_1_22),
      overrides: ['capabilities_baseline'],
    },
  ],
};

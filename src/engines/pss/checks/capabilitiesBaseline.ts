/**
 * capabilities_baseline (baseline, v1.0+) — upstream policy/check_capabilities_baseline.go.
 *
 * Adding NET_RAW or capabilities beyond the container runtime's default set must be disallowed.
 * Fields: securityContext.capabilities.add of every container. Allowed: unset, empty, or only
 * AUDIT_WRITE CHOWN DAC_OVERRIDE FOWNER FSETID KILL MKNOD NET_BIND_SERVICE SETFCAP SETGID SETPCAP
 * SETUID SYS_CHROOT (exact, case-sensitive; no `CAP_` prefix). Replaced at restricted by
 * capabilities_restricted from v1.22.
 * Reason `non-default capabilities`; detail
 * `container "a" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add`
 * (capabilities sorted and de-duplicated across containers).
 */
import { containersOf, containersPhrase, joinQuote, list, nameOf, obj, sortedSet, str } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

export const BASELINE_ALLOWED_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

function capabilitiesBaseline_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const bad: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    const caps = obj(obj(container.securityContext)?.capabilities);
    let valid = true;
    list(caps?.add).forEach((cap, i) => {
      if (!BASELINE_ALLOWED_CAPABILITIES.has(str(cap))) {
        valid = false;
        bad.push(str(cap));
        paths.push(`${path}/securityContext/capabilities/add/${i}`);
      }
    });
    if (!valid) names.push(nameOf(container));
  }
  if (names.length === 0) return null;
  return {
    reason: 'non-default capabilities',
    detail: `${containersPhrase(names)} must not include ${joinQuote(sortedSet(bad))} in securityContext.capabilities.add`,
    paths,
  };
}

export const capabilitiesBaseline: CheckDef = {
  id: 'capabilities_baseline',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: capabilitiesBaseline_1_0 }],
};

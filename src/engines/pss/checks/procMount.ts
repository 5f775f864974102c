/**
 * procMount (baseline, v1.0+, v1.35+) — upstream policy/check_procMount_baseline.go
 * (check_procMount.go before the 1.35 release).
 *
 * The default /proc masks reduce attack surface and are required.
 * Field: securityContext.procMount of every container. Allowed: unset or `Default`.
 * v1.35+: any value when the pod runs in a user namespace (`spec.hostUsers: false`). (Before the
 * 1.35 release that relaxation sat behind the alpha UserNamespacesPodSecurityStandards gate, which
 * 1.35 removed, so older policy versions never relax.) Replaced at restricted from v1.35 by
 * procMount_restricted, which never relaxes.
 * Reason `procMount`; detail `container "a" must not set securityContext.procMount to "Unmasked"`
 * (values sorted, de-duplicated).
 */
import {
  containersOf,
  containersPhrase,
  exemptWhen,
  inUserNamespace,
  joinQuote,
  nameOf,
  obj,
  sortedSet,
  str,
} from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

/** The unconditional rule (upstream `procMount_1_0`), shared with procMount_restricted. */
export function procMountDefaultOnly(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const values: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    const sc = obj(container.securityContext);
    if (sc?.procMount === undefined || sc.procMount === null) continue;
    if (sc.procMount !== 'Default') {
      names.push(nameOf(container));
      values.push(str(sc.procMount));
      paths.push(`${path}/securityContext/procMount`);
    }
  }
  if (names.length === 0) return null;
  return {
    reason: 'procMount',
    detail: `${containersPhrase(names)} must not set securityContext.procMount to ${joinQuote(sortedSet(values))}`,
    paths,
  };
}

export const procMount: CheckDef = {
  id: 'procMount',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), check: procMountDefaultOnly },
    { minimumVersion: v1(35), check: exemptWhen(inUserNamespace, procMountDefaultOnly) },
  ],
};

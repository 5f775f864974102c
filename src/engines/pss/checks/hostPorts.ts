/**
 * hostPorts (baseline, v1.0+) — upstream policy/check_hostPorts.go.
 *
 * HostPorts must be forbidden. Field: ports[*].hostPort of every container. Allowed: unset or 0.
 * Reason `hostPort`; detail `container "a" uses hostPort 8080` /
 * `containers "a", "b" use hostPorts 443, 8080` (ports as strings, sorted byte-wise, de-duplicated).
 * Note: the API server defaults hostPort to containerPort for hostNetwork pods; that defaulting is
 * not modelled here (such a pod already fails hostNamespaces).
 */
import { containersOf, containersPhrase, isObject, list, nameOf, pluralize, sortedSet } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function hostPorts_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const ports: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    let valid = true;
    list(container.ports).forEach((port, i) => {
      const hostPort = isObject(port) ? port.hostPort : undefined;
      if (typeof hostPort === 'number' && hostPort !== 0) {
        valid = false;
        ports.push(String(Math.trunc(hostPort)));
        paths.push(`${path}/ports/${i}/hostPort`);
      }
    });
    if (!valid) names.push(nameOf(container));
  }
  if (names.length === 0) return null;
  const unique = sortedSet(ports);
  return {
    reason: 'hostPort',
    detail: `${containersPhrase(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('hostPort', 'hostPorts', unique.length)} ${unique.join(', ')}`,
    paths,
  };
}

export const hostPorts: CheckDef = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: hostPorts_1_0 }],
};

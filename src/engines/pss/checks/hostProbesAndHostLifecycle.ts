/**
 * hostProbesAndHostLifecycle (baseline, v1.34+) — upstream
 * policy/check_hostProbesAndhostLifecycle.go (new in the 1.34 release).
 *
 * A probe or lifecycle handler must not target another host. Fields, on every container:
 * {livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host and
 * lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host. Allowed: "" or unset.
 * Reason `probe or lifecycle host`; detail
 * `container "a" uses probe or lifecycle host "example.com"` /
 * `containers "a", "b" use probe or lifecycle hosts "x", "y"`. Unlike most checks, both the
 * container names and the hosts are sorted, de-duplicated sets.
 */
import { containersOf, isObject, joinQuote, nameOf, obj, pluralize, sortedSet, str } from '../helpers.js';
import type { CheckDef, Container, Forbidden, Handler, PodSpec } from '../types.js';
import { v1 } from '../version.js';

interface Located {
  handler: Handler | undefined;
  path: string;
}

function handlersOf(container: Container, path: string): Located[] {
  const lifecycle = obj(container.lifecycle);
  return [
    { handler: obj(container.livenessProbe), path: `${path}/livenessProbe` },
    { handler: obj(container.readinessProbe), path: `${path}/readinessProbe` },
    { handler: obj(container.startupProbe), path: `${path}/startupProbe` },
    { handler: obj(lifecycle?.postStart), path: `${path}/lifecycle/postStart` },
    { handler: obj(lifecycle?.preStop), path: `${path}/lifecycle/preStop` },
  ];
}

function hostProbesAndHostLifecycle_1_34(_meta: unknown, spec: PodSpec): Forbidden | null {
  const names: string[] = [];
  const hosts: string[] = [];
  const paths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    for (const { handler, path: handlerPath } of handlersOf(container, path)) {
      for (const action of ['httpGet', 'tcpSocket'] as const) {
        const target = handler?.[action];
        const host = isObject(target) ? str(target.host) : '';
        if (host !== '') {
          names.push(nameOf(container));
          hosts.push(host);
          paths.push(`${handlerPath}/${action}/host`);
        }
      }
    }
  }
  if (names.length === 0) return null;
  const badContainers = sortedSet(names);
  const badHosts = sortedSet(hosts);
  return {
    reason: 'probe or lifecycle host',
    detail: `${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', badHosts.length)} ${joinQuote(badHosts)}`,
    paths,
  };
}

export const hostProbesAndHostLifecycle: CheckDef = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: v1(34), check: hostProbesAndHostLifecycle_1_34 }],
};

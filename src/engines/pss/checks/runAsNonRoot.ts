/**
 * runAsNonRoot (restricted, v1.0+, v1.35+) — upstream policy/check_runAsNonRoot.go.
 *
 * Containers must run as non-root users. Fields: runAsNonRoot at spec.securityContext and on every
 * container. Allowed: true at pod level (a container that leaves it unset inherits it), or true on
 * every container; an explicit false anywhere is forbidden.
 * v1.35+: skipped entirely for a user-namespace pod (`spec.hostUsers: false`, KEP-127). Older
 * policy versions never relax (the earlier alpha gate was removed in 1.35).
 * Reason `runAsNonRoot != true`; detail, when something sets false:
 * `pod and containers "a", "b" must not set securityContext.runAsNonRoot=false`; otherwise
 * `pod or container "a" must set securityContext.runAsNonRoot=true` (the containers left unset).
 */
import { containersOf, containersPhrase, exemptWhen, inUserNamespace, nameOf, obj } from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function runAsNonRoot_1_0(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const setters: string[] = [];
  const explicitPaths: string[] = [];
  const podValue = obj(spec.securityContext)?.runAsNonRoot;
  if (podValue === false) {
    setters.push('pod');
    explicitPaths.push('/spec/securityContext/runAsNonRoot');
  }
  const podNonRoot = podValue === true;

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitPaths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    const value = obj(container.securityContext)?.runAsNonRoot;
    const field = `${path}/securityContext/runAsNonRoot`;
    if (typeof value === 'boolean') {
      if (!value) {
        explicitlyBad.push(nameOf(container));
        explicitPaths.push(field);
      }
    } else if (!podNonRoot) {
      implicitlyBad.push(nameOf(container));
      implicitPaths.push(field);
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`,
      paths: explicitPaths,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: 'runAsNonRoot != true',
      detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      paths: implicitPaths,
    };
  }
  return null;
}

export const runAsNonRoot: CheckDef = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(0), check: runAsNonRoot_1_0 },
    { minimumVersion: v1(35), check: exemptWhen(inUserNamespace, runAsNonRoot_1_0) },
  ],
};

/**
 * seccompProfile_restricted (restricted, v1.19+, v1.25+) — upstream
 * policy/check_seccompProfile_restricted.go.
 *
 * A seccomp profile must be set, and only the runtime default or a localhost profile is allowed.
 * Fields: seccompProfile.type at spec.securityContext and on every container. Allowed:
 * `RuntimeDefault` or `Localhost` at pod level (containers left unset inherit it) or on every
 * container. Overrides seccompProfile_baseline from v1.19 (before v1.19 restricted has only the
 * baseline annotation check). v1.25+: a pod with spec.os.name `windows` is exempt.
 * Reason `seccompProfile`; detail, when something sets a bad type:
 * `pod and container "a" must not set securityContext.seccompProfile.type to "Unconfined"`; otherwise
 * `pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`.
 */
import {
  containersOf,
  containersPhrase,
  exemptWhen,
  isWindowsPod,
  joinQuote,
  nameOf,
  obj,
  sortedSet,
  str,
} from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';
import { validSeccompType } from './seccompProfileBaseline.js';

function seccompProfileRestricted_1_19(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const setters: string[] = [];
  const badValues: string[] = [];
  const explicitPaths: string[] = [];
  let podSet = false;
  const podProfile = obj(obj(spec.securityContext)?.seccompProfile);
  if (podProfile) {
    if (validSeccompType(podProfile)) podSet = true;
    else {
      setters.push('pod');
      badValues.push(str(podProfile.type));
      explicitPaths.push('/spec/securityContext/seccompProfile/type');
    }
  }

  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  const implicitPaths: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    const profile = obj(obj(container.securityContext)?.seccompProfile);
    if (profile) {
      if (!validSeccompType(profile)) {
        explicitlyBad.push(nameOf(container));
        badValues.push(str(profile.type));
        explicitPaths.push(`${path}/securityContext/seccompProfile/type`);
      }
    } else if (!podSet) {
      implicitlyBad.push(nameOf(container));
      implicitPaths.push(`${path}/securityContext/seccompProfile`);
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badValues))}`,
      paths: explicitPaths,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: 'seccompProfile',
      detail: `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
      paths: implicitPaths,
    };
  }
  return null;
}

export const seccompProfileRestricted: CheckDef = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: v1(19), check: seccompProfileRestricted_1_19, overrides: ['seccompProfile_baseline'] },
    {
      minimumVersion: v1(25),
      check: exemptWhen(isWindowsPod, seccompProfileRestricted_1_19),
      overrides: ['seccompProfile_baseline'],
    },
  ],
};

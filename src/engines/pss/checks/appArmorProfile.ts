/**
 * appArmorProfile (baseline, v1.0+) — upstream policy/check_appArmorProfile.go.
 *
 * The default AppArmor profile must not be disabled or overridden with an unconfined one.
 * Fields and allowed values:
 *  - metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']: '', `runtime/default`,
 *    `localhost/<profile>`.
 *  - spec.securityContext.appArmorProfile.type and each container's (init, regular, ephemeral):
 *    `RuntimeDefault`, `Localhost`, or appArmorProfile unset. `Unconfined` is forbidden.
 * The field half was added to the single 1.0 revision in the 1.30 release (not version-gated), so
 * it applies at every policy version.
 * Reason `forbidden AppArmor profile(s)` (plural by number of bad values); detail
 * `pod and container "a" and annotation must not set AppArmor profile type to "Unconfined", "<key>="<value>""`
 * — the bad types (sorted set) then the bad annotations as `key="value"` (sorted), all joinQuoted.
 */
import {
  escapeToken,
  findBadSetters,
  goQuote,
  joinQuote,
  obj,
  pluralize,
  sortedSet,
  str,
} from '../helpers.js';
import type { AppArmorProfile, CheckDef, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function allowedType(profile: AppArmorProfile): boolean {
  return profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
}

function appArmorProfile_1_0(meta: PodMeta, spec: PodSpec): Forbidden | null {
  const { setters, values, paths } = findBadSetters(spec, 'appArmorProfile/type', (sc) => {
    const profile = obj(sc.appArmorProfile);
    return profile && !allowedType(profile) ? str(profile.type) : undefined;
  });

  const badAnnotations: string[] = [];
  for (const [key, value] of Object.entries(obj(meta.annotations) ?? {})) {
    if (
      key.startsWith(APPARMOR_ANNOTATION_PREFIX) &&
      typeof value === 'string' &&
      !allowedAnnotationValue(value)
    ) {
      badAnnotations.push(`${key}=${goQuote(value)}`);
      paths.push(`/metadata/annotations/${escapeToken(key)}`);
    }
  }

  const badValues = sortedSet(values);
  if (badAnnotations.length > 0) {
    badValues.push(...sortedSet(badAnnotations));
    setters.push(pluralize('annotation', 'annotations', badAnnotations.length));
  }
  if (setters.length === 0) return null;
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValues.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
    paths,
  };
}

export const appArmorProfile: CheckDef = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: appArmorProfile_1_0 }],
};

/**
 * seccompProfile_baseline (baseline, v1.0+, v1.19+) — upstream
 * policy/check_seccompProfile_baseline.go.
 *
 * If a seccomp profile is specified, only the runtime default or a localhost profile is allowed.
 * v1.0–v1.18 (alpha annotations): metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']
 * and ['container.seccomp.security.alpha.kubernetes.io/<name>'] for each container of the pod;
 * allowed `runtime/default`, `docker/default`, `localhost/<profile>` (a present empty value is
 * forbidden). Reason `seccompProfile`; detail `forbidden annotation(s) key="value", ...` (sorted set).
 * v1.19+ (fields; annotations ignored): seccompProfile.type at spec.securityContext and on every
 * container; allowed `RuntimeDefault`, `Localhost`, or seccompProfile unset. Reason `seccompProfile`;
 * detail `pod and container "a" must not set securityContext.seccompProfile.type to "Unconfined"`.
 * Replaced at restricted by seccompProfile_restricted from v1.19.
 */
import {
  containersOf,
  escapeToken,
  findBadSetters,
  goQuote,
  joinQuote,
  nameOf,
  obj,
  pluralize,
  sortedSet,
  str,
} from '../helpers.js';
import type { CheckDef, Forbidden, PodMeta, PodSpec, SeccompProfile } from '../types.js';
import { v1 } from '../version.js';

export const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/** `RuntimeDefault` or `Localhost`, shared with seccompProfile_restricted. */
export function validSeccompType(profile: SeccompProfile): boolean {
  return profile.type === 'RuntimeDefault' || profile.type === 'Localhost';
}

function seccompProfileBaseline_1_0(meta: PodMeta, spec: PodSpec): Forbidden | null {
  const annotations = obj(meta.annotations) ?? {};
  const forbidden: string[] = [];
  const paths: string[] = [];
  const inspect = (key: string): void => {
    if (!Object.hasOwn(annotations, key)) return;
    const value = str(annotations[key]);
    if (validAnnotationValue(value)) return;
    forbidden.push(`${key}=${goQuote(value)}`);
    paths.push(`/metadata/annotations/${escapeToken(key)}`);
  };
  inspect(SECCOMP_POD_ANNOTATION);
  for (const { container } of containersOf(spec))
    inspect(SECCOMP_CONTAINER_ANNOTATION_PREFIX + nameOf(container));
  if (forbidden.length === 0) return null;
  const unique = sortedSet(forbidden);
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', unique.length)} ${unique.join(', ')}`,
    paths: [...new Set(paths)],
  };
}

function seccompProfileBaseline_1_19(_meta: PodMeta, spec: PodSpec): Forbidden | null {
  const { setters, values, paths } = findBadSetters(spec, 'seccompProfile/type', (sc) => {
    const profile = obj(sc.seccompProfile);
    return profile && !validSeccompType(profile) ? str(profile.type) : undefined;
  });
  if (setters.length === 0) return null;
  return {
    reason: 'seccompProfile',
    detail: `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(values))}`,
    paths,
  };
}

export const seccompProfileBaseline: CheckDef = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), check: seccompProfileBaseline_1_0 },
    { minimumVersion: v1(19), check: seccompProfileBaseline_1_19 },
  ],
};

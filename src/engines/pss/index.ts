/**
 * hako's Pod Security Standards engine (public API): decides for a pod exactly as Kubernetes Pod
 * Security Admission does, at level baseline or restricted and any policy version v1.0 up to the
 * newest upstream distinguishes (see /work/shared/domain/aws-container-facts.md, section C, and
 * upstream kubernetes/pod-security-admission policy/*). One file per check under checks/, each
 * headed by its mini-spec; the registry is validated when it loads.
 */

export { APPARMOR_ANNOTATION_PREFIX } from './checks/appArmorProfile.js';
export { BASELINE_ALLOWED_CAPABILITIES } from './checks/capabilitiesBaseline.js';
export { ALLOWED_VOLUME_SOURCES, RESTRICTED_VOLUME_SOURCES } from './checks/restrictedVolumes.js';
export {
  SECCOMP_CONTAINER_ANNOTATION_PREFIX,
  SECCOMP_POD_ANNOTATION,
} from './checks/seccompProfileBaseline.js';
export { SELINUX_TYPES_1_0, SELINUX_TYPES_1_31 } from './checks/seLinuxOptions.js';
export { SAFE_SYSCTLS } from './checks/sysctls.js';
export type { EvaluateOptions, NamespacePolicy } from './evaluate.js';
export {
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  evaluatePod,
  formatLevelVersion,
  formatViolations,
  namespacePolicy,
  PodEvaluation,
  parseVersion,
  withServerDefaults,
} from './evaluate.js';
export type { VersionOptions } from './registry.js';
export {
  CHECKS,
  checksFor,
  effectiveVersion,
  NEWEST_VERSION,
  revisionAt,
  validateChecks,
} from './registry.js';
export type {
  ActiveCheck,
  CheckDef,
  CheckFn,
  CheckLevel,
  CheckResult,
  CommonSecurityContext,
  Container,
  Forbidden,
  Level,
  PodInput,
  PodMeta,
  PodSecurityContext,
  PodSpec,
  PssVersion,
  SecurityContext,
  VersionedCheck,
  Violation,
  Volume,
} from './types.js';
export { compareVersions, formatVersion, parseVersionOrLatest, v1 } from './version.js';

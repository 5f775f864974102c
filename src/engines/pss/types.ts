/**
 * Types of the Pod Security Standards engine.
 *
 * The pod input is the plain JSON of a manifest (what YAML parsing gives), so every field is optional
 * and may hold a value of the wrong type; checks read it defensively (see helpers.ts). Only the fields
 * some check reads are declared. `kubernetes-types` is not a dependency of hako, so these are ours.
 */

export type Level = 'privileged' | 'baseline' | 'restricted';
/** The level a check belongs to; `privileged` has no checks. */
export type CheckLevel = 'baseline' | 'restricted';

/** A Pod Security policy version, `v1.<minor>` (there has only ever been major 1). */
export interface PssVersion {
  major: 1;
  minor: number;
}

export interface Violation {
  /** Upstream check ID, e.g. `runAsNonRoot`. */
  check: string;
  /** Upstream's short, stable forbidden reason, e.g. `runAsNonRoot != true`. */
  reason: string;
  /** Upstream's specific forbidden detail, e.g. `pod or container "app" must set securityContext.runAsNonRoot=true`. */
  detail: string;
  /**
   * JSON pointers (RFC 6901, rooted at the pod object `{metadata, spec}`) of each offending field. A
   * field that must be set but is missing is named too; a locator should fall back to its nearest
   * existing ancestor.
   */
  paths: string[];
}

export interface CheckResult {
  allowed: boolean;
  violations: Violation[];
}

/** What one check function returns when it forbids the pod. */
export interface Forbidden {
  reason: string;
  detail: string;
  paths: string[];
}

export interface SeccompProfile {
  type?: string;
  localhostProfile?: string;
}
export interface AppArmorProfile {
  type?: string;
  localhostProfile?: string;
}
export interface SELinuxOptions {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}
export interface WindowsOptions {
  hostProcess?: boolean;
}
export interface Capabilities {
  add?: string[];
  drop?: string[];
}

/** The fields pod-level and container-level securityContexts share (containers override the pod). */
export interface CommonSecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: SeccompProfile;
  appArmorProfile?: AppArmorProfile;
  seLinuxOptions?: SELinuxOptions;
  windowsOptions?: WindowsOptions;
}

export interface SecurityContext extends CommonSecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: Capabilities;
  procMount?: string;
}

export interface PodSecurityContext extends CommonSecurityContext {
  sysctls?: { name?: string; value?: string }[];
}

export interface HostAction {
  host?: string;
}
export interface Handler {
  httpGet?: HostAction;
  tcpSocket?: HostAction;
}
export interface ContainerPort {
  containerPort?: number;
  hostPort?: number;
}

export interface Container {
  name?: string;
  ports?: ContainerPort[];
  securityContext?: SecurityContext;
  livenessProbe?: Handler;
  readinessProbe?: Handler;
  startupProbe?: Handler;
  lifecycle?: { postStart?: Handler; preStop?: Handler };
}

/** A pod volume: `name` plus exactly one source key (configMap, hostPath, ...). */
export interface Volume {
  name?: string;
  [source: string]: unknown;
}

export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  os?: { name?: string };
  securityContext?: PodSecurityContext;
  initContainers?: Container[];
  containers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
}

export interface PodMeta {
  name?: string;
  namespace?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface PodInput {
  metadata?: PodMeta;
  spec: PodSpec;
}

/** One revision of a check: applies from `minimumVersion` until the next revision's. */
export type CheckFn = (meta: PodMeta, spec: PodSpec) => Forbidden | null;

export interface VersionedCheck {
  minimumVersion: PssVersion;
  check: CheckFn;
  /** Baseline check IDs this restricted revision replaces while it is in force (upstream `OverrideCheckIDs`). */
  overrides?: readonly string[];
}

export interface CheckDef {
  /** Upstream check ID. */
  id: string;
  level: CheckLevel;
  /** Revisions, strictly increasing by `minimumVersion`. */
  versions: readonly VersionedCheck[];
}

/** A check as it applies at one level and version (see `checksFor`). */
export interface ActiveCheck {
  id: string;
  level: CheckLevel;
  minimumVersion: PssVersion;
  check: CheckFn;
}

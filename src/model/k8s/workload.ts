/**
 * The workload view of a pod-bearing Kubernetes object (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob, PodTemplate): its pod template's metadata and
 * spec, and each container with its security settings as written and as in effect after the
 * pod-level securityContext is inherited.
 */
import type { PodInput } from '../../engines/pss/index.js';
import type { InlineSuppression, Resource, ResourceRef } from '../resource.js';
import type { Src, Val } from '../source.js';
import type { K8sObject } from './object.js';

export type WorkloadKind =
  | 'Pod'
  | 'PodTemplate'
  | 'ReplicationController'
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'Job'
  | 'CronJob';

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

/**
 * Which level an effective value comes from: the container's securityContext, the legacy AppArmor
 * annotation of the pod (`container.apparmor.security.beta.kubernetes.io/<container>`), the pod's
 * securityContext, or the default (then located at the container's securityContext, or at the
 * container when it has none).
 */
export type Level = 'container' | 'annotation' | 'pod' | 'default';

/** A value after pod-level inheritance. `origin` is `explicit` for container and pod levels. */
export interface Effective<T> extends Val<T> {
  level: Level;
}

/** A seccomp or AppArmor profile as written (`type`, and `localhostProfile` for `Localhost`). */
export interface Profile {
  type: Val<string>;
  localhostProfile?: Val<string>;
  src: Src;
}

export interface SELinuxOptions {
  user?: Val<string>;
  role?: Val<string>;
  type?: Val<string>;
  level?: Val<string>;
  src: Src;
}

/** A container's own `securityContext`, as written (defaults are the API's when unset). */
export interface ContainerSecurityContext {
  /** The securityContext map, or the container when it has none. */
  src: Src;
  present: boolean;
  /** Default false. */
  privileged: Val<boolean>;
  /** Default true (no `no_new_privs`), and always true when privileged or with CAP_SYS_ADMIN. */
  allowPrivilegeEscalation: Val<boolean>;
  /** Default false. */
  readOnlyRootFilesystem: Val<boolean>;
  runAsNonRoot?: Val<boolean>;
  runAsUser?: Val<number>;
  runAsGroup?: Val<number>;
  /** Default `Default`. */
  procMount: Val<string>;
  capabilities: { add: Val<string>[]; drop: Val<string>[]; src: Src };
  seccompProfile?: Profile;
  appArmorProfile?: Profile;
  seLinuxOptions?: SELinuxOptions;
  windowsHostProcess?: Val<boolean>;
}

/** The pod's `securityContext`, as written. */
export interface PodSecurityContext {
  /** The securityContext map, or the pod spec when it has none. */
  src: Src;
  present: boolean;
  runAsNonRoot?: Val<boolean>;
  runAsUser?: Val<number>;
  runAsGroup?: Val<number>;
  fsGroup?: Val<number>;
  supplementalGroups: Val<number>[];
  sysctls: { name: Val<string>; value: Val<string>; src: Src }[];
  seccompProfile?: Profile;
  appArmorProfile?: Profile;
  seLinuxOptions?: SELinuxOptions;
  windowsHostProcess?: Val<boolean>;
}

/** Security settings in effect for one container (kubelet's DetermineEffectiveSecurityContext). */
export interface EffectiveSecurity {
  /** Default false. */
  runAsNonRoot: Effective<boolean>;
  /** null: not set, the image's USER decides. */
  runAsUser: Effective<number | null>;
  /** null: not set, the image decides. */
  runAsGroup: Effective<number | null>;
  /** null: not set (the container runtime's default: Unconfined unless the kubelet enables seccompDefault). */
  seccompProfileType: Effective<string | null>;
  /** The whole struct of one level (a container's seLinuxOptions replaces the pod's). null: not set. */
  seLinuxOptions: Effective<SELinuxOptions | null>;
  /** Container field, then the legacy annotation, then the pod field. null: not set. */
  appArmorProfile: Effective<Profile | null>;
  /** Default false. */
  windowsHostProcess: Effective<boolean>;
}

export interface ContainerPort {
  /** The port's name (an IANA service name), which NetworkPolicy named ports resolve against. */
  name?: Val<string>;
  containerPort?: Val<number>;
  hostPort?: Val<number>;
  protocol: Val<string>;
  src: Src;
}

/** An env var's `valueFrom`: which source, and the object/key or field it reads. */
export interface EnvVarSource {
  /** The source key written: `secretKeyRef`, `configMapKeyRef`, `fieldRef`, `resourceFieldRef`; '' when none. */
  kind: string;
  /** `secretKeyRef.name` / `configMapKeyRef.name`. */
  name?: Val<string>;
  /** `secretKeyRef.key` / `configMapKeyRef.key`. */
  key?: Val<string>;
  /** `fieldRef.fieldPath` / `resourceFieldRef.resource`. */
  field?: Val<string>;
  optional?: Val<boolean>;
  src: Src;
}

export interface EnvVar {
  name: Val<string>;
  /** Absent when the variable is set with `valueFrom` (or has no value). */
  value?: Val<string>;
  valueFrom?: EnvVarSource;
  src: Src;
}

/** One `envFrom` entry: every key of a ConfigMap or Secret as variables. */
export interface EnvFromSource {
  configMapRef?: Val<string>;
  secretRef?: Val<string>;
  prefix?: Val<string>;
  optional?: Val<boolean>;
  src: Src;
}

export interface VolumeMount {
  name: Val<string>;
  mountPath: Val<string>;
  /** Default false. */
  readOnly: Val<boolean>;
  src: Src;
}

/** Requests and limits, each quantity as its string (`cpu: 1` reads as "1"). */
export interface Resources {
  requests: Map<string, Val<string>>;
  limits: Map<string, Val<string>>;
  /** The resources map, or the container when it has none. */
  src: Src;
}

export interface ContainerView {
  kind: ContainerKind;
  /** Index in its list (`containers`, `initContainers` or `ephemeralContainers`). */
  index: number;
  /** Relative to the pod spec, e.g. `/initContainers/0`. */
  pointer: string;
  /** Default '' (the API server requires it). */
  name: Val<string>;
  /** Default '' (the API server requires it). */
  image: Val<string>;
  src: Src;
  securityContext: ContainerSecurityContext;
  effective: EffectiveSecurity;
  ports: ContainerPort[];
  env: EnvVar[];
  envFrom: EnvFromSource[];
  resources: Resources;
  volumeMounts: VolumeMount[];
}

export interface VolumeView {
  name: Val<string>;
  /** The volume source key (`hostPath`, `emptyDir`, `secret`, ...); undefined when none is written. */
  source?: string;
  /** `hostPath.path` and `hostPath.type`, for hostPath volumes. */
  hostPath?: { path: Val<string>; type?: Val<string>; src: Src };
  /** Relative to the pod spec, e.g. `/volumes/1`. */
  pointer: string;
  src: Src;
}

export interface PodView {
  /** Default false. */
  hostNetwork: Val<boolean>;
  /** Default false. */
  hostPID: Val<boolean>;
  /** Default false. */
  hostIPC: Val<boolean>;
  /** Default true (no user namespace). */
  hostUsers: Val<boolean>;
  /** `serviceAccountName`, else the deprecated `serviceAccount`; default `default`. */
  serviceAccountName: Val<string>;
  /** Unset means the ServiceAccount decides (true unless it opts out). */
  automountServiceAccountToken?: Val<boolean>;
  /** `os.name` (`linux` or `windows`), when set. */
  os?: Val<string>;
  securityContext: PodSecurityContext;
  volumes: VolumeView[];
}

/** Labels and annotations of the pod template (of the Pod itself for kind Pod). */
export interface PodMeta {
  labels: Map<string, Val<string>>;
  annotations: Map<string, Val<string>>;
  /** The metadata map, or the template when it has none. */
  src: Src;
}

/** Where the nodes of a pod spec are written, by pointer relative to the pod spec. */
export interface PodSpecLocator {
  at(relativePointer: string): Src;
}

export interface Workload extends Resource {
  object: K8sObject;
  kind: WorkloadKind;
  ref: ResourceRef;
  src: Src;
  suppressions: InlineSuppression[];
  /** `metadata.namespace`; default `default` located at the object's metadata. */
  namespace: Val<string>;
  podMeta: PodMeta;
  /** JSON pointer of the pod spec in its document, e.g. `/spec/template/spec`. */
  podSpecPointer: string;
  pod: PodView;
  /** Containers, then init containers, then ephemeral containers, each in document order. */
  containers: ContainerView[];
  /**
   * What `srcAt` and `podInput` read (data, so a worker thread can send a workload): the pod spec
   * as plain JSON and where each of its nodes is written. Rules call the two methods instead.
   */
  podSpecData: { spec: PodInput['spec']; positions: PodSpecLocator };
  /**
   * The best location for a path relative to the pod spec (e.g.
   * `/containers/0/securityContext/privileged`, as the PSS engine reports them): the field when it
   * is written, else its nearest written ancestor.
   */
  srcAt(relativePointer: string): Src;
  /**
   * The pod as the PSS engine reads it: template metadata and the pod spec as plain JSON (the spec
   * taken when the object is adapted, the rest built on first use).
   */
  podInput(): PodInput;
}

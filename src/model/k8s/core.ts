/**
 * Typed views of the core Kubernetes objects the rules join: Namespaces, ServiceAccounts,
 * ConfigMaps, LimitRanges and Services. Every leaf is a located value; a view shares its object's
 * `ref`, `src` and suppressions (it is not a resource of its own).
 */
import type { Resource } from '../resource.js';
import type { Src, Val } from '../source.js';
import type { K8sObject } from './object.js';

/** What every typed view carries. */
export interface K8sView extends Resource {
  object: K8sObject;
  /** `metadata.name`. */
  name: string;
  /** As `object.metadata.namespace`: origin `default` when assumed, null when cluster-scoped. */
  namespace: Val<string> | null;
}

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Pod Security Admission labels of a Namespace (`pod-security.kubernetes.io/<mode>[-version]`). */
export interface PsaLabels {
  enforce?: Val<string>;
  enforceVersion?: Val<string>;
  warn?: Val<string>;
  warnVersion?: Val<string>;
  audit?: Val<string>;
  auditVersion?: Val<string>;
}

export interface Namespace extends K8sView {
  /**
   * Labels as written, plus the label the API server sets on every Namespace,
   * `kubernetes.io/metadata.name` = the name (origin `default`, at the metadata, unless written).
   */
  labels: Map<string, Val<string>>;
  /** The labels map, else the metadata, else the object: where a missing label belongs. */
  labelsSrc: Src;
  psa: PsaLabels;
}

export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

export interface ServiceAccount extends K8sView {
  namespace: Val<string>;
  annotations: Map<string, Val<string>>;
  /** `eks.amazonaws.com/role-arn` (IRSA), when annotated. */
  roleArn?: Val<string>;
  /** Unset: pods decide (the token is mounted unless a pod opts out). */
  automountServiceAccountToken?: Val<boolean>;
}

/** One `data` entry: the key where it is written and its string value. */
export interface ConfigMapEntry {
  key: Val<string>;
  value: Val<string>;
}

export interface ConfigMap extends K8sView {
  namespace: Val<string>;
  /** `data` (string values; a non-string scalar is read as its text). */
  data: ConfigMapEntry[];
  /** `binaryData` keys (base64 values, not read). */
  binaryDataKeys: Val<string>[];
  /** The `data` map, else the object. */
  dataSrc: Src;
}

/** One `spec.limits[]` item of a LimitRange; each map is resource name → quantity. */
export interface LimitRangeItem {
  /** `Container`, `Pod`, `PersistentVolumeClaim`; default '' (the API server requires it). */
  type: Val<string>;
  default: Map<string, Val<string>>;
  defaultRequest: Map<string, Val<string>>;
  max: Map<string, Val<string>>;
  min: Map<string, Val<string>>;
  src: Src;
}

export interface LimitRange extends K8sView {
  namespace: Val<string>;
  limits: LimitRangeItem[];
}

export interface ServicePort {
  name?: Val<string>;
  port?: Val<number>;
  /** Written node port (NodePort / LoadBalancer); unset: allocated by the API server. */
  nodePort?: Val<number>;
  /** Default `TCP`. */
  protocol: Val<string>;
  /** Number or named port, as its text. */
  targetPort?: Val<string>;
  src: Src;
}

export interface Service extends K8sView {
  namespace: Val<string>;
  /** `ClusterIP` (default), `NodePort`, `LoadBalancer`, `ExternalName`. */
  type: Val<string>;
  ports: ServicePort[];
  annotations: Map<string, Val<string>>;
  selector: Map<string, Val<string>>;
  /** `spec.loadBalancerSourceRanges`; undefined when not written. */
  loadBalancerSourceRanges?: Val<string>[];
  /** `spec.loadBalancerClass`, when written. */
  loadBalancerClass?: Val<string>;
  /** The spec map, else the object. */
  specSrc: Src;
}

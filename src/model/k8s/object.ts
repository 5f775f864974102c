/** A Kubernetes object as scanned. Workload, RBAC, core and NetworkPolicy views build on it. */
import type { FieldProblem } from '../../engines/k8s-fields/index.js';
import type { Resource } from '../resource.js';
import type { Src, Val } from '../source.js';

/** `metadata` with every label and annotation located (the value's position). */
export interface ObjectMeta {
  /** `metadata.name` (else `generateName`); default '' at the metadata. */
  name: Val<string>;
  /**
   * `metadata.namespace`. Namespaced kinds without one: `default`, origin `default` (kubectl's
   * namespace when neither the file nor `-n` says otherwise). Cluster-scoped kinds and custom
   * resources (scope unknown): null.
   */
  namespace: Val<string> | null;
  labels: Map<string, Val<string>>;
  annotations: Map<string, Val<string>>;
  /** The labels map, else the metadata map, else the object: where a missing label belongs. */
  labelsSrc: Src;
  /** The annotations map, else the metadata map, else the object. */
  annotationsSrc: Src;
  /** The metadata map, else the object. */
  src: Src;
}

export interface K8sObject extends Resource {
  apiVersion: string;
  /** Where `apiVersion` is written (the object when it is not). */
  apiVersionSrc: Src;
  kind: string;
  /** Where `kind` is written (the object when it is not). */
  kindSrc: Src;
  name: string;
  /** As in `ref.namespace`: written, `default` when assumed (see `namespaceAssumed`), null when cluster-scoped or unknown. */
  namespace: string | null;
  /** True when `namespace` is `default` only because the object does not say. */
  namespaceAssumed: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  metadata: ObjectMeta;
  /** 0-based document position in its file. */
  index: number;
  /**
   * What the field-schema check of HAKO-003 found in the object as written (unknown, misplaced and
   * duplicate fields, wrong types), validated once when the object is adapted: the model keeps
   * the problems, not the positioned tree. Empty for kinds hako does not validate.
   */
  fieldProblems: FieldProblem[];
}

/** The namespace an object lands in when it was written (null: not written, or cluster-scoped). */
export function writtenNamespace(o: { metadata: ObjectMeta }): string | null {
  const ns = o.metadata.namespace;
  return ns?.origin === 'explicit' ? ns.value : null;
}

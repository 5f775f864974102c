import type { Src } from './source.js';

/** What a finding is about, as printed in `resource` of the JSON report. */
export interface ResourceRef {
  kind: string;
  name: string;
  namespace: string | null;
  /** Terraform address, CloudFormation logical ID, `Kind/namespace/name`, or the ECS family / service name. */
  address: string;
}

/** A suppression written next to a resource (annotation or comment). */
export interface InlineSuppression {
  kind: 'annotation' | 'comment';
  rules: string[];
  reason: string;
  src: Src;
}

/** Every model resource has these. */
export interface Resource {
  ref: ResourceRef;
  src: Src;
  suppressions: InlineSuppression[];
  /**
   * What hako assumed about the resource (e.g. a Kubernetes object's namespace): every finding on
   * it carries each note in `related`, so an assumption is never silent.
   */
  notes?: string[];
}

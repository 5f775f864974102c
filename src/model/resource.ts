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
   * Set when the resource may not exist: its Terraform `count` / `for_each` (or its module
   * call's) could not be resolved. Every finding on it says so in `related`.
   */
  presence?: { src: Src; expression: string };
}

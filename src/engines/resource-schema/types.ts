/**
 * The contract between the adapters that record a resource "as written" and the validators that
 * check it against the schema of its format (HAKO-003; ECS-017 for task definitions).
 */
import type { Resource } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import type { MapNode } from '../../parse/tree.js';

/**
 * The layout of a Terraform block as written: which names are arguments and which are nested
 * blocks (the evaluated body alone cannot tell `x = {…}` from `x {…}`), with their positions.
 */
export interface BlockLayout {
  src: Src;
  /**
   * `literal`: the expression is written as a literal `[…]` or `{…}`. The evaluated body cannot
   * tell `name = ["x"]` from `policy = jsonencode({…})` (both are collections there), so a
   * collection where a string belongs is only reported when it was written literally.
   */
  attributes: { name: string; src: Src; literal?: 'tuple' | 'object' }[];
  /** `dynamic "x" { content { … } }` is recorded as a block `x` with `dynamic: true` and the content's layout. */
  blocks: { type: string; src: Src; body: BlockLayout; dynamic?: boolean }[];
}

export type SchemaCheck = Resource & {
  /**
   * What the check found, recorded by the adapters after every input is read
   * (adapters/schema-problems.ts): HAKO-003 and ECS-017 only report these.
   */
  problems?: SchemaProblem[];
} & (
    | {
        /** A Terraform resource checked against the AWS/Kubernetes provider schema. */
        format: 'terraform';
        /** Resource type, e.g. `aws_eks_cluster`. */
        type: string;
        /** The evaluated body (unresolved values are never reported). */
        node: MapNode;
        layout: BlockLayout;
      }
    | {
        /** A CloudFormation resource's `Properties` checked against its registry schema. */
        format: 'cloudformation';
        /** e.g. `AWS::EKS::Cluster`. */
        type: string;
        /** `Properties` (an empty map, located at the resource, when the template has none). */
        node: MapNode;
      }
    | {
        /** AWS CLI/API JSON checked against the botocore shape of the call it is the input of. */
        format: 'aws-api';
        service: 'ecr' | 'eks';
        /** The botocore shape, e.g. `PutReplicationConfigurationRequest`. */
        type: string;
        node: MapNode;
      }
  );

export type SchemaProblemKind =
  | 'unknown-key'
  | 'missing-required'
  | 'invalid-enum'
  | 'wrong-type'
  | 'invalid-value';

export interface SchemaProblem {
  kind: SchemaProblemKind;
  /** Where to point: the unknown key, the value, or the enclosing block for a missing one. */
  src: Src;
  /** One sentence, e.g. `aws_eks_cluster.encryption_config has no argument "enable"`. */
  message: string;
  /** The likely intended name or value (did you mean). */
  suggestion?: string;
  /**
   * The service rule that validates this very field and says more about it (ECR-008 on a
   * replication filter's type): HAKO-003 leaves the problem to it when that rule runs in the scan.
   */
  coveredBy?: string;
}

/** Resource types whose schema problems ECS-017 reports (the rest are HAKO-003). */
export const TASK_DEFINITION_TYPES: ReadonlySet<string> = new Set([
  'aws_ecs_task_definition',
  'AWS::ECS::TaskDefinition',
]);

/**
 * How the ECS builders tell what a value refers to. An IaC adapter (Terraform, CloudFormation)
 * passes its `referenceOf`: the generic reference a rendered value was written as
 * (`aws_iam_role.x.arn`, `!GetAtt X.Arn`). A value that refers to a resource of the same root
 * module / template becomes that resource's scoped address, so joins find exactly that resource
 * (model/aws/ref.ts); anything else is joined by the identifier as written.
 */
import type { ScopedAddress } from '../../model/aws/ref.js';
import type { Node, Reference } from '../../parse/tree.js';

export type ReferenceOf = (n: Node | undefined) => Reference | undefined;

/** Resource types per join, in every IaC format. */
export const ROLE_TYPES: ReadonlySet<string> = new Set(['aws_iam_role', 'AWS::IAM::Role']);
export const CLUSTER_TYPES: ReadonlySet<string> = new Set(['aws_ecs_cluster', 'AWS::ECS::Cluster']);
export const TASK_DEFINITION_TYPES: ReadonlySet<string> = new Set([
  'aws_ecs_task_definition',
  'AWS::ECS::TaskDefinition',
]);

/**
 * The scoped address of the resource of one of `types` that `n` was written as a reference to, when
 * the adapter rendered it (an attribute it does not model stays unresolved and joins nothing).
 * A reference without a scope (a plan's value known after apply, read without a root module) has
 * none: it joins by the identifier the adapter rendered for it.
 */
export function scopedOf(
  n: Node | undefined,
  types: ReadonlySet<string>,
  referenceOf: ReferenceOf | undefined,
): ScopedAddress | undefined {
  if (n === undefined || n.kind === 'unresolved') return undefined;
  const r = referenceOf?.(n);
  if (!r || r.scope === '' || !types.has(r.type)) return undefined;
  return { format: r.format, scope: r.scope, address: r.address };
}

/**
 * Resource-schema validation for what hako adapts from IaC and API JSON: Terraform resources
 * against the provider schemas, CloudFormation resources against the registry schemas, and AWS
 * CLI/API JSON against the botocore shapes. One entry point, one problem type, so HAKO-003 and
 * ECS-017 report them alike.
 */
import { loadShapes, type ShapeProblem, validateShape } from '../shape/index.js';
import { validateCloudFormation } from './cloudformation.js';
import { validateTerraform } from './terraform.js';
import type { SchemaCheck, SchemaProblem } from './types.js';

export type { BlockLayout, SchemaCheck, SchemaProblem, SchemaProblemKind } from './types.js';
export { TASK_DEFINITION_TYPES } from './types.js';

export function validateResource(check: SchemaCheck): SchemaProblem[] {
  switch (check.format) {
    case 'terraform':
      return validateTerraform(check.type, check.layout, check.node);
    case 'cloudformation':
      return validateCloudFormation(check.type, check.node);
    case 'aws-api':
      return validateShape(loadShapes(check.service), check.type, check.node).map(toSchemaProblem);
  }
}

/** A botocore shape problem in the one problem type (lengths, ranges, patterns: `invalid-value`). */
export function toSchemaProblem(p: ShapeProblem): SchemaProblem {
  const kind =
    p.kind === 'unknown-key' ||
    p.kind === 'missing-required' ||
    p.kind === 'invalid-enum' ||
    p.kind === 'wrong-type'
      ? p.kind
      : 'invalid-value';
  const out: SchemaProblem = { kind, src: p.src, message: p.message };
  if (p.suggestion !== undefined) out.suggestion = p.suggestion;
  return out;
}

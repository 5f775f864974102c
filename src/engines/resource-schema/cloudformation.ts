import type { MapNode } from '../../parse/tree.js';
import type { SchemaProblem } from './types.js';

/** PLACEHOLDER (being written): CloudFormation registry-schema validation. */
export function validateCloudFormation(_type: string, _node: MapNode): SchemaProblem[] {
  return [];
}

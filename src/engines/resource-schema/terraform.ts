import type { MapNode } from '../../parse/tree.js';
import type { BlockLayout, SchemaProblem } from './types.js';

/** PLACEHOLDER (being written): Terraform provider-schema validation. */
export function validateTerraform(_type: string, _layout: BlockLayout, _node: MapNode): SchemaProblem[] {
  return [];
}

/** How every Terraform adapter names a resource and carries its `# hako:ignore` comments. */

import type { ScopedAddress } from '../../model/aws/ref.js';
import { type InlineSuppression, modelKind, type Resource, type ResourceRef } from '../../model/resource.js';
import { blockAddress, jsonFromString } from '../../parse/hcl/evaluate.js';
import type { TfResource } from '../../parse/hcl/module.js';
import type { Node } from '../../parse/tree.js';

export function tfRef(r: TfResource, kind: string): ResourceRef {
  return { kind: modelKind(kind), name: r.name, namespace: null, address: r.address };
}

export function tfSuppressions(r: TfResource): InlineSuppression[] {
  return r.ignores.map((i) => ({ kind: 'comment', rules: i.rules, reason: i.reason, src: i.src }));
}

/** The model fields every resource has: its ref, its block (labelled with the address) and its suppressions. */
export function tfResource(r: TfResource, kind: string): Resource {
  return {
    ref: tfRef(r, kind),
    src: { ...r.body.src, resource: r.address },
    suppressions: tfSuppressions(r),
  };
}

/** A JSON value written as an HCL value (jsonencode) or as JSON text (heredoc, file(), string). */
export function jsonValue(n: Node | undefined): Node | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'string') {
    return jsonFromString(n) ?? { kind: 'unresolved', expr: 'JSON text that does not parse', src: n.src };
  }
  return n;
}

/** Where a resource is declared (its root module and block address), when read from `.tf` files. */
export function declaredAt(r: TfResource): ScopedAddress | undefined {
  return r.hcl
    ? { format: 'terraform', scope: r.hcl.module.root, address: blockAddress(r.hcl.module, r.hcl.block) }
    : undefined;
}

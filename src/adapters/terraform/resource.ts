/** How every Terraform adapter names a resource and carries its `# hako:ignore` comments. */
import { type InlineSuppression, modelKind, type Resource, type ResourceRef } from '../../model/resource.js';
import type { TfResource } from '../../parse/hcl/module.js';

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

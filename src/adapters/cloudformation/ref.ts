/** How a CloudFormation resource is named in findings: its literal name property, else its logical ID. */
import { modelKind, type ResourceRef } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import type { Template, TemplateResource } from '../../parse/cloudformation.js';

export function cfnRef(t: Template, r: TemplateResource): { ref: ResourceRef; src: Src } {
  return {
    ref: {
      kind: modelKind(r.type),
      name: t.literalName(r.logicalId) ?? r.logicalId,
      namespace: null,
      address: r.logicalId,
    },
    src: { ...r.node.src, resource: r.logicalId },
  };
}

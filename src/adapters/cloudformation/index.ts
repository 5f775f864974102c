/**
 * CloudFormation templates (YAML or JSON) into the model: AWS::ECS::TaskDefinition / Service /
 * Cluster through the same builders as ECS API JSON (a Fields reader with PascalCase keys), and
 * AWS::IAM::Role / Policy / RolePolicy / ManagedPolicy into IAM roles. `ref.address` is the logical ID.
 *
 * - CloudFormation spells a few ECS properties differently from the API; they are renamed before
 *   the shared builders read them (`EFSVolumeConfiguration.FilesystemId`, `AuthorizationConfig.IAM`,
 *   the cluster's `ClusterSettings`).
 * - Every resource whose type has a registry schema in src/data/cfn-schemas.json (the types above
 *   and the IAM policy types) is recorded as written in `state.inputs.schemaChecks` (`Properties`
 *   in long form, before resolution). HAKO-003 reports what the schema rejects; ECS-017 now runs on
 *   templates too, against the CloudFormation schema of AWS::ECS::TaskDefinition (its
 *   `ContainerDefinitions` included), never against the RegisterTaskDefinition API shape (other
 *   names, strings for numbers).
 * - A role is `complete` when all its policies are in the template and fully resolved; a policy
 *   statement holding an unresolved value is left out and makes the role incomplete (it can then
 *   prove an allow, never a deny). Policies attached from other stacks are not seen.
 * - `# hako:ignore ID reason` on the line above a resource or any of its properties suppresses
 *   that rule on the resource (YAML only).
 */

import { hasCloudFormationSchema } from '../../engines/resource-schema/cloudformation.js';
import type { SchemaCheck } from '../../engines/resource-schema/index.js';
import type { TaskDefinition } from '../../model/aws/ecs.js';
import type { IamRole } from '../../model/aws/iam.js';
import type { ScopedAddress } from '../../model/aws/ref.js';
import { type InlineSuppression, modelKind } from '../../model/resource.js';
import { explicit, type Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { withText } from '../../notes.js';
import {
  expandForEach,
  fnTransformsIn,
  type IgnoreComment,
  isIntrinsic,
  LANGUAGE_EXTENSIONS,
  longForm,
  SERVERLESS,
  Template,
  type TemplateResource,
  transformsOf,
} from '../../parse/cloudformation.js';
import type { ParseError } from '../../parse/common.js';
import {
  entry,
  isMap,
  isScalar,
  type MapEntry,
  type MapNode,
  type Node,
  own,
  scalarString,
} from '../../parse/tree.js';
import { adaptCluster, adaptService } from '../ecs/service.js';
import { adaptTaskDefinition } from '../ecs/task-definition.js';
import { Fields } from '../fields.js';
import { adaptEcrCfn } from './ecr.js';
import { adaptEksResource } from './eks.js';
import { attachCfnPolicies, cfnRole } from './iam.js';
import { cfnRef } from './ref.js';
import { cfnHooks, cfnReferenceOf, renderReferences, templateStandIn } from './references.js';

export { looksLikeTemplate as looksLikeCloudFormation } from '../../parse/cloudformation.js';

/** Adapts one template document; returns the number of resources added. */
export function adaptCloudFormation(
  file: string,
  node: Node,
  state: State,
  errors: ParseError[],
  ignores: Map<number, IgnoreComment> = new Map(),
): number {
  let root = longForm(node);
  if (!isMap(root)) return 0;
  const transforms = transformsOf(root);
  if (transforms.some((x) => x.name === LANGUAGE_EXTENSIONS)) {
    const x = expandForEach(file, root);
    root = x.root;
    errors.push(...x.problems);
    for (const s of x.skipped) state.inputs.skipped.push({ file, ...s });
  }
  // A macro rewrites the template before CloudFormation reads it: what it consumes is not a
  // property of the registry schema. A template-level macro may rewrite anything, so no resource
  // of the template is schema-checked; `Fn::Transform` in a resource, that resource.
  const macros = transforms.filter((x) => x.name !== LANGUAGE_EXTENSIONS && x.name !== SERVERLESS);
  for (const m of macros)
    state.inputs.skipped.push({
      file,
      line: m.src.startLine,
      ...withText('reason', 'macroNotExpanded', { name: m.name }),
    });
  const resources = entry(root, 'Resources');
  if (resources && (!isMap(resources.value) || isIntrinsic(resources.value))) {
    errors.push({ ...at(file, resources.value.src, ''), ...withText('message', 'cfnResourcesNotMap') });
    return 0;
  }
  for (const r of isMap(resources?.value) ? resources.value.entries : []) {
    // a macro applied to the section (`Fn::Transform`), not a resource
    if (r.key === 'Fn::Transform') continue;
    const type = entry(r.value, 'Type')?.value;
    if (!isMap(r.value))
      errors.push({
        ...at(file, r.keySrc, ''),
        ...withText('message', 'cfnResourceNotMap', { resource: r.key }),
      });
    else if (!isScalar(type) || typeof type.value !== 'string')
      errors.push({
        ...at(file, r.keySrc, ''),
        ...withText('message', 'cfnResourceNoType', { resource: r.key }),
      });
  }
  // `Fn::Transform` outside any resource (on the Resources section or among its entries)
  const resourcesEntry = entry(root, 'Resources');
  const sectionMacros = fnTransformsIn(
    isMap(resourcesEntry?.value)
      ? {
          ...resourcesEntry.value,
          entries: resourcesEntry.value.entries.filter((e) => e.key.startsWith('Fn::')),
        }
      : undefined,
  );
  for (const m of sectionMacros)
    state.inputs.skipped.push({
      file,
      line: m.src.startLine,
      ...withText('reason', 'sectionMacroNotExpanded', { name: m.name }),
    });
  const schemaChecked = macros.length === 0 && sectionMacros.length === 0;
  const t = new Template(file, root, cfnHooks);
  // references to resources of the template get their AWS meaning here (the parser knows no AWS)
  for (const r of t.resources) r.node = renderReferences(r.node) as MapNode;
  const { ecs, iam } = state.aws;
  // AWS::Serverless::* (SAM) types are expanded by the SAM transform into other resources; they are
  // not registry types and hako does not expand them
  const sam = t.resources.filter((r) => r.type.startsWith('AWS::Serverless::'));
  if (sam.length > 0) {
    const at = transforms.find((x) => x.name === SERVERLESS)?.src ?? sam[0]!.keySrc;
    const ids = sam.map((r) => r.logicalId);
    state.inputs.skipped.push({
      file,
      line: at.startLine,
      ...withText('reason', sam.length === 1 ? 'samNotExpandedOne' : 'samNotExpanded', {
        count: sam.length,
        ids: `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`,
      }),
    });
  }
  let count = 0;
  const roles = new Map<string, IamRole>();
  const declared = (r: TemplateResource): ScopedAddress => ({
    format: 'cloudformation',
    scope: file,
    address: r.logicalId,
  });
  for (const r of t.resources) {
    const props = entry(r.node, 'Properties')?.value;
    const suppressions = suppressionsOf(r, ignores);
    const { ref, src } = cfnRef(t, r);
    const resourceMacros = schemaChecked ? fnTransformsIn(r.raw) : [];
    for (const m of resourceMacros)
      state.inputs.skipped.push({
        file,
        line: m.src.startLine,
        ...withText('reason', 'resourceMacroNotExpanded', { name: m.name, resource: r.logicalId }),
      });
    const check = schemaChecked && resourceMacros.length === 0 ? schemaCheck(r, t, suppressions) : undefined;
    if (check) state.inputs.schemaChecks.push(check);
    switch (r.type) {
      case 'AWS::ECS::TaskDefinition': {
        const f = Fields.of(renameEcs(props), r.node.src, 'pascal');
        const td: TaskDefinition = adaptTaskDefinition(f, ref, suppressions, cfnReferenceOf);
        const arn = templateStandIn(t, r.logicalId);
        if (arn) td.arn = explicit(arn, r.keySrc);
        td.declared = declared(r);
        ecs.taskDefinitions.push(td);
        count++;
        break;
      }
      case 'AWS::ECS::Service': {
        const svc = adaptService(Fields.of(props, r.node.src, 'pascal'), ref, cfnReferenceOf);
        svc.suppressions = suppressions;
        ecs.services.push(svc);
        count++;
        break;
      }
      case 'AWS::ECS::Cluster': {
        const c = adaptCluster(Fields.of(renameEcs(props), r.node.src, 'pascal'), ref);
        const arn = templateStandIn(t, r.logicalId);
        if (arn) c.arn = explicit(arn, r.keySrc);
        c.declared = declared(r);
        c.suppressions = suppressions;
        ecs.clusters.push(c);
        count++;
        break;
      }
      case 'AWS::ECR::Repository':
      case 'AWS::ECR::RegistryPolicy':
      case 'AWS::ECR::RegistryScanningConfiguration':
      case 'AWS::ECR::ReplicationConfiguration':
        count += adaptEcrCfn(r, suppressions, state.aws.ecr);
        break;
      case 'AWS::EKS::Cluster':
      case 'AWS::EKS::Addon':
      case 'AWS::EKS::Nodegroup':
      case 'AWS::EC2::LaunchTemplate':
      case 'AWS::EKS::AccessEntry':
      case 'AWS::EKS::PodIdentityAssociation':
      case 'AWS::EKS::FargateProfile':
      case 'AWS::IAM::OIDCProvider':
      case 'AWS::GuardDuty::Detector':
      case 'AWS::KMS::Key':
      case 'AWS::Logs::LogGroup':
      case 'AWS::Events::Rule':
        count += adaptEksResource(r, t, state, suppressions);
        break;
      case 'AWS::IAM::Role': {
        const role = cfnRole(r, t, ref, src, suppressions, declared(r));
        roles.set(r.logicalId, role);
        iam.roles.push(role);
        count++;
        break;
      }
    }
  }
  count += attachCfnPolicies(t, roles, state, (r) => suppressionsOf(r, ignores));
  // cycles and bounds met while resolving (stand-in names are resolved late, so collected last)
  errors.push(...t.problems);
  return count;
}

/**
 * The resource's `Properties` as written (long form, before intrinsics are resolved: the
 * validator skips intrinsics and checks both values of `Fn::If`) for HAKO-003 / ECS-017, when hako
 * has the type's registry schema. No `Properties`: an empty map located at the resource, so a
 * missing required property points there. `Properties` that is not a map is left alone.
 */
function schemaCheck(
  r: TemplateResource,
  t: Template,
  suppressions: InlineSuppression[],
): SchemaCheck | undefined {
  if (!hasCloudFormationSchema(r.type)) return undefined;
  const written = entry(r.raw, 'Properties')?.value;
  if (written !== undefined && !isMap(written)) return undefined;
  const node: MapNode = written ?? { kind: 'map', entries: [], src: r.node.src };
  // the name the resource is adapted under (ECR repositories by RepositoryName)
  const repositoryName =
    r.type === 'AWS::ECR::Repository'
      ? scalarString(entry(entry(r.node, 'Properties')?.value, 'RepositoryName')?.value)
      : undefined;
  return {
    format: 'cloudformation',
    type: r.type,
    node,
    ref: {
      kind: modelKind(r.type),
      name: t.literalName(r.logicalId) ?? repositoryName ?? r.logicalId,
      namespace: null,
      address: r.logicalId,
    },
    src: { ...r.node.src, resource: r.logicalId },
    suppressions,
  };
}

function at(file: string, src: Src, message: string): ParseError {
  return { file, line: src.startLine, column: src.startColumn, message };
}

/** CloudFormation names that differ from the ECS API's (beyond the first letter's case). */
const ECS_RENAMES: Readonly<Record<string, string>> = {
  EFSVolumeConfiguration: 'EfsVolumeConfiguration',
  FilesystemId: 'FileSystemId',
  IAM: 'Iam',
  ClusterSettings: 'Settings',
};

function renameEcs(n: Node | undefined): Node | undefined {
  if (n === undefined) return undefined;
  switch (n.kind) {
    case 'map':
      return {
        ...n,
        entries: n.entries.map(
          (e): MapEntry => ({
            ...e,
            key: own(ECS_RENAMES, e.key) ?? e.key,
            value: renameEcs(e.value) as Node,
          }),
        ),
      };
    case 'seq':
      return { ...n, items: n.items.map((i) => renameEcs(i) as Node) };
    default:
      return n;
  }
}

/** Comments on the line above the resource's logical ID or above any key inside it. */
function suppressionsOf(r: TemplateResource, ignores: Map<number, IgnoreComment>): InlineSuppression[] {
  if (ignores.size === 0) return [];
  const lines = new Set<number>([r.keySrc.startLine]);
  const walk = (n: Node) => {
    if (n.kind === 'map')
      for (const e of n.entries) {
        lines.add(e.keySrc.startLine);
        walk(e.value);
      }
    else if (n.kind === 'seq') for (const i of n.items) walk(i);
  };
  walk(r.raw as MapNode);
  const out: InlineSuppression[] = [];
  for (const line of [...lines].sort((a, b) => a - b)) {
    const c = ignores.get(line - 1);
    if (c) out.push({ kind: 'comment', rules: c.rules, reason: c.reason, src: c.src });
  }
  return out;
}

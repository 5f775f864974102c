/**
 * What a CloudFormation reference means on AWS. The template resolver (parse/cloudformation.ts)
 * leaves `!GetAtt TaskRole.Arn` / `!Ref TaskRole` of a resource of the same template as a generic
 * `Reference` (template file, logical ID, type, attribute, name); this adapter-side module gives it
 * its AWS meaning.
 *
 * A role, managed policy, cluster or task definition has no ARN until the stack is deployed, so a
 * reference to its ARN becomes a stand-in scoped to the template (model/aws/cloudformation.ts):
 * `TaskRoleArn: !GetAtt TaskRole.Arn` joins the role `TaskRole` of *that* template. As a value,
 * `Ref` of these four types is the same stand-in (`Ref` of a role or cluster really returns its
 * name; ECS accepts a name or an ARN there, and the stand-in keeps the join inside the template).
 * Read as text (`Fn::Sub`, `Fn::Join`), `Ref` is the literal name property when written, else
 * unknown. Any other reference stays unresolved (and keeps its `ref`).
 */
import { standInArn } from '../../model/aws/cloudformation.js';
import { cfnClusterIssuerHost, cfnOidcProviderArn } from '../../model/aws/eks.js';
import type { Template, TemplateHooks } from '../../parse/cloudformation.js';
import { type Node, type Reference, referenceOf, renderReferences as renderAll } from '../../parse/tree.js';

/** The stand-in ARN of a role, managed policy, cluster or task definition of a template. */
export function standInOf(file: string, type: string | undefined, name: string): string | undefined {
  switch (type) {
    case 'AWS::IAM::Role':
      return standInArn('iam', file, `role/${name}`);
    case 'AWS::IAM::ManagedPolicy':
      return standInArn('iam', file, `policy/${name}`);
    case 'AWS::ECS::Cluster':
      return standInArn('ecs', file, `cluster/${name}`);
    case 'AWS::ECS::TaskDefinition':
      return standInArn('ecs', file, `task-definition/${name}`);
    default:
      return undefined;
  }
}

/** The stand-in ARN of a resource of the template, by logical ID. */
export function templateStandIn(t: Template, logicalId: string): string | undefined {
  return standInOf(t.file, t.typeOf(logicalId), t.literalName(logicalId) ?? logicalId);
}

/** The ARN a `Fn::GetAtt` attribute returns, for the types hako joins on. */
const ARN_ATTRIBUTE: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'Arn',
  'AWS::ECS::Cluster': 'Arn',
  'AWS::IAM::ManagedPolicy': 'PolicyArn',
};

/** The AWS identifier a reference stands for as a property value, when hako models it. */
export function referenceValue(ref: Reference): string | undefined {
  if (ref.format !== 'cloudformation') return undefined;
  // IRSA: a provider's ARN (`Ref` returns it) and a cluster's issuer are known only after deploy
  if (ref.type === 'AWS::IAM::OIDCProvider' && (ref.attribute === 'Ref' || ref.attribute === 'Arn'))
    return cfnOidcProviderArn(ref.scope, ref.address);
  if (ref.type === 'AWS::EKS::Cluster' && ref.attribute === 'OpenIdConnectIssuerUrl')
    return `https://${cfnClusterIssuerHost(ref.scope, ref.address)}`;
  if (ref.attribute !== 'Ref' && ARN_ATTRIBUTE[ref.type] !== ref.attribute) return undefined;
  return standInOf(ref.scope, ref.type, ref.name);
}

/** The resolver's hooks: a reference read as text. */
export const cfnHooks: TemplateHooks = {
  text: (ref, t) =>
    ref.attribute === 'Ref' && ref.type !== 'AWS::IAM::OIDCProvider'
      ? t.literalName(ref.address)
      : referenceValue(ref),
};

/** The reference a resolved property value was written as, if any (rendered or not). */
export const cfnReferenceOf = referenceOf;

/** Every reference under `n` that hako models, as its AWS identifier (a new tree; `n` is not changed). */
export function renderReferences(n: Node): Node {
  return renderAll(n, (ref, at) => {
    const text = referenceValue(ref);
    return text === undefined
      ? undefined
      : { kind: 'scalar', value: text, src: at.src, tag: ref.attribute === 'Ref' ? '!Ref' : '!GetAtt' };
  });
}

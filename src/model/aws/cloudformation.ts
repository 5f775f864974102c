/**
 * Stand-in ARNs for CloudFormation resources. A template's role, cluster or task definition has no
 * ARN until the stack is deployed (the account, Region and often the name are chosen then), yet a
 * task definition's `TaskRoleArn: !GetAtt TaskRole.Arn` must join the role of *that* template.
 * The CloudFormation adapter renders references to such a resource (which the parser leaves as
 * generic references) as a stand-in ARN whose account field names the
 * template file (`arn:aws:iam::cfn-<file>:role/TaskRole`): two templates that both declare
 * `TaskRole` never join each other's, and no real account ever equals it (so rules that compare
 * accounts, such as ECS-016, treat the account as unknown).
 */

const PREFIX = 'cfn-';

/** The stand-in account field of a template. */
export function standInAccount(file: string): string {
  return `${PREFIX}${encodeURIComponent(file)}`;
}

/** `arn:aws:<service>:<region>:cfn-<file>:<resource>` (IAM has no Region). */
export function standInArn(service: 'iam' | 'ecs', file: string, resource: string): string {
  return `arn:aws:${service}:${service === 'iam' ? '' : 'cfn'}:${standInAccount(file)}:${resource}`;
}

/** True for an ARN made by standInArn. */
export function isStandInArn(arn: string): boolean {
  return arn.startsWith('arn:') && (arn.split(':')[4] ?? '').startsWith(PREFIX);
}

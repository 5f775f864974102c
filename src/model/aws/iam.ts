/** IAM roles and managed policies as scanned (policy documents kept as JSON for the IAM engine). */
import type { Resource } from '../resource.js';
import type { Src } from '../source.js';
import type { ScopedAddress } from './ref.js';

export interface PolicyRef {
  /** Stable id for `related` messages: `inline:NAME` or the managed policy ARN. */
  id: string;
  document: unknown;
  src: Src;
}

export interface IamRole extends Resource {
  name: string;
  arn?: string;
  trustPolicy?: PolicyRef;
  inlinePolicies: PolicyRef[];
  attachedPolicyArns: { arn: string; src: Src }[];
  permissionsBoundaryArn?: string;
  /**
   * CloudFormation: the stand-in ARN that references to this role resolve to in its template
   * (model/aws/cloudformation.ts). The real ARN (`arn`) is not known before deployment.
   */
  standInArn?: string;
  /** Where an IaC role is declared: references scoped to its root module / template join it (model/aws/ref.ts). */
  declared?: ScopedAddress;
  /**
   * True when every policy of the role is known (it came from get-account-authorization-details).
   * An incomplete role can prove an allow, never a deny.
   */
  complete: boolean;
  /**
   * IaC (Terraform files): every policy the scanned configuration attaches to the role was read and
   * resolved, but the role does not manage its policies exclusively. Only a policy attached from
   * outside the scanned configuration could add to it: a deny is then decided, and every finding
   * built on it says so (rules/_shared/iam-access.ts).
   */
  closed?: boolean;
}

export interface IamManagedPolicy extends Resource {
  arn: string;
  name: string;
  /** Default version's document. */
  document: unknown;
}

export interface IamState {
  roles: IamRole[];
  managedPolicies: IamManagedPolicy[];
  /** Secrets Manager secrets declared in IaC, for what reading them takes (ECS-016). */
  secrets?: SecretsManagerSecret[];
}

/**
 * A Secrets Manager secret of the scanned IaC. `arn` is what references to it render as (a
 * stand-in with `<unknown>` fields: the account, Region and random suffix are not known offline).
 */
export interface SecretsManagerSecret {
  arn: string;
  name: string;
  src: Src;
  /**
   * The customer managed KMS key that encrypts it (absent: the AWS managed key
   * `aws/secretsmanager`, which needs no kms:Decrypt grant). `arn` is the key's stand-in when it
   * references a scanned key. `defaultKeyPolicy`: the key has no `policy` of its own, so its
   * default key policy delegates to IAM and the role's identity policies decide.
   */
  kmsKey?: { arn: string; src: Src; defaultKeyPolicy: boolean };
}

/** Role name from a role ARN (`arn:aws:iam::123:role/path/name` → `name`) or a bare name. */
export function roleNameFromArn(ref: string): string {
  const i = ref.indexOf(':role/');
  const rest = i >= 0 ? ref.slice(i + 6) : ref;
  return rest.slice(rest.lastIndexOf('/') + 1);
}

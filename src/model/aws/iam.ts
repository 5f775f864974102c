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
}

/** Role name from a role ARN (`arn:aws:iam::123:role/path/name` → `name`) or a bare name. */
export function roleNameFromArn(ref: string): string {
  const i = ref.indexOf(':role/');
  const rest = i >= 0 ? ref.slice(i + 6) : ref;
  return rest.slice(rest.lastIndexOf('/') + 1);
}

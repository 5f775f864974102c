/** Recognises the IAM JSON shapes the AWS CLI prints and hands them to the IAM adapter. */
import type { State } from '../../model/state.js';
import { withText } from '../../notes.js';
import { at, entry, isMap, type Node } from '../../parse/tree.js';
import { Fields } from '../fields.js';
import { adaptAuthorizationDetails, adaptRole, adaptRolePolicy } from './iam.js';

export type IamJsonKind =
  | 'iam-authorization-details'
  | 'iam-role'
  | 'iam-role-policy'
  | 'iam-policy-document'
  | 'iam-attached-role-policies'
  | 'iam-policy-version';

export function iamJsonKind(n: Node): IamJsonKind | undefined {
  if (!isMap(n)) return undefined;
  if (entry(n, 'RoleDetailList') || entry(n, 'UserDetailList') || entry(n, 'GroupDetailList')) {
    return 'iam-authorization-details';
  }
  if (entry(at(n, 'Role'), 'RoleName')) return 'iam-role';
  if (entry(n, 'RoleName') && entry(n, 'PolicyDocument')) return 'iam-role-policy';
  if (entry(n, 'AttachedPolicies')) return 'iam-attached-role-policies';
  if (entry(at(n, 'PolicyVersion'), 'Document')) return 'iam-policy-version';
  if (entry(n, 'Statement')) {
    return 'iam-policy-document';
  }
  return undefined;
}

export function adaptIamJson(kind: IamJsonKind, n: Node, state: State): number {
  const iam = state.aws.iam;
  switch (kind) {
    case 'iam-authorization-details': {
      const before = iam.roles.length + iam.managedPolicies.length;
      adaptAuthorizationDetails(Fields.of(n, n.src), iam);
      return iam.roles.length + iam.managedPolicies.length - before;
    }
    case 'iam-role': {
      const role = at(n, 'Role') as Node;
      iam.roles.push(adaptRole(Fields.of(role, role.src), false));
      return 1;
    }
    case 'iam-role-policy':
      adaptRolePolicy(Fields.of(n, n.src), iam);
      return 1;
    case 'iam-policy-document':
      // A policy on its own names no role: kept for the IAM rules of a later issue.
      return 1;
    case 'iam-attached-role-policies':
    case 'iam-policy-version':
      // `list-attached-role-policies` names no role, `get-policy-version` no policy: nothing to
      // join them to, and said so (get-account-authorization-details carries both joined).
      state.inputs.skipped.push({
        file: n.src.file,
        line: n.src.startLine,
        ...withText(
          'reason',
          kind === 'iam-attached-role-policies' ? 'iamAttachedPoliciesNoRole' : 'iamPolicyVersionNoPolicy',
        ),
      });
      return 0;
  }
}

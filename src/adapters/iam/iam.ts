/**
 * IAM JSON as the AWS CLI prints it: `get-account-authorization-details` (the full dump: roles with
 * trust, inline and attached policies, and managed policies with their default version),
 * `get-role`, `get-role-policy`, and `get-policy` + `get-policy-version` pairs are not joinable
 * (no ARN in the version output) so they are not read. Policy documents may be objects or the
 * URL-encoded strings of the raw API.
 */
import type { IamManagedPolicy, IamRole, IamState, PolicyRef } from '../../model/aws/iam.js';
import type { Src } from '../../model/source.js';
import { type Node, toPlain } from '../../parse/tree.js';
import type { Fields } from '../fields.js';

export function policyDocument(n: Node | undefined): unknown {
  const v = toPlain(n);
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v.trimStart().startsWith('{') ? v : decodeURIComponent(v));
  } catch {
    return undefined;
  }
}

function roleRef(name: string, arn: string | undefined) {
  return { kind: 'IAMRole', name, namespace: null, address: arn ?? name };
}

function policyRef(id: string, n: Node | undefined, src: Src): PolicyRef {
  return { id, document: policyDocument(n), src: n?.src ?? src };
}

/** A role from a RoleDetailList entry or a `get-role` `Role` object. */
export function adaptRole(f: Fields, complete: boolean): IamRole {
  const name = f.str('RoleName')?.value ?? '';
  const arn = f.str('Arn')?.value;
  const trust = f.node('AssumeRolePolicyDocument');
  const boundary = f.sub('PermissionsBoundary').str('PermissionsBoundaryArn')?.value;
  return {
    ref: roleRef(name, arn),
    src: { ...f.at, resource: name },
    suppressions: [],
    name,
    arn,
    trustPolicy: trust ? policyRef('trust', trust, f.at) : undefined,
    inlinePolicies: f
      .each('RolePolicyList')
      .map((p) => policyRef(`inline:${p.str('PolicyName')?.value ?? '?'}`, p.node('PolicyDocument'), p.at)),
    attachedPolicyArns: f.each('AttachedManagedPolicies').flatMap((p) => {
      const a = p.str('PolicyArn');
      return a ? [{ arn: a.value, src: a.src }] : [];
    }),
    permissionsBoundaryArn: boundary,
    complete,
  };
}

export function adaptAuthorizationDetails(root: Fields, iam: IamState): void {
  for (const r of root.each('RoleDetailList')) iam.roles.push(adaptRole(r, true));
  for (const p of root.each('Policies')) {
    const arn = p.str('Arn')?.value ?? '';
    const name = p.str('PolicyName')?.value ?? arn;
    const versions = p.each('PolicyVersionList');
    const def =
      versions.find((v) => v.bool('IsDefaultVersion')?.value === true) ??
      versions.find((v) => v.str('VersionId')?.value === p.str('DefaultVersionId')?.value);
    const policy: IamManagedPolicy = {
      ref: { kind: 'IAMPolicy', name, namespace: null, address: arn },
      src: { ...p.at, resource: name },
      suppressions: [],
      arn,
      name,
      document: policyDocument(def?.node('Document')),
    };
    iam.managedPolicies.push(policy);
  }
}

/** `aws iam get-role-policy` output: attach the inline policy to the role of that name (created if not seen yet). */
export function adaptRolePolicy(f: Fields, iam: IamState): void {
  const roleName = f.str('RoleName')?.value ?? '';
  let role = iam.roles.find((r) => r.name === roleName);
  if (!role) {
    role = {
      ref: roleRef(roleName, undefined),
      src: { ...f.at, resource: roleName },
      suppressions: [],
      name: roleName,
      inlinePolicies: [],
      attachedPolicyArns: [],
      complete: false,
    };
    iam.roles.push(role);
  }
  role.inlinePolicies.push(
    policyRef(`inline:${f.str('PolicyName')?.value ?? '?'}`, f.node('PolicyDocument'), f.at),
  );
}

/**
 * Roles read from several files (get-role + get-role-policy) become one role. A CloudFormation
 * role is its template's own (keyed by its stand-in ARN): two templates declaring `TaskRole` stay two.
 */
export function mergeRoles(iam: IamState): void {
  const byKey = new Map<string, IamRole>();
  const merged: IamRole[] = [];
  for (const r of iam.roles) {
    const key = r.standInArn ?? r.name;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, r);
      merged.push(r);
      continue;
    }
    prev.arn ??= r.arn;
    if (prev.arn) prev.ref.address = prev.arn;
    prev.trustPolicy ??= r.trustPolicy;
    prev.complete ||= r.complete;
    for (const p of r.inlinePolicies)
      if (!prev.inlinePolicies.some((q) => q.id === p.id)) prev.inlinePolicies.push(p);
    for (const a of r.attachedPolicyArns)
      if (!prev.attachedPolicyArns.some((q) => q.arn === a.arn)) prev.attachedPolicyArns.push(a);
  }
  iam.roles = merged;
}

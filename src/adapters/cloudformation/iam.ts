/**
 * CloudFormation IAM resources into the model: AWS::IAM::Role (trust, `Policies`,
 * `ManagedPolicyArns`, `PermissionsBoundary`) and the policies that attach to roles
 * (AWS::IAM::Policy / RolePolicy / ManagedPolicy). A role is `complete` when all its policies are
 * in the template and fully resolved; a policy statement holding an unresolved value is left out
 * and makes the role incomplete (it can then prove an allow, never a deny).
 */
import type { IamRole, PolicyRef } from '../../model/aws/iam.js';
import type { ScopedAddress } from '../../model/aws/ref.js';
import type { InlineSuppression, ResourceRef } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { referenceOf, type Template, type TemplateResource } from '../../parse/cloudformation.js';
import {
  entry,
  hasUnresolved,
  isMap,
  isScalar,
  isSeq,
  type Node,
  setOwn,
  toPlain,
} from '../../parse/tree.js';
import { Fields } from '../fields.js';
import { policyDocument } from '../iam/iam.js';
import { cfnRef } from './ref.js';
import { templateStandIn } from './references.js';

export function cfnRole(
  r: TemplateResource,
  t: Template,
  ref: ResourceRef,
  src: Src,
  suppressions: InlineSuppression[],
  declared: ScopedAddress,
): IamRole {
  const props = entry(r.node, 'Properties')?.value;
  const f = Fields.of(props, r.node.src, 'pascal');
  const { name } = ref;
  let complete = true;
  const policy = (id: string, n: Node | undefined, fallback: Src): PolicyRef => {
    const p = policyRef(id, n, fallback);
    if (!p.complete) complete = false;
    return p.ref;
  };
  const trust = f.node('AssumeRolePolicyDocument');
  const attached: { arn: string; src: Src }[] = [];
  for (const v of f.strList('ManagedPolicyArns')) {
    // an unresolved ARN stays as its expression: a policy that is "not in the scanned files"
    attached.push({ arn: v.origin === 'unresolved' ? String(v.value) : v.value, src: v.src });
  }
  const boundary = f.str('PermissionsBoundary');
  if (boundary?.origin === 'unresolved') complete = false;
  const inlinePolicies = f
    .each('Policies')
    .map((p) => policy(`inline:${p.str('PolicyName')?.value ?? '?'}`, p.node('PolicyDocument'), p.at));
  return {
    ref,
    src,
    suppressions,
    name,
    trustPolicy: trust ? policy('trust', trust, r.node.src) : undefined,
    inlinePolicies,
    attachedPolicyArns: attached,
    permissionsBoundaryArn: boundary?.value,
    standInArn: templateStandIn(t, r.logicalId),
    declared,
    complete,
  };
}

/**
 * Policies attach to roles named by `Roles` (a Ref to a role of the template, or a role name).
 * Returns the number of resources added (managed policies).
 */
export function attachCfnPolicies(
  t: Template,
  roles: Map<string, IamRole>,
  state: State,
  suppressionsOf: (r: TemplateResource) => InlineSuppression[],
): number {
  let count = 0;
  const { iam } = state.aws;
  for (const r of t.resources) {
    const policyTypes = ['AWS::IAM::Policy', 'AWS::IAM::RolePolicy', 'AWS::IAM::ManagedPolicy'];
    if (!policyTypes.includes(r.type)) continue;
    const f = Fields.of(entry(r.node, 'Properties')?.value, r.node.src, 'pascal');
    const rawProps = entry(r.raw, 'Properties')?.value;
    // AWS::IAM::RolePolicy names one role (`RoleName`), the others a list (`Roles`)
    const roleName = entry(rawProps, 'RoleName')?.value;
    const rawRoles: Node | undefined =
      r.type === 'AWS::IAM::RolePolicy'
        ? roleName && { kind: 'seq', items: [roleName], src: roleName.src }
        : entry(rawProps, 'Roles')?.value;
    // a role not in this template (another stack's) is not seen
    const targets: (IamRole | undefined)[] = (isSeq(rawRoles) ? rawRoles.items : []).map((item) => {
      const refd = referenceOf(item);
      if (refd && !refd.attribute) return roles.get(refd.logicalId);
      const name = isScalar(item) ? String(item.value) : undefined;
      return [...roles.values()].find((role) => role.name === name);
    });
    if (r.type !== 'AWS::IAM::ManagedPolicy') {
      const p = policyRef(
        `inline:${f.str('PolicyName')?.value ?? r.logicalId}`,
        f.node('PolicyDocument'),
        r.node.src,
      );
      for (const role of targets) {
        if (!role) continue;
        role.inlinePolicies.push(p.ref);
        if (!p.complete) role.complete = false;
      }
    } else {
      const arn = templateStandIn(t, r.logicalId) ?? r.logicalId;
      const p = policyRef(arn, f.node('PolicyDocument'), r.node.src);
      const { ref, src } = cfnRef(t, r);
      iam.managedPolicies.push({
        ref,
        src,
        suppressions: suppressionsOf(r),
        arn,
        name: ref.name,
        document: p.ref.document,
      });
      count++;
      for (const role of targets) {
        if (!role) continue;
        if (!role.attachedPolicyArns.some((a) => a.arn === arn))
          role.attachedPolicyArns.push({ arn, src: r.keySrc });
        if (!p.complete) role.complete = false;
      }
    }
  }
  return count;
}

/**
 * A policy document as plain JSON for the IAM engine. Statements holding an unresolved value are
 * left out (`complete: false`): an unknown Resource must never read as "matches nothing".
 */
function policyRef(id: string, n: Node | undefined, fallback: Src): { ref: PolicyRef; complete: boolean } {
  if (isScalar(n) && typeof n.value === 'string') {
    // a policy written as a JSON string
    const document = policyDocument(n);
    return { ref: { id, document, src: n.src }, complete: document !== undefined };
  }
  if (!isMap(n)) {
    const complete = n === undefined;
    return { ref: { id, document: undefined, src: n?.src ?? fallback }, complete };
  }
  let complete = true;
  const statements = entry(n, 'Statement')?.value;
  const list = isSeq(statements) ? statements.items : statements ? [statements] : [];
  const kept = list.filter((s) => {
    if (hasUnresolved(s)) {
      complete = false;
      return false;
    }
    return true;
  });
  const doc: Record<string, unknown> = {};
  for (const e of n.entries) if (e.key !== 'Statement') setOwn(doc, e.key, toPlain(e.value));
  doc.Statement = kept.map(toPlain);
  return { ref: { id, document: doc, src: n.src }, complete };
}

/**
 * What a scanned IAM role may do, asked through hako's IAM evaluator. Three answers: `yes` (an
 * allow that holds whatever the unknowns), `no` (certainly denied, with every policy of the role
 * known), `unknown` (a condition on something not in the files, a policy not scanned, a role not
 * scanned). Rules fire only on `yes`/`no`, never on `unknown`.
 */
import { readFileSync } from 'node:fs';
import { type ContextValue, evaluate, type NamedPolicy } from '../../engines/iam/index.js';
import type { IamRole } from '../../model/aws/iam.js';
import { type RoleRef, resolveRole } from '../../model/aws/ref.js';
import type { State } from '../../model/state.js';
import type { Related } from '../types.js';

export type Answer = 'yes' | 'no' | 'unknown';

export interface RoleView {
  role: IamRole;
  policies: NamedPolicy[];
  boundary?: NamedPolicy[];
  /** Attached managed policies (or the boundary) whose document is not known. */
  missing: string[];
  complete: boolean;
}

let knownManaged: Record<string, unknown> | undefined;
function awsManagedPolicy(arn: string): unknown {
  knownManaged ??= (
    JSON.parse(readFileSync(new URL('../../data/aws-managed-policies.json', import.meta.url), 'utf8')) as {
      policies: Record<string, unknown>;
    }
  ).policies;
  return knownManaged[arn];
}

function accountOf(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[4] : undefined;
}

/**
 * The scanned role a task definition (`taskRole`, `executionRole`) refers to, through the one
 * resolver (model/aws/ref.ts): a scoped address finds the role declared there; an ARN or name, the
 * role with that ARN, else by name in the same account.
 */
export function findRole(state: State, ref: RoleRef | undefined): IamRole | undefined {
  return resolveRole(state, ref);
}

export function roleView(state: State, role: IamRole): RoleView {
  const policies: NamedPolicy[] = role.inlinePolicies.map((p) => ({
    id: `${role.name} ${p.id}`,
    document: p.document,
  }));
  const missing: string[] = [];
  const managed = (arn: string) =>
    state.aws.iam.managedPolicies.find((m) => m.arn === arn)?.document ?? awsManagedPolicy(arn);
  for (const a of role.attachedPolicyArns) {
    const doc = managed(a.arn);
    if (doc === undefined) missing.push(a.arn);
    else policies.push({ id: a.arn, document: doc });
  }
  let boundary: NamedPolicy[] | undefined;
  if (role.permissionsBoundaryArn) {
    const doc = managed(role.permissionsBoundaryArn);
    if (doc === undefined) missing.push(role.permissionsBoundaryArn);
    else boundary = [{ id: role.permissionsBoundaryArn, document: doc }];
  }
  return { role, policies, boundary, missing, complete: role.complete && missing.length === 0 };
}

/** May the role perform `action` on `resource` (same account, identity side)? */
export function can(
  view: RoleView,
  action: string,
  resource: string,
  context: Record<string, ContextValue> = {},
): Answer {
  const principalArn = view.role.arn;
  const ctx: Record<string, ContextValue> = { ...context };
  if (principalArn) {
    ctx['aws:PrincipalArn'] = principalArn;
    ctx['aws:PrincipalAccount'] = accountOf(principalArn) ?? '';
  }
  const r = evaluate(
    { identity: view.policies, boundary: view.boundary },
    {
      action,
      resource,
      context: ctx,
      principal: principalArn ? { type: 'AWS', id: principalArn } : undefined,
    },
    { missingKeys: 'uncertain', sameAccount: true },
  );
  if (r.certain && r.decision === 'allow') return 'yes';
  if (r.certain && r.decision === 'explicit-deny') return 'no';
  if (r.certain && view.complete) return 'no';
  return 'unknown';
}

/** `related` entries: where the role is, and which of its policies could not be read. */
export function roleRelated(view: RoleView, what: 'task role' | 'execution role'): Related[] {
  const out: Related[] = [
    {
      src: view.role.src,
      note: what === 'task role' ? 'taskRoleDefinedHere' : 'executionRoleDefinedHere',
      data: { name: view.role.name },
    },
  ];
  for (const m of view.missing)
    out.push({ src: view.role.src, note: 'policyNotScanned', data: { policy: m } });
  return out;
}

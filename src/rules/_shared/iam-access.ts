/**
 * What a scanned IAM role may do, asked through hako's IAM evaluator. Three answers: `yes` (an
 * allow that holds whatever the unknowns), `no` (certainly denied, with every policy of the role
 * known), `unknown` (a condition on something not in the files, a policy not scanned, a role not
 * scanned). Rules fire only on `yes`/`no`, never on `unknown`.
 */
import { readFileSync } from 'node:fs';
import { type ContextValue, evaluate, type NamedPolicy } from '../../engines/iam/index.js';
import type { IamRole } from '../../model/aws/iam.js';
import { hasUnknownField, type RoleRef, resolveRole } from '../../model/aws/ref.js';
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
  /**
   * Every policy the scanned configuration attaches was read, but the role does not manage its
   * policies exclusively (IamRole.closed): a deny is decided, and roleRelated says what it assumes.
   */
  closed: boolean;
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
  const complete = role.complete && missing.length === 0;
  return {
    role,
    policies,
    boundary,
    missing,
    complete,
    closed: !complete && !!role.closed && missing.length === 0,
  };
}

/**
 * May the role perform `action` on `resource` (same account, identity side)? A resource with a
 * stand-in field (`<unknown>`: a scanned resource whose account, Region or name suffix is not known
 * offline) is allowed only by a pattern that matches whatever that field is (a wildcard there), and
 * denied when the role is granted the action on no resource at all.
 */
export function can(
  view: RoleView,
  action: string,
  resource: string,
  context: Record<string, ContextValue> = {},
): Answer {
  const r = decide(view.policies, view.boundary, view, action, resource, context);
  if (r.certain && r.decision === 'allow') return 'yes';
  if (r.certain && r.decision === 'explicit-deny') return 'no';
  const known = view.complete || view.closed;
  if (!hasUnknownField(resource)) return r.certain && known ? 'no' : 'unknown';
  // the exact resource is not known: only "granted on no resource at all" decides a deny
  const wide = decide(
    widen(view.policies),
    view.boundary && widen(view.boundary),
    view,
    action,
    '*',
    context,
  );
  return wide.certain && wide.decision !== 'allow' && known ? 'no' : 'unknown';
}

function decide(
  identity: NamedPolicy[],
  boundary: NamedPolicy[] | undefined,
  view: RoleView,
  action: string,
  resource: string,
  context: Record<string, ContextValue>,
) {
  const principalArn = view.role.arn;
  const ctx: Record<string, ContextValue> = { ...context };
  if (principalArn) {
    ctx['aws:PrincipalArn'] = principalArn;
    ctx['aws:PrincipalAccount'] = accountOf(principalArn) ?? '';
  }
  return evaluate(
    { identity, boundary },
    {
      action,
      resource,
      context: ctx,
      principal: principalArn ? { type: 'AWS', id: principalArn } : undefined,
    },
    // identity side only: a key policy is judged apart (ECS-016)
    { missingKeys: 'uncertain', sameAccount: true, resourcePolicyRequired: false },
  );
}

/** The policies with every Allow on every resource (`Resource: "*"`) and no Deny: "is it granted anywhere?". */
function widen(policies: NamedPolicy[]): NamedPolicy[] {
  return policies.map((p) => {
    let doc = p.document;
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc) as unknown;
      } catch {
        return p;
      }
    }
    if (typeof doc !== 'object' || doc === null) return p;
    const statement = (doc as { Statement?: unknown }).Statement;
    const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    const kept = list.flatMap((st: unknown) => {
      if (typeof st !== 'object' || st === null) return [st];
      const o = st as Record<string, unknown>;
      if (o.Effect === 'Deny') return [];
      const { Resource: _r, NotResource: _n, ...rest } = o;
      return [{ ...rest, Resource: '*' }];
    });
    return { id: p.id, document: { ...(doc as object), Statement: kept } };
  });
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
  if (view.closed)
    out.push({ src: view.role.src, note: 'roleClosedAssumed', data: { name: view.role.name } });
  return out;
}

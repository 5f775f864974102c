/**
 * What a scanned IAM role may do, asked through hako's IAM evaluator. Three answers: `yes` (an
 * allow that holds whatever the unknowns), `no` (certainly denied, with every policy of the role
 * known), `unknown` (a condition on something not in the files, a policy not scanned, a role not
 * scanned). Rules fire only on `yes`/`no`, never on `unknown`.
 */
import { type Answer, can, type RoleView, roleView } from '../../engines/identity/access.js';
import type { IamRole } from '../../model/aws/iam.js';
import { type RoleRef, resolveRole } from '../../model/aws/ref.js';
import type { State } from '../../model/state.js';
import type { Related } from '../types.js';

export { type Answer, can, type RoleView, roleView };

/**
 * The scanned role a task definition (`taskRole`, `executionRole`) refers to, through the one
 * resolver (model/aws/ref.ts): a scoped address finds the role declared there; an ARN or name, the
 * role with that ARN, else by name in the same account.
 */
export function findRole(state: State, ref: RoleRef | undefined): IamRole | undefined {
  return resolveRole(state, ref);
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

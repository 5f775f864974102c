/**
 * References between AWS resources of one scan, and the one resolver every role join uses.
 *
 * A `RoleRef` is what a task definition, node group or pod identity association says about its
 * role: a real ARN or name as written (`arn:aws:iam::123456789012:role/app`, `app`), or a scoped
 * address of a role declared in the same Terraform root module (`root` + address, module path
 * included) or CloudFormation template (file + logical ID). A scoped address names only its own
 * configuration's role: two templates that both declare `TaskRole` never join each other's.
 */
import type { State } from '../state.js';
import { isStandInArn } from './cloudformation.js';
import { type IamRole, roleNameFromArn } from './iam.js';

/** Terraform stand-ins: computed identifiers not knowable offline (account and Region unknown). */
export const tfRoleArn = (name: string) => `arn:aws:iam::<unknown>:role/${name}`;
export const tfPolicyArn = (name: string) => `arn:aws:iam::<unknown>:policy/${name}`;
export const tfClusterArn = (name: string) => `arn:aws:ecs:<unknown>:<unknown>:cluster/${name}`;
export const tfSecretArn = (name: string) =>
  `arn:aws:secretsmanager:<unknown>:<unknown>:secret:${name}-<unknown>`;
export const tfKmsKeyArn = (name: string) => `arn:aws:kms:<unknown>:<unknown>:key/${name}`;
/** True when an ARN holds a stand-in field (`<unknown>`): wildcards match it, literals never. */
export const hasUnknownField = (arn: string) => arn.includes('<unknown>');
export const tfTaskDefinitionArn = (family: string) =>
  `arn:aws:ecs:<unknown>:<unknown>:task-definition/${family}`;

/** Where a resource is declared, when it comes from IaC: one key per root module / template. */
export interface ScopedAddress {
  format: 'terraform' | 'cloudformation';
  /** Terraform root module directory; CloudFormation template file. */
  scope: string;
  /**
   * Terraform block address with its module path (module instance keys included, the resource's
   * own `count` / `for_each` key not); CloudFormation logical ID.
   */
  address: string;
}

/**
 * A role as a file names it: the ARN or name as written (`arn`), and, when the value refers to a
 * role of the same root module / template, its scoped address. Several instances of one block
 * (`count` / `for_each`) share a scoped address: the written value then tells them apart.
 */
export type RoleRef = { arn: string; scoped?: ScopedAddress } | { scoped: ScopedAddress; arn?: string };

export function scopedKey(s: ScopedAddress): string {
  return `${s.format}\0${s.scope}\0${s.address}`;
}

/** The account of an ARN; undefined when not known (a Terraform stand-in's `<unknown>`). */
function accountOf(arn: string): string | undefined {
  const account = arn.startsWith('arn:') ? arn.split(':')[4] : undefined;
  return account === '<unknown>' ? undefined : account;
}

interface RoleIndex {
  byScoped: Map<string, IamRole[]>;
  byArn: Map<string, IamRole>;
  byName: Map<string, IamRole[]>;
}

/** Built once per scan (per role list): every join is a map look-up. */
const indexes = new WeakMap<IamRole[], { size: number; index: RoleIndex }>();

function indexOf(roles: IamRole[]): RoleIndex {
  const hit = indexes.get(roles);
  if (hit && hit.size === roles.length) return hit.index;
  const index: RoleIndex = { byScoped: new Map(), byArn: new Map(), byName: new Map() };
  for (const r of roles) {
    if (r.declared) {
      const k = scopedKey(r.declared);
      const at = index.byScoped.get(k);
      if (at) at.push(r);
      else index.byScoped.set(k, [r]);
    }
    if (r.arn && !index.byArn.has(r.arn)) index.byArn.set(r.arn, r);
    if (r.standInArn && !index.byArn.has(r.standInArn)) index.byArn.set(r.standInArn, r);
    index.byName.set(r.name, [...(index.byName.get(r.name) ?? []), r]);
  }
  indexes.set(roles, { size: roles.length, index });
  return index;
}

/**
 * The scanned role a reference names. A scoped address: the role declared there (of several
 * instances declared there, the one the written value names). An ARN: the role with that ARN, else
 * by name in the same account (a role from IaC has no real ARN yet, so a literal ARN or name finds
 * it by name).
 */
export function resolveRole(state: State, ref: RoleRef | undefined): IamRole | undefined {
  if (ref === undefined) return undefined;
  const index = indexOf(state.aws.iam.roles);
  if (ref.scoped) {
    const at = index.byScoped.get(scopedKey(ref.scoped)) ?? [];
    if (at.length <= 1 || ref.arn === undefined) return at.length === 1 ? at[0] : undefined;
    const r = byArn(index, ref.arn);
    return r && at.includes(r) ? r : undefined;
  }
  return ref.arn === undefined ? undefined : byArn(index, ref.arn);
}

function byArn(index: RoleIndex, arn: string): IamRole | undefined {
  const hit = index.byArn.get(arn);
  // a CloudFormation stand-in (a reference read inside `Fn::Sub`/`Fn::Join`, which carries no
  // scoped address) names only its own template's role
  if (hit || isStandInArn(arn)) return hit;
  const name = roleNameFromArn(arn);
  return index.byName
    .get(name)
    ?.find(
      (r) => !r.arn || !accountOf(arn) || !accountOf(r.arn) || sameAccount(accountOf(r.arn), accountOf(arn)),
    );
}

/** A Terraform role's account is not known offline (`<unknown>`): it may be any account. */
function sameAccount(role: string | undefined, named: string | undefined): boolean {
  return role === named || role === '<unknown>';
}

/**
 * Shared by IAM-001..IAM-004: every scanned role whose trust lets an OIDC provider assume it with a
 * web identity token, and how open that trust is per provider (engines/identity/trust.ts), computed
 * once per scan.
 */
import {
  irsaTrust,
  type ProviderOpenness,
  providerOpenness,
  roleArnOf,
} from '../../engines/identity/trust.js';
import { oidcIndex } from '../../engines/identity/workload-roles.js';
import type { IamRole } from '../../model/aws/iam.js';
import type { State } from '../../model/state.js';

export interface IrsaRole {
  role: IamRole;
  providers: ProviderOpenness[];
}

const cache = new WeakMap<State, { n: number; roles: IrsaRole[] }>();

export function irsaRoles(state: State): IrsaRole[] {
  const n = state.aws.iam.roles.length + state.aws.eks.oidcProviders.length;
  const hit = cache.get(state);
  if (hit?.n === n) return hit.roles;
  const oidc = oidcIndex(state);
  const roles: IrsaRole[] = [];
  for (const role of state.aws.iam.roles) {
    const doc = role.trustPolicy?.document;
    if (doc === undefined) continue;
    const trust = irsaTrust(doc);
    if (trust.providers.length === 0) continue;
    roles.push({
      role,
      providers: trust.providers.map((p) =>
        providerOpenness(
          doc,
          trust,
          { arn: p.arn, hosts: oidc.hostsOf(p.arn) },
          p.statement,
          roleArnOf(role),
        ),
      ),
    });
  }
  cache.set(state, { n, roles });
  return roles;
}

/** How a provider is named in a message: the scanned provider's address, else its host/path. */
export function providerLabel(state: State, arn: string): string {
  const p = oidcIndex(state).providerOf(arn);
  if (p) return p.ref.address;
  const i = arn.indexOf(':oidc-provider/');
  return i >= 0 ? arn.slice(i + 15) : arn;
}

/** The host/path a condition key should start with (the provider's real one when known). */
export function keyHost(hosts: string[]): string {
  return hosts.find((h) => !h.includes('.unknown.hako/')) ?? hosts[0] ?? '<issuer>';
}

/** NET-001 / NET-002: which namespaces (with workloads) lack a default-deny policy for a direction. */
import { isEmptySelector } from '../../engines/netpol/selector.js';
import { appliesTo, type NetworkPolicy, type PolicyType } from '../../model/k8s/netpol.js';
import type { State } from '../../model/state.js';
import type { RuleContext } from '../types.js';
import { enforcementNotes, namespaceAnchor, netView, SYSTEM_NAMESPACES } from './_netpol.js';

/**
 * A default-deny policy for a direction: valid, selects every pod of its namespace (`podSelector: {}`),
 * has the direction in its policy types and no rule that allows everything (no peers and no ports).
 */
export function isDefaultDeny(p: NetworkPolicy, dir: PolicyType): boolean {
  if (p.problems.length > 0 || !isEmptySelector(p.podSelector) || !appliesTo(p, dir)) return false;
  const rules = dir === 'Ingress' ? p.ingress : p.egress;
  return !rules.some((r) => r.peers.length === 0 && r.ports.length === 0);
}

export function checkDefaultDeny(state: State, ctx: RuleContext<'missing'>, dir: PolicyType): void {
  const v = netView(state);
  for (const ns of v.namespacesWithWorkloads) {
    if (SYSTEM_NAMESPACES.has(ns)) continue;
    const policies = state.k8s.networkPolicies.filter((p) => p.namespace.value === ns);
    if (policies.some((p) => isDefaultDeny(p, dir))) continue;
    const anchor = namespaceAnchor(state, ns);
    const workloads = state.k8s.workloads.filter((w) => w.namespace.value === ns).length;
    ctx.report({
      at: anchor.at,
      resource: anchor.resource,
      messageId: 'missing',
      data: { namespace: ns, workloads, policies: policies.length },
      related: enforcementNotes(v),
    });
  }
}

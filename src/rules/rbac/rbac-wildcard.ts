/**
 * RBAC-003: a `*` in a rule's verbs, resources or apiGroups, written in a scanned Role or
 * ClusterRole the API server accepts. A wildcard grants every present and future verb, resource or
 * API group (CRDs included), and `*` resources cover every subresource (kubernetes-rbac.md §4).
 */
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { RBAC_GOOD_DOC, rbacGraph } from './_helpers.js';

export default defineRule<'wildcard'>({
  meta: {
    id: 'RBAC-003',
    slug: 'rbac-wildcard',
    service: 'rbac',
    severity: 'medium',
    title: {
      en: 'Wildcard verbs, resources or apiGroups',
      ja: 'verbs・resources・apiGroups にワイルドカード',
    },
    rationale: {
      en: 'A `*` grants every verb, resource or API group that exists now or is added later, custom resources included, and `*` resources also cover every subresource such as `pods/exec`. Such rules grant far more than the workload needs and grow silently.',
      ja: '`*` は現在および今後追加されるすべての verb・リソース・API グループ（カスタムリソースを含む）を許可し、リソースの `*` は `pods/exec` などすべてのサブリソースも含みます。必要以上の権限を与え、気付かないうちに広がります。',
    },
    remediation: {
      en: 'List the verbs, resources and API groups the subject needs explicitly.',
      ja: '必要な verb・リソース・API グループを明示的に列挙してください。',
    },
    references: [`${RBAC_GOOD_DOC}#least-privilege`],
    equivalents: noEquivalents({ kubeLinter: ['wildcard-in-rules'] }),
    inputs: ['kubernetes'],
    messages: {
      en: { wildcard: '{kind} {name} grants "*" in {field}' },
      ja: { wildcard: '{kind} {name} が {field} に "*" を許可しています' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    const rejected = new Set(g.problems.filter((p) => p.rejected).map((p) => p.resource));
    for (const role of [...state.k8s.rbac.clusterRoles, ...state.k8s.rbac.roles]) {
      // a rejected role is RBAC-006's; an aggregated role's rules are its sources' (reported there)
      if (rejected.has(role) || role.aggregationRule) continue;
      for (const rule of role.rules)
        for (const field of ['verbs', 'resources', 'apiGroups'] as const) {
          const star = rule[field].find((v) => isKnown(v) && v.value === '*');
          if (star)
            ctx.report({
              at: star.src,
              resource: role,
              messageId: 'wildcard',
              data: { kind: role.kind, name: role.name, field },
            });
        }
    }
  },
});

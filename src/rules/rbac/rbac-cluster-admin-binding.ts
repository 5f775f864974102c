/**
 * RBAC-001: a non-system subject bound to `cluster-admin`, or to any role whose effective rules
 * (aggregation included) are full authority: `*` verbs on `*` resources of `*` groups. Through a
 * ClusterRoleBinding that is the whole cluster; through a RoleBinding, full control of the namespace,
 * the Namespace object included (kubernetes-rbac.md §1, §8).
 */
import { roleOf } from '../../engines/rbac/index.js';
import { defineRule, noEquivalents } from '../types.js';
import { RBAC_DOC, RBAC_GOOD_DOC, rbacGraph, scannedBindings, subjectText } from './_helpers.js';

export default defineRule<'cluster' | 'namespace'>({
  meta: {
    id: 'RBAC-001',
    slug: 'rbac-cluster-admin-binding',
    service: 'rbac',
    severity: 'high',
    title: {
      en: 'Non-system subject bound to cluster-admin',
      ja: 'システム以外のサブジェクトが cluster-admin にバインドされている',
    },
    rationale: {
      en: '`cluster-admin` (and any role whose rules amount to `*` on `*`, for example an aggregated ClusterRole with an empty selector) allows every action on every resource. Bound cluster-wide it controls the whole cluster; bound in a namespace it controls everything there, the Namespace object included. A leaked token or compromised workload of such a subject is a cluster compromise.',
      ja: '`cluster-admin`（および空のセレクターで集約した ClusterRole のように実質 `*` に `*` を許すロール）はすべてのリソースへのすべての操作を許します。クラスター全体にバインドすればクラスター全体を、namespace にバインドすれば Namespace オブジェクトを含むその中のすべてを制御できます。そのサブジェクトのトークン漏えいやワークロード侵害はクラスターの侵害になります。',
    },
    remediation: {
      en: 'Bind a least-privilege Role or ClusterRole that lists the verbs and resources the subject needs; keep cluster-admin to break-glass users in `system:masters` equivalents that are reviewed.',
      ja: '必要な verb とリソースだけを列挙した最小権限の Role / ClusterRole をバインドし、cluster-admin はレビュー済みの緊急用ユーザーに限定してください。',
    },
    references: [`${RBAC_DOC}#user-facing-roles`, RBAC_GOOD_DOC],
    equivalents: noEquivalents({
      kubeLinter: ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin'],
    }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        cluster: '{subject} is bound cluster-wide to {role}, which allows every action on every resource',
        namespace: '{subject} is bound in namespace {namespace} to {role}, which allows every action there',
      },
      ja: {
        cluster:
          '{subject} がクラスター全体で {role} にバインドされており、すべてのリソースへのすべての操作が許可されます',
        namespace:
          '{subject} が namespace {namespace} で {role} にバインドされており、そこでのすべての操作が許可されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    for (const b of scannedBindings(g)) {
      const role = roleOf(g, b);
      if (!role) continue;
      const full = role.rules.some(
        (r) =>
          r.verbs.includes('*') &&
          r.apiGroups.includes('*') &&
          r.resources.includes('*') &&
          r.resourceNames.length === 0,
      );
      if (!full) continue;
      for (const s of b.subjects) {
        if (s.name.startsWith('system:') && s.kind !== 'ServiceAccount') continue;
        ctx.report({
          at: s.src ?? b.src!,
          resource: b.resource!,
          messageId: b.kind === 'ClusterRoleBinding' ? 'cluster' : 'namespace',
          data: { subject: subjectText(s), role: role.key.name, namespace: b.namespace ?? '' },
        });
      }
    }
  },
});

/**
 * RBAC-005: a binding whose subjects include the user `system:anonymous` or the group
 * `system:unauthenticated`: whatever the role grants, anyone who can reach the API server gets it
 * without credentials (kubernetes-rbac.md §3). Reported even when the role does not exist yet: the
 * binding grants the moment it is created.
 */
import { defineRule, noEquivalents } from '../types.js';
import { RBAC_GOOD_DOC, rbacGraph, scannedBindings } from './_helpers.js';

export default defineRule<'anonymous'>({
  meta: {
    id: 'RBAC-005',
    slug: 'rbac-anonymous-binding',
    service: 'rbac',
    severity: 'critical',
    title: {
      en: 'Binding to system:anonymous or system:unauthenticated',
      ja: 'system:anonymous または system:unauthenticated へのバインディング',
    },
    rationale: {
      en: 'Requests without credentials authenticate as the user `system:anonymous` in the group `system:unauthenticated` when anonymous authentication is on. A binding to either grants its role to anyone who can reach the API server endpoint, which on EKS is public by default.',
      ja: '匿名認証が有効な場合、認証情報のないリクエストはグループ `system:unauthenticated` のユーザー `system:anonymous` として認証されます。どちらかへのバインディングは、API サーバーのエンドポイント（EKS ではデフォルトで公開）に到達できる誰にでもそのロールを与えます。',
    },
    remediation: {
      en: 'Remove the anonymous subject from the binding and bind authenticated users or groups instead.',
      ja: 'バインディングから匿名のサブジェクトを外し、認証済みのユーザーまたはグループをバインドしてください。',
    },
    references: [
      'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
      RBAC_GOOD_DOC,
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: { anonymous: '{binding} binds {subject} (unauthenticated requests) to {role}' },
      ja: { anonymous: '{binding} が {subject}（認証されていないリクエスト）を {role} にバインドしています' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    for (const b of scannedBindings(g))
      for (const s of b.subjects)
        if (
          (s.kind === 'User' && s.name === 'system:anonymous') ||
          (s.kind === 'Group' && s.name === 'system:unauthenticated')
        )
          ctx.report({
            at: s.src ?? b.src!,
            resource: b.resource!,
            messageId: 'anonymous',
            data: {
              binding: `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`,
              subject: s.name,
              role: b.roleRef.name,
            },
          });
  },
});

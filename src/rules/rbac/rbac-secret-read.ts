/**
 * RBAC-002: read access to Secrets (`get` without resourceNames, `list`, `watch`) granted
 * cluster-wide by a ClusterRoleBinding or in `kube-system` by a RoleBinding. Judged on the
 * role's effective rules, so `edit`/`admin` (Secrets through aggregation) count and `view` does
 * not (kubernetes-rbac.md §7, §8). `list`/`watch` responses carry the Secret contents.
 */
import { roleOf, ruleAllows } from '../../engines/rbac/index.js';
import { defineRule, noEquivalents } from '../types.js';
import { RBAC_GOOD_DOC, rbacGraph, scannedBindings, subjectText } from './_helpers.js';

const READ = ['get', 'list', 'watch'];

export default defineRule<'cluster' | 'kubeSystem'>({
  meta: {
    id: 'RBAC-002',
    slug: 'rbac-secret-read',
    service: 'rbac',
    severity: 'high',
    title: {
      en: 'Read access to Secrets cluster-wide or in kube-system',
      ja: 'クラスター全体または kube-system の Secret を読み取れる',
    },
    rationale: {
      en: 'Reading Secrets cluster-wide, or in kube-system where controller and cloud credentials live, hands out every token and password they hold: `list` and `watch` return the Secret contents, not just names. Roles such as `edit` and `admin` include Secret reads through aggregation.',
      ja: 'クラスター全体、またはコントローラーやクラウドの認証情報がある kube-system の Secret を読み取れると、そこにあるすべてのトークンとパスワードを渡すことになります。`list` と `watch` は名前だけでなく Secret の中身を返します。`edit` や `admin` は集約により Secret の読み取りを含みます。',
    },
    remediation: {
      en: 'Grant Secret reads in the namespaces that need them only, with `resourceNames` naming the Secrets; bind `view` instead of `edit` where read access is enough.',
      ja: 'Secret の読み取りは必要な namespace に限り、`resourceNames` で Secret を指定して許可してください。読み取りだけでよい場合は `edit` ではなく `view` をバインドしてください。',
    },
    references: [`${RBAC_GOOD_DOC}#listing-secrets`],
    equivalents: noEquivalents({ checkov: ['CKV2_K8S_5'], kubeLinter: ['access-to-secrets'] }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        cluster: '{subject} can {verbs} Secrets in every namespace through {role}',
        kubeSystem: '{subject} can {verbs} Secrets in kube-system through {role}',
      },
      ja: {
        cluster: '{subject} は {role} によりすべての namespace の Secret を {verbs} できます',
        kubeSystem: '{subject} は {role} により kube-system の Secret を {verbs} できます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    for (const b of scannedBindings(g)) {
      if (b.kind === 'RoleBinding' && b.namespace !== 'kube-system') continue;
      const role = roleOf(g, b);
      if (!role) continue;
      // no name: `get` counts only without resourceNames, as list and watch
      const verbs = READ.filter((verb) =>
        role.rules.some((r) =>
          ruleAllows(r, { verb, apiGroup: '', resource: 'secrets', namespace: 'kube-system' }),
        ),
      );
      if (verbs.length === 0) continue;
      for (const s of b.subjects)
        ctx.report({
          at: s.src ?? b.src!,
          resource: b.resource!,
          messageId: b.kind === 'ClusterRoleBinding' ? 'cluster' : 'kubeSystem',
          data: { subject: subjectText(s), verbs: verbs.join('/'), role: role.key.name },
        });
    }
  },
});

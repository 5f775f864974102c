/**
 * K8S-006: the pod gets its ServiceAccount's API token mounted although no RoleBinding or
 * ClusterRoleBinding of the scan grants that ServiceAccount anything, so the token only serves an
 * attacker. Mounted means: the pod's `automountServiceAccountToken` is `true`, or it is unset and
 * no scanned ServiceAccount that may be the pod's sets `false` (the pod field wins over the
 * ServiceAccount's, so a pod `true` overriding a ServiceAccount `false` is reported as such).
 * Bindings count when they name the ServiceAccount (kind ServiceAccount, or User
 * `system:serviceaccount:<ns>:<name>`) or a group of ServiceAccounts (`system:serviceaccounts`,
 * `system:serviceaccounts:<ns>`, `system:authenticated`), in any namespace the pod may be in.
 * Absence is only knowable when the RBAC is in the scan: the rule fires only when the scan holds
 * at least one RoleBinding/ClusterRoleBinding or the ServiceAccount object itself. IRSA and EKS
 * Pod Identity use their own projected tokens and keep working with the automount off.
 */
import { defineRule, noEquivalents, type Related } from '../types.js';
import {
  accountIndex,
  accountsFor,
  nameLabel,
  namespaceOf,
  objectLabel,
  subjectsFor,
  tokenMount,
} from './_objects.js';

export default defineRule<'unbound' | 'unboundExplicit' | 'overridesOptOut' | 'accountOptsOut'>({
  meta: {
    id: 'K8S-006',
    slug: 'k8s-service-account-token',
    service: 'k8s',
    severity: 'medium',
    title: {
      en: 'Service account token mounted but never granted anything',
      ja: '権限のないサービスアカウントのトークンがマウントされている',
    },
    rationale: {
      en: 'By default every pod gets a token of its ServiceAccount at `/var/run/secrets/kubernetes.io/serviceaccount`, usable against the Kubernetes API from anywhere the pod can reach it. When no RoleBinding or ClusterRoleBinding grants that ServiceAccount anything, the application does not use the API, and the token only helps an attacker who gets into the container: it authenticates them to the API server for discovery, and it gains whatever the ServiceAccount is granted later. IRSA and EKS Pod Identity use separate projected tokens and do not need the automount.',
      ja: '既定では、すべての Pod に ServiceAccount のトークンが `/var/run/secrets/kubernetes.io/serviceaccount` にマウントされ、Pod から到達できる場所ならどこからでも Kubernetes API に使えます。その ServiceAccount に権限を与える RoleBinding や ClusterRoleBinding がなければ、アプリケーションは API を使っておらず、トークンはコンテナに侵入した攻撃者の役にしか立ちません。攻撃者は API サーバーに認証して探索でき、後から ServiceAccount に付与される権限も手に入れます。IRSA と EKS Pod Identity は別の投影トークンを使うため、自動マウントは不要です。',
    },
    remediation: {
      en: 'Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount, for every pod that uses it); if the application does call the Kubernetes API, bind the ServiceAccount to a Role with just the access it needs.',
      ja: 'Pod 仕様（またはそれを使うすべての Pod に効く ServiceAccount）で `automountServiceAccountToken: false` を設定してください。アプリケーションが Kubernetes API を呼び出す場合は、必要なアクセスだけを持つ Role に ServiceAccount をバインドしてください。',
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_K8S_38'], polaris: ['automountServiceAccountToken'] }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        unbound:
          '{kind} {name} gets the token of ServiceAccount {account} mounted (automountServiceAccountToken unset, default true), but no RoleBinding or ClusterRoleBinding in the scan grants that ServiceAccount anything',
        unboundExplicit:
          '{kind} {name} sets automountServiceAccountToken: true for ServiceAccount {account}, but no RoleBinding or ClusterRoleBinding in the scan grants that ServiceAccount anything',
        overridesOptOut:
          '{kind} {name} sets automountServiceAccountToken: true, overriding ServiceAccount {account}, which opts out, and no RoleBinding or ClusterRoleBinding in the scan grants that ServiceAccount anything',
        accountOptsOut: 'ServiceAccount {account} sets automountServiceAccountToken: false',
      },
      ja: {
        unbound:
          '{kind} {name} には ServiceAccount {account} のトークンがマウントされます（automountServiceAccountToken は未設定で既定値 true）が、スキャン対象にその ServiceAccount に権限を与える RoleBinding も ClusterRoleBinding もありません',
        unboundExplicit:
          '{kind} {name} は ServiceAccount {account} について automountServiceAccountToken: true を設定していますが、スキャン対象にその ServiceAccount に権限を与える RoleBinding も ClusterRoleBinding もありません',
        overridesOptOut:
          '{kind} {name} は automountServiceAccountToken: true を設定して、自動マウントを無効にしている ServiceAccount {account} の設定を上書きしています。スキャン対象にその ServiceAccount に権限を与える RoleBinding も ClusterRoleBinding もありません',
        accountOptsOut: 'ServiceAccount {account} は automountServiceAccountToken: false を設定しています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const idx = accountIndex(state);
    for (const w of state.k8s.workloads) {
      const ns = namespaceOf(w);
      const account = w.pod.serviceAccountName.value;
      const scanned = accountsFor(idx, ns, account);
      if (!idx.hasBindings && scanned.length === 0) continue;
      const mount = tokenMount(w, idx);
      if (!mount.mounted || subjectsFor(idx, ns, account, 'possible').length > 0) continue;
      const data = { kind: w.kind, name: objectLabel(w), account: nameLabel(account) };
      const own = w.pod.automountServiceAccountToken;
      if (mount.by === 'pod' && own) {
        const related: Related<'accountOptsOut'>[] = mount.overrides
          ? [{ src: mount.overrides, messageId: 'accountOptsOut', data: { account: nameLabel(account) } }]
          : [];
        ctx.report({
          at: own.src,
          resource: w,
          messageId: mount.overrides ? 'overridesOptOut' : 'unboundExplicit',
          data,
          related,
        });
      } else {
        ctx.report({ at: w.srcAt(''), resource: w, messageId: 'unbound', data });
      }
    }
  },
});

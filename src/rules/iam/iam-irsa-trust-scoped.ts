/**
 * IAM-001: an IRSA trust (an Allow of `sts:AssumeRoleWithWebIdentity` to an EKS OIDC provider) that
 * lets a ServiceAccount of any namespace assume the role: no `:sub` condition for that provider, a
 * wildcard in the namespace position (`system:serviceaccount:*:*`, `system:serviceaccount:*`), or a
 * namespace pattern (`system:serviceaccount:team-*:*`). Decided by the IAM evaluator with probe
 * tokens (engines/identity/trust.ts), across every statement, with `ForAnyValue` and negated
 * operators as IAM evaluates them. A wildcard ServiceAccount inside one named namespace
 * (`system:serviceaccount:prod:*`) is the documented pattern and does not fire. A trust with a value
 * hako could not resolve is not judged.
 */
import { defineRule, noEquivalents } from '../types.js';
import { irsaRoles, keyHost, providerLabel } from './_irsa.js';

export default defineRule<'noSub' | 'anyNamespace' | 'namespacePattern'>({
  meta: {
    id: 'IAM-001',
    slug: 'iam-irsa-trust-scoped',
    service: 'iam',
    severity: 'critical',
    title: {
      en: 'IRSA trust admits ServiceAccounts of any namespace',
      ja: 'IRSA の信頼ポリシーが任意の名前空間の ServiceAccount を許可している',
    },
    rationale: {
      en: "An IAM role for service accounts trusts the cluster's OIDC provider (`Principal.Federated`) for `sts:AssumeRoleWithWebIdentity`. Only the `<issuer>:sub` condition (`system:serviceaccount:<namespace>:<name>`) says which ServiceAccount may assume it. Without it, or with a wildcard in the namespace position, every pod of every namespace of the cluster (and of every cluster sharing the provider) can obtain a token and take the role: anyone who can create a pod or a ServiceAccount anywhere gets its AWS permissions.",
      ja: 'IRSA のロールはクラスターの OIDC プロバイダー（`Principal.Federated`）を `sts:AssumeRoleWithWebIdentity` について信頼します。どの ServiceAccount が引き受けられるかを決めるのは `<issuer>:sub` 条件（`system:serviceaccount:<名前空間>:<名前>`）だけです。これがない、または名前空間の位置にワイルドカードがあると、クラスター（およびそのプロバイダーを共有するすべてのクラスター）のあらゆる名前空間の Pod がトークンを得てロールを引き受けられます。どこかで Pod や ServiceAccount を作成できる人は誰でもその AWS 権限を得ます。',
    },
    remediation: {
      en: 'Add `StringEquals` on `<issuer host/path>:sub` = `system:serviceaccount:<namespace>:<name>` for each ServiceAccount that uses the role (or `StringLike` `system:serviceaccount:<namespace>:*` for one namespace), together with `<issuer>:aud` = `sts.amazonaws.com`.',
      ja: 'ロールを使う ServiceAccount ごとに `<issuer のホスト/パス>:sub` = `system:serviceaccount:<名前空間>:<名前>` の `StringEquals` 条件（1 つの名前空間なら `StringLike` で `system:serviceaccount:<名前空間>:*`）と、`<issuer>:aud` = `sts.amazonaws.com` を追加してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        noSub:
          'trust of role {role} has no {host}:sub condition for OIDC provider {provider}: every ServiceAccount of every namespace can assume it',
        anyNamespace:
          'trust of role {role} admits a ServiceAccount of any namespace through OIDC provider {provider} ({host}:sub)',
        namespacePattern:
          'trust of role {role} admits ServiceAccounts of every namespace matching "{pattern}" through OIDC provider {provider}',
      },
      ja: {
        noSub:
          'ロール {role} の信頼ポリシーには OIDC プロバイダー {provider} の {host}:sub 条件がありません。すべての名前空間のすべての ServiceAccount が引き受けられます',
        anyNamespace:
          'ロール {role} の信頼ポリシーは OIDC プロバイダー {provider} 経由で任意の名前空間の ServiceAccount を許可しています（{host}:sub）',
        namespacePattern:
          'ロール {role} の信頼ポリシーは OIDC プロバイダー {provider} 経由で "{pattern}" に一致するすべての名前空間の ServiceAccount を許可しています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { role, providers } of irsaRoles(state)) {
      const at = role.trustPolicy?.src ?? role.src;
      for (const p of providers) {
        const w = p.wildcard;
        if (!w) continue;
        const data = {
          role: JSON.stringify(role.name),
          provider: providerLabel(state, p.provider.arn),
          host: keyHost(p.provider.hosts),
        };
        if (w.kind === 'namespacePattern')
          ctx.report({
            at,
            resource: role,
            messageId: 'namespacePattern',
            data: { ...data, pattern: w.pattern ?? '' },
          });
        else ctx.report({ at, resource: role, messageId: w.kind, data });
      }
    }
  },
});

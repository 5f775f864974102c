/**
 * IAM-002: an IRSA trust that admits a token of the provider whatever its audience: no
 * `<issuer>:aud` = `sts.amazonaws.com` condition in effect. Decided by the IAM evaluator: a token
 * the trust admits (a ServiceAccount it names, or a probe) is tried again with another audience.
 * A trust hako could not resolve, or that admits no token at all, is not judged.
 */
import { defineRule, noEquivalents } from '../types.js';
import { irsaRoles, keyHost, providerLabel } from './_irsa.js';

export default defineRule<'noAudience'>({
  meta: {
    id: 'IAM-002',
    slug: 'iam-irsa-trust-audience',
    service: 'iam',
    severity: 'medium',
    title: {
      en: 'IRSA trust does not check the token audience',
      ja: 'IRSA の信頼ポリシーがトークンのオーディエンスを確認していない',
    },
    rationale: {
      en: "EKS projects ServiceAccount tokens for IRSA with the audience `sts.amazonaws.com`, and AWS's trust template checks it with `<issuer>:aud`. Without that condition the role accepts any token the cluster issues for the admitted ServiceAccount, including tokens minted for other audiences (another service or an in-cluster consumer that forwards them), so the role is only as safe as every consumer of those tokens.",
      ja: 'EKS は IRSA 用の ServiceAccount トークンをオーディエンス `sts.amazonaws.com` で発行し、AWS の信頼ポリシーのひな形は `<issuer>:aud` でそれを確認します。この条件がないと、許可された ServiceAccount についてクラスターが発行したあらゆるトークン（別のサービスやトークンを転送するクラスター内の利用者向けに発行されたものを含む）でロールを引き受けられ、ロールの安全性がそれらの利用者すべてに依存します。',
    },
    remediation: {
      en: 'Add `StringEquals` `<issuer host/path>:aud` = `sts.amazonaws.com` to the statement that trusts the OIDC provider.',
      ja: 'OIDC プロバイダーを信頼するステートメントに `StringEquals` `<issuer のホスト/パス>:aud` = `sts.amazonaws.com` を追加してください。',
    },
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html'],
    equivalents: noEquivalents(),
    inputs: ['iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        noAudience:
          'trust of role {role} does not require {host}:aud = sts.amazonaws.com for OIDC provider {provider}',
      },
      ja: {
        noAudience:
          'ロール {role} の信頼ポリシーは OIDC プロバイダー {provider} について {host}:aud = sts.amazonaws.com を要求していません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { role, providers } of irsaRoles(state)) {
      for (const p of providers) {
        if (p.anyAudience !== 'yes') continue;
        ctx.report({
          at: role.trustPolicy?.src ?? role.src,
          resource: role,
          messageId: 'noAudience',
          data: {
            role: JSON.stringify(role.name),
            provider: providerLabel(state, p.provider.arn),
            host: keyHost(p.provider.hosts),
          },
        });
      }
    }
  },
});

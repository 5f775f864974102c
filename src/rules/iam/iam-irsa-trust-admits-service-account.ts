/**
 * IAM-003: a ServiceAccount's `eks.amazonaws.com/role-arn` names a scanned role whose trust does not
 * admit exactly `system:serviceaccount:<namespace>:<name>` with audience `sts.amazonaws.com` from
 * an OIDC provider it trusts (of that cluster, when the scan tells which: engines/identity). The
 * webhook still injects the token and role ARN, and every AWS call of the pod fails with
 * AccessDenied on `AssumeRoleWithWebIdentity` (or the SDK falls back to the node role). The
 * role joins through model/aws/ref.ts; a role not scanned is not judged. A scanned role whose
 * trust hako cannot settle (a value known only at apply, a condition on a key not in the token)
 * is said as an info finding, never passed silently.
 */
import { irsaTrust } from '../../engines/identity/trust.js';
import { workloadRoles } from '../../engines/identity/workload-roles.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'notAdmitted' | 'notIrsa' | 'notJudged' | 'trust'>({
  meta: {
    id: 'IAM-003',
    slug: 'iam-irsa-trust-admits-service-account',
    service: 'iam',
    severity: 'high',
    title: {
      en: "ServiceAccount's IRSA role does not trust it",
      ja: 'ServiceAccount の IRSA ロールがその ServiceAccount を信頼していない',
    },
    rationale: {
      en: "The EKS Pod Identity Webhook gives every pod of a ServiceAccount annotated with `eks.amazonaws.com/role-arn` a projected token and that role ARN; the AWS SDK then calls `AssumeRoleWithWebIdentity`. STS admits the call only if the role's trust allows the cluster's OIDC provider with `<issuer>:sub` = `system:serviceaccount:<namespace>:<name>`. A trust written for another namespace, another name, another cluster or not for IRSA at all makes every AWS call of the workload fail, or silently fall back to the node role.",
      ja: '`eks.amazonaws.com/role-arn` 注釈を持つ ServiceAccount の Pod には、EKS Pod Identity Webhook が投影トークンとそのロール ARN を渡し、AWS SDK が `AssumeRoleWithWebIdentity` を呼び出します。STS がこれを認めるのは、ロールの信頼ポリシーがクラスターの OIDC プロバイダーを `<issuer>:sub` = `system:serviceaccount:<名前空間>:<名前>` で許可しているときだけです。別の名前空間・名前・クラスター向け、あるいは IRSA 向けでない信頼ポリシーでは、ワークロードの AWS 呼び出しがすべて失敗するか、黙ってノードロールにフォールバックします。',
    },
    remediation: {
      en: "Make the role trust the cluster's OIDC provider for `sts:AssumeRoleWithWebIdentity` with `StringEquals` `<issuer>:sub` = `system:serviceaccount:<namespace>:<name>` and `<issuer>:aud` = `sts.amazonaws.com`, or annotate the ServiceAccount with the role made for it.",
      ja: 'ロールの信頼ポリシーでクラスターの OIDC プロバイダーを `sts:AssumeRoleWithWebIdentity` について `StringEquals` `<issuer>:sub` = `system:serviceaccount:<名前空間>:<名前>` と `<issuer>:aud` = `sts.amazonaws.com` で許可するか、ServiceAccount にそのためのロールを注釈してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-configuration.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        notAdmitted:
          'ServiceAccount {namespace}/{name} uses role {role}, whose trust does not admit system:serviceaccount:{namespace}:{name} with audience sts.amazonaws.com from its OIDC provider',
        notIrsa:
          'ServiceAccount {namespace}/{name} uses role {role}, whose trust allows no OIDC provider to call sts:AssumeRoleWithWebIdentity',
        notJudged:
          'ServiceAccount {namespace}/{name} uses role {role}: whether its trust admits system:serviceaccount:{namespace}:{name} depends on values not in the scanned files',
        trust: 'trust policy of role {role}',
      },
      ja: {
        notAdmitted:
          'ServiceAccount {namespace}/{name} はロール {role} を使いますが、その信頼ポリシーは OIDC プロバイダーからのオーディエンス sts.amazonaws.com の system:serviceaccount:{namespace}:{name} を許可していません',
        notIrsa:
          'ServiceAccount {namespace}/{name} はロール {role} を使いますが、その信頼ポリシーはどの OIDC プロバイダーにも sts:AssumeRoleWithWebIdentity を許可していません',
        notJudged:
          'ServiceAccount {namespace}/{name} はロール {role} を使います。その信頼ポリシーが system:serviceaccount:{namespace}:{name} を許可するかは、スキャンしたファイルにない値によります',
        trust: 'ロール {role} の信頼ポリシー',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const w of workloadRoles(state).all) {
      const { role, serviceAccount: sa } = w;
      if (w.via !== 'irsa' || !role || !sa.view || w.trustAdmits === 'yes') continue;
      const data = { namespace: sa.namespace, name: sa.name, role: JSON.stringify(role.name) };
      const related = role.trustPolicy
        ? [{ src: role.trustPolicy.src, messageId: 'trust' as const, data: { role: data.role } }]
        : [];
      if (w.trustAdmits === 'unknown') {
        ctx.report({ at: w.src, resource: sa.view, messageId: 'notJudged', data, related, severity: 'info' });
        continue;
      }
      const doc = role.trustPolicy?.document;
      const irsa = doc !== undefined && irsaTrust(doc).providers.length > 0;
      ctx.report({
        at: w.src,
        resource: sa.view,
        messageId: irsa ? 'notAdmitted' : 'notIrsa',
        data,
        related,
      });
    }
  },
});

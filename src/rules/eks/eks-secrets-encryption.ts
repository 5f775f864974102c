/**
 * EKS-003: no envelope encryption of Secrets with a customer managed KMS key: no `encryptionConfig`
 * entry with `resources` containing `secrets` and a `provider.keyArn`. Clusters on 1.28+ still get
 * AWS-owned-key encryption (facts B4), but without a customer key there is no key policy, no
 * CloudTrail record of decrypts and no way to revoke. A block written as `encryption_config {
 * enable = true }` (facts #29) has neither provider nor resources, so it fires here too.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'missing' | 'incomplete'>({
  meta: {
    id: 'EKS-003',
    slug: 'eks-secrets-encryption',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'EKS Secrets not encrypted with a customer managed KMS key',
      ja: 'EKS の Secret がカスタマー管理 KMS キーで暗号化されていない',
    },
    rationale: {
      en: 'Envelope encryption with your own KMS key puts Kubernetes Secrets behind a key policy you control, records every decrypt in CloudTrail and lets you revoke access. Without an `encryptionConfig` that names `secrets` and a key ARN, Secrets rely only on the AWS-owned default key. An `encryption_config` block without `provider { key_arn }` and `resources` (for example `enable = true`, which is not an argument) configures nothing.',
      ja: '独自の KMS キーによるエンベロープ暗号化により、Kubernetes Secret を自分で管理するキーポリシーの下に置き、すべての復号を CloudTrail に記録し、アクセスを取り消せます。`secrets` とキー ARN を指定した `encryptionConfig` がなければ、Secret は AWS 所有の既定キーだけに頼ります。`provider { key_arn }` と `resources` のない `encryption_config` ブロック（存在しない引数 `enable = true` など）は何も設定しません。',
    },
    remediation: {
      en: 'Add `encryption_config { provider { key_arn = aws_kms_key.eks.arn } resources = ["secrets"] }` (CloudFormation `EncryptionConfig: [{Provider: {KeyArn: ...}, Resources: [secrets]}]`) with a symmetric key in the cluster Region; it cannot be removed later.',
      ja: 'クラスターと同じリージョンの対称キーで `encryption_config { provider { key_arn = aws_kms_key.eks.arn } resources = ["secrets"] }`（CloudFormation では `EncryptionConfig: [{Provider: {KeyArn: ...}, Resources: [secrets]}]`）を追加してください。後から削除はできません。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html',
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_EncryptionConfig.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_58'], trivy: ['AVD-AWS-0039'] }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        missing: 'cluster {cluster} does not encrypt Secrets with a customer managed KMS key',
        incomplete:
          'cluster {cluster} has an encryption configuration without a KMS key ARN and resources ["secrets"]: it encrypts nothing',
      },
      ja: {
        missing: 'クラスター {cluster} は Secret をカスタマー管理 KMS キーで暗号化していません',
        incomplete:
          'クラスター {cluster} の暗号化設定には KMS キー ARN と resources ["secrets"] がなく、何も暗号化しません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      const valid = c.encryptionConfig.some(
        (e) =>
          e.keyArn !== undefined &&
          (!isKnown(e.keyArn) || e.keyArn.value !== '') &&
          e.resources.some((r) => !isKnown(r) || r.value === 'secrets'),
      );
      if (valid) continue;
      const first = c.encryptionConfig[0];
      ctx.report({
        at: first ? first.src : c.encryptionSrc,
        resource: c,
        messageId: first ? 'incomplete' : 'missing',
        data: { cluster: showName(c.name) },
      });
    }
  },
});

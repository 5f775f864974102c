/**
 * EKS-015: a customer managed KMS key that a scanned EKS cluster (Secrets encryption) or log group
 * or ECR repository uses, without automatic rotation (default off, eks-versions-and-defaults.md B7).
 * Keys that cannot rotate (asymmetric, HMAC, imported material) are skipped. ECR repositories name
 * their key by a reference the model keeps as text (`aws_kms_key.k.arn`, `!GetAtt Key.Arn`).
 */
import type { KmsKey } from '../../model/aws/eks.js';
import type { Resource } from '../../model/resource.js';
import { isKnown, isTrue } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { localAddress, sameScope } from './_helpers.js';

/** Whether a reference written as text (`aws_kms_key.k.arn`, `!GetAtt Key.Arn`, `!Ref Key`) names the key. */
function names(text: string, key: string): boolean {
  if (key.includes('.')) return text.includes(`${localAddress(key)}.`);
  return new RegExp(`(Ref|GetAtt)\\s+${key}\\b`).test(text);
}

export default defineRule<'noRotation'>({
  meta: {
    id: 'EKS-015',
    slug: 'eks-kms-key-rotation',
    service: 'eks',
    severity: 'low',
    title: {
      en: 'KMS key used by EKS, ECR or logs without rotation',
      ja: 'EKS・ECR・ログで使う KMS キーのローテーションが無効',
    },
    rationale: {
      en: 'Automatic rotation gives a customer managed key new key material every year (or the configured period) while old ciphertext stays readable, limiting how much data any one key version protects. It is off unless enabled, and the keys that protect cluster Secrets and audit logs are the ones that matter most.',
      ja: '自動ローテーションはカスタマー管理キーに毎年（または設定した期間ごとに）新しいキーマテリアルを与え、古い暗号文は読めるまま、1 つのキーバージョンが保護するデータ量を抑えます。有効にしない限りオフで、クラスターの Secret や監査ログを保護するキーこそ重要です。',
    },
    remediation: {
      en: 'Set `enable_key_rotation = true` (CloudFormation `EnableKeyRotation: true`) on the key.',
      ja: 'キーに `enable_key_rotation = true`（CloudFormation では `EnableKeyRotation: true`）を設定してください。',
    },
    references: ['https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_7'], trivy: ['AVD-AWS-0065'] }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: { noRotation: 'KMS key {key}, used by {user}, does not rotate automatically' },
      ja: { noRotation: '{user} が使用する KMS キー {key} は自動ローテーションしません' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const { kmsKeys } = state.aws.eks;
    const users = new Map<KmsKey, string>();
    const use = (key: KmsKey | undefined, user: string) => {
      if (key && !users.has(key)) users.set(key, user);
    };
    // a key reference names a key of the same module instance or template (sameScope)
    const byRef = (ref: string, user: Resource) =>
      kmsKeys.find((k) => localAddress(k.key) === ref && sameScope(k, user));
    for (const c of state.aws.eks.clusters)
      for (const e of c.encryptionConfig)
        if (e.keyRef) use(byRef(e.keyRef, c), `cluster ${showName(c.name)}`);
    for (const g of state.aws.eks.logGroups)
      if (g.kmsKeyRef) use(byRef(g.kmsKeyRef, g), `log group ${showName(g.name)}`);
    for (const r of state.aws.ecr.repositories) {
      const ref = r.encryption.kmsKey;
      if (ref?.origin !== 'unresolved') continue;
      use(
        kmsKeys.find((x) => names(ref.value, x.key) && sameScope(x, r)),
        `ECR repository ${showName(r.name)}`,
      );
    }
    for (const k of state.aws.eks.kmsKeys) {
      const user = users.get(k);
      if (!user || isTrue(k.rotation) || !isKnown(k.rotation)) continue;
      if (!isKnown(k.spec) || k.spec.value !== 'SYMMETRIC_DEFAULT') continue;
      if (!isKnown(k.origin) || k.origin.value !== 'AWS_KMS') continue;
      ctx.report({
        at: k.rotation.src,
        resource: k,
        messageId: 'noRotation',
        data: { key: k.ref.address, user },
      });
    }
  },
});

/**
 * ECR-003: images encrypted with `AES256` (S3-managed keys, the default when no encryption
 * configuration is set) or with KMS under the AWS managed `aws/ecr` key (`KMS`/`KMS_DSSE` without a
 * key) cannot be governed by a key policy you control, and access to the key is not auditable
 * separately. Encryption is fixed at creation (facts D6, mistake #44): the remediation says so.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'aes256' | 'aes256Default' | 'awsManagedKey' | 'awsManagedKeyNamed'>({
  meta: {
    id: 'ECR-003',
    slug: 'ecr-kms-encryption',
    service: 'ecr',
    severity: 'low',
    title: {
      en: 'Repository not encrypted with a customer managed KMS key',
      ja: 'リポジトリがカスタマー管理の KMS キーで暗号化されていない',
    },
    rationale: {
      en: 'With `AES256` (the default when no encryption configuration is set) or with KMS under the AWS managed `aws/ecr` key, you cannot restrict or audit who may decrypt the image layers through a key policy, nor revoke access by disabling the key. Encryption type and key are fixed when the repository is created.',
      ja: '`AES256`（暗号化設定がないときの既定値）や AWS マネージドキー `aws/ecr` による KMS では、キーポリシーでイメージレイヤーを復号できる者を制限・監査したり、キーの無効化でアクセスを取り消したりできません。暗号化の種類とキーはリポジトリ作成時に固定されます。',
    },
    remediation: {
      en: 'Create the repository with `encryptionType` `KMS` (or `KMS_DSSE`) and `kmsKey` set to a customer managed key in the same Region, then move the images: the encryption of an existing repository cannot be changed.',
      ja: '`encryptionType` を `KMS`（または `KMS_DSSE`）にし、`kmsKey` に同じリージョンのカスタマー管理キーを指定してリポジトリを作り直し、イメージを移してください。既存リポジトリの暗号化は変更できません。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_EncryptionConfiguration.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_136'], trivy: ['AVD-AWS-0033'] }),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        aes256:
          'repository {repo} is encrypted with AES256 (S3-managed keys), not a customer managed KMS key',
        aes256Default:
          'repository {repo} sets no encryption configuration: the default AES256 (S3-managed keys) applies',
        awsManagedKey:
          'repository {repo} uses {type} without a key: the AWS managed key aws/ecr applies, not a customer managed key',
        awsManagedKeyNamed:
          'repository {repo} uses {type} with the AWS managed key aws/ecr, not a customer managed key',
      },
      ja: {
        aes256:
          'リポジトリ {repo} は AES256（S3 管理キー）で暗号化され、カスタマー管理の KMS キーではありません',
        aes256Default: 'リポジトリ {repo} は暗号化設定がなく、既定値の AES256（S3 管理キー）が適用されます',
        awsManagedKey:
          'リポジトリ {repo} はキーを指定せずに {type} を使っており、カスタマー管理キーではなく AWS マネージドキー aws/ecr が使われます',
        awsManagedKeyNamed:
          'リポジトリ {repo} は {type} で AWS マネージドキー aws/ecr を使っており、カスタマー管理キーではありません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const repo of state.aws.ecr.repositories) {
      const { type, kmsKey } = repo.encryption;
      if (!isKnown(type)) continue;
      const data = { repo: showName(repo.name), type: type.value };
      if (type.value === 'AES256') {
        const messageId = type.origin === 'default' ? 'aes256Default' : 'aes256';
        ctx.report({ at: type.src, resource: repo, messageId, data });
      } else if (type.value.startsWith('KMS')) {
        if (kmsKey && !isKnown(kmsKey)) continue;
        if (!kmsKey || kmsKey.value === '')
          ctx.report({ at: kmsKey?.src ?? type.src, resource: repo, messageId: 'awsManagedKey', data });
        else if (/alias\/aws\/ecr$/.test(kmsKey.value))
          ctx.report({ at: kmsKey.src, resource: repo, messageId: 'awsManagedKeyNamed', data });
      }
    }
  },
});

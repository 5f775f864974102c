/**
 * ECS-019: an EFS volume whose `transitEncryption` is not ENABLED is mounted over plain NFS: file
 * contents and metadata cross the VPC unencrypted. The API default is DISABLED, so an omitted field
 * fires on `efsVolumeConfiguration`. With an access point or IAM authorization ECS requires transit
 * encryption outright, so the message says the volume will not mount as written.
 */
import { testVal } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'noTransitEncryption' | 'requiredByAuthorization'>({
  meta: {
    id: 'ECS-019',
    slug: 'ecs-efs-transit-encryption',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'EFS volume without transit encryption',
      ja: 'EFS ボリュームの転送時暗号化が無効',
    },
    rationale: {
      en: 'Without `transitEncryption: ENABLED` the task mounts the EFS file system over plain NFSv4, so file contents, names and permissions cross the network unencrypted and can be read or altered by anything that can observe that traffic. EFS access points and IAM authorization only work over TLS, so ECS requires transit encryption whenever either is configured.',
      ja: '`transitEncryption: ENABLED` がないとタスクは EFS を平文の NFSv4 でマウントするため、ファイルの内容・名前・権限が暗号化されずにネットワークを流れ、通信を観測できる者に読み取り・改ざんされ得ます。EFS アクセスポイントと IAM 認可は TLS 上でしか動作しないため、いずれかを設定すると ECS は転送時暗号化を必須とします。',
    },
    remediation: {
      en: 'Set `efsVolumeConfiguration.transitEncryption` to `ENABLED` (optionally with `transitEncryptionPort`), and enforce it on the file system with a policy that denies access when `aws:SecureTransport` is false.',
      ja: '`efsVolumeConfiguration.transitEncryption` を `ENABLED` にし（必要なら `transitEncryptionPort` も指定）、ファイルシステムポリシーで `aws:SecureTransport` が false のアクセスを拒否して強制してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_97'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        noTransitEncryption:
          'EFS volume "{volume}" is mounted without transit encryption (transitEncryption {value})',
        requiredByAuthorization:
          'EFS volume "{volume}" sets {auth} without transit encryption (transitEncryption {value}): ECS requires it, so the volume cannot be mounted as written',
      },
      ja: {
        noTransitEncryption:
          'EFS ボリューム "{volume}" は転送時暗号化なしでマウントされます（transitEncryption {value}）',
        requiredByAuthorization:
          'EFS ボリューム "{volume}" は転送時暗号化なしで {auth} を設定しています（transitEncryption {value}）。ECS はこの組み合わせで転送時暗号化を必須とするため、このままではマウントできません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      for (const vol of td.volumes) {
        const efs = vol.efs;
        if (!efs || !testVal(efs.transitEncryption, (v) => v.toUpperCase() !== 'ENABLED')) continue;
        const auth = [
          testVal(efs.accessPointId, (v) => v !== '') ? 'authorizationConfig.accessPointId' : '',
          testVal(efs.iam, (v) => v.toUpperCase() === 'ENABLED') ? 'authorizationConfig.iam ENABLED' : '',
        ].filter((a) => a !== '');
        ctx.report({
          at: efs.transitEncryption.src,
          resource: td,
          messageId: auth.length > 0 ? 'requiredByAuthorization' : 'noTransitEncryption',
          data: { volume: vol.name.value, value: efs.transitEncryption.value, auth: auth.join(' + ') },
        });
      }
    }
  },
});

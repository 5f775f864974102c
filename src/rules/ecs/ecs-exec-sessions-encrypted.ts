/**
 * ECS-024: ECS Exec session data travels over TLS; the cluster's
 * `executeCommandConfiguration.kmsKeyId` adds encryption with a customer managed KMS key that the
 * account controls (key policy, CloudTrail record of every use, revocation). Without it nothing but
 * AWS-managed TLS protects the session. Judged on clusters that write an `executeCommandConfiguration`
 * (they configure Exec) or that a scanned service enabling Exec runs in; a cluster nobody uses Exec
 * on is left alone. Peer: Checkov CKV_AWS_224 fails a cluster whose `execute_command_configuration`
 * lacks `kms_key_id` (it also requires logging; ECS-014 judges logging here).
 */
import type { EcsCluster } from '../../model/aws/ecs.js';
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { execServices } from './_joins.js';

export default defineRule<'noKey' | 'noKeyExecService' | 'clusterNoKey'>({
  meta: {
    id: 'ECS-024',
    slug: 'ecs-exec-sessions-encrypted',
    service: 'ecs',
    severity: 'low',
    title: {
      en: 'ECS Exec sessions not encrypted with a customer managed KMS key',
      ja: 'ECS Exec のセッションがカスタマー管理 KMS キーで暗号化されていない',
    },
    rationale: {
      en: "An ECS Exec session is an interactive shell into a running container. Its data is protected by TLS; the cluster setting `executeCommandConfiguration.kmsKeyId` adds encryption with a customer managed KMS key, so the key policy decides who can open sessions, every use of the key is recorded in CloudTrail, and disabling the key cuts off all sessions at once. Without a key nothing under the account's control protects or records the session channel.",
      ja: 'ECS Exec のセッションは実行中のコンテナへの対話シェルです。データは TLS で保護されますが、クラスター設定 `executeCommandConfiguration.kmsKeyId` を指定するとカスタマー管理 KMS キーによる暗号化が加わり、キーポリシーでセッションを開ける人を制御でき、キーの利用はすべて CloudTrail に記録され、キーを無効にすればすべてのセッションを一度に止められます。キーがないと、セッションの通信路をアカウント側で保護・記録する手段がありません。',
    },
    remediation: {
      en: 'Set `kmsKeyId` in the cluster `configuration.executeCommandConfiguration` (Terraform `configuration { execute_command_configuration { kms_key_id = aws_kms_key.exec.arn } }`, CloudFormation `Configuration.ExecuteCommandConfiguration.KmsKeyId`) to a customer managed key, and give the task role `kms:Decrypt` on it.',
      ja: 'クラスターの `configuration.executeCommandConfiguration` に `kmsKeyId` としてカスタマー管理キーを設定し（Terraform は `configuration { execute_command_configuration { kms_key_id = aws_kms_key.exec.arn } }`、CloudFormation は `Configuration.ExecuteCommandConfiguration.KmsKeyId`）、タスクロールにそのキーの `kms:Decrypt` を付与してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommandConfiguration.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_224'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        noKey:
          'cluster {cluster} configures ECS Exec without kmsKeyId: session data is not encrypted with a customer managed KMS key',
        noKeyExecService:
          'service {service} enables ECS Exec on cluster {cluster}, which sets no executeCommandConfiguration.kmsKeyId: session data is not encrypted with a customer managed KMS key',
        clusterNoKey: 'cluster {cluster}: no executeCommandConfiguration.kmsKeyId',
      },
      ja: {
        noKey:
          'クラスター {cluster} は kmsKeyId なしで ECS Exec を設定しています。セッションデータはカスタマー管理 KMS キーで暗号化されません',
        noKeyExecService:
          'サービス {service} はクラスター {cluster} で ECS Exec を有効にしていますが、クラスターに executeCommandConfiguration.kmsKeyId がありません。セッションデータはカスタマー管理 KMS キーで暗号化されません',
        clusterNoKey: 'クラスター {cluster}: executeCommandConfiguration.kmsKeyId がありません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const missing = (c: EcsCluster): boolean => {
      const key = c.execKmsKeyId;
      if (key === undefined) return true;
      return isKnown(key) && key.value.trim() === '';
    };
    const reported = new Set<EcsCluster>();
    for (const cluster of state.aws.ecs.clusters) {
      if (cluster.execConfigSrc === undefined || !missing(cluster)) continue;
      reported.add(cluster);
      ctx.report({
        at: cluster.execKmsKeyId?.src ?? cluster.execConfigSrc,
        resource: cluster,
        messageId: 'noKey',
        data: { cluster: showName(cluster.name) },
      });
    }
    // No executeCommandConfiguration at all, but a scanned service uses Exec on the cluster.
    for (const { svc, cluster } of execServices(state)) {
      if (!cluster || reported.has(cluster) || !missing(cluster)) continue;
      const related: Related<'clusterNoKey'>[] = [
        { src: cluster.src, messageId: 'clusterNoKey', data: { cluster: showName(cluster.name) } },
      ];
      ctx.report({
        at: svc.enableExecuteCommand.src,
        resource: svc,
        messageId: 'noKeyExecService',
        data: { service: showName(svc.name), cluster: showName(cluster.name) },
        related,
      });
    }
  },
});

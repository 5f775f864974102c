/**
 * ECS-014: ECS Exec is switched on per service (`enableExecuteCommand`), but where its sessions are
 * logged is a cluster setting (`configuration.executeCommandConfiguration.logging`): `NONE` logs
 * nothing, and `DEFAULT` (also what an absent setting means) reuses the task definition's `awslogs`
 * configuration, so without an `awslogs` container nothing is logged either. `OVERRIDE` sends
 * sessions to the configured CloudWatch group or S3 bucket and is fine.
 *
 * Joins (./_joins.ts): service → cluster by name/ARN, service → task definition by family,
 * revision or ARN. No finding when the cluster is not scanned, or (for `DEFAULT`) when the task
 * definition is not; `NONE` needs no task definition to be judged. Describe output printed without
 * `--include CONFIGURATIONS` leaves the setting unknown and is not judged.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { execServices } from './_joins.js';

export default defineRule<
  'loggingNone' | 'defaultWithoutAwslogs' | 'clusterLogging' | 'clusterLoggingDefault' | 'noAwslogsContainer'
>({
  meta: {
    id: 'ECS-014',
    slug: 'ecs-exec-sessions-logged',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'ECS Exec sessions are not logged',
      ja: 'ECS Exec のセッションが記録されない',
    },
    rationale: {
      en: "ECS Exec gives an interactive shell, as root, in running containers. The commands and output of a session are recorded only through the cluster's `executeCommandConfiguration`: with `logging: NONE` nothing is kept, and with `DEFAULT` (the default) ECS reuses the task definition's `awslogs` log configuration, so a task without an `awslogs` container leaves no trace either. An attacker or an operator can then change a production container without any audit trail beyond the CloudTrail `ExecuteCommand` event.",
      ja: 'ECS Exec は実行中のコンテナで root の対話シェルを提供します。セッションのコマンドと出力はクラスターの `executeCommandConfiguration` でしか記録されず、`logging: NONE` では何も残りません。`DEFAULT`（既定値）ではタスク定義の `awslogs` ログ設定を再利用するため、`awslogs` のコンテナがないタスクでもやはり何も残りません。その結果、攻撃者や運用者が本番コンテナを変更しても、CloudTrail の `ExecuteCommand` イベント以外に監査証跡がありません。',
    },
    remediation: {
      en: "Set the cluster's `configuration.executeCommandConfiguration` to `logging: OVERRIDE` with a `logConfiguration` naming an existing CloudWatch Logs group (`cloudWatchEncryptionEnabled: true`) or S3 bucket, or keep `DEFAULT` and give the task's containers the `awslogs` log driver; turn Exec off on services that do not need it.",
      ja: 'クラスターの `configuration.executeCommandConfiguration` を `logging: OVERRIDE` にし、既存の CloudWatch Logs グループ（`cloudWatchEncryptionEnabled: true`）または S3 バケットを `logConfiguration` に指定するか、`DEFAULT` のままタスクのコンテナに `awslogs` ログドライバーを設定してください。不要なサービスでは Exec を無効にしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommandConfiguration.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_223'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        loggingNone:
          'service {service} enables ECS Exec but cluster {cluster} sets Exec logging to NONE: sessions leave no audit trail',
        defaultWithoutAwslogs:
          'service {service} enables ECS Exec; cluster {cluster} logs sessions through the task\'s awslogs configuration (logging DEFAULT) but task definition "{taskDefinition}" has no awslogs container: sessions leave no audit trail',
        clusterLogging: 'cluster {cluster}: executeCommandConfiguration.logging {logging}',
        clusterLoggingDefault: 'cluster {cluster}: executeCommandConfiguration.logging {logging} (default)',
        noAwslogsContainer: 'task definition "{taskDefinition}": no container uses the awslogs log driver',
      },
      ja: {
        loggingNone:
          'サービス {service} は ECS Exec を有効にしていますが、クラスター {cluster} の Exec ログ設定が NONE のため、セッションの監査証跡が残りません',
        defaultWithoutAwslogs:
          'サービス {service} は ECS Exec を有効にしています。クラスター {cluster} はタスクの awslogs 設定でセッションを記録します（logging DEFAULT）が、タスク定義 "{taskDefinition}" に awslogs のコンテナがないため、セッションの監査証跡が残りません',
        clusterLogging: 'クラスター {cluster}: executeCommandConfiguration.logging は {logging} です',
        clusterLoggingDefault:
          'クラスター {cluster}: executeCommandConfiguration.logging は {logging}（既定値）です',
        noAwslogsContainer: 'タスク定義 "{taskDefinition}": awslogs ログドライバーを使うコンテナがありません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { svc, cluster, td } of execServices(state)) {
      if (!cluster || !isKnown(cluster.execLogging)) continue;
      const mode = cluster.execLogging.value.toUpperCase();
      const clusterNote = {
        src: cluster.execLogging.src,
        messageId: cluster.execLogging.origin === 'default' ? 'clusterLoggingDefault' : 'clusterLogging',
        data: { cluster: showName(cluster.name), logging: cluster.execLogging.value },
      } as const;
      const data = { service: showName(svc.name), cluster: showName(cluster.name) };
      if (mode === 'NONE') {
        ctx.report({
          at: svc.enableExecuteCommand.src,
          resource: svc,
          messageId: 'loggingNone',
          data,
          related: [clusterNote],
        });
        continue;
      }
      if (mode !== 'DEFAULT' || !td) continue;
      const drivers = td.containers.map((c) => c.logConfiguration?.logDriver);
      // An unresolved driver could be awslogs: not judged.
      if (drivers.some((d) => d !== undefined && !isKnown(d))) continue;
      if (drivers.some((d) => d?.value === 'awslogs')) continue;
      ctx.report({
        at: svc.enableExecuteCommand.src,
        resource: svc,
        messageId: 'defaultWithoutAwslogs',
        data: { ...data, taskDefinition: td.ref.address },
        related: [
          clusterNote,
          { src: td.src, messageId: 'noAwslogsContainer', data: { taskDefinition: td.ref.address } },
        ],
      });
    }
  },
});

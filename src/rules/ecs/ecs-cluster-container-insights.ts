/**
 * ECS-023: a cluster without Container Insights has no per-task CPU, memory, network and storage
 * metrics and no task-level performance events, which are what an operator reads to spot a task
 * doing what it should not (cryptomining, exfiltration bursts, restarts). The setting is
 * `settings[{name: containerInsights}]`: `enabled` and `enhanced` are fine; `disabled` or no setting
 * (the account default, which is disabled unless `put-account-setting containerInsights` changed
 * it) fires. Describe output printed without `--include SETTINGS` is not judged.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'disabled' | 'notSet'>({
  meta: {
    id: 'ECS-023',
    slug: 'ecs-cluster-container-insights',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'Cluster Container Insights disabled',
      ja: 'クラスターの Container Insights が無効',
    },
    rationale: {
      en: 'Without Container Insights the cluster publishes no per-task CPU, memory, network and storage metrics and no task performance log events, so abuse such as cryptomining, data exfiltration bursts or crash loops goes unnoticed and there is nothing to investigate afterwards. A cluster created without the setting takes the account default, which is `disabled` unless the account setting was changed.',
      ja: 'Container Insights がないとクラスターはタスクごとの CPU・メモリ・ネットワーク・ストレージのメトリクスやパフォーマンスログイベントを出力しないため、クリプトマイニングやデータ持ち出しの通信急増、クラッシュループなどに気づけず、事後の調査材料も残りません。設定なしで作成したクラスターはアカウントの既定値を使い、アカウント設定を変えていなければ `disabled` です。',
    },
    remediation: {
      en: 'Add `{"name": "containerInsights", "value": "enhanced"}` (or `enabled`) to the cluster `settings` (`aws ecs update-cluster-settings` for an existing cluster), and set the account default with `aws ecs put-account-setting-default --name containerInsights --value enhanced`.',
      ja: 'クラスターの `settings` に `{"name": "containerInsights", "value": "enhanced"}`（または `enabled`）を追加し（既存クラスターは `aws ecs update-cluster-settings`）、`aws ecs put-account-setting-default --name containerInsights --value enhanced` でアカウントの既定値も設定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_65'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        disabled: 'cluster {cluster} has Container Insights disabled',
        notSet:
          'cluster {cluster} does not enable Container Insights (no containerInsights setting: the account default, normally disabled, applies)',
      },
      ja: {
        disabled: 'クラスター {cluster} の Container Insights が無効です',
        notSet:
          'クラスター {cluster} は Container Insights を有効にしていません（containerInsights 設定がなく、通常は無効のアカウント既定値が適用されます）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const cluster of state.aws.ecs.clusters) {
      const ci = cluster.containerInsights;
      if (!isKnown(ci) || ci.value.toLowerCase() !== 'disabled') continue;
      ctx.report({
        at: ci.src,
        resource: cluster,
        messageId: ci.origin === 'explicit' ? 'disabled' : 'notSet',
        data: { cluster: showName(cluster.name) },
      });
    }
  },
});

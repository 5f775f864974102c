/**
 * EKS-014: control-plane log groups (facts B5, #31). EKS always writes to
 * `/aws/eks/<cluster>/cluster`; a group under `/aws/eks/` with any other name (e.g.
 * `/aws/eks/production/audit`) never receives a log line. A pre-created `/aws/eks/<cluster>/cluster`
 * without retention (default 0: never expire) or without a KMS key (default none) keeps the audit
 * trail forever and unencrypted with a customer key.
 */
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';

const CLUSTER_GROUP = /^\/aws\/eks\/[^/]+\/cluster$/;

export default defineRule<'customName' | 'unprotected'>({
  meta: {
    id: 'EKS-014',
    slug: 'eks-control-plane-log-group',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'EKS control-plane log group misnamed or unprotected',
      ja: 'EKS コントロールプレーンのロググループの名前が誤りまたは保護不足',
    },
    rationale: {
      en: 'EKS writes control-plane logs only to the log group `/aws/eks/<cluster-name>/cluster`; a group with another name under `/aws/eks/` stays empty while the team believes audit logs are kept there. The real group, when pre-created to control it, needs a retention period (the default keeps events forever) and a customer managed KMS key for logs that contain request details.',
      ja: 'EKS はコントロールプレーンのログを `/aws/eks/<cluster-name>/cluster` というロググループにしか書き込みません。`/aws/eks/` 配下の別名のグループは空のままで、チームは監査ログが残っていると誤解します。本来のグループを事前作成して管理する場合は、保持期間（既定では無期限）と、リクエスト内容を含むログのためのカスタマー管理 KMS キーが必要です。',
    },
    remediation: {
      en: 'Name the log group exactly `/aws/eks/<cluster-name>/cluster` and set `retention_in_days` and `kms_key_id` (CloudFormation `RetentionInDays`, `KmsKeyId`).',
      ja: 'ロググループ名を正確に `/aws/eks/<cluster-name>/cluster` とし、`retention_in_days` と `kms_key_id`（CloudFormation では `RetentionInDays`、`KmsKeyId`）を設定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        customName:
          'log group "{name}" is never written by EKS: control-plane logs go to /aws/eks/<cluster>/cluster',
        unprotected: 'control-plane log group "{name}" has {missing}',
      },
      ja: {
        customName:
          'ロググループ "{name}" に EKS は書き込みません。コントロールプレーンのログは /aws/eks/<cluster>/cluster に送られます',
        unprotected: 'コントロールプレーンのロググループ "{name}" には {missing}',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const g of state.aws.eks.logGroups) {
      if (!isKnown(g.name) || !g.name.value.startsWith('/aws/eks/')) continue;
      if (!CLUSTER_GROUP.test(g.name.value)) {
        ctx.report({ at: g.name.src, resource: g, messageId: 'customName', data: { name: g.name.value } });
        continue;
      }
      const missing: string[] = [];
      const noRetention = isKnown(g.retentionInDays) && g.retentionInDays.value === 0;
      const noKey = g.kmsKeyId === undefined;
      if (noRetention) missing.push('no retention (events never expire)');
      if (noKey) missing.push('no KMS key');
      if (missing.length === 0) continue;
      const never = '（イベントは期限切れになりません）';
      ctx.report({
        at: noRetention ? g.retentionInDays.src : g.src,
        resource: g,
        messageId: 'unprotected',
        data: { name: g.name.value, missing: missing.join(' and ') },
        localized: {
          missing: {
            en: missing.join(' and '),
            ja:
              noRetention && noKey
                ? `保持期間の設定がなく${never}、KMS キーもありません`
                : noRetention
                  ? `保持期間の設定がありません${never}`
                  : 'KMS キーがありません',
          },
        },
      });
    }
  },
});

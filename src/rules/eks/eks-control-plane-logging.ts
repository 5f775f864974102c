/**
 * EKS-004: control-plane logging without `audit` or `authenticator` (medium), or without one of
 * `api`, `controllerManager`, `scheduler` (low). No type is exported by default (facts B5), so an
 * absent `enabled_cluster_log_types` / `Logging` fires at the cluster block.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

const SECURITY = ['audit', 'authenticator'];
const OTHER = ['api', 'controllerManager', 'scheduler'];

export default defineRule<'missingSecurity' | 'missingOther'>({
  meta: {
    id: 'EKS-004',
    slug: 'eks-control-plane-logging',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'EKS control-plane audit or authenticator logs not enabled',
      ja: 'EKS コントロールプレーンの audit / authenticator ログが無効',
    },
    rationale: {
      en: 'The `audit` log records who did what through the Kubernetes API and the `authenticator` log which IAM principal became which Kubernetes user; without them an intrusion cannot be reconstructed and GuardDuty-style detections have nothing to work on. EKS exports no control-plane log type unless it is listed.',
      ja: '`audit` ログは Kubernetes API を通じて誰が何をしたかを、`authenticator` ログはどの IAM プリンシパルがどの Kubernetes ユーザーになったかを記録します。これらがないと侵入を再構成できず、検知にも使えません。EKS は列挙されていないコントロールプレーンログを出力しません。',
    },
    remediation: {
      en: 'Set `enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]` (CloudFormation `Logging.ClusterLogging.EnabledTypes`), at least `audit` and `authenticator`.',
      ja: '`enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]`（CloudFormation では `Logging.ClusterLogging.EnabledTypes`）を設定し、少なくとも `audit` と `authenticator` を有効にしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html',
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_LogSetup.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_37'], trivy: ['AVD-AWS-0038'] }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        missingSecurity: 'cluster {cluster} does not export control-plane log types {types}',
        missingOther: 'cluster {cluster} does not export control-plane log types {types}',
      },
      ja: {
        missingSecurity: 'クラスター {cluster} はコントロールプレーンログ {types} を出力していません',
        missingOther: 'クラスター {cluster} はコントロールプレーンログ {types} を出力していません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      const t = c.enabledLogTypes;
      if (!isKnown(t)) continue;
      const sec = SECURITY.filter((x) => !t.value.includes(x));
      const other = OTHER.filter((x) => !t.value.includes(x));
      if (sec.length > 0) {
        ctx.report({
          at: t.src,
          resource: c,
          messageId: 'missingSecurity',
          data: { cluster: showName(c.name), types: [...sec, ...other].join(', ') },
        });
      } else if (other.length > 0) {
        ctx.report({
          at: t.src,
          resource: c,
          messageId: 'missingOther',
          severity: 'low',
          data: { cluster: showName(c.name), types: other.join(', ') },
        });
      }
    }
  },
});

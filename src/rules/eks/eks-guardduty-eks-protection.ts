/**
 * EKS-013: GuardDuty detector without EKS protection (facts B10, #32; defaults B9). A detector with
 * no features enables every optional feature except Runtime Monitoring, so: `EKS_AUDIT_LOGS`
 * DISABLED (or `datasources.kubernetes.audit_logs.enable = false`) or a suspended detector is high;
 * no `RUNTIME_MONITORING`/`EKS_RUNTIME_MONITORING` ENABLED is medium; both runtime features at once
 * is an API error (high).
 */
import { isFalse, isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { detectorFeatures } from './_helpers.js';

export default defineRule<'suspended' | 'noAuditLogs' | 'noRuntime' | 'bothRuntime'>({
  meta: {
    id: 'EKS-013',
    slug: 'eks-guardduty-eks-protection',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'GuardDuty EKS protection missing or invalid',
      ja: 'GuardDuty の EKS 保護が不足または無効',
    },
    rationale: {
      en: 'GuardDuty detects Kubernetes threats from the EKS audit logs (`EKS_AUDIT_LOGS`: anonymous access, exec into kube-system, risky bindings, malicious IPs) and from the runtime agent (`RUNTIME_MONITORING`: crypto-miners, reverse shells, escapes). Runtime Monitoring is off unless enabled, audit-log monitoring can be switched off, and naming both `RUNTIME_MONITORING` and the legacy `EKS_RUNTIME_MONITORING` is rejected by the API.',
      ja: 'GuardDuty は EKS 監査ログ（`EKS_AUDIT_LOGS`：匿名アクセス、kube-system での exec、危険なバインディング、悪意のある IP）とランタイムエージェント（`RUNTIME_MONITORING`：クリプトマイナー、リバースシェル、エスケープ）から Kubernetes の脅威を検知します。Runtime Monitoring は有効にしない限りオフで、監査ログ監視は無効化でき、`RUNTIME_MONITORING` と旧名の `EKS_RUNTIME_MONITORING` を同時に指定すると API に拒否されます。',
    },
    remediation: {
      en: 'Enable the features `EKS_AUDIT_LOGS` and `RUNTIME_MONITORING` (with `EKS_ADDON_MANAGEMENT`) on the detector, and drop `EKS_RUNTIME_MONITORING` when `RUNTIME_MONITORING` is set.',
      ja: 'ディテクターで `EKS_AUDIT_LOGS` と `RUNTIME_MONITORING`（`EKS_ADDON_MANAGEMENT` 付き）の機能を有効にし、`RUNTIME_MONITORING` を設定する場合は `EKS_RUNTIME_MONITORING` を削除してください。',
    },
    references: [
      'https://docs.aws.amazon.com/guardduty/latest/ug/kubernetes-protection.html',
      'https://docs.aws.amazon.com/guardduty/latest/ug/runtime-monitoring.html',
      'https://docs.aws.amazon.com/guardduty/latest/APIReference/API_CreateDetector.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        suspended: 'GuardDuty detector is suspended (enable = false): no EKS threat detection',
        noAuditLogs: 'GuardDuty detector has EKS audit-log monitoring disabled',
        noRuntime: 'GuardDuty detector does not enable Runtime Monitoring for EKS',
        bothRuntime:
          'GuardDuty detector names both RUNTIME_MONITORING and EKS_RUNTIME_MONITORING: the API rejects this',
      },
      ja: {
        suspended: 'GuardDuty ディテクターが停止されています（enable = false）。EKS の脅威は検知されません',
        noAuditLogs: 'GuardDuty ディテクターの EKS 監査ログ監視が無効です',
        noRuntime: 'GuardDuty ディテクターは EKS の Runtime Monitoring を有効にしていません',
        bothRuntime:
          'GuardDuty ディテクターが RUNTIME_MONITORING と EKS_RUNTIME_MONITORING の両方を指定しており、API に拒否されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const d of state.aws.eks.guardDutyDetectors) {
      if (isFalse(d.enable)) {
        ctx.report({ at: d.enable.src, resource: d, messageId: 'suspended' });
        continue;
      }
      const features = detectorFeatures(state, d);
      const named = (n: string) => features.filter((f) => isKnown(f.name) && f.name.value === n);
      const audit = named('EKS_AUDIT_LOGS').find((f) => isKnown(f.status) && f.status.value === 'DISABLED');
      if (audit) ctx.report({ at: audit.status.src, resource: d, messageId: 'noAuditLogs' });
      else if (d.auditLogsDataSource && isFalse(d.auditLogsDataSource))
        ctx.report({ at: d.auditLogsDataSource.src, resource: d, messageId: 'noAuditLogs' });
      const rm = named('RUNTIME_MONITORING');
      const legacy = named('EKS_RUNTIME_MONITORING');
      if (rm.length > 0 && legacy.length > 0) {
        ctx.report({ at: legacy[0]!.src, resource: d, messageId: 'bothRuntime' });
        continue;
      }
      const runtime = [...rm, ...legacy];
      if (runtime.some((f) => !isKnown(f.status) || f.status.value === 'ENABLED')) continue;
      if (features.some((f) => !isKnown(f.name))) continue;
      ctx.report({
        at: runtime[0]?.status.src ?? d.src,
        resource: d,
        messageId: 'noRuntime',
        severity: 'medium',
      });
    }
  },
});

/** `hako explain AUD-00x`: an audit-log detection explained like a scan rule. */
import { explainHead } from '../../docs/rules.js';
import type { Lang } from '../../rules/types.js';
import { AUDIT_META, type AuditMeta } from './meta.js';

export function findAuditMeta(idOrSlug: string): AuditMeta | undefined {
  return AUDIT_META.find((m) => m.id === idOrSlug.toUpperCase() || m.slug === idOrSlug);
}

export function explainAudit(m: AuditMeta, lang: Lang): string {
  const gd =
    m.guardDuty === '{dashboard}'
      ? 'Policy:Kubernetes/ExposedDashboard, Policy:Kubernetes/KubeflowDashboardExposed'
      : m.guardDuty?.replace('{tactic}', '<Tactic>');
  return [
    ...explainHead(m, lang, [
      [{ en: 'Run with', ja: '実行' }, '`hako audit`'],
      ...(gd
        ? [
            [{ en: 'GuardDuty finding type', ja: 'GuardDuty の検出タイプ' }, `\`${gd}\``] as [
              Record<Lang, string>,
              string,
            ],
          ]
        : []),
    ]),
    '',
  ].join('\n');
}

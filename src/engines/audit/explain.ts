/** `hako explain AUD-00x`: an audit-log detection explained like a scan rule. */
import type { Lang } from '../../rules/types.js';
import { AUDIT_META, type AuditMeta } from './meta.js';

export function findAuditMeta(idOrSlug: string): AuditMeta | undefined {
  return AUDIT_META.find((m) => m.id === idOrSlug.toUpperCase() || m.slug === idOrSlug);
}

export function explainAudit(m: AuditMeta, lang: Lang): string {
  const L =
    lang === 'ja'
      ? {
          why: 'なぜ重要か',
          fix: '対処',
          refs: '参考',
          sev: '重大度',
          run: '実行',
          gd: 'GuardDuty の検出タイプ',
        }
      : {
          why: 'Why it matters',
          fix: 'Remediation',
          refs: 'References',
          sev: 'Severity',
          run: 'Run with',
          gd: 'GuardDuty finding type',
        };
  const gd =
    m.guardDuty === '{dashboard}'
      ? 'Policy:Kubernetes/ExposedDashboard, Policy:Kubernetes/KubeflowDashboardExposed'
      : m.guardDuty?.replace('{tactic}', '<Tactic>');
  return [
    `# ${m.id} ${m.title[lang]}`,
    '',
    `\`${m.slug}\` · ${L.sev}: **${m.severity}** · ${L.run}: \`hako audit\`${gd ? ` · ${L.gd}: \`${gd}\`` : ''}`,
    '',
    `## ${L.why}`,
    '',
    m.rationale[lang],
    '',
    `## ${L.fix}`,
    '',
    m.remediation[lang],
    '',
    `## ${L.refs}`,
    '',
    ...m.references.map((r) => `- ${r}`),
    '',
  ].join('\n');
}

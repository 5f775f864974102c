/** The few words reports print around rule text, in each language hako speaks. */
import type { Lang } from '../rules/types.js';

export const LABELS: Record<
  Lang,
  { resource: string; remediation: string; references: string; suppressed: string }
> = {
  en: {
    resource: 'Resource',
    remediation: 'Remediation',
    references: 'References',
    suppressed: 'suppressed',
  },
  ja: { resource: 'リソース', remediation: '対処', references: '参考資料', suppressed: '抑制済み' },
};

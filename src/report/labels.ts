/** The words reports print around rule text, in each language hako speaks (`{name}` is filled in). */
import type { Lang } from '../rules/types.js';

export interface Labels {
  resource: string;
  remediation: string;
  references: string;
  suppressed: string;
  /** The text report's summary line and the lines after it (severities stay as the rows print them). */
  filesResources: string;
  noFindings: string;
  findings: string;
  severityCount: string;
  suppressedCount: string;
  inputErrors: string;
  capped: string;
  notRead: string;
}

export const LABELS: Record<Lang, Labels> = {
  en: {
    resource: 'Resource',
    remediation: 'Remediation',
    references: 'References',
    suppressed: 'suppressed',
    filesResources: '{files} files, {resources} resources: ',
    noFindings: 'no findings',
    findings: '{total} findings ({counts})',
    severityCount: '{count} {severity}',
    suppressedCount: ', {count} suppressed',
    inputErrors: ', {count} input errors',
    capped: 'not shown: {more} more {rule} findings on {resource} ({file}); the first {shown} are listed',
    notRead: 'not read: {file} — {reason}',
  },
  ja: {
    resource: 'リソース',
    remediation: '対処',
    references: '参考資料',
    suppressed: '抑制済み',
    filesResources: 'ファイル {files} 件、リソース {resources} 件: ',
    noFindings: '検出なし',
    findings: '検出 {total} 件（{counts}）',
    severityCount: '{severity} {count}',
    suppressedCount: '、抑制済み {count} 件',
    inputErrors: '、入力エラー {count} 件',
    capped:
      '表示していない検出: {rule} が {resource}（{file}）でさらに {more} 件あります。最初の {shown} 件だけを表示しています',
    notRead: '読み取っていません: {file} — {reason}',
  },
};

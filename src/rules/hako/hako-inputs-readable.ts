/**
 * HAKO-001: every file or document hako could not read is a finding: a blind spot is never a
 * silent pass. The message says why, at the line where reading stopped.
 */
import type { Resource } from '../../model/resource.js';
import { noteText } from '../../notes.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'unreadable'>({
  meta: {
    id: 'HAKO-001',
    slug: 'hako-inputs-readable',
    service: 'hako',
    severity: 'high',
    title: { en: 'Input could not be read', ja: '入力を読み取れませんでした' },
    rationale: {
      en: 'A file hako cannot parse or adapt is a blind spot: whatever it configures goes unchecked. It is reported so that a broken or unexpected file never looks like a clean scan.',
      ja: 'hako が解析・変換できないファイルは死角になり、その設定は検査されません。壊れたファイルや想定外のファイルが「問題なし」に見えないよう、報告します。',
    },
    remediation: {
      en: 'Fix the syntax at the reported line, or exclude the file with --exclude or the `exclude` list of .hako.yaml if it is not meant to be scanned.',
      ja: '報告された行の構文を修正してください。検査対象でないファイルなら --exclude または .hako.yaml の `exclude` で除外してください。',
    },
    references: ['https://yaml.org/spec/1.2.2/', 'https://www.rfc-editor.org/rfc/rfc8259'],
    equivalents: noEquivalents(),
    inputs: ['any'],
    messages: {
      en: { unreadable: 'cannot be read: {reason}' },
      ja: { unreadable: '読み取れません: {reason}' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const e of state.inputs.errors) {
      const at = {
        file: e.file,
        startLine: e.line,
        startColumn: e.column ?? 1,
        endLine: e.line,
        endColumn: e.column ?? 1,
      };
      const resource: Resource = {
        ref: { kind: 'File', name: e.file, namespace: null, address: e.file },
        src: at,
        suppressions: [],
      };
      // hako's own words in the scan's language; a library's message keeps its words after a lead-in
      const note = e.note ? { note: e.note, ...(e.data ? { data: e.data } : {}) } : undefined;
      ctx.report({
        at,
        resource,
        messageId: 'unreadable',
        data: { reason: e.message },
        ...(note ? { localized: { reason: { en: e.message, ja: noteText('ja', note) } } } : {}),
      });
    }
  },
});

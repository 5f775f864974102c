/**
 * Every user-facing text has a Japanese version that is Japanese: each scan rule's title, rationale,
 * remediation and messages, each AUD detection of `hako audit` (src/engines/audit/meta.ts), the
 * webhook's own messages (src/webhook/messages.ts) and the HTML/Markdown report labels. A text
 * fails when its Japanese is missing, empty, the English text, holds no kana or kanji, or holds an
 * English sentence (the heuristic of test/helpers/english.ts: code, IDs and product names pass).
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_META, AUDIT_NOTES } from '../../src/engines/audit/meta.js';
import { LABELS } from '../../src/report/labels.js';
import { allRules } from '../../src/rules/index.js';
import type { Lang } from '../../src/rules/types.js';
import { WEBHOOK_MESSAGES } from '../../src/webhook/messages.js';
import { englishRuns } from '../helpers/english.js';

/** Hiragana, katakana, CJK ideographs. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** What is wrong with one text's Japanese version ([] when it is fine). */
function japaneseProblems(what: string, text: Partial<Record<Lang, string>>): string[] {
  const ja = text.ja?.trim() ?? '';
  if (ja === '') return [`${what}: no Japanese text`];
  const out: string[] = [];
  // a template of placeholders and punctuation only (`{reason} ({detail})`) has nothing to translate
  const words = /[A-Za-z]{3}/.test((text.en ?? '').replace(/\{\w+\}/g, '').replace(/`[^`]*`/g, ''));
  if (words && ja === text.en?.trim()) out.push(`${what}: the Japanese text is the English one`);
  if (words && !JAPANESE.test(ja)) out.push(`${what}: no Japanese characters in "${ja}"`);
  for (const run of englishRuns(ja)) out.push(`${what}: English sentence "${run}"`);
  return out;
}

describe('the check itself', () => {
  it('fails a missing, empty, English or untranslated Japanese text, and passes a real one', () => {
    expect(japaneseProblems('t', { en: 'Container runs privileged' })).toEqual(['t: no Japanese text']);
    expect(japaneseProblems('t', { en: 'x', ja: '  ' })).toEqual(['t: no Japanese text']);
    expect(japaneseProblems('t', { en: 'Runs as root', ja: 'Runs as root' })).toEqual([
      't: the Japanese text is the English one',
      't: no Japanese characters in "Runs as root"',
    ]);
    expect(japaneseProblems('t', { en: 'a', ja: 'コンテナは the container runs as root です' })).toEqual([
      't: English sentence "the container runs as root"',
    ]);
    expect(japaneseProblems('t', { en: 'a', ja: '`privileged: true` を削除してください。' })).toEqual([]);
    expect(japaneseProblems('t', { en: '{reason} ({detail})', ja: '{reason}（{detail}）' })).toEqual([]);
  });
});

describe('every rule has natural Japanese text', () => {
  for (const { meta } of allRules)
    it(`${meta.id}: title, rationale, remediation and messages`, () => {
      const problems = [
        ...japaneseProblems('title', meta.title),
        ...japaneseProblems('rationale', meta.rationale),
        ...japaneseProblems('remediation', meta.remediation),
        ...Object.keys(meta.messages.en).flatMap((k) =>
          japaneseProblems(`messages.${k}`, {
            en: (meta.messages.en as Record<string, string>)[k],
            ja: (meta.messages.ja as Record<string, string>)[k],
          }),
        ),
      ];
      expect(problems).toEqual([]);
    });
});

describe('every AUD detection of hako audit has natural Japanese text', () => {
  for (const m of AUDIT_META)
    it(`${m.id}: title, rationale, remediation and message`, () => {
      expect([
        ...japaneseProblems('title', m.title),
        ...japaneseProblems('rationale', m.rationale),
        ...japaneseProblems('remediation', m.remediation),
        ...japaneseProblems('message', m.message),
      ]).toEqual([]);
    });
  it('the audit notes', () => {
    const notes = AUDIT_NOTES as unknown as Record<Lang, Record<string, string>>;
    expect(
      Object.keys(notes.en).flatMap((k) => japaneseProblems(k, { en: notes.en[k], ja: notes.ja[k] })),
    ).toEqual([]);
  });
});

describe("the webhook's own messages and the report labels", () => {
  it('webhook messages', () => {
    const w = WEBHOOK_MESSAGES as Record<Lang, Record<string, string>>;
    // `unnamed` is a bracketed word, Japanese too
    expect(Object.keys(w.en).flatMap((k) => japaneseProblems(k, { en: w.en[k], ja: w.ja[k] }))).toEqual([]);
  });
  it('report labels (text, HTML)', () => {
    const l = LABELS as unknown as Record<Lang, Record<string, string>>;
    expect(Object.keys(l.en).flatMap((k) => japaneseProblems(k, { en: l.en[k], ja: l.ja[k] }))).toEqual([]);
  });
});

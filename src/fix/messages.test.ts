/** `hako fix`'s own texts exist in English and Japanese, and no Japanese one is English. */
import { describe, expect, it } from 'vitest';
import { englishRuns } from '../../test/helpers/english.js';
import { FIX_MESSAGES, fixText } from './messages.js';

describe('fix messages', () => {
  it('has every message in both languages, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(FIX_MESSAGES.ja).sort()).toEqual(Object.keys(FIX_MESSAGES.en).sort());
    for (const [id, text] of Object.entries(FIX_MESSAGES.en)) {
      const ja = FIX_MESSAGES.ja[id as keyof typeof FIX_MESSAGES.ja];
      expect(placeholders(ja), id).toEqual(placeholders(text));
      expect(englishRuns(ja), id).toEqual([]);
    }
  });
  it('renders the reason of a refusal in the same language', () => {
    const t = { id: 'refused', data: { what: 'Pod/a', why: 'whyMerge' } } as const;
    expect(fixText('en', t)).toBe('Pod/a not edited: its values come from a YAML merge key (<<)');
    expect(fixText('ja', t)).toBe('Pod/a は編集していません: 値が YAML のマージキー（<<）から来ています');
  });
});

/** The webhook's own texts exist in English and Japanese, and no Japanese one is English. */
import { describe, expect, it } from 'vitest';
import { englishRuns } from '../../test/helpers/english.js';
import { say, WEBHOOK_MESSAGES } from './messages.js';

describe('webhook messages', () => {
  it('has every message in both languages, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(WEBHOOK_MESSAGES.ja).sort()).toEqual(Object.keys(WEBHOOK_MESSAGES.en).sort());
    for (const [id, text] of Object.entries(WEBHOOK_MESSAGES.en)) {
      const ja = WEBHOOK_MESSAGES.ja[id as keyof typeof WEBHOOK_MESSAGES.ja];
      expect(placeholders(ja), id).toEqual(placeholders(text));
      expect(englishRuns(ja), id).toEqual([]);
    }
  });
  it('fills placeholders', () => {
    expect(say('ja', 'andMore', { n: 3 })).toBe('ほか 3 件');
  });
});

/**
 * Every message template (main messages and, once rules use `{ src, messageId }`, related ones: both
 * live in `meta.messages`) exists in English and Japanese, and no Japanese template is English.
 */
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/rules/index.js';
import { englishRuns } from '../helpers/english.js';

describe('the English-sentence heuristic', () => {
  it('finds an English sentence, also beside Japanese or cut by a period', () => {
    expect(englishRuns('the container runs as root')).toEqual(['the container runs as root']);
    expect(englishRuns('コンテナ "{name}" は special: it mounts the host root です')).toEqual([
      'it mounts the host root',
    ]);
    expect(englishRuns('policy is not valid. Fix it now')).toEqual(['policy is not valid']);
  });
  it('lets placeholders, code, identifiers and product names pass', () => {
    expect(englishRuns('{kind} "{name}": EKS Pod Identity Webhook は {env} を注入します')).toEqual([]);
    expect(englishRuns('`kubectl get pods -n kube-system` を実行してください')).toEqual([]);
    expect(englishRuns('countType sinceImagePushed には countUnit days が必要です')).toEqual([]);
    expect(englishRuns('ssm:GetParameters と kms:Decrypt が arn:aws:iam::1:role/x にありません')).toEqual([]);
  });
});

describe('message templates', () => {
  for (const rule of allRules) {
    const { id, messages } = rule.meta;
    it(`${id}: every message ID has an English and a Japanese template`, () => {
      const en = messages.en as Record<string, string>;
      const ja = messages.ja as Record<string, string>;
      expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
      for (const k of Object.keys(en)) {
        expect(en[k]!.trim(), `${k} (en) is empty`).not.toBe('');
        expect(ja[k]!.trim(), `${k} (ja) is empty`).not.toBe('');
        // the same placeholders, so a translation never loses or invents a value
        const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
        expect(names(ja[k]!), `${k}: placeholders differ between en and ja`).toEqual(names(en[k]!));
      }
    });
    it(`${id}: no Japanese template is an English sentence`, () => {
      const english = Object.entries(messages.ja as Record<string, string>).flatMap(([k, t]) =>
        englishRuns(t).map((run) => `${k}: ${run}`),
      );
      expect(english).toEqual([]);
    });
  }
});

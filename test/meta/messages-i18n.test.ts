/**
 * Every message template exists in English and Japanese, and no Japanese template is English: the
 * rules' `meta.messages` (main and related messages), hako's own notes (src/notes.ts: notes on
 * resources, shared related entries, skip reasons, input errors, the report's lines) and the report
 * labels (src/report/labels.ts).
 */
import { describe, expect, it } from 'vitest';
import { NOTES, noteText } from '../../src/notes.js';
import { LABELS } from '../../src/report/labels.js';
import { MARKDOWN_LABELS } from '../../src/report/markdown.js';
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

const placeholders = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();

describe("hako's own notes and the report labels", () => {
  it('every note has an English and a Japanese template with the same placeholders', () => {
    expect(Object.keys(NOTES.ja).sort()).toEqual(Object.keys(NOTES.en).sort());
    for (const [k, en] of Object.entries(NOTES.en)) {
      const ja = NOTES.ja[k as keyof typeof NOTES.ja];
      expect(en.trim(), `${k} (en) is empty`).not.toBe('');
      expect(ja.trim(), `${k} (ja) is empty`).not.toBe('');
      expect(ja, `${k}: ja is the English text`).not.toBe(en);
      expect(placeholders(ja), `${k}: placeholders differ between en and ja`).toEqual(placeholders(en));
    }
  });
  it('no Japanese note is an English sentence', () => {
    const english = Object.entries(NOTES.ja).flatMap(([k, t]) => englishRuns(t).map((run) => `${k}: ${run}`));
    expect(english).toEqual([]);
  });
  it('every label has both languages, and the Japanese ones are not English', () => {
    expect(Object.keys(LABELS.ja).sort()).toEqual(Object.keys(LABELS.en).sort());
    for (const [k, en] of Object.entries(LABELS.en)) {
      const ja = LABELS.ja[k as keyof typeof LABELS.ja];
      expect(placeholders(ja), `${k}: placeholders differ between en and ja`).toEqual(placeholders(en));
      expect(englishRuns(ja), k).toEqual([]);
      if (/[a-z]{3}/.test(en.replace(/\{\w+\}/g, '')))
        expect(ja, `${k}: ja is the English text`).not.toBe(en);
    }
  });
});

describe('a note nested in a note', () => {
  it('is worded in the language of the note around it', () => {
    const n = { note: 'gitignoreNotApplied', data: { reason: { note: 'notRegular' } } } as const;
    expect(noteText('en', n)).toBe(
      'not a regular file (FIFO, socket or device); not read (its ignore patterns were not applied)',
    );
    expect(noteText('ja', n)).toBe(
      '通常のファイルではない（FIFO、ソケット、デバイス）ため、読み取りません（その除外パターンは適用されていません）',
    );
    // nested data resolves too, and text values stay as they are
    const deeper = {
      note: 'gitignoreNotApplied',
      data: { reason: { note: 'cannotRead', data: { detail: 'EACCES' } } },
    } as const;
    expect(noteText('ja', deeper)).toBe(
      'ファイルを読み取れません: EACCES（その除外パターンは適用されていません）',
    );
  });
});

describe('the Markdown report labels', () => {
  const texts = (l: (typeof MARKDOWN_LABELS)['en']) =>
    Object.entries(l).map(([k, v]) => [k, typeof v === 'string' ? v : String(v(2, 3, 4))] as const);
  it('every label has both languages, and the Japanese ones are not English', () => {
    expect(Object.keys(MARKDOWN_LABELS.ja).sort()).toEqual(Object.keys(MARKDOWN_LABELS.en).sort());
    const en = new Map(texts(MARKDOWN_LABELS.en));
    for (const [k, ja] of texts(MARKDOWN_LABELS.ja)) {
      expect(englishRuns(ja), k).toEqual([]);
      expect(ja, `${k}: ja is the English text`).not.toBe(en.get(k));
    }
  });
});

/**
 * What the webhook itself says in AdmissionResponses (deny messages, warnings), in the language of
 * the policy's `scan.lang` (English by default); rule findings inside them come from the rules'
 * own messages in the same language. src/webhook/messages.test.ts checks both languages.
 */
import { format, type Lang } from '../rules/types.js';

const en = {
  denied: 'hako denied {what}: {reasons}',
  andMore: 'and {n} more',
  fix: 'Fix: {fix}',
  wouldDeny: 'would be denied: {text}',
  pssViolation: '{rule}violates PodSecurity "{level}:{version}" ({check}): {reason} ({detail})',
  notJudged: 'hako does not check {kind} objects; this one was not judged',
  moreWarnings: 'hako: {n} more warnings not shown',
  couldNotJudge: 'hako could not judge this object ({error})',
  unnamed: '(unnamed)',
};

export type WebhookMessageId = keyof typeof en;

const ja: Record<WebhookMessageId, string> = {
  denied: 'hako は {what} を拒否しました: {reasons}',
  andMore: 'ほか {n} 件',
  fix: '修正: {fix}',
  wouldDeny: '拒否の対象です（警告のみ）: {text}',
  pssViolation: '{rule}PodSecurity "{level}:{version}" に違反しています（{check}）: {reason}（{detail}）',
  notJudged: 'hako は {kind} オブジェクトを検査しません。このオブジェクトは判定されていません',
  moreWarnings: 'hako: ほかに {n} 件の警告があります（表示していません）',
  couldNotJudge: 'hako はこのオブジェクトを判定できませんでした（{error}）',
  unnamed: '（名前なし）',
};

export const WEBHOOK_MESSAGES: Record<Lang, Record<WebhookMessageId, string>> = { en, ja };

export function say(lang: Lang, id: WebhookMessageId, data?: Record<string, string | number>): string {
  return format(WEBHOOK_MESSAGES[lang][id], data);
}

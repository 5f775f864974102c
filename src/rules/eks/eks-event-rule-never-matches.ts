/**
 * EKS-016: an EventBridge rule for Inspector or ECR events (`source` aws.inspector2 / aws.ecr) whose
 * pattern can never match a real event: wrong `detail-type` (e.g. "Inspector2 Finding - Severity
 * Change"), field paths that do not exist (`detail.finding.severity`) or enum values that never
 * occur (`AWS_ECR_IMAGE`), checked with the EventBridge engine's `canEverMatch` against the
 * documented event shapes (facts D4, #40). An unknown source or unresolved pattern is not judged.
 */
import { canEverMatch } from '../../engines/eventbridge/index.js';
import { defineRule, noEquivalents } from '../types.js';

const SOURCES = ['aws.inspector2', 'aws.ecr'];

function sourcesOf(p: unknown): string[] {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return [];
  const s = (p as Record<string, unknown>).source;
  return Array.isArray(s) ? s.filter((x): x is string => typeof x === 'string') : [];
}

export default defineRule<'neverMatches'>({
  meta: {
    id: 'EKS-016',
    slug: 'eks-event-rule-never-matches',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'EventBridge rule for image findings can never match',
      ja: 'イメージ検出結果用の EventBridge ルールが一致し得ない',
    },
    rationale: {
      en: 'A rule meant to alert on Inspector or ECR scan findings is only useful if real events match it. Patterns copied from guides often use a detail-type that does not exist ("Inspector2 Finding - Severity Change"), field paths of another shape (`detail.finding.severity` instead of `detail.severity`) or enum values that never occur (`AWS_ECR_IMAGE` instead of `AWS_ECR_CONTAINER_IMAGE`); the rule then silently never fires and critical vulnerabilities go unreported.',
      ja: 'Inspector や ECR のスキャン検出結果を通知するルールは、実際のイベントが一致して初めて役立ちます。ガイドから写したパターンには存在しない detail-type（"Inspector2 Finding - Severity Change"）、別の形のフィールドパス（`detail.severity` ではなく `detail.finding.severity`）、現れない列挙値（`AWS_ECR_CONTAINER_IMAGE` ではなく `AWS_ECR_IMAGE`）がよくあり、ルールは黙って発火せず重大な脆弱性が通知されません。',
    },
    remediation: {
      en: 'Match `detail-type` "Inspector2 Finding" (or "Inspector2 Scan", "ECR Image Scan", "ECR Image Action") and the documented fields such as `detail.severity` and `detail.resources[].type = AWS_ECR_CONTAINER_IMAGE`; test the pattern with `aws events test-event-pattern` against a sample event.',
      ja: '`detail-type` は "Inspector2 Finding"（または "Inspector2 Scan"、"ECR Image Scan"、"ECR Image Action"）とし、`detail.severity` や `detail.resources[].type = AWS_ECR_CONTAINER_IMAGE` など文書化されたフィールドに一致させ、`aws events test-event-pattern` でサンプルイベントに対して試験してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced-events.html',
      'https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html',
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: { neverMatches: 'EventBridge rule {rule} can never match a real {source} event: {reasons}' },
      ja: { neverMatches: 'EventBridge ルール {rule} は実際の {source} イベントに一致し得ません: {reasons}' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const r of state.aws.eks.eventRules) {
      const p = r.eventPattern;
      if (!p) continue;
      const sources = sourcesOf(p.value);
      if (!sources.some((s) => SOURCES.includes(s))) continue;
      const res = canEverMatch(p.value);
      if (res.ok) continue;
      ctx.report({
        at: p.src,
        resource: r,
        messageId: 'neverMatches',
        data: { rule: r.ref.address, source: sources.join(', '), reasons: res.reasons.join('; ') },
        localized: { reasons: { en: res.reasons.join('; '), ja: res.reasonsJa.join('。') } },
      });
    }
  },
});

/**
 * HAKO-002: a suppression must say why, and an expired one no longer applies. Both are reported
 * at the suppression itself (annotation, comment or config entry).
 */
import { allResources } from '../../model/state.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'noReason' | 'expired'>({
  meta: {
    id: 'HAKO-002',
    slug: 'hako-suppressions-justified',
    service: 'hako',
    severity: 'low',
    title: { en: 'Suppression without a reason, or expired', ja: '理由のない、または期限切れの抑制' },
    rationale: {
      en: 'A suppression hides a finding from every later reader. Without a reason nobody can tell whether it is still right; past its expiry date it is a decision nobody renewed.',
      ja: '抑制は後から読む人すべてから指摘を隠します。理由がなければ妥当かどうか誰にも判断できず、期限切れの抑制は誰も更新していない判断です。',
    },
    remediation: {
      en: 'Add a reason after the rule IDs (`hako.dev/ignore: "ECS-003: reason"`, `# hako:ignore ECS-003 reason`, or `reason:` in .hako.yaml), and renew or remove expired entries.',
      ja: 'ルール ID の後に理由を書いてください（`hako.dev/ignore: "ECS-003: 理由"`、`# hako:ignore ECS-003 理由`、または .hako.yaml の `reason:`）。期限切れの項目は更新するか削除してください。',
    },
    references: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/'],
    equivalents: noEquivalents(),
    inputs: ['any'],
    messages: {
      en: {
        noReason: 'suppression of {rules} has no reason, so it is not applied',
        expired: 'suppression of {rules} expired on {expires} and no longer applies',
      },
      ja: {
        noReason: '{rules} の抑制に理由がないため、適用されません',
        expired: '{rules} の抑制は {expires} に期限切れとなり、適用されません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const r of allResources(state)) {
      for (const s of r.suppressions) {
        if (s.reason === '')
          ctx.report({ at: s.src, resource: r, messageId: 'noReason', data: { rules: s.rules.join(', ') } });
      }
    }
    const today = ctx.now.toISOString().slice(0, 10);
    for (const s of state.inputs.configSuppressions) {
      const resource = {
        ref: { kind: 'Config', name: s.src.file, namespace: null, address: s.src.file },
        src: s.src,
        suppressions: [],
      };
      if (s.reason === '')
        ctx.report({ at: s.src, resource, messageId: 'noReason', data: { rules: s.rule } });
      else if (s.expires && s.expires < today) {
        ctx.report({
          at: s.src,
          resource,
          messageId: 'expired',
          data: { rules: s.rule, expires: s.expires },
        });
      }
    }
  },
});

/**
 * EKS-009: aws-auth entries that aws-iam-authenticator silently drops or ignores (facts B2, #13):
 * a `mapRoles` entry without `rolearn` (or `sso`) or a `mapUsers` entry without `userarn` is
 * dropped (e.g. the key misspelt `rolesArn`); an unknown key is ignored; a top-level key in the
 * wrong case (`mapusers`) yields no mappings; a role ARN with a path never matches. Entry keys are
 * matched case-insensitively (`roleARN` works), top-level keys are not.
 */
import type { AwsAuthEntry } from '../../model/aws/eks.js';
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { awsAuthMaps, EKS_AUTH_CM_DOC } from './_helpers.js';

const TOP = ['mapRoles', 'mapUsers', 'mapAccounts'];
const KEYS = {
  mapRoles: ['rolearn', 'sso', 'username', 'groups'],
  mapUsers: ['userarn', 'username', 'groups'],
};

export default defineRule<'dropped' | 'unknownKey' | 'topLevelCase' | 'rolePath'>({
  meta: {
    id: 'EKS-009',
    slug: 'eks-aws-auth-entries-dropped',
    service: 'eks',
    severity: 'critical',
    title: {
      en: 'aws-auth entry silently dropped',
      ja: 'aws-auth のエントリーが黙って無視される',
    },
    rationale: {
      en: 'aws-iam-authenticator decodes aws-auth leniently: an entry whose ARN key is misspelt (for example `rolesArn` instead of `rolearn`) fails validation and is dropped while the rest is saved, a top-level key in the wrong case such as `mapusers` maps nothing, and a role ARN with a path never matches. The node role or the admin role then silently loses access: nodes cannot join and administrators are locked out, with no error at apply time.',
      ja: 'aws-iam-authenticator は aws-auth を寛容に解釈します。ARN のキーを書き間違えたエントリー（`rolearn` ではなく `rolesArn` など）は検証に失敗して破棄され残りだけが保存され、`mapusers` のように大文字小文字の違うトップレベルキーは何もマップせず、パス付きのロール ARN は一致しません。その結果ノードロールや管理者ロールが黙ってアクセスを失い、ノードは参加できず管理者は締め出されますが、適用時にエラーは出ません。',
    },
    remediation: {
      en: 'Write each `mapRoles` entry with `rolearn`, `username` and `groups` (`mapUsers` with `userarn`), use the exact top-level keys `mapRoles`, `mapUsers` and `mapAccounts`, remove the path from role ARNs, or move to access entries.',
      ja: '`mapRoles` の各エントリーは `rolearn`・`username`・`groups`（`mapUsers` は `userarn`）で書き、トップレベルキーは正確に `mapRoles`・`mapUsers`・`mapAccounts` とし、ロール ARN からパスを除くか、アクセスエントリーに移行してください。',
    },
    references: [
      EKS_AUTH_CM_DOC,
      'https://github.com/kubernetes-sigs/aws-iam-authenticator#full-configuration-format',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'terraform'],
    messages: {
      en: {
        dropped: '{section} entry has no {arnKey}{unknown}: aws-iam-authenticator drops it',
        unknownKey: '{section} entry key "{key}" is not a known key and is ignored',
        topLevelCase: 'aws-auth key "{key}" must be spelt "{expected}": its mappings are ignored',
        rolePath:
          'role ARN "{arn}" contains a path: aws-auth role ARNs must not include one, so it never matches',
      },
      ja: {
        dropped:
          '{section} のエントリーに {arnKey} がありません{unknown}。aws-iam-authenticator はこのエントリーを破棄します',
        unknownKey: '{section} のエントリーのキー "{key}" は既知のキーではなく無視されます',
        topLevelCase:
          'aws-auth のキー "{key}" は "{expected}" と書く必要があり、そのマッピングは無視されます',
        rolePath:
          'ロール ARN "{arn}" にパスが含まれています。aws-auth のロール ARN にはパスを含められないため一致しません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const cm of awsAuthMaps(state)) {
      for (const k of cm.dataKeys) {
        const expected = TOP.find((t) => t.toLowerCase() === k.key.toLowerCase());
        if (expected && expected !== k.key)
          ctx.report({ at: k.src, resource: cm, messageId: 'topLevelCase', data: { key: k.key, expected } });
      }
      const sections: [keyof typeof KEYS, AwsAuthEntry[], string][] = [
        ['mapRoles', cm.mapRoles, 'rolearn'],
        ['mapUsers', cm.mapUsers, 'userarn'],
      ];
      for (const [section, entries, arnKey] of sections) {
        for (const e of entries) {
          const unknown = e.keys.filter((k) => !KEYS[section].includes(k.key.toLowerCase()));
          const hasArn = e.keys.some(
            (k) =>
              k.key.toLowerCase() === arnKey || (section === 'mapRoles' && k.key.toLowerCase() === 'sso'),
          );
          if (!hasArn) {
            ctx.report({
              at: unknown[0]?.src ?? e.src,
              resource: cm,
              messageId: 'dropped',
              data: {
                section,
                arnKey,
                unknown:
                  unknown.length > 0 ? ` (unknown key ${unknown.map((k) => `"${k.key}"`).join(', ')})` : '',
              },
            });
            continue;
          }
          for (const k of unknown)
            ctx.report({ at: k.src, resource: cm, messageId: 'unknownKey', data: { section, key: k.key } });
          const arn = e.values.get('rolearn');
          if (section === 'mapRoles' && isKnown(arn) && /^arn:[^:]+:iam::[^:]*:role\/.+\/.+$/.test(arn.value))
            ctx.report({ at: arn.src, resource: cm, messageId: 'rolePath', data: { arn: arn.value } });
        }
      }
    }
  },
});

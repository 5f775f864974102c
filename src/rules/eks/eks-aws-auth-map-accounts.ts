/**
 * EKS-011: aws-auth `mapAccounts`: every IAM principal of a listed account authenticates to the
 * cluster (username = its ARN, no groups; facts B2), so any role anyone creates there gets in and
 * holds whatever RBAC grants to authenticated users.
 */
import { defineRule, noEquivalents } from '../types.js';
import { awsAuthMaps, EKS_AUTH_CM_DOC } from './_helpers.js';

export default defineRule<'account'>({
  meta: {
    id: 'EKS-011',
    slug: 'eks-aws-auth-map-accounts',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'aws-auth mapAccounts lets a whole account authenticate',
      ja: 'aws-auth の mapAccounts がアカウント全体に認証を許可',
    },
    rationale: {
      en: 'Every IAM user and role of an account listed in `mapAccounts` can authenticate to the cluster without an explicit mapping, as a user named after its ARN. Any permission granted to authenticated users (`system:authenticated`) then extends to every principal anyone creates in that account.',
      ja: '`mapAccounts` に列挙したアカウントのすべての IAM ユーザーとロールは、明示的なマッピングなしに ARN 名のユーザーとしてクラスターに認証できます。認証済みユーザー（`system:authenticated`）に付与した権限は、そのアカウントで誰かが作成するすべてのプリンシパルに及びます。',
    },
    remediation: {
      en: 'Remove `mapAccounts` and map the specific roles and users that need access in `mapRoles`/`mapUsers`, or use access entries.',
      ja: '`mapAccounts` を削除し、アクセスが必要なロールとユーザーだけを `mapRoles` / `mapUsers` でマップするか、アクセスエントリーを使ってください。',
    },
    references: [
      EKS_AUTH_CM_DOC,
      'https://github.com/kubernetes-sigs/aws-iam-authenticator#full-configuration-format',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'terraform'],
    messages: {
      en: { account: 'aws-auth mapAccounts lets every IAM principal of account {account} authenticate' },
      ja: {
        account:
          'aws-auth の mapAccounts がアカウント {account} のすべての IAM プリンシパルに認証を許可しています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const cm of awsAuthMaps(state))
      for (const a of cm.mapAccounts)
        ctx.report({ at: a.src, resource: cm, messageId: 'account', data: { account: String(a.value) } });
  },
});

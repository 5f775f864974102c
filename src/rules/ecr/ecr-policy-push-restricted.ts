/**
 * ECR-009: a repository policy that lets another account, or a wildcard principal, push or delete
 * images (PutImage and the layer-upload actions, BatchDeleteImage, DeleteRepository, Set/Delete
 * RepositoryPolicy) hands control of what runs in production to principals outside the account.
 *
 * - Wildcard principal: judged with hako's IAM evaluator for a principal of another account that
 *   may be in the same organization (so `aws:PrincipalOrgID` alone does not make it safe: the whole
 *   organization can push); a condition pinning aws:PrincipalAccount / aws:SourceAccount /
 *   aws:PrincipalArn to specific accounts is a restriction.
 * - Named accounts: fire when the repository's own account is known (CLI output with registryId or
 *   repositoryArn) and the principal's account differs. In Terraform and CloudFormation the owner is
 *   usually not written, so only wildcards are judged there.
 */
import { defineRule, noEquivalents } from '../types.js';
import {
  accountGrants,
  openStatements,
  repositoryArn,
  repositoryPolicies,
  statementSrc,
} from './_helpers.js';

const WRITE_ACTIONS = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepositoryPolicy',
];

export default defineRule<'wildcard' | 'otherAccount'>({
  meta: {
    id: 'ECR-009',
    slug: 'ecr-policy-push-restricted',
    service: 'ecr',
    severity: 'high',
    title: {
      en: 'Repository policy lets other accounts push or delete images',
      ja: 'リポジトリポリシーが他アカウントにイメージのプッシュや削除を許可',
    },
    rationale: {
      en: 'Whoever can push to a repository decides what code your tasks and pods run; whoever can delete images or the repository can break deployments. Granting these actions to a wildcard principal (even limited to the organization) or to another account moves that control outside the account that owns the workload.',
      ja: 'リポジトリにプッシュできる者は、タスクや Pod が実行するコードを決められます。イメージやリポジトリを削除できる者はデプロイを壊せます。これらのアクションをワイルドカードのプリンシパル（組織に限定していても）や他アカウントに許可すると、その制御がワークロードを所有するアカウントの外に移ります。',
    },
    remediation: {
      en: 'Limit cross-account statements to pull actions (`ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchCheckLayerAvailability`) and grant push only to the CI role of the owning account through its identity policy.',
      ja: 'クロスアカウントのステートメントはプル系アクション（`ecr:BatchGetImage`、`ecr:GetDownloadUrlForLayer`、`ecr:BatchCheckLayerAvailability`）に限定し、プッシュは所有アカウントの CI ロールにだけ、そのアイデンティティポリシーで許可してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_id-based-policy-examples.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        wildcard: 'repository policy of {repo} lets a wildcard principal {actions}',
        otherAccount: 'repository policy of {repo} lets account {account} (not the owner {owner}) {actions}',
      },
      ja: {
        wildcard: '{repo} のリポジトリポリシーはワイルドカードのプリンシパルに {actions} を許可しています',
        otherAccount:
          '{repo} のリポジトリポリシーはアカウント {account}（所有者 {owner} ではない）に {actions} を許可しています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const p of repositoryPolicies(state)) {
      const arns = [repositoryArn(p.repository, p.account)];
      const data = { repo: p.label };
      for (const index of openStatements(p.policy, WRITE_ACTIONS, arns, { sameOrg: true })) {
        const actions = WRITE_ACTIONS.filter((a) =>
          openStatements(p.policy, [a], arns, { sameOrg: true }).includes(index),
        ).join(', ');
        ctx.report({
          at: statementSrc(p.policy, index),
          resource: p.resource,
          messageId: 'wildcard',
          data: { ...data, actions },
        });
      }
      if (!p.account) continue;
      for (const g of accountGrants(p.policy, WRITE_ACTIONS)) {
        if (g.account === p.account) continue;
        const actions = WRITE_ACTIONS.filter((a) =>
          accountGrants(p.policy, [a]).some((x) => x.index === g.index && x.account === g.account),
        ).join(', ');
        ctx.report({
          at: statementSrc(p.policy, g.index),
          resource: p.resource,
          messageId: 'otherAccount',
          data: { ...data, account: g.account, owner: p.account, actions },
        });
      }
    }
  },
});

/**
 * ECR-004: a repository or registry policy statement that allows `Principal: "*"` (or `AWS: "*"`)
 * with no condition restricting the caller to an account or organization makes the images (or the
 * registry's replication/pull-through permissions) available to every AWS account. Judged with
 * hako's IAM evaluator: a principal from an unrelated account and organization asks for pull, push
 * and delete actions (registry policies: ReplicateImage, CreateRepository, BatchImportUpstreamImage);
 * the account/organization condition keys (aws:PrincipalAccount, aws:PrincipalOrgID,
 * aws:PrincipalOrgPaths, aws:SourceAccount, aws:SourceOrgID, aws:PrincipalArn, aws:SourceArn) are set
 * for that stranger, and any other condition key is unknown and so does not count as a restriction.
 * A statement the stranger may pass (even only possibly) fires, at the statement.
 */
import type { EcrPolicy } from '../../model/aws/ecr.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, noEquivalents } from '../types.js';
import {
  openStatements,
  registryResources,
  repositoryArn,
  repositoryPolicies,
  statementSrc,
} from './_helpers.js';

const REPOSITORY_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:PutImage',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
];
const REGISTRY_ACTIONS = ['ecr:ReplicateImage', 'ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'];

export default defineRule<'repository' | 'registry'>({
  meta: {
    id: 'ECR-004',
    slug: 'ecr-policy-not-public',
    service: 'ecr',
    severity: 'critical',
    title: {
      en: 'Repository or registry policy open to any AWS account',
      ja: 'リポジトリまたはレジストリのポリシーが全 AWS アカウントに公開',
    },
    rationale: {
      en: 'A statement with `Principal: "*"` (or `"AWS": "*"`) and no condition restricting the caller to your accounts or organization lets every AWS account pull (and, depending on the actions, push or delete) the images, or replicate into the registry. Private images often contain internal code, credentials baked into layers and infrastructure details.',
      ja: '`Principal: "*"`（または `"AWS": "*"`）で、呼び出し元を自分のアカウントや組織に限定する条件がないステートメントは、すべての AWS アカウントにイメージのプル（アクションによってはプッシュや削除）やレジストリへのレプリケーションを許します。プライベートイメージには社内コード、レイヤーに焼き込まれた認証情報、インフラの詳細が含まれがちです。',
    },
    remediation: {
      en: 'Name the accounts or roles that need access in `Principal`, or keep `"*"` and add a condition such as `"StringEquals": {"aws:PrincipalOrgID": "o-…"}` or `{"aws:PrincipalAccount": [...]}`.',
      ja: '`Principal` にアクセスが必要なアカウントやロールを明示するか、`"*"` のまま `"StringEquals": {"aws:PrincipalOrgID": "o-…"}` や `{"aws:PrincipalAccount": [...]}` などの条件を追加してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_32'], trivy: ['AVD-AWS-0032'] }),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        repository:
          'repository policy of {repo} allows any AWS account ({actions}): Principal "*" without an account or organization condition',
        registry:
          'registry policy allows any AWS account ({actions}): Principal "*" without an account or organization condition',
      },
      ja: {
        repository:
          '{repo} のリポジトリポリシーはすべての AWS アカウントに許可しています（{actions}）。アカウントや組織の条件のない Principal "*" です',
        registry:
          'レジストリポリシーはすべての AWS アカウントに許可しています（{actions}）。アカウントや組織の条件のない Principal "*" です',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const judge = (
      policy: EcrPolicy,
      resource: Resource,
      actions: string[],
      arns: string[],
      messageId: 'repository' | 'registry',
      repo: string,
    ) => {
      for (const index of openStatements(policy, actions, arns)) {
        const allowed = actions.filter((a) => openStatements(policy, [a], arns).includes(index));
        ctx.report({
          at: statementSrc(policy, index),
          resource,
          messageId,
          data: { repo, actions: allowed.join(', ') },
        });
      }
    };
    for (const p of repositoryPolicies(state))
      judge(
        p.policy,
        p.resource,
        REPOSITORY_ACTIONS,
        [repositoryArn(p.repository, p.account)],
        'repository',
        p.label,
      );
    for (const p of state.aws.ecr.registryPolicies)
      judge(p.policy, p, REGISTRY_ACTIONS, registryResources(p.policy, p.account), 'registry', '');
  },
});

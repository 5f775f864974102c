/**
 * ECR-005: a repository without a lifecycle policy keeps every image forever: old, vulnerable
 * images stay pullable (and get deployed by mistake), and storage grows without bound. Judged only
 * where the input can say: Terraform (an `aws_ecr_lifecycle_policy` naming the repository) and
 * CloudFormation (`LifecyclePolicy` on the repository). CLI repository JSON does not carry the
 * lifecycle policy, and a Terraform lifecycle policy whose `repository` cannot be resolved may be
 * this repository's, so neither fires.
 */

import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { lifecycleOf } from './_helpers.js';

export default defineRule<'missing'>({
  meta: {
    id: 'ECR-005',
    slug: 'ecr-lifecycle-policy-present',
    service: 'ecr',
    severity: 'low',
    title: { en: 'Repository has no lifecycle policy', ja: 'リポジトリにライフサイクルポリシーがない' },
    rationale: {
      en: 'Without a lifecycle policy every image ever pushed stays in the repository: old images with known vulnerabilities remain pullable and deployable, untagged layers accumulate, and storage cost grows without bound.',
      ja: 'ライフサイクルポリシーがないと、プッシュされたイメージはすべてリポジトリに残り続けます。既知の脆弱性を持つ古いイメージがプル・デプロイ可能なまま残り、タグなしレイヤーが蓄積し、ストレージコストが際限なく増えます。',
    },
    remediation: {
      en: 'Add a lifecycle policy (Terraform `aws_ecr_lifecycle_policy`, CloudFormation `LifecyclePolicy.LifecyclePolicyText`, `aws ecr put-lifecycle-policy`) that expires untagged images after a few days and keeps a bounded number of tagged ones.',
      ja: 'タグなしイメージを数日で期限切れにし、タグ付きイメージを一定数だけ残すライフサイクルポリシー（Terraform の `aws_ecr_lifecycle_policy`、CloudFormation の `LifecyclePolicy.LifecyclePolicyText`、`aws ecr put-lifecycle-policy`）を追加してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: { missing: 'repository {repo} has no lifecycle policy' },
      ja: { missing: 'リポジトリ {repo} にライフサイクルポリシーがありません' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const repo of state.aws.ecr.repositories) {
      if (!repo.lifecycleKnowable || lifecycleOf(state, repo) !== undefined) continue;
      ctx.report({ at: repo.src, resource: repo, messageId: 'missing', data: { repo: showName(repo.name) } });
    }
  },
});

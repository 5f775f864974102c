/**
 * ECR-006: a lifecycle policy that PutLifecyclePolicy rejects (facts D1) — the deployment fails, or
 * when the policy was applied by hand it never took effect, so images are never expired. The
 * validator lives in `engines/ecr-lifecycle/validate.ts` (shared with the lifecycle simulator,
 * ECR-007). Several prefixes in one `tagPrefixList` are valid but match only images carrying every
 * prefix (mistake #46): reported at medium severity as a likely misreading, not as invalid.
 */

import { type LifecycleProblemCode, validateLifecyclePolicy } from '../../engines/ecr-lifecycle/validate.js';
import type { LifecyclePolicy } from '../../model/aws/ecr.js';
import type { Resource } from '../../model/resource.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

type M = LifecycleProblemCode | 'notJson';

const en: Record<M, string> = {
  notJson: 'lifecycle policy of {repo} is not valid JSON',
  notAnObject: 'lifecycle policy of {repo}: the policy and each rule must be JSON objects',
  noRules: 'lifecycle policy of {repo} has no rules',
  priorityMissing: 'lifecycle policy of {repo}: a rule has no rulePriority',
  priorityInvalid: 'lifecycle policy of {repo}: rulePriority {value} is not a positive integer',
  duplicatePriority: 'lifecycle policy of {repo}: rulePriority {priority} is used by more than one rule',
  anyNotLast:
    'lifecycle policy of {repo}: the tagStatus "any" rule (priority {priority}) must have the highest rulePriority (highest is {max})',
  tagStatusInvalid: 'lifecycle policy of {repo}: tagStatus {value} is not tagged, untagged or any',
  taggedWithoutList:
    'lifecycle policy of {repo}: tagStatus "tagged" requires tagPrefixList or tagPatternList',
  untaggedWithList:
    'lifecycle policy of {repo}: tagStatus "untagged" must not have tagPrefixList or tagPatternList',
  bothLists: 'lifecycle policy of {repo}: a rule cannot have both tagPrefixList and tagPatternList',
  tooManyWildcards: 'lifecycle policy of {repo}: tag pattern "{pattern}" has more than four * wildcards',
  multipleUntagged: 'lifecycle policy of {repo}: only one rule may select untagged images',
  countTypeInvalid:
    'lifecycle policy of {repo}: countType {value} is not imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned',
  countUnitWithImageCount: 'lifecycle policy of {repo}: countUnit cannot be used with imageCountMoreThan',
  countUnitMissing: 'lifecycle policy of {repo}: countType {value} requires countUnit "days"',
  countUnitInvalid: 'lifecycle policy of {repo}: countUnit {value} is not "days"',
  countNumberInvalid: 'lifecycle policy of {repo}: countNumber {value} is not a positive integer',
  actionInvalid: 'lifecycle policy of {repo}: action type {value} is not expire or transition',
  transitionTarget:
    'lifecycle policy of {repo}: a transition action needs targetStorageClass "archive" (found {value})',
  tooLong: 'lifecycle policy of {repo} is {length} characters long (at most {max})',
  prefixesAnded:
    'lifecycle policy of {repo}: tagPrefixList [{prefixes}] matches only images that have a tag for EVERY prefix, and the count covers all selected images together (not one count per prefix)',
};

const ja: Record<M, string> = {
  notJson: '{repo} のライフサイクルポリシーが正しい JSON ではありません',
  notAnObject: '{repo} のライフサイクルポリシー: ポリシーと各ルールは JSON オブジェクトである必要があります',
  noRules: '{repo} のライフサイクルポリシーにルールがありません',
  priorityMissing: '{repo} のライフサイクルポリシー: rulePriority のないルールがあります',
  priorityInvalid: '{repo} のライフサイクルポリシー: rulePriority {value} が正の整数ではありません',
  duplicatePriority:
    '{repo} のライフサイクルポリシー: rulePriority {priority} が複数のルールで使われています',
  anyNotLast:
    '{repo} のライフサイクルポリシー: tagStatus "any" のルール（優先度 {priority}）は最も大きい rulePriority を持つ必要があります（最大は {max}）',
  tagStatusInvalid:
    '{repo} のライフサイクルポリシー: tagStatus {value} は tagged・untagged・any のいずれでもありません',
  taggedWithoutList:
    '{repo} のライフサイクルポリシー: tagStatus "tagged" には tagPrefixList か tagPatternList が必要です',
  untaggedWithList:
    '{repo} のライフサイクルポリシー: tagStatus "untagged" に tagPrefixList や tagPatternList は指定できません',
  bothLists:
    '{repo} のライフサイクルポリシー: 1 つのルールに tagPrefixList と tagPatternList を両方指定できません',
  tooManyWildcards:
    '{repo} のライフサイクルポリシー: タグパターン "{pattern}" のワイルドカード * が 4 個を超えています',
  multipleUntagged: '{repo} のライフサイクルポリシー: untagged を選択できるルールは 1 つだけです',
  countTypeInvalid:
    '{repo} のライフサイクルポリシー: countType {value} は imageCountMoreThan・sinceImagePushed・sinceImagePulled・sinceImageTransitioned のいずれでもありません',
  countUnitWithImageCount:
    '{repo} のライフサイクルポリシー: imageCountMoreThan には countUnit を指定できません',
  countUnitMissing: '{repo} のライフサイクルポリシー: countType {value} には countUnit "days" が必要です',
  countUnitInvalid: '{repo} のライフサイクルポリシー: countUnit {value} は "days" ではありません',
  countNumberInvalid: '{repo} のライフサイクルポリシー: countNumber {value} が正の整数ではありません',
  transitionTarget:
    '{repo} のライフサイクルポリシー: transition アクションには targetStorageClass "archive" が必要です（{value} が書かれています）',
  actionInvalid:
    '{repo} のライフサイクルポリシー: action type {value} は expire でも transition でもありません',
  tooLong: '{repo} のライフサイクルポリシーは {length} 文字あります（上限 {max}）',
  prefixesAnded:
    '{repo} のライフサイクルポリシー: tagPrefixList [{prefixes}] はすべてのプレフィックスのタグを持つイメージだけに一致し、件数は選択されたイメージ全体で数えられます（プレフィックスごとではありません）',
};

export default defineRule<M>({
  meta: {
    id: 'ECR-006',
    slug: 'ecr-lifecycle-policy-valid',
    service: 'ecr',
    severity: 'high',
    title: { en: 'Lifecycle policy is invalid', ja: 'ライフサイクルポリシーが無効' },
    rationale: {
      en: 'ECR rejects a lifecycle policy with a duplicate rulePriority, a tagStatus "any" rule that is not last, tagged rules without a tag list, untagged rules with one, countUnit with imageCountMoreThan, more than four * in a tag pattern, both list kinds in one rule, or a countNumber below 1. The deployment fails, or the policy that was meant to expire old and vulnerable images never takes effect. Several prefixes in one tagPrefixList are accepted but select only images carrying all of them.',
      ja: 'ECR は、rulePriority の重複、最後でない tagStatus "any" のルール、タグリストのない tagged ルール、タグリストのある untagged ルール、imageCountMoreThan と countUnit の併用、タグパターン中の 5 個以上の *、1 ルールでの両リストの併用、1 未満の countNumber を含むライフサイクルポリシーを拒否します。デプロイが失敗するか、古く脆弱なイメージを期限切れにするはずのポリシーが効きません。1 つの tagPrefixList に複数のプレフィックスを書くと受け付けられますが、すべてを持つイメージだけが選ばれます。',
    },
    remediation: {
      en: 'Fix the rule the finding points at: unique rulePriority values with the tagStatus "any" rule highest, a tag list only (and always) on tagged rules, countUnit "days" only with the since* count types, countNumber of at least 1, and one rule per prefix when each prefix should keep its own images.',
      ja: '指摘されたルールを修正してください。rulePriority を一意にして tagStatus "any" のルールを最大にし、タグリストは tagged ルールにだけ（必ず）付け、countUnit "days" は since* の countType だけで使い、countNumber は 1 以上にし、プレフィックスごとにイメージを残したい場合はプレフィックスごとにルールを分けてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: { en, ja },
    since: '0.1.0',
  },
  check(state, ctx) {
    const { ecr } = state.aws;
    const all: { policy: LifecyclePolicy; resource: Resource; repo: string }[] = [
      ...ecr.repositories.flatMap((r) =>
        r.lifecyclePolicy ? [{ policy: r.lifecyclePolicy, resource: r, repo: showName(r.name) }] : [],
      ),
      ...ecr.lifecyclePolicies.map((p) => ({
        policy: p.value,
        resource: p,
        repo: showName(p.repository),
      })),
    ];
    for (const { policy, resource, repo } of all) {
      if (policy.unknown) continue;
      if (!policy.node) {
        ctx.report({ at: policy.src, resource, messageId: 'notJson', data: { repo } });
        continue;
      }
      for (const p of validateLifecyclePolicy(policy.node, policy.text)) {
        ctx.report({
          at: p.src,
          resource,
          messageId: p.code,
          data: { repo, ...p.data },
          ...(p.code === 'prefixesAnded' ? { severity: 'medium' as const } : {}),
        });
      }
    }
    // every message ID: 'notAnObject' 'noRules' 'priorityMissing' 'priorityInvalid' 'duplicatePriority'
    // 'anyNotLast' 'tagStatusInvalid' 'taggedWithoutList' 'untaggedWithList' 'bothLists' 'tooManyWildcards'
    // 'multipleUntagged' 'countTypeInvalid' 'countUnitWithImageCount' 'countUnitMissing' 'countUnitInvalid'
    // 'countNumberInvalid' 'actionInvalid' 'transitionTarget' 'tooLong' 'prefixesAnded' come from the
    // validator's codes.
  },
});

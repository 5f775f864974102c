/**
 * ECR-001: mutable image tags let anyone who can push replace what `app:1.4.2` means, so a task
 * definition or pod pinned by tag can silently run another image. `MUTABLE` (the default when the
 * setting is absent) fires at the setting or the repository block. The `*_WITH_EXCLUSION` modes
 * (facts D2) are judged by their filters: `MUTABLE_WITH_EXCLUSION` leaves every tag outside its
 * filters mutable and fires; `IMMUTABLE_WITH_EXCLUSION` fires only when a filter is `*` alone
 * (every tag stays mutable). Unresolved values are not judged.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { matchesEveryTag } from './_helpers.js';

export default defineRule<'mutable' | 'mutableDefault' | 'mutableExcept' | 'excludesEverything'>({
  meta: {
    id: 'ECR-001',
    slug: 'ecr-immutable-tags',
    service: 'ecr',
    severity: 'medium',
    title: { en: 'Repository image tags are mutable', ja: 'リポジトリのイメージタグが変更可能' },
    rationale: {
      en: 'With mutable tags, anyone allowed to push can overwrite an existing tag, so a deployment that references `app:1.4.2` may run a different image tomorrow (supply-chain tampering, untraceable rollbacks). `MUTABLE` is the default when `imageTagMutability` is not set. `MUTABLE_WITH_EXCLUSION` keeps every tag outside its filters mutable; `IMMUTABLE_WITH_EXCLUSION` is fine unless a filter such as `*` exempts every tag.',
      ja: 'タグが変更可能だと、プッシュできる者は既存タグを上書きでき、`app:1.4.2` を参照するデプロイが翌日には別のイメージを実行するかもしれません（サプライチェーンの改ざん、追跡できないロールバック）。`imageTagMutability` を設定しないと既定値の `MUTABLE` になります。`MUTABLE_WITH_EXCLUSION` はフィルター外のタグをすべて変更可能のままにし、`IMMUTABLE_WITH_EXCLUSION` は `*` のようにすべてのタグを除外するフィルターがなければ問題ありません。',
    },
    remediation: {
      en: 'Set `imageTagMutability` to `IMMUTABLE` (Terraform `image_tag_mutability = "IMMUTABLE"`), or `IMMUTABLE_WITH_EXCLUSION` with narrow filters for tags that must move (such as `latest`), and deploy by digest or unique tags.',
      ja: '`imageTagMutability` を `IMMUTABLE`（Terraform では `image_tag_mutability = "IMMUTABLE"`）にするか、移動が必要なタグ（`latest` など）だけを狭いフィルターで除外する `IMMUTABLE_WITH_EXCLUSION` にし、ダイジェストか一意なタグでデプロイしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_51'], trivy: ['AVD-AWS-0031'] }),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        mutable: 'repository {repo} has mutable image tags (imageTagMutability MUTABLE)',
        mutableDefault: 'repository {repo} does not set image tag mutability: the default MUTABLE applies',
        mutableExcept:
          'repository {repo} uses MUTABLE_WITH_EXCLUSION: every tag outside its filters stays mutable',
        excludesEverything:
          'repository {repo} uses IMMUTABLE_WITH_EXCLUSION with the filter "{filter}", which exempts every tag',
      },
      ja: {
        mutable: 'リポジトリ {repo} のイメージタグが変更可能です（imageTagMutability MUTABLE）',
        mutableDefault:
          'リポジトリ {repo} はタグの変更可否を設定していないため、既定値の MUTABLE が適用されます',
        mutableExcept:
          'リポジトリ {repo} は MUTABLE_WITH_EXCLUSION を使っており、フィルター外のタグはすべて変更可能です',
        excludesEverything:
          'リポジトリ {repo} は IMMUTABLE_WITH_EXCLUSION でフィルター "{filter}" を使っており、すべてのタグが除外されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const repo of state.aws.ecr.repositories) {
      const m = repo.tagMutability;
      if (!isKnown(m)) continue;
      const data = { repo: showName(repo.name) };
      if (m.value === 'MUTABLE') {
        ctx.report({
          at: m.src,
          resource: repo,
          messageId: m.origin === 'default' ? 'mutableDefault' : 'mutable',
          data,
        });
      } else if (m.value === 'MUTABLE_WITH_EXCLUSION') {
        ctx.report({ at: m.src, resource: repo, messageId: 'mutableExcept', data });
      } else if (m.value === 'IMMUTABLE_WITH_EXCLUSION') {
        const all = repo.tagMutabilityExclusions.find(matchesEveryTag);
        if (all)
          ctx.report({
            at: all.filter.src,
            resource: repo,
            messageId: 'excludesEverything',
            data: { ...data, filter: all.filter.value },
          });
      }
    }
  },
});

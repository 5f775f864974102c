/**
 * ECR-007: the repository's lifecycle policy, simulated against `aws ecr describe-images` output
 * scanned with it (src/engines/ecr-lifecycle, AWS semantics of facts D1, judged at the scan date),
 * would expire or archive an image that a scanned ECS task definition (through the services that
 * run it) or Kubernetes workload still references. The next task launch or node pull then fails.
 *
 * Runs only when describe-images output is among the scanned files (recognised by shape). What
 * cannot be judged is said in `summary.skipped`: images without `repositoryName`, a repository
 * whose lifecycle policy is not scanned, a policy that is invalid (ECR-006 says why) or unresolved.
 */
import { DAY_MS, evaluateLifecycle } from '../../engines/ecr-lifecycle/evaluate.js';
import { collectInUse, usersOfImages } from '../../engines/ecr-lifecycle/in-use.js';
import { preparePolicy } from '../../engines/ecr-lifecycle/policy.js';
import type { EcrImage, LifecyclePolicy } from '../../model/aws/ecr.js';
import type { Resource } from '../../model/resource.js';
import { isKnown } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { withText } from '../../notes.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { targetOf } from './_helpers.js';

type M = 'expire' | 'archive';

/** The lifecycle policies that govern repository `name`, with the resource each is written on. */
export function policiesOf(state: State, name: string): { policy: LifecyclePolicy; resource: Resource }[] {
  const out: { policy: LifecyclePolicy; resource: Resource }[] = [];
  const { ecr } = state.aws;
  for (const r of ecr.repositories)
    if (r.lifecyclePolicy && isKnown(r.name) && r.name.value === name)
      out.push({ policy: r.lifecyclePolicy, resource: r });
  for (const p of ecr.lifecyclePolicies) {
    const target = targetOf(state, p.repository);
    const named = typeof target === 'object' ? target.name : p.repository;
    if (isKnown(named) && named.value === name) out.push({ policy: p.value, resource: p });
  }
  return out;
}

/** Images by repository, each digest once (pages may overlap). */
function byRepository(images: readonly EcrImage[]): {
  repos: Map<string, EcrImage[]>;
  anonymous: Set<string>;
} {
  const repos = new Map<string, EcrImage[]>();
  const anonymous = new Set<string>();
  const seen = new Set<string>();
  for (const img of images) {
    if (img.repository === undefined) {
      anonymous.add(img.file);
      continue;
    }
    const key = `${img.registryId ?? ''}\u0000${img.repository}\u0000${img.digest}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = repos.get(img.repository);
    if (list) list.push(img);
    else repos.set(img.repository, [img]);
  }
  return { repos, anonymous };
}

export default defineRule<M>({
  meta: {
    id: 'ECR-007',
    slug: 'ecr-lifecycle-in-use',
    service: 'ecr',
    severity: 'high',
    title: {
      en: 'Lifecycle policy would expire an image that is still deployed',
      ja: 'ライフサイクルポリシーがデプロイ中のイメージを期限切れにする',
    },
    rationale: {
      en: 'A lifecycle policy deletes (or archives) images by count or age, whatever still runs them. When a service or workload references an image the policy removes, the running tasks keep going, but the next task launch, scale-out, node replacement or rollback fails to pull the image. hako simulates the policy against the describe-images output you scan, with the rule-priority semantics of ECR, and names the rule, the image and who runs it.',
      ja: 'ライフサイクルポリシーは、実行中かどうかに関係なく、件数や経過日数でイメージを削除（またはアーカイブ）します。サービスやワークロードが参照しているイメージをポリシーが消すと、実行中のタスクは動き続けますが、次のタスク起動、スケールアウト、ノード入れ替え、ロールバックでイメージを pull できず失敗します。hako はスキャンした describe-images の出力に対して ECR のルール優先度の仕組みどおりにポリシーをシミュレーションし、ルール、イメージ、使用者を示します。',
    },
    remediation: {
      en: 'Keep deployed images out of the rule: give release images a tag prefix that a higher-priority rule keeps (a large imageCountMoreThan), raise countNumber, or deploy by a tag the policy does not select. Re-run `hako ecr lifecycle --policy ... --images ... --in-use ...` to preview the change.',
      ja: 'デプロイ中のイメージがルールに選ばれないようにしてください。リリース用イメージには優先度の高いルール（大きな imageCountMoreThan）で残すタグプレフィックスを付ける、countNumber を増やす、ポリシーが選ばないタグでデプロイする、などです。変更は `hako ecr lifecycle --policy ... --images ... --in-use ...` で事前に確認できます。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation', 'ecr-json', 'ecs-json', 'kubernetes'],
    messages: {
      en: {
        expire:
          'lifecycle policy of {repo}: rule {priority} would expire image {image} ({digest}), which {user} still runs',
        archive:
          'lifecycle policy of {repo}: rule {priority} would archive image {image} ({digest}), which {user} still runs; an archived image cannot be pulled',
      },
      ja: {
        expire:
          '{repo} のライフサイクルポリシー: ルール {priority} が、{user} が実行中のイメージ {image}（{digest}）を期限切れにします',
        archive:
          '{repo} のライフサイクルポリシー: ルール {priority} が、{user} が実行中のイメージ {image}（{digest}）をアーカイブします。アーカイブされたイメージは pull できません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const { images } = state.aws.ecr;
    if (images.length === 0) return;
    // What this rule cannot judge goes to summary.skipped (read after the rules run): never a silent pass.
    const skip = (file: string, note: Parameters<typeof withText>[1], data?: Record<string, string>) =>
      state.inputs.skipped.push({ file, ...withText('reason', note, data) });
    const { repos, anonymous } = byRepository(images);
    for (const file of anonymous) skip(file, 'ecrImagesNoRepository');
    if (repos.size === 0) return;
    const refs = collectInUse(state);
    const now = ctx.now.getTime();
    for (const [repository, list] of repos) {
      const policies = policiesOf(state, repository);
      if (policies.length === 0) {
        skip((list[0] as EcrImage).file, 'ecrImagesNoPolicy', { repository });
        continue;
      }
      const users = usersOfImages(list, refs);
      for (const { policy, resource } of policies) {
        const prepared = !policy.unknown && policy.node ? preparePolicy(policy.node, policy.text) : undefined;
        if (!prepared?.rules) {
          skip(policy.src.file, 'ecrPolicyNotSimulated', { repository });
          continue;
        }
        if (users.size === 0) continue;
        const outcome = evaluateLifecycle(prepared.rules, list, now);
        for (const [i, us] of users) {
          const r = outcome.actedBy[i] as number;
          if (r < 0) continue;
          const rule = outcome.rules[r];
          if (!rule) continue;
          const img = list[i] as EcrImage;
          for (const u of us)
            ctx.report({
              at: prepared.ruleSrc.get(rule.priority) ?? policy.src,
              resource,
              messageId: rule.action === 'transition' ? 'archive' : 'expire',
              data: {
                repo: showName(repository),
                priority: rule.priority,
                image: u.reference,
                digest: img.digest,
                user: u.user,
                pushedDaysAgo: Math.floor((now - img.pushedAt) / DAY_MS),
              },
              related: [{ src: u.src, note: 'ecrImageUsedBy', data: { image: u.reference, user: u.user } }],
            });
        }
      }
    }
  },
});

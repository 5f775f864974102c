/**
 * ECS-012: an image reference with `:latest` or no tag at all (which means latest), and no digest,
 * can change under the same task definition: each new task may run different code.
 */
import { isKnown } from '../../model/source.js';
import { isTemplated, parseImage } from '../_shared/image.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers } from './_helpers.js';

export default defineRule<'latest' | 'untagged'>({
  meta: {
    id: 'ECS-012',
    slug: 'ecs-image-pinned',
    service: 'ecs',
    severity: 'low',
    title: {
      en: 'Container image is not pinned',
      ja: 'コンテナイメージが固定されていない',
    },
    rationale: {
      en: 'An image referenced as `:latest` or without a tag resolves to whatever was pushed last, each time a task starts. Tasks of one revision can then run different code, a rollback does not restore the old image, and a compromised or broken push reaches production without a deployment.',
      ja: '`:latest` やタグなしで参照したイメージは、タスクの起動のたびに最後にプッシュされたものに解決されます。同じリビジョンのタスクが異なるコードを実行し、ロールバックしても元のイメージに戻らず、侵害されたり壊れたりしたプッシュがデプロイなしに本番に届きます。',
    },
    remediation: {
      en: 'Reference the image by an immutable version tag (with ECR tag immutability) or, better, by digest (`repository@sha256:...`).',
      ja: 'イメージは不変のバージョンタグ（ECR のタグのイミュータビリティと併用）か、より確実にはダイジェスト（`repository@sha256:...`）で参照してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        latest: 'container {container} uses image "{image}" with the mutable tag latest and no digest',
        untagged: 'container {container} uses image "{image}" without a tag or digest, which means latest',
      },
      ja: {
        latest:
          'コンテナ {container} はダイジェストなしで可変タグ latest のイメージ "{image}" を使っています',
        untagged:
          'コンテナ {container} はタグもダイジェストもないイメージ "{image}" を使っており、latest として扱われます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      const image = c.image;
      if (!isKnown(image) || image.value.trim() === '' || isTemplated(image.value)) continue;
      const ref = parseImage(image.value);
      if (ref.digest !== undefined) continue;
      const data = { container: containerName(c), image: image.value };
      if (ref.tag === undefined || ref.tag === '')
        ctx.report({ at: image.src, resource: td, messageId: 'untagged', data });
      else if (ref.tag === 'latest') ctx.report({ at: image.src, resource: td, messageId: 'latest', data });
    }
  },
});

/**
 * K8S-005: an image reference with `:latest` or no tag at all (which means latest), and no
 * digest, can change under the same manifest: each new pod may run different code. Every
 * container kind is judged (containers, init containers, ephemeral containers). A reference still
 * holding a template variable is not knowable and is skipped.
 */
import { isKnown } from '../../model/source.js';
import { isTemplated, parseImage } from '../_shared/image.js';
import { defineRule, noEquivalents } from '../types.js';
import { nameLabel, objectLabel } from './_objects.js';

export default defineRule<'latest' | 'untagged'>({
  meta: {
    id: 'K8S-005',
    slug: 'k8s-image-pinned',
    service: 'k8s',
    severity: 'low',
    title: {
      en: 'Container image is not pinned',
      ja: 'コンテナイメージが固定されていない',
    },
    rationale: {
      en: 'An image referenced as `:latest` or without a tag resolves to whatever was pushed last, each time a node pulls it. Replicas of one Deployment revision can then run different code, a rollback does not restore the old image, and a compromised or broken push reaches production without a deployment. Without a tag, `imagePullPolicy` also defaults to `Always`, so every pod start depends on the registry.',
      ja: '`:latest` やタグなしで参照したイメージは、ノードがプルするたびに最後にプッシュされたものに解決されます。同じ Deployment リビジョンのレプリカが異なるコードを実行し、ロールバックしても元のイメージに戻らず、侵害されたり壊れたりしたプッシュがデプロイなしに本番に届きます。タグがない場合は `imagePullPolicy` の既定値も `Always` になり、Pod の起動のたびにレジストリに依存します。',
    },
    remediation: {
      en: 'Reference the image by an immutable version tag (with ECR tag immutability) or, better, by digest (`repository@sha256:...`).',
      ja: 'イメージは不変のバージョンタグ（ECR のタグのイミュータビリティと併用）か、より確実にはダイジェスト（`repository@sha256:...`）で参照してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html',
    ],
    equivalents: noEquivalents({
      checkov: ['CKV_K8S_14'],
      kubeLinter: ['latest-tag'],
      polaris: ['tagNotSpecified'],
    }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        latest:
          '{kind} {name}: container {container} uses image "{image}" with the mutable tag latest and no digest',
        untagged:
          '{kind} {name}: container {container} uses image "{image}" without a tag or digest, which means latest',
      },
      ja: {
        latest:
          '{kind} {name}: コンテナ {container} はダイジェストなしで可変タグ latest のイメージ "{image}" を使っています',
        untagged:
          '{kind} {name}: コンテナ {container} はタグもダイジェストもないイメージ "{image}" を使っており、latest として扱われます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const w of state.k8s.workloads) {
      for (const c of w.containers) {
        const image = c.image;
        if (!isKnown(image) || image.value.trim() === '' || isTemplated(image.value)) continue;
        const ref = parseImage(image.value);
        if (ref.digest !== undefined) continue;
        const data = {
          kind: w.kind,
          name: objectLabel(w),
          container: nameLabel(c.name),
          image: image.value,
        };
        if (ref.tag === undefined || ref.tag === '')
          ctx.report({ at: image.src, resource: w, messageId: 'untagged', data });
        else if (ref.tag === 'latest') ctx.report({ at: image.src, resource: w, messageId: 'latest', data });
      }
    }
  },
});

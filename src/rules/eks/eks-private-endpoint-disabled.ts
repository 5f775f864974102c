/**
 * EKS-002: public endpoint on and private endpoint off (both defaults): nodes, pods and operators
 * inside the VPC reach the API server over the internet, and the public endpoint cannot be turned
 * off without the private one (facts B1). "Both off" is impossible and not reported here.
 */
import { isFalse, isTrue } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { EKS_ENDPOINT_DOC } from './_helpers.js';

export default defineRule<'publicOnly'>({
  meta: {
    id: 'EKS-002',
    slug: 'eks-private-endpoint-disabled',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'EKS private endpoint disabled while public endpoint is on',
      ja: 'EKS のパブリックエンドポイントのみ有効でプライベートエンドポイントが無効',
    },
    rationale: {
      en: 'With only the public endpoint, worker nodes and everything in the VPC talk to the Kubernetes API over the internet, so `publicAccessCidrs` must stay wide enough for the nodes and public access can never be switched off. Both endpoint settings default to this public-only combination.',
      ja: 'パブリックエンドポイントのみの場合、ワーカーノードや VPC 内のすべてがインターネット経由で Kubernetes API と通信するため、`publicAccessCidrs` をノードを含む広さに保つ必要があり、パブリックアクセスを無効化できません。エンドポイント設定は省略するとこのパブリックのみの組み合わせになります。',
    },
    remediation: {
      en: 'Set `endpoint_private_access = true` (CloudFormation `EndpointPrivateAccess: true`), then restrict or turn off public access.',
      ja: '`endpoint_private_access = true`（CloudFormation では `EndpointPrivateAccess: true`）を設定し、そのうえでパブリックアクセスを制限または無効化してください。',
    },
    references: [EKS_ENDPOINT_DOC],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: { publicOnly: 'cluster {cluster} has the public API endpoint on and the private endpoint off' },
      ja: {
        publicOnly:
          'クラスター {cluster} はパブリック API エンドポイントが有効で、プライベートエンドポイントが無効です',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      if (!isTrue(c.endpointPublicAccess) || !isFalse(c.endpointPrivateAccess)) continue;
      ctx.report({
        at: c.endpointPrivateAccess.src,
        resource: c,
        messageId: 'publicOnly',
        data: { cluster: showName(c.name) },
      });
    }
  },
});

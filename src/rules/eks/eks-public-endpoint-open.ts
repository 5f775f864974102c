/**
 * EKS-001: the API server's public endpoint is on (the default) and `publicAccessCidrs` contains
 * `0.0.0.0/0` (the default when absent or empty): anyone on the internet can reach the Kubernetes
 * API and only authentication stands in the way. Silent when public access is off. Facts B1, #36.
 */
import { isKnown, isTrue } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { EKS_ENDPOINT_DOC } from './_helpers.js';

export default defineRule<'open' | 'openByDefault'>({
  meta: {
    id: 'EKS-001',
    slug: 'eks-public-endpoint-open',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'EKS public endpoint open to the internet',
      ja: 'EKS のパブリックエンドポイントがインターネット全体に公開',
    },
    rationale: {
      en: 'With the public endpoint on and `publicAccessCidrs` containing `0.0.0.0/0`, the Kubernetes API server answers anyone on the internet; a leaked token or a vulnerability in the API server is then exploitable from anywhere. Public access is limited only by `publicAccessCidrs`, never by security groups, and it defaults to `0.0.0.0/0` when omitted.',
      ja: 'パブリックエンドポイントが有効で `publicAccessCidrs` に `0.0.0.0/0` が含まれると、Kubernetes API サーバーはインターネット上の誰からでも到達可能になり、漏えいしたトークンや API サーバーの脆弱性がどこからでも悪用されます。パブリックアクセスを絞れるのは `publicAccessCidrs` だけでセキュリティグループでは制限できず、省略時の既定値は `0.0.0.0/0` です。',
    },
    remediation: {
      en: 'Turn on the private endpoint and turn off public access (`endpoint_public_access = false`), or restrict `public_access_cidrs` / `PublicAccessCidrs` to the address ranges that need the API.',
      ja: 'プライベートエンドポイントを有効にしてパブリックアクセスを無効にする（`endpoint_public_access = false`）か、`public_access_cidrs` / `PublicAccessCidrs` を API が必要なアドレス範囲に限定してください。',
    },
    references: [
      EKS_ENDPOINT_DOC,
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html',
    ],
    equivalents: noEquivalents({
      checkov: ['CKV_AWS_38', 'CKV_AWS_39'],
      trivy: ['AVD-AWS-0041', 'AVD-AWS-0040'],
    }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        open: 'cluster {cluster} exposes its public API endpoint to 0.0.0.0/0',
        openByDefault:
          'cluster {cluster} exposes its public API endpoint to the internet (no public access CIDRs set: EKS allows 0.0.0.0/0)',
      },
      ja: {
        open: 'クラスター {cluster} はパブリック API エンドポイントを 0.0.0.0/0 に公開しています',
        openByDefault:
          'クラスター {cluster} はパブリック API エンドポイントをインターネットに公開しています（パブリックアクセス CIDR 未設定のため EKS は 0.0.0.0/0 を許可します）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      if (!isTrue(c.endpointPublicAccess)) continue;
      const cidrs = c.publicAccessCidrs;
      if (!isKnown(cidrs) || !cidrs.value.some((x) => x === '0.0.0.0/0' || x === '::/0')) continue;
      ctx.report({
        at: cidrs.src,
        resource: c,
        messageId: cidrs.origin === 'explicit' && cidrs.value.length > 0 ? 'open' : 'openByDefault',
        data: { cluster: showName(c.name) },
      });
    }
  },
});

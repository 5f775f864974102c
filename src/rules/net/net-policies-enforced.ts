/**
 * NET-006: NetworkPolicies are present but the scanned cluster does not enforce them. On EKS the
 * VPC CNI enforces NetworkPolicies only when its add-on configuration sets
 * `enableNetworkPolicy: "true"` (kubernetes-networkpolicy.md §1, §9); with no such add-on and no
 * Calico or Cilium among the manifests, every policy is inert. One finding per such cluster, at
 * the add-on's configuration (or the add-on, or the cluster), listing the policies. Nothing is
 * said when the scanned files define no cluster (hako cannot tell).
 */

import { defineRule, noEquivalents, type Related } from '../types.js';
import { notEnforcing } from './_enforcement.js';
import { netView } from './_netpol.js';

const LISTED = 20;

export default defineRule<'notEnforced' | 'addonOff' | 'policy'>({
  meta: {
    id: 'NET-006',
    slug: 'net-policies-enforced',
    service: 'net',
    severity: 'high',
    title: {
      en: 'NetworkPolicies present but not enforced by the cluster',
      ja: 'NetworkPolicy があるのにクラスターが適用していない',
    },
    rationale: {
      en: 'A NetworkPolicy only takes effect when the network plugin implements it. On EKS the VPC CNI network policy agent is opt-in: without `enableNetworkPolicy: "true"` in the `vpc-cni` add-on configuration (VPC CNI 1.14 or later, EKS 1.25 or later), and without Calico or Cilium, the API server accepts the policies and nothing enforces them: every default deny and every allow list is decoration.',
      ja: 'NetworkPolicy はネットワークプラグインが実装している場合にだけ効果を持ちます。EKS の VPC CNI ネットワークポリシーエージェントはオプトインです。`vpc-cni` アドオンの設定に `enableNetworkPolicy: "true"` がなく（VPC CNI 1.14 以降、EKS 1.25 以降）、Calico や Cilium もなければ、API サーバーはポリシーを受け付けますが、何も適用しません。デフォルト拒否も許可リストも飾りになります。',
    },
    remediation: {
      en: 'Set `configuration_values = jsonencode({ enableNetworkPolicy = "true" })` on the `vpc-cni` add-on (`ConfigurationValues` in CloudFormation, `--configuration-values` with the AWS CLI), or install a policy engine such as Calico or Cilium.',
      ja: '`vpc-cni` アドオンに `configuration_values = jsonencode({ enableNetworkPolicy = "true" })` を設定するか（CloudFormation では `ConfigurationValues`、AWS CLI では `--configuration-values`）、Calico や Cilium などのポリシーエンジンを導入してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'terraform', 'cloudformation'],
    messages: {
      en: {
        notEnforced:
          '{count} NetworkPolicies are not enforced on cluster {cluster}: no vpc-cni add-on with enableNetworkPolicy "true", and no Calico or Cilium in the scanned manifests',
        addonOff:
          '{count} NetworkPolicies are not enforced on cluster {cluster}: the vpc-cni add-on does not set enableNetworkPolicy to "true"',
        policy: 'NetworkPolicy {policy}',
      },
      ja: {
        notEnforced:
          '{count} 個の NetworkPolicy がクラスター {cluster} で適用されていません。enableNetworkPolicy が "true" の vpc-cni アドオンがなく、スキャンしたマニフェストに Calico も Cilium もありません',
        addonOff:
          '{count} 個の NetworkPolicy がクラスター {cluster} で適用されていません。vpc-cni アドオンが enableNetworkPolicy を "true" にしていません',
        policy: '適用されていない NetworkPolicy {policy}',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const v = netView(state);
    const policies = state.k8s.networkPolicies.filter((p) => p.problems.length === 0);
    if (policies.length === 0) return;
    for (const c of notEnforcing(v.enforcement)) {
      ctx.report({
        at: c.at,
        resource: c.resource,
        messageId: c.addon ? 'addonOff' : 'notEnforced',
        data: { count: policies.length, cluster: c.name },
        related: policies.slice(0, LISTED).map(
          (p): Related<'policy'> => ({
            src: p.src,
            messageId: 'policy',
            data: { policy: `${p.namespace.value}/${p.name}` },
          }),
        ),
      });
    }
  },
});

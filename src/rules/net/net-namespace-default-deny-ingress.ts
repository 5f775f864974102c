/**
 * NET-001: a namespace with workloads but no default-deny ingress policy (a valid policy with
 * `podSelector: {}`, `Ingress` in its effective policy types and no allow-all rule). Without one,
 * every pod no other policy selects accepts connections from every pod of the cluster and from
 * outside it. System namespaces (kube-system, kube-public, kube-node-lease) are not judged.
 */
import { defineRule, noEquivalents } from '../types.js';
import { checkDefaultDeny } from './_default-deny.js';

export default defineRule<'missing'>({
  meta: {
    id: 'NET-001',
    slug: 'net-namespace-default-deny-ingress',
    service: 'net',
    severity: 'medium',
    title: {
      en: 'Namespace without a default-deny ingress NetworkPolicy',
      ja: '名前空間にデフォルト拒否のイングレス NetworkPolicy がない',
    },
    rationale: {
      en: 'Kubernetes allows all traffic to a pod until some NetworkPolicy selects it for ingress. A policy with `podSelector: {}` and `policyTypes: [Ingress]` isolates every pod of the namespace, so that only the flows other policies allow get through, and new workloads start closed instead of open. A policy without `policyTypes` and without `ingress` is such a default deny; `ingress: [{}]` is the opposite (allow all).',
      ja: 'Kubernetes では、NetworkPolicy がイングレス方向で選択するまで Pod への通信はすべて許可されます。`podSelector: {}` と `policyTypes: [Ingress]` を持つポリシーは名前空間のすべての Pod を隔離し、他のポリシーが許可した通信だけを通します。新しいワークロードも開いた状態ではなく閉じた状態で始まります。`policyTypes` も `ingress` もないポリシーはこのデフォルト拒否になり、`ingress: [{}]` は逆にすべてを許可します。',
    },
    remediation: {
      en: 'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` (no `ingress` rules) to the namespace, then allow the flows each workload needs with further policies.',
      ja: '名前空間に `podSelector: {}` と `policyTypes: [Ingress]`（`ingress` ルールなし）の NetworkPolicy を追加し、各ワークロードに必要な通信を別のポリシーで許可してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic',
      'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV2_K8S_6'] }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        missing:
          'namespace {namespace} has {workloads} workload(s) but no default-deny ingress NetworkPolicy ({policies} policies in the namespace)',
      },
      ja: {
        missing:
          '名前空間 {namespace} には {workloads} 個のワークロードがありますが、デフォルト拒否のイングレス NetworkPolicy がありません（名前空間のポリシー: {policies} 個）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    checkDefaultDeny(state, ctx, 'Ingress');
  },
});

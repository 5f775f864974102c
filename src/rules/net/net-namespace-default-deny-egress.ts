/**
 * NET-002: a namespace with workloads but no default-deny egress policy (a valid policy with
 * `podSelector: {}`, `Egress` listed in `policyTypes` and no allow-all rule). `egress: []` without
 * `policyTypes` does not count: the API server defaults such a policy to `[Ingress]`.
 */
import { defineRule, noEquivalents } from '../types.js';
import { checkDefaultDeny } from './_default-deny.js';

export default defineRule<'missing'>({
  meta: {
    id: 'NET-002',
    slug: 'net-namespace-default-deny-egress',
    service: 'net',
    severity: 'low',
    title: {
      en: 'Namespace without a default-deny egress NetworkPolicy',
      ja: '名前空間にデフォルト拒否のエグレス NetworkPolicy がない',
    },
    rationale: {
      en: 'Without egress isolation a compromised pod can reach every other pod, the node metadata service and the internet. Egress is only isolated by a policy that lists `Egress` in `policyTypes`: when `policyTypes` is omitted the API server adds `Egress` only if `egress` has at least one rule, so `egress: []` alone isolates nothing.',
      ja: 'エグレスが隔離されていないと、侵害された Pod は他のすべての Pod、ノードのメタデータサービス、インターネットに到達できます。エグレスを隔離するのは `policyTypes` に `Egress` を挙げたポリシーだけです。`policyTypes` を省略すると、API サーバーは `egress` にルールが 1 つ以上ある場合にだけ `Egress` を追加するため、`egress: []` だけでは何も隔離されません。',
    },
    remediation: {
      en: 'Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Egress]` to the namespace, and allow DNS (UDP and TCP 53 to the kube-dns pods in kube-system) and the other destinations the workloads need.',
      ja: '名前空間に `podSelector: {}` と `policyTypes: [Egress]` の NetworkPolicy を追加し、DNS（kube-system の kube-dns Pod への UDP と TCP の 53 番）とワークロードが必要とする他の宛先を許可してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        missing:
          'namespace {namespace} has {workloads} workload(s) but no default-deny egress NetworkPolicy ({policies} policies in the namespace)',
      },
      ja: {
        missing:
          '名前空間 {namespace} には {workloads} 個のワークロードがありますが、デフォルト拒否のエグレス NetworkPolicy がありません（名前空間のポリシー: {policies} 個）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    checkDefaultDeny(state, ctx, 'Egress');
  },
});

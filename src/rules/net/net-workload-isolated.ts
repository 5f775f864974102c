/**
 * NET-003: a workload whose pods no valid NetworkPolicy selects (for either direction): they accept
 * and open any connection. Pods of system namespaces are not judged.
 */
import { defineRule, noEquivalents } from '../types.js';
import { enforcementNotes, hostNetworkNotes, netView, SYSTEM_NAMESPACES } from './_netpol.js';

export default defineRule<'notSelected'>({
  meta: {
    id: 'NET-003',
    slug: 'net-workload-isolated',
    service: 'net',
    severity: 'medium',
    title: {
      en: 'Workload selected by no NetworkPolicy',
      ja: 'どの NetworkPolicy にも選択されていないワークロード',
    },
    rationale: {
      en: 'A pod that no NetworkPolicy selects is not isolated in either direction: every pod in the cluster, and anything that can route to the pod network, can connect to it, and it can connect anywhere. Policies that select other pods of the namespace change nothing for it.',
      ja: 'どの NetworkPolicy にも選択されていない Pod はどちらの方向にも隔離されていません。クラスター内のすべての Pod と、Pod ネットワークに到達できるすべてのものがこの Pod に接続でき、この Pod もどこにでも接続できます。名前空間の他の Pod を選択するポリシーは、この Pod には何の影響もありません。',
    },
    remediation: {
      en: 'Select the workload with a NetworkPolicy (a namespace-wide default deny with `podSelector: {}` covers every pod) and allow only the flows it needs.',
      ja: 'ワークロードを NetworkPolicy で選択し（`podSelector: {}` による名前空間全体のデフォルト拒否ですべての Pod を対象にできます）、必要な通信だけを許可してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation',
    ],
    equivalents: noEquivalents({ checkov: ['CKV2_K8S_6'], kubeLinter: ['non-isolated-pod'] }),
    inputs: ['kubernetes'],
    messages: {
      en: { notSelected: '{workload} is selected by no NetworkPolicy: all ingress and egress is allowed' },
      ja: {
        notSelected:
          '{workload} はどの NetworkPolicy にも選択されていないため、すべてのイングレスとエグレスが許可されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const v = netView(state);
    for (const w of state.k8s.workloads) {
      if (SYSTEM_NAMESPACES.has(w.namespace.value)) continue;
      const g = v.net.groupOf(v.podOf.get(w)!);
      if (v.net.selecting(g, 'Ingress').length > 0 || v.net.selecting(g, 'Egress').length > 0) continue;
      ctx.report({
        at: w.podMeta.src,
        resource: w,
        messageId: 'notSelected',
        data: { workload: `${w.kind}/${w.namespace.value}/${w.object.name}` },
        related: [...hostNetworkNotes(w), ...enforcementNotes(v)],
      });
    }
  },
});

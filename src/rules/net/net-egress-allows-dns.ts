/**
 * NET-007: an egress-isolated workload whose policies allow some egress but not DNS: UDP 53 (and
 * TCP 53, which large answers and some resolvers need) to the cluster DNS pods (`k8s-app=kube-dns`
 * in kube-system; the scanned ones when present, else CoreDNS as EKS runs it, ports 53/UDP and
 * 53/TCP). A workload whose egress is denied entirely is a deliberate choice and is not reported.
 */
import { type DirectionVerdict, direction, type Group } from '../../engines/netpol/evaluate.js';
import { has } from '../../engines/netpol/ports.js';
import type { NetworkPolicy } from '../../model/k8s/netpol.js';
import { defineRule, noEquivalents, type RelatedNote } from '../types.js';
import { enforcementNotes, netView, SYSTEM_NAMESPACES } from './_netpol.js';

const COREDNS: Group = {
  index: -1,
  namespace: 'kube-system',
  labels: new Map([['k8s-app', 'kube-dns']]),
  namedPorts: [
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
  ],
  hostNetwork: false,
  pods: [],
};

export default defineRule<'blocked' | 'tcpBlocked'>({
  meta: {
    id: 'NET-007',
    slug: 'net-egress-allows-dns',
    service: 'net',
    severity: 'medium',
    title: {
      en: 'Egress NetworkPolicy blocks DNS while allowing other egress',
      ja: 'エグレスの NetworkPolicy が他のエグレスを許可しながら DNS を遮断している',
    },
    rationale: {
      en: 'Once a pod is egress-isolated, everything not allowed is denied, DNS included. A policy that allows, say, TCP 443 to an API but forgets UDP and TCP 53 to the kube-dns pods breaks name resolution, and the workload fails in ways that look like network outages. The allow must select the DNS pods with `namespaceSelector` and `podSelector` in the same peer; allowing the kube-dns Service IP through `ipBlock` does not work, because policies see the pod address after DNAT.',
      ja: 'Pod のエグレスが隔離されると、許可されていない通信は DNS も含めてすべて拒否されます。たとえば API への TCP 443 は許可しても kube-dns Pod への UDP と TCP の 53 番を忘れたポリシーは名前解決を壊し、ワークロードはネットワーク障害のように見える形で失敗します。許可は同じピアの `namespaceSelector` と `podSelector` で DNS Pod を選択する必要があります。ポリシーは DNAT 後の Pod アドレスを見るため、kube-dns Service の IP を `ipBlock` で許可しても機能しません。',
    },
    remediation: {
      en: 'Add an egress rule to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}] with ports UDP 53 and TCP 53.',
      ja: 'エグレスルール to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}] を、ポート UDP 53 と TCP 53 で追加してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
      'https://docs.aws.amazon.com/eks/latest/userguide/managing-coredns.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        blocked:
          '{workload} is egress-isolated and allowed some egress, but not DNS (UDP 53 to kube-dns in kube-system)',
        tcpBlocked:
          '{workload} may use DNS over UDP 53 but not TCP 53 to kube-dns in kube-system (large answers fall back to TCP)',
      },
      ja: {
        blocked:
          '{workload} はエグレスが隔離され一部のエグレスは許可されていますが、DNS（kube-system の kube-dns への UDP 53）は許可されていません',
        tcpBlocked:
          '{workload} は kube-system の kube-dns への DNS に UDP 53 は使えますが TCP 53 は使えません（大きな応答は TCP に切り替わります）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const v = netView(state);
    const scanned = v.net.groups.filter(
      (g) => g.namespace === 'kube-system' && g.labels.get('k8s-app') === 'kube-dns',
    );
    const targets = scanned.length > 0 ? scanned : [COREDNS];
    for (const w of state.k8s.workloads) {
      if (SYSTEM_NAMESPACES.has(w.namespace.value)) continue;
      const g = v.net.groupOf(v.podOf.get(w)!);
      const policies = v.net.selecting(g, 'Egress');
      if (policies.length === 0 || policies.every((p) => p.egress.length === 0)) continue;
      const verdicts: DirectionVerdict<NetworkPolicy>[] = targets.map((t) =>
        direction(v.net, g, 'Egress', { kind: 'group', group: t }, t.namedPorts),
      );
      const udp = verdicts.some((d) => has(d.ports, 'UDP', 53));
      const tcp = verdicts.some((d) => has(d.ports, 'TCP', 53));
      if (udp && tcp) continue;
      const related: RelatedNote[] = policies.map((p) => ({
        note: 'netpolSelectedBy',
        data: { policy: `${p.namespace.value}/${p.name}` },
        src: p.src,
      }));
      ctx.report({
        at: w.podMeta.src,
        resource: w,
        messageId: udp ? 'tcpBlocked' : 'blocked',
        data: { workload: `${w.kind}/${w.namespace.value}/${w.object.name}` },
        related: [...related, ...enforcementNotes(v)],
      });
    }
  },
});

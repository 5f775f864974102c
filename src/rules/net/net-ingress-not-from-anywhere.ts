/**
 * NET-005: a NetworkPolicy that allows ingress from `0.0.0.0/0` or `::/0` (an `ipBlock` of prefix 0,
 * whatever its `except`), or from every source (a rule without `from`), to workloads that are not
 * meant to be public: no Service of type LoadBalancer or NodePort selects them.
 */
import { parseCidr } from '../../engines/ip/cidr.js';
import { matches } from '../../engines/netpol/selector.js';
import { appliesTo } from '../../model/k8s/netpol.js';
import type { State } from '../../model/state.js';
import { defineRule, noEquivalents } from '../types.js';
import { enforcementNotes, netView } from './_netpol.js';

/** Groups items by namespace (one pass; a rule then looks at one namespace, not at all items). */
function byNamespace<T>(items: T[], ns: (x: T) => string | undefined): Map<string | undefined, T[]> {
  const out = new Map<string | undefined, T[]>();
  for (const x of items) {
    const k = ns(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Workloads a LoadBalancer or NodePort Service of their namespace selects (per namespace: linear in practice). */
function publicWorkloads(state: State): Set<string> {
  const out = new Set<string>();
  const exposed = byNamespace(
    state.k8s.services.filter(
      (s) => (s.type.value === 'LoadBalancer' || s.type.value === 'NodePort') && s.selector.size > 0,
    ),
    (s) => s.namespace.value,
  );
  for (const w of state.k8s.workloads)
    for (const s of exposed.get(w.namespace.value) ?? []) {
      if ([...s.selector].every(([k, v]) => w.podMeta.labels.get(k)?.value === v.value))
        out.add(w.ref.address ?? '');
    }
  return out;
}

export default defineRule<'anywhere' | 'allSources'>({
  meta: {
    id: 'NET-005',
    slug: 'net-ingress-not-from-anywhere',
    service: 'net',
    severity: 'high',
    title: {
      en: 'NetworkPolicy allows ingress from anywhere to a workload that is not public',
      ja: 'NetworkPolicy が公開用でないワークロードへのあらゆる送信元からのイングレスを許可している',
    },
    rationale: {
      en: 'An `ipBlock` of `0.0.0.0/0` or `::/0` in `from`, or an ingress rule without `from`, allows every source address, including the internet wherever the pod network is routable (on EKS pods have VPC addresses). For a workload that no LoadBalancer or NodePort Service exposes, this is almost always a mistake written to "make it work".',
      ja: '`from` に `0.0.0.0/0` や `::/0` の `ipBlock` を書くか、`from` のないイングレスルールを書くと、Pod ネットワークにルーティングできる場所であればインターネットを含むすべての送信元アドレスが許可されます（EKS では Pod は VPC のアドレスを持ちます）。LoadBalancer や NodePort の Service が公開していないワークロードでは、これは「とりあえず動かす」ために書かれた誤りであることがほとんどです。',
    },
    remediation: {
      en: 'Allow only the pods (podSelector / namespaceSelector) or the address ranges that need to connect, and expose public workloads through a Service or load balancer.',
      ja: '接続が必要な Pod（podSelector / namespaceSelector）またはアドレス範囲だけを許可し、公開するワークロードは Service やロードバランサー経由で公開してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        anywhere:
          'NetworkPolicy {policy} allows ingress from {cidr} to {workloads}, which no LoadBalancer or NodePort Service exposes',
        allSources:
          'NetworkPolicy {policy} has an ingress rule without from: it allows every source, the internet included, to {workloads}, which no LoadBalancer or NodePort Service exposes',
      },
      ja: {
        anywhere:
          'NetworkPolicy {policy} は {cidr} から {workloads} へのイングレスを許可していますが、これらを公開する LoadBalancer や NodePort の Service はありません',
        allSources:
          'NetworkPolicy {policy} には from のないイングレスルールがあり、インターネットを含むすべての送信元から {workloads} への通信を許可していますが、これらを公開する LoadBalancer や NodePort の Service はありません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const v = netView(state);
    const open = publicWorkloads(state);
    const workloads = byNamespace(state.k8s.workloads, (w) => w.namespace.value);
    for (const p of v.net.policies) {
      if (!appliesTo(p, 'Ingress')) continue;
      const targets = (workloads.get(p.namespace.value) ?? [])
        .filter((w) => !open.has(w.ref.address ?? ''))
        .filter((w) => matches(p.podSelector, v.podOf.get(w)!.labels))
        .map((w) => `${w.kind}/${w.object.name}`);
      if (targets.length === 0) continue;
      const data = { policy: `${p.namespace.value}/${p.name}`, workloads: targets.join(', ') };
      for (const rule of p.ingress) {
        if (rule.peers.length === 0) {
          ctx.report({
            at: rule.src,
            resource: p,
            messageId: 'allSources',
            data,
            related: enforcementNotes(v),
          });
          continue;
        }
        for (const peer of rule.peers) {
          const c = peer.ipBlock && parseCidr(peer.ipBlock.cidr.value);
          if (c && c.prefix === 0)
            ctx.report({
              at: peer.ipBlock!.cidr.src,
              resource: p,
              messageId: 'anywhere',
              data: { ...data, cidr: peer.ipBlock!.cidr.value },
              related: enforcementNotes(v),
            });
        }
      }
    }
  },
});

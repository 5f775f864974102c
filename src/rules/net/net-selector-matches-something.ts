/**
 * NET-004: a NetworkPolicy selector that matches nothing in the scanned set because it relies on a
 * label no scanned object carries:
 * - a `namespaceSelector` keyed on a label no namespace has (the classic `name: prod`: namespaces
 *   carry `kubernetes.io/metadata.name`, there is no automatic `name` label);
 * - a peer `podSelector` keyed on a label no pod of the namespaces it looks in has (only judged when
 *   those namespaces have scanned workloads);
 * - a dangling policy: its `spec.podSelector` selects no pod of its namespace (kube-linter
 *   `dangling-networkpolicy`; only judged when the namespace has scanned workloads).
 * A peer that matches nothing never widens access, but the flow it was written for stays blocked,
 * or, for a dangling policy, the pods it was written for stay open. Invalid policies are not judged
 * (they are listed as skipped).
 */
import { matches, requiredKeys } from '../../engines/netpol/selector.js';
import type { LabelSelector } from '../../model/k8s/rbac.js';
import type { Src } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { enforcementNotes, netView } from './_netpol.js';

function keySrc(sel: LabelSelector, key: string): Src {
  return (
    sel.matchLabels.get(key)?.src ?? sel.matchExpressions.find((e) => e.key.value === key)?.key.src ?? sel.src
  );
}

export default defineRule<'dangling' | 'nameLabel' | 'namespaceLabel' | 'podLabel'>({
  meta: {
    id: 'NET-004',
    slug: 'net-selector-matches-something',
    service: 'net',
    severity: 'high',
    title: {
      en: 'NetworkPolicy selector matches nothing because it relies on a label that does not exist',
      ja: '存在しないラベルに依存しているため何にも一致しない NetworkPolicy のセレクター',
    },
    rationale: {
      en: 'Namespaces can only be selected by their labels, and the only label every namespace has is `kubernetes.io/metadata.name`: there is no automatic `name` label, so `namespaceSelector: {matchLabels: {name: prod}}` matches nothing unless someone labelled the namespace. A peer that matches nothing never widens access, but the traffic it was meant to allow is silently dropped; a policy whose own `podSelector` selects no pod protects nothing, and the pods it was written for stay open.',
      ja: '名前空間はラベルでしか選択できず、すべての名前空間が持つラベルは `kubernetes.io/metadata.name` だけです。自動で付く `name` ラベルはないため、誰かが名前空間にラベルを付けない限り `namespaceSelector: {matchLabels: {name: prod}}` は何にも一致しません。何にも一致しないピアがアクセスを広げることはありませんが、許可するはずだった通信は黙って破棄されます。自身の `podSelector` がどの Pod も選択しないポリシーは何も保護せず、対象のはずの Pod は開いたままです。',
    },
    remediation: {
      en: 'Select namespaces by `kubernetes.io/metadata.name: <namespace>` (or label the namespaces), and make pod selectors use labels the pod templates really carry.',
      ja: '名前空間は `kubernetes.io/metadata.name: <名前空間>` で選択し（または名前空間にラベルを付け）、Pod セレクターには Pod テンプレートに実際に付いているラベルを使ってください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name',
      'https://docs.kubelinter.io/#/generated/checks?id=dangling-networkpolicy',
    ],
    equivalents: noEquivalents({ kubeLinter: ['dangling-networkpolicy'] }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        dangling: 'NetworkPolicy {policy} selects no pod of namespace {namespace}: it protects nothing',
        nameLabel:
          'namespaceSelector of {policy} uses the label "name", which no namespace has: select by kubernetes.io/metadata.name',
        namespaceLabel:
          'namespaceSelector of {policy} needs label "{label}", which no scanned namespace has: it matches nothing',
        podLabel:
          'podSelector of {policy} needs label "{label}", which no pod in {namespaces} has: it matches nothing',
      },
      ja: {
        dangling:
          'NetworkPolicy {policy} は名前空間 {namespace} のどの Pod も選択していないため、何も保護していません',
        nameLabel:
          '{policy} の namespaceSelector はどの名前空間にもないラベル "name" を使っています。kubernetes.io/metadata.name で選択してください',
        namespaceLabel:
          '{policy} の namespaceSelector はスキャンしたどの名前空間にもないラベル "{label}" を必要とするため、何にも一致しません',
        podLabel:
          '{policy} の podSelector は {namespaces} のどの Pod にもないラベル "{label}" を必要とするため、何にも一致しません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const v = netView(state);
    const notes = enforcementNotes(v);
    const namespaces = new Set([
      ...state.k8s.namespaces.map((n) => n.name),
      ...v.namespacesWithWorkloads,
      ...state.k8s.networkPolicies.map((p) => p.namespace.value),
    ]);
    const nsKeys = new Set([...namespaces].flatMap((n) => [...v.net.namespaceLabels(n).keys()]));
    const groupsIn = (ns: string) => v.net.groups.filter((g) => g.namespace === ns);
    for (const p of v.net.policies) {
      const ns = p.namespace.value;
      const policy = `${ns}/${p.name}`;
      const own = groupsIn(ns);
      if (own.length > 0 && !own.some((g) => matches(p.podSelector, g.labels)))
        ctx.report({
          at: p.podSelector.src,
          resource: p,
          messageId: 'dangling',
          data: { policy, namespace: ns },
          related: notes,
        });
      for (const rule of [...p.ingress, ...p.egress])
        for (const peer of rule.peers) {
          let inNamespaces = [ns];
          if (peer.namespaceSelector) {
            const sel = peer.namespaceSelector;
            const missing = requiredKeys(sel).find((k) => !nsKeys.has(k));
            const hits = [...namespaces].filter((n) => matches(sel, v.net.namespaceLabels(n)));
            if (missing !== undefined && hits.length === 0) {
              ctx.report({
                at: keySrc(sel, missing),
                resource: p,
                messageId: missing === 'name' ? 'nameLabel' : 'namespaceLabel',
                data: { policy, label: missing },
                related: notes,
              });
              continue;
            }
            inNamespaces = hits;
          }
          if (!peer.podSelector) continue;
          const sel = peer.podSelector;
          const groups = inNamespaces.flatMap(groupsIn);
          if (groups.length === 0 || groups.some((g) => matches(sel, g.labels))) continue;
          const keys = new Set(groups.flatMap((g) => [...g.labels.keys()]));
          const missing = requiredKeys(sel).find((k) => !keys.has(k));
          if (missing === undefined) continue;
          ctx.report({
            at: keySrc(sel, missing),
            resource: p,
            messageId: 'podLabel',
            data: { policy, label: missing, namespaces: inNamespaces.sort().join(', ') },
            related: notes,
          });
        }
    }
  },
});

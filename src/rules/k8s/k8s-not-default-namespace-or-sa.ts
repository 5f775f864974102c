/**
 * K8S-008: a workload written into the `default` namespace, or a pod running as its namespace's
 * `default` ServiceAccount while a RoleBinding/ClusterRoleBinding of the scan grants that
 * ServiceAccount permissions (and the token is mounted).
 * - Only an explicit `metadata.namespace: default` counts: an omitted namespace is wherever
 *   kubectl points (`-n`, the context), which is not knowable from the file.
 * - The binding must name that very ServiceAccount (kind ServiceAccount `default`, or User
 *   `system:serviceaccount:<ns>:default`) in the pod's known namespace; group bindings cover every
 *   ServiceAccount alike and a dedicated one would not avoid them.
 */
import { defineRule, noEquivalents, type Related } from '../types.js';
import {
  accountIndex,
  bindingLabel,
  nameLabel,
  namespaceOf,
  objectLabel,
  subjectsFor,
  tokenMount,
} from './_objects.js';

export default defineRule<'defaultNamespace' | 'defaultAccount' | 'bindsDefault'>({
  meta: {
    id: 'K8S-008',
    slug: 'k8s-not-default-namespace-or-sa',
    service: 'k8s',
    severity: 'low',
    title: {
      en: 'Workload in the default namespace or on a bound default ServiceAccount',
      ja: 'ワークロードが default 名前空間にある、または権限付きの default ServiceAccount を使っている',
    },
    rationale: {
      en: 'The `default` namespace is where everything lands that names no namespace: workloads there share it with stray test pods, usually without a Pod Security label, NetworkPolicies or quotas of their own, and RBAC granted for one of them tends to cover all. Each namespace also has a `default` ServiceAccount that every pod without `serviceAccountName` runs as; once a binding grants it permissions, every such pod in the namespace, present and future, holds them. A dedicated namespace and ServiceAccount per application keep these boundaries separate.',
      ja: '`default` 名前空間には、名前空間を指定しないものがすべて入ります。そこにあるワークロードは紛れ込んだテスト用の Pod と同居し、たいてい独自の Pod Security ラベルも NetworkPolicy もクォータもなく、どれか 1 つのために付与した RBAC が全体に及びがちです。また、各名前空間には `default` ServiceAccount があり、`serviceAccountName` を指定しない Pod はすべてこれで動きます。バインディングでこれに権限を与えると、その名前空間のそうした Pod は今後作られるものも含めてすべてその権限を持ちます。アプリケーションごとに専用の名前空間と ServiceAccount を使えば、これらの境界を分けられます。',
    },
    remediation: {
      en: 'Deploy the workload into its own namespace, create a ServiceAccount for it, set `serviceAccountName`, and move the bindings from the `default` ServiceAccount to that one.',
      ja: 'ワークロードを専用の名前空間にデプロイし、専用の ServiceAccount を作成して `serviceAccountName` に指定し、`default` ServiceAccount に付けていたバインディングをその ServiceAccount に移してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
      'https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    ],
    equivalents: noEquivalents({
      checkov: ['CKV_K8S_21', 'CKV_K8S_42'],
      kubeLinter: ['use-namespace', 'default-service-account'],
    }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        defaultNamespace: '{kind} {name} is deployed in the default namespace',
        defaultAccount:
          '{kind} {name} runs as the default ServiceAccount of namespace {namespace}, which {bindings} grants permissions: every pod there without serviceAccountName holds them',
        bindsDefault: '{binding} binds ServiceAccount {namespace}/default',
      },
      ja: {
        defaultNamespace: '{kind} {name} は default 名前空間にデプロイされています',
        defaultAccount:
          '{kind} {name} は名前空間 {namespace} の default ServiceAccount で動いており、{bindings} がこれに権限を与えています。serviceAccountName を指定しないその名前空間の Pod はすべてこの権限を持ちます',
        bindsDefault: '{binding} が ServiceAccount {namespace}/default をバインドしています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const idx = accountIndex(state);
    for (const w of state.k8s.workloads) {
      const ns = namespaceOf(w);
      const base = { kind: w.kind, name: objectLabel(w) };
      if (ns === 'default')
        ctx.report({ at: w.namespace.src, resource: w, messageId: 'defaultNamespace', data: base });
      const account = w.pod.serviceAccountName;
      if (account.value !== 'default' || ns === null || !tokenMount(w, idx).mounted) continue;
      const subjects = subjectsFor(idx, ns, 'default', 'definite');
      if (subjects.length === 0) continue;
      const bindings = [...new Set(subjects.map((s) => bindingLabel(s.binding)))];
      ctx.report({
        at: account.origin === 'explicit' ? account.src : w.srcAt(''),
        resource: w,
        messageId: 'defaultAccount',
        data: { ...base, namespace: nameLabel(ns), bindings: bindings.join(', ') },
        related: subjects.map(
          (s): Related<'bindsDefault'> => ({
            src: s.src,
            messageId: 'bindsDefault',
            data: { binding: bindingLabel(s.binding), namespace: ns },
          }),
        ),
      });
    }
  },
});

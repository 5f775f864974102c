/**
 * RBAC-006: rules and bindings the API server rejects, and rule entries that grant nothing
 * (kubernetes-rbac.md §4, §5; facts B6, mistakes 18, 19). A rejected Role or ClusterRole does not
 * exist: it grants nothing and denies nothing (there is no deny in RBAC), so the engine does not
 * evaluate it. An unknown subresource of a built-in resource (`pods/logs`) or `res/*` is accepted
 * and matches no request.
 */
import { defineRule, noEquivalents } from '../types.js';
import { RBAC_DOC, rbacGraph } from './_helpers.js';

type Id =
  | 'emptyVerbs'
  | 'noApiGroups'
  | 'noResources'
  | 'urlsInRole'
  | 'urlsMixed'
  | 'unknownSubresource'
  | 'subresourceWildcard'
  | 'roleRefGroup'
  | 'roleRefKind'
  | 'roleRefName'
  | 'subjectName'
  | 'subjectKind'
  | 'subjectGroup'
  | 'subjectNamespace';

export default defineRule<Id>({
  meta: {
    id: 'RBAC-006',
    slug: 'rbac-invalid-rule',
    service: 'rbac',
    severity: 'high',
    title: {
      en: 'RBAC rule rejected by the API server or granting nothing',
      ja: 'API サーバーに拒否される、または何も許可しない RBAC ルール',
    },
    rationale: {
      en: 'RBAC has no deny: a rule with empty `verbs` does not forbid anything, it makes the API server reject the whole Role or ClusterRole, so none of its rules exist. Rules without `apiGroups` or `resources`, non-resource URLs in a Role, and invalid bindings are rejected the same way. A misspelt subresource such as `pods/logs` (the subresource is `pods/log`) or `pods/*` is accepted but matches no request. Either way the intended policy is not in force.',
      ja: 'RBAC に拒否ルールはありません。`verbs` が空のルールは何も禁止せず、API サーバーが Role / ClusterRole 全体を拒否するため、そのルールはどれも存在しません。`apiGroups` や `resources` のないルール、Role 内の非リソース URL、不正なバインディングも同様に拒否されます。`pods/logs`（正しくは `pods/log`）や `pods/*` のような誤ったサブリソースは受け付けられますが、どのリクエストにも一致しません。いずれも意図したポリシーは効いていません。',
    },
    remediation: {
      en: 'Give every rule at least one verb, API group and resource (or only `nonResourceURLs` in a ClusterRole), spell subresources as the API does (`pods/log`, `pods/exec`), and fix the binding fields the API server requires.',
      ja: 'すべてのルールに verb・API グループ・リソースを 1 つ以上（ClusterRole では `nonResourceURLs` のみでも可）指定し、サブリソースは API の綴り（`pods/log`、`pods/exec`）で書き、API サーバーが要求するバインディングのフィールドを修正してください。',
    },
    references: [
      `${RBAC_DOC}#referring-to-resources`,
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/validation/validation.go',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        emptyVerbs:
          '{role}: a rule with empty verbs is rejected ("verbs must contain at least one value"); the whole object is not created',
        noApiGroups: '{role}: a resource rule without apiGroups is rejected; the whole object is not created',
        noResources: '{role}: a resource rule without resources is rejected; the whole object is not created',
        urlsInRole: '{role}: a namespaced Role cannot hold nonResourceURLs; the whole object is not created',
        urlsMixed:
          '{role}: a rule cannot apply to both nonResourceURLs and resources; the whole object is not created',
        unknownSubresource: '{role}: "{value}" is not a subresource of that resource and grants nothing',
        subresourceWildcard:
          '{role}: "{value}" is not a wildcard (it names a subresource "*") and grants nothing',
        roleRefGroup:
          '{binding}: roleRef.apiGroup "{value}" must be rbac.authorization.k8s.io; the binding is rejected',
        roleRefKind: '{binding}: roleRef.kind "{value}" is not allowed here; the binding is rejected',
        roleRefName: '{binding}: roleRef.name is required; the binding is rejected',
        subjectName: '{binding}: a subject without a name is rejected',
        subjectKind:
          '{binding}: subject kind "{value}" must be User, Group or ServiceAccount; the binding is rejected',
        subjectGroup: '{binding}: subject apiGroup "{value}" is wrong for its kind; the binding is rejected',
        subjectNamespace:
          '{binding}: a ServiceAccount subject of a ClusterRoleBinding needs a namespace; the binding is rejected',
      },
      ja: {
        emptyVerbs: '{role}: verbs が空のルールは拒否され、オブジェクト全体が作成されません',
        noApiGroups: '{role}: apiGroups のないリソースルールは拒否され、オブジェクト全体が作成されません',
        noResources: '{role}: resources のないリソースルールは拒否され、オブジェクト全体が作成されません',
        urlsInRole: '{role}: namespace の Role は nonResourceURLs を持てず、オブジェクト全体が作成されません',
        urlsMixed:
          '{role}: 1 つのルールを nonResourceURLs とリソースの両方に適用できず、オブジェクト全体が作成されません',
        unknownSubresource: '{role}: "{value}" はそのリソースのサブリソースではなく、何も許可しません',
        subresourceWildcard:
          '{role}: "{value}" はワイルドカードではなく（"*" という名前のサブリソースを指し）、何も許可しません',
        roleRefGroup:
          '{binding}: roleRef.apiGroup "{value}" は rbac.authorization.k8s.io でなければならず、バインディングは拒否されます',
        roleRefKind: '{binding}: roleRef.kind "{value}" はここでは使えず、バインディングは拒否されます',
        roleRefName: '{binding}: roleRef.name は必須で、バインディングは拒否されます',
        subjectName: '{binding}: name のないサブジェクトは拒否されます',
        subjectKind:
          '{binding}: サブジェクトの kind "{value}" は User・Group・ServiceAccount のいずれかでなければならず、バインディングは拒否されます',
        subjectGroup:
          '{binding}: サブジェクトの apiGroup "{value}" が kind に合わず、バインディングは拒否されます',
        subjectNamespace:
          '{binding}: ClusterRoleBinding の ServiceAccount サブジェクトには namespace が必要で、バインディングは拒否されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    for (const p of g.problems) {
      if (!p.resource) continue;
      const role = `${p.role.kind} ${p.role.namespace ? `${p.role.namespace}/` : ''}${p.role.name}`;
      ctx.report({
        at: p.src,
        resource: p.resource,
        messageId: p.code,
        data: { role, value: p.value ?? '' },
      });
    }
    for (const p of g.bindingProblems) {
      if (!p.resource) continue;
      const b = p.binding;
      const binding = `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`;
      ctx.report({
        at: p.src,
        resource: p.resource,
        messageId: p.code,
        data: { binding, value: p.value ?? '' },
      });
    }
  },
});

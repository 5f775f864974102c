/**
 * RBAC-008: a path from a Kubernetes subject (or an IAM principal authenticated to the cluster) to
 * AWS permissions. Whoever can create pods or pod-creating workloads, exec/attach into pods, mint a
 * ServiceAccount token or impersonate a ServiceAccount in a namespace acts as that namespace's
 * ServiceAccounts (kubernetes-rbac.md §7), and so holds the IAM role their pods receive through
 * IRSA or Pod Identity (facts B8, B9). One finding per (subject, IAM role), at the binding, access
 * policy or aws-auth/access entry that opens the path; `related` is the path, hop by hop (the
 * SARIF report turns it into a code flow).
 *
 * Only paths through the subject's own bindings or mappings are reported: a grant to an implicit
 * group (`system:authenticated`, `system:serviceaccounts`) is reported once, for that group.
 * Only certain high-impact grants of a role whose trust admits the pods count (engines/identity).
 * A path never joins objects of two clusters (engines/identity/clusters.ts).
 */
import { type AwsPath, identityPaths, type PathHop } from '../../engines/identity/paths.js';
import type { Principal } from '../../engines/rbac/index.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { RBAC_GOOD_DOC, rbacGraph } from './_helpers.js';

type Hops =
  | 'hopIamPrincipal'
  | 'hopAwsAuthEntry'
  | 'hopAccessEntry'
  | 'hopAccessPolicy'
  | 'hopUser'
  | 'hopGroup'
  | 'hopBinding'
  | 'hopRole'
  | 'hopRule'
  | 'hopBypass'
  | 'hopCapability'
  | 'hopServiceAccount'
  | 'hopIrsa'
  | 'hopPodIdentity'
  | 'hopIamRole'
  | 'hopActions';

const subjectText = (s: Principal) =>
  s.kind === 'IamPrincipal'
    ? `IAM principal ${s.name}`
    : `${s.kind} ${'namespace' in s && s.namespace ? `${s.namespace}/` : ''}${s.name}`;

function hopRelated(h: PathHop): Related<Hops> {
  const at = h.src ? { src: h.src } : {};
  const ns = h.namespace ? `${h.namespace}/` : '';
  switch (h.kind) {
    case 'IamPrincipal':
      return { ...at, messageId: 'hopIamPrincipal', data: { arn: h.name } };
    case 'AwsAuthEntry':
      return { ...at, messageId: 'hopAwsAuthEntry', data: { section: h.name } };
    case 'AccessEntry':
      return { ...at, messageId: 'hopAccessEntry', data: { type: h.name } };
    case 'AccessPolicy':
      return { ...at, messageId: 'hopAccessPolicy', data: { policy: h.name, scope: h.namespace ?? '*' } };
    case 'User':
      return { ...at, messageId: 'hopUser', data: { name: h.name } };
    case 'Group':
      return { ...at, messageId: 'hopGroup', data: { name: h.name } };
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return { ...at, messageId: 'hopBinding', data: { kind: h.kind, name: `${ns}${h.name}` } };
    case 'Role':
    case 'ClusterRole':
      return { ...at, messageId: 'hopRole', data: { kind: h.kind, name: `${ns}${h.name}` } };
    case 'Rule':
      return { ...at, messageId: 'hopRule', data: { rule: h.name } };
    case 'Bypass':
      return { ...at, messageId: 'hopBypass', data: { name: h.name } };
    case 'Capability':
      return { ...at, messageId: 'hopCapability', data: { request: h.name, namespace: h.namespace ?? '' } };
    case 'ServiceAccount':
      return { ...at, messageId: 'hopServiceAccount', data: { name: `${ns}${h.name}` } };
    case 'IrsaAnnotation':
      return { ...at, messageId: 'hopIrsa', data: { role: h.name } };
    case 'PodIdentityAssociation':
      return { ...at, messageId: 'hopPodIdentity', data: { role: h.name } };
    case 'IamRole':
      return { ...at, messageId: 'hopIamRole', data: { name: h.name } };
    default:
      return { ...at, messageId: 'hopActions', data: { actions: h.name.split(',').join(', ') } };
  }
}

export default defineRule<'path' | Hops>({
  meta: {
    id: 'RBAC-008',
    slug: 'rbac-aws-path',
    service: 'rbac',
    severity: 'critical',
    title: {
      en: 'Path from a Kubernetes subject to high-impact AWS permissions',
      ja: 'Kubernetes のサブジェクトから強い AWS 権限への経路',
    },
    rationale: {
      en: "Whoever can create pods (directly or through a Deployment, Job or other workload), exec or attach into pods, create ServiceAccount tokens or impersonate a ServiceAccount in a namespace can act as any ServiceAccount of that namespace. When such a ServiceAccount receives an IAM role through IRSA or EKS Pod Identity, that subject — and every IAM principal mapped to it — holds the role's AWS permissions. Reviewed one object at a time, none of the bindings, the annotation or the role policy looks wrong.",
      ja: 'ある namespace で Pod を作成できる（Deployment や Job などのワークロード経由を含む）、Pod に exec/attach できる、ServiceAccount トークンを作成できる、または ServiceAccount になりすませるサブジェクトは、その namespace の任意の ServiceAccount として動けます。その ServiceAccount が IRSA または EKS Pod Identity で IAM ロールを受け取るなら、そのサブジェクト（とそこにマップされたすべての IAM プリンシパル）はロールの AWS 権限を持ちます。バインディング、アノテーション、ロールポリシーを一つずつ見てもどれも誤りには見えません。',
    },
    remediation: {
      en: "Break one hop of the path: move the ServiceAccount with the powerful role to a namespace where only its owners can create pods or exec, narrow the role to the actions the workload needs, or remove the subject's pod-creating, exec, token or impersonation rights in that namespace.",
      ja: '経路のどこか一つを断ってください。強いロールを持つ ServiceAccount を所有者しか Pod を作成・exec できない namespace に移す、ロールをワークロードが必要とするアクションに絞る、またはその namespace でのサブジェクトの Pod 作成・exec・トークン作成・なりすまし権限を外します。',
    },
    references: [
      RBAC_GOOD_DOC,
      'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'iam-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        path: '{subject} can {request} in namespace {namespace} and so act as ServiceAccount {serviceAccount}, whose IAM role {role} allows {actions}',
        hopIamPrincipal: 'IAM principal {arn}',
        hopAwsAuthEntry: 'mapped by aws-auth {section} entry',
        hopAccessEntry: 'mapped by EKS access entry (type {type})',
        hopAccessPolicy: 'EKS access policy {policy} (scope {scope})',
        hopUser: 'authenticates as user {name}',
        hopGroup: 'member of group {name}',
        hopBinding: 'bound by {kind} {name}',
        hopRole: 'to {kind} {name}',
        hopRule: 'rule {rule}',
        hopBypass: 'group {name} bypasses RBAC',
        hopCapability: 'can {request} in namespace {namespace}',
        hopServiceAccount: 'acts as ServiceAccount {name}',
        hopIrsa: 'whose IRSA annotation names role {role}',
        hopPodIdentity: 'whose EKS Pod Identity association names role {role}',
        hopIamRole: 'IAM role {name}, whose trust admits these pods',
        hopActions: 'allows {actions}',
      },
      ja: {
        path: '{subject} は namespace {namespace} で {request} でき、ServiceAccount {serviceAccount} として動けます。その IAM ロール {role} は {actions} を許可します',
        hopIamPrincipal: 'IAM プリンシパル {arn}',
        hopAwsAuthEntry: 'aws-auth の {section} エントリーでマップ',
        hopAccessEntry: 'EKS アクセスエントリー（タイプ {type}）でマップ',
        hopAccessPolicy: 'EKS アクセスポリシー {policy}（スコープ {scope}）',
        hopUser: 'ユーザー {name} として認証',
        hopGroup: 'グループ {name} のメンバー',
        hopBinding: '{kind} {name} によるバインド',
        hopRole: '{kind} {name} へ',
        hopRule: 'ルール {rule}',
        hopBypass: 'グループ {name} は RBAC を経由しない',
        hopCapability: 'namespace {namespace} で {request} できる',
        hopServiceAccount: 'ServiceAccount {name} として動く',
        hopIrsa: 'その IRSA アノテーションはロール {role} を指す',
        hopPodIdentity: 'その EKS Pod Identity の関連付けはロール {role} を指す',
        hopIamRole: 'IAM ロール {name}（信頼ポリシーはこれらの Pod を許可）',
        hopActions: '{actions} を許可',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const ip = identityPaths(state, rbacGraph(state));
    for (const subject of ip.subjects) {
      const seen = new Set<string>();
      for (const p of ip.pathsOf(subject)) {
        if (!p.own || !p.opening || seen.has(p.roleArn)) continue;
        seen.add(p.roleArn);
        report(p, p.opening);
      }
    }
    function report(p: AwsPath, opening: NonNullable<AwsPath['opening']>) {
      ctx.report({
        at: opening.src,
        resource: opening.resource,
        messageId: 'path',
        data: {
          subject: subjectText(p.subject),
          request: p.request,
          namespace: p.namespace,
          serviceAccount: `${p.serviceAccount.namespace}/${p.serviceAccount.name}`,
          role: p.roleArn,
          actions: p.actions.join(', '),
        },
        related: p.hops.map(hopRelated),
      });
    }
  },
});

/**
 * IAM-004: EKS Pod Identity that cannot work (facts B9): the association's role (joined through
 * model/aws/ref.ts) does not let `pods.eks.amazonaws.com` do both `sts:AssumeRole` and
 * `sts:TagSession` (decided by the IAM evaluator); or the association's namespace is sent to
 * Fargate by a Fargate profile of the same cluster whose selector names the namespace with no
 * labels (every pod of it runs on Fargate, where Pod Identity is not supported). Also said: an
 * association whose ServiceAccount carries an IRSA annotation too; its pods use the IRSA role
 * (the SDK reads the web identity token before the container credentials; engines/identity), so the
 * association's role is not the one in effect. A role whose trust hako cannot settle (a value
 * known only at apply, a condition on a key not in the files) is said as an info finding.
 */
import { podIdentityTrust, roleArnOf } from '../../engines/identity/trust.js';
import { workloadRoles } from '../../engines/identity/workload-roles.js';
import type { FargateProfile, PodIdentityAssociation } from '../../model/aws/eks.js';
import { isKnown } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { localAddress, sameScope } from '../eks/_helpers.js';
import { defineRule, noEquivalents } from '../types.js';

function sameCluster(a: PodIdentityAssociation, p: FargateProfile): boolean {
  if (a.clusterRef !== undefined && p.clusterRef !== undefined)
    return localAddress(a.clusterRef) === localAddress(p.clusterRef) && sameScope(a, p);
  return isKnown(a.clusterName) && isKnown(p.clusterName) && a.clusterName.value === p.clusterName.value;
}

function fargateSelector(state: State, a: PodIdentityAssociation) {
  if (!isKnown(a.namespace)) return undefined;
  for (const p of state.aws.eks.fargateProfiles) {
    if (!sameCluster(a, p)) continue;
    const s = p.selectors.find(
      (x) =>
        isKnown(x.namespace) &&
        x.namespace.value === a.namespace.value &&
        x.labels !== 'unresolved' &&
        x.labels.size === 0,
    );
    if (s) return { profile: p, selector: s };
  }
  return undefined;
}

export default defineRule<
  'trust' | 'notJudged' | 'fargate' | 'shadowedByIrsa' | 'trustPolicy' | 'selector' | 'annotation'
>({
  meta: {
    id: 'IAM-004',
    slug: 'iam-pod-identity-trust',
    service: 'iam',
    severity: 'high',
    title: {
      en: 'EKS Pod Identity association cannot give its role',
      ja: 'EKS Pod Identity の関連付けがロールを渡せない',
    },
    rationale: {
      en: "EKS Pod Identity assumes the association's role as the service principal `pods.eks.amazonaws.com` and always passes session tags (cluster, namespace, ServiceAccount, pod), so the role's trust must allow both `sts:AssumeRole` and `sts:TagSession` to that principal; with either missing, the pods get no credentials. Pod Identity is not supported for pods on Fargate: a namespace a Fargate profile selects without labels runs all of its pods there. And a ServiceAccount that also carries `eks.amazonaws.com/role-arn` gets IRSA credentials, which the AWS SDKs read first: the association's role is silently not used.",
      ja: 'EKS Pod Identity はサービスプリンシパル `pods.eks.amazonaws.com` として関連付けのロールを引き受け、常にセッションタグ（クラスター、名前空間、ServiceAccount、Pod）を渡します。そのためロールの信頼ポリシーはこのプリンシパルに `sts:AssumeRole` と `sts:TagSession` の両方を許可する必要があり、どちらかが欠けると Pod は認証情報を得られません。Fargate 上の Pod では Pod Identity はサポートされず、Fargate プロファイルがラベルなしで選択する名前空間はすべての Pod がそこで動きます。また `eks.amazonaws.com/role-arn` も持つ ServiceAccount は IRSA の認証情報を受け取り、AWS SDK はそちらを先に読むため、関連付けのロールは黙って使われません。',
    },
    remediation: {
      en: 'Trust `pods.eks.amazonaws.com` with `"Action": ["sts:AssumeRole", "sts:TagSession"]`; run the namespace on EC2 nodes (or use IRSA there); remove either the IRSA annotation or the association.',
      ja: '`pods.eks.amazonaws.com` を `"Action": ["sts:AssumeRole", "sts:TagSession"]` で信頼してください。その名前空間は EC2 ノードで動かす（または IRSA を使う）か、IRSA 注釈と関連付けのどちらかを削除してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        trust:
          'Pod Identity association for {namespace}/{name} uses role {role}, whose trust does not allow pods.eks.amazonaws.com {missing}',
        notJudged:
          'Pod Identity association for {namespace}/{name} uses role {role}: whether its trust lets pods.eks.amazonaws.com do sts:AssumeRole and sts:TagSession depends on values not in the scanned files',
        fargate:
          'Pod Identity association for {namespace}/{name}: Fargate profile {profile} runs every pod of namespace {namespace} on Fargate, where Pod Identity is not supported',
        shadowedByIrsa:
          'Pod Identity association for {namespace}/{name} gives role {role}, but the ServiceAccount also has eks.amazonaws.com/role-arn: its pods use the IRSA role {irsa}',
        trustPolicy: 'trust policy of role {role}',
        selector: 'Fargate profile selector on namespace {namespace} without labels',
        annotation: 'IRSA annotation of the ServiceAccount',
      },
      ja: {
        trust:
          '{namespace}/{name} の Pod Identity の関連付けはロール {role} を使いますが、その信頼ポリシーは pods.eks.amazonaws.com に {missing} を許可していません',
        notJudged:
          '{namespace}/{name} の Pod Identity の関連付けはロール {role} を使います。その信頼ポリシーが pods.eks.amazonaws.com に sts:AssumeRole と sts:TagSession を許可するかは、スキャンしたファイルにない値によります',
        fargate:
          '{namespace}/{name} の Pod Identity の関連付け：Fargate プロファイル {profile} が名前空間 {namespace} のすべての Pod を Fargate で動かしますが、Fargate では Pod Identity はサポートされていません',
        shadowedByIrsa:
          '{namespace}/{name} の Pod Identity の関連付けはロール {role} を渡しますが、ServiceAccount には eks.amazonaws.com/role-arn もあり、Pod は IRSA のロール {irsa} を使います',
        trustPolicy: 'ロール {role} の信頼ポリシー',
        selector: 'ラベルなしで名前空間 {namespace} を選ぶ Fargate プロファイルのセレクター',
        annotation: 'ServiceAccount の IRSA 注釈',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const roles = workloadRoles(state);
    for (const w of roles.all) {
      const a = w.association;
      if (w.via !== 'podIdentity' || !a) continue;
      const data = { namespace: w.serviceAccount.namespace, name: w.serviceAccount.name };
      const role = w.role;
      const roleName = role ? JSON.stringify(role.name) : w.roleArn.value;
      if (role && w.trustAdmits === 'no') {
        const t = podIdentityTrust(role.trustPolicy?.document, roleArnOf(role));
        const missing = [
          t.assumeRole === 'no' ? 'sts:AssumeRole' : '',
          t.tagSession === 'no' ? 'sts:TagSession' : '',
        ]
          .filter((x) => x !== '')
          .join(' and ');
        ctx.report({
          at: w.src,
          resource: a,
          messageId: 'trust',
          data: { ...data, role: roleName, missing: missing || 'sts:AssumeRole and sts:TagSession' },
          related: role.trustPolicy
            ? [{ src: role.trustPolicy.src, messageId: 'trustPolicy', data: { role: roleName } }]
            : [],
        });
      }
      if (role && w.trustAdmits === 'unknown')
        ctx.report({
          at: w.src,
          resource: a,
          messageId: 'notJudged',
          data: { ...data, role: roleName },
          related: role.trustPolicy
            ? [{ src: role.trustPolicy.src, messageId: 'trustPolicy', data: { role: roleName } }]
            : [],
          severity: 'info',
        });
      const fargate = fargateSelector(state, a);
      if (fargate)
        ctx.report({
          at: a.namespace.src,
          resource: a,
          messageId: 'fargate',
          data: { ...data, profile: fargate.profile.ref.name },
          related: [
            { src: fargate.selector.src, messageId: 'selector', data: { namespace: data.namespace } },
          ],
        });
      if (!w.effective) {
        const irsa = roles.byServiceAccount
          .get(`${data.namespace}/${data.name}`)
          ?.find((x) => x.via === 'irsa');
        ctx.report({
          at: w.src,
          resource: a,
          messageId: 'shadowedByIrsa',
          data: { ...data, role: roleName, irsa: irsa?.roleArn.value ?? '' },
          related: irsa ? [{ src: irsa.src, messageId: 'annotation' }] : [],
          severity: 'medium',
        });
      }
    }
  },
});

/**
 * EKS-012: access entries the EKS API rejects or that do nothing (facts B3, #15–#17): an access
 * policy associated with a non-`STANDARD` entry; a policy ARN that is not
 * `arn:aws:eks::aws:cluster-access-policy/<Name>` (e.g. `access-policy/…`); an association without
 * an access scope; access entries on a cluster whose authentication mode is `CONFIG_MAP` (explicit
 * or by default). Entries join their cluster by name or by a reference to its address.
 */
import type { EksAccessEntry, EksCluster } from '../../model/aws/eks.js';
import { isKnown } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { EKS_ACCESS_DOC, localAddress, sameScope } from './_helpers.js';

const POLICY_ARN = /^arn:aws[a-z-]*:eks::aws:cluster-access-policy\/[A-Za-z0-9]+$/;

function clusterOf(state: State, e: EksAccessEntry): EksCluster | undefined {
  return state.aws.eks.clusters.find((c) =>
    e.clusterRef !== undefined
      ? e.clusterRef === localAddress(c.ref.address) && sameScope(e, c)
      : isKnown(e.clusterName) && isKnown(c.name) && c.name.value === e.clusterName.value,
  );
}

export default defineRule<'policyOnNonStandard' | 'badPolicyArn' | 'noScope' | 'configMapMode'>({
  meta: {
    id: 'EKS-012',
    slug: 'eks-access-entry-valid',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'Invalid EKS access entry or access policy association',
      ja: '無効な EKS アクセスエントリーまたはアクセスポリシーの関連付け',
    },
    rationale: {
      en: 'Access policies can be associated only with `STANDARD` access entries; policy ARNs have the form `arn:aws:eks::aws:cluster-access-policy/<Name>`; every association needs an access scope (`cluster` or `namespace`); and access entries exist only when the cluster authentication mode is `API` or `API_AND_CONFIG_MAP`, while clusters created through the API or IaC default to `CONFIG_MAP`. Any of these makes the deployment fail or leaves the intended principal without access.',
      ja: 'アクセスポリシーは `STANDARD` のアクセスエントリーにしか関連付けられず、ポリシー ARN は `arn:aws:eks::aws:cluster-access-policy/<Name>` の形式で、すべての関連付けにアクセススコープ（`cluster` または `namespace`）が必要です。またアクセスエントリーは認証モードが `API` または `API_AND_CONFIG_MAP` のときだけ存在でき、API や IaC で作成したクラスターの既定値は `CONFIG_MAP` です。いずれもデプロイが失敗するか、意図したプリンシパルがアクセスできなくなります。',
    },
    remediation: {
      en: 'Use `type = "STANDARD"` for people and CI, write policy ARNs as `arn:aws:eks::aws:cluster-access-policy/<Name>` with an `access_scope`, and set the cluster authentication mode to `API` or `API_AND_CONFIG_MAP`.',
      ja: '人や CI には `type = "STANDARD"` を使い、ポリシー ARN は `arn:aws:eks::aws:cluster-access-policy/<Name>` と書いて `access_scope` を指定し、クラスターの認証モードを `API` または `API_AND_CONFIG_MAP` にしてください。',
    },
    references: [
      EKS_ACCESS_DOC,
      'https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html',
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        policyOnNonStandard:
          'access policy associated with {principal}, whose access entry has type {type}: only STANDARD entries take access policies',
        badPolicyArn:
          'access policy ARN "{arn}" is malformed: expected arn:aws:eks::aws:cluster-access-policy/<Name>',
        noScope: 'access policy association for {principal} has no access scope (cluster or namespace)',
        configMapMode:
          'access entry for {principal} on cluster {cluster}, whose authentication mode is CONFIG_MAP: access entries need API or API_AND_CONFIG_MAP',
      },
      ja: {
        policyOnNonStandard:
          '{principal} にアクセスポリシーが関連付けられていますが、そのアクセスエントリーの種類は {type} です。アクセスポリシーは STANDARD のエントリーにしか関連付けられません',
        badPolicyArn:
          'アクセスポリシー ARN "{arn}" の形式が不正です。arn:aws:eks::aws:cluster-access-policy/<Name> の形式にしてください',
        noScope:
          '{principal} のアクセスポリシー関連付けにアクセススコープ（cluster または namespace）がありません',
        configMapMode:
          'クラスター {cluster} の認証モードは CONFIG_MAP ですが、{principal} のアクセスエントリーがあります。アクセスエントリーには API または API_AND_CONFIG_MAP が必要です',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const { accessEntries, accessPolicyAssociations } = state.aws.eks;
    for (const a of accessPolicyAssociations) {
      const principal = a.principalArn.value;
      // a cluster named by a reference (`aws_eks_cluster.x.name`) is the same one only in the same module
      const entry = accessEntries.find(
        (e) =>
          e.principalArn.value === a.principalArn.value &&
          e.clusterName.value === a.clusterName.value &&
          (isKnown(a.clusterName) || sameScope(e, a)),
      );
      if (entry && isKnown(entry.type) && entry.type.value !== 'STANDARD')
        ctx.report({
          at: a.policyArn.src,
          resource: a,
          messageId: 'policyOnNonStandard',
          data: { principal, type: entry.type.value },
        });
      if (a.policyArn.origin === 'explicit' && !POLICY_ARN.test(a.policyArn.value))
        ctx.report({
          at: a.policyArn.src,
          resource: a,
          messageId: 'badPolicyArn',
          data: { arn: a.policyArn.value },
        });
      if (!a.accessScope) ctx.report({ at: a.src, resource: a, messageId: 'noScope', data: { principal } });
    }
    for (const e of accessEntries) {
      const c = clusterOf(state, e);
      const mode = c?.authenticationMode;
      if (!c || !isKnown(mode) || mode.value !== 'CONFIG_MAP') continue;
      ctx.report({
        at: e.src,
        resource: e,
        messageId: 'configMapMode',
        data: { principal: e.principalArn.value, cluster: showName(c.name) },
      });
    }
  },
});

/**
 * EKS-010: an IAM principal mapped to full cluster admin: an aws-auth `mapRoles`/`mapUsers` entry
 * (or an access entry's `kubernetesGroups`) with `system:masters`, or an access policy association
 * of `AmazonEKSClusterAdminPolicy` at cluster scope (facts B2, B3). `system:masters` bypasses RBAC
 * entirely and cannot be revoked by any Role or binding.
 */
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { awsAuthMaps, EKS_ACCESS_DOC, EKS_AUTH_CM_DOC } from './_helpers.js';

export default defineRule<'masters' | 'adminPolicy'>({
  meta: {
    id: 'EKS-010',
    slug: 'eks-cluster-admin-mapping',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'IAM principal mapped to cluster admin',
      ja: 'IAM プリンシパルがクラスター管理者にマップされている',
    },
    rationale: {
      en: 'The `system:masters` group bypasses RBAC: no Role, binding or admission policy can restrict it, and anyone able to assume the mapped IAM role becomes an unrestricted cluster admin. `AmazonEKSClusterAdminPolicy` at cluster scope grants every verb on every resource. Cluster-wide admin should be rare, named and reviewed.',
      ja: '`system:masters` グループは RBAC を迂回し、どの Role・バインディング・アドミッションポリシーでも制限できません。マップされた IAM ロールを引き受けられる人は誰でも無制限のクラスター管理者になります。クラスタースコープの `AmazonEKSClusterAdminPolicy` はすべてのリソースに全操作を許可します。クラスター全体の管理者は最小限にし、明示してレビューすべきです。',
    },
    remediation: {
      en: 'Map principals to specific Kubernetes groups bound to least-privilege (Cluster)Roles, or use `AmazonEKSAdminPolicy`/`AmazonEKSEditPolicy` with a namespace scope; keep cluster admin to a break-glass role.',
      ja: 'プリンシパルは最小権限の (Cluster)Role にバインドした個別の Kubernetes グループにマップするか、namespace スコープの `AmazonEKSAdminPolicy` / `AmazonEKSEditPolicy` を使い、クラスター管理者は緊急用ロールに限定してください。',
    },
    references: [
      EKS_AUTH_CM_DOC,
      EKS_ACCESS_DOC,
      'https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes', 'terraform', 'cloudformation'],
    messages: {
      en: {
        masters: '{who} is mapped to system:masters (unrestricted cluster admin)',
        adminPolicy: '{who} is associated with AmazonEKSClusterAdminPolicy at cluster scope',
      },
      ja: {
        masters: '{who} が system:masters（無制限のクラスター管理者）にマップされています',
        adminPolicy: '{who} にクラスタースコープの AmazonEKSClusterAdminPolicy が関連付けられています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const cm of awsAuthMaps(state)) {
      for (const e of [...cm.mapRoles, ...cm.mapUsers]) {
        const who = e.values.get('rolearn')?.value ?? e.values.get('userarn')?.value ?? 'an aws-auth entry';
        for (const g of e.groups)
          if (isKnown(g) && g.value === 'system:masters')
            ctx.report({ at: g.src, resource: cm, messageId: 'masters', data: { who } });
      }
    }
    for (const ae of state.aws.eks.accessEntries) {
      for (const g of ae.kubernetesGroups)
        if (isKnown(g) && g.value === 'system:masters')
          ctx.report({ at: g.src, resource: ae, messageId: 'masters', data: { who: ae.principalArn.value } });
    }
    for (const a of state.aws.eks.accessPolicyAssociations) {
      if (!isKnown(a.policyArn) || !a.policyArn.value.endsWith('/AmazonEKSClusterAdminPolicy')) continue;
      const scope = a.accessScope?.type;
      if (!scope || !isKnown(scope) || scope.value !== 'cluster') continue;
      ctx.report({
        at: a.policyArn.src,
        resource: a,
        messageId: 'adminPolicy',
        data: { who: a.principalArn.value },
      });
    }
  },
});

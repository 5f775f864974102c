/**
 * RBAC-007: write access (`update`, `patch`, `delete`, or `create` while it may not exist) to the
 * ConfigMap `kube-system/aws-auth`, whatever the rule's shape: `configmaps` with or without
 * `resourceNames: [aws-auth]`, `*` resources, `*` verbs, through a ClusterRoleBinding or a
 * RoleBinding in kube-system, and through EKS access policies scoped to kube-system. Writing
 * aws-auth maps any IAM principal into `system:masters` (facts B2): cluster admin.
 */

import type { RbacRequest } from '../../engines/rbac/index.js';
import { type Grant, grantApplies, roleOf } from '../../engines/rbac/index.js';
import { defineRule, noEquivalents } from '../types.js';
import { rbacGraph, scannedBindings, subjectText } from './_helpers.js';

const WRITES = ['update', 'patch', 'delete', 'create'];
const request = (verb: string): RbacRequest => ({
  verb,
  apiGroup: '',
  resource: 'configmaps',
  namespace: 'kube-system',
  // create carries no name: resourceNames block it
  ...(verb === 'create' ? {} : { name: 'aws-auth' }),
});

export default defineRule<'binding' | 'accessPolicy'>({
  meta: {
    id: 'RBAC-007',
    slug: 'rbac-aws-auth-write',
    service: 'rbac',
    severity: 'high',
    title: {
      en: 'Write access to kube-system/aws-auth',
      ja: 'kube-system/aws-auth への書き込み権限',
    },
    rationale: {
      en: 'The `aws-auth` ConfigMap maps IAM principals to Kubernetes users and groups. Whoever can update, patch or recreate it can map any IAM role into `system:masters` and become cluster admin, or delete the node role mapping and take the nodes out of the cluster.',
      ja: '`aws-auth` ConfigMap は IAM プリンシパルを Kubernetes のユーザーとグループにマップします。これを更新・パッチ・再作成できる人は任意の IAM ロールを `system:masters` にマップしてクラスター管理者になれ、ノードロールのマッピングを消してノードをクラスターから外すこともできます。',
    },
    remediation: {
      en: 'Do not grant writes to ConfigMaps in kube-system (or `*` resources) to anyone but cluster administrators; move to EKS access entries and restrict who can call the EKS access entry APIs.',
      ja: 'kube-system の ConfigMap（または `*` リソース）への書き込みはクラスター管理者以外に許可せず、EKS アクセスエントリーに移行してアクセスエントリー API を呼べる人を制限してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html',
      'https://avd.aquasec.com/misconfig/kubernetes/general/avd-ksv-0115/',
    ],
    equivalents: noEquivalents({ trivy: ['AVD-KSV-0115'] }),
    inputs: ['kubernetes', 'terraform', 'cloudformation'],
    messages: {
      en: {
        binding: '{subject} can {verbs} the kube-system/aws-auth ConfigMap through {role}',
        accessPolicy:
          '{principal} can {verbs} the kube-system/aws-auth ConfigMap through access policy {policy}',
      },
      ja: {
        binding: '{subject} は {role} により kube-system/aws-auth ConfigMap を {verbs} できます',
        accessPolicy:
          '{principal} はアクセスポリシー {policy} により kube-system/aws-auth ConfigMap を {verbs} できます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    for (const b of scannedBindings(g)) {
      if (b.kind === 'RoleBinding' && b.namespace !== 'kube-system') continue;
      const role = roleOf(g, b);
      if (!role) continue;
      const ns = b.kind === 'ClusterRoleBinding' ? '*' : 'kube-system';
      const verbs = WRITES.filter((v) => role.rules.some((r) => grantApplies(ns, r, request(v))));
      if (verbs.length === 0) continue;
      for (const s of b.subjects) {
        if (s.kind === 'Group' && s.name === 'system:masters') continue;
        ctx.report({
          at: s.src ?? b.src!,
          resource: b.resource!,
          messageId: 'binding',
          data: { subject: subjectText(s), role: role.key.name, verbs: verbs.join('/') },
        });
      }
    }
    for (const p of g.principals)
      for (const grant of p.policies) {
        const held = (ns: string) =>
          WRITES.filter((v) => grant.rules.some((r: Grant['rule']) => grantApplies(ns, r, request(v))));
        const verbs = [...new Set(grant.namespaces.flatMap(held))];
        if (verbs.length === 0 || !p.resource) continue;
        ctx.report({
          at: grant.src ?? p.src,
          resource: p.resource,
          messageId: 'accessPolicy',
          data: { principal: p.arn, policy: grant.policy, verbs: verbs.join('/') },
        });
      }
  },
});

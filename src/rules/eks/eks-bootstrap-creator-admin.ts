/**
 * EKS-007: `bootstrapClusterCreatorAdminPermissions` true: the IAM principal that created the
 * cluster keeps cluster-admin through an access entry (or, in CONFIG_MAP mode, invisibly, outside
 * aws-auth). Defaults (eks-versions-and-defaults.md B1): true with no `access_config` block and in
 * CloudFormation; Terraform sends false when the block is present without the argument.
 */
import { isTrue } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { EKS_ACCESS_DOC } from './_helpers.js';

export default defineRule<'creatorAdmin' | 'creatorAdminByDefault'>({
  meta: {
    id: 'EKS-007',
    slug: 'eks-bootstrap-creator-admin',
    service: 'eks',
    severity: 'low',
    title: {
      en: 'EKS cluster creator keeps cluster-admin',
      ja: 'EKS クラスター作成者がクラスター管理者権限を保持',
    },
    rationale: {
      en: 'With `bootstrapClusterCreatorAdminPermissions` true, whichever IAM principal created the cluster (often a CI role or a person) is a permanent Kubernetes cluster admin. In `CONFIG_MAP` mode that grant appears nowhere in aws-auth, so reviews of cluster access miss it. It is the default when no access configuration is written.',
      ja: '`bootstrapClusterCreatorAdminPermissions` が true だと、クラスターを作成した IAM プリンシパル（CI ロールや個人が多い）が恒久的な Kubernetes クラスター管理者になります。`CONFIG_MAP` モードではこの付与は aws-auth のどこにも現れず、アクセスのレビューで見落とされます。アクセス設定を書かない場合の既定値です。',
    },
    remediation: {
      en: 'Set `bootstrap_cluster_creator_admin_permissions = false` (CloudFormation `BootstrapClusterCreatorAdminPermissions: false`) with authentication mode `API` and grant admins explicit access entries.',
      ja: '認証モードを `API` にして `bootstrap_cluster_creator_admin_permissions = false`（CloudFormation では `BootstrapClusterCreatorAdminPermissions: false`）を設定し、管理者には明示的なアクセスエントリーを付与してください。',
    },
    references: [
      EKS_ACCESS_DOC,
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        creatorAdmin: 'cluster {cluster} keeps its creator as cluster admin',
        creatorAdminByDefault:
          'cluster {cluster} keeps its creator as cluster admin (bootstrapClusterCreatorAdminPermissions defaults to true)',
      },
      ja: {
        creatorAdmin: 'クラスター {cluster} は作成者をクラスター管理者のままにしています',
        creatorAdminByDefault:
          'クラスター {cluster} は作成者をクラスター管理者のままにしています（bootstrapClusterCreatorAdminPermissions の既定値は true）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      const b = c.bootstrapClusterCreatorAdminPermissions;
      if (!isTrue(b)) continue;
      ctx.report({
        at: b.src,
        resource: c,
        messageId: b.origin === 'explicit' ? 'creatorAdmin' : 'creatorAdminByDefault',
        data: { cluster: showName(c.name) },
      });
    }
  },
});

/**
 * EKS-006: `authenticationMode` is `CONFIG_MAP` (the default for the API, Terraform and
 * CloudFormation, facts B3): access is granted only through the aws-auth ConfigMap, which any
 * principal able to edit a ConfigMap in kube-system can rewrite, whose mistakes drop entries
 * silently (EKS-009), and which access entries can't replace until the mode changes.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { EKS_ACCESS_DOC } from './_helpers.js';

export default defineRule<'configMap' | 'configMapByDefault'>({
  meta: {
    id: 'EKS-006',
    slug: 'eks-auth-mode-config-map',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'EKS authentication mode is CONFIG_MAP (no access entries)',
      ja: 'EKS の認証モードが CONFIG_MAP（アクセスエントリーなし）',
    },
    rationale: {
      en: 'In `CONFIG_MAP` mode cluster access is granted only by the `aws-auth` ConfigMap: anyone who can edit it in `kube-system` can grant themselves access, typos silently drop entries, and access is invisible to the EKS API and IAM tooling. Access entries (`API` or `API_AND_CONFIG_MAP`) are managed through the EKS API with IAM permissions. Clusters created through the API, Terraform or CloudFormation default to `CONFIG_MAP`.',
      ja: '`CONFIG_MAP` モードではクラスターへのアクセスは `aws-auth` ConfigMap だけで付与されます。`kube-system` でそれを編集できる人は自分にアクセスを付与でき、書き間違いはエントリーを黙って落とし、アクセスは EKS API や IAM のツールから見えません。アクセスエントリー（`API` または `API_AND_CONFIG_MAP`）は IAM 権限のもと EKS API で管理されます。API・Terraform・CloudFormation で作成したクラスターの既定値は `CONFIG_MAP` です。',
    },
    remediation: {
      en: 'Set `access_config { authentication_mode = "API" }` (or `API_AND_CONFIG_MAP` while migrating; CloudFormation `AccessConfig.AuthenticationMode`) and grant access with access entries; the change is one-way.',
      ja: '`access_config { authentication_mode = "API" }`（移行中は `API_AND_CONFIG_MAP`、CloudFormation では `AccessConfig.AuthenticationMode`）を設定し、アクセスはアクセスエントリーで付与してください。この変更は元に戻せません。',
    },
    references: [
      EKS_ACCESS_DOC,
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        configMap: 'cluster {cluster} uses authentication mode CONFIG_MAP: access only through aws-auth',
        configMapByDefault:
          'cluster {cluster} sets no authentication mode: EKS uses CONFIG_MAP, access only through aws-auth',
      },
      ja: {
        configMap:
          'クラスター {cluster} は認証モード CONFIG_MAP を使用しており、アクセスは aws-auth のみで管理されます',
        configMapByDefault:
          'クラスター {cluster} は認証モードを設定していないため EKS は CONFIG_MAP を使用し、アクセスは aws-auth のみで管理されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      const m = c.authenticationMode;
      if (!isKnown(m) || m.value !== 'CONFIG_MAP') continue;
      ctx.report({
        at: m.src,
        resource: c,
        messageId: m.origin === 'explicit' ? 'configMap' : 'configMapByDefault',
        data: { cluster: showName(c.name) },
      });
    }
  },
});

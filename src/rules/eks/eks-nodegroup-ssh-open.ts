/**
 * EKS-008: a managed node group with `remote_access` / `RemoteAccess` (an SSH key) and no source
 * security groups: EKS opens port 22 (3389 on Windows) on the nodes to 0.0.0.0/0
 * (eks-versions-and-defaults.md B2). No block, no remote access.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'sshOpen'>({
  meta: {
    id: 'EKS-008',
    slug: 'eks-nodegroup-ssh-open',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'Node group SSH open to the internet',
      ja: 'ノードグループの SSH がインターネットに公開',
    },
    rationale: {
      en: 'When a managed node group has remote access with an SSH key but no source security groups, EKS opens port 22 (3389 for Windows) on every node to 0.0.0.0/0, exposing the hosts that run your pods and hold their credentials.',
      ja: 'マネージドノードグループで SSH キー付きのリモートアクセスを設定しソースセキュリティグループを指定しないと、EKS はすべてのノードのポート 22（Windows は 3389）を 0.0.0.0/0 に開放し、Pod を実行し認証情報を持つホストが露出します。',
    },
    remediation: {
      en: 'Remove `remote_access` and use SSM Session Manager, or set `source_security_group_ids` (CloudFormation `SourceSecurityGroups`) to a bastion security group.',
      ja: '`remote_access` を削除して SSM Session Manager を使うか、`source_security_group_ids`（CloudFormation では `SourceSecurityGroups`）に踏み台のセキュリティグループを指定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_100'] }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        sshOpen: 'node group {nodegroup} allows remote access from 0.0.0.0/0 (no source security groups)',
      },
      ja: {
        sshOpen:
          'ノードグループ {nodegroup} は 0.0.0.0/0 からのリモートアクセスを許可しています（ソースセキュリティグループなし）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const ng of state.aws.eks.nodegroups) {
      const ra = ng.remoteAccess;
      if (!ra || !isKnown(ra.ec2SshKey)) continue;
      if (ra.sourceSecurityGroupIds.length > 0) continue;
      ctx.report({ at: ra.src, resource: ng, messageId: 'sshOpen', data: { nodegroup: showName(ng.name) } });
    }
  },
});

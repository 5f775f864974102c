/**
 * EKS-017: the launch template of an EKS node group decides whether pods can read the node's
 * instance metadata (IMDS), and with it the node IAM role's credentials. IMDSv1 (`http_tokens`
 * `optional`) answers any process that can reach 169.254.169.254; IMDSv2 (`required`) with a PUT
 * response hop limit of 1 keeps the token on the node, because a pod (not on the host network) is
 * one more hop away. Peers: Checkov CKV_AWS_79 (IMDSv1 enabled on aws_launch_template et al.) and
 * CKV_AWS_341 (launch template hop limit above 1).
 *
 * Judged: Terraform `aws_launch_template` joined from `aws_eks_node_group.launch_template { id | name }`,
 * CloudFormation `AWS::EC2::LaunchTemplate` from `AWS::EKS::Nodegroup.LaunchTemplate`. `metadata_options`
 * not written, or without `http_tokens`: the AMI and account defaults apply, which are `optional`
 * unless the AMI's ImdsSupport is v2.0 or the account default requires tokens; hop limit unset is 1.
 * `http_endpoint = disabled` turns IMDS off (nothing to steal). A node group without a custom launch
 * template uses the one EKS generates, which pod IMDS access cannot be restricted in (EKS security
 * best practices): not judged here. A launch template that is not scanned is not guessed at.
 */
import type { EksNodegroup, LaunchTemplate } from '../../model/aws/eks.js';
import { isKnown, testVal } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'tokensOptional' | 'tokensNotSet' | 'hopLimit' | 'launchesFrom'>({
  meta: {
    id: 'EKS-017',
    slug: 'eks-node-imds-v2',
    service: 'eks',
    severity: 'high',
    title: {
      en: 'Node launch template lets pods reach instance metadata',
      ja: 'ノードの起動テンプレートで Pod がインスタンスメタデータに届く',
    },
    rationale: {
      en: 'EKS nodes get their IAM role credentials from the instance metadata service (IMDS). With IMDSv1 allowed (`http_tokens` optional), any pod that can reach 169.254.169.254 reads those credentials with a plain GET, a common step after a server-side request forgery or a container compromise. With IMDSv2 required, a token must be fetched first, and a PUT response hop limit of 1 keeps that token on the node: a pod behind the container network is one hop further. A higher hop limit hands tokens to pods again. The node role can pull every image, describe the VPC and, in many clusters, much more.',
      ja: 'EKS ノードはインスタンスメタデータサービス（IMDS）から IAM ロールの認証情報を取得します。IMDSv1 を許可（`http_tokens` が optional）すると、169.254.169.254 に届く Pod は単純な GET でその認証情報を読めます。SSRF やコンテナ侵害の後によく使われる手順です。IMDSv2 を必須にするとまずトークンの取得が必要になり、PUT 応答のホップ制限を 1 にするとトークンはノードの外に出ません（コンテナネットワークの Pod は 1 ホップ遠いため）。ホップ制限を上げると再び Pod にトークンが渡ります。ノードロールはすべてのイメージを取得し VPC を参照でき、多くのクラスターではそれ以上の権限も持ちます。',
    },
    remediation: {
      en: 'In the node group\'s launch template set `metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }` (CloudFormation `LaunchTemplateData.MetadataOptions: { HttpTokens: required, HttpPutResponseHopLimit: 1 }`), and give pods their own roles through EKS Pod Identity or IRSA. Pods on the host network still reach IMDS; keep them few.',
      ja: 'ノードグループの起動テンプレートで `metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }`（CloudFormation は `LaunchTemplateData.MetadataOptions: { HttpTokens: required, HttpPutResponseHopLimit: 1 }`）を設定し、Pod には EKS Pod Identity か IRSA で個別のロールを与えてください。ホストネットワークの Pod は引き続き IMDS に届くため、最小限にしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html',
      'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_79', 'CKV_AWS_341'] }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        tokensOptional:
          'launch template {template} of node group {nodegroup} allows IMDSv1 (http_tokens optional): pods can read the node role credentials',
        tokensNotSet:
          'launch template {template} of node group {nodegroup} does not require IMDSv2 (no http_tokens): unless the AMI or the account default requires tokens, IMDSv1 gives pods the node role credentials',
        hopLimit:
          'launch template {template} of node group {nodegroup} sets the IMDS hop limit to {limit}: pods can fetch IMDSv2 tokens and the node role credentials',
        launchesFrom: 'node group {nodegroup} launches its nodes from this template',
      },
      ja: {
        tokensOptional:
          'ノードグループ {nodegroup} の起動テンプレート {template} は IMDSv1 を許可しています（http_tokens が optional）。Pod がノードロールの認証情報を読めます',
        tokensNotSet:
          'ノードグループ {nodegroup} の起動テンプレート {template} は IMDSv2 を必須にしていません（http_tokens なし）。AMI かアカウントの既定値がトークンを必須にしていない限り、IMDSv1 が Pod にノードロールの認証情報を渡します',
        hopLimit:
          'ノードグループ {nodegroup} の起動テンプレート {template} は IMDS のホップ制限を {limit} にしています。Pod が IMDSv2 のトークンとノードロールの認証情報を取得できます',
        launchesFrom: 'ノードグループ {nodegroup} はこの起動テンプレートからノードを起動します',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const [lt, groups] of launchTemplatesOfNodegroups(state)) {
      const md = lt.metadata;
      if (md?.unresolved) continue;
      if (testVal(md?.httpEndpoint, (e) => e.toLowerCase() === 'disabled')) continue;
      if (md?.httpEndpoint !== undefined && !isKnown(md.httpEndpoint)) continue;
      const data = {
        template: lt.name ? showName(lt.name) : showName(lt.ref.address),
        nodegroup: groups.map((g) => showName(g.name)).join(', '),
      };
      const related = groups.map((g) => ({
        src: g.launchTemplate!.src,
        messageId: 'launchesFrom' as const,
        data: { nodegroup: showName(g.name) },
      }));
      const tokens = md?.httpTokens;
      if (tokens === undefined) {
        ctx.report({ at: md?.src ?? lt.src, resource: lt, messageId: 'tokensNotSet', data, related });
      } else if (testVal(tokens, (t) => t.toLowerCase() === 'optional')) {
        ctx.report({ at: tokens.src, resource: lt, messageId: 'tokensOptional', data, related });
      }
      const hop = md?.hopLimit;
      if (hop !== undefined && testVal(hop, (h) => h > 1)) {
        ctx.report({
          at: hop.src,
          resource: lt,
          messageId: 'hopLimit',
          data: { ...data, limit: String(hop.value) },
          related,
        });
      }
    }
  },
});

/** Each scanned launch template used by a scanned node group, with those node groups. */
function launchTemplatesOfNodegroups(state: State): Map<LaunchTemplate, EksNodegroup[]> {
  const out = new Map<LaunchTemplate, EksNodegroup[]>();
  for (const g of state.aws.eks.nodegroups) {
    const want = g.launchTemplate;
    if (!want) continue;
    const lt = state.aws.eks.launchTemplates.find(
      (t) =>
        (want.target !== undefined && (t.ref.address === want.target || t.ref.name === want.target)) ||
        (isKnown(want.name) && isKnown(t.name) && t.name.value === want.name.value),
    );
    if (!lt) continue;
    out.set(lt, [...(out.get(lt) ?? []), g]);
  }
  return out;
}

/** K8S-116: Pod Security check `seccompProfile_restricted` (restricted, v1.19+): RuntimeDefault or Localhost on the pod or every container. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-116',
  slug: 'k8s-pss-seccomp-profile-restricted',
  check: 'seccompProfile_restricted',
  title: {
    en: 'Seccomp profile not set (Pod Security)',
    ja: 'seccomp プロファイルが設定されていない（Pod Security）',
  },
  rationale: {
    en: "Unless the kubelet runs with `seccompDefault` enabled, a container without a seccomp profile runs `Unconfined`: a compromised container can make every system call of the node's kernel, including the rarely needed ones the runtime default profile blocks and that many kernel-exploit escapes rely on. Pod Security restricted requires `seccompProfile.type` `RuntimeDefault` or `Localhost` on the pod or on every container from v1.19, and forbids any other type; from v1.25 pods with `spec.os.name: windows` are exempt.",
    ja: 'kubelet で `seccompDefault` が有効でない限り、seccomp プロファイルのないコンテナは `Unconfined` で動きます。侵害されたコンテナは、ランタイムのデフォルトプロファイルが遮断し、多くのカーネルエクスプロイトによるエスケープが頼る、めったに必要のないものも含め、ノードのカーネルのあらゆるシステムコールを呼べます。Pod Security の restricted は v1.19 から、Pod またはすべてのコンテナで `seccompProfile.type` を `RuntimeDefault` か `Localhost` にすることを求め、それ以外の種別を禁止します。v1.25 からは `spec.os.name: windows` の Pod は対象外です。',
  },
  remediation: {
    en: 'Set `securityContext.seccompProfile.type: RuntimeDefault` at pod level (or `Localhost` with a profile installed on the nodes) and remove other types from the containers.',
    ja: 'Pod レベルで `securityContext.seccompProfile.type: RuntimeDefault`（またはノードに置いたプロファイルを指す `Localhost`）を設定し、コンテナからそれ以外の種別を削除してください。',
  },
  references: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
  equivalents: noEquivalents({ checkov: ['CKV_K8S_31'] }),
});

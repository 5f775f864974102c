/** K8S-119: Pod Security check `windowsHostProcess` (baseline, v1.0+): no Windows HostProcess containers. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-119',
  slug: 'k8s-pss-windows-host-process',
  check: 'windowsHostProcess',
  title: {
    en: 'Windows HostProcess container (Pod Security)',
    ja: 'Windows HostProcess コンテナ（Pod Security）',
  },
  rationale: {
    en: "A Windows HostProcess container runs directly on the node as a host process, with the node's network and file system and, as SYSTEM or another host account, administrator rights over the node: compromising it compromises the node, every pod on it and the node IAM role. Pod Security baseline forbids `windowsOptions.hostProcess: true` at pod and container level from v1.0.",
    ja: 'Windows HostProcess コンテナは、ノードのネットワークとファイルシステムを使うホストのプロセスとしてノード上で直接動き、SYSTEM などのホストアカウントとしてノードの管理者権限を持ちます。これが侵害されればノード、その上の全 Pod、ノードの IAM ロールが侵害されます。Pod Security の baseline は v1.0 から Pod とコンテナの両方で `windowsOptions.hostProcess: true` を禁止しています。',
  },
  remediation: {
    en: 'Remove `securityContext.windowsOptions.hostProcess: true` from the pod and its containers; run node administration from a namespace exempted from Pod Security, or outside Kubernetes.',
    ja: 'Pod とそのコンテナから `securityContext.windowsOptions.hostProcess: true` を削除してください。ノードの管理作業は Pod Security の適用外にした名前空間か、Kubernetes の外で行ってください。',
  },
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/'],
  equivalents: noEquivalents({ polaris: ['hostProcess'] }),
});

/** K8S-105: Pod Security check `hostNamespaces` (baseline, v1.0+): no hostNetwork, hostPID or hostIPC. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-105',
  slug: 'k8s-pss-host-namespaces',
  check: 'hostNamespaces',
  title: { en: 'Host namespace shared (Pod Security)', ja: 'ホストの名前空間の共有（Pod Security）' },
  rationale: {
    en: "With `hostNetwork` the pod uses the node's network stack: it can sniff and spoof node traffic, reach services listening on the node's localhost, sidestep NetworkPolicies and, because it is not a hop away, reach the EC2 instance metadata service even where an IMDSv2 hop limit of 1 blocks other pods, and with it the node IAM role. With `hostPID` it sees every process on the node and, as root, can signal them and read their environment and memory through `/proc`; with `hostIPC` it can read and write host shared memory. Pod Security baseline forbids all three from v1.0.",
    ja: '`hostNetwork` の Pod はノードのネットワークスタックを使います。ノードの通信を盗聴・詐称でき、ノードの localhost で待ち受けるサービスに届き、NetworkPolicy を回避できます。また 1 ホップ先ではないため、IMDSv2 のホップ制限 1 で他の Pod を遮断していても EC2 インスタンスメタデータサービスに到達でき、ノードの IAM ロールを得られます。`hostPID` ではノード上の全プロセスが見え、root なら `/proc` 経由でシグナル送信や環境変数・メモリの読み取りができます。`hostIPC` ではホストの共有メモリを読み書きできます。Pod Security の baseline は v1.0 から 3 つとも禁止しています。',
  },
  remediation: {
    en: "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to `false`); expose the workload through a Service instead of the node's network.",
    ja: 'Pod spec から `hostNetwork`、`hostPID`、`hostIPC` を削除（または `false` に）し、ワークロードはノードのネットワークではなく Service で公開してください。',
  },
  references: ['https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/'],
  equivalents: noEquivalents({
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    kubeLinter: ['host-ipc', 'host-network', 'host-pid'],
    polaris: ['hostIPCSet', 'hostNetworkSet', 'hostPIDSet'],
  }),
});

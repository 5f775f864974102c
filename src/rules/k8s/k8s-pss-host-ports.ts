/** K8S-107: Pod Security check `hostPorts` (baseline, v1.0+): no container port bound on the node. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-107',
  slug: 'k8s-pss-host-ports',
  check: 'hostPorts',
  title: { en: 'Host port (Pod Security)', ja: 'ホストポート（Pod Security）' },
  rationale: {
    en: "A `hostPort` publishes the container on the node's own IP address: it is reachable by whatever can reach the node, past the Service, load balancer and pod security groups meant to front it, and a compromised pod can take over a node port that clients or node agents trust. It also pins the pod to nodes where the port is free. Pod Security baseline forbids any non-zero `hostPort` from v1.0.",
    ja: '`hostPort` はコンテナをノード自身の IP アドレスで公開します。その前段に置くはずの Service、ロードバランサー、Pod 用セキュリティグループを経ずに、ノードに到達できる相手なら誰でもアクセスでき、侵害された Pod はクライアントやノードエージェントが信頼するノードのポートを奪えます。また、そのポートが空いているノードにしか配置できなくなります。Pod Security の baseline は v1.0 から 0 以外の `hostPort` を禁止しています。',
  },
  remediation: {
    en: 'Remove `hostPort` from the container ports (or set it to 0) and expose the workload through a Service or an Ingress.',
    ja: 'コンテナの ports から `hostPort` を削除（または 0 に）し、ワークロードは Service か Ingress で公開してください。',
  },
  references: ['https://kubernetes.io/docs/concepts/configuration/overview/'],
  equivalents: noEquivalents({ checkov: ['CKV_K8S_26'], polaris: ['hostPortSet'] }),
});

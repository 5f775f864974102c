/** K8S-108: Pod Security check `hostProbesAndHostLifecycle` (baseline, v1.34+): probes and lifecycle handlers must not name a host. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-108',
  slug: 'k8s-pss-host-probes-and-lifecycle',
  check: 'hostProbesAndHostLifecycle',
  title: {
    en: 'Probe or lifecycle handler targets another host (Pod Security)',
    ja: 'プローブやライフサイクルハンドラが別ホストを対象にしている（Pod Security）',
  },
  rationale: {
    en: "The kubelet, not the container, sends HTTP and TCP probes and `postStart`/`preStop` requests, from the node: a `host` field lets anyone who may create pods aim those requests at endpoints the pod itself cannot reach, such as the EC2 instance metadata service (169.254.169.254), services on the node's localhost or other internal addresses, a blind server-side request forgery that also bypasses NetworkPolicies. Pod Security baseline forbids a non-empty `host` in the `httpGet` and `tcpSocket` handlers of probes and lifecycle hooks from v1.34; earlier policy versions do not check it.",
    ja: 'HTTP・TCP プローブや `postStart`/`preStop` のリクエストを送るのはコンテナではなくノード上の kubelet です。`host` フィールドがあると、Pod を作成できる人なら誰でも、Pod 自身からは届かない宛先（EC2 インスタンスメタデータサービス 169.254.169.254、ノードの localhost で動くサービス、その他の内部アドレス）にリクエストを向けられます。これは NetworkPolicy も回避するブラインド SSRF です。Pod Security の baseline は v1.34 から、プローブとライフサイクルフックの `httpGet`・`tcpSocket` で空でない `host` を禁止しています。それ以前のポリシーバージョンではチェックされません。',
  },
  remediation: {
    en: "Remove `host` from the `httpGet` and `tcpSocket` handlers of liveness, readiness and startup probes and of `postStart`/`preStop` hooks so that they target the pod's own IP; check dependencies from inside the application instead.",
    ja: 'liveness・readiness・startup プローブと `postStart`/`preStop` フックの `httpGet`・`tcpSocket` から `host` を削除し、Pod 自身の IP を対象にしてください。依存先の確認はアプリケーション内で行ってください。',
  },
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  ],
  equivalents: noEquivalents(),
});

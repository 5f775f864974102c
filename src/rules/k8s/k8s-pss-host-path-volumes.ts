/** K8S-106: Pod Security check `hostPathVolumes` (baseline, v1.0+; replaced at restricted by restrictedVolumes): no hostPath volumes. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-106',
  slug: 'k8s-pss-host-path-volumes',
  check: 'hostPathVolumes',
  title: { en: 'hostPath volume (Pod Security)', ja: 'hostPath ボリューム（Pod Security）' },
  rationale: {
    en: "A hostPath volume mounts a node directory into the container. Depending on the path, an attacker reads other pods' Secrets and service account tokens under `/var/lib/kubelet` and the node's own credentials, or takes over the node through the container runtime socket or by writing to `/etc` or the node's binaries; even read-only mounts leak. Pod Security baseline forbids every hostPath volume from v1.0. At restricted, restrictedVolumes (K8S-112) replaces this check but forbids hostPath too: hako reports hostPath volumes here at both levels, with this severity, and K8S-112 reports only the other restricted volume types.",
    ja: 'hostPath ボリュームはノードのディレクトリをコンテナにマウントします。パスによっては、攻撃者は `/var/lib/kubelet` 配下にある他の Pod の Secret やサービスアカウントトークン、ノード自身の認証情報を読み取り、あるいはコンテナランタイムのソケットや `/etc`・ノードのバイナリへの書き込みでノードを乗っ取れます。読み取り専用でも情報は漏れます。Pod Security の baseline は v1.0 からすべての hostPath ボリュームを禁止しています。restricted では restrictedVolumes（K8S-112）がこのチェックを置き換えますが、hostPath も禁止します。hako は hostPath ボリュームをどちらのレベルでもこのルールとこの重大度で報告し、K8S-112 はそれ以外の制限されたボリューム種別だけを報告します。',
  },
  remediation: {
    en: 'Replace hostPath volumes with `emptyDir`, `configMap`, `secret`, `projected` or a PersistentVolumeClaim; run node agents that truly need the host in a namespace exempted from Pod Security.',
    ja: 'hostPath ボリュームを `emptyDir`、`configMap`、`secret`、`projected` または PersistentVolumeClaim に置き換えてください。本当にホストが必要なノードエージェントは、Pod Security の適用外にした名前空間で動かしてください。',
  },
  references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  equivalents: noEquivalents({ kubeLinter: ['writable-host-mount'], polaris: ['hostPathSet'] }),
});

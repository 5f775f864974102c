/** K8S-103: Pod Security check `capabilities_baseline` (baseline, v1.0+; replaced at restricted from v1.22 by capabilities_restricted): only the default capabilities may be added. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-103',
  slug: 'k8s-pss-capabilities-baseline',
  check: 'capabilities_baseline',
  title: {
    en: 'Non-default capability added (Pod Security)',
    ja: 'デフォルト外のケーパビリティの追加（Pod Security）',
  },
  rationale: {
    en: 'Capabilities beyond the container runtime\'s default set give a compromised container kernel powers it otherwise lacks: `SYS_ADMIN` allows mounts and most known escape techniques, `SYS_PTRACE` reads and alters other processes, `NET_ADMIN` reconfigures the pod network and `NET_RAW` forges packets to spoof neighbours on the node. Pod Security baseline (from v1.0) allows adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT. At restricted, capabilities_restricted (K8S-104) replaces this check from v1.22 but forbids the same additions: hako reports them here at both levels, with this severity, and K8S-104 reports only what restricted adds (a missing `drop: ["ALL"]`, other default capabilities added back).',
    ja: 'コンテナランタイムのデフォルトを超えるケーパビリティは、侵害されたコンテナに本来ないカーネル権限を与えます。`SYS_ADMIN` はマウントと既知のエスケープ手法の大半を、`SYS_PTRACE` は他プロセスの読み取りと改変を、`NET_ADMIN` は Pod ネットワークの再構成を、`NET_RAW` はノード上の隣接 Pod を詐称するパケットの偽造を可能にします。Pod Security の baseline は v1.0 から、追加できるものを AUDIT_WRITE、CHOWN、DAC_OVERRIDE、FOWNER、FSETID、KILL、MKNOD、NET_BIND_SERVICE、SETFCAP、SETGID、SETPCAP、SETUID、SYS_CHROOT に限ります。restricted では v1.22 から capabilities_restricted（K8S-104）がこのチェックを置き換えますが、同じ追加を禁止します。hako はそれらをどちらのレベルでもこのルールとこの重大度で報告し、K8S-104 は restricted で増える分（`drop: ["ALL"]` の欠如、デフォルトのケーパビリティの追加）だけを報告します。',
  },
  remediation: {
    en: 'Remove every capability outside the baseline set from `securityContext.capabilities.add` (names are upper case, without the `CAP_` prefix); move a task that really needs one into a separate, tightly scoped workload.',
    ja: '`securityContext.capabilities.add` から baseline の集合以外のケーパビリティを削除してください（名前は大文字で `CAP_` 接頭辞なし）。本当に必要な処理は、権限を絞った別のワークロードに分けてください。',
  },
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
  ],
  equivalents: noEquivalents({
    checkov: ['CKV_K8S_25', 'CKV_K8S_39'],
    polaris: ['dangerousCapabilities'],
  }),
});

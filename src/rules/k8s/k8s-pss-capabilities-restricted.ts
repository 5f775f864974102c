/** K8S-104: Pod Security check `capabilities_restricted` (restricted, v1.22+): drop ALL, add back at most NET_BIND_SERVICE. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-104',
  slug: 'k8s-pss-capabilities-restricted',
  check: 'capabilities_restricted',
  title: {
    en: 'Capabilities not dropped, or added back (Pod Security)',
    ja: 'ケーパビリティが削除されていない、または戻されている（Pod Security）',
  },
  rationale: {
    en: 'Without `drop: ["ALL"]` a container keeps the runtime\'s default capabilities (among them NET_RAW, SETUID, SETGID, DAC_OVERRIDE, CHOWN and MKNOD): after a compromise these let an attacker forge packets, switch user IDs, bypass file permissions and create device nodes, and every added capability widens that. Pod Security restricted (from v1.22) requires every container to drop `ALL` and add back at most `NET_BIND_SERVICE`; from v1.25 pods with `spec.os.name: windows` are exempt.',
    ja: '`drop: ["ALL"]` がないと、コンテナはランタイムのデフォルトのケーパビリティ（NET_RAW、SETUID、SETGID、DAC_OVERRIDE、CHOWN、MKNOD など）を持ったままです。侵害されると、攻撃者はパケットの偽造、ユーザー ID の切り替え、ファイル権限の回避、デバイスノードの作成ができ、追加したケーパビリティの分だけさらに広がります。Pod Security の restricted は v1.22 から、すべてのコンテナに `ALL` の削除を求め、戻してよいのは `NET_BIND_SERVICE` だけです。v1.25 からは `spec.os.name: windows` の Pod は対象外です。',
  },
  remediation: {
    en: 'Set `securityContext.capabilities.drop: ["ALL"]` on every container, init container and ephemeral container, and remove everything but `NET_BIND_SERVICE` from `capabilities.add`.',
    ja: 'すべてのコンテナ、init コンテナ、エフェメラルコンテナに `securityContext.capabilities.drop: ["ALL"]` を設定し、`capabilities.add` からは `NET_BIND_SERVICE` 以外を削除してください。',
  },
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container',
  ],
  equivalents: noEquivalents({
    checkov: ['CKV_K8S_25', 'CKV_K8S_28', 'CKV_K8S_37'],
    kubeLinter: ['drop-net-raw-capability'],
    polaris: ['insecureCapabilities'],
  }),
});

/** K8S-101: Pod Security check `allowPrivilegeEscalation` (restricted, v1.8+): every container must set allowPrivilegeEscalation=false. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-101',
  slug: 'k8s-pss-allow-privilege-escalation',
  check: 'allowPrivilegeEscalation',
  title: {
    en: 'Privilege escalation not disabled (Pod Security)',
    ja: '権限昇格が無効化されていない（Pod Security）',
  },
  rationale: {
    en: 'Unless `allowPrivilegeEscalation` is `false`, the container process runs without `no_new_privs`: after a compromise it can gain privileges through set-user-ID or set-group-ID binaries (`su`, `sudo`, `mount` or one the attacker planted) and file capabilities, going from the application user to root in the container and to the capabilities that make escapes possible. Pod Security restricted requires an explicit `false` on every container from v1.8 (unset fails); from v1.25 pods with `spec.os.name: windows` are exempt.',
    ja: '`allowPrivilegeEscalation` が `false` でない限り、コンテナのプロセスは `no_new_privs` なしで動きます。侵害されたプロセスは set-user-ID / set-group-ID のバイナリ（`su`、`sudo`、`mount` や攻撃者が置いたもの）やファイルケーパビリティを使って、アプリケーションのユーザーからコンテナ内の root へ、さらにコンテナエスケープに使えるケーパビリティへと権限を広げられます。Pod Security の restricted は v1.8 から、すべてのコンテナに明示的な `false` を要求します（未設定は違反）。v1.25 からは `spec.os.name: windows` の Pod は対象外です。',
  },
  remediation: {
    en: 'Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container.',
    ja: 'すべてのコンテナ、init コンテナ、エフェメラルコンテナに `securityContext.allowPrivilegeEscalation: false` を設定してください。',
  },
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  equivalents: noEquivalents({
    checkov: ['CKV_K8S_20'],
    kubeLinter: ['privilege-escalation-container'],
    polaris: ['privilegeEscalationAllowed'],
  }),
});

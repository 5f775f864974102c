/** K8S-111: Pod Security check `procMount_restricted` (restricted, v1.35+): /proc stays masked, even in a user namespace. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-111',
  slug: 'k8s-pss-proc-mount-restricted',
  check: 'procMount_restricted',
  title: {
    en: 'Unmasked /proc, even in a user namespace (Pod Security)',
    ja: 'ユーザー名前空間でも /proc のマスク解除（Pod Security）',
  },
  rationale: {
    en: 'An unmasked `/proc` hands a compromised container `/proc/sys`, `/proc/sysrq-trigger`, `/proc/kcore` and other kernel interfaces; a user namespace narrows what it can do with them but still exposes the kernel surface. Pod Security restricted forbids any `procMount` but `Default` from v1.35, also for pods with `spec.hostUsers: false`, replacing the baseline procMount check (K8S-110), which relaxes for them; before v1.35 restricted runs that baseline check instead.',
    ja: 'マスクされていない `/proc` は、侵害されたコンテナに `/proc/sys`、`/proc/sysrq-trigger`、`/proc/kcore` などのカーネルインターフェースを渡します。ユーザー名前空間はそれでできることを狭めますが、カーネルの攻撃面は露出したままです。Pod Security の restricted は v1.35 から、`spec.hostUsers: false` の Pod も含めて `Default` 以外の `procMount` を禁止し、これらの Pod では緩和される baseline の procMount チェック（K8S-110）を置き換えます。v1.35 より前の restricted ではその baseline チェックが使われます。',
  },
  remediation: {
    en: 'Remove `securityContext.procMount` (or set it to `Default`) on every container, init container and ephemeral container.',
    ja: 'すべてのコンテナ、init コンテナ、エフェメラルコンテナで `securityContext.procMount` を削除（または `Default` に）してください。',
  },
  references: ['https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'],
  equivalents: noEquivalents({ kubeLinter: ['unsafe-proc-mount'], polaris: ['procMount'] }),
});

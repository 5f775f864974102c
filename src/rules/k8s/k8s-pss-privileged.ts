/** K8S-109: Pod Security check `privileged` (baseline): no container may run privileged. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-109',
  slug: 'k8s-pss-privileged',
  check: 'privileged',
  title: { en: 'Privileged container (Pod Security)', ja: '特権コンテナ（Pod Security）' },
  rationale: {
    en: 'A privileged container has every capability and every host device: it is root on the node, and from the node on every other pod scheduled there and the node IAM role. Pod Security baseline forbids it from v1.0.',
    ja: '特権コンテナはすべてのケーパビリティとホストの全デバイスを持ち、ノードの root と同等です。そこからノード上の他の Pod やノードの IAM ロールにも到達できます。Pod Security の baseline は v1.0 からこれを禁止しています。',
  },
  remediation: {
    en: 'Remove `securityContext.privileged: true` from every container, init container and ephemeral container; add only the capability the workload needs.',
    ja: 'すべてのコンテナ、init コンテナ、エフェメラルコンテナから `securityContext.privileged: true` を削除し、必要なケーパビリティだけを追加してください。',
  },
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  equivalents: noEquivalents({
    checkov: ['CKV_K8S_16'],
    kubeLinter: ['privileged-container'],
    polaris: ['runAsPrivileged'],
  }),
});

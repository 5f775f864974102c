/** K8S-117: Pod Security check `seLinuxOptions` (baseline, v1.0+/v1.31+): only container SELinux types, no custom user or role. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-117',
  slug: 'k8s-pss-selinux-options',
  check: 'seLinuxOptions',
  title: {
    en: 'Custom SELinux type, user or role (Pod Security)',
    ja: 'SELinux の type・user・role の独自指定（Pod Security）',
  },
  rationale: {
    en: 'On SELinux-enforcing nodes (Bottlerocket on EKS, for example) the container type confines what a container process may touch on the host. A type such as `spc_t` (super-privileged container) or `unconfined_t`, or a custom SELinux user or role, lifts that confinement, so a compromised container can read and write host files and processes its label would otherwise deny. Pod Security baseline allows only the types `container_t`, `container_init_t` and `container_kvm_t` (plus `container_engine_t` from v1.31) and forbids setting `user` or `role`, from v1.0.',
    ja: 'SELinux を強制するノード（EKS の Bottlerocket など）では、コンテナの type がコンテナのプロセスがホスト上で触れられる範囲を制限します。`spc_t`（特権コンテナ用）や `unconfined_t` などの type、あるいは独自の SELinux user や role を指定するとその制限が外れ、侵害されたコンテナは本来ラベルで拒否されるホストのファイルやプロセスを読み書きできます。Pod Security の baseline は v1.0 から、type を `container_t`、`container_init_t`、`container_kvm_t`（v1.31 からは `container_engine_t` も）に限り、`user` と `role` の設定を禁止しています。',
  },
  remediation: {
    en: 'Remove `seLinuxOptions.user`, `seLinuxOptions.role` and any type other than the container types from the pod and container securityContexts; set only `level` (the MCS categories) when you need it.',
    ja: 'Pod とコンテナの securityContext から `seLinuxOptions.user`、`seLinuxOptions.role`、コンテナ用以外の type を削除してください。必要なら `level`（MCS カテゴリ）だけを設定してください。',
  },
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#assign-selinux-labels-to-a-container',
  ],
  equivalents: noEquivalents(),
});

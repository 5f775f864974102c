/** K8S-115: Pod Security check `seccompProfile_baseline` (baseline, v1.0+/v1.19+; replaced at restricted from v1.19 by seccompProfile_restricted): no Unconfined seccomp profile. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-115',
  slug: 'k8s-pss-seccomp-profile-baseline',
  check: 'seccompProfile_baseline',
  title: { en: 'Seccomp disabled (Pod Security)', ja: 'seccomp の無効化（Pod Security）' },
  rationale: {
    en: "An `Unconfined` seccomp profile lets a compromised container make every system call of the node's kernel, including rarely needed ones (`keyctl`, `add_key`, `kexec_load`, `open_by_handle_at`, `bpf` without privileges) that the runtime default profile blocks and that many kernel-exploit escapes rely on. Pod Security baseline forbids `Unconfined` in the `seccompProfile` fields from v1.19 (`RuntimeDefault`, `Localhost` or unset are allowed) and, in v1.0 to v1.18, in the alpha `seccomp.security.alpha.kubernetes.io` annotations. At restricted, seccompProfile_restricted (K8S-116) replaces this check from v1.19 and forbids `Unconfined` too: hako reports it here at both levels, with this severity, and K8S-116 reports only a missing profile.",
    ja: '`Unconfined` の seccomp プロファイルでは、侵害されたコンテナがノードのカーネルのあらゆるシステムコールを呼べます。ランタイムのデフォルトプロファイルが遮断し、多くのカーネルエクスプロイトによるエスケープが頼る、めったに必要のないもの（`keyctl`、`add_key`、`kexec_load`、`open_by_handle_at`、特権なしの `bpf`）も含みます。Pod Security の baseline は v1.19 から `seccompProfile` フィールドで `Unconfined` を禁止し（`RuntimeDefault`、`Localhost`、未設定は許可）、v1.0〜v1.18 ではアルファ版の `seccomp.security.alpha.kubernetes.io` アノテーションで禁止します。restricted では v1.19 から seccompProfile_restricted（K8S-116）がこのチェックを置き換えますが、`Unconfined` も禁止します。hako はそれをどちらのレベルでもこのルールとこの重大度で報告し、K8S-116 はプロファイルの欠如だけを報告します。',
  },
  remediation: {
    en: 'Remove `seccompProfile.type: Unconfined` from the pod and container securityContexts and set `seccompProfile.type: RuntimeDefault` at pod level (or `Localhost` with a profile installed on the nodes).',
    ja: 'Pod とコンテナの securityContext から `seccompProfile.type: Unconfined` を削除し、Pod レベルで `seccompProfile.type: RuntimeDefault`（またはノードに置いたプロファイルを指す `Localhost`）を設定してください。',
  },
  references: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
  equivalents: noEquivalents(),
});

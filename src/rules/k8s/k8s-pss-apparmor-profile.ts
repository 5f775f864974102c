/** K8S-102: Pod Security check `appArmorProfile` (baseline, v1.0+): no Unconfined AppArmor profile, in the fields or the legacy annotations. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-102',
  slug: 'k8s-pss-apparmor-profile',
  check: 'appArmorProfile',
  title: { en: 'AppArmor disabled (Pod Security)', ja: 'AppArmor の無効化（Pod Security）' },
  rationale: {
    en: "An `Unconfined` AppArmor profile removes the mandatory access control of the runtime's default profile: a compromised container may then mount filesystems and write to `/proc` and `/sys` paths the default profile denies, common steps of container escapes. Pod Security baseline (every version) allows only `RuntimeDefault`, `Localhost` or unset in the pod and container `appArmorProfile` fields (checked since the 1.30 release) and only `runtime/default`, `localhost/*` or empty in the legacy `container.apparmor.security.beta.kubernetes.io/*` annotations.",
    ja: '`Unconfined` の AppArmor プロファイルは、ランタイムのデフォルトプロファイルによる強制アクセス制御を外します。侵害されたコンテナは、デフォルトプロファイルが拒否するファイルシステムのマウントや `/proc`・`/sys` への書き込みができるようになり、これはコンテナエスケープの典型的な手順です。Pod Security の baseline は全バージョンで、Pod とコンテナの `appArmorProfile` フィールド（1.30 リリース以降チェック）では `RuntimeDefault`、`Localhost`、未設定のみを、従来の `container.apparmor.security.beta.kubernetes.io/*` アノテーションでは `runtime/default`、`localhost/*`、空のみを許可します。',
  },
  remediation: {
    en: 'Remove `appArmorProfile.type: Unconfined` from the pod and container securityContexts and `unconfined` values from `container.apparmor.security.beta.kubernetes.io/*` annotations; use `RuntimeDefault`, or `Localhost` with a profile loaded on the nodes.',
    ja: 'Pod とコンテナの securityContext から `appArmorProfile.type: Unconfined` を、`container.apparmor.security.beta.kubernetes.io/*` アノテーションから `unconfined` を削除し、`RuntimeDefault` か、ノードに読み込んだプロファイルを指定する `Localhost` を使ってください。',
  },
  references: ['https://kubernetes.io/docs/tutorials/security/apparmor/'],
  equivalents: noEquivalents(),
});

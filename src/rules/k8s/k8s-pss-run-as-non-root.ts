/** K8S-113: Pod Security check `runAsNonRoot` (restricted, v1.0+; user-namespace pods exempt from v1.35): runAsNonRoot=true for every container. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-113',
  slug: 'k8s-pss-run-as-non-root',
  check: 'runAsNonRoot',
  title: {
    en: 'Non-root not enforced (Pod Security)',
    ja: '非 root での実行が強制されていない（Pod Security）',
  },
  rationale: {
    en: "Without `runAsNonRoot: true` the kubelet starts the container as whatever user the image names, often root: an attacker with code execution is then root in the container, owns every writable volume and file, and starts any escape with the container's full capabilities. Pod Security restricted requires `runAsNonRoot: true` on the pod (containers that leave it unset inherit it) or on every container, and forbids an explicit `false` anywhere, from v1.0; from v1.35 pods with `spec.hostUsers: false` are exempt, since their root is unprivileged on the node.",
    ja: '`runAsNonRoot: true` がないと、kubelet はイメージが指定するユーザー（多くは root）でコンテナを起動します。コードを実行できた攻撃者はコンテナ内の root となり、書き込み可能なボリュームやファイルをすべて握り、コンテナのケーパビリティをすべて使ってエスケープを試みられます。Pod Security の restricted は v1.0 から、Pod（未設定のコンテナはそれを継承）またはすべてのコンテナに `runAsNonRoot: true` を求め、どこであれ明示的な `false` を禁止します。v1.35 からは、root がノード上で特権を持たない `spec.hostUsers: false` の Pod は対象外です。',
  },
  remediation: {
    en: 'Set `securityContext.runAsNonRoot: true` at pod level and remove container-level `runAsNonRoot: false` overrides; build the image with a numeric non-root `USER`, or set `runAsUser`.',
    ja: 'Pod レベルで `securityContext.runAsNonRoot: true` を設定し、コンテナレベルの `runAsNonRoot: false` を削除してください。イメージは数値の非 root `USER` で作るか、`runAsUser` を設定してください。',
  },
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  equivalents: noEquivalents({
    checkov: ['CKV_K8S_23'],
    kubeLinter: ['run-as-non-root'],
    polaris: ['runAsRootAllowed'],
  }),
});

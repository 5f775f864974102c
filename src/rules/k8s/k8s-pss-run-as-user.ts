/** K8S-114: Pod Security check `runAsUser` (restricted, v1.23+; user-namespace pods exempt from v1.35): no runAsUser=0. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-114',
  slug: 'k8s-pss-run-as-user',
  check: 'runAsUser',
  title: { en: 'Runs as UID 0 (Pod Security)', ja: 'UID 0 での実行（Pod Security）' },
  rationale: {
    en: '`runAsUser: 0` runs the container as root even when its image names a non-root user: an attacker with code execution is root in the container, owns every file it mounts and uses all of its capabilities. Pod Security restricted forbids `runAsUser: 0` at pod and container level from v1.23 (earlier versions have no such check); from v1.35 pods with `spec.hostUsers: false` are exempt.',
    ja: '`runAsUser: 0` は、イメージが非 root ユーザーを指定していてもコンテナを root で動かします。コードを実行できた攻撃者はコンテナ内の root となり、マウントされたファイルをすべて握り、コンテナのケーパビリティをすべて使えます。Pod Security の restricted は v1.23 から Pod とコンテナの両方で `runAsUser: 0` を禁止しています（それ以前のバージョンにこのチェックはありません）。v1.35 からは `spec.hostUsers: false` の Pod は対象外です。',
  },
  remediation: {
    en: 'Set `runAsUser` to a non-zero UID at pod and container level, or remove it and rely on a non-root image `USER` with `runAsNonRoot: true`.',
    ja: 'Pod とコンテナの `runAsUser` を 0 以外の UID にするか、削除して非 root のイメージ `USER` と `runAsNonRoot: true` に任せてください。',
  },
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  equivalents: noEquivalents(),
});

/**
 * K8S-003: a container (or init container) whose root filesystem is writable:
 * `securityContext.readOnlyRootFilesystem` not `true`. The field exists on containers only; the
 * pod-level securityContext has no such field, so nothing is inherited (a `readOnlyRootFilesystem`
 * written there is an unknown field, HAKO-003). No Pod Security level checks it. Ephemeral
 * containers are not judged: they are debugging shells added through the API
 * (`kubectl debug`), cannot be written in a created pod, and need a writable root. Windows pods
 * (`spec.os.name: windows`) are skipped: the API server rejects the field there.
 */
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { nameLabel, objectLabel } from './_objects.js';

export default defineRule<'writable' | 'unset'>({
  meta: {
    id: 'K8S-003',
    slug: 'k8s-readonly-root-filesystem',
    service: 'k8s',
    severity: 'medium',
    title: {
      en: 'Container root filesystem is writable',
      ja: 'コンテナのルートファイルシステムが書き込み可能',
    },
    rationale: {
      en: "With a writable root filesystem, an attacker who gets code execution in the container can drop tools, replace binaries and libraries, or persist a backdoor for the lifetime of the container. `readOnlyRootFilesystem: true` stops that, and writable paths the application really needs can be `emptyDir` volumes. The field exists only in a container's `securityContext`: the pod-level `securityContext` has no `readOnlyRootFilesystem`, so it cannot be set once for all containers. No Pod Security Standards level checks it, not even `restricted`, so Pod Security Admission never enforces it.",
      ja: 'ルートファイルシステムが書き込み可能だと、コンテナ内でコードを実行できた攻撃者はツールを置いたり、バイナリやライブラリを置き換えたり、コンテナが動いている間バックドアを残したりできます。`readOnlyRootFilesystem: true` はこれを防ぎます。アプリケーションが本当に書き込む必要のあるパスは `emptyDir` ボリュームにできます。このフィールドはコンテナの `securityContext` にしかなく、Pod レベルの `securityContext` には `readOnlyRootFilesystem` がないため、全コンテナに一度で設定することはできません。Pod Security Standards はどのレベル（`restricted` を含む）でもこれをチェックしないため、Pod Security Admission では強制されません。',
    },
    remediation: {
      en: 'Set `securityContext.readOnlyRootFilesystem: true` on every container and init container, and mount an `emptyDir` volume at each path the application writes to (for example `/tmp` or a cache directory).',
      ja: 'すべてのコンテナと init コンテナで `securityContext.readOnlyRootFilesystem: true` を設定し、アプリケーションが書き込む各パス（例: `/tmp` やキャッシュディレクトリ）に `emptyDir` ボリュームをマウントしてください。',
    },
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
    equivalents: noEquivalents({
      checkov: ['CKV_K8S_22'],
      kubeLinter: ['no-read-only-root-fs'],
      polaris: ['notReadOnlyRootFilesystem'],
    }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        writable: '{kind} {name}: container {container} sets readOnlyRootFilesystem: false',
        unset:
          '{kind} {name}: container {container} does not set readOnlyRootFilesystem: true (default false)',
      },
      ja: {
        writable: '{kind} {name}: コンテナ {container} は readOnlyRootFilesystem: false を設定しています',
        unset:
          '{kind} {name}: コンテナ {container} は readOnlyRootFilesystem: true を設定していません（デフォルトは false）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const w of state.k8s.workloads) {
      if (w.pod.os?.value === 'windows') continue;
      for (const c of w.containers) {
        if (c.kind === 'ephemeralContainer') continue;
        const ro = c.securityContext.readOnlyRootFilesystem;
        if (!isKnown(ro) || ro.value) continue;
        ctx.report({
          at: ro.src,
          resource: w,
          messageId: ro.origin === 'explicit' ? 'writable' : 'unset',
          data: { kind: w.kind, name: objectLabel(w), container: nameLabel(c.name) },
        });
      }
    }
  },
});

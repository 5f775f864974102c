/**
 * K8S-009: a `hostPath` volume that exposes the node: the container runtime socket (Docker,
 * containerd, CRI-O), `/`, or a sensitive host directory (ECS-020's list, shared in
 * `_shared/host-paths.ts`, plus the kubelet's and the runtimes' state under `/var/lib`: every pod's
 * Secrets and ServiceAccount tokens, the kubelet's credentials, every container's filesystem).
 * Reported whatever the Pod Security level: a namespace labelled `privileged`, or a system
 * DaemonSet, still hands the node over. Only volumes some container (of any kind) mounts are
 * reported; read-only mounts too (a read-only socket still drives the runtime API).
 */
import type { ContainerView, VolumeMount } from '../../model/k8s/workload.js';
import { isKnown, isTrue } from '../../model/source.js';
import { classifyHostPath, hostPathFinding, SENSITIVE_DIRS } from '../_shared/host-paths.js';
import { defineRule, noEquivalents } from '../types.js';
import { nameLabel, objectLabel } from './_objects.js';

/** ECS-020's directories plus node state that Kubernetes and its runtimes keep under /var/lib. */
export const K8S_SENSITIVE_DIRS: readonly string[] = [
  ...SENSITIVE_DIRS,
  '/var/lib/kubelet',
  '/var/lib/containerd',
  '/var/lib/docker',
  '/var/lib/containers',
];

export default defineRule<'runtimeSocket' | 'hostRoot' | 'sensitiveDir' | 'containsSensitive'>({
  meta: {
    id: 'K8S-009',
    slug: 'k8s-no-sensitive-host-paths',
    service: 'k8s',
    severity: 'high',
    title: {
      en: 'Host path mounted that exposes the node',
      ja: 'ノードを露出させるホストパスがマウントされている',
    },
    rationale: {
      en: "A `hostPath` mount of the container runtime socket (`/var/run/docker.sock`, `/run/containerd/containerd.sock`, `/var/run/crio/crio.sock`) lets the container start a privileged container and take over the node and every pod on it, even when the mount is read-only. Mounting `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`, `/run` or the kubelet and runtime state under `/var/lib` exposes host credentials, every pod's Secrets and ServiceAccount tokens, the kubelet's own credentials (and through the node, its IAM role), kernel interfaces and devices. Pod Security baseline forbids all `hostPath` volumes, but namespaces that enforce nothing, or `privileged` for system agents, admit them; this rule reports the dangerous ones whatever the level.",
      ja: 'コンテナランタイムのソケット（`/var/run/docker.sock`、`/run/containerd/containerd.sock`、`/var/run/crio/crio.sock`）を `hostPath` でマウントすると、読み取り専用であってもコンテナは特権コンテナを起動してノードとその上のすべての Pod を乗っ取れます。`/`、`/etc`、`/proc`、`/sys`、`/dev`、`/boot`、`/root`、`/home`、`/run` や `/var/lib` 配下の kubelet とランタイムの状態をマウントすると、ホストの認証情報、すべての Pod の Secret と ServiceAccount トークン、kubelet 自身の認証情報（ノードを経由してその IAM ロールも）、カーネルインターフェイス、デバイスが露出します。Pod Security の baseline はすべての `hostPath` ボリュームを禁止しますが、何も強制しない名前空間や、システムエージェント用に `privileged` にした名前空間では許可されます。このルールはレベルにかかわらず危険なものを報告します。',
    },
    remediation: {
      en: 'Remove the `hostPath` volume, or point it at a dedicated directory holding only what the pod needs and mount it `readOnly`; use `emptyDir`, a PersistentVolumeClaim or a projected volume for data, and the Kubernetes API instead of the runtime socket.',
      ja: '`hostPath` ボリュームを削除するか、Pod に必要なものだけを置いた専用ディレクトリに向けて `readOnly` でマウントしてください。データには `emptyDir`、PersistentVolumeClaim、投影ボリュームを使い、ランタイムのソケットではなく Kubernetes API を使ってください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
    ],
    equivalents: noEquivalents({
      checkov: ['CKV_K8S_27'],
      kubeLinter: ['docker-sock', 'sensitive-host-mounts'],
    }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        runtimeSocket:
          '{kind} {name}: volume {volume} mounts the container runtime socket {path} into {containers}: control of every container on the node',
        hostRoot: '{kind} {name}: volume {volume} mounts the node root filesystem / into {containers}',
        sensitiveDir:
          '{kind} {name}: volume {volume} mounts host path {path} (under {dir}) into {containers}',
        containsSensitive:
          '{kind} {name}: volume {volume} mounts host path {path}, which contains {dir}, into {containers}',
      },
      ja: {
        runtimeSocket:
          '{kind} {name}: ボリューム {volume} はコンテナランタイムのソケット {path} を {containers} にマウントしており、ノード上の全コンテナを操作できます',
        hostRoot:
          '{kind} {name}: ボリューム {volume} はノードのルートファイルシステム / を {containers} にマウントしています',
        sensitiveDir:
          '{kind} {name}: ボリューム {volume} はホストパス {path}（{dir} 配下）を {containers} にマウントしています',
        containsSensitive:
          '{kind} {name}: ボリューム {volume} は {dir} を含むホストパス {path} を {containers} にマウントしています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const w of state.k8s.workloads) {
      for (const vol of w.pod.volumes) {
        const path = vol.hostPath?.path;
        if (!isKnown(path) || !isKnown(vol.name)) continue;
        const exposure = classifyHostPath(path.value, K8S_SENSITIVE_DIRS);
        if (!exposure) continue;
        const mounts = mountsOf(w.containers, vol.name.value);
        if (mounts.length === 0) continue;
        const f = hostPathFinding(
          exposure,
          vol.name,
          mounts.map(({ c, m }) => ({
            container: nameLabel(c.name),
            at: m.mountPath.value || undefined,
            field: 'mountPath' as const,
            readOnly: isTrue(m.readOnly),
            src: m.src,
          })),
        );
        ctx.report({
          at: path.src,
          resource: w,
          messageId: f.messageId,
          data: { kind: w.kind, name: objectLabel(w), ...f.data },
          related: f.related,
        });
      }
    }
  },
});

function mountsOf(containers: ContainerView[], volume: string): { c: ContainerView; m: VolumeMount }[] {
  return containers.flatMap((c) =>
    c.volumeMounts.filter((m) => isKnown(m.name) && m.name.value === volume).map((m) => ({ c, m })),
  );
}

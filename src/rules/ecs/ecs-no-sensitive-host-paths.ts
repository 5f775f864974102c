/**
 * ECS-020: a bind mount of a host path that exposes the host: the container runtime socket, `/`,
 * or a sensitive host directory (the detector, shared with K8S-009, is in `_shared/host-paths.ts`).
 * Only volumes some container mounts are reported: a volume nobody mounts exposes nothing. Fargate
 * rejects `host.sourcePath` (ECS-006), so this matters on EC2 and ECS Anywhere.
 */
import type { ContainerDefinition, MountPoint } from '../../model/aws/ecs.js';
import { isKnown, isTrue } from '../../model/source.js';
import { classifyHostPath, hostPathFinding } from '../_shared/host-paths.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName } from './_helpers.js';

export default defineRule<'runtimeSocket' | 'hostRoot' | 'sensitiveDir' | 'containsSensitive'>({
  meta: {
    id: 'ECS-020',
    slug: 'ecs-no-sensitive-host-paths',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Host path mounted that exposes the host',
      ja: 'ホストを露出させるホストパスがマウントされている',
    },
    rationale: {
      en: 'A bind mount of the container runtime socket (`/var/run/docker.sock`, `containerd.sock`) lets the container start a privileged container and take over the instance and every task on it, even when the mount is read-only. Mounting `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home` or `/run` gives it host credentials (SSH keys, `/etc/shadow`, the ECS agent configuration), kernel interfaces and devices, so a compromise of the container becomes a compromise of the host.',
      ja: 'コンテナランタイムのソケット（`/var/run/docker.sock`、`containerd.sock`）をバインドマウントすると、読み取り専用であってもコンテナは特権コンテナを起動してインスタンスとその上のすべてのタスクを乗っ取れます。`/`、`/etc`、`/proc`、`/sys`、`/dev`、`/boot`、`/root`、`/home`、`/run` をマウントすると、ホストの認証情報（SSH 鍵、`/etc/shadow`、ECS エージェントの設定）、カーネルインターフェイス、デバイスに触れられるため、コンテナの侵害がホストの侵害になります。',
    },
    remediation: {
      en: 'Remove the host volume, or point `host.sourcePath` at a dedicated directory that holds only the data the task needs (for example under `/srv/<app>`) and mount it read-only; for Docker API access use a restricted proxy instead of the socket.',
      ja: 'ホストボリュームを削除するか、`host.sourcePath` をタスクに必要なデータだけを置いた専用ディレクトリ（例: `/srv/<app>` 配下）に変えて読み取り専用でマウントしてください。Docker API が必要な場合はソケットではなく制限付きのプロキシを使ってください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HostVolumeProperties.html',
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        runtimeSocket:
          'volume {volume} mounts the container runtime socket {path} into {containers}: control of every container on the host',
        hostRoot: 'volume {volume} mounts the host root filesystem / into {containers}',
        sensitiveDir: 'volume {volume} mounts host path {path} (under {dir}) into {containers}',
        containsSensitive: 'volume {volume} mounts host path {path}, which contains {dir}, into {containers}',
      },
      ja: {
        runtimeSocket:
          'ボリューム {volume} はコンテナランタイムのソケット {path} を {containers} にマウントしており、ホスト上の全コンテナを操作できます',
        hostRoot:
          'ボリューム {volume} はホストのルートファイルシステム / を {containers} にマウントしています',
        sensitiveDir:
          'ボリューム {volume} はホストパス {path}（{dir} 配下）を {containers} にマウントしています',
        containsSensitive:
          'ボリューム {volume} は {dir} を含むホストパス {path} を {containers} にマウントしています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      for (const vol of td.volumes) {
        const source = vol.hostSourcePath;
        if (!isKnown(source) || !isKnown(vol.name)) continue;
        const exposure = classifyHostPath(source.value);
        if (!exposure) continue;
        const mounts = mountsOf(td.containers, vol.name.value);
        if (mounts.length === 0) continue;
        const f = hostPathFinding(
          exposure,
          vol.name,
          mounts.map(({ c, m }) => ({
            container: containerName(c),
            at: m.containerPath?.value,
            field: 'containerPath' as const,
            readOnly: isTrue(m.readOnly),
            src: m.src,
          })),
        );
        ctx.report({
          at: source.src,
          resource: td,
          messageId: f.messageId,
          data: f.data,
          related: f.related,
        });
      }
    }
  },
});

function mountsOf(
  containers: ContainerDefinition[],
  volume: string,
): { c: ContainerDefinition; m: MountPoint }[] {
  return containers.flatMap((c) =>
    c.mountPoints
      .filter((m) => isKnown(m.sourceVolume) && m.sourceVolume.value === volume)
      .map((m) => ({ c, m })),
  );
}

/**
 * Host paths that expose the host when mounted into a container (ECS-020, K8S-009). The container
 * runtime socket is full control of every container on the host (start a privileged one and you
 * own the node); `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`, `/run` and
 * `/var/run` hold host credentials, configuration, kernel interfaces and devices. Paths are
 * normalised (`//`, `.`, `..`, trailing `/`) before matching; anything under a sensitive directory
 * counts, and so does a parent that contains one (`/var` holds `/var/run`).
 */
import { posix } from 'node:path';
import type { Src, Val } from '../../model/source.js';
import type { RelatedNote } from '../types.js';
import { showWrittenName } from './name.js';

/** Container runtime sockets (under both `/run` and its `/var/run` alias). */
export const RUNTIME_SOCKETS: readonly string[] = [
  'docker.sock',
  'containerd/containerd.sock',
  'crio/crio.sock',
].flatMap((s) => [`/run/${s}`, `/var/run/${s}`]);

/** Host directories whose content (or anything under it) exposes the host. */
export const SENSITIVE_DIRS: readonly string[] = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/root',
  '/home',
  '/run',
  '/var/run',
];

export type HostPathExposure =
  | { kind: 'runtimeSocket'; path: string }
  | { kind: 'hostRoot'; path: string }
  | { kind: 'sensitiveDir'; path: string; dir: string }
  | { kind: 'containsSensitive'; path: string; dir: string };

/** Normalises an absolute posix path; undefined for relative or Windows paths. */
export function normaliseHostPath(p: string): string | undefined {
  if (!p.startsWith('/')) return undefined;
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/** What a host path exposes, or undefined when it is not sensitive. `dirs` defaults to SENSITIVE_DIRS. */
export function classifyHostPath(
  raw: string,
  dirs: readonly string[] = SENSITIVE_DIRS,
): HostPathExposure | undefined {
  const path = normaliseHostPath(raw);
  if (path === undefined) return undefined;
  if (path === '/') return { kind: 'hostRoot', path };
  if (RUNTIME_SOCKETS.includes(path)) return { kind: 'runtimeSocket', path };
  const dir = dirs.find((d) => under(path, d));
  if (dir) return { kind: 'sensitiveDir', path, dir };
  const inside = dirs.find((d) => under(d, path));
  if (inside) return { kind: 'containsSensitive', path, dir: inside };
  return undefined;
}

/** One container mounting the volume, as both rules describe it. */
export interface HostPathMount {
  /** The container as printed: quoted name, or `(unnamed)`. */
  container: string;
  /** Where it is mounted (`mountPath` / `containerPath`); undefined when not written. */
  at: string | undefined;
  /** The field `at` comes from, named when it is missing. */
  field: 'mountPath' | 'containerPath';
  readOnly: boolean;
  src: Src;
}

/**
 * The message ID (one per exposure kind), the message data and the related locations of a
 * host-path finding, shared by ECS-020 and K8S-009 so both say the same thing the same way.
 */
export function hostPathFinding(
  exposure: HostPathExposure,
  volume: Val<string>,
  mounts: HostPathMount[],
): {
  messageId: HostPathExposure['kind'];
  data: { volume: string; path: string; dir: string; containers: string };
  related: RelatedNote[];
} {
  return {
    messageId: exposure.kind,
    data: {
      volume: showWrittenName(volume),
      path: exposure.path,
      dir: 'dir' in exposure ? exposure.dir : '',
      containers: [...new Set(mounts.map((m) => m.container))].join(', '),
    },
    related: mounts.map(
      (m): RelatedNote =>
        m.at === undefined
          ? {
              src: m.src,
              note: m.readOnly ? 'mountedByNoPathReadOnly' : 'mountedByNoPath',
              data: { container: m.container, field: m.field },
            }
          : {
              src: m.src,
              note: m.readOnly ? 'mountedByReadOnly' : 'mountedBy',
              data: { container: m.container, path: m.at },
            },
    ),
  };
}

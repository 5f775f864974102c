import { describe, expect, it } from 'vitest';
import { classifyHostPath } from '../_shared/host-paths.js';
import { K8S_SENSITIVE_DIRS } from './k8s-no-sensitive-host-paths.js';

describe('K8S-009 host paths', () => {
  it.each([
    ['/var/run/crio/crio.sock', 'runtimeSocket'],
    ['/run/containerd/containerd.sock', 'runtimeSocket'],
    ['/run/containerd', 'sensitiveDir'],
    ['/var/lib/kubelet', 'sensitiveDir'],
    ['/var/lib/kubelet/pods/', 'sensitiveDir'],
    ['/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs', 'sensitiveDir'],
    ['/var/lib/docker/containers', 'sensitiveDir'],
    ['/var/lib', 'containsSensitive'],
    ['/etc/kubernetes', 'sensitiveDir'],
  ])('%s → %s', (p, kind) => expect(classifyHostPath(p, K8S_SENSITIVE_DIRS)?.kind).toBe(kind));

  it.each(['/var/log', '/var/lib/app', '/var/lib/kubelet-backup', '/srv/data', '/opt/cni/bin'])(
    '%s is not sensitive',
    (p) => expect(classifyHostPath(p, K8S_SENSITIVE_DIRS)).toBeUndefined(),
  );

  it('keeps ECS-020 on its own list (node state under /var/lib is K8s-only)', () => {
    expect(classifyHostPath('/var/lib/kubelet')).toBeUndefined();
  });
});

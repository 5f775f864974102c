import { describe, expect, it } from 'vitest';
import { classifyHostPath, normaliseHostPath } from './host-paths.js';

describe('normaliseHostPath', () => {
  it.each([
    ['/etc/', '/etc'],
    ['//etc//', '/etc'],
    ['/var/run/../run/docker.sock', '/var/run/docker.sock'],
    ['/srv/./app/../../etc', '/etc'],
    ['/../../', '/'],
    ['/', '/'],
    ['relative/path', undefined],
    ['C:\\ProgramData', undefined],
  ])('%s → %s', (p, want) => expect(normaliseHostPath(p)).toBe(want));
});

describe('classifyHostPath', () => {
  it.each([
    ['/var/run/docker.sock', 'runtimeSocket'],
    ['/run/docker.sock', 'runtimeSocket'],
    ['/run/containerd/containerd.sock', 'runtimeSocket'],
    ['/var/run/containerd/containerd.sock/', 'runtimeSocket'],
    ['/', 'hostRoot'],
    ['/srv/..', 'hostRoot'],
    ['/etc', 'sensitiveDir'],
    ['/etc/ssl/certs', 'sensitiveDir'],
    ['/proc/1/ns', 'sensitiveDir'],
    ['/sys/fs/cgroup', 'sensitiveDir'],
    ['/dev/kmsg', 'sensitiveDir'],
    ['/home/ec2-user/.ssh', 'sensitiveDir'],
    ['/root', 'sensitiveDir'],
    ['/boot', 'sensitiveDir'],
    ['/run/ecs', 'sensitiveDir'],
    ['/var/run', 'sensitiveDir'],
    ['/var', 'containsSensitive'],
    ['/var/', 'containsSensitive'],
    ['/srv/app/../../var', 'containsSensitive'],
  ])('%s → %s', (p, kind) => expect(classifyHostPath(p)?.kind).toBe(kind));

  it.each([
    '/srv/data',
    '/etcd',
    '/var/log/app',
    '/var/lib/app',
    '/home-backup',
    '/devices',
    '/opt/run',
    'etc',
  ])('%s is not sensitive', (p) => expect(classifyHostPath(p)).toBeUndefined());

  it('names the sensitive directory', () => {
    expect(classifyHostPath('/etc/ssl')).toEqual({ kind: 'sensitiveDir', path: '/etc/ssl', dir: '/etc' });
    expect(classifyHostPath('/var')).toEqual({ kind: 'containsSensitive', path: '/var', dir: '/var/run' });
  });
});

import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';
import { classifyHostPath, normaliseHostPath } from './ecs-no-sensitive-host-paths.js';

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

describe('ECS-020 findings', () => {
  it('lists every mounting container once in the message and each mount in related', async () => {
    const task = `{
  "family": "agent",
  "containerDefinitions": [
    { "name": "a", "image": "a:1", "mountPoints": [{ "sourceVolume": "sock", "containerPath": "/var/run/docker.sock", "readOnly": true }] },
    { "name": "b", "image": "b:1", "mountPoints": [
      { "sourceVolume": "sock", "containerPath": "/docker.sock" },
      { "sourceVolume": "sock", "containerPath": "/also.sock" }
    ] }
  ],
  "volumes": [{ "name": "sock", "host": { "sourcePath": "/var/run/docker.sock" } }]
}
`;
    const [f, ...rest] = await runRule('ECS-020', { 'task.json': task });
    expect(rest).toEqual([]);
    expect(f?.message).toBe(
      'volume "sock" mounts the container runtime socket /var/run/docker.sock into "a", "b": control of every container on the host',
    );
    expect(f?.location.startLine).toBe(10);
    expect(f?.related.map((r) => [r.startLine, r.message])).toEqual([
      [4, 'mounted by container "a" at /var/run/docker.sock (read-only)'],
      [6, 'mounted by container "b" at /docker.sock'],
      [7, 'mounted by container "b" at /also.sock'],
    ]);
  });
});

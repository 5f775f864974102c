import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';

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

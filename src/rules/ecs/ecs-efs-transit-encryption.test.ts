import { describe, expect, it } from 'vitest';
import { json, runRule } from '../../../test/helpers/run-rule.js';

const task = (efs: Record<string, unknown>) =>
  json({
    family: 'app',
    containerDefinitions: [{ name: 'app', image: 'app:1' }],
    volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0', ...efs } }],
  });

describe('ECS-019', () => {
  it.each([
    [{}, 'EFS volume "data" is mounted without transit encryption (transitEncryption DISABLED)'],
    [
      { transitEncryption: 'DISABLED', authorizationConfig: { iam: 'ENABLED' } },
      'EFS volume "data" sets authorizationConfig.iam ENABLED without transit encryption (transitEncryption DISABLED): ECS requires it, so the volume cannot be mounted as written',
    ],
    [
      { authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0', iam: 'DISABLED' } },
      'EFS volume "data" sets authorizationConfig.accessPointId without transit encryption (transitEncryption DISABLED): ECS requires it, so the volume cannot be mounted as written',
    ],
  ])('%j', async (efs, message) => {
    expect((await runRule('ECS-019', { 'task.json': task(efs) })).map((f) => f.message)).toEqual([message]);
  });

  it('is silent when transit encryption is enabled', async () => {
    expect(await runRule('ECS-019', { 'task.json': task({ transitEncryption: 'ENABLED' }) })).toEqual([]);
  });
});

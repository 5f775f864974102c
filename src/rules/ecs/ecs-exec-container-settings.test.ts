import { describe, expect, it } from 'vitest';
import { json, runRule } from '../../../test/helpers/run-rule.js';

const service = (name: string, exec = true) =>
  json({ cluster: 'ops', serviceName: name, taskDefinition: 'app', enableExecuteCommand: exec });

const task = (container: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  json({ family: 'app', containerDefinitions: [{ name: 'app', image: 'app:1', ...container }], ...over });

describe('ECS-021', () => {
  it('one finding per container however many Exec services run the task, all services related', async () => {
    const found = await runRule('ECS-021', {
      'a.json': service('api'),
      'b.json': service('worker'),
      'c.json': service('batch', false),
      'task.json': task({}),
    });
    expect(found.map((f) => [f.severity, f.message])).toEqual([
      [
        'low',
        'container "app" runs with ECS Exec (service "api", "worker") without linuxParameters.initProcessEnabled true: SSM agent child processes are not reaped',
      ],
    ]);
    expect(found[0]?.related.map((r) => r.file)).toEqual(['a.json', 'b.json']);
  });

  it('a read-only root is info; both findings when both apply', async () => {
    const found = await runRule('ECS-021', {
      's.json': service('api'),
      'task.json': task({ readonlyRootFilesystem: true }),
    });
    expect(found.map((f) => [f.severity, f.ruleId])).toEqual([
      ['low', 'ECS-021'],
      ['info', 'ECS-021'],
    ]);
  });

  it('Windows tasks are not judged (no linuxParameters, no read-only root there)', async () => {
    const found = await runRule('ECS-021', {
      's.json': service('api'),
      'task.json': task(
        { readonlyRootFilesystem: true },
        { runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' } },
      ),
    });
    expect(found).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { json, runRule } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import { emptyState } from '../../model/state.js';
import type { Report } from '../types.js';
import rule from './ecs-exec-sessions-logged.js';

const svc = { cluster: 'ops', serviceName: 'console', taskDefinition: 'console', enableExecuteCommand: true };
const cluster = (logging?: string) => ({
  clusterName: 'ops',
  ...(logging ? { configuration: { executeCommandConfiguration: { logging } } } : {}),
});
const task = (...drivers: (string | undefined)[]) => ({
  family: 'console',
  containerDefinitions: drivers.map((d, i) => ({
    name: `c${i}`,
    image: 'app:1',
    ...(d ? { logConfiguration: { logDriver: d } } : {}),
  })),
});

const files = (c: unknown, t?: unknown) => ({
  'service.json': json(svc),
  'cluster.json': json(c),
  ...(t ? { 'task.json': json(t) } : {}),
});

describe('ECS-014', () => {
  it('NONE: message, location on enableExecuteCommand, the cluster setting in related', async () => {
    const [f] = await runRule('ECS-014', files(cluster('NONE')));
    expect(f?.message).toBe(
      'service "console" enables ECS Exec but cluster "ops" sets Exec logging to NONE: sessions leave no audit trail',
    );
    expect([f?.location.file, f?.location.startLine]).toEqual(['service.json', 5]);
    expect(f?.related).toEqual([
      {
        file: 'cluster.json',
        startLine: 5,
        message: 'cluster "ops": executeCommandConfiguration.logging NONE',
        messageId: 'clusterLogging',
      },
    ]);
  });

  it('DEFAULT by omission without awslogs: related points at the cluster and the task definition', async () => {
    const [f, ...rest] = await runRule('ECS-014', files(cluster(), task('fluentd', undefined)));
    expect(rest).toEqual([]);
    expect(f?.message).toContain('task definition "console" has no awslogs container');
    expect(f?.related.map((r) => [r.file, r.startLine, r.message])).toEqual([
      ['cluster.json', 1, 'cluster "ops": executeCommandConfiguration.logging DEFAULT (default)'],
      ['task.json', 1, 'task definition "console": no container uses the awslogs log driver'],
    ]);
  });

  it.each([
    ['DEFAULT with one awslogs container among others', cluster('DEFAULT'), task('fluentd', 'awslogs')],
    ['OVERRIDE', cluster('OVERRIDE'), task()],
    ['DEFAULT, task definition not scanned', cluster('DEFAULT'), undefined],
  ])('silent: %s', async (_name, c, t) => {
    expect(await runRule('ECS-014', files(c, t))).toEqual([]);
  });

  it('is in Japanese with --lang ja', async () => {
    const [f] = await runRule('ECS-014', files(cluster('NONE')), 'ja');
    expect(f?.message).toContain('セッションの監査証跡が残りません');
  });

  it('an unresolved log driver could be awslogs: not judged', () => {
    const state = emptyState();
    adaptText('service.json', 'json', json(svc), state);
    adaptText('cluster.json', 'json', json(cluster('DEFAULT')), state);
    adaptText('task.json', 'json', json(task('fluentd')), state);
    const reports: Report<string>[] = [];
    const ctx = {
      report: (r: Report<string>) => reports.push(r),
      now: new Date(),
      pss: { level: 'restricted' as const, version: 'latest' },
    };
    rule.check(state, ctx);
    expect(reports.map((r) => r.messageId)).toEqual(['defaultWithoutAwslogs']);
    const driver = state.aws.ecs.taskDefinitions[0]?.containers[0]?.logConfiguration?.logDriver;
    if (driver) driver.origin = 'unresolved';
    reports.length = 0;
    rule.check(state, ctx);
    expect(reports).toEqual([]);
  });
});

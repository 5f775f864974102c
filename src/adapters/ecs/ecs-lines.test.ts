/** Lines test: every node the ECS JSON adapter builds points at the right range of its file. */
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';

const TASK = `{
  "family": "api",
  "taskRoleArn": "arn:aws:iam::111122223333:role/api-task",
  "executionRoleArn": "arn:aws:iam::111122223333:role/api-exec",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "pidMode": "task",
  "containerDefinitions": [
    {
      "name": "api",
      "image": "api:1",
      "privileged": false,
      "user": "1000",
      "environment": [{ "name": "A", "value": "b" }],
      "secrets": [{ "name": "S", "valueFrom": "arn:aws:ssm:us-east-1:111122223333:parameter/s" }],
      "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-region": "us-east-1" } },
      "linuxParameters": { "capabilities": { "add": ["SYS_PTRACE"], "drop": ["ALL"] }, "tmpfs": [{ "containerPath": "/t", "size": 1 }] },
      "mountPoints": [{ "sourceVolume": "v", "containerPath": "/v" }],
      "portMappings": [{ "containerPort": 80, "hostPort": 80 }]
    }
  ],
  "volumes": [{ "name": "v", "efsVolumeConfiguration": { "fileSystemId": "fs-1", "transitEncryption": "ENABLED" } }]
}
`;

const at = (s: Src | undefined) => (s ? [s.startLine, s.startColumn, s.endLine, s.endColumn] : undefined);

describe('ECS JSON adapter lines', () => {
  const state = emptyState();
  const out = adaptText('task.json', 'json', TASK, state);
  const td = state.aws.ecs.taskDefinitions[0]!;
  const c = td.containers[0]!;

  it('recognises the file', () => {
    expect(out.kinds).toEqual(['ecs-task-definition']);
    expect(out.errors).toEqual([]);
  });

  it.each([
    ['task', () => td.src, [1, 1, 23, 2]],
    ['family', () => td.family.src, [2, 13, 2, 18]],
    ['taskRoleArn', () => td.taskRoleArn?.src, [3, 18, 3, 59]],
    ['executionRoleArn', () => td.executionRoleArn?.src, [4, 23, 4, 64]],
    ['networkMode', () => td.networkMode.src, [5, 18, 5, 26]],
    ['requiresCompatibilities', () => td.requiresCompatibilities.src, [6, 30, 6, 41]],
    ['pidMode', () => td.pidMode?.src, [7, 14, 7, 20]],
    ['container', () => c.src, [9, 5, 20, 6]],
    ['container name', () => c.name.src, [10, 15, 10, 20]],
    ['image', () => c.image.src, [11, 16, 11, 23]],
    ['privileged', () => c.privileged.src, [12, 21, 12, 26]],
    ['user', () => c.user?.src, [13, 15, 13, 21]],
    ['environment[0]', () => c.environment[0]?.src, [14, 23, 14, 52]],
    ['environment[0].value', () => c.environment[0]?.value.src, [14, 47, 14, 50]],
    ['secrets[0].valueFrom', () => c.secrets[0]?.valueFrom.src, [15, 47, 15, 95]],
    ['logConfiguration', () => c.logConfiguration?.src, [16, 27, 16, 99]],
    ['logDriver', () => c.logConfiguration?.logDriver.src, [16, 42, 16, 51]],
    ['awslogs-region', () => c.logConfiguration?.options.get('awslogs-region')?.src, [16, 84, 16, 95]],
    ['capabilities.add[0]', () => c.linuxParameters?.capabilitiesAdd[0]?.src, [17, 54, 17, 66]],
    ['capabilities.drop[0]', () => c.linuxParameters?.capabilitiesDrop[0]?.src, [17, 78, 17, 83]],
    ['tmpfs (key)', () => c.linuxParameters?.fargateUnsupported[0]?.src, [17, 88, 17, 95]],
    ['mountPoints[0]', () => c.mountPoints[0]?.src, [18, 23, 18, 69]],
    ['portMappings[0].hostPort', () => c.portMappings[0]?.hostPort?.src, [19, 59, 19, 61]],
    ['volume', () => td.volumes[0]?.src, [22, 15, 22, 116]],
    ['efs transitEncryption', () => td.volumes[0]?.efs?.transitEncryption.src, [22, 103, 22, 112]],
  ])('%s', (_name, get, want) => {
    expect(at(get())).toEqual(want);
  });

  it('locates defaults at the enclosing object', () => {
    expect(c.readonlyRootFilesystem.origin).toBe('default');
    expect(at(c.readonlyRootFilesystem.src)).toEqual(at(c.src));
    expect(td.osFamily.origin).toBe('default');
    expect(td.osFamily.value).toBe('LINUX');
    expect(c.essential).toMatchObject({ value: true, origin: 'default' });
  });
});

describe('ECS service and cluster JSON shapes', () => {
  it.each([
    [
      'create-service input',
      '{ "serviceName": "a", "cluster": "c", "enableExecuteCommand": true }',
      'ecs-service',
    ],
    [
      'create-service output',
      '{ "service": { "serviceName": "a", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c" } }',
      'ecs-service',
    ],
    [
      'describe-services output',
      '{ "services": [{ "serviceName": "a" }, { "serviceName": "b" }], "failures": [] }',
      'ecs-services',
    ],
    ['create-cluster input', '{ "clusterName": "c", "settings": [] }', 'ecs-cluster'],
    [
      'create-cluster output',
      '{ "cluster": { "clusterName": "c", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/c" } }',
      'ecs-cluster',
    ],
    ['describe-clusters output', '{ "clusters": [{ "clusterName": "c" }], "failures": [] }', 'ecs-clusters'],
    [
      'describe-task-definition output',
      '{ "taskDefinition": { "family": "f", "containerDefinitions": [] }, "tags": [] }',
      'ecs-task-definition-describe',
    ],
  ])('%s', (_name, text, kind) => {
    const state = emptyState();
    const out = adaptText('x.json', 'json', text, state);
    expect(out.kinds).toEqual([kind]);
    const { services, clusters, taskDefinitions } = state.aws.ecs;
    expect(services.length + clusters.length + taskDefinitions.length).toBe(out.resources);
  });

  it('reads a describe-services service with its cluster ARN and network configuration', () => {
    const state = emptyState();
    adaptText(
      's.json',
      'json',
      `{"services":[{"serviceName":"api","clusterArn":"arn:aws:ecs:us-east-1:111122223333:cluster/prod",
"taskDefinition":"arn:aws:ecs:us-east-1:111122223333:task-definition/api:7","enableExecuteCommand":true,
"networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-1"],"securityGroups":["sg-1"],"assignPublicIp":"ENABLED"}}}]}`,
      state,
    );
    const s = state.aws.ecs.services[0]!;
    expect(s.cluster.value).toBe('arn:aws:ecs:us-east-1:111122223333:cluster/prod');
    expect(s.enableExecuteCommand).toMatchObject({ value: true, origin: 'explicit' });
    expect(s.awsvpc?.assignPublicIp).toMatchObject({ value: 'ENABLED', src: { startLine: 3 } });
    expect(s.awsvpc?.securityGroups.map((g) => g.value)).toEqual(['sg-1']);
  });
});

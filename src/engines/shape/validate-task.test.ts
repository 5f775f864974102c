import { describe, expect, it } from 'vitest';
import { DESCRIBED_TASK, FARGATE_TASK } from './fixtures.js';
import { type Expected, type Patch, run, unresolved } from './test-helpers.js';

const C = '/containerDefinitions/0';
const RTD = 'RegisterTaskDefinitionRequest';

const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));

describe('RegisterTaskDefinitionRequest: valid Fargate task definition plus one tweak', () => {
  const cases: [string, Patch, Expected[]][] = [
    ['the valid Fargate task definition', {}, []],
    // Unknown keys
    [
      'volumes[].emptyDir (ECS has no emptyDir)',
      { '/volumes/0/emptyDir': {} },
      [['unknown-key', '/volumes/0/emptyDir']],
    ],
    [
      'readOnlyRootFileSystem (wrong case)',
      { [`${C}/readonlyRootFilesystem`]: undefined, [`${C}/readOnlyRootFileSystem`]: true },
      [['unknown-key', `${C}/readOnlyRootFileSystem`, 'readonlyRootFilesystem']],
    ],
    [
      'readonlyRootFilesytem (typo)',
      { [`${C}/readonlyRootFilesytem`]: true },
      [['unknown-key', `${C}/readonlyRootFilesytem`, 'readonlyRootFilesystem']],
    ],
    [
      'Privileged (CloudFormation casing)',
      { [`${C}/Privileged`]: false },
      [['unknown-key', `${C}/Privileged`, 'privileged']],
    ],
    [
      'enableExecuteCommand (a service field, not a task-definition one)',
      { '/enableExecuteCommand': true },
      [['unknown-key', '/enableExecuteCommand']],
    ],
    [
      'healthCheck.intervall',
      { [`${C}/healthCheck/intervall`]: 5 },
      [['unknown-key', `${C}/healthCheck/intervall`, 'interval']],
    ],
    [
      'tags with CloudFormation Key/Value',
      { '/tags/0': { Key: 'team', Value: 'web' } },
      [
        ['unknown-key', '/tags/0/Key', 'key'],
        ['unknown-key', '/tags/0/Value', 'value'],
      ],
    ],
    // Types
    ['container memory "512"', { [`${C}/memory`]: '512' }, [['wrong-type', `${C}/memory`, '512']]],
    ['container cpu "256"', { [`${C}/cpu`]: '256' }, [['wrong-type', `${C}/cpu`, '256']]],
    ['container memory 512.5', { [`${C}/memory`]: 512.5 }, [['wrong-type', `${C}/memory`]]],
    ['task-level cpu 256 (the model says string)', { '/cpu': 256 }, [['wrong-type', '/cpu', '"256"']]],
    ['task-level memory 512', { '/memory': 512 }, [['wrong-type', '/memory', '"512"']]],
    ['essential "true"', { [`${C}/essential`]: 'true' }, [['wrong-type', `${C}/essential`, 'true']]],
    ['privileged 1', { [`${C}/privileged`]: 1 }, [['wrong-type', `${C}/privileged`]]],
    [
      'environment value 8080',
      { [`${C}/environment/0/value`]: 8080 },
      [['wrong-type', `${C}/environment/0/value`, '"8080"']],
    ],
    [
      'awslogs-create-group true (options are strings)',
      { [`${C}/logConfiguration/options/awslogs-create-group`]: true },
      [['wrong-type', `${C}/logConfiguration/options/awslogs-create-group`, '"true"']],
    ],
    [
      'requiresCompatibilities "FARGATE"',
      { '/requiresCompatibilities': 'FARGATE' },
      [['wrong-type', '/requiresCompatibilities']],
    ],
    [
      'healthCheck.command as a string',
      { [`${C}/healthCheck/command`]: 'curl -f /' },
      [['wrong-type', `${C}/healthCheck/command`]],
    ],
    [
      'healthCheck.interval "30s"',
      { [`${C}/healthCheck/interval`]: '30s' },
      [['wrong-type', `${C}/healthCheck/interval`]],
    ],
    [
      'capabilities as a list',
      { [`${C}/linuxParameters/capabilities`]: ['SYS_PTRACE'] },
      [['wrong-type', `${C}/linuxParameters/capabilities`]],
    ],
    ['secrets as a map', { [`${C}/secrets`]: { DB_PASSWORD: 'arn' } }, [['wrong-type', `${C}/secrets`]]],
    [
      'ulimits hardLimit "unlimited"',
      { [`${C}/ulimits/0/hardLimit`]: 'unlimited' },
      [['wrong-type', `${C}/ulimits/0/hardLimit`]],
    ],
    [
      'ephemeralStorage.sizeInGiB "30"',
      { '/ephemeralStorage/sizeInGiB': '30' },
      [['wrong-type', '/ephemeralStorage/sizeInGiB', '30']],
    ],
    ['user null (the CLI rejects null)', { [`${C}/user`]: null }, [['wrong-type', `${C}/user`]]],
    [
      'efs transitEncryption true (an enum string, no retyping suggestion)',
      { '/volumes/1/efsVolumeConfiguration/transitEncryption': true },
      [['wrong-type', '/volumes/1/efsVolumeConfiguration/transitEncryption']],
    ],
    [
      'mountPoints readOnly "false"',
      { [`${C}/mountPoints/0/readOnly`]: 'false' },
      [['wrong-type', `${C}/mountPoints/0/readOnly`, 'false']],
    ],
    // Enums
    ['networkMode "awsvcp"', { '/networkMode': 'awsvcp' }, [['invalid-enum', '/networkMode', 'awsvpc']]],
    ['networkMode "AWSVPC"', { '/networkMode': 'AWSVPC' }, [['invalid-enum', '/networkMode', 'awsvpc']]],
    [
      'requiresCompatibilities "fargate"',
      { '/requiresCompatibilities/0': 'fargate' },
      [['invalid-enum', '/requiresCompatibilities/0', 'FARGATE']],
    ],
    [
      'portMappings protocol "TCP"',
      { [`${C}/portMappings/0/protocol`]: 'TCP' },
      [['invalid-enum', `${C}/portMappings/0/protocol`, 'tcp']],
    ],
    [
      'portMappings appProtocol "HTTP2"',
      { [`${C}/portMappings/0/appProtocol`]: 'HTTP2' },
      [['invalid-enum', `${C}/portMappings/0/appProtocol`, 'http2']],
    ],
    [
      'logDriver "awslog"',
      { [`${C}/logConfiguration/logDriver`]: 'awslog' },
      [['invalid-enum', `${C}/logConfiguration/logDriver`, 'awslogs']],
    ],
    [
      'logDriver "datadog"',
      { [`${C}/logConfiguration/logDriver`]: 'datadog' },
      [['invalid-enum', `${C}/logConfiguration/logDriver`]],
    ],
    [
      'capabilities.add "CAP_SYS_ADMIN" (names go without CAP_)',
      { [`${C}/linuxParameters/capabilities/add/0`]: 'CAP_SYS_ADMIN' },
      [['invalid-enum', `${C}/linuxParameters/capabilities/add/0`, 'SYS_ADMIN']],
    ],
    [
      'capabilities.drop "all"',
      { [`${C}/linuxParameters/capabilities/drop/0`]: 'all' },
      [['invalid-enum', `${C}/linuxParameters/capabilities/drop/0`, 'ALL']],
    ],
    [
      'capabilities.add "NET_ADMIN" is a valid name',
      { [`${C}/linuxParameters/capabilities/add/-`]: 'NET_ADMIN' },
      [],
    ],
    [
      'dependsOn condition "healthy"',
      { [`${C}/dependsOn/0/condition`]: 'healthy' },
      [['invalid-enum', `${C}/dependsOn/0/condition`, 'HEALTHY']],
    ],
    [
      'dependsOn condition "RUNNING"',
      { [`${C}/dependsOn/0/condition`]: 'RUNNING' },
      [['invalid-enum', `${C}/dependsOn/0/condition`]],
    ],
    [
      'ulimits name "NOFILE"',
      { [`${C}/ulimits/0/name`]: 'NOFILE' },
      [['invalid-enum', `${C}/ulimits/0/name`, 'nofile']],
    ],
    [
      'ulimits name "open_files"',
      { [`${C}/ulimits/0/name`]: 'open_files' },
      [['invalid-enum', `${C}/ulimits/0/name`]],
    ],
    [
      'efs transitEncryption "enabled"',
      { '/volumes/1/efsVolumeConfiguration/transitEncryption': 'enabled' },
      [['invalid-enum', '/volumes/1/efsVolumeConfiguration/transitEncryption', 'ENABLED']],
    ],
    [
      'efs authorizationConfig.iam "ENABLE"',
      { '/volumes/1/efsVolumeConfiguration/authorizationConfig/iam': 'ENABLE' },
      [['invalid-enum', '/volumes/1/efsVolumeConfiguration/authorizationConfig/iam', 'ENABLED']],
    ],
    [
      'dockerVolumeConfiguration scope "Task"',
      { '/volumes/0/dockerVolumeConfiguration': { scope: 'Task' } },
      [['invalid-enum', '/volumes/0/dockerVolumeConfiguration/scope', 'task']],
    ],
    [
      'runtimePlatform cpuArchitecture "arm64"',
      { '/runtimePlatform/cpuArchitecture': 'arm64' },
      [['invalid-enum', '/runtimePlatform/cpuArchitecture', 'ARM64']],
    ],
    ['ipcMode "private"', { '/ipcMode': 'private' }, [['invalid-enum', '/ipcMode']]],
    [
      'resourceRequirements type "gpu"',
      { [`${C}/resourceRequirements`]: [{ type: 'gpu', value: '1' }] },
      [['invalid-enum', `${C}/resourceRequirements/0/type`, 'GPU']],
    ],
    // Required
    [
      'no containerDefinitions',
      { '/containerDefinitions': undefined },
      [['missing-required', '/containerDefinitions']],
    ],
    ['no family', { '/family': undefined }, [['missing-required', '/family']]],
    [
      'empty containerDefinitions (service: "Container list cannot be empty")',
      { '/containerDefinitions': [] },
      [['too-short', '/containerDefinitions']],
    ],
    [
      'a container without name and image (service-enforced)',
      { [`${C}/name`]: undefined, [`${C}/image`]: undefined },
      [
        ['missing-required', `${C}/name`],
        ['missing-required', `${C}/image`],
      ],
    ],
    [
      'logConfiguration without logDriver',
      { [`${C}/logConfiguration/logDriver`]: undefined },
      [['missing-required', `${C}/logConfiguration/logDriver`]],
    ],
    [
      'healthCheck without command',
      { [`${C}/healthCheck/command`]: undefined },
      [['missing-required', `${C}/healthCheck/command`]],
    ],
    [
      'dependsOn without condition',
      { [`${C}/dependsOn/0/condition`]: undefined },
      [['missing-required', `${C}/dependsOn/0/condition`]],
    ],
    [
      'ulimits without softLimit',
      { [`${C}/ulimits/0/softLimit`]: undefined },
      [['missing-required', `${C}/ulimits/0/softLimit`]],
    ],
    [
      'efs without fileSystemId',
      { '/volumes/1/efsVolumeConfiguration/fileSystemId': undefined },
      [['missing-required', '/volumes/1/efsVolumeConfiguration/fileSystemId']],
    ],
    [
      'ephemeralStorage {}',
      { '/ephemeralStorage': {} },
      [['missing-required', '/ephemeralStorage/sizeInGiB']],
    ],
    [
      'secrets[].valuefrom (wrong case): missing valueFrom and an unknown key',
      { [`${C}/secrets/0/valueFrom`]: undefined, [`${C}/secrets/0/valuefrom`]: 'arn' },
      [
        ['missing-required', `${C}/secrets/0/valueFrom`],
        ['unknown-key', `${C}/secrets/0/valuefrom`, 'valueFrom'],
      ],
    ],
    [
      'restartPolicy without enabled',
      { [`${C}/restartPolicy`]: { restartAttemptPeriod: 60 } },
      [['missing-required', `${C}/restartPolicy/enabled`]],
    ],
    // Ranges, lengths, patterns, unions
    ['50 tags (the maximum)', { '/tags': tags(50) }, []],
    ['51 tags', { '/tags': tags(51) }, [['too-long', '/tags']]],
    ['an empty tag key', { '/tags/0/key': '' }, [['too-short', '/tags/0/key']]],
    ['a 129-character tag key', { '/tags/0/key': 'k'.repeat(129) }, [['too-long', '/tags/0/key']]],
    ['a tag key with "#"', { '/tags/0/key': 'team#1' }, [['pattern-mismatch', '/tags/0/key']]],
    ['a tag key with non-ASCII letters (\\p{L})', { '/tags/0/key': 'équipe' }, []],
    [
      'GPU sharingStrategy {} (a union: exactly one member)',
      { [`${C}/resourceRequirements`]: [{ type: 'GPU', value: '1', sharingStrategy: {} }] },
      [['invalid-union', `${C}/resourceRequirements/0/sharingStrategy`]],
    ],
    [
      'nvidiaMps maxComputePercent 101',
      {
        [`${C}/resourceRequirements`]: [
          { type: 'GPU', value: '1', sharingStrategy: { nvidiaMps: { memory: 1, maxComputePercent: 101 } } },
        ],
      },
      [['out-of-range', `${C}/resourceRequirements/0/sharingStrategy/nvidiaMps/maxComputePercent`]],
    ],
    // Describe output fields are not register input
    [
      'taskDefinitionArn in register input',
      { '/taskDefinitionArn': 'arn:aws:ecs:x' },
      [['unknown-key', '/taskDefinitionArn']],
    ],
    // Unresolved values are never reported
    ['an unresolved image', { [`${C}/image`]: unresolved('var.image') }, []],
    ['an unresolved memory', { [`${C}/memory`]: unresolved('var.memory') }, []],
    ['unresolved containerDefinitions', { '/containerDefinitions': unresolved('local.containers') }, []],
  ];

  it.each(cases)('%s', (_title, patch, expected) => {
    expect(run('ecs', RTD, FARGATE_TASK, patch).compact).toEqual(expected);
  });

  it('reports every describe-only field when a describe output is registered as is', () => {
    const keys = run('ecs', RTD, DESCRIBED_TASK).compact.map(([kind, path]) => `${kind} ${path}`);
    expect(keys).toEqual(
      [
        'taskDefinitionArn',
        'revision',
        'status',
        'requiresAttributes',
        'compatibilities',
        'registeredAt',
        'registeredBy',
      ].map((k) => `unknown-key /${k}`),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { CLUSTER, DESCRIBED_TASK, FARGATE_TASK, SERVICE } from './fixtures.js';
import { loadShapes } from './model.js';
import { type Expected, type Json, jsonNode, type Patch, run, unresolved } from './test-helpers.js';
import { validateShape } from './validate.js';

const ecs = loadShapes('ecs');

describe('other ECS roots', () => {
  const cases: [string, string, Json, Patch, Expected[]][] = [
    ['describe output passes', 'TaskDefinition', DESCRIBED_TASK, {}, []],
    [
      'describe status "active"',
      'TaskDefinition',
      DESCRIBED_TASK,
      { '/status': 'active' },
      [['invalid-enum', '/status', 'ACTIVE']],
    ],
    [
      'describe revision "7"',
      'TaskDefinition',
      DESCRIBED_TASK,
      { '/revision': '7' },
      [['wrong-type', '/revision', '7']],
    ],
    [
      'registeredAt as epoch seconds',
      'TaskDefinition',
      DESCRIBED_TASK,
      { '/registeredAt': 1714550400.123 },
      [],
    ],
    [
      'registeredAt "yesterday"',
      'TaskDefinition',
      DESCRIBED_TASK,
      { '/registeredAt': 'yesterday' },
      [['wrong-type', '/registeredAt']],
    ],
    [
      'describe output has no tags member',
      'TaskDefinition',
      DESCRIBED_TASK,
      { '/tags': [] },
      [['unknown-key', '/tags']],
    ],
    ['service passes', 'CreateServiceRequest', SERVICE, {}, []],
    [
      'service without serviceName',
      'CreateServiceRequest',
      SERVICE,
      { '/serviceName': undefined },
      [['missing-required', '/serviceName']],
    ],
    [
      'launchType "fargate"',
      'CreateServiceRequest',
      SERVICE,
      { '/launchType': 'fargate' },
      [['invalid-enum', '/launchType', 'FARGATE']],
    ],
    [
      'enableExecuteCommand "true"',
      'CreateServiceRequest',
      SERVICE,
      { '/enableExecuteCommand': 'true' },
      [['wrong-type', '/enableExecuteCommand', 'true']],
    ],
    [
      'awsvpcConfiguration without subnets',
      'CreateServiceRequest',
      SERVICE,
      { '/networkConfiguration/awsvpcConfiguration/subnets': undefined },
      [['missing-required', '/networkConfiguration/awsvpcConfiguration/subnets']],
    ],
    [
      'assignPublicIp "ENABLE"',
      'CreateServiceRequest',
      SERVICE,
      { '/networkConfiguration/awsvpcConfiguration/assignPublicIp': 'ENABLE' },
      [['invalid-enum', '/networkConfiguration/awsvpcConfiguration/assignPublicIp', 'ENABLED']],
    ],
    [
      'circuit breaker without rollback',
      'CreateServiceRequest',
      SERVICE,
      { '/deploymentConfiguration/deploymentCircuitBreaker/rollback': undefined },
      [['missing-required', '/deploymentConfiguration/deploymentCircuitBreaker/rollback']],
    ],
    [
      'capacity provider weight 1001 and base -1',
      'CreateServiceRequest',
      SERVICE,
      { '/capacityProviderStrategy': [{ capacityProvider: 'FARGATE_SPOT', weight: 1001, base: -1 }] },
      [
        ['out-of-range', '/capacityProviderStrategy/0/weight'],
        ['out-of-range', '/capacityProviderStrategy/0/base'],
      ],
    ],
    [
      'capacity provider weight 1000 (the maximum)',
      'CreateServiceRequest',
      SERVICE,
      { '/capacityProviderStrategy': [{ capacityProvider: 'x', weight: 1000 }] },
      [],
    ],
    [
      'desiredCount above int32',
      'CreateServiceRequest',
      SERVICE,
      { '/desiredCount': 3_000_000_000 },
      [['out-of-range', '/desiredCount']],
    ],
    [
      'service connect container configuration {} (a union)',
      'CreateServiceRequest',
      SERVICE,
      { '/serviceConnectConfiguration': { enabled: true, containerConfigurations: [{}] } },
      [['invalid-union', '/serviceConnectConfiguration/containerConfigurations/0']],
    ],
    // The describe shape has clusterArn, not the request's cluster.
    [
      'described service createdAt',
      'Service',
      SERVICE,
      { '/createdAt': '2024-05-01T10:00:00Z', '/cluster': undefined },
      [],
    ],
    ['cluster passes', 'CreateClusterRequest', CLUSTER, {}, []],
    [
      'cluster setting "containerinsights"',
      'CreateClusterRequest',
      CLUSTER,
      { '/settings/0/name': 'containerinsights' },
      [['invalid-enum', '/settings/0/name', 'containerInsights']],
    ],
    [
      'exec logging "override"',
      'CreateClusterRequest',
      CLUSTER,
      { '/configuration/executeCommandConfiguration/logging': 'override' },
      [['invalid-enum', '/configuration/executeCommandConfiguration/logging', 'OVERRIDE']],
    ],
    [
      'exec cloudWatchEncryptionEnabled "true"',
      'CreateClusterRequest',
      CLUSTER,
      { '/configuration/executeCommandConfiguration/logConfiguration/cloudWatchEncryptionEnabled': 'true' },
      [
        [
          'wrong-type',
          '/configuration/executeCommandConfiguration/logConfiguration/cloudWatchEncryptionEnabled',
          'true',
        ],
      ],
    ],
    [
      'a container list validated on its own',
      'ContainerDefinitions',
      [{ name: 'a', image: 'b', memory: '1' }],
      {},
      [['wrong-type', '/0/memory', '1']],
    ],
  ];

  it.each(cases)('%s', (_title, root, doc, patch, expected) => {
    expect(run('ecs', root, doc, patch).compact).toEqual(expected);
  });
});

describe('messages', () => {
  it('lists the valid fields for an unknown key without a close match', () => {
    const [p] = run('ecs', 'RegisterTaskDefinitionRequest', FARGATE_TASK, {
      '/volumes/0/emptyDir': {},
    }).problems;
    expect(p?.message).toBe(
      'unknown field "emptyDir" in volumes[0]; valid fields: name, host, dockerVolumeConfiguration, ' +
        'efsVolumeConfiguration, s3filesVolumeConfiguration, fsxWindowsFileServerVolumeConfiguration, configuredAtLaunch',
    );
    expect(p?.suggestion).toBeUndefined();
  });

  it.each([
    [
      { '/containerDefinitions/0/readOnlyRootFileSystem': true },
      'unknown field "readOnlyRootFileSystem" in containerDefinitions[0]',
    ],
    [
      { '/containerDefinitions/0/memory': '512' },
      'containerDefinitions[0].memory must be an integer, not a string ("512")',
    ],
    [{ '/cpu': 256 }, 'cpu must be a string, not a number (256)'],
    [
      { '/networkMode': 'awsvcp' },
      'invalid value "awsvcp" for networkMode; valid values: bridge, host, awsvpc, none',
    ],
    [{ '/family': undefined }, 'missing required field "family" in RegisterTaskDefinitionRequest'],
    [
      { '/tags/0/key': 'a#' },
      'tags[0].key "a#" does not match the pattern ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)',
    ],
    [
      { '/containerDefinitions/0/user': null },
      'containerDefinitions[0].user must be a string, not null (the AWS CLI rejects null; omit the field instead)',
    ],
    [
      { '/containerDefinitions/0/logConfiguration/options/a b': 1 },
      'containerDefinitions[0].logConfiguration.options["a b"] must be a string, not a number (1)',
    ],
  ] as [Patch, string][])('%j', (patch, message) => {
    expect(
      run('ecs', 'RegisterTaskDefinitionRequest', FARGATE_TASK, patch).problems.map((p) => p.message),
    ).toEqual([message]);
  });

  it('says where documented-only values come from and that service-only requirements are not in the model', () => {
    const { problems } = run('ecs', 'RegisterTaskDefinitionRequest', FARGATE_TASK, {
      '/containerDefinitions/0/linuxParameters/capabilities/add/0': 'CAP_SYS_ADMIN',
      '/containerDefinitions/1/image': undefined,
    });
    expect(problems[1]?.message).toMatch(
      /^missing field "image" in containerDefinitions\[1\]: the service rejects/,
    );
    expect(problems[0]?.message).toMatch(
      /^invalid value "CAP_SYS_ADMIN" for containerDefinitions\[0\]\.linuxParameters\.capabilities\.add\[0\]; valid values \(per the API documentation\): ALL, AUDIT_CONTROL,/,
    );
  });
});

describe('source positions', () => {
  const text = `{
  "family": "web",
  "networkMode": "awsvcp",
  "containerDefinitions": [
    {
      "name": "web",
      "readOnlyRootFileSystem": true,
      "memory": "512"
    }
  ]
}`;
  const problems = validateShape(ecs, 'RegisterTaskDefinitionRequest', jsonNode(text, 'task.json'));
  const at = (path: string) => {
    const p = problems.find((x) => x.path === path);
    return p && [p.kind, p.src.file, p.src.startLine, p.src.startColumn, p.src.endLine, p.src.endColumn];
  };

  it('points an invalid enum at the value', () => {
    expect(at('/networkMode')).toEqual(['invalid-enum', 'task.json', 3, 18, 3, 26]);
  });
  it('points an unknown key at the key', () => {
    expect(at('/containerDefinitions/0/readOnlyRootFileSystem')).toEqual([
      'unknown-key',
      'task.json',
      7,
      7,
      7,
      31,
    ]);
  });
  it('points a wrong type at the value', () => {
    expect(at('/containerDefinitions/0/memory')).toEqual(['wrong-type', 'task.json', 8, 17, 8, 22]);
  });
  it('points a missing field at the enclosing object', () => {
    expect(at('/containerDefinitions/0/image')).toEqual(['missing-required', 'task.json', 5, 5, 9, 6]);
  });
  it('reports nothing else', () => {
    expect(problems).toHaveLength(4);
  });
});

describe('options and edge cases', () => {
  it('treats null as absent with nullAsAbsent (then a required null field is missing)', () => {
    const patch = { '/containerDefinitions/0/user': null, '/family': null };
    expect(
      run('ecs', 'RegisterTaskDefinitionRequest', FARGATE_TASK, patch, { nullAsAbsent: true }).compact,
    ).toEqual([['missing-required', '/family']]);
  });

  it('accepts numbers and booleans for strings with scalarsAsStrings, and still checks enums', () => {
    const patch = { '/cpu': 256, '/containerDefinitions/0/environment/0/value': true, '/networkMode': 1 };
    expect(
      run('ecs', 'RegisterTaskDefinitionRequest', FARGATE_TASK, patch, { scalarsAsStrings: true }).compact,
    ).toEqual([['invalid-enum', '/networkMode']]);
  });

  it('never reports an unresolved root', () => {
    expect(
      validateShape(ecs, 'RegisterTaskDefinitionRequest', jsonNode(JSON.stringify(unresolved('var.td')))),
    ).toEqual([]);
  });

  it('reports a root of the wrong type once', () => {
    expect(run('ecs', 'RegisterTaskDefinitionRequest', [FARGATE_TASK]).compact).toEqual([['wrong-type', '']]);
  });

  it('escapes "/" and "~" in paths', () => {
    const patch = { '/containerDefinitions/0/dockerLabels': { 'a/b~c': 1 } };
    expect(run('ecs', 'RegisterTaskDefinitionRequest', FARGATE_TASK, patch).compact).toEqual([
      ['wrong-type', '/containerDefinitions/0/dockerLabels/a~1b~0c', '"1"'],
    ]);
  });

  it('throws on an unknown root shape', () => {
    expect(() => validateShape(ecs, 'NoSuchShape', jsonNode('{}'))).toThrow(/no shape NoSuchShape/);
  });
});

/**
 * Service → cluster and service → task definition joins for every way a file names the other side:
 * Terraform `.arn` / `.name` / `.id`, module-scoped, CloudFormation `!GetAtt` / `!Ref`, a real ARN
 * string, a plan's value known after apply. A reference to a resource of the same root module /
 * template joins that resource only, even when another root declares one of the same name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../load.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { serviceCluster, serviceTaskDefinition } from './_joins.js';

beforeAll(async () => {
  await initHcl();
});

const tfCluster = 'resource "aws_ecs_cluster" "main" {\n  name = "main"\n}\n';
const tfTd =
  'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "a", image = "x" }])\n}\n';
const tfSvc = (cluster: string, td: string) =>
  `resource "aws_ecs_service" "web" {\n  name = "web"\n  cluster = ${cluster}\n  task_definition = ${td}\n}\n`;
const cfn = (cluster: string, td: string) =>
  `Resources:\n  Cluster:\n    Type: AWS::ECS::Cluster\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: a\n          Image: x\n  Web:\n    Type: AWS::ECS::Service\n    Properties:\n      Cluster: ${cluster}\n      TaskDefinition: ${td}\n`;

/** A plan (`terraform show -json`) whose service names its cluster and task definition known after apply. */
const plan = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.4',
  planned_values: { root_module: {} },
  resource_changes: [
    ['aws_ecs_cluster', 'main', { name: 'main' }, {}],
    ['aws_ecs_task_definition', 'app', { family: 'app', container_definitions: '[]' }, {}],
    ['aws_ecs_service', 'web', { name: 'web' }, { cluster: true, task_definition: true }],
  ].map(([type, name, after, unknown]) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    change: { actions: ['create'], after, after_unknown: unknown },
  })),
  configuration: {
    root_module: {
      resources: [
        {
          address: 'aws_ecs_cluster.main',
          mode: 'managed',
          type: 'aws_ecs_cluster',
          name: 'main',
          expressions: {},
        },
        {
          address: 'aws_ecs_task_definition.app',
          mode: 'managed',
          type: 'aws_ecs_task_definition',
          name: 'app',
          expressions: {},
        },
        {
          address: 'aws_ecs_service.web',
          mode: 'managed',
          type: 'aws_ecs_service',
          name: 'web',
          expressions: {
            cluster: { references: ['aws_ecs_cluster.main.arn', 'aws_ecs_cluster.main'] },
            task_definition: {
              references: ['aws_ecs_task_definition.app.arn', 'aws_ecs_task_definition.app'],
            },
          },
        },
      ],
    },
  },
});

const tfAt = (scope: string, address: string) => ({ format: 'terraform', scope, address });
const cfnAt = (address: string) => ({ format: 'cloudformation', scope: 't.yaml', address });

// [join shape, files, the service's cluster / task definition scoped addresses (none: joined as written)]
const cases: [string, Record<string, string>, unknown, unknown][] = [
  [
    'Terraform .arn',
    { 'main.tf': tfCluster + tfTd + tfSvc('aws_ecs_cluster.main.arn', 'aws_ecs_task_definition.app.arn') },
    tfAt('.', 'aws_ecs_cluster.main'),
    tfAt('.', 'aws_ecs_task_definition.app'),
  ],
  [
    'Terraform .id (a cluster’s id is its ARN)',
    { 'main.tf': tfCluster + tfTd + tfSvc('aws_ecs_cluster.main.id', 'aws_ecs_task_definition.app.id') },
    tfAt('.', 'aws_ecs_cluster.main'),
    tfAt('.', 'aws_ecs_task_definition.app'),
  ],
  [
    // `name` / `family` written in the block evaluate to that text: joined by name
    'Terraform .name / .family',
    {
      'main.tf': tfCluster + tfTd + tfSvc('aws_ecs_cluster.main.name', 'aws_ecs_task_definition.app.family'),
    },
    undefined,
    undefined,
  ],
  [
    'Terraform, module-scoped',
    {
      'main.tf': 'module "svc" {\n  source = "./svc"\n}\n',
      'svc/main.tf': tfCluster + tfTd + tfSvc('aws_ecs_cluster.main.arn', 'aws_ecs_task_definition.app.arn'),
    },
    tfAt('.', 'module.svc.aws_ecs_cluster.main'),
    tfAt('.', 'module.svc.aws_ecs_task_definition.app'),
  ],
  [
    'CloudFormation !GetAtt / !Ref',
    { 't.yaml': cfn('!GetAtt Cluster.Arn', '!Ref Task') },
    cfnAt('Cluster'),
    cfnAt('Task'),
  ],
  ['CloudFormation !Ref', { 't.yaml': cfn('!Ref Cluster', '!Ref Task') }, cfnAt('Cluster'), cfnAt('Task')],
  [
    'real ARN strings',
    {
      'main.tf':
        tfCluster +
        tfTd +
        tfSvc(
          '"arn:aws:ecs:eu-west-1:111122223333:cluster/main"',
          '"arn:aws:ecs:eu-west-1:111122223333:task-definition/app:3"',
        ),
    },
    undefined,
    undefined,
  ],
  ['plan JSON: values known after apply', { 'plan.json': plan }, undefined, undefined],
];

describe('service joins, every shape', () => {
  for (const [name, files, cluster, td] of cases)
    it(name, () => {
      const { state } = loadInputs({
        inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
      });
      const svc = state.aws.ecs.services[0]!;
      expect(svc.clusterScoped).toEqual(cluster);
      expect(svc.taskDefinitionScoped).toEqual(td);
      expect(serviceCluster(state, svc)).toBe(state.aws.ecs.clusters[0]);
      expect(serviceTaskDefinition(state, svc)).toBe(state.aws.ecs.taskDefinitions[0]);
    });

  it('a scoped reference joins its own root’s cluster and task definition, not another root’s of the same name', () => {
    const root = tfCluster + tfTd + tfSvc('aws_ecs_cluster.main.arn', 'aws_ecs_task_definition.app.arn');
    const { state } = loadInputs({
      inputs: [
        { path: 'a/main.tf', content: root },
        { path: 'b/main.tf', content: root },
      ],
    });
    const { services, clusters, taskDefinitions } = state.aws.ecs;
    expect(services).toHaveLength(2);
    for (const svc of services) {
      expect(serviceCluster(state, svc)?.src.file).toBe(svc.src.file);
      expect(serviceTaskDefinition(state, svc)?.src.file).toBe(svc.src.file);
    }
    expect(clusters.map((c) => c.name.value)).toEqual(['main', 'main']);
    expect(taskDefinitions.map((t) => t.family.value)).toEqual(['app', 'app']);
  });

  it('two templates with the same logical IDs: each service joins its own template’s resources', () => {
    const { state } = loadInputs({
      inputs: [
        { path: 'one.yaml', content: cfn('!Ref Cluster', '!Ref Task') },
        { path: 'two.yaml', content: cfn('!GetAtt Cluster.Arn', '!Ref Task') },
      ],
    });
    for (const svc of state.aws.ecs.services) {
      expect(serviceCluster(state, svc)?.src.file).toBe(svc.src.file);
      expect(serviceTaskDefinition(state, svc)?.src.file).toBe(svc.src.file);
    }
  });

  it('instances of one block (for_each) share a scoped address: the written value picks among them', () => {
    const main = `resource "aws_ecs_task_definition" "app" {\n  for_each = toset(["a", "b"])\n  family = "app-\${each.key}"\n  container_definitions = jsonencode([{ name = "a", image = "x" }])\n}\nresource "aws_ecs_service" "web" {\n  name = "web"\n  task_definition = "app-b"\n}\n`;
    const { state } = loadInputs({ inputs: [{ path: 'main.tf', content: main }] });
    const tds = state.aws.ecs.taskDefinitions;
    expect(tds.map((t) => t.declared)).toEqual([
      tfAt('.', 'aws_ecs_task_definition.app'),
      tfAt('.', 'aws_ecs_task_definition.app'),
    ]);
    const svc = state.aws.ecs.services[0]!;
    expect(serviceTaskDefinition(state, svc)?.family.value).toBe('app-b');
    // the same service written as a scoped reference to the block: ambiguous among the instances
    const scoped = { ...svc, taskDefinitionScoped: tds[0]!.declared };
    expect(serviceTaskDefinition(state, scoped)?.family.value).toBe('app-b');
    const none = {
      ...svc,
      taskDefinition: { ...svc.taskDefinition!, value: 'other' },
      taskDefinitionScoped: tds[0]!.declared,
    };
    expect(serviceTaskDefinition(state, none)).toBeUndefined();
  });
});

/** One resolver for every role join: each way a file can name its role finds the scanned role. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../load.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { resolveRole } from './ref.js';

beforeAll(async () => {
  await initHcl();
});

const tfRole = 'resource "aws_iam_role" "task" {\n  name = "app-task"\n  assume_role_policy = "{}"\n}\n';
const tfTd = (role: string) =>
  `resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  task_role_arn = ${role}\n  container_definitions = jsonencode([{ name = "a", image = "x" }])\n}\n`;
const cfn = (role: string) =>
  `Resources:\n  TaskRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      TaskRoleArn: ${role}\n      ContainerDefinitions:\n        - Name: a\n          Image: x\n`;

const cases: [string, Record<string, string>, string][] = [
  ['Terraform .arn', { 'main.tf': tfRole + tfTd('aws_iam_role.task.arn') }, 'app-task'],
  ['Terraform .name', { 'main.tf': tfRole + tfTd('aws_iam_role.task.name') }, 'app-task'],
  ['Terraform .id', { 'main.tf': tfRole + tfTd('aws_iam_role.task.id') }, 'app-task'],
  [
    'Terraform: by name, a role declared in a local module',
    {
      'main.tf': `module "iam" {\n  source = "./iam"\n}\n${tfTd('"app-task"')}`,
      'iam/main.tf': tfRole,
    },
    'app-task',
  ],
  ['a role name as written', { 'main.tf': tfRole + tfTd('"app-task"') }, 'app-task'],
  ['CloudFormation !GetAtt', { 't.yaml': cfn('!GetAtt TaskRole.Arn') }, 'TaskRole'],
  ['CloudFormation !Ref', { 't.yaml': cfn('!Ref TaskRole') }, 'TaskRole'],
];

describe('resolveRole', () => {
  for (const [name, files, role] of cases)
    it(name, () => {
      const { state } = loadInputs({
        inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
      });
      const td = state.aws.ecs.taskDefinitions[0];
      expect(td?.taskRoleArn?.origin).toBe('explicit');
      expect(resolveRole(state, { arn: td?.taskRoleArn?.value ?? '' })?.name).toBe(role);
    });

  it('a scoped address names only the role declared there', () => {
    const { state } = loadInputs({
      inputs: [
        { path: 'a/main.tf', content: tfRole },
        { path: 'b/main.tf', content: tfRole },
      ],
    });
    const [a, b] = state.aws.iam.roles;
    const scoped = (scope: string) => ({ format: 'terraform' as const, scope, address: 'aws_iam_role.task' });
    expect(resolveRole(state, { scoped: scoped('a') })).toBe(a);
    expect(resolveRole(state, { scoped: scoped('b') })).toBe(b);
    expect(resolveRole(state, { scoped: scoped('c') })).toBeUndefined();
  });

  it('a template’s stand-in never joins another template’s role of the same logical ID', () => {
    const { state } = loadInputs({
      inputs: [
        { path: 'one.yaml', content: cfn('!GetAtt TaskRole.Arn') },
        { path: 'two.yaml', content: cfn('!GetAtt TaskRole.Arn') },
      ],
    });
    for (const td of state.aws.ecs.taskDefinitions)
      expect(resolveRole(state, { arn: td.taskRoleArn?.value ?? '' })?.src.file).toBe(td.src.file);
  });
});

/** A plan document (`terraform show -json`): the role, and a task definition whose role is known after apply. */
const planDoc = JSON.stringify({
  format_version: '1.2',
  terraform_version: '1.11.4',
  planned_values: { root_module: {} },
  resource_changes: [
    {
      address: 'aws_iam_role.task',
      mode: 'managed',
      type: 'aws_iam_role',
      name: 'task',
      change: {
        actions: ['create'],
        after: { name: 'app-task', assume_role_policy: '{}' },
        after_unknown: {},
      },
    },
    {
      address: 'aws_ecs_task_definition.app',
      mode: 'managed',
      type: 'aws_ecs_task_definition',
      name: 'app',
      change: {
        actions: ['create'],
        after: { family: 'app', container_definitions: '[{"name":"a","image":"x"}]' },
        after_unknown: { task_role_arn: true },
      },
    },
  ],
  configuration: {
    root_module: {
      resources: [
        {
          address: 'aws_iam_role.task',
          mode: 'managed',
          type: 'aws_iam_role',
          name: 'task',
          expressions: {},
        },
        {
          address: 'aws_ecs_task_definition.app',
          mode: 'managed',
          type: 'aws_ecs_task_definition',
          name: 'app',
          expressions: { task_role_arn: { references: ['aws_iam_role.task.arn', 'aws_iam_role.task'] } },
        },
      ],
    },
  },
});

const tfScoped = (scope: string, address: string) => ({ scoped: { format: 'terraform', scope, address } });
const cfnScoped = (scope: string, address: string) => ({
  scoped: { format: 'cloudformation', scope, address },
});

// [join shape, files, the task definition's taskRole (the value as written rides along with a
// scoped address), the role it resolves to]
// (`.name` of a role whose `name` is written evaluates to that name: it joins by name)
const roleRefs: [string, Record<string, string>, { scoped?: unknown; arn?: string }, string][] = [
  [
    'Terraform .arn',
    { 'main.tf': tfRole + tfTd('aws_iam_role.task.arn') },
    tfScoped('.', 'aws_iam_role.task'),
    'app-task',
  ],
  [
    'Terraform .name',
    { 'main.tf': tfRole + tfTd('aws_iam_role.task.name') },
    { arn: 'app-task' },
    'app-task',
  ],
  [
    'Terraform .id',
    { 'main.tf': tfRole + tfTd('aws_iam_role.task.id') },
    tfScoped('.', 'aws_iam_role.task'),
    'app-task',
  ],
  [
    'Terraform, module-scoped: role and task definition in a local module',
    {
      'main.tf': 'module "svc" {\n  source = "./svc"\n}\n',
      'svc/main.tf': tfRole + tfTd('aws_iam_role.task.arn'),
    },
    tfScoped('.', 'module.svc.aws_iam_role.task'),
    'app-task',
  ],
  [
    'CloudFormation !GetAtt',
    { 't.yaml': cfn('!GetAtt TaskRole.Arn') },
    cfnScoped('t.yaml', 'TaskRole'),
    'TaskRole',
  ],
  ['CloudFormation !Ref', { 't.yaml': cfn('!Ref TaskRole') }, cfnScoped('t.yaml', 'TaskRole'), 'TaskRole'],
  [
    'CloudFormation Fn::If choosing a role',
    {
      't.yaml': cfn('!If [Yes, !GetAtt TaskRole.Arn, !Ref AWS::NoValue]').replace(
        'Resources:',
        'Conditions:\n  Yes: !Equals [a, a]\nResources:',
      ),
    },
    cfnScoped('t.yaml', 'TaskRole'),
    'TaskRole',
  ],
  [
    'a real ARN string',
    { 'main.tf': tfRole + tfTd('"arn:aws:iam::123456789012:role/other"') },
    { arn: 'arn:aws:iam::123456789012:role/other' },
    '',
  ],
  ['a role name as written', { 'main.tf': tfRole + tfTd('"app-task"') }, { arn: 'app-task' }, 'app-task'],
  [
    'plan JSON: a value known after apply',
    { 'plan.json': planDoc },
    { arn: 'arn:aws:iam::<unknown>:role/app-task' },
    'app-task',
  ],
];

describe('task definitions carry their roles as RoleRef', () => {
  for (const [name, files, want, role] of roleRefs)
    it(name, () => {
      const { state } = loadInputs({
        inputs: Object.entries(files).map(([path, content]) => ({ path, content })),
      });
      const td = state.aws.ecs.taskDefinitions[0];
      expect(td?.taskRole?.scoped).toEqual(want.scoped);
      expect(td?.taskRole?.arn).toBe(want.arn ?? td?.taskRoleArn?.value);
      expect(td?.taskRole?.arn).toBeTruthy();
      expect(resolveRole(state, td?.taskRole)?.name ?? '').toBe(role);
    });

  it('an unknown or absent role is no RoleRef', () => {
    const { state } = loadInputs({
      inputs: [{ path: 'main.tf', content: tfTd('var.role') }],
    });
    expect(state.aws.ecs.taskDefinitions[0]?.taskRoleArn?.origin).toBe('unresolved');
    expect(state.aws.ecs.taskDefinitions[0]?.taskRole).toBeUndefined();
    expect(state.aws.ecs.taskDefinitions[0]?.executionRole).toBeUndefined();
  });

  it('two templates declaring the same logical ID: each task definition joins its own template’s role', () => {
    const { state } = loadInputs({
      inputs: [
        { path: 'one.yaml', content: cfn('!GetAtt TaskRole.Arn') },
        { path: 'two.yaml', content: cfn('!Ref TaskRole') },
      ],
    });
    expect(state.aws.ecs.taskDefinitions).toHaveLength(2);
    for (const td of state.aws.ecs.taskDefinitions)
      expect(resolveRole(state, td.taskRole)?.src.file).toBe(td.src.file);
  });
});

describe('resolveRole: instances of one block', () => {
  it('several roles at one scoped address: the written value picks, else none', () => {
    const { state } = loadInputs({ inputs: [{ path: 'main.tf', content: tfRole }] });
    const a = state.aws.iam.roles[0]!;
    const b = { ...a, name: 'app-other', arn: 'arn:aws:iam::<unknown>:role/app-other' };
    state.aws.iam.roles.push(b);
    const scoped = { format: 'terraform' as const, scope: '.', address: 'aws_iam_role.task' };
    expect(resolveRole(state, { scoped, arn: 'arn:aws:iam::<unknown>:role/app-other' })).toBe(b);
    expect(resolveRole(state, { scoped, arn: 'app-task' })).toBe(a);
    expect(resolveRole(state, { scoped })).toBeUndefined();
    expect(resolveRole(state, { scoped, arn: 'elsewhere' })).toBeUndefined();
  });
});

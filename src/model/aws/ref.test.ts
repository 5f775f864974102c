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

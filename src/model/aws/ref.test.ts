/**
 * Every way a file names a role reaches the role through the one resolver (resolveRole): Terraform
 * `.arn`, `.name`, `.id`, a module output of a local module; CloudFormation `!GetAtt X.Arn`,
 * `!Ref X`, `Fn::Sub`; a literal ARN or name.
 */
import { describe, expect, it } from 'vitest';
import { adaptText } from '../../adapters/index.js';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { emptyState, type State } from '../state.js';
import { resolveRole } from './ref.js';

await initHcl();

const TRUST = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })`;

function tf(files: Record<string, string>): State {
  const state = emptyState();
  const sources = Object.entries(files).map(([display, text]) => ({ display, text }));
  adaptTerraform(sources, state, (abs) => files[abs]);
  return state;
}

/** The role each task definition's execution role resolves to, by family. */
function joined(state: State): Record<string, string | undefined> {
  return Object.fromEntries(
    state.aws.ecs.taskDefinitions.map((td) => [
      String(td.family.value),
      resolveRole(state, td.executionRole)?.ref.address,
    ]),
  );
}

const task = (family: string, value: string) => `resource "aws_ecs_task_definition" "${family}" {
  family                = "${family}"
  execution_role_arn    = ${value}
  container_definitions = jsonencode([{ name = "app", image = "app:1" }])
}
`;

describe('Terraform role joins', () => {
  it.each([
    ['.arn', 'aws_iam_role.exec.arn'],
    ['.name', 'aws_iam_role.exec.name'],
    ['.id', 'aws_iam_role.exec.id'],
    ['a literal ARN', '"arn:aws:iam::111122223333:role/exec-role"'],
    ['a literal name', '"exec-role"'],
  ])('%s', (_what, value) => {
    const state = tf({
      'main.tf': `resource "aws_iam_role" "exec" {\n  name = "exec-role"\n  assume_role_policy = ${TRUST}\n}\n${task('app', value)}`,
    });
    expect(joined(state)).toEqual({ app: 'aws_iam_role.exec' });
  });

  it('a module output of a local module', () => {
    const state = tf({
      'main.tf': `module "roles" {\n  source = "./roles"\n}\n${task('app', 'module.roles.execution_role_arn')}`,
      'roles/main.tf': `resource "aws_iam_role" "exec" {\n  name = "exec-role"\n  assume_role_policy = ${TRUST}\n}\noutput "execution_role_arn" {\n  value = aws_iam_role.exec.arn\n}\n`,
    });
    expect(joined(state)).toEqual({ app: 'module.roles.aws_iam_role.exec' });
  });

  it('a module called with count: its outputs are not read (the instance is not known)', () => {
    const state = tf({
      'main.tf': `module "roles" {\n  source = "./roles"\n  count = 1\n}\n${task('app', 'module.roles[0].execution_role_arn')}`,
      'roles/main.tf': `resource "aws_iam_role" "exec" {\n  name = "exec-role"\n  assume_role_policy = ${TRUST}\n}\noutput "execution_role_arn" {\n  value = aws_iam_role.exec.arn\n}\n`,
    });
    expect(state.aws.ecs.taskDefinitions[0]?.executionRoleArn?.origin).toBe('unresolved');
  });

  it('a role of one module instance does not join a task definition of another root', () => {
    const state = tf({
      'a/main.tf': `resource "aws_iam_role" "exec" {\n  name = "exec-a"\n  assume_role_policy = ${TRUST}\n}\n`,
      'b/main.tf': task('app', 'aws_iam_role.exec.arn'),
    });
    expect(joined(state)).toEqual({ app: undefined });
  });
});

describe('CloudFormation role joins', () => {
  const template = (value: string) => `Resources:
  ExecRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app
      ExecutionRoleArn: ${value}
      ContainerDefinitions:
        - Name: app
          Image: app:1
`;
  it.each([
    ['!GetAtt X.Arn', '!GetAtt ExecRole.Arn'],
    ['!Ref X (the role name)', '!Ref ExecRole'],
    ['Fn::Sub of the role ARN', '!Sub "${ExecRole.Arn}"'],
  ])('%s', (_what, value) => {
    const state = emptyState();
    adaptText('t.yaml', 'yaml', template(value), state);
    expect(joined(state)).toEqual({ app: 'ExecRole' });
  });
});

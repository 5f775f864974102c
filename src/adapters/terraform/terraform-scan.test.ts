/** Terraform through the whole scan: suppression comments, syntax errors as HAKO-001, joins. */
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../../test/helpers/run-rule.js';

async function run(files: Record<string, string>, rules: string[]) {
  return (await scanFiles(files, rules)).map((f) => ({
    rule: f.ruleId,
    file: f.location.file,
    line: f.location.startLine,
    address: f.resource.address,
    suppressed: f.suppressed ? [f.suppressed.kind, f.suppressed.reason] : null,
  }));
}

const PRIVILEGED = `resource "aws_ecs_task_definition" "b" {
  family                   = "b"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([
    # hako:ignore ECS-003 the agent needs the host
    { name = "x", image = "x:1", privileged = true }
  ])
}
`;

describe('Terraform scan', () => {
  it('a # hako:ignore comment in the resource suppresses that rule there', async () => {
    expect(await run({ 'main.tf': PRIVILEGED }, ['ECS-003'])).toEqual([
      {
        rule: 'ECS-003',
        file: 'main.tf',
        line: 6,
        address: 'aws_ecs_task_definition.b',
        suppressed: ['comment', 'the agent needs the host'],
      },
    ]);
  });

  it('a comment on the line above the resource', async () => {
    const tf = `# hako:ignore ECS-003: needed\n${PRIVILEGED.replace('    # hako:ignore ECS-003 the agent needs the host\n', '')}`;
    const [f] = await run({ 'main.tf': tf }, ['ECS-003']);
    expect(f?.suppressed).toEqual(['comment', 'needed']);
  });

  it('a syntax error is HAKO-001 at its line; the rest of the scan goes on', async () => {
    const found = await run(
      { 'bad.tf': 'resource "aws_ecs_cluster" "a" {\n  name = "a"\n  x = = 2\n}\n', 'main.tf': PRIVILEGED },
      ['HAKO-001', 'ECS-003'],
    );
    expect(found.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['HAKO-001', 'bad.tf', 3],
      ['ECS-003', 'main.tf', 6],
    ]);
  });

  it('task and execution roles join by the synthetic ARN of the scanned role (ECS-002)', async () => {
    const tf = `resource "aws_iam_role" "app" {
  name = "app"
}
resource "aws_ecs_task_definition" "t" {
  family             = "t"
  task_role_arn      = aws_iam_role.app.arn
  execution_role_arn = aws_iam_role.app.arn
  container_definitions = jsonencode([{ name = "x", image = "x:1" }])
}
`;
    const found = await run({ 'main.tf': tf }, ['ECS-002']);
    expect(found.map((f) => [f.rule, f.line, f.address])).toEqual([
      ['ECS-002', 6, 'aws_ecs_task_definition.t'],
    ]);
  });

  it('a JSON file read by file() is not reported as of no known kind', async () => {
    const found = await run(
      {
        'main.tf': `resource "aws_ecs_task_definition" "t" {
  family                   = "t"
  requires_compatibilities = ["EC2"]
  container_definitions    = file("containers.json")
}
`,
        'containers.json': '[\n  { "name": "x", "image": "x:1", "privileged": true }\n]\n',
      },
      ['HAKO-001', 'ECS-003'],
    );
    expect(found.map((f) => [f.rule, f.file, f.line])).toEqual([['ECS-003', 'containers.json', 2]]);
  });

  it('IAM from aws_iam_policy_document and aws_iam_role_policy joins the service and task definition (ECS-015)', async () => {
    const tf = `data "aws_iam_policy_document" "exec" {
  statement {
    actions   = ["ssmmessages:*", "logs:*"]
    resources = ["*"]
  }
}
resource "aws_iam_role" "exec" {
  name = "app-exec"
}
resource "aws_iam_role_policy" "exec" {
  role   = aws_iam_role.exec.id
  policy = data.aws_iam_policy_document.exec.json
}
resource "aws_ecs_task_definition" "t" {
  family             = "t"
  execution_role_arn = aws_iam_role.exec.arn
  container_definitions = jsonencode([{ name = "x", image = "x:1" }])
}
resource "aws_ecs_service" "s" {
  name                   = "s"
  task_definition        = aws_ecs_task_definition.t.arn
  enable_execute_command = true
}
`;
    const found = await scanFiles({ 'main.tf': tf }, ['ECS-015']);
    expect(found.map((f) => [f.ruleId, f.location.startLine, f.message])).toEqual([
      ['ECS-015', 14, expect.stringContaining('execution role "app-exec"')],
    ]);
  });
});

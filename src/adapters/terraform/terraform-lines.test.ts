/** Lines test: every node the Terraform adapter builds points at the right range of its file. */
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { adaptTerraform } from './index.js';

await initHcl();

const at = (s: Src | undefined) => (s ? [s.startLine, s.startColumn, s.endLine, s.endColumn] : undefined);

function load(files: Record<string, string>) {
  const state = emptyState();
  const out = adaptTerraform(
    Object.entries(files).map(([display, text]) => ({ display, text })),
    state,
  );
  return { state, out };
}

const ECS = `resource "aws_ecs_task_definition" "app" {
  family                   = "api"
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = "arn:aws:iam::111122223333:role/api-exec"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  pid_mode                 = "task"
  container_definitions = jsonencode([
    {
      name       = "api"
      image      = "api:1"
      privileged = false
      user       = "1000"
      linuxParameters = { capabilities = { drop = ["ALL"] } }
    }
  ])
  runtime_platform {
    operating_system_family = "LINUX"
  }
  volume {
    name      = "v"
    host_path = "/var/run/docker.sock"
  }
  volume {
    name = "efs"
    efs_volume_configuration {
      file_system_id     = "fs-1"
      transit_encryption = "ENABLED"
    }
  }
}

resource "aws_ecs_service" "web" {
  name                   = "web"
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.app.arn
  enable_execute_command = true
  network_configuration {
    subnets          = ["subnet-1"]
    security_groups  = ["sg-1"]
    assign_public_ip = true
  }
}

resource "aws_ecs_cluster" "main" {
  name = "main"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
  configuration {
    execute_command_configuration {
      logging = "OVERRIDE"
      log_configuration {
        cloud_watch_log_group_name = "exec"
      }
    }
  }
}

resource "aws_ecs_cluster" "bare" {}

resource "aws_iam_role" "task" {
  name = "api-task"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
  inline_policy {
    name   = "logs"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:*", Resource = "*" }] })
  }
}
`;

describe('Terraform ECS adapter lines', () => {
  const { state, out } = load({ 'infra/main.tf': ECS });
  const td = state.aws.ecs.taskDefinitions[0]!;
  const c = td.containers[0]!;

  it('reads the resources without errors', () => {
    expect(out.errors).toEqual([]);
    expect(td.ref).toEqual({
      kind: 'TaskDefinition',
      name: 'api',
      namespace: null,
      address: 'aws_ecs_task_definition.app',
    });
  });

  it('task-level arguments', () => {
    expect(at(td.src)).toEqual([1, 1, 31, 2]);
    expect(td.src.file).toBe('infra/main.tf');
    expect(td.src.resource).toBe('aws_ecs_task_definition.app');
    expect(td.family.value).toBe('api');
    expect(at(td.family.src)).toEqual([2, 30, 2, 35]);
    expect(td.taskRoleArn?.value).toBe('arn:aws:iam::<unknown>:role/api-task');
    expect(at(td.taskRoleArn?.src)).toEqual([3, 30, 3, 51]);
    expect(at(td.executionRoleArn?.src)).toEqual([4, 30, 4, 71]);
    expect([td.networkMode.value, at(td.networkMode.src)]).toEqual(['awsvpc', [5, 30, 5, 38]]);
    expect([td.requiresCompatibilities.value, at(td.requiresCompatibilities.src)]).toEqual([
      ['FARGATE'],
      [6, 30, 6, 41],
    ]);
    expect(at(td.pidMode?.src)).toEqual([7, 30, 7, 36]);
    expect([td.osFamily.value, td.osFamily.origin, at(td.osFamily.src)]).toEqual([
      'LINUX',
      'explicit',
      [18, 31, 18, 38],
    ]);
  });

  it('containers from jsonencode keep their HCL positions', () => {
    expect(at(c.src)).toEqual([9, 5, 15, 6]);
    expect(at(c.name.src)).toEqual([10, 20, 10, 25]);
    expect(at(c.image.src)).toEqual([11, 20, 11, 27]);
    expect([c.privileged.value, at(c.privileged.src)]).toEqual([false, [12, 20, 12, 25]]);
    expect(at(c.user?.src)).toEqual([13, 20, 13, 26]);
    expect(c.readonlyRootFilesystem).toMatchObject({ value: false, origin: 'default' });
    expect(at(c.readonlyRootFilesystem.src)).toEqual([9, 5, 15, 6]);
    expect(c.linuxParameters?.capabilitiesDrop.map((v) => [v.value, at(v.src)])).toEqual([
      ['ALL', [14, 52, 14, 57]],
    ]);
    expect(td.shapeCheck).toMatchObject({ shape: 'ContainerDefinitions', options: { nullAsAbsent: true } });
    expect(at(td.shapeCheck?.node.src)).toEqual([8, 38, 16, 4]);
  });

  it('volume blocks', () => {
    expect(td.volumes.map((v) => [v.name.value, at(v.src)])).toEqual([
      ['v', [20, 3, 23, 4]],
      ['efs', [24, 3, 30, 4]],
    ]);
    expect([td.volumes[0]?.hostSourcePath?.value, at(td.volumes[0]?.hostSourcePath?.src)]).toEqual([
      '/var/run/docker.sock',
      [22, 17, 22, 39],
    ]);
    const efs = td.volumes[1]?.efs;
    expect(at(efs?.src)).toEqual([26, 5, 29, 6]);
    expect([efs?.transitEncryption.value, at(efs?.transitEncryption.src)]).toEqual([
      'ENABLED',
      [28, 28, 28, 37],
    ]);
    expect(at(efs?.fileSystemId?.src)).toEqual([27, 28, 27, 34]);
  });

  it('service: references joined by synthetic ARNs, assign_public_ip bool → ENABLED', () => {
    const s = state.aws.ecs.services[0]!;
    expect(s.ref.address).toBe('aws_ecs_service.web');
    expect(at(s.src)).toEqual([33, 1, 43, 2]);
    expect([s.name.value, at(s.name.src)]).toEqual(['web', [34, 28, 34, 33]]);
    expect(s.cluster.value).toBe('arn:aws:ecs:<unknown>:<unknown>:cluster/main');
    expect(at(s.cluster.src)).toEqual([35, 28, 35, 51]);
    expect(s.taskDefinition?.value).toBe('arn:aws:ecs:<unknown>:<unknown>:task-definition/api');
    expect([s.enableExecuteCommand.value, at(s.enableExecuteCommand.src)]).toEqual([true, [37, 28, 37, 32]]);
    expect(at(s.awsvpc?.src)).toEqual([38, 3, 42, 4]);
    expect(s.awsvpc?.subnets.map((v) => at(v.src))).toEqual([[39, 25, 39, 35]]);
    expect(at(s.awsvpc?.securityGroupsSrc)).toEqual([40, 24, 40, 32]);
    expect([s.awsvpc?.assignPublicIp.value, at(s.awsvpc?.assignPublicIp.src)]).toEqual([
      'ENABLED',
      [41, 24, 41, 28],
    ]);
  });

  it('cluster: settings and exec configuration; absent ones default at the block', () => {
    const [main, bare] = state.aws.ecs.clusters;
    expect([main?.containerInsights.value, at(main?.containerInsights.src)]).toEqual([
      'enabled',
      [49, 13, 49, 22],
    ]);
    expect([main?.execLogging.value, at(main?.execLogging.src)]).toEqual(['OVERRIDE', [53, 17, 53, 27]]);
    expect(at(main?.execLogDestination?.src)).toEqual([54, 7, 56, 8]);
    expect(at(main?.execLogDestination?.cloudWatchLogGroupName?.src)).toEqual([55, 38, 55, 44]);
    expect(bare?.name.value).toBe('aws_ecs_cluster.bare');
    expect([
      bare?.containerInsights.value,
      bare?.containerInsights.origin,
      at(bare?.containerInsights.src),
    ]).toEqual(['disabled', 'default', [61, 1, 61, 37]]);
    expect([bare?.execLogging.value, bare?.execLogging.origin]).toEqual(['DEFAULT', 'default']);
  });
});

describe('Terraform IAM adapter lines', () => {
  const { state } = load({
    'main.tf': ECS,
    'iam.tf': `resource "aws_iam_role_policy" "extra" {
  name = "extra"
  role = aws_iam_role.task.id
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
}
EOF
}

resource "aws_iam_policy" "p" {
  name   = "read"
  policy = file("policy.json")
}

resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.p.arn
}
`,
    'policy.json': '{ "Version": "2012-10-17", "Statement": [] }\n',
  });
  const role = state.aws.iam.roles[0]!;

  it('role: address, synthetic ARN, trust and inline policies', () => {
    expect(role.ref).toEqual({
      kind: 'IAMRole',
      name: 'api-task',
      namespace: null,
      address: 'aws_iam_role.task',
    });
    expect(role.arn).toBe('arn:aws:iam::<unknown>:role/api-task');
    expect(at(role.src)).toEqual([63, 1, 73, 2]);
    expect(at(role.trustPolicy?.src)).toEqual([65, 35, 68, 4]);
    expect(role.trustPolicy?.document).toMatchObject({ Statement: [{ Action: 'sts:AssumeRole' }] });
    expect(role.complete).toBe(false);
  });

  it('inline_policy blocks and aws_iam_role_policy (heredoc JSON) join the role', () => {
    expect(role.inlinePolicies.map((p) => [p.id, at(p.src), p.src.file])).toEqual([
      ['inline:logs', [71, 25, 71, 122], 'main.tf'],
      ['inline:extra', [4, 12, 9, 4], 'iam.tf'],
    ]);
    expect(role.inlinePolicies[1]?.document).toMatchObject({ Statement: [{ Action: 's3:GetObject' }] });
  });

  it('attachments and managed policies', () => {
    expect(role.attachedPolicyArns.map((a) => [a.arn, at(a.src)])).toEqual([
      ['arn:aws:iam::<unknown>:policy/read', [19, 16, 19, 36]],
    ]);
    const p = state.aws.iam.managedPolicies[0]!;
    expect([p.arn, p.ref.address, p.document]).toEqual([
      'arn:aws:iam::<unknown>:policy/read',
      'aws_iam_policy.p',
      { Version: '2012-10-17', Statement: [] },
    ]);
  });
});

describe('Terraform container definitions from JSON text', () => {
  it('heredoc JSON points into the .tf lines, file() JSON into the JSON file', () => {
    const { state, out } = load({
      'main.tf': `resource "aws_ecs_task_definition" "h" {
  family = "h"
  container_definitions = <<-EOT
    [
      { "name": "a", "image": "a:1", "privileged": true }
    ]
  EOT
}
resource "aws_ecs_task_definition" "f" {
  family                = "f"
  container_definitions = file("\${path.module}/containers.json")
}
`,
      'containers.json': '[\n  { "name": "b", "image": "b:1" }\n]\n',
    });
    expect(out.errors).toEqual([]);
    const [h, f] = state.aws.ecs.taskDefinitions;
    expect(at(h?.containers[0]?.src)).toEqual([5, 7, 5, 58]);
    expect(at(h?.containers[0]?.privileged.src)).toEqual([5, 52, 5, 56]);
    expect(h?.containers[0]?.src.file).toBe('main.tf');
    expect(f?.containers[0]?.src.file).toBe('containers.json');
    expect(at(f?.containers[0]?.image.src)).toEqual([2, 27, 2, 32]);
  });

  it('modules, count, suppressions', () => {
    const { state } = load({
      'main.tf': 'module "a" {\n  source = "./m"\n  n = 2\n}\n',
      'm/main.tf': `variable "n" {}
# hako:ignore ECS-009 bridge on purpose
resource "aws_ecs_task_definition" "t" {
  count  = var.n
  family = "t\${count.index}"
  container_definitions = jsonencode([])
}
`,
    });
    const tds = state.aws.ecs.taskDefinitions;
    expect(tds.map((t) => [t.ref.address, t.family.value, t.src.file])).toEqual([
      ['module.a.aws_ecs_task_definition.t[0]', 't0', 'm/main.tf'],
      ['module.a.aws_ecs_task_definition.t[1]', 't1', 'm/main.tf'],
    ]);
    expect(tds[0]?.suppressions.map((s) => [s.kind, s.rules, s.reason, at(s.src)])).toEqual([
      ['comment', ['ECS-009'], 'bridge on purpose', [2, 1, 2, 40]],
    ]);
  });
});

/**
 * Terraform, CloudFormation and ECS task-definition corpora for bench:compare.
 *
 * Terraform comes as stacks of five files, the layout of a typical root module (variables.tf,
 * iam.tf, ecr.tf, ecs.tf, eks.tf): ECR repositories with lifecycle and repository policies, an ECS
 * cluster, task definition (`jsonencode` container definitions) and service, an EKS cluster with a
 * node group and launch template, IAM roles and policies; settings vary the way they do in
 * practice. CloudFormation templates (YAML with short-form tags, parameters, conditions) carry the
 * same mix. ECS task definitions are `register-task-definition` JSON, one per file. A "document" is a
 * file for Terraform and a template for CloudFormation.
 */
import { ACCOUNT, APPS, Gen, image, REGIONS, TEAMS } from './gen.js';
import type { GeneratedFile } from './k8s.js';

const b = (x: boolean) => (x ? 'true' : 'false');

function tfVariables(g: Gen, s: string, team: string): string {
  return `variable "environment" {
  type        = string
  description = "Deployment environment"
  default     = "${g.pick(['dev', 'staging', 'prod'])}"
}

variable "region" {
  type    = string
  default = "${g.pick(REGIONS)}"
}

variable "vpc_id" {
  type = string
  default = "vpc-0${g.hex(16)}"
}

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0${g.hex(16)}", "subnet-0${g.hex(16)}"]
}

locals {
  name = "${team}-${s}-\${var.environment}"
  tags = {
    Team        = "${team}"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}
`;
}

function tfIam(g: Gen): string {
  const wildcard = g.chance(0.2);
  const passRole = g.chance(0.1);
  return `data "aws_iam_policy_document" "task_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "task" {
  name               = "\${local.name}-task"
  assume_role_policy = data.aws_iam_policy_document.task_assume.json
  tags               = local.tags
}

resource "aws_iam_role" "execution" {
  name               = "\${local.name}-exec"
  assume_role_policy = data.aws_iam_policy_document.task_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_policy" "task" {
  name = "\${local.name}-task"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ${wildcard ? '"s3:*"' : '["s3:GetObject", "s3:PutObject"]'}
        Resource = ${wildcard ? '"*"' : `"arn:aws:s3:::\${local.name}-data/*"`}
      },${
        passRole
          ? `
      {
        Effect   = "Allow"
        Action   = ["iam:PassRole", "iam:CreateRole"]
        Resource = "*"
      },`
          : ''
      }
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = "arn:aws:kms:\${var.region}:${ACCOUNT}:key/${g.hex(8)}-${g.hex(4)}-${g.hex(4)}-${g.hex(4)}-${g.hex(12)}"
      }
    ]
  })
}

resource "aws_iam_role_policy_attachment" "task" {
  role       = aws_iam_role.task.name
  policy_arn = aws_iam_policy.task.arn
}
`;
}

function tfEcr(g: Gen, app: string): string {
  const kms = g.chance(0.4);
  const publicPolicy = g.chance(0.08);
  return `resource "aws_ecr_repository" "${app}" {
  name                 = "\${local.name}/${app}"
  image_tag_mutability = "${g.pick(['MUTABLE', 'IMMUTABLE', 'IMMUTABLE'])}"
  force_delete         = ${b(g.chance(0.2))}

  image_scanning_configuration {
    scan_on_push = ${b(g.chance(0.6))}
  }
${
  kms
    ? `
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = "arn:aws:kms:\${var.region}:${ACCOUNT}:key/${g.hex(8)}"
  }
`
    : ''
}
  tags = local.tags
}

resource "aws_ecr_lifecycle_policy" "${app}" {
  repository = aws_ecr_repository.${app}.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "expire untagged images"
        selection = {
          tagStatus   = "untagged"
          countType   = "sinceImagePushed"
          countUnit   = "days"
          countNumber = ${g.int(1, 14)}
        }
        action = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "keep the last releases"
        selection = {
          tagStatus     = "tagged"
          tagPrefixList = ["v"]
          countType     = "imageCountMoreThan"
          countNumber   = ${g.int(10, 100)}
        }
        action = { type = "expire" }
      }
    ]
  })
}

resource "aws_ecr_repository_policy" "${app}" {
  repository = aws_ecr_repository.${app}.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "pull"
      Effect    = "Allow"
      Principal = ${publicPolicy ? '"*"' : `{ AWS = "arn:aws:iam::${ACCOUNT}:root" }`}
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}
`;
}

function tfEcs(g: Gen, team: string, app: string): string {
  const fargate = g.chance(0.65);
  const cpu = g.pick([256, 512, 1024, 2048]);
  const privileged = !fargate && g.chance(0.2);
  const secretEnv = g.chance(0.15);
  return `resource "aws_ecs_cluster" "this" {
  name = local.name
${
  g.chance(0.6)
    ? `
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
`
    : ''
}${
  g.chance(0.4)
    ? `
  configuration {
    execute_command_configuration {
      logging = "OVERRIDE"
      log_configuration {
        cloud_watch_log_group_name = "/ecs/exec/\${local.name}"
      }
    }
  }
`
    : ''
}}

resource "aws_cloudwatch_log_group" "${app}" {
  name              = "/ecs/\${local.name}/${app}"
  retention_in_days = ${g.pick([7, 30, 90, 365])}
}

resource "aws_ecs_task_definition" "${app}" {
  family                   = "\${local.name}-${app}"
  network_mode             = "${fargate ? 'awsvpc' : g.pick(['bridge', 'host', 'awsvpc'])}"
  requires_compatibilities = ["${fargate ? 'FARGATE' : 'EC2'}"]
  cpu                      = ${cpu}
  memory                   = ${cpu * 2}
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = ${g.chance(0.1) ? 'aws_iam_role.task.arn' : 'aws_iam_role.execution.arn'}
${!fargate && g.chance(0.2) ? '  pid_mode                 = "host"\n' : ''}
  container_definitions = jsonencode([
    {
      name                   = "${app}"
      image                  = "${image(g, team, app)}"
      essential              = true
      privileged             = ${b(privileged)}
      readonlyRootFilesystem = ${b(g.chance(0.5))}
      user                   = "${g.pick(['1000', '10001', 'root', '0'])}"
      portMappings           = [{ containerPort = ${g.pick([80, 8080, 3000])}, protocol = "tcp" }]
      environment = [
        { name = "STAGE", value = var.environment },${secretEnv ? `\n        { name = "DB_PASSWORD", value = "${g.hex(16)}" },` : ''}
        { name = "LOG_LEVEL", value = "${g.pick(['info', 'debug'])}" }
      ]
      secrets = [
        { name = "API_KEY", valueFrom = "arn:aws:secretsmanager:\${var.region}:${ACCOUNT}:secret:${team}/${app}-${g.hex(6)}" }
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = aws_cloudwatch_log_group.${app}.name
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = "${app}"
        }
      }
    }
  ])
${
  g.chance(0.15)
    ? `
  volume {
    name = "efs"
    efs_volume_configuration {
      file_system_id     = "fs-${g.hex(8)}"
      transit_encryption = "${g.pick(['ENABLED', 'DISABLED'])}"
    }
  }
`
    : ''
}
  tags = local.tags
}

resource "aws_ecs_service" "${app}" {
  name                   = "${app}"
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.${app}.arn
  desired_count          = ${g.int(1, 6)}
  launch_type            = "${fargate ? 'FARGATE' : 'EC2'}"
  enable_execute_command = ${b(g.chance(0.3))}
${
  fargate
    ? `
  network_configuration {
    subnets          = var.private_subnet_ids
    assign_public_ip = ${b(g.chance(0.15))}
  }
`
    : ''
}}
`;
}

function tfEks(g: Gen): string {
  const pub = g.chance(0.5);
  const open = pub && g.chance(0.6);
  const logs = g.pick([
    '["api", "audit", "authenticator", "controllerManager", "scheduler"]',
    '["api", "audit"]',
    '[]',
  ]);
  const encrypted = g.chance(0.55);
  const tokens = g.pick(['required', 'required', 'optional']);
  return `resource "aws_iam_role" "cluster" {
  name = "\${local.name}-eks"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "eks.amazonaws.com" }
    }]
  })
}

resource "aws_eks_cluster" "this" {
  name     = local.name
  role_arn = aws_iam_role.cluster.arn
  version  = "1.${g.int(24, 33)}"

  enabled_cluster_log_types = ${logs}

  vpc_config {
    subnet_ids              = var.private_subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = ${b(pub)}
${pub ? `    public_access_cidrs     = ["${open ? '0.0.0.0/0' : `203.0.113.${g.int(0, 255)}/32`}"]\n` : ''}  }
${
  encrypted
    ? `
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:\${var.region}:${ACCOUNT}:key/${g.hex(8)}"
    }
  }
`
    : ''
}
  access_config {
    authentication_mode = "${g.pick(['API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP'])}"
  }

  tags = local.tags
}

resource "aws_launch_template" "nodes" {
  name_prefix = "\${local.name}-nodes-"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "${tokens}"
    http_put_response_hop_limit = ${g.pick([1, 2, 2, 3])}
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = ${g.pick([20, 50, 100])}
      volume_type = "gp3"
      encrypted   = ${b(g.chance(0.8))}
    }
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.cluster.arn
  subnet_ids      = var.private_subnet_ids
  instance_types  = ["${g.pick(['m6i.large', 'm7g.xlarge', 'c6i.2xlarge'])}"]

  scaling_config {
    desired_size = ${g.int(2, 6)}
    min_size     = 1
    max_size     = ${g.int(6, 20)}
  }

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }
${
  g.chance(0.1)
    ? `
  remote_access {
    ec2_ssh_key = "ops"
  }
`
    : ''
}}
`;
}

/** `files` Terraform files, five to a stack directory. */
export function* terraform(files: number, seed = 16_003): Generator<GeneratedFile> {
  const g = new Gen(seed);
  for (let i = 0, s = 0; i < files; s++) {
    const team = g.pick(TEAMS);
    const app = g.pick(APPS);
    const dir = `terraform/${team}-${String(s).padStart(4, '0')}`;
    const parts: [string, string, string[]][] = [
      ['variables.tf', tfVariables(g, String(s), team), []],
      ['iam.tf', tfIam(g), ['aws_iam_role', 'aws_iam_policy']],
      ['ecr.tf', tfEcr(g, app), ['aws_ecr_repository']],
      ['ecs.tf', tfEcs(g, team, app), ['aws_ecs_task_definition', 'aws_ecs_service']],
      ['eks.tf', tfEks(g), ['aws_eks_cluster', 'aws_eks_node_group']],
    ];
    for (const [name, text, kinds] of parts) {
      if (i >= files) break;
      yield { path: `${dir}/${name}`, text, docs: 1, kinds };
      i++;
    }
  }
}

function cfnTemplate(g: Gen, n: number): string {
  const team = g.pick(TEAMS);
  const app = g.pick(APPS);
  const fargate = g.chance(0.6);
  const cpu = g.pick([256, 512, 1024]);
  const pub = g.chance(0.4);
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: ${team} ${app} service stack ${n}
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, staging, prod]
    Default: ${g.pick(['dev', 'staging', 'prod'])}
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ecs-tasks.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${g.chance(0.2) ? "'*'" : '[dynamodb:GetItem, dynamodb:PutItem]'}
                Resource: ${g.chance(0.3) ? "'*'" : `!Sub arn:aws:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${app}`}
  Repository:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: ${team}/${app}-${n}
      ImageTagMutability: ${g.pick(['MUTABLE', 'IMMUTABLE'])}
      ImageScanningConfiguration:
        ScanOnPush: ${b(g.chance(0.6))}
      LifecyclePolicy:
        LifecyclePolicyText: '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":${g.int(1, 14)}},"action":{"type":"expire"}}]}'
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub ${team}-\${Environment}
      ClusterSettings:
        - Name: containerInsights
          Value: ${g.pick(['enabled', 'disabled'])}
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: ${app}-${n}
      NetworkMode: ${fargate ? 'awsvpc' : g.pick(['bridge', 'host'])}
      RequiresCompatibilities: [${fargate ? 'FARGATE' : 'EC2'}]
      Cpu: "${cpu}"
      Memory: "${cpu * 2}"
      TaskRoleArn: !GetAtt TaskRole.Arn
      ExecutionRoleArn: !GetAtt TaskRole.Arn
      ContainerDefinitions:
        - Name: ${app}
          Image: ${image(g, team, app)}
          Essential: true
          Privileged: ${b(!fargate && g.chance(0.2))}
          ReadonlyRootFilesystem: ${b(g.chance(0.5))}
          PortMappings:
            - ContainerPort: ${g.pick([80, 8080])}
          Environment:
            - Name: STAGE
              Value: !Ref Environment${
                g.chance(0.15)
                  ? `
            - Name: DB_PASSWORD
              Value: ${g.hex(12)}`
                  : ''
              }
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: !Sub /ecs/${app}-\${Environment}
              awslogs-region: !Ref AWS::Region
              awslogs-stream-prefix: ${app}
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref TaskDefinition
      DesiredCount: !If [IsProd, ${g.int(2, 6)}, 1]
      LaunchType: ${fargate ? 'FARGATE' : 'EC2'}
      EnableExecuteCommand: ${b(g.chance(0.3))}${
        fargate
          ? `
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: !Ref SubnetIds
          AssignPublicIp: ${g.chance(0.15) ? 'ENABLED' : 'DISABLED'}`
          : ''
      }
  EksCluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Sub ${team}-\${Environment}-${n}
      Version: "1.${g.int(24, 33)}"
      RoleArn: !Sub arn:aws:iam::\${AWS::AccountId}:role/eks-cluster
      ResourcesVpcConfig:
        SubnetIds: !Ref SubnetIds
        EndpointPublicAccess: ${b(pub)}
        EndpointPrivateAccess: true${pub && g.chance(0.5) ? '\n        PublicAccessCidrs: [0.0.0.0/0]' : ''}
      Logging:
        ClusterLogging:
          EnabledTypes:
            - Type: api
            - Type: audit${
              g.chance(0.5)
                ? `
      EncryptionConfig:
        - Resources: [secrets]
          Provider:
            KeyArn: !Sub arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/${g.hex(8)}`
                : ''
            }
Outputs:
  RepositoryUri:
    Value: !GetAtt Repository.RepositoryUri
`;
}

/** `templates` CloudFormation templates, one YAML file each. */
export function* cloudformation(templates: number, seed = 16_004): Generator<GeneratedFile> {
  const g = new Gen(seed);
  for (let n = 0; n < templates; n++) {
    const text = cfnTemplate(g, n);
    const kinds = [
      'AWS::ECR::Repository',
      'AWS::ECS::TaskDefinition',
      'AWS::ECS::Service',
      'AWS::EKS::Cluster',
      'AWS::IAM::Role',
    ];
    yield { path: `cloudformation/stack-${String(n).padStart(5, '0')}.yaml`, text, docs: 1, kinds };
  }
}

/** `count` ECS task definitions, `register-task-definition` JSON, one per file. */
export function* ecsTaskDefinitions(count: number, seed = 16_005): Generator<GeneratedFile> {
  const g = new Gen(seed);
  for (let n = 0; n < count; n++) {
    const team = g.pick(TEAMS);
    const app = g.pick(APPS);
    const fargate = g.chance(0.6);
    const region = g.pick(REGIONS);
    const containers = Array.from({ length: g.int(1, 3) }, (_, i) => {
      const name = i === 0 ? app : g.pick(['log-router', 'envoy', 'datadog-agent', 'aws-otel-collector']);
      const c: Record<string, unknown> = {
        name,
        image:
          i === 0
            ? image(g, team, app)
            : `public.ecr.aws/aws-observability/aws-for-fluent-bit:2.${g.int(28, 34)}.0`,
        essential: i === 0,
        cpu: g.int(1, 4) * 128,
        memoryReservation: g.int(1, 8) * 128,
        portMappings: i === 0 ? [{ containerPort: g.pick([80, 8080, 9000]), protocol: 'tcp' }] : [],
        environment: Array.from({ length: g.int(0, 4) }, (_, e) => ({
          name: `${app.toUpperCase()}_${e}`,
          value: g.hex(10),
        })),
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': `/ecs/${team}/${app}`,
            'awslogs-region': region,
            'awslogs-stream-prefix': name,
          },
        },
      };
      if (g.chance(0.5))
        c.secrets = [
          { name: 'DB_PASSWORD', valueFrom: `arn:aws:ssm:${region}:${ACCOUNT}:parameter/${team}/${app}/db` },
        ];
      if (g.chance(0.1))
        (c.environment as unknown[]).push({ name: 'AWS_SECRET_ACCESS_KEY', value: g.hex(40) });
      if (g.chance(0.5)) {
        c.user = g.pick(['1000', '10001:10001']);
        c.readonlyRootFilesystem = true;
      }
      if (g.chance(0.4)) c.linuxParameters = { initProcessEnabled: true, capabilities: { drop: ['ALL'] } };
      if (!fargate && g.chance(0.15)) c.privileged = true;
      if (!fargate && g.chance(0.1))
        c.mountPoints = [{ sourceVolume: 'docker-sock', containerPath: '/var/run/docker.sock' }];
      if (i === 0 && g.chance(0.6))
        c.healthCheck = {
          command: ['CMD-SHELL', 'curl -f http://localhost/health || exit 1'],
          interval: 30,
          timeout: 5,
          retries: 3,
        };
      return c;
    });
    const td: Record<string, unknown> = {
      family: `${team}-${app}-${n}`,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/${team}-${app}-task`,
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/${team}-${app}-exec`,
      networkMode: fargate ? 'awsvpc' : g.pick(['bridge', 'awsvpc', 'host']),
      requiresCompatibilities: [fargate ? 'FARGATE' : 'EC2'],
      containerDefinitions: containers,
    };
    if (fargate) {
      td.cpu = String(g.pick([256, 512, 1024, 2048]));
      td.memory = String(g.pick([512, 1024, 2048, 4096]));
      td.runtimePlatform = { cpuArchitecture: g.pick(['X86_64', 'ARM64']), operatingSystemFamily: 'LINUX' };
    } else {
      td.volumes = [{ name: 'docker-sock', host: { sourcePath: '/var/run/docker.sock' } }];
      if (g.chance(0.2)) td.pidMode = 'host';
    }
    td.tags = [
      { key: 'team', value: team },
      { key: 'service', value: app },
    ];
    yield {
      path: `ecs/${team}/taskdef-${String(n).padStart(5, '0')}.json`,
      text: `${JSON.stringify(td, null, 2)}\n`,
      docs: 1,
      kinds: ['TaskDefinition'],
    };
  }
}

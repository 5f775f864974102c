/**
 * The IaC benchmark: 500 Terraform `.tf` files and 500 CloudFormation YAML templates (fixed
 * seed, each with an ECS task definition + service, an ECR repository with a lifecycle policy, an
 * EKS cluster and an IAM role), timed end to end through the compiled CLI
 * (`node bin/hako.js scan DIR --format json > /dev/null`, min/median of R runs after one warm-up
 * that checks 0 errors and every file read), next to the parse-only floors in this process: the
 * templates with `yaml` parseAllDocuments, the `.tf` files with the tree-sitter HCL parser alone
 * (hako's own `initHcl()` grammar load, no evaluation). Prints files/second; writes
 * bench/out/iac-results.json.
 *
 *   npm run bench:iac -- [--files N] [--runs R]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { parseAllDocuments } from 'yaml';
import { arg, median, OUT, ROOT, rng } from './_util.js';

const FILES = arg('files', 500);
const RUNS = arg('runs', 3);

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function terraform(i: number, r: () => number): string {
  const fargate = r() < 0.6;
  const cpu = pick(r, [256, 512, 1024, 2048]);
  const mem = cpu * 2;
  const privileged = !fargate && r() < 0.2;
  const readonly = r() < 0.5;
  const mutability = pick(r, ['MUTABLE', 'IMMUTABLE']);
  const keep = 5 + Math.floor(r() * 50);
  const publicEndpoint = r() < 0.4;
  const logTypes = r() < 0.5 ? '["api", "audit", "authenticator"]' : '["api"]';
  const encrypted = r() < 0.5;
  return `resource "aws_iam_role" "task_${i}" {
  name = "task-${i}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
    }]
  })
}

resource "aws_ecs_task_definition" "app_${i}" {
  family                   = "app-${i}"
  network_mode             = "${fargate ? 'awsvpc' : pick(r, ['bridge', 'host', 'awsvpc'])}"
  requires_compatibilities = ["${fargate ? 'FARGATE' : 'EC2'}"]
  cpu                      = "${cpu}"
  memory                   = "${mem}"
  task_role_arn            = aws_iam_role.task_${i}.arn
  container_definitions = jsonencode([
    {
      name                   = "web"
      image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app-${i}:1.${i % 40}"
      essential              = true
      privileged             = ${privileged}
      readonlyRootFilesystem = ${readonly}
      portMappings           = [{ containerPort = ${pick(r, [80, 8080, 3000])}, protocol = "tcp" }]
      environment            = [{ name = "STAGE", value = "${pick(r, ['dev', 'prod'])}" }]
      logConfiguration = {
        logDriver = "awslogs"
        options   = { "awslogs-group" = "/ecs/app-${i}", "awslogs-region" = "eu-west-1", "awslogs-stream-prefix" = "web" }
      }
    }
  ])
}

resource "aws_ecs_service" "app_${i}" {
  name            = "app-${i}"
  cluster         = "cluster-${i % 10}"
  task_definition = aws_ecs_task_definition.app_${i}.arn
  desired_count   = ${1 + Math.floor(r() * 5)}
  launch_type     = "${fargate ? 'FARGATE' : 'EC2'}"
  enable_execute_command = ${r() < 0.3}
${
  fargate
    ? `  network_configuration {
    subnets          = ["subnet-0abc${i % 10}"]
    assign_public_ip = ${r() < 0.2}
  }
`
    : ''
}}

resource "aws_ecr_repository" "repo_${i}" {
  name                 = "app-${i}"
  image_tag_mutability = "${mutability}"
  image_scanning_configuration {
    scan_on_push = ${r() < 0.5}
  }
}

resource "aws_ecr_lifecycle_policy" "repo_${i}" {
  repository = aws_ecr_repository.repo_${i}.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep ${keep}"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = ${keep} }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_eks_cluster" "eks_${i}" {
  name     = "eks-${i}"
  role_arn = aws_iam_role.task_${i}.arn
  version  = "1.${28 + (i % 4)}"
  enabled_cluster_log_types = ${logTypes}
  vpc_config {
    subnet_ids              = ["subnet-0abc1", "subnet-0abc2"]
    endpoint_public_access  = ${publicEndpoint}
    endpoint_private_access = true
  }
${
  encrypted
    ? `  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:123456789012:key/k-${i}"
    }
  }
`
    : ''
}}
`;
}

function cloudformation(i: number, r: () => number): string {
  const fargate = r() < 0.6;
  const cpu = pick(r, [256, 512, 1024, 2048]);
  const readonly = r() < 0.5;
  const keep = 5 + Math.floor(r() * 50);
  const publicEndpoint = r() < 0.4;
  const logging = r() < 0.5 ? '[api, audit, authenticator]' : '[api]';
  return `AWSTemplateFormatVersion: '2010-09-09'
Description: bench template ${i}
Parameters:
  Subnet:
    Type: String
    Default: subnet-0abc${i % 10}
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub 'task-${i}-\${AWS::Region}'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: app-${i}
      NetworkMode: ${fargate ? 'awsvpc' : pick(r, ['bridge', 'host', 'awsvpc'])}
      RequiresCompatibilities: [${fargate ? 'FARGATE' : 'EC2'}]
      Cpu: '${cpu}'
      Memory: '${cpu * 2}'
      TaskRoleArn: !GetAtt TaskRole.Arn
      ContainerDefinitions:
        - Name: web
          Image: !Sub '\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.amazonaws.com/app-${i}:1.${i % 40}'
          Essential: true
          ReadonlyRootFilesystem: ${readonly}
          Privileged: ${!fargate && r() < 0.2}
          PortMappings:
            - ContainerPort: ${pick(r, [80, 8080, 3000])}
          Environment:
            - Name: STAGE
              Value: ${pick(r, ['dev', 'prod'])}
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: /ecs/app-${i}
              awslogs-region: !Ref AWS::Region
              awslogs-stream-prefix: web
  Service:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: app-${i}
      Cluster: cluster-${i % 10}
      TaskDefinition: !Ref TaskDef
      DesiredCount: ${1 + Math.floor(r() * 5)}
      LaunchType: ${fargate ? 'FARGATE' : 'EC2'}
      EnableExecuteCommand: ${r() < 0.3}
${
  fargate
    ? `      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [!Ref Subnet]
          AssignPublicIp: ${r() < 0.2 ? 'ENABLED' : 'DISABLED'}
`
    : ''
}  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: app-${i}
      ImageTagMutability: ${pick(r, ['MUTABLE', 'IMMUTABLE'])}
      ImageScanningConfiguration:
        ScanOnPush: ${r() < 0.5}
      LifecyclePolicy:
        LifecyclePolicyText: |
          {"rules":[{"rulePriority":1,"description":"keep ${keep}","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":${keep}},"action":{"type":"expire"}}]}
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: eks-${i}
      Version: '1.${28 + (i % 4)}'
      RoleArn: !GetAtt TaskRole.Arn
      ResourcesVpcConfig:
        SubnetIds: [!Ref Subnet]
        EndpointPublicAccess: ${publicEndpoint}
        EndpointPrivateAccess: true
      Logging:
        ClusterLogging:
          EnabledTypes: ${logging
            .slice(1, -1)
            .split(', ')
            .map((t) => `\n            - Type: ${t}`)
            .join('')}
${
  r() < 0.5
    ? `      EncryptionConfig:
        - Resources: [secrets]
          Provider:
            KeyArn: !Sub 'arn:aws:kms:\${AWS::Region}:\${AWS::AccountId}:key/k-${i}'
`
    : ''
}Outputs:
  RepoArn:
    Value: !GetAtt Repo.Arn
`;
}

function generate(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) return;
  const r = rng(42);
  for (let i = 0; i < FILES; i++) {
    const d = path.join(dir, `tf-${String(i).padStart(4, '0')}`);
    mkdirSync(d);
    writeFileSync(path.join(d, 'main.tf'), terraform(i, r));
  }
  for (let i = 0; i < FILES; i++)
    writeFileSync(path.join(dir, `cfn-${String(i).padStart(4, '0')}.yaml`), cloudformation(i, r));
}

async function main(): Promise<void> {
  const dir = path.join(OUT, `iac-${FILES}`);
  generate(dir);
  const entries = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  const tfTexts = entries
    .filter((f) => f.endsWith('.tf'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const cfnTexts = entries
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const total = tfTexts.length + cfnTexts.length;
  const bin = path.join(ROOT, 'bin', 'hako.js');
  const args = [bin, 'scan', dir, '--format', 'json'];
  const check = spawnSync(process.execPath, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (check.status !== 0 && check.status !== 1)
    throw new Error(`hako scan exited ${check.status}: ${check.stderr}`);
  const out = JSON.parse(check.stdout) as {
    findings: unknown[];
    errors: unknown[];
    summary: { files: number; resources: number };
  };
  if (out.errors.length > 0)
    throw new Error(`hako scan reported ${out.errors.length} errors, e.g. ${JSON.stringify(out.errors[0])}`);
  if (out.summary.files !== total) throw new Error(`hako scan read ${out.summary.files} of ${total} files`);
  const cliMs = Array.from({ length: RUNS }, () => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'] });
    if (r.status !== 0 && r.status !== 1) throw new Error(`hako scan exited ${r.status}: ${r.stderr}`);
    return performance.now() - t;
  });

  // The same grammar load as src/parse/hcl/syntax.ts initHcl(), then parse only.
  const require = createRequire(import.meta.url);
  await Parser.init();
  const lang = await Language.load(
    require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
  );
  const parser = new Parser();
  parser.setLanguage(lang);
  const timed = (fn: () => void) => {
    fn(); // warm-up
    return Array.from({ length: RUNS }, () => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    });
  };
  const hclMs = timed(() => {
    for (const t of tfTexts) parser.parse(t)?.delete();
  });
  const yamlMs = timed(() => {
    for (const t of cfnTexts) parseAllDocuments(t);
  });

  const rows = [
    ['hako scan (CLI, end to end, .tf + .yaml)', median(cliMs), Math.min(...cliMs), total],
    ['floor: tree-sitter HCL parse (.tf only)', median(hclMs), Math.min(...hclMs), tfTexts.length],
    ['floor: yaml parseAllDocuments (.yaml only)', median(yamlMs), Math.min(...yamlMs), cfnTexts.length],
  ] as const;
  console.log(
    `${tfTexts.length} .tf + ${cfnTexts.length} CloudFormation files; ${out.summary.resources} resources, ${out.findings.length} findings; nproc ${cpus().length}`,
  );
  for (const [name, med, min, n] of rows) {
    console.log(
      `${name.padEnd(46)} median ${Math.round(med)} ms  min ${Math.round(min)} ms  ${Math.round((n / med) * 1000)} files/s`,
    );
  }
  writeFileSync(
    path.join(OUT, 'iac-results.json'),
    `${JSON.stringify(
      {
        tfFiles: tfTexts.length,
        cfnFiles: cfnTexts.length,
        resources: out.summary.resources,
        findings: out.findings.length,
        nproc: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        rows: rows.map(([name, med, min, n]) => ({
          name,
          files: n,
          medianMs: Math.round(med),
          minMs: Math.round(min),
          filesPerSecond: Math.round((n / med) * 1000),
        })),
      },
      null,
      2,
    )}\n`,
  );
}

await main();

/**
 * One resource, one `resource.kind`, whatever the format it is written in: the same task
 * definition, service, repository, EKS cluster and IAM role as AWS CLI JSON (where hako reads
 * it), Terraform, a Terraform plan and CloudFormation. Addresses differ by format (product.md:
 * the family or name, `type.name`, the logical ID); kinds do not, on the model resources, on the
 * schema checks (HAKO-003) and on every finding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type InputText, scan } from '../../src/index.js';
import { loadInputs } from '../../src/load.js';
import { allResources } from '../../src/model/state.js';
import { initHcl } from '../../src/parse/hcl/syntax.js';

type Format = 'json' | 'terraform' | 'plan' | 'cloudformation';

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};
const CONTAINERS = [{ name: 'app', image: 'nginx:1.27', privileged: true, essential: true }];

/** A plan of one resource being created, as `terraform show -json tfplan` prints it. */
function plan(type: string, name: string, after: Record<string, unknown>): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.0',
    resource_changes: [
      {
        address: `${type}.${name}`,
        mode: 'managed',
        type,
        name,
        change: { actions: ['create'], before: null, after, after_unknown: {} },
      },
    ],
  });
}

function cfn(type: string, logicalId: string, props: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  ${logicalId}:\n    Type: ${type}\n    Properties:\n${props
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}\n`;
}

/** `reported`: some rule reports on the resource itself (none does on a role alone). */
const CASES: { kind: string; reported?: false; inputs: Partial<Record<Format, InputText>> }[] = [
  {
    kind: 'TaskDefinition',
    inputs: {
      json: {
        path: 'web.task-definition.json',
        content: JSON.stringify({ family: 'web', containerDefinitions: CONTAINERS }),
      },
      terraform: {
        path: 'main.tf',
        content: `resource "aws_ecs_task_definition" "web" {
  family                = "web"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27", privileged = true, essential = true }])
}
`,
      },
      plan: {
        path: 'tfplan.json',
        content: plan('aws_ecs_task_definition', 'web', {
          family: 'web',
          container_definitions: JSON.stringify(CONTAINERS),
        }),
      },
      cloudformation: {
        path: 'stack.yaml',
        content: cfn(
          'AWS::ECS::TaskDefinition',
          'Web',
          `Family: web
ContainerDefinitions:
  - Name: app
    Image: nginx:1.27
    Privileged: true
    Essential: true`,
        ),
      },
    },
  },
  {
    kind: 'Service',
    inputs: {
      json: {
        path: 'api.service.json',
        content: JSON.stringify({
          cluster: 'prod',
          serviceName: 'api',
          taskDefinition: 'web:1',
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'], assignPublicIp: 'ENABLED' } },
        }),
      },
      terraform: {
        path: 'main.tf',
        content: `resource "aws_ecs_service" "api" {
  name            = "api"
  task_definition = "web:1"
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = true
  }
}
`,
      },
      plan: {
        path: 'tfplan.json',
        content: plan('aws_ecs_service', 'api', {
          name: 'api',
          task_definition: 'web:1',
          launch_type: 'FARGATE',
          network_configuration: [{ subnets: ['subnet-1'], assign_public_ip: true }],
        }),
      },
      cloudformation: {
        path: 'stack.yaml',
        content: cfn(
          'AWS::ECS::Service',
          'Api',
          `ServiceName: api
TaskDefinition: web:1
LaunchType: FARGATE
NetworkConfiguration:
  AwsvpcConfiguration:
    Subnets: [subnet-1]
    AssignPublicIp: ENABLED`,
        ),
      },
    },
  },
  {
    kind: 'Repository',
    inputs: {
      json: {
        path: 'create-repository.json',
        content: JSON.stringify({ repositoryName: 'api', imageTagMutability: 'MUTABLE' }),
      },
      terraform: {
        path: 'main.tf',
        content:
          'resource "aws_ecr_repository" "api" {\n  name                 = "api"\n  image_tag_mutability = "MUTABLE"\n}\n',
      },
      plan: {
        path: 'tfplan.json',
        content: plan('aws_ecr_repository', 'api', { name: 'api', image_tag_mutability: 'MUTABLE' }),
      },
      cloudformation: {
        path: 'stack.yaml',
        content: cfn('AWS::ECR::Repository', 'Api', 'RepositoryName: api\nImageTagMutability: MUTABLE'),
      },
    },
  },
  {
    kind: 'EKSCluster',
    inputs: {
      terraform: {
        path: 'main.tf',
        content: `resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  version  = "1.20"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
}
`,
      },
      plan: {
        path: 'tfplan.json',
        content: plan('aws_eks_cluster', 'prod', {
          name: 'prod',
          role_arn: 'arn:aws:iam::111122223333:role/eks',
          version: '1.20',
          vpc_config: [{ subnet_ids: ['subnet-1', 'subnet-2'], endpoint_public_access: true }],
        }),
      },
      cloudformation: {
        path: 'stack.yaml',
        content: cfn(
          'AWS::EKS::Cluster',
          'Prod',
          `Name: prod
RoleArn: arn:aws:iam::111122223333:role/eks
Version: "1.20"
ResourcesVpcConfig:
  SubnetIds: [subnet-1, subnet-2]`,
        ),
      },
    },
  },
  {
    kind: 'IAMRole',
    reported: false,
    inputs: {
      json: {
        path: 'get-role.json',
        content: JSON.stringify({
          Role: {
            RoleName: 'app',
            Path: '/',
            Arn: 'arn:aws:iam::111122223333:role/app',
            AssumeRolePolicyDocument: TRUST,
          },
        }),
      },
      terraform: {
        path: 'main.tf',
        content: `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode(${JSON.stringify(TRUST).replace(/":/g, '" =')})
}
`,
      },
      plan: {
        path: 'tfplan.json',
        content: plan('aws_iam_role', 'app', { name: 'app', assume_role_policy: JSON.stringify(TRUST) }),
      },
      cloudformation: {
        path: 'stack.yaml',
        content: cfn(
          'AWS::IAM::Role',
          'App',
          `RoleName: app
AssumeRolePolicyDocument:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Principal: { Service: ecs-tasks.amazonaws.com }
      Action: sts:AssumeRole`,
        ),
      },
    },
  },
];

beforeAll(async () => {
  await initHcl();
});

describe('resource.kind is the same in every format', () => {
  for (const c of CASES) {
    it(`${c.kind}: ${Object.keys(c.inputs).join(', ')}`, async () => {
      const seen: Record<string, { resources: string[]; checks: string[]; findings: string[] }> = {};
      for (const [format, input] of Object.entries(c.inputs)) {
        const { state } = loadInputs({ inputs: [input] });
        const result = await scan({ inputs: [input] });
        expect(result.errors, format).toEqual([]);
        seen[format] = {
          resources: [...new Set(allResources(state).map((r) => r.ref.kind))],
          checks: [...new Set(state.inputs.schemaChecks.map((r) => r.ref.kind))],
          findings: [...new Set(result.findings.map((f) => f.resource.kind))],
        };
      }
      // Findings to compare: at least in the formats that can carry one the others cannot.
      if (c.reported !== false)
        expect(Object.values(seen).filter((s) => s.findings.length > 0).length).toBeGreaterThanOrEqual(2);
      const want = { resources: [c.kind], checks: [c.kind], findings: [c.kind] };
      const expected = Object.fromEntries(
        Object.entries(seen).map(([format, s]) => [
          format,
          {
            ...want,
            checks: s.checks.length === 0 ? [] : [c.kind],
            findings: s.findings.length === 0 ? [] : [c.kind],
          },
        ]),
      );
      expect(seen).toEqual(expected);
    });
  }
});

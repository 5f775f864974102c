/**
 * The "Common mistakes in published reference material" table of
 * shared/domain/aws-container-facts.md, as far as a Terraform or CloudFormation file shows them:
 * each row is a minimal file carrying the mistake, run through `scan()` (which awaits `initHcl()`
 * itself), and the rule that must name it. Mistakes no rule sees in IaC yet are `it.todo` with
 * the reason; mistakes that are not about files at all (prose claims, CLI flags, Kubernetes
 * manifests) are not listed.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';

const NOW = new Date('2026-11-28T00:00:00Z');

interface Mistake {
  no: string;
  what: string;
  rule: string;
  files: Record<string, string>;
}

const mistakes: Mistake[] = [
  {
    no: '#1',
    what: 'ssmmessages permissions on the execution role (Terraform)',
    rule: 'ECS-015',
    files: {
      'main.tf': `
resource "aws_iam_role" "execution" {
  name = "web-execution"
}

resource "aws_iam_role_policy" "execution_exec" {
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
      Resource = "*"
    }]
  })
}

resource "aws_ecs_task_definition" "web" {
  family             = "web"
  execution_role_arn = aws_iam_role.execution.arn
  container_definitions = jsonencode([{ name = "web", image = "public.ecr.aws/docker/library/httpd:2.4" }])
}

resource "aws_ecs_service" "web" {
  name                   = "web"
  task_definition        = aws_ecs_task_definition.web.arn
  enable_execute_command = true
}
`,
    },
  },
  {
    no: '#3',
    what: 'emptyDir volume in container_definitions (Terraform)',
    rule: 'ECS-017',
    files: {
      'main.tf': `
resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name     = "worker"
      image    = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/worker:2.0.1"
      emptyDir = {}
    }
  ])
}
`,
    },
  },
  {
    no: '#6',
    what: 'NET_BIND_SERVICE added on Fargate (Terraform)',
    rule: 'ECS-006',
    files: {
      'main.tf': `
resource "aws_ecs_task_definition" "edge" {
  family                   = "edge"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([
    {
      name  = "edge"
      image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/edge:1.0.0"
      linuxParameters = {
        capabilities = { add = ["NET_BIND_SERVICE"], drop = ["ALL"] }
      }
    }
  ])
}
`,
    },
  },
  {
    no: '#10',
    what: 'partial Secrets Manager ARN without the random suffix (CloudFormation)',
    rule: 'ECS-018',
    files: {
      'template.yaml': `
Resources:
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: billing
      ContainerDefinitions:
        - Name: billing
          Image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/billing:3.2.0
          Secrets:
            - Name: DB_PASSWORD
              ValueFrom: arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing/db
`,
    },
  },
  {
    no: '#11',
    what: 'awsvpc with a dynamic host port, HostPort 0 (CloudFormation)',
    rule: 'ECS-017',
    files: {
      'template.yaml': `
Resources:
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: storefront
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: '256'
      Memory: '512'
      ContainerDefinitions:
        - Name: web
          Image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/storefront:5.3.0
          PortMappings:
            - ContainerPort: 8080
              HostPort: 0
`,
    },
  },
  {
    no: '#13',
    what: 'aws-auth mapRoles entry keyed rolesArn (Terraform)',
    rule: 'EKS-009',
    files: {
      'main.tf': `
resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([
      {
        rolesArn = "arn:aws:iam::444455556666:role/cluster-admin"
        username = "cluster-admin"
        groups   = ["system:masters"]
      },
    ])
  }
}
`,
    },
  },
  {
    no: '#15',
    what: 'human access entry typed EC2_LINUX with an access policy (CloudFormation)',
    rule: 'EKS-012',
    files: {
      'template.yaml': `
Resources:
  Developer:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: staging
      PrincipalArn: arn:aws:iam::444455556666:role/dev-team
      Type: EC2_LINUX
      AccessPolicies:
        - PolicyArn: arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy
          AccessScope:
            Type: namespace
            Namespaces: [team-a]
`,
    },
  },
  {
    no: '#16',
    what: 'access policy ARN spelt access-policy (Terraform)',
    rule: 'EKS-012',
    files: {
      'main.tf': `
resource "aws_eks_access_policy_association" "ops" {
  cluster_name  = "staging"
  principal_arn = "arn:aws:iam::444455556666:role/ops"
  policy_arn    = "arn:aws:eks::aws:access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}
`,
    },
  },
  {
    no: '#16',
    what: 'access policy association without a scope (Terraform)',
    rule: 'EKS-012',
    files: {
      'main.tf': `
resource "aws_eks_access_policy_association" "ops" {
  cluster_name  = "staging"
  principal_arn = "arn:aws:iam::444455556666:role/ops"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"
}
`,
    },
  },
  {
    no: '#17',
    what: 'access entry on a cluster left at CONFIG_MAP authentication (CloudFormation)',
    rule: 'EKS-012',
    files: {
      'template.yaml': `
Resources:
  Eks:
    Type: AWS::EKS::Cluster
    Properties:
      Name: staging
      RoleArn: !GetAtt ClusterRole.Arn
      ResourcesVpcConfig:
        SubnetIds: [subnet-0123abcd]
  ClusterRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: eks.amazonaws.com }
            Action: sts:AssumeRole
  Ops:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Eks
      PrincipalArn: arn:aws:iam::444455556666:role/ops
`,
    },
  },
  {
    no: '#29',
    what: 'encryption_config { enable = true } (Terraform)',
    rule: 'EKS-003',
    files: {
      'main.tf': `
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::444455556666:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0123abcd", "subnet-0456cdef"]
  }
  encryption_config {
    enable = true
  }
}
`,
    },
  },
  {
    no: '#31',
    what: 'a custom control-plane log group EKS never writes to (Terraform)',
    rule: 'EKS-014',
    files: {
      'main.tf': `
resource "aws_cloudwatch_log_group" "control_plane" {
  name              = "/aws/eks/main/audit"
  retention_in_days = 90
}
`,
    },
  },
  {
    no: '#32',
    what: 'RUNTIME_MONITORING and EKS_RUNTIME_MONITORING both enabled (CloudFormation)',
    rule: 'EKS-013',
    files: {
      'template.yaml': `
Resources:
  Detector:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: true
      Features:
        - Name: EKS_AUDIT_LOGS
          Status: ENABLED
        - Name: RUNTIME_MONITORING
          Status: ENABLED
        - Name: EKS_RUNTIME_MONITORING
          Status: ENABLED
`,
    },
  },
  {
    no: '#40',
    what: 'Inspector event pattern with a made-up detail-type and field paths (CloudFormation)',
    rule: 'EKS-016',
    files: {
      'template.yaml': `
Resources:
  ImageFindings:
    Type: AWS::Events::Rule
    Properties:
      EventPattern:
        source: [aws.inspector2]
        detail-type: [Inspector2 Finding - Severity Change]
        detail:
          finding:
            severity: [HIGH, CRITICAL]
          resource:
            type: [AWS_ECR_IMAGE]
`,
    },
  },
  {
    no: '#42',
    what: 'replication filter written as prefix-list with filterValues (CloudFormation)',
    rule: 'ECR-008',
    files: {
      'template.yaml': `
Resources:
  Replication:
    Type: AWS::ECR::ReplicationConfiguration
    Properties:
      ReplicationConfiguration:
        Rules:
          - Destinations:
              - Region: eu-central-1
                RegistryId: '444455556666'
            RepositoryFilters:
              - Filter: prefix-list
                FilterValues: [prod, staging]
`,
    },
  },
  {
    no: '#43',
    what: 'destination registry policy granting pull actions, no Resource (CloudFormation)',
    rule: 'ECR-008',
    files: {
      'template.yaml': `
Resources:
  DestinationPolicy:
    Type: AWS::ECR::RegistryPolicy
    Properties:
      PolicyText:
        Version: '2012-10-17'
        Statement:
          - Sid: Replication
            Effect: Allow
            Principal:
              AWS: arn:aws:iam::111122223333:root
            Action:
              - ecr:BatchGetImage
              - ecr:GetDownloadUrlForLayer
`,
    },
  },
  {
    no: '#46',
    what: 'keep the last N images per tag prefix (several prefixes in one rule, Terraform)',
    rule: 'ECR-006',
    files: {
      'main.tf': `
resource "aws_ecr_lifecycle_policy" "api" {
  repository = "api"
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 5 images per prefix"
      selection = {
        tagStatus     = "tagged"
        tagPrefixList = ["release", "hotfix", "rc"]
        countType     = "imageCountMoreThan"
        countNumber   = 5
      }
      action = { type = "expire" }
    }]
  })
}
`,
    },
  },
  {
    no: '(lifecycle)',
    what: 'the tagStatus any rule is not the last rule (CloudFormation)',
    rule: 'ECR-006',
    files: {
      'template.yaml': `
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageTagMutability: IMMUTABLE
      LifecyclePolicy:
        LifecyclePolicyText: |
          {"rules":[
            {"rulePriority":1,"selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":50},"action":{"type":"expire"}},
            {"rulePriority":2,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":7},"action":{"type":"expire"}}
          ]}
`,
    },
  },
  {
    no: '#47',
    what: 'MUTABLE_WITH_EXCLUSION read as immutable (Terraform)',
    rule: 'ECR-001',
    files: {
      'main.tf': `
resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "MUTABLE_WITH_EXCLUSION"
  image_tag_mutability_exclusion_filter {
    filter      = "release-*"
    filter_type = "WILDCARD"
  }
}
`,
    },
  },
  {
    no: '#7',
    what: 'readonlyRootFilesystem combined with ECS Exec (CloudFormation)',
    rule: 'ECS-021',
    files: {
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: '256'
      Memory: '512'
      ContainerDefinitions:
        - Name: api
          Image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2
          ReadonlyRootFilesystem: true
          LinuxParameters:
            InitProcessEnabled: true
  Service:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: api
      TaskDefinition: !Ref TaskDefinition
      EnableExecuteCommand: true
`,
    },
  },
  {
    no: '#9',
    what: 'execution role with only Secrets Manager and KMS actions for a Parameter Store secret (CloudFormation)',
    rule: 'ECS-016',
    files: {
      'template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ecs-tasks.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: secrets
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [secretsmanager:GetSecretValue, kms:Decrypt]
                Resource: '*'
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      ExecutionRoleArn: !GetAtt ExecutionRole.Arn
      ContainerDefinitions:
        - Name: api
          Image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2
          Secrets:
            - Name: DB_PASSWORD
              ValueFrom: arn:aws:ssm:us-east-1:111122223333:parameter/api/db-password
`,
    },
  },
  {
    no: '#29',
    what: 'encryption_config { enable = true } is not an argument (Terraform provider schema)',
    rule: 'HAKO-003',
    files: {
      'main.tf': `
resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
  encryption_config {
    enable    = true
    resources = ["secrets"]
  }
}
`,
    },
  },
  {
    no: '#31',
    what: 'a logging_service_configuration block does not exist (Terraform provider schema)',
    rule: 'HAKO-003',
    files: {
      'main.tf': `
resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
  logging_service_configuration {
    cloudwatch_logs_log_group_arn = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/eks/production/audit"
  }
}
`,
    },
  },
];

describe('mistakes from published reference material, in Terraform and CloudFormation', () => {
  for (const m of mistakes) {
    it(`${m.no} ${m.what} → ${m.rule}`, async () => {
      const result = await scan({
        inputs: Object.entries(m.files).map(([path, content]) => ({ path, content })),
        rules: [m.rule],
        now: NOW,
      });
      const unreadable = result.findings.filter((f) => f.ruleId === 'HAKO-001');
      expect(unreadable.map((f) => f.message)).toEqual([]);
      expect(result.findings.filter((f) => f.ruleId === m.rule).length).toBeGreaterThan(0);
    });
  }

  it('#37/#39 aws_inspector2_enabler with resource_types ECR_IMG_REPOSITORY and without account_ids → HAKO-003', async () => {
    const result = await scan({
      inputs: [
        {
          path: 'main.tf',
          content: `resource "aws_inspector2_enabler" "ecr" {
  resource_types = ["ECR_IMG_REPOSITORY"]
}
`,
        },
      ],
      rules: ['HAKO-003'],
      now: NOW,
    });
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.startLine}: ${f.message}`)).toEqual([
      'HAKO-003 1: aws_inspector2_enabler: the argument "account_ids" is required, but no definition was found',
      'HAKO-003 2: aws_inspector2_enabler: expected "resource_types" to be one of "EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY", got "ECR_IMG_REPOSITORY"',
    ]);
  });
});

/**
 * Terraform resources against the AWS provider schema: each case is a `.tf` file read by the
 * Terraform adapter (so the layout and the evaluated body are the real ones) and the exact
 * problems, by kind, line and message.
 */
import { describe, expect, it } from 'vitest';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { layoutOf } from '../../adapters/terraform/schema.js';
import { emptyState } from '../../model/state.js';
import { initHcl, parseHcl } from '../../parse/hcl/syntax.js';
import { scan } from '../../scan.js';
import { validateResource } from './index.js';
import { loadTfSchemas, validateTerraform } from './terraform.js';

await initHcl();

type Expected = [kind: string, line: number, message: string, suggestion?: string];

function problems(tf: string): Expected[] {
  const state = emptyState();
  adaptTerraform([{ display: 'main.tf', text: tf }], state);
  return state.inputs.schemaChecks.flatMap((c) =>
    validateResource(c).map((p): Expected => {
      const row: Expected = [p.kind, p.src.startLine, p.message];
      if (p.suggestion !== undefined) row.push(p.suggestion);
      return row;
    }),
  );
}

const EKS = (body: string) => `resource "aws_eks_cluster" "c" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
${body}
}
`;

const cases: [name: string, tf: string, expected: Expected[]][] = [
  ['a valid cluster', EKS(''), []],
  [
    'encryption_config { enable = true } (no such argument; provider and resources missing)',
    EKS(`  encryption_config {
    enable = true
  }`),
    [
      ['unknown-key', 8, 'aws_eks_cluster.encryption_config: unsupported argument "enable"'],
      [
        'missing-required',
        7,
        'aws_eks_cluster.encryption_config: the argument "resources" is required, but no definition was found',
      ],
      [
        'missing-required',
        7,
        'aws_eks_cluster.encryption_config: a "provider" block is required, but none was found',
      ],
    ],
  ],
  [
    'a valid encryption_config',
    EKS(`  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/abc"
    }
  }`),
    [],
  ],
  [
    'encryption_config resources outside the enum (each element checked)',
    EKS(`  encryption_config {
    resources = ["secrets", "configmaps"]
    provider {
      key_arn = "k"
    }
  }`),
    [
      [
        'invalid-enum',
        8,
        'aws_eks_cluster.encryption_config: expected "resources" to be one of "secrets", got "configmaps"',
      ],
    ],
  ],
  [
    'logging_service_configuration is not a block of aws_eks_cluster',
    EKS(`  logging_service_configuration {
    enabled = true
  }`),
    [['unknown-key', 7, 'aws_eks_cluster: unsupported block type "logging_service_configuration"']],
  ],
  [
    'a block written as an argument (vpc_config = {…}) and the required block then missing',
    `resource "aws_eks_cluster" "c" {
  name     = "prod"
  role_arn = "r"
  vpc_config = {
    subnet_ids = ["subnet-1"]
  }
}
`,
    [
      [
        'wrong-type',
        4,
        'aws_eks_cluster: unsupported argument "vpc_config": "vpc_config" is a block, written without "=" (vpc_config { … })',
      ],
      ['missing-required', 1, 'aws_eks_cluster: a "vpc_config" block is required, but none was found'],
    ],
  ],
  [
    'an argument written as a block (tags { … })',
    `resource "aws_ecr_repository" "r" {
  name = "api"
  tags {
    team = "a"
  }
}
`,
    [
      [
        'wrong-type',
        3,
        'aws_ecr_repository: unsupported block type "tags": "tags" is an argument, written with "=" (tags = …)',
      ],
    ],
  ],
  [
    'a computed-only attribute written (arn = …)',
    `resource "aws_ecr_repository" "r" {
  name = "api"
  arn  = "arn:aws:ecr:eu-west-1:111122223333:repository/api"
}
`,
    [
      [
        'invalid-value',
        3,
        `aws_ecr_repository: can't configure a value for "arn": its value is decided by the provider when the resource is applied (a read-only attribute)`,
      ],
    ],
  ],
  [
    'image_tag_mutability = "IMUTABLE" (MUTABLE and IMMUTABLE equally close: the one keeping the first letter)',
    `resource "aws_ecr_repository" "r" {
  name                 = "api"
  image_tag_mutability = "IMUTABLE"
}
`,
    [
      [
        'invalid-enum',
        3,
        'aws_ecr_repository: expected "image_tag_mutability" to be one of "MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION", got "IMUTABLE"',
        'IMMUTABLE',
      ],
    ],
  ],
  [
    'enum values are case-sensitive (did you mean the upper-case one)',
    `resource "aws_ecr_repository" "r" {
  name                 = "api"
  image_tag_mutability = "immutable"
}
`,
    [
      [
        'invalid-enum',
        3,
        'aws_ecr_repository: expected "image_tag_mutability" to be one of "MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION", got "immutable"',
        'IMMUTABLE',
      ],
    ],
  ],
  [
    'a misspelt argument gets a did-you-mean',
    `resource "aws_ecr_repository" "r" {
  name        = "api"
  force_delte = true
}
`,
    [['unknown-key', 3, 'aws_ecr_repository: unsupported argument "force_delte"', 'force_delete']],
  ],
  [
    'a misspelt block gets a did-you-mean',
    `resource "aws_ecr_repository" "r" {
  name = "api"
  image_scaning_configuration {
    scan_on_push = true
  }
}
`,
    [
      [
        'unknown-key',
        3,
        'aws_ecr_repository: unsupported block type "image_scaning_configuration"',
        'image_scanning_configuration',
      ],
    ],
  ],
  [
    'aws_eks_access_entry type = "ADMIN"',
    `resource "aws_eks_access_entry" "a" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/admin"
  type          = "ADMIN"
}
`,
    [
      [
        'invalid-enum',
        4,
        'aws_eks_access_entry: expected "type" to be one of "EC2", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX", "STANDARD", got "ADMIN"',
      ],
    ],
  ],
  [
    'aws_inspector2_enabler: invalid resource type and missing account_ids',
    `resource "aws_inspector2_enabler" "e" {
  resource_types = ["ECR_IMG_REPOSITORY"]
}
`,
    [
      [
        'invalid-enum',
        2,
        'aws_inspector2_enabler: expected "resource_types" to be one of "EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY", got "ECR_IMG_REPOSITORY"',
      ],
      [
        'missing-required',
        1,
        'aws_inspector2_enabler: the argument "account_ids" is required, but no definition was found',
      ],
    ],
  ],
  [
    'aws_inspector2_enabler valid (CODE_REPOSITORY is in this provider version)',
    `resource "aws_inspector2_enabler" "e" {
  account_ids    = ["111122223333"]
  resource_types = ["ECR", "CODE_REPOSITORY"]
}
`,
    [],
  ],
  [
    'aws_ecs_task_definition network_mod (did you mean network_mode)',
    `resource "aws_ecs_task_definition" "t" {
  family                = "api"
  container_definitions = "[]"
  network_mod           = "awsvpc"
}
`,
    [['unknown-key', 4, 'aws_ecs_task_definition: unsupported argument "network_mod"', 'network_mode']],
  ],
  [
    'aws_ecs_task_definition network_mode outside the enum',
    `resource "aws_ecs_task_definition" "t" {
  family                = "api"
  container_definitions = "[]"
  network_mode          = "awsvcp"
}
`,
    [
      [
        'invalid-enum',
        4,
        'aws_ecs_task_definition: expected "network_mode" to be one of "bridge", "host", "awsvpc", "none", got "awsvcp"',
        'awsvpc',
      ],
    ],
  ],
  [
    'requires_compatibilities: each element checked',
    `resource "aws_ecs_task_definition" "t" {
  family                   = "api"
  container_definitions    = "[]"
  requires_compatibilities = ["FARGATE", "fargate"]
}
`,
    [
      [
        'invalid-enum',
        4,
        'aws_ecs_task_definition: expected "requires_compatibilities" to be one of "EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES", got "fargate"',
        'FARGATE',
      ],
    ],
  ],
  [
    'missing required arguments of the resource, at its first line',
    `resource "aws_ecs_task_definition" "t" {
  cpu = "256"
}
`,
    [
      [
        'missing-required',
        1,
        'aws_ecs_task_definition: the argument "container_definitions" is required, but no definition was found',
      ],
      [
        'missing-required',
        1,
        'aws_ecs_task_definition: the argument "family" is required, but no definition was found',
      ],
    ],
  ],
  [
    'too many blocks (max_items 1): the second one',
    `resource "aws_ecs_task_definition" "t" {
  family                = "api"
  container_definitions = "[]"
  runtime_platform {
    cpu_architecture = "ARM64"
  }
  runtime_platform {
    cpu_architecture = "X86_64"
  }
}
`,
    [
      [
        'invalid-value',
        7,
        'aws_ecs_task_definition: too many "runtime_platform" blocks: no more than 1 allowed',
      ],
    ],
  ],
  [
    'nested enum inside volume { efs_volume_configuration { … } }',
    `resource "aws_ecs_task_definition" "t" {
  family                = "api"
  container_definitions = "[]"
  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id     = "fs-1"
      transit_encryption = "ENABLE"
    }
  }
}
`,
    [
      [
        'invalid-enum',
        8,
        'aws_ecs_task_definition.volume.efs_volume_configuration: expected "transit_encryption" to be one of "ENABLED", "DISABLED", got "ENABLE"',
        'ENABLED',
      ],
    ],
  ],
  [
    'a list where a string belongs',
    `resource "aws_ecr_repository" "r" {
  name = ["api"]
}
`,
    [['wrong-type', 2, 'aws_ecr_repository: "name" must be a string, not a list']],
  ],
  [
    'jsonencode() and a policy document .json are strings (the evaluated body holds their structure)',
    `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}
locals {
  doc = jsonencode({ Version = "2012-10-17", Statement = [] })
}
resource "aws_iam_role" "r" {
  name               = "task"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.name
  policy = local.doc
}
resource "aws_ecs_task_definition" "t" {
  family                = "api"
  container_definitions = jsonencode([{ name = "api", image = "api:1" }])
}
`,
    [],
  ],
  [
    'a literal object where a string belongs, also in parentheses',
    `resource "aws_iam_role_policy" "p" {
  role   = "task"
  policy = ({ Version = "2012-10-17" })
}
`,
    [['wrong-type', 3, 'aws_iam_role_policy: "policy" must be a string, not an object']],
  ],
  [
    'a string where a list belongs',
    `resource "aws_inspector2_enabler" "e" {
  account_ids    = "111122223333"
  resource_types = ["ECR"]
}
`,
    [['wrong-type', 2, 'aws_inspector2_enabler: "account_ids" must be a set of string, not a string']],
  ],
  [
    'an object in a list of strings',
    `resource "aws_inspector2_enabler" "e" {
  account_ids    = [{ id = "111122223333" }]
  resource_types = ["ECR"]
}
`,
    [
      [
        'wrong-type',
        2,
        'aws_inspector2_enabler: each element of "account_ids" must be a string, not an object',
      ],
    ],
  ],
  [
    'HCL converts scalars: a number or "true" string for a bool, a numeric string for a number are fine',
    `resource "aws_ecr_repository" "r" {
  name         = 42
  force_delete = "true"
}
resource "aws_cloudwatch_log_group" "l" {
  retention_in_days = "30"
}
`,
    [],
  ],
  [
    'a string that cannot be a bool or a number',
    `resource "aws_ecr_repository" "r" {
  name         = "api"
  force_delete = "yes"
}
resource "aws_cloudwatch_log_group" "l" {
  retention_in_days = "a month"
}
`,
    [
      ['wrong-type', 3, 'aws_ecr_repository: "force_delete" must be a bool, not "yes"'],
      ['wrong-type', 6, 'aws_cloudwatch_log_group: "retention_in_days" must be a number, not "a month"'],
    ],
  ],
  [
    'retention_in_days outside the allowed numbers (a numeric string compared as a number)',
    `resource "aws_cloudwatch_log_group" "a" {
  retention_in_days = 45
}
resource "aws_cloudwatch_log_group" "b" {
  retention_in_days = "30"
}
`,
    [
      [
        'invalid-enum',
        2,
        'aws_cloudwatch_log_group: expected "retention_in_days" to be one of 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 45',
      ],
    ],
  ],
  [
    'a map argument given a list',
    `resource "aws_ecr_repository" "r" {
  name = "api"
  tags = ["a"]
}
`,
    [['wrong-type', 3, 'aws_ecr_repository: "tags" must be a map of string, not a list']],
  ],
  [
    'meta-arguments and meta-blocks are always accepted',
    `resource "aws_ecr_repository" "r" {
  count      = 1
  provider   = aws.west
  depends_on = [aws_kms_key.k]
  name       = "api"
  lifecycle {
    prevent_destroy = true
  }
  provisioner "local-exec" {
    command = "echo"
  }
  timeouts {
    delete = "5m"
  }
}
`,
    [],
  ],
  [
    'for_each with several instances: one check per block written',
    `resource "aws_ecr_repository" "r" {
  for_each   = toset(["a", "b"])
  name       = each.key
  image_tag_mutability = "IMUTABLE"
}
`,
    [
      [
        'invalid-enum',
        4,
        'aws_ecr_repository: expected "image_tag_mutability" to be one of "MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION", got "IMUTABLE"',
        'IMMUTABLE',
      ],
    ],
  ],
  [
    'unresolved values are never reported',
    `variable "mode" {}
variable "types" {}
resource "aws_ecs_task_definition" "t" {
  family                   = var.family_name
  container_definitions    = file("missing.json")
  network_mode             = var.mode
  requires_compatibilities = var.types
}
`,
    [],
  ],
  [
    'a dynamic block of a known type: content not checked, min_items satisfied',
    `resource "aws_eks_cluster" "c" {
  name     = "prod"
  role_arn = "r"
  dynamic "vpc_config" {
    for_each = var.vpcs
    content {
      subnet_ids = vpc_config.value
      nonsense   = true
    }
  }
}
`,
    [],
  ],
  [
    'a dynamic block of an unknown type',
    EKS(`  dynamic "encryption" {
    for_each = var.keys
    content {
      resources = ["secrets"]
    }
  }`),
    [['unknown-key', 7, 'aws_eks_cluster: unsupported block type "encryption" (in dynamic)']],
  ],
  [
    'lifecycle is only a meta-block at the top level',
    EKS(`  access_config {
    lifecycle {
      ignore_changes = []
    }
  }`),
    [['unknown-key', 8, 'aws_eks_cluster.access_config: unsupported block type "lifecycle"']],
  ],
  [
    'a required block with min_items > 1 in a nested block (node group scaling_config)',
    `resource "aws_eks_node_group" "n" {
  cluster_name  = "prod"
  node_role_arn = "r"
  subnet_ids    = ["s"]
  scaling_config {
    desired_size = 1
    max_size     = 2
  }
  taint {
    key    = "dedicated"
    effect = "NoSchedule"
  }
}
`,
    [
      [
        'missing-required',
        5,
        'aws_eks_node_group.scaling_config: the argument "min_size" is required, but no definition was found',
      ],
      [
        'invalid-enum',
        11,
        'aws_eks_node_group.taint: expected "effect" to be one of "NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE", got "NoSchedule"',
        'NO_SCHEDULE',
      ],
    ],
  ],
  [
    'the framework resource aws_eks_pod_identity_association: id is computed-only',
    `resource "aws_eks_pod_identity_association" "p" {
  cluster_name    = "prod"
  namespace       = "default"
  service_account = "app"
  role_arn        = "arn:aws:iam::111122223333:role/app"
  id              = "x"
}
`,
    [
      [
        'invalid-value',
        6,
        `aws_eks_pod_identity_association: can't configure a value for "id": its value is decided by the provider when the resource is applied (a read-only attribute)`,
      ],
    ],
  ],
  [
    'kubernetes_* resources (another provider) are not checked',
    `resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  no_such_argument = true
}
`,
    [],
  ],
  [
    'the guardduty feature enums',
    `resource "aws_guardduty_detector_feature" "f" {
  detector_id = "d"
  name        = "EKS_RUNTIME_MONITORING"
  status      = "ON"
  additional_configuration {
    name   = "EKS_ADDON_MANAGEMENT"
    status = "ENABLED"
  }
}
`,
    [
      [
        'invalid-enum',
        4,
        'aws_guardduty_detector_feature: expected "status" to be one of "ENABLED", "DISABLED", got "ON"',
      ],
    ],
  ],
  [
    'region is an argument of regional resources, not of IAM',
    `resource "aws_ecr_repository" "r" {
  name   = "api"
  region = "eu-west-1"
}
resource "aws_iam_role" "r" {
  name               = "x"
  assume_role_policy = "{}"
  region             = "eu-west-1"
}
`,
    [['unknown-key', 8, 'aws_iam_role: unsupported argument "region"']],
  ],
];

describe('validateTerraform (through the Terraform adapter)', () => {
  it.each(cases)('%s', (_name, tf, expected) => {
    expect(problems(tf)).toEqual(expected);
  });
});

describe('validateTerraform directly', () => {
  it('returns nothing for a type the schema file does not have', () => {
    const file = parseHcl('x.tf', 'resource "aws_s3_bucket" "b" {\n  nonsense = 1\n}\n');
    const block = file.blocks[0]!;
    const node = { kind: 'map' as const, entries: [], src: block.src };
    expect(validateTerraform('aws_s3_bucket', layoutOf(block), node)).toEqual([]);
  });

  it('the schema file has every adapted type, and the facts the domain notes rely on', () => {
    const s = loadTfSchemas();
    expect(s.source).toBe('hashicorp/terraform-provider-aws');
    expect(Object.keys(s.resources)).toHaveLength(24);
    const enc = s.resources.aws_eks_cluster?.blocks?.encryption_config;
    expect(Object.keys(enc?.block.attributes ?? {})).toEqual(['resources']);
    expect(Object.keys(enc?.block.blocks ?? {})).toEqual(['provider']);
    expect(enc?.block.blocks?.provider?.block.attributes?.key_arn?.required).toBe(true);
    expect(s.resources.aws_eks_cluster?.blocks?.logging_service_configuration).toBeUndefined();
    const enabler = s.resources.aws_inspector2_enabler?.attributes;
    expect(enabler?.account_ids?.required).toBe(true);
    expect(enabler?.resource_types?.enum).toEqual(['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE', 'CODE_REPOSITORY']);
  });
});

describe('positions', () => {
  it('a missing argument or block is reported at the body\'s "{" (as Terraform does), not at the block start', async () => {
    const result = await scan({
      inputs: [
        {
          path: 'main.tf',
          content: `resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  encryption_config {
    provider {
      key_arn = "k"
    }
  }
}
`,
        },
      ],
      now: new Date('2026-11-28T00:00:00Z'),
    });
    // all rules: the service rules reporting defaults at the block start do not hide these
    const mine = result.findings.filter((f) => f.ruleId === 'HAKO-003');
    expect(mine.map((f) => [f.location.startLine, f.location.startColumn, f.message])).toEqual([
      [1, 35, 'aws_eks_cluster: a "vpc_config" block is required, but none was found'],
      [
        4,
        21,
        'aws_eks_cluster.encryption_config: the argument "resources" is required, but no definition was found',
      ],
    ]);
  });

  it('an unknown argument at its name, an unknown block at its start', () => {
    const file = parseHcl(
      'x.tf',
      'resource "aws_ecr_repository" "r" {\n  name = "a"\n    colour = 1\n  paint {\n  }\n}\n',
    );
    const block = file.blocks[0]!;
    const node = { kind: 'map' as const, entries: [], src: block.src };
    expect(
      validateTerraform('aws_ecr_repository', layoutOf(block), node).map((p) => [
        p.src.startLine,
        p.src.startColumn,
        p.src.endColumn,
      ]),
    ).toEqual([
      [3, 5, 11],
      [4, 3, 4],
    ]);
  });
});

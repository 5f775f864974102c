/**
 * `terraform show -json` output through the CLI: alone (a file, or piped on standard input), and
 * beside the `.tf` files it was planned from (findings at the `.tf` lines, one per resource).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hako, ROOT, tempTree } from '../helpers/cli.js';

interface Out {
  findings: {
    ruleId: string;
    location: { file: string; startLine: number };
    resource: { address: string };
  }[];
  errors: { file: string; line: number; message: string }[];
  summary: { files: number; resources: number };
}

const MAIN_TF = `variable "public_cidrs" {
  type = list(string)
}

resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  version  = "1.33"

  vpc_config {
    subnet_ids          = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    public_access_cidrs = var.public_cidrs
  }
}

resource "aws_ecr_repository" "api" {
  name = "payments/api"
}
`;

/** As `terraform plan -var 'public_cidrs=["0.0.0.0/0"]' -out tfplan && terraform show -json tfplan | jq .` prints it (trimmed). */
const PLAN = {
  format_version: '1.2',
  terraform_version: '1.11.4',
  variables: { public_cidrs: { value: ['0.0.0.0/0'] } },
  planned_values: { root_module: {} },
  resource_changes: [
    {
      address: 'aws_ecr_repository.api',
      mode: 'managed',
      type: 'aws_ecr_repository',
      name: 'api',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: {
          encryption_configuration: [],
          force_delete: null,
          image_scanning_configuration: [],
          image_tag_mutability: 'MUTABLE',
          image_tag_mutability_exclusion_filter: [],
          name: 'payments/api',
          region: 'us-east-1',
          tags: null,
          timeouts: null,
        },
        after_unknown: {
          arn: true,
          encryption_configuration: true,
          id: true,
          image_scanning_configuration: true,
          registry_id: true,
          repository_url: true,
          tags_all: true,
        },
        before_sensitive: false,
        after_sensitive: { encryption_configuration: [], image_scanning_configuration: [], tags_all: {} },
      },
    },
    {
      address: 'aws_eks_cluster.prod',
      mode: 'managed',
      type: 'aws_eks_cluster',
      name: 'prod',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: {
          bootstrap_self_managed_addons: true,
          enabled_cluster_log_types: null,
          encryption_config: [],
          name: 'prod',
          region: 'us-east-1',
          role_arn: 'arn:aws:iam::111122223333:role/eks-cluster',
          tags: null,
          timeouts: null,
          version: '1.33',
          vpc_config: [
            {
              endpoint_private_access: false,
              endpoint_public_access: true,
              public_access_cidrs: ['0.0.0.0/0'],
              security_group_ids: null,
              subnet_ids: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
            },
          ],
        },
        after_unknown: {
          access_config: true,
          arn: true,
          certificate_authority: true,
          created_at: true,
          endpoint: true,
          id: true,
          identity: true,
          kubernetes_network_config: true,
          platform_version: true,
          status: true,
          tags_all: true,
          upgrade_policy: true,
          vpc_config: [
            {
              cluster_security_group_id: true,
              public_access_cidrs: [false],
              subnet_ids: [false, false],
              vpc_id: true,
            },
          ],
        },
        before_sensitive: false,
        after_sensitive: {},
      },
    },
  ],
  configuration: {
    provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' } },
    root_module: {
      resources: [
        {
          address: 'aws_ecr_repository.api',
          mode: 'managed',
          type: 'aws_ecr_repository',
          name: 'api',
          provider_config_key: 'aws',
          expressions: { name: { constant_value: 'payments/api' } },
          schema_version: 0,
        },
        {
          address: 'aws_eks_cluster.prod',
          mode: 'managed',
          type: 'aws_eks_cluster',
          name: 'prod',
          provider_config_key: 'aws',
          expressions: {
            name: { constant_value: 'prod' },
            role_arn: { constant_value: 'arn:aws:iam::111122223333:role/eks-cluster' },
            version: { constant_value: '1.33' },
            vpc_config: [
              {
                public_access_cidrs: { references: ['var.public_cidrs'] },
                subnet_ids: { constant_value: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'] },
              },
            ],
          },
          schema_version: 0,
        },
      ],
      variables: { public_cidrs: {} },
    },
  },
  timestamp: '2026-11-28T09:00:00Z',
  applyable: true,
  complete: true,
  errored: false,
};

const planText = `${JSON.stringify(PLAN, null, 2)}\n`;
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

function findings(out: Out, rules: string[]) {
  return out.findings
    .filter((f) => rules.includes(f.ruleId))
    .map(
      (f) =>
        `${f.ruleId} ${f.location.file.split('/').slice(-1)[0]}:${f.location.startLine} ${f.resource.address}`,
    )
    .sort();
}

const RULES = ['EKS-001', 'EKS-002', 'ECR-001'];

describe('hako scan: Terraform plan JSON', () => {
  it('the plan alone: the variable only the plan resolves fires EKS-001, at the plan line', () => {
    const dir = tempTree({ 'tfplan.json': planText });
    const r = hako(['scan', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.errors).toEqual([]);
    expect(findings(out, RULES)).toEqual(
      [
        `ECR-001 tfplan.json:${lineOf(planText, '"image_tag_mutability": "MUTABLE"')} aws_ecr_repository.api`,
        `EKS-001 tfplan.json:${lineOf(planText, '"public_access_cidrs": [')} aws_eks_cluster.prod`,
        `EKS-002 tfplan.json:${lineOf(planText, '"endpoint_private_access": false')} aws_eks_cluster.prod`,
      ].sort(),
    );
  });

  it('piped on standard input: terraform show -json tfplan | hako scan -', () => {
    const r = hako(['scan', '-', '--format', 'json'], { input: planText });
    const out = JSON.parse(r.stdout) as Out;
    expect(findings(out, RULES).map((s) => s.split(' ')[0])).toEqual(['ECR-001', 'EKS-001', 'EKS-002']);
  });

  it('beside its .tf files: the same findings at the .tf lines, each resource once', () => {
    const dir = tempTree({ 'infra/main.tf': MAIN_TF, 'infra/tfplan.json': planText });
    const r = hako(['scan', dir, '--format', 'json']);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.errors).toEqual([]);
    expect(findings(out, RULES)).toEqual(
      [
        // image_tag_mutability is not written: the provider default points at the resource block.
        'ECR-001 main.tf:16 aws_ecr_repository.api',
        'EKS-001 main.tf:12 aws_eks_cluster.prod',
        // endpoint_private_access is not written either: at the vpc_config block.
        'EKS-002 main.tf:10 aws_eks_cluster.prod',
      ].sort(),
    );
  });

  it('the .tf files alone cannot judge the variable (no default): EKS-001 stays silent', () => {
    const dir = tempTree({ 'infra/main.tf': MAIN_TF });
    const out = JSON.parse(hako(['scan', dir, '--format', 'json']).stdout) as Out;
    expect(findings(out, ['EKS-001'])).toEqual([]);
  });
});

describe('hako scan: a plan made by real Terraform (test/fixtures/terraform-plan)', () => {
  const fixture = (name: string) =>
    readFileSync(path.join(ROOT, 'test/fixtures/terraform-plan', name), 'utf8');
  const plan = fixture('tfplan.json');
  const tf = fixture('main.tf');
  const all = (dir: string) => {
    const out = JSON.parse(hako(['scan', dir, '--format', 'json', '--date', '2026-11-28']).stdout) as Out;
    expect(out.errors).toEqual([]);
    return out.findings
      .map(
        (f) =>
          `${f.ruleId} ${f.location.file.split('/').slice(-1)[0]}:${f.location.startLine} ${f.resource.address}`,
      )
      .sort();
  };

  it('alone and beside main.tf: the same findings, moved to the .tf lines', () => {
    const alone = all(tempTree({ 'tfplan.json': plan }));
    const both = all(tempTree({ 'tfplan.json': plan, 'main.tf': tf }));
    const rules = (xs: string[]) => xs.map((x) => `${x.split(' ')[0]} ${x.split(' ')[2]}`).sort();
    expect(rules(both)).toEqual(rules(alone));
    expect(both.every((f) => f.includes(' main.tf:'))).toBe(true);
    expect(both).toEqual(
      expect.arrayContaining([
        // privileged = var.privileged: known only to the plan, reported at the .tf line.
        'ECS-003 main.tf:33 aws_ecs_task_definition.web',
        // task_role_arn and execution_role_arn are the same new role (unknown in the plan).
        'ECS-002 main.tf:27 aws_ecs_task_definition.web',
        'ECS-023 main.tf:43 aws_ecs_cluster.main',
        // public_access_cidrs is known after apply and not written: the default 0.0.0.0/0.
        'EKS-001 main.tf:51 aws_eks_cluster.prod',
        'ECR-001 main.tf:59 aws_ecr_repository.api',
      ]),
    );
    // No schema complaint about what Terraform itself accepted.
    expect(both.filter((f) => f.startsWith('HAKO-') || f.startsWith('ECS-017'))).toEqual([]);
  });
});

/**
 * Terraform modules through the CLI: a resource a module switches off is not reported, one whose
 * count does not resolve is reported with a note, unread module calls are in summary.skipped,
 * shared module blocks say which root, and file() reads nothing outside the scanned tree.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { hako, tempTree } from '../helpers/cli.js';

const EKS_MODULE = `variable "create" { default = true }
variable "other" { default = true }
locals { create = var.create && var.other }
resource "aws_eks_cluster" "this" {
  count    = local.create ? 1 : 0
  name     = "c"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
`;

function scanJson(dir: string, paths = ['.']): ScanResult {
  const r = hako(['scan', ...paths, '--format', 'json'], { cwd: dir });
  expect([0, 1]).toContain(r.code);
  return JSON.parse(r.stdout) as ScanResult;
}

describe('count switched off by a module argument', () => {
  it('create = false: the cluster does not exist, no finding; create = true: findings without a note', () => {
    const off = scanJson(
      tempTree({
        'main.tf': 'module "eks" {\n  source = "./mod"\n  create = false\n}\n',
        'mod/main.tf': EKS_MODULE,
      }),
    );
    expect(off.findings).toEqual([]);
    expect(off.errors).toEqual([]);
    const on = scanJson(
      tempTree({ 'main.tf': 'module "eks" {\n  source = "./mod"\n}\n', 'mod/main.tf': EKS_MODULE }),
    );
    const eks = on.findings.filter((f) => f.ruleId.startsWith('EKS-'));
    expect(eks.map((f) => f.ruleId)).toContain('EKS-004');
    expect(eks.every((f) => f.resource.address === 'module.eks.aws_eks_cluster.this[0]')).toBe(true);
    expect(eks.every((f) => f.related.every((x) => !x.message.includes('may not exist')))).toBe(true);
  });

  it('an unresolved count: the findings stay, each says the resource may not exist', () => {
    const out = scanJson(
      tempTree({
        'main.tf': 'variable "create" {}\nmodule "eks" {\n  source = "./mod"\n  create = var.create\n}\n',
        'mod/main.tf': EKS_MODULE,
      }),
    );
    const eks = out.findings.filter((f) => f.ruleId.startsWith('EKS-'));
    expect(eks.map((f) => f.ruleId)).toContain('EKS-004');
    for (const f of eks)
      expect(f.related).toContainEqual({
        file: 'mod/main.tf',
        startLine: 5,
        message: '`count = local.create ? 1 : 0` could not be resolved: this resource may not exist',
        noteId: 'presenceUnresolved',
      });
  });
});

describe('module calls hako does not read', () => {
  const dir = () =>
    tempTree({
      'main.tf': [
        'module "vpc" {',
        '  source = "./vpc"',
        '}',
        '',
        'module "eks" {',
        '  source  = "terraform-aws-modules/eks/aws"',
        '  version = "~> 20.0"',
        '}',
      ].join('\n'),
    });

  it('json: one summary.skipped entry per call with its line and the plan hint', () => {
    const out = scanJson(dir());
    expect(out.summary.skipped).toEqual([
      {
        file: 'main.tf',
        line: 1,
        reason:
          'module "vpc": local source "./vpc" has no .tf files hako could read; scan `terraform show -json` of a plan to check the resources it creates',
      },
      {
        file: 'main.tf',
        line: 5,
        reason:
          'module "eks": source "terraform-aws-modules/eks/aws" is not read (not a local path); scan `terraform show -json` of a plan to check the resources it creates',
      },
    ]);
  });

  it('text: the skipped calls are printed', () => {
    const r = hako(['scan', '.'], { cwd: dir() });
    expect(r.stdout).toContain('main.tf:5');
    expect(r.stdout).toContain('terraform-aws-modules/eks/aws');
    expect(r.stdout).toContain('terraform show -json');
  });
});

describe('one module called by two roots', () => {
  it('each finding address names its root', () => {
    const out = scanJson(
      tempTree({
        'envs/prod/main.tf': 'module "eks" {\n  source = "../../modules/eks"\n}\n',
        'envs/staging/main.tf': 'module "eks" {\n  source = "../../modules/eks"\n}\n',
        'modules/eks/main.tf': EKS_MODULE,
      }),
    );
    const eks4 = out.findings.filter((f) => f.ruleId === 'EKS-004');
    expect(eks4.map((f) => [f.location.file, f.resource.address]).sort()).toEqual([
      ['modules/eks/main.tf', 'envs/prod:module.eks.aws_eks_cluster.this[0]'],
      ['modules/eks/main.tf', 'envs/staging:module.eks.aws_eks_cluster.this[0]'],
    ]);
  });
});

describe('file() outside the scanned tree', () => {
  it('is not read, not echoed, and is listed in summary.skipped with its line', () => {
    const secretDir = mkdtempSync(path.join(tmpdir(), 'hako-secret-'));
    const secret = path.join(secretDir, 'defs.json');
    writeFileSync(
      secret,
      '[{ "name": "leak", "image": "SECRET-VALUE-123", "privileged": true, "essential": true }]\n',
    );
    const dir = tempTree({
      'main.tf': [
        'resource "aws_ecs_task_definition" "t" {',
        '  family                = "t"',
        `  container_definitions = file("${secret}")`,
        '}',
      ].join('\n'),
    });
    const r = hako(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.stdout).not.toContain('SECRET-VALUE-123');
    const out = JSON.parse(r.stdout) as ScanResult;
    expect(out.findings.filter((f) => f.ruleId === 'ECS-003')).toEqual([]);
    expect(out.summary.skipped).toContainEqual({
      file: 'main.tf',
      line: 3,
      reason: `file("${secret}") outside the scanned tree: not read`,
    });
  });
});

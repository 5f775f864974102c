import { describe, expect, it } from 'vitest';
import { runRule } from '../../../test/helpers/run-rule.js';
import { defaulted, explicit, unresolved } from '../../model/source.js';
import { showName } from './name.js';

const at = { file: 'main.tf', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

describe('showName', () => {
  it('quotes a known name once', () => {
    expect(showName(explicit('prod', at))).toBe('"prod"');
    expect(showName(defaulted('aws_ecs_cluster.main', at))).toBe('"aws_ecs_cluster.main"');
    expect(showName('api')).toBe('"api"');
    expect(showName(explicit('a"b', at))).toBe('"a\\"b"');
  });

  it('shows an unresolved name as its expression, without extra quotes', () => {
    expect(showName(unresolved('"ex-${basename(path.cwd)}"', at))).toBe('"ex-${basename(path.cwd)}"');
    expect(showName(unresolved('var.name', at))).toBe('var.name');
    expect(showName(unresolved('!Ref ClusterName', at))).toBe('!Ref ClusterName');
    expect(showName(unresolved('', at))).toBe('(unresolved)');
  });
});

describe('names in messages (quoted once; unresolved shown as written)', () => {
  const tf = `variable "env" { type = string }
resource "aws_ecs_cluster" "main" {
  name = "ex-\${basename(path.cwd)}"
}
resource "aws_ecr_repository" "app" {
  name = var.env
}
resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
`;
  it('an interpolated name keeps its own quotes only', async () => {
    const [f] = await runRule('ECS-023', { 'main.tf': tf });
    expect(f?.message).toContain('cluster "ex-${basename(path.cwd)}" does not enable');
    expect(f?.message).not.toContain('""');
  });
  it('a bare reference is shown without quotes, a known name with one pair', async () => {
    const [repo] = await runRule('ECR-005', { 'main.tf': tf });
    expect(repo?.message).toBe('repository var.env has no lifecycle policy');
    const [eks] = await runRule('EKS-003', { 'main.tf': tf });
    expect(eks?.message).toContain('cluster "prod" ');
  });
  it('Japanese messages use the same rendering', async () => {
    const [f] = await runRule('ECS-023', { 'main.tf': tf }, 'ja');
    expect(f?.message).toContain('"ex-${basename(path.cwd)}"');
    expect(f?.message).not.toContain('""');
  });
});

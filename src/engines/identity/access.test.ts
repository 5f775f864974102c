/**
 * The library questions on scanned roles: canRoleDo, whoCanAssume, highImpactActions, with the
 * AWS managed policies hako ships as data.
 */
import { describe, expect, it } from 'vitest';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { emptyState, type State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { awsManagedPolicy, canRoleDo, highImpactActions, whoCanAssume } from './access.js';

await initHcl();

function adapt(tf: string): State {
  const state = emptyState();
  adaptTerraform([{ display: 'main.tf', text: tf }], state);
  return state;
}

/** A role that manages its policies exclusively (so a deny is proved), with these managed ARNs. */
const role = (managed: string[], inline = '') => `resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Tasks"
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
  managed_policy_arns = [${managed.map((m) => `"arn:aws:iam::aws:policy/${m}"`).join(', ')}]
  inline_policy {
${inline}  }
}
`;
const ARN = { arn: 'arn:aws:iam::111122223333:role/app' };

describe('canRoleDo', () => {
  it('an AWS managed policy shipped as data decides, with the statement and where it is attached', () => {
    const state = adapt(role(['AmazonEC2ContainerRegistryReadOnly']));
    const r = canRoleDo(state, ARN, 'ecr:BatchGetImage', 'arn:aws:ecr:eu-west-1:111122223333:repository/app');
    expect(r.decision).toBe('yes');
    expect(r.statements).toEqual([
      expect.objectContaining({
        policy: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
        index: 0,
      }),
    ]);
    expect(r.statements[0]?.src?.startLine).toBe(13);
    expect(canRoleDo(state, ARN, 'ecr:PutImage', '*').decision).toBe('no');
  });

  it('a policy shipped in part proves an allow, never a deny', () => {
    const state = adapt(role(['AmazonSSMManagedInstanceCore']));
    expect(canRoleDo(state, ARN, 'ssm:GetParameters', '*').decision).toBe('yes');
    expect(canRoleDo(state, ARN, 'ssmmessages:OpenDataChannel', '*').decision).toBe('unknown');
  });

  it('an AWS managed policy hako does not ship: incomplete', () => {
    const state = adapt(role(['ReadOnlyAccess']));
    const r = canRoleDo(state, ARN, 's3:PutObject', '*');
    expect(r.decision).toBe('unknown');
    expect(r.view?.missing).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('PowerUserAccess: everything but IAM (bar its listed exceptions)', () => {
    const state = adapt(role(['PowerUserAccess']));
    expect(canRoleDo(state, ARN, 's3:DeleteBucket', 'arn:aws:s3:::b').decision).toBe('yes');
    expect(canRoleDo(state, ARN, 'iam:CreateRole', '*').decision).toBe('no');
    expect(canRoleDo(state, ARN, 'iam:ListRoles', '*').decision).toBe('yes');
  });

  it('a role not scanned: unknown', () => {
    expect(canRoleDo(emptyState(), ARN, 's3:GetObject').decision).toBe('unknown');
  });

  it.each(
    Object.entries({
      AmazonEKSWorkerNodePolicy: 'eks-auth:AssumeRoleForPodIdentity',
      AmazonEKS_CNI_Policy: 'ec2:AssignPrivateIpAddresses',
      AmazonEC2ContainerRegistryPowerUser: 'ecr:PutImage',
      AmazonEC2ContainerRegistryPullOnly: 'ecr:GetDownloadUrlForLayer',
      AdministratorAccess: 'iam:CreateUser',
    }),
  )('%s is shipped with its version and page', (name, action) => {
    const p = awsManagedPolicy(`arn:aws:iam::aws:policy/${name}`);
    expect(p?.version).toMatch(/^v\d+$/);
    expect(p?.url).toBe(`https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${name}.html`);
    expect(canRoleDo(adapt(role([name])), ARN, action, '*').decision).toBe('yes');
  });
});

describe('whoCanAssume', () => {
  it('the principals of the trust policy, with the statement and its condition', () => {
    const state = adapt(role([]));
    expect(whoCanAssume(state, ARN)).toEqual([
      {
        type: 'Service',
        id: 'ecs-tasks.amazonaws.com',
        actions: ['sts:AssumeRole'],
        condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        statement: 0,
        sid: 'Tasks',
        src: expect.objectContaining({ startLine: 3 }),
      },
    ]);
  });

  it('a role not scanned: nobody known', () => {
    expect(whoCanAssume(emptyState(), ARN)).toEqual([]);
  });
});

describe('highImpactActions', () => {
  it('AdministratorAccess: every probe, certain', () => {
    const grants = highImpactActions(adapt(role(['AdministratorAccess'])), ARN);
    expect(grants.map((g) => g.id)).toContain('admin');
    expect(grants.every((g) => g.certain)).toBe(true);
    expect(grants).toHaveLength(19);
  });

  it('a pull-only role: nothing of high impact', () => {
    expect(highImpactActions(adapt(role(['AmazonEC2ContainerRegistryReadOnly'])), ARN)).toEqual([]);
  });

  it('secrets on * and iam:PassRole without a service to pass to', () => {
    const inline = `    name = "x"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["secretsmanager:GetSecretValue", "iam:PassRole"], Resource = "*" }] })
`;
    const grants = highImpactActions(adapt(role([], inline)), ARN);
    expect(grants.map((g) => [g.id, g.certain])).toEqual([['secretsmanager:GetSecretValue', true]]);
  });
});

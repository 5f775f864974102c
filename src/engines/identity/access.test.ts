/**
 * The library questions on scanned roles: canRoleDo, whoCanAssume, highImpactActions, with the
 * AWS managed policies hako ships as data.
 */
import { describe, expect, it } from 'vitest';
import { adaptTerraform } from '../../adapters/terraform/index.js';
import { emptyState, type State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import {
  awsManagedPolicy,
  canRoleDo,
  highImpactActions,
  roleView,
  whoCanAssume,
  wildcardGrants,
} from './access.js';

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

  it('AmazonSSMManagedInstanceCore is shipped whole: its ssmmessages statement decides both ways', () => {
    const state = adapt(role(['AmazonSSMManagedInstanceCore']));
    expect(canRoleDo(state, ARN, 'ssm:GetParameters', '*').decision).toBe('yes');
    expect(canRoleDo(state, ARN, 'ssmmessages:OpenDataChannel', '*').decision).toBe('yes');
    expect(canRoleDo(state, ARN, 's3:GetObject', 'arn:aws:s3:::b/k').decision).toBe('no');
  });

  it('ReadOnlyAccess is shipped: it reads S3 objects but writes nothing', () => {
    const state = adapt(role(['ReadOnlyAccess']));
    expect(canRoleDo(state, ARN, 's3:GetObject', 'arn:aws:s3:::b/k').decision).toBe('yes');
    expect(canRoleDo(state, ARN, 's3:PutObject', 'arn:aws:s3:::b/k').decision).toBe('no');
    expect(canRoleDo(state, ARN, 'iam:CreateRole', '*').decision).toBe('no');
  });

  it('an AWS managed policy hako does not ship: incomplete', () => {
    const state = adapt(role(['AmazonS3FullAccess']));
    const r = canRoleDo(state, ARN, 's3:PutObject', '*');
    expect(r.decision).toBe('unknown');
    expect(r.view?.missing).toEqual(['arn:aws:iam::aws:policy/AmazonS3FullAccess']);
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
      AmazonEC2ContainerRegistryPullOnly: 'ecr:BatchImportUpstreamImage',
      AdministratorAccess: 'iam:CreateUser',
      AmazonEKSClusterPolicy: 'elasticloadbalancing:CreateLoadBalancer',
      CloudWatchAgentServerPolicy: 'cloudwatch:PutMetricData',
      AmazonSSMManagedInstanceCore: 'ec2messages:GetMessages',
      ReadOnlyAccess: 'ecr:DescribeImages',
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

  it('NotAction grants what it leaves in; a conditioned allow is kept as uncertain with its statement', () => {
    const inline = `    name = "x"
    policy = jsonencode({ Version = "2012-10-17", Statement = [
      { Effect = "Allow", NotAction = ["iam:*", "ec2:*", "eks:*", "ecr:*", "lambda:*", "sts:*", "dynamodb:*", "hakoprobe:*", "s3:*"], Resource = "*" },
      { Effect = "Allow", Action = "s3:GetObject", Resource = "*", Condition = { StringEquals = { "aws:ResourceTag/team" = "a" } } }
    ] })
`;
    const grants = highImpactActions(adapt(role([], inline)), ARN);
    expect(grants.map((g) => [g.id, g.certain])).toEqual([
      ['secretsmanager:GetSecretValue', true],
      ['ssm:GetParameters', true],
      ['kms:Decrypt', true],
      ['s3:GetObject', false],
    ]);
    expect(grants[3]?.statements.map((s) => s.index)).toEqual([1]);
  });

  it('the role view is built once per role, and again when the scan gains the managed policy it attaches', () => {
    const state = adapt(`resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns = ["arn:aws:iam::111122223333:policy/ops"]
}
`);
    const r = state.aws.iam.roles[0]!;
    expect(roleView(state, r)).toBe(roleView(state, r));
    expect(roleView(state, r).missing).toEqual(['arn:aws:iam::111122223333:policy/ops']);
    expect(highImpactActions(state, r)).toEqual([]);
    const other = adapt(`resource "aws_iam_policy" "ops" {
  name   = "ops"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }] })
}
`);
    state.aws.iam.managedPolicies.push(
      ...other.aws.iam.managedPolicies.map((m) => ({ ...m, arn: 'arn:aws:iam::111122223333:policy/ops' })),
    );
    expect(roleView(state, r).missing).toEqual([]);
    expect(highImpactActions(state, r).map((g) => g.id)).toEqual(['sts:AssumeRole']);
  });
});

describe('wildcardGrants', () => {
  const roleOf = (state: State) => state.aws.iam.roles[0]!;
  const inline = (statements: string) => `    name = "p"
    policy = jsonencode({ Version = "2012-10-17", Statement = [${statements}] })
`;
  it('AdministratorAccess: every action, reported once', () => {
    const state = adapt(role(['AdministratorAccess']));
    expect(wildcardGrants(state, roleOf(state)).map((g) => g.kind)).toEqual(['admin']);
  });
  it('PowerUserAccess (NotAction iam:*, organizations:*, account:*) is every action of (almost) every service', () => {
    const state = adapt(role(['PowerUserAccess']));
    expect(wildcardGrants(state, roleOf(state)).map((g) => g.kind)).toEqual(['admin']);
  });
  it('service wildcards on "*" only, one per service; a Deny of the service removes it, an uncertain one says nothing', () => {
    const state = adapt(
      role(
        [],
        inline(`
      { Effect = "Allow", Action = ["iam:*", "s3:*", "sqs:*", "ec2:*"], Resource = "*" },
      { Effect = "Allow", Action = "dynamodb:*", Resource = "arn:aws:dynamodb:eu-west-1:111122223333:table/t" },
      { Effect = "Deny", Action = "sqs:DeleteQueue", Resource = "*" },
      { Effect = "Deny", Action = "s3:*", Resource = "*" },
      { Effect = "Deny", Action = "ec2:*", Resource = "*", Condition = { StringEquals = { "aws:RequestedRegion" = "us-east-1" } } }`),
      ),
    );
    // sqs:* minus one named action is still every other sqs action; the ec2 Deny depends on a key not in the files
    expect(wildcardGrants(state, roleOf(state)).map((g) => g.service)).toEqual(['iam', 'sqs']);
  });
  it('ReadOnlyAccess and AmazonECSTaskExecutionRolePolicy grant no wildcard', () => {
    for (const m of ['ReadOnlyAccess', 'AmazonECSTaskExecutionRolePolicy']) {
      const state = adapt(role([m]));
      expect(wildcardGrants(state, roleOf(state))).toEqual([]);
    }
  });
});

describe('shipped AWS managed policy data', () => {
  it('AmazonECSTaskExecutionRolePolicy has its version id', () => {
    expect(
      awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy')?.version,
    ).toBe('v1');
  });
  it('no shipped policy is partial any more', () => {
    for (const name of [
      'AmazonEC2ContainerRegistryPullOnly',
      'AmazonSSMManagedInstanceCore',
      'ReadOnlyAccess',
    ])
      expect(awsManagedPolicy(`arn:aws:iam::aws:policy/${name}`)?.partial).toBeUndefined();
  });
});

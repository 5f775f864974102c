/**
 * The Terraform IAM adapter: which roles are "closed" (every attachment the configuration makes
 * was read), and Secrets Manager secrets with the key that encrypts them.
 */
import { describe, expect, it } from 'vitest';
import { emptyState, type State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { can, roleView } from '../../rules/_shared/iam-access.js';
import { adaptTerraform } from './index.js';

await initHcl();

function adapt(tf: string): State {
  const state = emptyState();
  adaptTerraform([{ display: 'main.tf', text: tf }], state);
  return state;
}

const TRUST = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }] })`;

const ROLE = `resource "aws_iam_role" "exec" {
  name               = "exec"
  assume_role_policy = ${TRUST}
}
resource "aws_iam_role_policy" "exec" {
  name   = "logs"
  role   = aws_iam_role.exec.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/*" }] })
}
`;

describe('Terraform roles judged on the configuration', () => {
  it('a role whose attachments were all read is closed (not complete)', () => {
    const [role] = adapt(ROLE).aws.iam.roles;
    expect(role).toMatchObject({ name: 'exec', complete: false, closed: true });
  });

  it('an attachment naming a role hako cannot resolve keeps every role of that root open', () => {
    const state = adapt(
      `${ROLE}variable "r" {}\nresource "aws_iam_role_policy_attachment" "x" {\n  role = var.r\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n`,
    );
    expect(state.aws.iam.roles[0]?.closed).toBeUndefined();
  });

  it('an attachment with an unresolved policy keeps its role open', () => {
    const state = adapt(
      `${ROLE}variable "p" {}\nresource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.exec.name\n  policy_arn = var.p\n}\n`,
    );
    expect(state.aws.iam.roles[0]?.closed).toBeUndefined();
  });

  it('a role that manages its policies exclusively is complete, not closed', () => {
    const state = adapt(`resource "aws_iam_role" "exec" {
  name                = "exec"
  assume_role_policy  = ${TRUST}
  managed_policy_arns = []
  inline_policy {}
}
`);
    expect(state.aws.iam.roles[0]).toMatchObject({ complete: true });
    expect(state.aws.iam.roles[0]?.closed).toBeUndefined();
  });
});

describe('Secrets Manager secrets and their key', () => {
  const SECRET = (key: string, policy = '') => `resource "aws_kms_key" "db" {
  description = "db"
${policy}}
resource "aws_secretsmanager_secret" "db" {
  name       = "app/db"
${key}}
`;

  it('a secret encrypted by a scanned key with its default key policy', () => {
    const [s] = adapt(SECRET('  kms_key_id = aws_kms_key.db.arn\n')).aws.iam.secrets ?? [];
    expect(s).toMatchObject({
      arn: 'arn:aws:secretsmanager:<unknown>:<unknown>:secret:app/db-<unknown>',
      kmsKey: { arn: 'arn:aws:kms:<unknown>:<unknown>:key/aws_kms_key.db', defaultKeyPolicy: true },
    });
  });

  it('a key with a policy of its own is not decided by the role alone', () => {
    const [s] =
      adapt(SECRET('  kms_key_id = aws_kms_key.db.arn\n', '  policy = "{}"\n')).aws.iam.secrets ?? [];
    expect(s?.kmsKey?.defaultKeyPolicy).toBe(false);
  });

  it('no kms_key_id, or the AWS managed key: no customer managed key', () => {
    for (const key of ['', '  kms_key_id = "alias/aws/secretsmanager"\n']) {
      const [s] = adapt(SECRET(key)).aws.iam.secrets ?? [];
      expect(s?.kmsKey).toBeUndefined();
    }
  });
});

describe('can(): a resource with stand-in fields', () => {
  const secret = 'arn:aws:secretsmanager:<unknown>:<unknown>:secret:app/db-<unknown>';
  const view = (statement: string) => {
    const policy = ROLE.split('\n').find((l) => l.startsWith('  policy = ')) ?? '';
    const state = adapt(
      ROLE.replace(policy, `  policy = jsonencode({ Version = "2012-10-17", Statement = [${statement}] })`),
    );
    const role = state.aws.iam.roles[0];
    if (!role) throw new Error('no role');
    return roleView(state, role);
  };

  it.each([
    [
      'a wildcard over the unknown fields allows',
      '{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:*:*:secret:app/db-*" }',
      'yes',
    ],
    ['Resource "*" allows', '{ Effect = "Allow", Action = "secretsmanager:*", Resource = "*" }', 'yes'],
    [
      'a literal Region and account may or may not be that secret',
      '{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/*" }',
      'unknown',
    ],
    ['granted on no secret at all', '{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }', 'no'],
    [
      'a deny on every secret',
      '{ Effect = "Allow", Action = "*", Resource = "*" }, { Effect = "Deny", Action = "secretsmanager:*", Resource = "*" }',
      'no',
    ],
    [
      'a deny on some secrets only decides nothing',
      '{ Effect = "Allow", Action = "*", Resource = "*" }, { Effect = "Deny", Action = "secretsmanager:*", Resource = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:x" }',
      'yes',
    ],
  ])('%s', (_what, statement, answer) => {
    expect(can(view(statement), 'secretsmanager:GetSecretValue', secret)).toBe(answer);
  });
});

describe('every way Terraform attaches a policy to a role', () => {
  const POLICY = `resource "aws_iam_policy" "read" {
  name   = "read"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
`;
  const attached = (tf: string) => {
    const state = adapt(`${ROLE}${POLICY}${tf}`);
    const role = state.aws.iam.roles[0];
    return { arns: role?.attachedPolicyArns.map((a) => a.arn), closed: role?.closed };
  };

  it.each([
    [
      'aws_iam_role_policy_attachment',
      `resource "aws_iam_role_policy_attachment" "x" {\n  role = aws_iam_role.exec.name\n  policy_arn = aws_iam_policy.read.arn\n}\n`,
    ],
    [
      'aws_iam_policy_attachment (roles)',
      `resource "aws_iam_policy_attachment" "x" {\n  name = "x"\n  roles = [aws_iam_role.exec.name]\n  policy_arn = aws_iam_policy.read.arn\n}\n`,
    ],
  ])('%s', (_what, tf) => {
    expect(attached(tf)).toEqual({ arns: ['arn:aws:iam::<unknown>:policy/read'], closed: true });
  });

  it('aws_iam_policy_attachment naming roles hako cannot resolve keeps the roles open', () => {
    const tf = `variable "r" {}\nresource "aws_iam_policy_attachment" "x" {\n  name = "x"\n  roles = [var.r]\n  policy_arn = aws_iam_policy.read.arn\n}\n`;
    expect(attached(tf)).toEqual({ arns: [], closed: undefined });
  });

  it('managed_policy_arns and inline_policy on the role', () => {
    const state = adapt(`${POLICY}resource "aws_iam_role" "exec" {
  name = "exec"
  assume_role_policy = ${TRUST}
  managed_policy_arns = [aws_iam_policy.read.arn]
  inline_policy {
    name   = "logs"
    policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  }
  permissions_boundary = "arn:aws:iam::111122223333:policy/boundary"
}
`);
    expect(state.aws.iam.roles[0]).toMatchObject({
      attachedPolicyArns: [{ arn: 'arn:aws:iam::<unknown>:policy/read' }],
      inlinePolicies: [{ id: 'inline:logs' }],
      permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary',
      complete: true,
    });
  });
});

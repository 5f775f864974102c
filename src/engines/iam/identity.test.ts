// Identity-side decisions: cases I1-I21 of /work/shared/domain/iam-and-eventbridge.md and the ECS
// execution-role grants (Secrets Manager, SSM Parameter Store, KMS with kms:ViaService).
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import { A, allow, deny, doc, R, type Stmt } from './test-helpers.js';
import type { ContextValue, Decision, EvalRequest, Principal } from './types.js';

const session: Principal = { type: 'AWS', id: `arn:aws:sts::${A}:assumed-role/app-exec/task1` };
const repo = `arn:aws:ecr:${R}:${A}:repository/app`;
const LOGS = `arn:aws:logs:${R}:${A}:log-group`;
const SM = `arn:aws:secretsmanager:${R}:${A}:secret`;
const SSM = `arn:aws:ssm:${R}:${A}:parameter`;
const KEY = `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

type Row = [string, Stmt[], string, string, Decision, Record<string, ContextValue>?, Principal?];

function decide(statements: Stmt[], action: string, resource: string, context = {}, principal = session) {
  const req: EvalRequest = { action, resource, principal, context };
  return evaluate({ identity: [{ id: 'role/app-exec inline:p', document: doc(...statements) }] }, req)
    .decision;
}

describe('identity policies (I1-I21)', () => {
  it.each<Row>([
    ['I1 no policy', [], 'ecr:BatchGetImage', repo, 'implicit-deny'],
    [
      'I2 deny beats allow',
      [allow('ecr:*'), deny('ecr:BatchGetImage', repo)],
      'ecr:BatchGetImage',
      repo,
      'explicit-deny',
    ],
    [
      'I2 deny on another repo',
      [allow('ecr:*'), deny('ecr:BatchGetImage', `${repo}2`)],
      'ecr:BatchGetImage',
      repo,
      'allow',
    ],
    ['I3 action case', [allow('ECR:batchgetimage', repo)], 'ecr:BatchGetImage', repo, 'allow'],
    ['I4 ? in action', [allow('ecr:BatchGet????e')], 'ecr:BatchGetImage', repo, 'allow'],
    [
      'I5 no-resource-type action needs *',
      [allow('ecr:GetAuthorizationToken', `arn:aws:ecr:*:${A}:repository/*`)],
      'ecr:GetAuthorizationToken',
      '*',
      'implicit-deny',
    ],
    ['I5 with *', [allow('ecr:GetAuthorizationToken')], 'ecr:GetAuthorizationToken', '*', 'allow'],
    [
      'I6 NotAction iam:* grants sts',
      [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
      'sts:AssumeRole',
      `arn:aws:iam::${A}:role/x`,
      'allow',
    ],
    [
      'I6 NotAction iam:* excludes iam',
      [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
      'iam:PassRole',
      `arn:aws:iam::${A}:role/x`,
      'implicit-deny',
    ],
    [
      'I7 NotAction + bucket: ListAllMyBuckets',
      [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::b' }],
      's3:ListAllMyBuckets',
      '*',
      'implicit-deny',
    ],
    [
      'I7 NotAction + bucket: other service',
      [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::b' }],
      'ec2:RunInstances',
      `arn:aws:ec2:${R}:${A}:instance/*`,
      'implicit-deny',
    ],
    [
      'I7 NotAction + bucket: covered action',
      [{ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::b' }],
      's3:ListBucket',
      'arn:aws:s3:::b',
      'allow',
    ],
    [
      'I8 Deny NotAction s3:* spares s3',
      [allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }],
      's3:GetObject',
      'arn:aws:s3:::b/k',
      'allow',
    ],
    [
      'I8 Deny NotAction s3:* denies ec2',
      [allow('*'), { Effect: 'Deny', NotAction: 's3:*', Resource: '*' }],
      'ec2:DescribeInstances',
      '*',
      'explicit-deny',
    ],
    [
      'I9 ListBucket on b/*',
      [allow('s3:ListBucket', 'arn:aws:s3:::b/*')],
      's3:ListBucket',
      'arn:aws:s3:::b',
      'implicit-deny',
    ],
    [
      'I10 nested wildcard',
      [allow('s3:GetObject', 'arn:aws:s3:::b/*/test/*')],
      's3:GetObject',
      'arn:aws:s3:::b/1/2/test/x.jpg',
      'allow',
    ],
    [
      'I10 nested wildcard miss',
      [allow('s3:GetObject', 'arn:aws:s3:::b/*/test/*')],
      's3:GetObject',
      'arn:aws:s3:::b/test/x.jpg',
      'implicit-deny',
    ],
    [
      'I11 bucket case',
      [allow('s3:GetObject', 'arn:aws:s3:::B/*')],
      's3:GetObject',
      'arn:aws:s3:::b/k',
      'implicit-deny',
    ],
    [
      'I12 log group ARN for PutLogEvents',
      [allow('logs:PutLogEvents', `${LOGS}:/ecs/app`)],
      'logs:PutLogEvents',
      `${LOGS}:/ecs/app:log-stream:s1`,
      'implicit-deny',
    ],
    [
      'I13 log group :*',
      [allow('logs:PutLogEvents', `${LOGS}:/ecs/app:*`)],
      'logs:PutLogEvents',
      `${LOGS}:/ecs/app:log-stream:s1`,
      'allow',
    ],
    [
      'I14 over-broad prefix',
      [allow('logs:CreateLogStream', `${LOGS}:/ecs/app*`)],
      'logs:CreateLogStream',
      `${LOGS}:/ecs/app-other:log-stream:s1`,
      'allow',
    ],
    [
      'I15 six ?',
      [allow('secretsmanager:GetSecretValue', `${SM}:prod/db-??????`)],
      'secretsmanager:GetSecretValue',
      `${SM}:prod/db-AbC123`,
      'allow',
    ],
    [
      'I15 six ? other secret',
      [allow('secretsmanager:GetSecretValue', `${SM}:prod/db-??????`)],
      'secretsmanager:GetSecretValue',
      `${SM}:prod/db-admin-XyZ789`,
      'implicit-deny',
    ],
    [
      'I16 -* takes other secrets',
      [allow('secretsmanager:GetSecretValue', `${SM}:prod/db-*`)],
      'secretsmanager:GetSecretValue',
      `${SM}:prod/db-admin-XyZ789`,
      'allow',
    ],
    [
      'I17 bare name matches nothing',
      [allow('secretsmanager:GetSecretValue', `${SM}:prod/db`)],
      'secretsmanager:GetSecretValue',
      `${SM}:prod/db-AbC123`,
      'implicit-deny',
    ],
    [
      'I18 parameter',
      [allow('ssm:GetParameters', `${SSM}/app/x`)],
      'ssm:GetParameters',
      `${SSM}/app/x`,
      'allow',
    ],
    [
      'I18 double slash',
      [allow('ssm:GetParameters', `${SSM}//app/x`)],
      'ssm:GetParameters',
      `${SSM}/app/x`,
      'implicit-deny',
    ],
    [
      'I19 alias ARN never covers the key',
      [allow('kms:Decrypt', `arn:aws:kms:${R}:${A}:alias/app`)],
      'kms:Decrypt',
      KEY,
      'implicit-deny',
    ],
    [
      'I20 ViaService: direct call',
      [
        allow('kms:Decrypt', KEY, {
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${R}.amazonaws.com` } },
        }),
      ],
      'kms:Decrypt',
      KEY,
      'implicit-deny',
    ],
    [
      'I20 ViaService: via Secrets Manager',
      [
        allow('kms:Decrypt', KEY, {
          Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${R}.amazonaws.com` } },
        }),
      ],
      'kms:Decrypt',
      KEY,
      'allow',
      { 'kms:ViaService': `secretsmanager.${R}.amazonaws.com` },
    ],
  ])('%s', (_n, statements, action, resource, expected, context, principal) => {
    expect(decide(statements, action, resource, context, principal)).toBe(expected);
  });
});

describe('ECS execution role grants', () => {
  const SMX = 'arn:aws:secretsmanager:us-east-1:111122223333:secret';
  const via = {
    Condition: {
      StringEquals: { 'kms:ViaService': [`secretsmanager.${R}.amazonaws.com`, `ssm.${R}.amazonaws.com`] },
    },
  };
  const exec = [
    allow('secretsmanager:GetSecretValue', `${SMX}:db-*`),
    allow('ssm:GetParameters', `arn:aws:ssm:${R}:${A}:parameter/app/*`),
    allow('kms:Decrypt', KEY, via),
  ];
  it.each<[string, string, string, Decision, Record<string, ContextValue>?]>([
    ['secret under db-*', 'secretsmanager:GetSecretValue', `${SMX}:db-prod-AbC123`, 'allow'],
    ['secret outside db-*', 'secretsmanager:GetSecretValue', `${SMX}:api-key-AbC123`, 'implicit-deny'],
    [
      'secret in another account',
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:us-east-1:999999999999:secret:db-x-AbC123',
      'implicit-deny',
    ],
    [
      'secret in another region',
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-x-AbC123',
      'implicit-deny',
    ],
    ['other secrets action', 'secretsmanager:PutSecretValue', `${SMX}:db-prod-AbC123`, 'implicit-deny'],
    ['parameter under /app', 'ssm:GetParameters', `arn:aws:ssm:${R}:${A}:parameter/app/db/password`, 'allow'],
    ['parameter elsewhere', 'ssm:GetParameters', `arn:aws:ssm:${R}:${A}:parameter/other/x`, 'implicit-deny'],
    [
      'singular GetParameter not granted',
      'ssm:GetParameter',
      `arn:aws:ssm:${R}:${A}:parameter/app/x`,
      'implicit-deny',
    ],
    ['kms via ssm', 'kms:Decrypt', KEY, 'allow', { 'kms:ViaService': `ssm.${R}.amazonaws.com` }],
    ['kms direct', 'kms:Decrypt', KEY, 'implicit-deny'],
    [
      'kms via another region',
      'kms:Decrypt',
      KEY,
      'implicit-deny',
      { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' },
    ],
  ])('%s', (_n, action, resource, expected, context = {}) => {
    expect(decide(exec, action, resource, context)).toBe(expected);
  });
});

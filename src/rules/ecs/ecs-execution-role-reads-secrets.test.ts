import { describe, expect, it } from 'vitest';
import { secretFetch } from './ecs-execution-role-reads-secrets.js';

const task = { region: 'eu-west-1', account: '111122223333', partition: 'aws' };

describe('secretFetch: the call ECS makes for a valueFrom', () => {
  it.each([
    [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-Xy12Ab',
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-Xy12Ab',
    ],
    [
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-Xy12Ab:password:AWSPREVIOUS:',
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-Xy12Ab',
    ],
    [
      'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-Xy12Ab:::0c5e1d2a',
      'secretsmanager:GetSecretValue',
      'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-Xy12Ab',
    ],
    [
      'arn:aws:ssm:us-east-1:111122223333:parameter/app/key',
      'ssm:GetParameters',
      'arn:aws:ssm:us-east-1:111122223333:parameter/app/key',
    ],
    ['/app/key', 'ssm:GetParameters', 'arn:aws:ssm:eu-west-1:111122223333:parameter/app/key'],
    ['key', 'ssm:GetParameters', 'arn:aws:ssm:eu-west-1:111122223333:parameter/key'],
  ])('%s → %s on %s', (valueFrom, action, arn) => {
    expect(secretFetch(valueFrom, task)).toEqual({ action, arn });
  });

  it.each([
    ['a bare name without a known region', '/app/key', { account: '111122223333' }],
    ['a bare name without a known account', '/app/key', { region: 'eu-west-1' }],
    ['an ARN of another service', 'arn:aws:s3:::bucket/key', task],
    ['a truncated Secrets Manager ARN', 'arn:aws:secretsmanager:eu-west-1:111122223333:secret', task],
  ])('%s is not knowable', (_what, valueFrom, t) => {
    expect(secretFetch(valueFrom, t)).toBeUndefined();
  });
});

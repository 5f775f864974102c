import { describe, expect, it } from 'vitest';
import { valueFromProblems } from './ecs-secret-references-well-formed.js';

const SM = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret';
const SSM = 'arn:aws:ssm:eu-west-1:111122223333:parameter';
const kinds = (v: string) => valueFromProblems(v).map((p) => p.kind);

describe('valueFromProblems', () => {
  it.each([
    `${SM}:db-Xy12Ab`,
    `${SM}:prod/db-Xy12Ab`,
    `${SM}:db-Xy12Ab:password::`,
    `${SM}:db-Xy12Ab::AWSPREVIOUS:`,
    `${SM}:db-Xy12Ab:::0c5e1d2a-1111-2222-3333-444455556666`,
    `${SM}:db-Xy12Ab:::`,
    'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:db-Xy12Ab',
    'arn:aws-us-gov:secretsmanager:us-gov-west-1:111122223333:secret:db-Xy12Ab',
    `${SSM}/db_password`,
    `${SSM}/prod/db/password`,
    'arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password',
    'db_password',
    'db-password.v2',
    '/prod/db/password',
    '/aws/reference/secretsmanager/prod/db+creds@2',
    '/aws/service/global-infrastructure/current-region',
  ])('well formed: %s', (v) => expect(valueFromProblems(v)).toEqual([]));

  it.each([
    [`${SM}:prod/orders/db`, ['secretPartialArn']],
    [`${SM}:db-Xy12A`, ['secretPartialArn']], // five characters
    [`${SM}:db-Xy12Ab:password`, ['secretFieldCount']],
    [`${SM}:db-Xy12Ab::AWSPREVIOUS`, ['secretFieldCount']],
    [`${SM}:db-Xy12Ab:password::v1:extra`, ['secretFieldCount']],
    [`${SM}:db:password`, ['secretPartialArn', 'secretFieldCount']],
    [`${SM}:db-Xy12Ab::AWSCURRENT:0c5e1d2a`, ['secretStageAndId']],
    ['arn:aws:secretsmanager:eu-west-1:111122223333:db-Xy12Ab', ['malformedArn']], // no `secret:`
    ['arn:aws:secretsmanager:eu-west-1:111122223333:secret:', ['malformedArn']],
    ['arn:aws:secretsmanager::111122223333:secret:db-Xy12Ab', ['malformedArn']], // no region
    ['arn:aws:secretsmanager:eu-west-1:1111:secret:db-Xy12Ab', ['malformedArn']], // short account
    ['arn:aws:secretsmanager:eu-west-1', ['malformedArn']],
    [`${SSM}//prod/db/password`, ['malformedArn']],
    ['arn:aws:ssm:eu-west-1:111122223333:prod/db/password', ['malformedArn']], // no `parameter/`
    ['arn:aws:ssm:eu-west-1:111122223333:parameter', ['malformedArn']],
    [`${SSM}/`, ['malformedArn']],
    [`${SSM}/db:password`, ['malformedArn']],
    [`${SSM}/db password`, ['malformedArn']],
    ['arn:aws:s3:::bucket/key', ['unsupportedArn']],
    ['arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c', ['unsupportedArn']],
    ['arn:', ['malformedArn']],
    ['prod/db-password', ['parameterNameNoSlash']],
    ['/prod//db', ['parameterNameInvalid']],
    ['/prod/db/', ['parameterNameInvalid']],
    ['db password', ['parameterNameInvalid']],
  ])('%s → %j', (v, want) => expect(kinds(v)).toEqual(want));

  // Templates filled in by CI (envsubst, Jinja, docs placeholders) are not judged.
  it.each([
    '$' + '{DB_PASSWORD_ARN}',
    'arn:aws:secretsmanager:$' + '{AWS_REGION}:$' + '{ACCOUNT_ID}:secret:prod/db',
    '{{ db_secret_arn }}',
    'arn:aws:ssm:<region>:<account>:parameter/prod/db',
  ])('template placeholder: %s', (v) => expect(valueFromProblems(v)).toEqual([]));

  it('names the problem in the data', () => {
    expect(valueFromProblems(`${SM}:db-Xy12Ab:key`)[0]?.data).toEqual({ count: 1 });
    expect(valueFromProblems(`${SM}:db-Xy12Ab::AWSCURRENT:v9`)[0]?.data).toEqual({
      stage: 'AWSCURRENT',
      id: 'v9',
    });
    expect(valueFromProblems(`${SM}:prod/db`)[0]?.data).toEqual({ name: 'prod/db' });
    expect(valueFromProblems('arn:aws:s3:::b/k')[0]?.data).toEqual({ service: 's3' });
    expect(valueFromProblems(`${SSM}//x`)[0]?.data.kind).toBe('Parameter Store');
  });
});

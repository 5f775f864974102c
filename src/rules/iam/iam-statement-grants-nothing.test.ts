// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats and policy variables use ${...} as literal text
import { describe, expect, it } from 'vitest';
import { actionFitsPattern, emptyGrants, globMeetsFormat } from './iam-statement-grants-nothing.js';

describe('IAM-008 resource patterns against resource types', () => {
  it.each([
    ['s3:ListBucket', 'arn:aws:s3:::bucket/*', false],
    ['s3:ListBucket', 'arn:aws:s3:::bucket', true],
    ['s3:ListBucket', 'arn:aws:s3:::*', true],
    ['s3:GetObject', 'arn:aws:s3:::*', true],
    ['s3:GetObject', 'arn:aws:s3:::bucket', false],
    ['s3:GetObject', 'arn:aws:s3:::bucket*', true],
    ['ecr:GetAuthorizationToken', 'arn:aws:ecr:*:111122223333:repository/*', false],
    ['ecr:GetAuthorizationToken', '*', true],
    ['ecr:BatchGetImage', 'arn:aws:ecr:*:111122223333:repository/*', true],
    ['logs:PutLogEvents', 'arn:aws:logs:*:*:*', true],
    ['logs:PutLogEvents', 'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app', false],
    ['logs:PutLogEvents', 'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app:*', true],
    ['logs:PutLogEvents', 'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app*', true],
    ['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:prod/*', true],
    ['secretsmanager:GetSecretValue', 'arn:aws:s3:::bucket/*', false],
  ])('%s on %s: %s', (action, pattern, expected) => {
    expect(actionFitsPattern(action, pattern)).toBe(expected);
  });

  it('an unknown action is not judged', () => {
    expect(actionFitsPattern('s3:NoSuchAction', 'arn:aws:s3:::b/*')).toBeUndefined();
  });

  it('the automaton: a wildcard may span colons, a Region may not hold one', () => {
    expect(
      globMeetsFormat(
        'arn:aws:logs:*',
        'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
      ),
    ).toBe(true);
    expect(
      globMeetsFormat(
        'arn:aws:logs:a:b:c:log-group:x',
        'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}',
      ),
    ).toBe(false);
  });
});

describe('IAM-008 statements', () => {
  const doc = (st: unknown) => ({ Version: '2012-10-17', Statement: [st] });
  it('a wildcard action grants nothing only when none of its actions fits', () => {
    expect(emptyGrants(doc({ Effect: 'Allow', Action: 's3:List*', Resource: 'arn:aws:s3:::b/*' }))).toEqual(
      [],
    );
    expect(
      emptyGrants(doc({ Effect: 'Allow', Action: 's3:ListBucket*', Resource: 'arn:aws:s3:::b/*' })).map(
        (g) => g.action,
      ),
    ).toEqual(['s3:ListBucket*']);
  });
  it('policy variables and stand-ins match anything; Deny, NotResource and "*" actions say nothing', () => {
    expect(
      emptyGrants(
        doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::${aws:username}' }),
      ),
    ).toEqual([]);
    expect(
      emptyGrants(doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::<unknown>' })),
    ).toEqual([]);
    expect(
      emptyGrants(doc({ Effect: 'Deny', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b/*' })),
    ).toEqual([]);
    expect(
      emptyGrants(doc({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3:::b/*' })),
    ).toEqual([]);
    expect(emptyGrants(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }))).toEqual([]);
  });
  it('an unresolved entry (dropped from the list) leaves the statement alone', () => {
    expect(
      emptyGrants(
        doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: ['arn:aws:s3:::b/*', undefined] }),
      ),
    ).toEqual([]);
  });
});

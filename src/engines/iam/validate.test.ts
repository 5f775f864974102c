// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal text here
// Policy shape checks (A3, A6, A7 and case I50 of /work/shared/domain/iam-and-eventbridge.md).
import { describe, expect, it } from 'vitest';
import { validatePolicy } from './index.js';
import { doc, type Stmt } from './test-helpers.js';
import type { PolicyKind } from './types.js';

const ok: Stmt = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const trustOk: Stmt = {
  Effect: 'Allow',
  Principal: { Service: 'ecs-tasks.amazonaws.com' },
  Action: 'sts:AssumeRole',
};
const withCond = (Condition: unknown): Stmt => ({ ...ok, Condition });

describe('validatePolicy: valid documents', () => {
  it.each<[string, unknown, PolicyKind | undefined]>([
    ['identity policy', doc(ok), 'identity'],
    ['statement as an object', { Version: '2012-10-17', Statement: ok }, undefined],
    ['ECS trust policy', doc(trustOk), 'trust'],
    [
      'IRSA trust policy',
      doc({
        Effect: 'Allow',
        Principal: {
          Federated: 'arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC',
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:a:b' },
        },
      }),
      'trust',
    ],
    [
      'bucket policy',
      doc({ ...ok, Principal: { AWS: ['111111111111', 'arn:aws:iam::222222222222:role/x'] } }),
      'resource',
    ],
    [
      'resource policy without Resource',
      doc({ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }),
      'resource',
    ],
    [
      'every condition family',
      doc(
        withCond({
          NumericLessThan: { k: 5 },
          DateGreaterThan: { d: '2024-01-01T00:00:00Z' },
          IpAddress: { i: ['10.0.0.0/8', '::1'] },
          Bool: { b: true },
          Null: { n: 'false' },
          'ForAnyValue:StringLike': { t: ['a*'] },
        }),
      ),
      'identity',
    ],
    [
      'variable in the resource part',
      doc({ ...ok, Resource: 'arn:aws:s3:::b/${aws:username}/*' }),
      'identity',
    ],
    ['JSON text', JSON.stringify(doc(ok)), 'identity'],
  ])('%s has no problems', (_n, document, kind) => {
    expect(validatePolicy(document, kind ? { kind } : {})).toEqual([]);
  });
});

describe('validatePolicy: problems', () => {
  it.each<[string, unknown, PolicyKind | undefined, string, RegExp]>([
    ['not an object', '[1,2]', undefined, '', /JSON object/],
    [
      'unknown top-level element',
      { ...doc(ok), Statements: [] },
      undefined,
      '/Statements',
      /unknown top-level/,
    ],
    ['bad Version', { Version: '2024-01-01', Statement: [ok] }, undefined, '/Version', /2012-10-17/],
    ['Version as a number', { Version: 2012, Statement: [ok] }, undefined, '/Version', /2012-10-17/],
    ['no Version', { Statement: [ok] }, undefined, '/Version', /not substituted/],
    ['missing Statement', { Version: '2012-10-17' }, undefined, '/Statement', /missing Statement/],
    ['statement not an object', doc('x' as unknown as Stmt), undefined, '/Statement/0', /must be an object/],
    [
      'missing Effect',
      doc({ Action: '*', Resource: '*' }),
      undefined,
      '/Statement/0/Effect',
      /missing Effect/,
    ],
    [
      'bad Effect value',
      doc({ ...ok, Effect: 'allow' }),
      undefined,
      '/Statement/0/Effect',
      /"Allow" or "Deny"/,
    ],
    [
      'Effect path on object Statement',
      { Version: '2012-10-17', Statement: { ...ok, Effect: 'Permit' } },
      undefined,
      '/Statement/Effect',
      /"Allow" or "Deny"/,
    ],
    [
      'Action and NotAction',
      doc({ ...ok, NotAction: 's3:PutObject' }),
      undefined,
      '/Statement/0',
      /Action and NotAction/,
    ],
    [
      'neither Action nor NotAction',
      doc({ Effect: 'Allow', Resource: '*' }),
      undefined,
      '/Statement/0',
      /missing Action/,
    ],
    [
      'Resource and NotResource',
      doc({ ...ok, NotResource: '*' }),
      undefined,
      '/Statement/0',
      /Resource and NotResource/,
    ],
    [
      'missing Resource in an identity policy',
      doc({ Effect: 'Allow', Action: '*' }),
      'identity',
      '/Statement/0',
      /missing Resource/,
    ],
    [
      'unknown statement element',
      doc({ ...ok, Actions: ['x'] }),
      undefined,
      '/Statement/0/Actions',
      /unknown statement element/,
    ],
    [
      'action without a service',
      doc({ ...ok, Action: 'GetObject' }),
      undefined,
      '/Statement/0/Action',
      /service:action/,
    ],
    ['empty Action list', doc({ ...ok, Action: [] }), undefined, '/Statement/0/Action', /empty list/],
    [
      'non-string action',
      doc({ ...ok, Action: ['s3:GetObject', 5] }),
      undefined,
      '/Statement/0/Action/1',
      /strings/,
    ],
    [
      'resource not an ARN',
      doc({ ...ok, Resource: 'my-bucket' }),
      undefined,
      '/Statement/0/Resource',
      /neither "\*" nor an ARN/,
    ],
    [
      'wildcard in the service segment',
      doc({ ...ok, Resource: 'arn:aws:s*:::b' }),
      undefined,
      '/Statement/0/Resource',
      /service segment/,
    ],
    [
      'variable outside the resource part',
      doc({ ...ok, Resource: 'arn:aws:iam::${aws:PrincipalAccount}:role/x' }),
      undefined,
      '/Statement/0/Resource',
      /only allowed in the resource part/,
    ],
    [
      'short ARN without a trailing *',
      doc({ ...ok, Resource: ['arn:aws:s3'] }),
      undefined,
      '/Statement/0/Resource/0',
      /fewer than six/,
    ],
    [
      'duplicate Sid',
      doc({ ...ok, Sid: 'a' }, { ...ok, Sid: 'a' }),
      undefined,
      '/Statement/1/Sid',
      /duplicate Sid/,
    ],
    [
      'I50 Principal in an identity policy',
      doc({ ...ok, Principal: '*' }),
      'identity',
      '/Statement/0/Principal',
      /prohibited/,
    ],
    [
      'Principal in a boundary',
      doc({ ...ok, Principal: '*' }),
      'boundary',
      '/Statement/0/Principal',
      /prohibited/,
    ],
    [
      'I50 NotPrincipal in a trust policy',
      doc({ Effect: 'Deny', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' }),
      'trust',
      '/Statement/0/NotPrincipal',
      /not allowed in trust/,
    ],
    [
      'I50 Resource in a trust policy',
      doc({ ...trustOk, Resource: '*' }),
      'trust',
      '/Statement/0',
      /trust policy has no Resource/,
    ],
    [
      'I50 account wildcard in a principal',
      doc({ ...trustOk, Principal: { AWS: 'arn:aws:iam::*:root' } }),
      'trust',
      '/Statement/0/Principal/AWS',
      /partial wildcards/,
    ],
    [
      'role name wildcard in a principal',
      doc({ ...trustOk, Principal: { AWS: ['arn:aws:iam::111111111111:role/app-*'] } }),
      'trust',
      '/Statement/0/Principal/AWS/0',
      /partial wildcards/,
    ],
    [
      'dangling unique id',
      doc({ ...trustOk, Principal: { AWS: 'AROAEXAMPLEID1234567' } }),
      'trust',
      '/Statement/0/Principal/AWS',
      /dangling/,
    ],
    [
      'not an account or ARN',
      doc({ ...trustOk, Principal: { AWS: 'alice' } }),
      'trust',
      '/Statement/0/Principal/AWS',
      /account id or an IAM\/STS ARN/,
    ],
    [
      'Service "*"',
      doc({ ...trustOk, Principal: { Service: '*' } }),
      'trust',
      '/Statement/0/Principal/Service',
      /only valid/,
    ],
    [
      'unknown principal type',
      doc({ ...trustOk, Principal: { Aws: '111111111111' } }),
      'trust',
      '/Statement/0/Principal/Aws',
      /unknown principal type/,
    ],
    ['missing Principal in a resource policy', doc(ok), 'resource', '/Statement/0', /missing Principal/],
    [
      'Principal and NotPrincipal',
      doc({ ...ok, Principal: '*', NotPrincipal: '*' }),
      'resource',
      '/Statement/0',
      /Principal and NotPrincipal/,
    ],
    [
      'NotPrincipal with Allow',
      doc({ ...ok, NotPrincipal: { AWS: '111111111111' } }),
      'resource',
      '/Statement/0/NotPrincipal',
      /grants everyone else/,
    ],
    [
      'unknown condition operator',
      doc(withCond({ StringContains: { k: 'x' } })),
      undefined,
      '/Statement/0/Condition/StringContains',
      /unknown condition operator/,
    ],
    [
      'NullIfExists',
      doc(withCond({ NullIfExists: { k: 'true' } })),
      undefined,
      '/Statement/0/Condition/NullIfExists',
      /unknown condition operator/,
    ],
    [
      'operator spelling',
      doc(withCond({ stringequals: { k: 'x' } })),
      undefined,
      '/Statement/0/Condition/stringequals',
      /"StringEquals"/,
    ],
    [
      'operator without keys',
      doc(withCond({ StringEquals: 'x' })),
      undefined,
      '/Statement/0/Condition/StringEquals',
      /object of condition keys/,
    ],
    [
      'Condition not an object',
      doc(withCond(['x'])),
      undefined,
      '/Statement/0/Condition',
      /object of operators/,
    ],
    [
      'numeric value',
      doc(withCond({ NumericLessThan: { k: 'ten' } })),
      undefined,
      '/Statement/0/Condition/NumericLessThan/k',
      /not a number/,
    ],
    [
      'date value',
      doc(withCond({ DateLessThan: { k: 'tomorrow' } })),
      undefined,
      '/Statement/0/Condition/DateLessThan/k',
      /ISO-8601/,
    ],
    [
      'IP value',
      doc(withCond({ IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } })),
      undefined,
      '/Statement/0/Condition/IpAddress/aws:SourceIp',
      /CIDR/,
    ],
    [
      'Bool value',
      doc(withCond({ Bool: { 'aws:SecureTransport': 'yes' } })),
      undefined,
      '/Statement/0/Condition/Bool/aws:SecureTransport',
      /"true" or "false"/,
    ],
    [
      'Null value',
      doc(withCond({ Null: { k: 'maybe' } })),
      undefined,
      '/Statement/0/Condition/Null/k',
      /"true" or "false"/,
    ],
    [
      'object as a condition value',
      doc(withCond({ StringEquals: { k: { a: 1 } } })),
      undefined,
      '/Statement/0/Condition/StringEquals/k',
      /strings, numbers or booleans/,
    ],
    [
      'empty value list',
      doc(withCond({ StringEquals: { k: [] } })),
      undefined,
      '/Statement/0/Condition/StringEquals/k',
      /empty list/,
    ],
    [
      'I39 OIDC key with https://',
      doc(withCond({ StringEquals: { 'https://oidc.eks.us-east-1.amazonaws.com/id/A:sub': 'x' } })),
      undefined,
      '/Statement/0/Condition/StringEquals/https:~1~1oidc.eks.us-east-1.amazonaws.com~1id~1A:sub',
      /https:\/\//,
    ],
  ])('%s', (_n, document, kind, path, message) => {
    const problems = validatePolicy(document, kind ? { kind } : {});
    expect(problems).toContainEqual(
      expect.objectContaining({ path, message: expect.stringMatching(message) }),
    );
  });
});

describe('validatePolicy: severity', () => {
  it.each<[string, unknown, PolicyKind | undefined, 'error' | 'warning']>([
    ['missing Effect', doc({ Action: '*', Resource: '*' }), undefined, 'error'],
    ['Principal in an identity policy', doc({ ...ok, Principal: '*' }), 'identity', 'error'],
    [
      'partial wildcard principal',
      doc({ ...trustOk, Principal: { AWS: 'arn:aws:iam::*:root' } }),
      'trust',
      'error',
    ],
    ['no Version', { Statement: [ok] }, undefined, 'warning'],
    [
      'dangling unique id',
      doc({ ...trustOk, Principal: { AWS: 'AIDAEXAMPLEID1234567' } }),
      'trust',
      'warning',
    ],
    [
      'https:// OIDC key',
      doc(withCond({ StringEquals: { 'https://x.example.com:sub': 'a' } })),
      undefined,
      'warning',
    ],
  ])('%s → %s', (_n, document, kind, severity) => {
    const problems = validatePolicy(document, kind ? { kind } : {});
    expect(problems.map((p) => p.severity)).toEqual([severity]);
  });
});

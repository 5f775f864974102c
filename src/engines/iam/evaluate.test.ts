// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal text here
// Identity-side conditions (cases I22-I36 of /work/shared/domain/iam-and-eventbridge.md), policy
// variables and Version, statement shapes, and permissions boundaries.
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import { A, allow, deny, doc, type Stmt } from './test-helpers.js';
import type { ContextValue, Decision, EvalRequest, Principal } from './types.js';

const session: Principal = { type: 'AWS', id: `arn:aws:sts::${A}:assumed-role/app-exec/task1` };
const alice: Principal = { type: 'AWS', id: `arn:aws:iam::${A}:user/alice` };

type Row = [string, Stmt[], string, string, Decision, Record<string, ContextValue>?, Principal?];

function decide(statements: Stmt[], action: string, resource: string, context = {}, principal = session) {
  const req: EvalRequest = { action, resource, principal, context };
  return evaluate({ identity: [{ id: 'role/app-exec inline:p', document: doc(...statements) }] }, req)
    .decision;
}

describe('conditions in identity policies (I22-I36)', () => {
  const sa = { Condition: { StringEquals: { 'aws:SourceAccount': A } } };
  const team = (op: string) => ({ Condition: { [op]: { 'aws:PrincipalTag/team': 'x' } } });
  const tags = (op: string, v: string[]) => ({ Condition: { [op]: { 'aws:TagKeys': v } } });
  const obj = 'arn:aws:s3:::b/alice/x';
  it.each<Row>([
    ['I22 Allow needs SourceAccount', [allow('s3:GetObject', '*', sa)], 's3:GetObject', obj, 'implicit-deny'],
    [
      'I22 SourceAccount present',
      [allow('s3:GetObject', '*', sa)],
      's3:GetObject',
      obj,
      'allow',
      { 'aws:SourceAccount': A },
    ],
    [
      'I23 Deny StringNotEquals on missing key',
      [allow('*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:SourceAccount': A } } })],
      's3:GetObject',
      obj,
      'explicit-deny',
    ],
    [
      'I24 Deny NotEqualsIfExists, no tag',
      [allow('*'), deny('*', '*', team('StringNotEqualsIfExists'))],
      's3:GetObject',
      obj,
      'explicit-deny',
    ],
    [
      'I24 Deny NotEqualsIfExists, tag matches',
      [allow('*'), deny('*', '*', team('StringNotEqualsIfExists'))],
      's3:GetObject',
      obj,
      'allow',
      { 'aws:PrincipalTag/team': 'x' },
    ],
    [
      'I25 Allow EqualsIfExists, no tag',
      [allow('*', '*', team('StringEqualsIfExists'))],
      's3:GetObject',
      obj,
      'allow',
    ],
    [
      'I26 Null TokenIssueTime: IAM user',
      [allow('*', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })],
      's3:GetObject',
      obj,
      'allow',
      {},
      alice,
    ],
    [
      'I26 Null TokenIssueTime: role session',
      [allow('*', '*', { Condition: { Null: { 'aws:TokenIssueTime': 'true' } } })],
      's3:GetObject',
      obj,
      'implicit-deny',
      { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' },
    ],
    [
      'I27 AND across operators',
      [
        allow('*', '*', {
          Condition: {
            StringEquals: { 'aws:PrincipalTag/team': 'a' },
            IpAddress: { 'aws:SourceIp': '10.0.0.0/8' },
          },
        }),
      ],
      's3:GetObject',
      obj,
      'implicit-deny',
      { 'aws:PrincipalTag/team': 'a', 'aws:SourceIp': '192.168.1.1' },
    ],
    [
      'I28 StringEquals OR',
      [allow('*', '*', { Condition: { StringEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } })],
      's3:GetObject',
      obj,
      'allow',
      { 'aws:PrincipalTag/team': 'b' },
    ],
    [
      'I28 StringNotEquals NOR',
      [allow('*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalTag/team': ['a', 'b'] } } })],
      's3:GetObject',
      obj,
      'implicit-deny',
      { 'aws:PrincipalTag/team': 'b' },
    ],
    [
      'I29 ForAllValues, no tags (trap)',
      [allow('*', '*', tags('ForAllValues:StringEquals', ['env', 'team']))],
      's3:PutObject',
      obj,
      'allow',
    ],
    [
      'I29 ForAllValues, [env]',
      [allow('*', '*', tags('ForAllValues:StringEquals', ['env', 'team']))],
      's3:PutObject',
      obj,
      'allow',
      { 'aws:TagKeys': ['env'] },
    ],
    [
      'I29 ForAllValues, [env, owner]',
      [allow('*', '*', tags('ForAllValues:StringEquals', ['env', 'team']))],
      's3:PutObject',
      obj,
      'implicit-deny',
      { 'aws:TagKeys': ['env', 'owner'] },
    ],
    [
      'I30 ForAnyValue, no tags',
      [allow('*', '*', tags('ForAnyValue:StringEquals', ['env']))],
      's3:PutObject',
      obj,
      'implicit-deny',
    ],
    [
      'I31 ForAllValues on single-valued key (trap)',
      [allow('*', '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:SourceAccount': A } } })],
      's3:GetObject',
      obj,
      'allow',
    ],
    [
      'I33 bare IP',
      [allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.5' } } })],
      's3:GetObject',
      obj,
      'allow',
      { 'aws:SourceIp': '203.0.113.5' },
    ],
    [
      'I33 other IP',
      [allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.5' } } })],
      's3:GetObject',
      obj,
      'implicit-deny',
      { 'aws:SourceIp': '203.0.113.6' },
    ],
    [
      'I33 via VPC endpoint (no SourceIp)',
      [allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.5' } } })],
      's3:GetObject',
      obj,
      'implicit-deny',
    ],
    [
      'I34 ${aws:username}: user alice',
      [allow('s3:GetObject', 'arn:aws:s3:::b/${aws:username}/*')],
      's3:GetObject',
      obj,
      'allow',
      {},
      alice,
    ],
    [
      'I34 ${aws:username}: role session',
      [allow('s3:GetObject', 'arn:aws:s3:::b/${aws:username}/*')],
      's3:GetObject',
      obj,
      'implicit-deny',
    ],
    [
      'I36 odd key case',
      [allow('*', '*', { Condition: { IpAddress: { 'AWS:SourceIP': '10.0.0.0/8' } } })],
      's3:GetObject',
      obj,
      'allow',
      { 'aws:SourceIp': '10.1.2.3' },
    ],
    [
      'tag variable in Resource',
      [allow('s3:GetObject', 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*')],
      's3:GetObject',
      'arn:aws:s3:::b/red/x',
      'allow',
      { 'aws:PrincipalTag/team': 'red' },
    ],
    [
      'variable only in the resource part',
      [allow('sts:AssumeRole', 'arn:aws:iam::${aws:PrincipalAccount}:role/x')],
      'sts:AssumeRole',
      `arn:aws:iam::${A}:role/x`,
      'implicit-deny',
    ],
  ])('%s', (_n, statements, action, resource, expected, context, principal) => {
    expect(decide(statements, action, resource, context, principal)).toBe(expected);
  });

  it.each([
    ['2008-10-17', 'arn:aws:s3:::b/alice/x', 'implicit-deny'],
    ['2008-10-17', 'arn:aws:s3:::b/${aws:username}/x', 'allow'],
    [undefined, 'arn:aws:s3:::b/alice/x', 'implicit-deny'],
    [undefined, 'arn:aws:s3:::b/${aws:username}/x', 'allow'],
  ])('I35 Version %s: %s → %s', (Version, resource, expected) => {
    const document = { Version, Statement: [allow('s3:GetObject', 'arn:aws:s3:::b/${aws:username}/*')] };
    const r = evaluate(
      { identity: [{ id: 'p', document }] },
      { action: 's3:GetObject', resource, principal: alice },
    );
    expect(r.decision).toBe(expected);
  });
});

describe('policy shapes', () => {
  const req: EvalRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: session };
  const text = JSON.stringify(doc(allow('s3:GetObject')));
  it.each<[string, unknown, Decision]>([
    ['Statement as an object', { Version: '2012-10-17', Statement: allow('s3:GetObject') }, 'allow'],
    ['document as JSON text', text, 'allow'],
    ['document URL-encoded', encodeURIComponent(text), 'allow'],
    ['invalid JSON text', '{nope', 'implicit-deny'],
    [
      'Effect in lower case is skipped',
      doc({ Effect: 'allow', Action: '*', Resource: '*' }),
      'implicit-deny',
    ],
    ['no Action element is skipped', doc({ Effect: 'Allow', Resource: '*' }), 'implicit-deny'],
    ['no Resource in an identity policy is skipped', doc({ Effect: 'Allow', Action: '*' }), 'implicit-deny'],
    [
      'Principal in an identity policy is ignored',
      doc(allow('*', '*', { Principal: { AWS: 'arn:aws:iam::1:root' } })),
      'allow',
    ],
    ['Action list', doc(allow(['s3:PutObject', 's3:GetObject'])), 'allow'],
    ['Resource list', doc(allow('s3:GetObject', ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'])), 'allow'],
    [
      'Allow NotResource excludes',
      doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::b/*' }),
      'implicit-deny',
    ],
    [
      'Allow NotResource elsewhere',
      doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }),
      'allow',
    ],
    [
      'Deny NotResource elsewhere',
      doc(allow('*'), { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::other/*' }),
      'explicit-deny',
    ],
    [
      'Deny NotResource spares listed',
      doc(allow('*'), { Effect: 'Deny', Action: '*', NotResource: 'arn:aws:s3:::b/*' }),
      'allow',
    ],
    ['not a document', 42, 'implicit-deny'],
  ])('%s → %s', (_n, document, expected) => {
    expect(evaluate({ identity: [{ id: 'p', document }] }, req).decision).toBe(expected);
  });

  it('reports the statements that allow and deny', () => {
    const r = evaluate(
      {
        identity: [
          { id: 'inline:a', document: doc({ Sid: 'All', ...allow('s3:*') }) },
          { id: 'inline:b', document: doc(allow('ec2:*'), deny('s3:GetObject', 'arn:aws:s3:::b/*')) },
        ],
      },
      req,
    );
    expect(r.decision).toBe('explicit-deny');
    expect(r.certain).toBe(true);
    expect(r.allowedBy).toEqual([{ policyId: 'inline:a', index: 0, sid: 'All', kind: 'identity' }]);
    expect(r.deniedBy).toEqual([{ policyId: 'inline:b', index: 1, kind: 'identity' }]);
  });
});

describe('permissions boundary', () => {
  const id = [{ id: 'id', document: doc(allow('s3:*')) }];
  const bnd = (...s: Stmt[]) => [{ id: 'boundary', document: doc(...s) }];
  it.each<[string, Stmt[], string, Decision]>([
    ['intersection allows', [allow('s3:GetObject')], 's3:GetObject', 'allow'],
    ['outside the boundary', [allow('s3:GetObject')], 's3:PutObject', 'implicit-deny'],
    ['boundary allows, identity does not', [allow('*')], 'ec2:RunInstances', 'implicit-deny'],
    ['deny in the boundary', [allow('*'), deny('s3:PutObject')], 's3:PutObject', 'explicit-deny'],
    ['empty boundary', [], 's3:GetObject', 'implicit-deny'],
  ])('%s', (_n, boundary, action, expected) => {
    const r = evaluate(
      { identity: id, boundary: bnd(...boundary) },
      { action, resource: 'arn:aws:s3:::b/k', principal: session },
    );
    expect(r.decision).toBe(expected);
  });
});

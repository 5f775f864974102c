// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal text here
// Condition operators (A7-A9 of /work/shared/domain/iam-and-eventbridge.md), one block at a time.
import { describe, expect, it } from 'vitest';
import { evalCondition, parseOperator } from './conditions.js';
import { Ctx } from './context.js';
import type { Tri } from './tri.js';
import type { ContextValue } from './types.js';

function cond(
  condition: unknown,
  context: Record<string, ContextValue> = {},
  opts: { mode?: 'absent' | 'uncertain'; variables?: boolean; absent?: string[] } = {},
): Tri {
  const ctx = new Ctx(context, opts.mode ?? 'absent', opts.absent ?? []);
  return evalCondition(condition, {
    ctx,
    variables: opts.variables ?? true,
    unknownKeys: new Set(),
    notes: [],
  });
}

/** [operator, policy value(s), request value (undefined = key absent), expected] on key "k". */
type Row = [string, unknown, ContextValue | undefined, boolean];

const one = (op: string, pv: unknown, rv: ContextValue | undefined): Tri =>
  cond({ [op]: { k: pv } }, rv === undefined ? {} : { k: rv });

describe('string operators', () => {
  it.each<Row>([
    ['StringEquals', 'a', 'a', true],
    ['StringEquals', 'a', 'A', false], // values are case-sensitive
    ['StringEquals', ['a', 'b'], 'b', true], // OR across values
    ['StringEquals', 'a', undefined, false], // missing key: positive operator false
    ['StringEquals', 'a*', 'abc', false], // no wildcards outside Like
    ['StringEquals', 'a*', 'a*', true],
    ['StringNotEquals', 'a', 'b', true],
    ['StringNotEquals', 'a', 'a', false],
    ['StringNotEquals', ['a', 'b'], 'b', false], // NOR
    ['StringNotEquals', 'a', undefined, true], // missing key: negated operator true
    ['StringEqualsIgnoreCase', 'ABC', 'abc', true],
    ['StringEqualsIgnoreCase', 'ABC', 'abd', false],
    ['StringNotEqualsIgnoreCase', 'ABC', 'abc', false],
    ['StringNotEqualsIgnoreCase', 'ABC', 'x', true],
    ['StringLike', 'prod-*', 'prod-api', true],
    ['StringLike', 'prod-*', 'dev-api', false],
    ['StringLike', 'a?c', 'abc', true],
    ['StringLike', 'a?c', 'ac', false],
    ['StringLike', 'Prod*', 'prod', false],
    ['StringLike', 'system:serviceaccount:prod:*', 'system:serviceaccount:prod:api', true],
    ['StringNotLike', 'prod-*', 'dev', true],
    ['StringNotLike', 'prod-*', 'prod-x', false],
    ['StringNotLike', 'prod-*', undefined, true],
    ['StringEquals', 3, '3', true], // numbers in the policy are compared as strings
    ['StringEquals', 'true', true, true],
  ])('%s %j vs %j → %s', (op, pv, rv, expected) => {
    expect(one(op, pv, rv)).toBe(expected);
  });
});

describe('numeric and date operators', () => {
  it.each<Row>([
    ['NumericEquals', '10', 10, true],
    ['NumericEquals', '10', '10.0', true],
    ['NumericEquals', '10', 11, false],
    ['NumericNotEquals', '10', 11, true],
    ['NumericNotEquals', '10', 10, false],
    ['NumericLessThan', '10', 9, true],
    ['NumericLessThan', '10', 10, false],
    ['NumericLessThanEquals', 10, 10, true],
    ['NumericLessThanEquals', 10, 11, false],
    ['NumericGreaterThan', '10', 11, true],
    ['NumericGreaterThan', '10', 10, false],
    ['NumericGreaterThanEquals', '10', 10, true],
    ['NumericGreaterThanEquals', '10', 9, false],
    ['NumericLessThan', 3600, '3599', true],
    ['NumericEquals', 'abc', 1, false],
    ['NumericLessThan', '10', undefined, false],
    ['DateEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', true],
    ['DateEquals', '1704067200', '2024-01-01T00:00:00Z', true], // epoch seconds
    ['DateEquals', '2024-01-01', '2024-01-01T00:00:00Z', true],
    ['DateEquals', '2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00Z', true],
    ['DateNotEquals', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', true],
    ['DateNotEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', false],
    ['DateLessThan', '2024-01-01T00:00:00Z', '2023-12-31T23:59:59Z', true],
    ['DateLessThan', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z', false],
    ['DateLessThanEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', true],
    ['DateGreaterThan', '2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', true],
    ['DateGreaterThan', '2024-01-01T00:00:00Z', '2023-06-01T00:00:00Z', false],
    ['DateGreaterThanEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', true],
    ['DateEquals', 'next tuesday', '2024-01-01T00:00:00Z', false],
    ['DateLessThan', '2024-01-01T00:00:00Z', undefined, false],
  ])('%s %j vs %j → %s', (op, pv, rv, expected) => {
    expect(one(op, pv, rv)).toBe(expected);
  });
});

describe('bool, binary, IP and ARN operators', () => {
  const ecs = `arn:aws:ecs:us-east-1:111111111111`;
  it.each<Row>([
    ['Bool', 'true', true, true],
    ['Bool', 'true', false, false],
    ['Bool', 'false', 'false', true],
    ['Bool', true, 'true', true],
    ['Bool', 'true', undefined, false],
    ['BinaryEquals', 'YWJj', 'YWJj', true],
    ['BinaryEquals', 'YWJj', 'YWJk', false],
    ['BinaryEquals', 'YWJj', 'not base64!', false],
    ['IpAddress', '10.0.0.0/8', '10.1.2.3', true],
    ['IpAddress', '10.0.0.0/8', '192.168.1.1', false],
    ['IpAddress', '203.0.113.5', '203.0.113.5', true], // I33: bare address is a /32
    ['IpAddress', '203.0.113.5', '203.0.113.6', false],
    ['IpAddress', '203.0.113.5', undefined, false], // via a VPC endpoint there is no aws:SourceIp
    ['IpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.7.7', true],
    ['IpAddress', '2001:db8::/32', '2001:db8:1::5', true],
    ['IpAddress', '2001:DB8::/32', '2001:db8:1::5', true],
    ['IpAddress', '2001:db8::/32', '2001:db9::1', false],
    ['IpAddress', '::1', '::1', true],
    ['IpAddress', '::ffff:0:0/96', '::ffff:10.0.0.1', true],
    ['IpAddress', '10.0.0.0/8', '2001:db8::1', false], // families never mix
    ['IpAddress', '0.0.0.0/0', '8.8.8.8', true],
    ['IpAddress', '10.0.0.0/8', 'not-an-ip', false],
    ['NotIpAddress', '10.0.0.0/8', '10.1.2.3', false],
    ['NotIpAddress', '10.0.0.0/8', '8.8.8.8', true],
    ['NotIpAddress', '10.0.0.0/8', undefined, true],
    ['ArnLike', `${ecs}:*`, `${ecs}:task/c/abc`, true],
    ['ArnLike', `${ecs}:*`, 'arn:aws:ecs:us-east-1:222222222222:task/c/abc', false],
    ['ArnEquals', `${ecs}:task/*`, `${ecs}:task/c/abc`, true], // ArnEquals behaves like ArnLike
    ['ArnLike', `${ecs}:task/C/*`, `${ecs}:task/c/abc`, false], // case-sensitive
    ['ArnLike', `${ecs}:*`, 'not-an-arn', false],
    ['ArnNotLike', `${ecs}:*`, `${ecs}:task/c/abc`, false],
    ['ArnNotLike', `${ecs}:*`, 'arn:aws:ecs:us-east-1:222222222222:task/x', true],
    ['ArnNotEquals', `${ecs}:task/x`, `${ecs}:task/y`, true],
    ['ArnNotEquals', `${ecs}:task/x`, undefined, true],
    // I32: StringLike's * spans colons; ArnLike matches per segment
    [
      'StringLike',
      'arn:aws:someservice:*:111122223333:finance/*',
      'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
      true,
    ],
    [
      'ArnLike',
      'arn:aws:someservice:*:111122223333:finance/*',
      'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt',
      false,
    ],
  ])('%s %j vs %j → %s', (op, pv, rv, expected) => {
    expect(one(op, pv, rv)).toBe(expected);
  });
});

describe('IfExists and Null', () => {
  it.each<Row>([
    ['StringEqualsIfExists', 'x', undefined, true],
    ['StringEqualsIfExists', 'x', 'y', false],
    ['StringEqualsIfExists', 'x', 'x', true],
    ['StringNotEqualsIfExists', 'x', undefined, true], // I24: a Deny with it still applies
    ['NumericLessThanIfExists', '5', undefined, true],
    ['BoolIfExists', 'true', undefined, true],
    ['IpAddressIfExists', '10.0.0.0/8', undefined, true],
    ['ArnLikeIfExists', 'arn:aws:s3:::b', 'arn:aws:s3:::c', false],
    ['Null', 'true', undefined, true],
    ['Null', 'true', 'x', false],
    ['Null', 'false', undefined, false],
    ['Null', 'false', 'x', true],
    ['Null', true, undefined, true],
    ['Null', 'true', [], true], // empty value set counts as absent
  ])('%s %j vs %j → %s', (op, pv, rv, expected) => {
    expect(one(op, pv, rv)).toBe(expected);
  });
});

describe('set operators and the empty-set trap', () => {
  it.each<Row>([
    ['ForAllValues:StringEquals', ['env', 'team'], [], true], // I29: trap
    ['ForAllValues:StringEquals', ['env', 'team'], undefined, true], // trap on a missing key
    ['ForAllValues:StringEquals', ['env', 'team'], ['env'], true],
    ['ForAllValues:StringEquals', ['env', 'team'], ['env', 'team'], true],
    ['ForAllValues:StringEquals', ['env', 'team'], ['env', 'owner'], false],
    ['ForAnyValue:StringEquals', ['env'], undefined, false], // I30
    ['ForAnyValue:StringEquals', ['env'], [], false],
    ['ForAnyValue:StringEquals', ['env'], ['env', 'x'], true],
    ['ForAnyValue:StringEquals', ['env'], ['x'], false],
    ['ForAllValues:StringNotLike', ['key1*'], ['a', 'b'], true],
    ['ForAllValues:StringNotLike', ['key1*'], ['key1x', 'a'], false],
    ['ForAllValues:StringNotLike', ['key1*'], undefined, true],
    ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'c'], true],
    ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'b'], false],
    ['ForAnyValue:StringLike', ['Created*'], ['CreatedBy', 'Owner'], true],
    ['ForAllValues:StringLike', ['Created*'], ['CreatedBy', 'Owner'], false],
    ['ForAnyValue:StringEqualsIfExists', ['x'], undefined, true],
    ['ForAllValues:StringEquals', '111111111111', undefined, true], // I31: single-valued key, trap
    ['ForAnyValue:StringEquals', '111111111111', '111111111111', true], // one value = one-element set
    ['ForAnyValue:StringEqualsIgnoreCase', ['ENV'], ['env'], true],
    ['ForAnyValue:NumericGreaterThan', '5', ['1', '10'], true],
    ['ForAllValues:NumericGreaterThan', '5', ['1', '10'], false],
    ['ForAnyValue:IpAddress', '10.0.0.0/8', ['8.8.8.8', '10.0.0.1'], true],
    ['ForAnyValue:ArnLike', 'arn:aws:iam::*:role/x', ['arn:aws:iam::111111111111:role/x'], true],
    // plain operator on a multi-valued request value: no match (derived)
    ['StringEquals', 'env', ['env', 'team'], false],
    ['StringEquals', 'env', ['env'], true],
  ])('%s %j vs %j → %s', (op, pv, rv, expected) => {
    expect(one(op, pv, rv)).toBe(expected);
  });
});

describe('blocks, key names and variables', () => {
  const c27 = { StringEquals: { 'aws:PrincipalTag/team': 'a' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
  const alice = { 'aws:username': 'alice' };
  it.each<[string, unknown, Record<string, ContextValue>, boolean, boolean?]>([
    [
      'I27: AND across operators, one fails',
      c27,
      { 'aws:PrincipalTag/team': 'a', 'aws:SourceIp': '192.168.1.1' },
      false,
    ],
    [
      'AND across operators, both hold',
      c27,
      { 'aws:PrincipalTag/team': 'a', 'aws:SourceIp': '10.9.9.9' },
      true,
    ],
    ['AND across keys of one operator', { StringEquals: { a: '1', b: '2' } }, { a: '1', b: 'x' }, false],
    [
      'I36: key names are case-insensitive',
      { IpAddress: { 'AWS:SourceIP': '10.0.0.0/8' } },
      { 'aws:SourceIp': '10.1.2.3' },
      true,
    ],
    [
      'tag-key suffix case-insensitive',
      { StringEquals: { 'aws:PrincipalTag/team': 'x' } },
      { 'AWS:PRINCIPALTAG/TEAM': 'x' },
      true,
    ],
    ['empty Condition', {}, {}, true],
    ['malformed Condition', ['StringEquals'], {}, false],
    ['unknown operator', { StringMatches: { k: 'x' } }, { k: 'x' }, false],
    ['NullIfExists is not an operator', { NullIfExists: { k: 'true' } }, {}, false],
    [
      'variable substituted',
      { StringEquals: { 's3:prefix': '${aws:username}/' } },
      { ...alice, 's3:prefix': 'alice/' },
      true,
    ],
    [
      'variable literal under 2008-10-17',
      { StringEquals: { 's3:prefix': '${aws:username}/' } },
      { ...alice, 's3:prefix': 'alice/' },
      false,
      false,
    ],
    [
      'literal text under 2008-10-17',
      { StringEquals: { 's3:prefix': '${aws:username}/' } },
      { 's3:prefix': '${aws:username}/' },
      true,
      false,
    ],
    [
      'variable with no value: positive no match',
      { StringEquals: { k: '${aws:PrincipalTag/team}' } },
      { k: '' },
      false,
    ],
    [
      'variable with no value: negated matches',
      { StringNotEquals: { k: '${aws:PrincipalTag/team}' } },
      { k: 'x' },
      true,
    ],
    [
      'variable default',
      { StringEquals: { k: "${aws:PrincipalTag/team, 'company-wide'}" } },
      { k: 'company-wide' },
      true,
    ],
    [
      'variable key name case-insensitive',
      { StringEquals: { k: '${AWS:UserName}' } },
      { ...alice, k: 'alice' },
      true,
    ],
    ['${*} is a literal star', { StringLike: { k: 'a${*}' } }, { k: 'a*' }, true],
    ['${*} is not a wildcard', { StringLike: { k: 'a${*}' } }, { k: 'ab' }, false],
    ['${?} and ${$}', { StringEquals: { k: '${?}${$}' } }, { k: '?$' }, true],
    [
      'variable value is literal in Like',
      { StringLike: { k: 'x-${aws:username}' } },
      { 'aws:username': '*', k: 'x-abc' },
      false,
    ],
    [
      'no variables in Numeric',
      { NumericEquals: { k: '${aws:MultiFactorAuthAge}' } },
      { k: '5', 'aws:MultiFactorAuthAge': '5' },
      false,
    ],
    [
      'no variables in Bool (literal)',
      { Bool: { k: '${aws:SecureTransport}' } },
      { k: 'true', 'aws:SecureTransport': 'true' },
      false,
    ],
    [
      'variables in ARN operators',
      { ArnLike: { k: 'arn:aws:iam::${aws:PrincipalAccount}:role/*' } },
      { 'aws:PrincipalAccount': '111111111111', k: 'arn:aws:iam::111111111111:role/x' },
      true,
    ],
    [
      'multi-valued key is not a variable',
      { StringEquals: { k: '${aws:TagKeys}' } },
      { 'aws:TagKeys': ['a', 'b'], k: 'a' },
      false,
    ],
  ])('%s', (_name, condition, context, expected, variables = true) => {
    expect(cond(condition, context, { variables })).toBe(expected);
  });
});

describe('linting mode (three-valued)', () => {
  it.each<[string, unknown, Record<string, ContextValue>, Tri, string[]?]>([
    ['missing key is unknown', { StringEquals: { k: 'x' } }, {}, 'unknown'],
    ['IfExists on a missing key is unknown', { StringEqualsIfExists: { k: 'x' } }, {}, 'unknown'],
    ['Null on a missing key is unknown', { Null: { k: 'true' } }, {}, 'unknown'],
    ['ForAllValues on a missing key is unknown', { 'ForAllValues:StringEquals': { k: 'x' } }, {}, 'unknown'],
    ['a present key decides', { StringEquals: { k: 'x' } }, { k: 'x' }, true],
    ['[] means known absent', { StringEquals: { k: 'x' } }, { k: [] }, false],
    ['absentKeys means known absent', { StringEquals: { k: 'x' } }, {}, false, ['k']],
    ['false AND unknown is false', { StringEquals: { k: 'x', j: 'y' } }, { j: 'n' }, false],
    ['true AND unknown is unknown', { StringEquals: { k: 'x', j: 'y' } }, { j: 'y' }, 'unknown'],
    [
      'OR: a matching value wins over an unknown variable',
      { StringEquals: { k: ['x', '${aws:PrincipalTag/t}'] } },
      { k: 'x' },
      true,
    ],
    [
      'OR: unknown variable, other value fails',
      { StringEquals: { k: ['x', '${aws:PrincipalTag/t}'] } },
      { k: 'y' },
      'unknown',
    ],
    [
      'keys written with https:// never exist',
      { StringEquals: { 'https://oidc.example.com:sub': 'x' } },
      {},
      false,
    ],
    ['plain operator on a multi-valued value', { StringEquals: { k: 'a' } }, { k: ['a', 'b'] }, 'unknown'],
  ])('%s', (_name, condition, context, expected, absent = []) => {
    expect(cond(condition, context, { mode: 'uncertain', absent })).toBe(expected);
  });
});

describe('parseOperator', () => {
  it.each([
    ['StringEquals', 'StringEquals'],
    ['ForAnyValue:StringLikeIfExists', 'ForAnyValue:StringLikeIfExists'],
    ['forallvalues:stringequals', 'ForAllValues:StringEquals'],
    ['ArnNotLikeIfExists', 'ArnNotLikeIfExists'],
    ['Null', 'Null'],
    ['NullIfExists', undefined],
    ['ForAnyValue:Null', undefined],
    ['StringContains', undefined],
    ['ForSomeValues:StringEquals', undefined],
  ])('%s → %s', (name, canonical) => {
    expect(parseOperator(name)?.canonical).toBe(canonical);
  });
});

// Resource-based policies in one account: the union with identity policies, principal forms, anonymous
// and service callers (A1, A6, B1; cases I46-I49). Cross-account, KMS and NotPrincipal: crossaccount.test.ts.
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import { A, allow, doc, R, type Stmt } from './test-helpers.js';
import type { Decision, EvalOptions, NamedPolicy, Principal } from './types.js';

const pol = (id: string, ...s: Stmt[]): NamedPolicy[] => [{ id, document: doc(...s) }];
const grant = (Principal: unknown, Action: string | string[], Resource?: string, extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Principal,
  Action,
  ...(Resource === undefined ? {} : { Resource }),
  ...extra,
});
const refuse = (Principal: unknown, Action: string): Stmt => ({ Effect: 'Deny', Principal, Action });

const sess = (roleName: string, acct = A, s = 's1'): Principal => ({
  type: 'AWS',
  id: `arn:aws:sts::${acct}:assumed-role/${roleName}/${s}`,
});
const usr = (name: string, acct = A): Principal => ({ type: 'AWS', id: `arn:aws:iam::${acct}:user/${name}` });
const roleArn = (name: string, acct = A) => `arn:aws:iam::${acct}:role/${name}`;
const repo = `arn:aws:ecr:${R}:${A}:repository/app`;
const PULL = 'ecr:BatchGetImage';

interface Case {
  name: string;
  identity?: Stmt[];
  resource?: Stmt[];
  boundary?: Stmt[];
  action?: string;
  res?: string;
  principal?: Principal;
  anonymous?: boolean;
  context?: Record<string, string>;
  opts?: EvalOptions;
  expected: Decision;
}

function run(c: Case): Decision {
  const set = {
    identity: c.identity ? pol('identity', ...c.identity) : [],
    ...(c.resource ? { resource: pol('resource', ...c.resource) } : {}),
    ...(c.boundary ? { boundary: pol('boundary', ...c.boundary) } : {}),
  };
  const req = { action: c.action ?? PULL, resource: c.res ?? repo, context: c.context ?? {} };
  const withP = c.anonymous ? req : { ...req, principal: c.principal ?? sess('app') };
  return evaluate(set, withP, c.opts).decision;
}

const cases: Case[] = [
  // same account: union
  {
    name: 'I46 repo policy names the role, no identity policy',
    resource: [grant({ AWS: roleArn('app') }, PULL)],
    expected: 'allow',
  },
  {
    name: 'identity allow alone, repo policy silent',
    identity: [allow(PULL)],
    resource: [grant({ AWS: roleArn('other') }, PULL)],
    expected: 'allow',
  },
  {
    name: 'no grant on either side',
    identity: [allow('ecr:PutImage')],
    resource: [grant({ AWS: roleArn('other') }, PULL)],
    expected: 'implicit-deny',
  },
  {
    name: 'I47 repo policy deny beats identity allow',
    identity: [allow('ecr:*')],
    resource: [refuse({ AWS: roleArn('app') }, PULL)],
    expected: 'explicit-deny',
  },
  {
    name: 'identity deny beats repo allow',
    identity: [{ Effect: 'Deny', Action: 'ecr:*', Resource: '*' }],
    resource: [grant('*', PULL)],
    expected: 'explicit-deny',
  },
  {
    name: 'I44-like: naming the account delegates (no identity allow)',
    resource: [grant({ AWS: `arn:aws:iam::${A}:root` }, PULL)],
    expected: 'implicit-deny',
  },
  {
    name: 'naming the account + identity allow',
    identity: [allow(PULL)],
    resource: [grant({ AWS: A }, PULL)],
    expected: 'allow',
  },
  {
    name: 'bare account id = root ARN (delegation)',
    resource: [grant({ AWS: A }, PULL)],
    expected: 'implicit-deny',
  },
  { name: 'I48 Principal * same account, no identity', resource: [grant('*', PULL)], expected: 'allow' },
  { name: '{"AWS": "*"} is the same as *', resource: [grant({ AWS: '*' }, PULL)], expected: 'allow' },
  {
    name: 'I49 role ARN covers its sessions',
    resource: [grant({ AWS: roleArn('app') }, 's3:GetObject')],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    expected: 'allow',
  },
  {
    name: 'role ARN with a path covers its sessions',
    resource: [grant({ AWS: `arn:aws:iam::${A}:role/team/app` }, PULL)],
    expected: 'allow',
  },
  {
    name: 'another role ARN does not',
    resource: [grant({ AWS: roleArn('app2') }, PULL)],
    expected: 'implicit-deny',
  },
  {
    name: 'exact session ARN',
    resource: [grant({ AWS: `arn:aws:sts::${A}:assumed-role/app/s1` }, PULL)],
    expected: 'allow',
  },
  {
    name: 'another session of the role',
    resource: [grant({ AWS: `arn:aws:sts::${A}:assumed-role/app/s2` }, PULL)],
    expected: 'implicit-deny',
  },
  {
    name: 'user ARN, case-sensitive name',
    resource: [grant({ AWS: `arn:aws:iam::${A}:user/Alice` }, PULL)],
    principal: usr('alice'),
    expected: 'implicit-deny',
  },
  {
    name: 'user ARN grants directly',
    resource: [grant({ AWS: `arn:aws:iam::${A}:user/alice` }, PULL)],
    principal: usr('alice'),
    expected: 'allow',
  },
  {
    name: 'list of principals is OR',
    resource: [grant({ AWS: [roleArn('x'), roleArn('app')] }, PULL)],
    expected: 'allow',
  },
  {
    name: 'resource policy statement for another action',
    resource: [grant({ AWS: roleArn('app') }, 'ecr:PutImage')],
    expected: 'implicit-deny',
  },
  {
    name: 'resource policy with Resource not matching',
    resource: [grant({ AWS: roleArn('app') }, PULL, `${repo}-x`)],
    expected: 'implicit-deny',
  },
  {
    name: 'resource policy condition holds',
    resource: [grant('*', PULL, undefined, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })],
    context: { 'aws:PrincipalOrgID': 'o-1' },
    expected: 'allow',
  },
  {
    name: 'resource policy condition fails',
    resource: [grant('*', PULL, undefined, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })],
    context: { 'aws:PrincipalOrgID': 'o-2' },
    expected: 'implicit-deny',
  },
  {
    name: 'condition on derived aws:PrincipalArn',
    resource: [
      grant('*', PULL, undefined, { Condition: { ArnLike: { 'aws:PrincipalArn': roleArn('app') } } }),
    ],
    expected: 'allow',
  },
  {
    name: 'anonymous caller and Principal *',
    resource: [grant('*', 's3:GetObject')],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    anonymous: true,
    expected: 'allow',
  },
  {
    name: 'anonymous caller and a named principal',
    resource: [grant({ AWS: roleArn('app') }, 's3:GetObject')],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    anonymous: true,
    expected: 'implicit-deny',
  },
  {
    name: 'statement without Principal is skipped',
    resource: [{ Effect: 'Allow', Action: PULL }],
    expected: 'implicit-deny',
  },
  {
    name: 'service principal in a resource policy',
    resource: [
      grant({ Service: 'events.amazonaws.com' }, 'sns:Publish', undefined, {
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:${R}:${A}:rule/*` } },
      }),
    ],
    action: 'sns:Publish',
    res: `arn:aws:sns:${R}:${A}:t`,
    principal: { type: 'Service', id: 'events.amazonaws.com' },
    context: { 'aws:SourceArn': `arn:aws:events:${R}:${A}:rule/r1` },
    expected: 'allow',
  },
  {
    name: 'service principal without SourceArn',
    resource: [
      grant({ Service: 'events.amazonaws.com' }, 'sns:Publish', undefined, {
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:events:${R}:${A}:rule/*` } },
      }),
    ],
    action: 'sns:Publish',
    res: `arn:aws:sns:${R}:${A}:t`,
    principal: { type: 'Service', id: 'events.amazonaws.com' },
    expected: 'implicit-deny',
  },
];

describe('resource-based policies', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(run(c)).toBe(c.expected);
  });
});

// Resource-based policies across accounts (A2), boundaries against resource grants, KMS key policies
// (B5; case I21) and NotPrincipal with Deny (A6).
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.js';
import { A, allow, doc, R, type Stmt } from './test-helpers.js';
import type { Decision, EvalOptions, NamedPolicy, Principal } from './types.js';

const B = '222222222222';
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
const KEY = `arn:aws:kms:${R}:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
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
  // cross account: both sides
  {
    name: 'I45 cross-account pull with identity allow',
    identity: [allow(PULL)],
    resource: [grant({ AWS: B }, PULL)],
    principal: sess('ci', B),
    expected: 'allow',
  },
  {
    name: 'I45 cross-account pull without identity allow',
    resource: [grant({ AWS: B }, PULL)],
    principal: sess('ci', B),
    expected: 'implicit-deny',
  },
  {
    name: 'cross-account: named role still needs identity allow',
    resource: [grant({ AWS: roleArn('ci', B) }, PULL)],
    principal: sess('ci', B),
    expected: 'implicit-deny',
  },
  {
    name: 'cross-account: identity allow, no resource grant',
    identity: [allow(PULL)],
    resource: [],
    principal: sess('ci', B),
    expected: 'implicit-deny',
  },
  {
    name: 'I48 Principal * cross-account with identity allow',
    identity: [allow(PULL)],
    resource: [grant('*', PULL)],
    principal: sess('ci', B),
    expected: 'allow',
  },
  {
    name: 'I48 Principal * cross-account without identity',
    resource: [grant('*', PULL)],
    principal: sess('ci', B),
    expected: 'implicit-deny',
  },
  {
    name: 'cross-account resource deny',
    identity: [allow(PULL)],
    resource: [grant({ AWS: B }, PULL), refuse('*', PULL)],
    principal: sess('ci', B),
    expected: 'explicit-deny',
  },
  {
    name: 'resource side not modelled: identity decides',
    identity: [allow(PULL)],
    principal: sess('ci', B),
    expected: 'allow',
  },
  {
    name: 'S3 ARN has no account: same account assumed',
    resource: [grant({ AWS: roleArn('ci', B) }, 's3:GetObject')],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    principal: sess('ci', B),
    expected: 'allow',
  },
  {
    name: 'S3: aws:ResourceAccount makes it cross-account',
    resource: [grant({ AWS: roleArn('ci', B) }, 's3:GetObject')],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    principal: sess('ci', B),
    context: { 'aws:ResourceAccount': A },
    expected: 'implicit-deny',
  },
  {
    name: 'sameAccount option forces cross-account',
    resource: [grant({ AWS: roleArn('app') }, PULL)],
    opts: { sameAccount: false },
    expected: 'implicit-deny',
  },
  // boundaries against resource grants
  {
    name: 'boundary cuts a grant to the role ARN',
    resource: [grant({ AWS: roleArn('app') }, PULL)],
    boundary: [allow('s3:*')],
    expected: 'implicit-deny',
  },
  {
    name: 'boundary does not cut a grant to the session ARN',
    resource: [grant({ AWS: `arn:aws:sts::${A}:assumed-role/app/s1` }, PULL)],
    boundary: [allow('s3:*')],
    expected: 'allow',
  },
  {
    name: 'boundary does not cut a grant to the user ARN',
    resource: [grant({ AWS: `arn:aws:iam::${A}:user/alice` }, PULL)],
    boundary: [allow('s3:*')],
    principal: usr('alice'),
    expected: 'allow',
  },
  {
    name: 'boundary cuts identity allow',
    identity: [allow(PULL)],
    boundary: [allow('s3:*')],
    resource: [],
    expected: 'implicit-deny',
  },
  {
    name: 'boundary allowing the action keeps the role grant',
    resource: [grant({ AWS: roleArn('app') }, PULL)],
    boundary: [allow('ecr:*')],
    expected: 'allow',
  },
  // KMS key policies must allow
  {
    name: 'I21 key policy names only an admin role',
    identity: [allow('kms:Decrypt', KEY)],
    resource: [grant({ AWS: roleArn('admin') }, 'kms:*', '*')],
    action: 'kms:Decrypt',
    res: KEY,
    expected: 'implicit-deny',
  },
  {
    name: 'key policy enables IAM (root) + identity allow',
    identity: [allow('kms:Decrypt', KEY)],
    resource: [grant({ AWS: `arn:aws:iam::${A}:root` }, 'kms:*', '*')],
    action: 'kms:Decrypt',
    res: KEY,
    expected: 'allow',
  },
  {
    name: 'key policy enables IAM, no identity allow',
    resource: [grant({ AWS: `arn:aws:iam::${A}:root` }, 'kms:*', '*')],
    action: 'kms:Decrypt',
    res: KEY,
    expected: 'implicit-deny',
  },
  {
    name: 'key policy names the caller role directly',
    resource: [grant({ AWS: roleArn('app') }, 'kms:Decrypt', '*')],
    action: 'kms:Decrypt',
    res: KEY,
    expected: 'allow',
  },
  {
    name: 'identity deny beats key policy allow',
    identity: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }],
    resource: [grant({ AWS: roleArn('app') }, 'kms:Decrypt', '*')],
    action: 'kms:Decrypt',
    res: KEY,
    expected: 'explicit-deny',
  },
  {
    name: 'I20 with key policy: via Secrets Manager',
    identity: [
      {
        ...allow('kms:Decrypt', KEY),
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${R}.amazonaws.com` } },
      },
    ],
    resource: [grant({ AWS: A }, 'kms:*', '*')],
    action: 'kms:Decrypt',
    res: KEY,
    context: { 'kms:ViaService': `secretsmanager.${R}.amazonaws.com` },
    expected: 'allow',
  },
  {
    name: 'resourcePolicyRequired can be turned off',
    identity: [allow('kms:Decrypt', KEY)],
    resource: [],
    action: 'kms:Decrypt',
    res: KEY,
    opts: { resourcePolicyRequired: false },
    expected: 'allow',
  },
  // NotPrincipal with Deny
  {
    name: 'NotPrincipal: listed user and account are spared',
    identity: [allow('s3:*')],
    resource: [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:root`] },
        Action: 's3:*',
        Resource: '*',
      },
    ],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    principal: usr('bob'),
    expected: 'allow',
  },
  {
    name: 'NotPrincipal: everyone else is denied',
    identity: [allow('s3:*')],
    resource: [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:root`] },
        Action: 's3:*',
        Resource: '*',
      },
    ],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    principal: usr('alice'),
    expected: 'explicit-deny',
  },
  {
    name: 'NotPrincipal: session, role and account listed',
    identity: [allow('s3:*')],
    resource: [
      {
        Effect: 'Deny',
        NotPrincipal: {
          AWS: [`arn:aws:sts::${A}:assumed-role/app/s1`, roleArn('app'), `arn:aws:iam::${A}:root`],
        },
        Action: 's3:*',
        Resource: '*',
      },
    ],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    expected: 'allow',
  },
  {
    name: 'NotPrincipal: session only (AWS may deny the role)',
    identity: [allow('s3:*')],
    resource: [
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` },
        Action: 's3:*',
        Resource: '*',
      },
    ],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    expected: 'explicit-deny',
  },
  {
    name: 'NotPrincipal with Allow grants others',
    resource: [
      { Effect: 'Allow', NotPrincipal: { AWS: roleArn('x') }, Action: 's3:GetObject', Resource: '*' },
    ],
    action: 's3:GetObject',
    res: 'arn:aws:s3:::b/k',
    expected: 'allow',
  },
];

describe('cross-account, boundaries, KMS and NotPrincipal', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(run(c)).toBe(c.expected);
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal text here
// Linting mode (missingKeys: 'uncertain'): three-valued outcomes, `possible`, best-effort decision
// (AWS's answer with unknown keys absent), uncertainKeys and notes.
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateTrust } from './index.js';
import { A, doc, type Stmt } from './test-helpers.js';
import type { ContextValue, Decision, EvalOptions, Principal } from './types.js';

const allow = (extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: '*',
  ...extra,
});
const deny = (extra: Stmt = {}): Stmt => ({
  Effect: 'Deny',
  Action: 's3:GetObject',
  Resource: '*',
  ...extra,
});
const when = (op: string, key: string, v: unknown) => ({ Condition: { [op]: { [key]: v } } });
const session: Principal = { type: 'AWS', id: `arn:aws:sts::${A}:assumed-role/app/s1` };
const alice: Principal = { type: 'AWS', id: `arn:aws:iam::${A}:user/alice` };

interface Row {
  name: string;
  identity: Stmt[];
  boundary?: Stmt[];
  context?: Record<string, ContextValue>;
  principal?: Principal;
  resource?: string;
  opts?: EvalOptions;
  decision: Decision;
  possible: Decision[];
  keys?: string[];
}

const TAG = 'aws:PrincipalTag/team';
const rows: Row[] = [
  {
    name: 'Allow with an unknown condition',
    identity: [allow(when('StringEquals', TAG, 'x'))],
    decision: 'implicit-deny',
    possible: ['allow', 'implicit-deny'],
    keys: [TAG],
  },
  {
    name: 'Allow with IfExists on an unknown key (AWS: allow)',
    identity: [allow(when('StringEqualsIfExists', TAG, 'x'))],
    decision: 'allow',
    possible: ['allow', 'implicit-deny'],
    keys: [TAG],
  },
  {
    name: 'Deny (positive op) with an unknown key on an unconditional Allow',
    identity: [allow(), deny(when('StringEquals', TAG, 'x'))],
    decision: 'allow',
    possible: ['explicit-deny', 'allow'],
    keys: [TAG],
  },
  {
    name: 'Deny (negated op) with an unknown key on an unconditional Allow',
    identity: [allow(), deny(when('StringNotEquals', 'aws:SourceVpc', 'vpc-1'))],
    decision: 'explicit-deny',
    possible: ['explicit-deny', 'allow'],
    keys: ['aws:SourceVpc'],
  },
  {
    name: 'unknown Deny and unknown Allow',
    identity: [allow(when('StringEquals', TAG, 'x')), deny(when('Bool', 'aws:SecureTransport', 'false'))],
    decision: 'implicit-deny',
    possible: ['explicit-deny', 'allow', 'implicit-deny'],
  },
  {
    name: 'unknown Deny, no Allow',
    identity: [deny(when('StringEquals', TAG, 'x'))],
    decision: 'implicit-deny',
    possible: ['explicit-deny', 'implicit-deny'],
  },
  {
    name: 'unconditional Deny settles it',
    identity: [allow(when('StringEquals', TAG, 'x')), deny()],
    decision: 'explicit-deny',
    possible: ['explicit-deny'],
  },
  {
    name: 'unconditional Allow settles an unknown Allow',
    identity: [allow(when('StringEquals', TAG, 'x')), allow()],
    decision: 'allow',
    possible: ['allow'],
  },
  {
    name: 'a false condition settles its statement',
    identity: [allow({ Condition: { StringEquals: { [TAG]: 'x', 'aws:SourceAccount': A } } })],
    context: { 'aws:SourceAccount': '999999999999' },
    decision: 'implicit-deny',
    possible: ['implicit-deny'],
  },
  {
    name: 'the key is given',
    identity: [allow(when('StringEquals', TAG, 'x'))],
    context: { [TAG]: 'x' },
    decision: 'allow',
    possible: ['allow'],
  },
  {
    name: 'absentKeys: known absent',
    identity: [allow(when('StringEquals', 'kms:ViaService', 'ssm.us-east-1.amazonaws.com'))],
    opts: { absentKeys: ['kms:viaservice'] },
    decision: 'implicit-deny',
    possible: ['implicit-deny'],
  },
  {
    name: '[] in context: known absent',
    identity: [allow(when('ForAnyValue:StringEquals', 'aws:TagKeys', 'env'))],
    context: { 'aws:TagKeys': [] },
    decision: 'implicit-deny',
    possible: ['implicit-deny'],
  },
  {
    name: 'ForAllValues on an unknown key',
    identity: [allow(when('ForAllValues:StringEquals', 'aws:TagKeys', ['env']))],
    decision: 'allow',
    possible: ['allow', 'implicit-deny'],
    keys: ['aws:TagKeys'],
  },
  {
    name: 'Null on an unknown key',
    identity: [allow(when('Null', 'aws:TokenIssueTime', 'true'))],
    decision: 'allow',
    possible: ['allow', 'implicit-deny'],
    keys: ['aws:TokenIssueTime'],
  },
  {
    name: 'aws:username is known absent for a role session',
    identity: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }],
    resource: 'arn:aws:s3:::b/alice/x',
    decision: 'implicit-deny',
    possible: ['implicit-deny'],
  },
  {
    name: 'aws:username is derived for an IAM user',
    identity: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }],
    resource: 'arn:aws:s3:::b/alice/x',
    principal: alice,
    decision: 'allow',
    possible: ['allow'],
  },
  {
    name: 'unknown variable in Resource',
    identity: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/team}/*' },
    ],
    resource: 'arn:aws:s3:::b/red/x',
    decision: 'implicit-deny',
    possible: ['allow', 'implicit-deny'],
    keys: [TAG],
  },
  {
    name: 'unknown variable, but the bucket differs',
    identity: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::c/${aws:PrincipalTag/team}/*' },
    ],
    resource: 'arn:aws:s3:::b/red/x',
    decision: 'implicit-deny',
    possible: ['implicit-deny'],
  },
  {
    name: 'derived aws:PrincipalAccount is known',
    identity: [allow(when('StringEquals', 'aws:PrincipalAccount', A))],
    decision: 'allow',
    possible: ['allow'],
  },
  {
    name: 'boundary with an unknown condition',
    identity: [allow()],
    boundary: [allow(when('StringEquals', TAG, 'x'))],
    decision: 'implicit-deny',
    possible: ['allow', 'implicit-deny'],
    keys: [TAG],
  },
  {
    name: "missingKeys 'absent' is always certain",
    identity: [allow(when('StringEquals', TAG, 'x'))],
    opts: { missingKeys: 'absent' },
    decision: 'implicit-deny',
    possible: ['implicit-deny'],
  },
];

describe('linting mode decisions', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, r) => {
    const set = {
      identity: [{ id: 'id', document: doc(...r.identity) }],
      ...(r.boundary ? { boundary: [{ id: 'b', document: doc(...r.boundary) }] } : {}),
    };
    const req = {
      action: 's3:GetObject',
      resource: r.resource ?? 'arn:aws:s3:::b/k',
      principal: r.principal ?? session,
      context: r.context ?? {},
    };
    const res = evaluate(set, req, { missingKeys: 'uncertain', ...r.opts });
    expect(res.decision).toBe(r.decision);
    expect(res.possible).toEqual(r.possible);
    expect(res.certain).toBe(r.possible.length === 1);
    if (r.keys) expect(res.uncertainKeys).toEqual(r.keys);
    if (res.certain) expect(res.uncertainKeys).toEqual([]);
  });
});

describe('linting mode details', () => {
  it('marks uncertain statements in allowedBy/deniedBy', () => {
    const r = evaluate(
      {
        identity: [
          {
            id: 'p',
            document: doc(
              allow(when('StringEquals', TAG, 'x')),
              allow(),
              deny(when('StringEquals', 'k', 'v')),
            ),
          },
        ],
      },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: session },
      { missingKeys: 'uncertain' },
    );
    expect(r.allowedBy).toEqual([
      { policyId: 'p', index: 0, kind: 'identity', uncertain: true },
      { policyId: 'p', index: 1, kind: 'identity' },
    ]);
    expect(r.deniedBy).toEqual([{ policyId: 'p', index: 2, kind: 'identity', uncertain: true }]);
    expect(r.uncertainKeys).toEqual(['k']);
  });

  it('a plain operator on a multi-valued key is uncertain and explained', () => {
    const r = evaluate(
      { identity: [{ id: 'p', document: doc(allow(when('StringEquals', 'aws:TagKeys', 'env'))) }] },
      {
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::b/k',
        principal: session,
        context: { 'aws:TagKeys': ['env', 'x'] },
      },
      { missingKeys: 'uncertain' },
    );
    expect(r).toMatchObject({ decision: 'implicit-deny', certain: false, uncertainKeys: ['aws:TagKeys'] });
    expect(r.notes[0]).toMatch(/multi-valued key aws:TagKeys/);
  });

  it('a NotPrincipal that lists the session but not its role and account is uncertain', () => {
    const np = { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` };
    const r = evaluate(
      {
        identity: [{ id: 'p', document: doc(allow()) }],
        resource: [
          {
            id: 'bucket',
            document: doc({ Effect: 'Deny', NotPrincipal: np, Action: 's3:*', Resource: '*' }),
          },
        ],
      },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: session },
      { missingKeys: 'uncertain' },
    );
    expect(r).toMatchObject({
      decision: 'explicit-deny',
      certain: false,
      possible: ['explicit-deny', 'allow'],
    });
    expect(r.notes[0]).toMatch(/NotPrincipal/);
  });

  it('cross-account: an unknown resource-policy condition makes the allow uncertain', () => {
    const r = evaluate(
      {
        identity: [
          { id: 'p', document: doc({ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' }) },
        ],
        resource: [
          {
            id: 'repo',
            document: doc({
              Effect: 'Allow',
              Principal: { AWS: '222222222222' },
              Action: 'ecr:BatchGetImage',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            }),
          },
        ],
      },
      {
        action: 'ecr:BatchGetImage',
        resource: `arn:aws:ecr:us-east-1:${A}:repository/app`,
        principal: { type: 'AWS', id: 'arn:aws:sts::222222222222:assumed-role/ci/s' },
      },
      { missingKeys: 'uncertain' },
    );
    expect(r).toMatchObject({
      decision: 'implicit-deny',
      certain: false,
      uncertainKeys: ['aws:PrincipalOrgID'],
    });
  });

  it('Pod Identity with tagSession: both actions share one unknown key', () => {
    const document = doc({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:SourceAccount': A } },
    });
    const r = evaluateTrust(
      { id: 'role/app trust', document },
      {
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${A}:role/app`,
        principal: { type: 'Service', id: 'pods.eks.amazonaws.com' },
      },
      { missingKeys: 'uncertain', tagSession: true },
    );
    expect(r).toMatchObject({
      decision: 'implicit-deny',
      certain: false,
      possible: ['allow', 'implicit-deny'],
      uncertainKeys: ['aws:SourceAccount'],
      needsIdentityAllow: false,
    });
    expect(r.allowedBy).toEqual([{ policyId: 'role/app trust', index: 0, kind: 'trust', uncertain: true }]);
  });
});

// Role trust policies: ECS tasks, EKS IRSA (OIDC keys with the provider host prefix), EKS Pod
// Identity (sts:TagSession), cross- and same-account AssumeRole (A10; cases I37-I44).
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateTrust } from './index.js';
import { A, doc, R, type Stmt } from './test-helpers.js';
import type { ContextValue, Decision, EvalRequest, NamedPolicy, Principal, TrustOptions } from './types.js';

const B = '222222222222';
const ROLE = `arn:aws:iam::${A}:role/app`;
const ISSUER = `oidc.eks.${R}.amazonaws.com/id/ABC`;
const OTHER = `oidc.eks.${R}.amazonaws.com/id/DEF`;
const provider = (issuer: string): Principal => ({
  type: 'Federated',
  id: `arn:aws:iam::${A}:oidc-provider/${issuer}`,
});
const trustStmt = (Principal: unknown, Action: string | string[], Condition?: unknown): Stmt => ({
  Effect: 'Allow',
  Principal,
  Action,
  ...(Condition === undefined ? {} : { Condition }),
});
const irsa = (Condition?: unknown) =>
  doc(trustStmt({ Federated: provider(ISSUER).id }, 'sts:AssumeRoleWithWebIdentity', Condition));
const token = (issuer: string, sub: string): Record<string, ContextValue> => ({
  [`${issuer}:sub`]: sub,
  [`${issuer}:aud`]: 'sts.amazonaws.com',
});
const api = 'system:serviceaccount:prod:api';
const strict = { StringEquals: { [`${ISSUER}:sub`]: api, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } };

function trust(
  document: unknown,
  principal: Principal,
  context: Record<string, ContextValue> = {},
  action = 'sts:AssumeRole',
  opts: TrustOptions = {},
) {
  const req: EvalRequest & { principal: Principal } = { action, resource: ROLE, principal, context };
  return evaluateTrust(document, req, opts);
}

describe('EKS IRSA trust (AssumeRoleWithWebIdentity)', () => {
  const web = 'sts:AssumeRoleWithWebIdentity';
  it.each<[string, unknown, Principal, Record<string, ContextValue>, Decision]>([
    ['I37 right issuer, sub and aud', irsa(strict), provider(ISSUER), token(ISSUER, api), 'allow'],
    [
      'I37 other ServiceAccount',
      irsa(strict),
      provider(ISSUER),
      token(ISSUER, 'system:serviceaccount:prod:other'),
      'implicit-deny',
    ],
    ['I37 same sub from another cluster', irsa(strict), provider(OTHER), token(OTHER, api), 'implicit-deny'],
    [
      'wrong audience',
      irsa(strict),
      provider(ISSUER),
      { ...token(ISSUER, api), [`${ISSUER}:aud`]: 'x' },
      'implicit-deny',
    ],
    [
      'I38 StringLike prod:* vs dev SA',
      irsa({ StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:prod:*' } }),
      provider(ISSUER),
      token(ISSUER, 'system:serviceaccount:dev:x'),
      'implicit-deny',
    ],
    [
      'I38 StringLike prod:* vs prod SA',
      irsa({ StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:prod:*' } }),
      provider(ISSUER),
      token(ISSUER, api),
      'allow',
    ],
    [
      'I38 StringLike serviceaccount:* admits all',
      irsa({ StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:*' } }),
      provider(ISSUER),
      token(ISSUER, 'system:serviceaccount:dev:x'),
      'allow',
    ],
    [
      'I38 no condition admits every SA',
      irsa(),
      provider(ISSUER),
      token(ISSUER, 'system:serviceaccount:dev:x'),
      'allow',
    ],
    [
      'aud only admits every SA',
      irsa({ StringEquals: { [`${ISSUER}:aud`]: 'sts.amazonaws.com' } }),
      provider(ISSUER),
      token(ISSUER, 'system:serviceaccount:kube-system:x'),
      'allow',
    ],
    [
      'I39 key written with https://',
      irsa({ StringEquals: { [`https://${ISSUER}:sub`]: api } }),
      provider(ISSUER),
      token(ISSUER, api),
      'implicit-deny',
    ],
    [
      'I40 amr is never in an EKS token',
      irsa({ StringEquals: { [`${ISSUER}:amr`]: ['x'] } }),
      provider(ISSUER),
      token(ISSUER, api),
      'implicit-deny',
    ],
    [
      'key names are case-insensitive',
      irsa({ StringEquals: { [`${ISSUER.toUpperCase()}:SUB`]: api } }),
      provider(ISSUER),
      token(ISSUER, api),
      'allow',
    ],
    [
      'sub value is case-sensitive',
      irsa(strict),
      provider(ISSUER),
      token(ISSUER, api.toUpperCase()),
      'implicit-deny',
    ],
    [
      'trust for sts:AssumeRole only',
      doc(trustStmt({ Federated: provider(ISSUER).id }, 'sts:AssumeRole')),
      provider(ISSUER),
      token(ISSUER, api),
      'implicit-deny',
    ],
  ])('%s', (_n, document, principal, context, expected) => {
    expect(trust(document, principal, context, web).decision).toBe(expected);
  });

  it('linting mode: no token claims → uncertain, keys named', () => {
    const r = trust(irsa(strict), provider(ISSUER), {}, web, { missingKeys: 'uncertain' });
    expect(r).toMatchObject({
      decision: 'implicit-deny',
      certain: false,
      possible: ['allow', 'implicit-deny'],
    });
    expect(r.uncertainKeys.sort()).toEqual([`${ISSUER}:aud`, `${ISSUER}:sub`]);
    expect(r.allowedBy).toEqual([{ policyId: 'trust', index: 0, kind: 'trust', uncertain: true }]);
  });

  it.each([
    ['https:// key', { StringEquals: { [`https://${ISSUER}:sub`]: api } }],
    ['amr key', { StringEquals: { [`${ISSUER}:amr`]: 'x' } }],
  ])('linting mode: %s is certainly absent', (_n, condition) => {
    const r = trust(irsa(condition), provider(ISSUER), {}, web, { missingKeys: 'uncertain' });
    expect(r).toMatchObject({ decision: 'implicit-deny', certain: true, uncertainKeys: [] });
  });
});

describe('service trust policies (ECS, EKS, Pod Identity)', () => {
  const ecs = (Condition?: unknown) =>
    doc(trustStmt({ Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole', Condition));
  const svc = (id: string): Principal => ({ type: 'Service', id });
  const srcArn = { ArnLike: { 'aws:SourceArn': `arn:aws:ecs:${R}:${A}:*` } };
  const fargate = { ArnLike: { 'aws:SourceArn': `arn:aws:eks:${R}:${A}:fargateprofile/prod/*` } };
  it.each<[string, unknown, Principal, Record<string, ContextValue>, Decision]>([
    [
      'I42 SourceAccount matches',
      ecs({ StringEquals: { 'aws:SourceAccount': A } }),
      svc('ecs-tasks.amazonaws.com'),
      { 'aws:SourceAccount': A },
      'allow',
    ],
    [
      'I42 SourceAccount of another account',
      ecs({ StringEquals: { 'aws:SourceAccount': A } }),
      svc('ecs-tasks.amazonaws.com'),
      { 'aws:SourceAccount': B },
      'implicit-deny',
    ],
    [
      'SourceArn in the account',
      ecs(srcArn),
      svc('ecs-tasks.amazonaws.com'),
      { 'aws:SourceArn': `arn:aws:ecs:${R}:${A}:task/c/abc` },
      'allow',
    ],
    [
      'SourceArn of another account',
      ecs(srcArn),
      svc('ecs-tasks.amazonaws.com'),
      { 'aws:SourceArn': `arn:aws:ecs:${R}:${B}:task/c/abc` },
      'implicit-deny',
    ],
    [
      'both confused-deputy keys',
      ecs({ ...srcArn, StringEquals: { 'aws:SourceAccount': A } }),
      svc('ecs-tasks.amazonaws.com'),
      { 'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:ecs:${R}:${A}:task/c/abc` },
      'allow',
    ],
    ['no condition', ecs(), svc('ecs-tasks.amazonaws.com'), {}, 'allow'],
    ['another service', ecs(), svc('ec2.amazonaws.com'), {}, 'implicit-deny'],
    [
      'service principal list',
      doc(trustStmt({ Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] }, 'sts:AssumeRole')),
      svc('ecs-tasks.amazonaws.com'),
      {},
      'allow',
    ],
    [
      'EKS cluster role',
      doc(trustStmt({ Service: 'eks.amazonaws.com' }, 'sts:AssumeRole')),
      svc('eks.amazonaws.com'),
      {},
      'allow',
    ],
    [
      'Fargate profile in the cluster',
      doc(trustStmt({ Service: 'eks-fargate-pods.amazonaws.com' }, 'sts:AssumeRole', fargate)),
      svc('eks-fargate-pods.amazonaws.com'),
      { 'aws:SourceArn': `arn:aws:eks:${R}:${A}:fargateprofile/prod/p1/abc` },
      'allow',
    ],
    [
      'Fargate profile of another cluster',
      doc(trustStmt({ Service: 'eks-fargate-pods.amazonaws.com' }, 'sts:AssumeRole', fargate)),
      svc('eks-fargate-pods.amazonaws.com'),
      { 'aws:SourceArn': `arn:aws:eks:${R}:${A}:fargateprofile/dev/p1/abc` },
      'implicit-deny',
    ],
    [
      'Deny in the trust',
      doc(trustStmt({ Service: 'ecs-tasks.amazonaws.com' }, 'sts:AssumeRole'), {
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRole',
      }),
      svc('ecs-tasks.amazonaws.com'),
      {},
      'explicit-deny',
    ],
  ])('%s', (_n, document, principal, context, expected) => {
    expect(trust(document, principal, context).decision).toBe(expected);
  });

  it.each<[string, string | string[], Decision]>([
    ['I41 AssumeRole only: TagSession refused', 'sts:AssumeRole', 'implicit-deny'],
    ['I41 AssumeRole and TagSession', ['sts:AssumeRole', 'sts:TagSession'], 'allow'],
    ['sts:* covers both', 'sts:*', 'allow'],
  ])('Pod Identity: %s', (_n, action, expected) => {
    const d = doc(trustStmt({ Service: 'pods.eks.amazonaws.com' }, action));
    const r = trust(d, svc('pods.eks.amazonaws.com'), {}, 'sts:AssumeRole', { tagSession: true });
    expect(r.decision).toBe(expected);
  });

  it('linting mode: ECS trust without SourceAccount in context is uncertain', () => {
    const r = trust(
      ecs({ StringEquals: { 'aws:SourceAccount': A } }),
      svc('ecs-tasks.amazonaws.com'),
      {},
      'sts:AssumeRole',
      {
        missingKeys: 'uncertain',
      },
    );
    expect(r).toMatchObject({
      certain: false,
      uncertainKeys: ['aws:SourceAccount'],
      needsIdentityAllow: false,
    });
  });
});

describe('AssumeRole by AWS principals (I43, I44)', () => {
  const callerB: Principal = { type: 'AWS', id: `arn:aws:sts::${B}:assumed-role/ci/s1` };
  const userU: Principal = { type: 'AWS', id: `arn:aws:iam::${A}:user/u` };
  const sessA: Principal = { type: 'AWS', id: `arn:aws:sts::${A}:assumed-role/ops/s1` };
  const naming = (AWS: string) => doc(trustStmt({ AWS }, 'sts:AssumeRole'));
  const idAllow: NamedPolicy[] = [
    { id: 'ci', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }) },
  ];
  const idOther: NamedPolicy[] = [
    { id: 'ci', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `${ROLE}2` }) },
  ];
  const idDeny: NamedPolicy[] = [
    { id: 'ci', document: doc({ Effect: 'Deny', Action: 'sts:*', Resource: '*' }) },
  ];
  const bndS3: NamedPolicy[] = [
    { id: 'b', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) },
  ];
  it.each<[string, unknown, Principal, TrustOptions, Decision, boolean?]>([
    [
      'I43 trust names account B, identity allows',
      naming(`arn:aws:iam::${B}:root`),
      callerB,
      { identity: idAllow },
      'allow',
    ],
    [
      'I43 trust names account B, no identity allow',
      naming(`arn:aws:iam::${B}:root`),
      callerB,
      { identity: [] },
      'implicit-deny',
    ],
    [
      'I43 identity allows another role',
      naming(`arn:aws:iam::${B}:root`),
      callerB,
      { identity: idOther },
      'implicit-deny',
    ],
    ['I43 trust alone: needs identity allow', naming(`arn:aws:iam::${B}:root`), callerB, {}, 'allow', true],
    [
      'cross-account role named directly still needs identity',
      naming(`arn:aws:iam::${B}:role/ci`),
      callerB,
      {},
      'allow',
      true,
    ],
    [
      'trust names account A, caller in B',
      naming(`arn:aws:iam::${A}:root`),
      callerB,
      { identity: idAllow },
      'implicit-deny',
    ],
    [
      'I44 same-account trust names the user, no identity policy',
      naming(`arn:aws:iam::${A}:user/u`),
      userU,
      { identity: [] },
      'allow',
    ],
    ['I44 trust alone naming the user', naming(`arn:aws:iam::${A}:user/u`), userU, {}, 'allow', false],
    [
      'I44 same-account trust names root only, no identity',
      naming(`arn:aws:iam::${A}:root`),
      userU,
      { identity: [] },
      'implicit-deny',
    ],
    [
      'same-account trust names root, identity allows',
      naming(`arn:aws:iam::${A}:root`),
      userU,
      { identity: idAllow },
      'allow',
    ],
    ['trust alone naming the account', naming(A), userU, {}, 'allow', true],
    [
      'same-account trust names caller role',
      naming(`arn:aws:iam::${A}:role/ops`),
      sessA,
      { identity: [] },
      'allow',
    ],
    [
      'boundary without sts:AssumeRole cuts the role grant',
      naming(`arn:aws:iam::${A}:role/ops`),
      sessA,
      { identity: [], boundary: bndS3 },
      'implicit-deny',
    ],
    ['identity deny wins', naming(`arn:aws:iam::${B}:root`), callerB, { identity: idDeny }, 'explicit-deny'],
  ])('%s', (_n, document, principal, opts, expected, needs) => {
    const r = trust(document, principal, {}, 'sts:AssumeRole', opts);
    expect(r.decision).toBe(expected);
    if (needs !== undefined) expect(r.needsIdentityAllow).toBe(needs);
  });

  it.each<[string, Record<string, ContextValue>, Decision]>([
    ['ExternalId given', { 'sts:ExternalId': 'xyz' }, 'allow'],
    ['ExternalId missing', {}, 'implicit-deny'],
    ['ExternalId wrong', { 'sts:ExternalId': 'abc' }, 'implicit-deny'],
  ])('third-party trust: %s', (_n, context, expected) => {
    const d = doc(trustStmt({ AWS: B }, 'sts:AssumeRole', { StringEquals: { 'sts:ExternalId': 'xyz' } }));
    expect(trust(d, callerB, context).decision).toBe(expected);
  });

  it.each<[string, NamedPolicy[], string, Decision]>([
    ['evaluate(): cross-account via trust as resource policy', idAllow, `arn:aws:iam::${B}:root`, 'allow'],
    [
      'evaluate(): trust must allow even with identity allow',
      idAllow,
      `arn:aws:iam::${A}:role/x`,
      'implicit-deny',
    ],
  ])('%s', (_n, identity, named, expected) => {
    const r = evaluate(
      { identity, resource: [{ id: 'trust', document: naming(named) }] },
      { action: 'sts:AssumeRole', resource: ROLE, principal: callerB },
    );
    expect(r.decision).toBe(expected);
  });
});

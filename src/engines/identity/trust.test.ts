import { describe, expect, it } from 'vitest';
import { irsaTrust, podIdentityTrust, providerOpenness } from './trust.js';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const OTHER = 'oidc.eks.eu-west-1.amazonaws.com/id/DEF';
const ARN = `arn:aws:iam::111122223333:oidc-provider/${HOST}`;
const ROLE = 'arn:aws:iam::111122223333:role/app';
const SUB = 'system:serviceaccount:prod:api';

const stmt = (Condition?: unknown, over: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: { Federated: ARN },
  Action: 'sts:AssumeRoleWithWebIdentity',
  ...(Condition === undefined ? {} : { Condition }),
  ...over,
});
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const open = (d: unknown) => providerOpenness(d, irsaTrust(d), { arn: ARN, hosts: [HOST] }, 0, ROLE);

describe('providerOpenness (IAM-001/002 decisions through the evaluator)', () => {
  it.each([
    [
      'exact sub and aud',
      stmt({ StringEquals: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazonaws.com' } }),
      undefined,
      'no',
    ],
    ['no condition at all', stmt(), 'noSub', 'yes'],
    ['aud only', stmt({ StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' } }), 'noSub', 'no'],
    [
      'StringLike *:*',
      stmt({ StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:*:*' } }),
      'anyNamespace',
      'yes',
    ],
    [
      'StringLike system:serviceaccount:*',
      stmt({ StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:*' } }),
      'anyNamespace',
      'yes',
    ],
    [
      'StringLike team-*:*',
      stmt({
        StringLike: {
          [`${HOST}:sub`]: 'system:serviceaccount:team-*:*',
          [`${HOST}:aud`]: 'sts.amazonaws.com',
        },
      }),
      'namespacePattern',
      'no',
    ],
    [
      'ForAnyValue:StringLike team-?:api',
      stmt({ 'ForAnyValue:StringLike': { [`${HOST}:sub`]: ['system:serviceaccount:team-?:api'] } }),
      'namespacePattern',
      'yes',
    ],
    [
      'StringLike ns:* (documented)',
      stmt({
        StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:prod:*', [`${HOST}:aud`]: 'sts.amazonaws.com' },
      }),
      undefined,
      'no',
    ],
    ['sub but no aud', stmt({ StringEquals: { [`${HOST}:sub`]: SUB } }), undefined, 'yes'],
    [
      'sub written with https:// (never present)',
      stmt({ StringEquals: { [`https://${HOST}:sub`]: SUB } }),
      undefined,
      'unknown',
    ],
    ['aws:sub is not the claim', stmt({ StringEquals: { 'aws:sub': SUB } }), undefined, 'unknown'],
    ['other provider key only', stmt({ StringEquals: { [`${OTHER}:sub`]: SUB } }), undefined, 'unknown'],
    [
      'a second statement opens it',
      doc(
        stmt({ StringEquals: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazonaws.com' } }),
        stmt({ StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:*:*' } }),
      ),
      'anyNamespace',
      'yes',
    ],
    [
      'a deny closes the wildcard',
      doc(
        stmt({
          StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:*:*' },
          StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
        }),
        stmt({ StringNotEquals: { [`${HOST}:sub`]: SUB } }, { Effect: 'Deny' }),
      ),
      undefined,
      'no',
    ],
  ])('%s', (_name, s, wildcard, anyAudience) => {
    const d = (s as { Statement?: unknown }).Statement ? s : doc(s);
    const r = open(d);
    expect(r.wildcard?.kind).toBe(wildcard);
    expect(r.anyAudience).toBe(anyAudience);
  });

  it('names the namespace pattern', () => {
    const r = open(doc(stmt({ StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:team-*:*' } })));
    expect(r.wildcard).toEqual({ kind: 'namespacePattern', pattern: 'system:serviceaccount:team-*:*' });
  });

  it('an unresolved value makes the trust unknown, not open', () => {
    const d = doc(stmt(undefined, { Condition: undefined }));
    expect(irsaTrust(d).unresolved).toBe(true);
    const r = open(d);
    expect(r.unknown).toBe(true);
    expect(r.wildcard).toBeUndefined();
  });

  it('finds every provider of every Allow of AssumeRoleWithWebIdentity', () => {
    const other = `arn:aws:iam::111122223333:oidc-provider/${OTHER}`;
    const t = irsaTrust(
      doc(
        stmt(),
        stmt(undefined, { Principal: { Federated: [other, 'cognito-identity.amazonaws.com'] } }),
        stmt(undefined, { Action: 'sts:AssumeRole' }),
      ),
    );
    expect(t.providers.map((p) => [p.host, p.statement])).toEqual([
      [HOST, 0],
      [OTHER, 1],
    ]);
  });
});

describe('podIdentityTrust', () => {
  const svc = (Action: unknown, over: Record<string, unknown> = {}) =>
    doc({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action, ...over });
  it.each([
    ['both', svc(['sts:AssumeRole', 'sts:TagSession']), 'yes'],
    ['sts:*', svc('sts:*'), 'yes'],
    ['AssumeRole only', svc('sts:AssumeRole'), 'no'],
    ['TagSession only', svc('sts:TagSession'), 'no'],
    [
      'another service',
      doc({
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      }),
      'no',
    ],
    [
      'a condition on a key hako cannot know',
      svc(['sts:AssumeRole', 'sts:TagSession'], {
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      }),
      'unknown',
    ],
    [
      'unresolved',
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: undefined }] },
      'unknown',
    ],
  ])('%s', (_n, d, both) => {
    expect(podIdentityTrust(d, ROLE).both).toBe(both);
  });
});

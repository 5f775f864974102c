// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal text here
import { describe, expect, it } from 'vitest';
import { rng } from '../../../bench/_util.js';
import {
  admitsToken,
  admitsTokenByEvaluator,
  directAdmits,
  irsaTrust,
  podIdentityTrust,
  providerOpenness,
} from './trust.js';

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

describe('admitsToken: the direct path for the common IRSA trust equals the evaluator', () => {
  const ALIAS = 'oidc.eks.eu-west-1.amazonaws.com/id/abc';
  const OTHER_ARN = `arn:aws:iam::111122223333:oidc-provider/${OTHER}`;
  const providers = [
    { arn: ARN, hosts: [HOST] },
    { arn: ARN, hosts: [HOST, ALIAS] },
    { arn: OTHER_ARN, hosts: [OTHER] },
  ];
  const claimsList = [
    { sub: SUB, aud: 'sts.amazonaws.com' },
    { sub: SUB, aud: 'hako-probe.invalid' },
    { sub: 'system:serviceaccount:team-a:api', aud: 'sts.amazonaws.com' },
    { sub: 'system:serviceaccount:HAKOPROBE:HAKOPROBE', aud: 'sts.amazonaws.com' },
    { sub: 'system:serviceaccount:prod:API', aud: 'STS.amazonaws.com' },
  ];
  const keys = [
    `${HOST}:sub`,
    `${HOST}:aud`,
    `${HOST.toUpperCase()}:SUB`,
    `${ALIAS}:sub`,
    `${OTHER}:sub`,
    `${HOST}:amr`,
    'aws:SourceAccount',
    `https://${HOST}:sub`,
  ];
  const values: unknown[] = [
    SUB,
    'sts.amazonaws.com',
    'system:serviceaccount:*:*',
    'system:serviceaccount:team-*:*',
    'system:serviceaccount:prod:ap?',
    'system:serviceaccount:prod:*',
    '*',
    [SUB, 'system:serviceaccount:team-a:api'],
    ['sts.amazonaws.com', 'other'],
    'system:serviceaccount:${aws:username}:api',
    'system:serviceaccount:prod:api${*}',
    [],
    42,
    'SYSTEM:serviceaccount:prod:api',
  ];
  const operators = [
    'StringEquals',
    'StringLike',
    'StringEqualsIgnoreCase',
    'StringNotEquals',
    'ForAnyValue:StringLike',
    'stringequals',
    'StringLikeIfExists',
  ];
  const principals: unknown[] = [
    { Federated: ARN },
    { Federated: [OTHER_ARN, ARN] },
    { Federated: OTHER_ARN },
    { Federated: [] },
    '*',
    { AWS: '*' },
    { Federated: ARN, AWS: 'arn:aws:iam::111122223333:root' },
  ];
  const actions: unknown[] = [
    'sts:AssumeRoleWithWebIdentity',
    ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
    'sts:*',
    'STS:assumerolewithwebidentity',
    'sts:AssumeRole',
    [],
    undefined,
  ];

  // a seeded generator (mulberry32, bench/_util.ts): the same documents on every run
  const rnd = rng(0x5eed);
  const pick = <T>(xs: readonly T[], common = 0): T =>
    common > 0 && rnd() < 0.6 ? xs[Math.floor(rnd() * common)]! : xs[Math.floor(rnd() * xs.length)]!;

  const statement = (): Record<string, unknown> => {
    const st: Record<string, unknown> = {
      Effect: rnd() < 0.9 ? 'Allow' : 'Deny',
      Principal: pick(principals, 2),
    };
    const action = pick(actions, 2);
    if (action !== undefined) st.Action = action;
    if (rnd() < 0.1) st.Sid = 'Irsa';
    if (rnd() < 0.05) st.NotAction = 'iam:*';
    if (rnd() < 0.85) {
      const condition: Record<string, Record<string, unknown>> = {};
      const ops = 1 + Math.floor(rnd() * 2);
      for (let i = 0; i < ops; i++) {
        const block: Record<string, unknown> = {};
        const n = 1 + Math.floor(rnd() * 2);
        for (let j = 0; j < n; j++) block[pick(keys, 2)] = pick(values, 9);
        condition[pick(operators, 2)] = block;
      }
      st.Condition = condition;
    }
    return st;
  };
  const documents = (): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < 500; i++) {
      const n = rnd() < 0.85 ? 1 : 2;
      const statements = Array.from({ length: n }, statement);
      const d: Record<string, unknown> = {
        Version: '2012-10-17',
        Statement: n === 1 && rnd() < 0.3 ? statements[0] : statements,
      };
      if (rnd() < 0.05) d.Id = 'trust';
      // as a JSON text too (a plan or an IAM dump holds the document as text)
      out.push(rnd() < 0.2 ? JSON.stringify(d) : d);
    }
    return out;
  };

  it('gives the same answer on 500 generated trusts × every provider and claim set', () => {
    let direct = 0;
    let total = 0;
    const answers = new Set<string>();
    for (const d of documents()) {
      const trust = irsaTrust(d);
      for (const provider of providers)
        for (const claims of claimsList) {
          total++;
          const evaluated = admitsTokenByEvaluator(d, trust, provider, ROLE, claims);
          const fast = directAdmits(d, provider, claims);
          if (fast !== undefined) {
            direct++;
            answers.add(fast);
            if (fast !== evaluated)
              throw new Error(
                `${JSON.stringify({ d, provider, claims })}: direct ${fast}, evaluator ${evaluated}`,
              );
          }
          expect(admitsToken(d, trust, provider, ROLE, claims)).toBe(evaluated);
        }
    }
    // the direct path is exercised, with both answers
    expect(direct / total).toBeGreaterThan(0.1);
    expect([...answers].sort()).toEqual(['no', 'yes']);
  });

  it.each([
    [
      'exact sub and aud',
      stmt({ StringEquals: { [`${HOST}:sub`]: SUB, [`${HOST}:aud`]: 'sts.amazonaws.com' } }),
      'yes',
    ],
    [
      'StringLike namespace pattern',
      stmt({ StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:pr*:*' } }),
      'yes',
    ],
    [
      'another ServiceAccount',
      stmt({ StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:prod:web' } }),
      'no',
    ],
    ['another provider', stmt(undefined, { Principal: { Federated: `${ARN}X` } }), 'no'],
    ['no condition', stmt(), 'yes'],
  ])('the common shape is decided directly: %s', (_n, st, want) => {
    expect(directAdmits(doc(st), { arn: ARN, hosts: [HOST] }, { sub: SUB, aud: 'sts.amazonaws.com' })).toBe(
      want,
    );
  });

  it.each([
    ['two statements', doc(stmt(), stmt())],
    ['a Deny', doc(stmt(undefined, { Effect: 'Deny' }))],
    ['another operator', doc(stmt({ StringNotEquals: { [`${HOST}:sub`]: SUB } }))],
    ['a key of another issuer', doc(stmt({ StringEquals: { [`${OTHER}:sub`]: SUB } }))],
    ['an aws: key', doc(stmt({ StringEquals: { 'aws:SourceAccount': '111122223333' } }))],
    [
      'a policy variable',
      doc(stmt({ StringLike: { [`${HOST}:sub`]: 'system:serviceaccount:${aws:username}:*' } })),
    ],
    ['NotAction', doc(stmt(undefined, { NotAction: 'iam:*' }))],
  ])('anything else goes to the evaluator: %s', (_n, d) => {
    expect(
      directAdmits(d, { arn: ARN, hosts: [HOST] }, { sub: SUB, aud: 'sts.amazonaws.com' }),
    ).toBeUndefined();
  });
});

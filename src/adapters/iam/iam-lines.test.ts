/** IAM adapter: the CLI's JSON shapes, URL-encoded documents, default policy versions, role merging. */
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';
import { mergeRoles } from './iam.js';

const TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
};

describe('IAM adapter', () => {
  it('reads get-account-authorization-details with the default version of each managed policy', () => {
    const text = JSON.stringify(
      {
        RoleDetailList: [
          {
            RoleName: 'app',
            Arn: 'arn:aws:iam::111122223333:role/app',
            AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(TRUST)),
            RolePolicyList: [
              { PolicyName: 'inline', PolicyDocument: { Version: '2012-10-17', Statement: [] } },
            ],
            AttachedManagedPolicies: [{ PolicyName: 'm', PolicyArn: 'arn:aws:iam::111122223333:policy/m' }],
            PermissionsBoundary: {
              PermissionsBoundaryType: 'Policy',
              PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/b',
            },
          },
        ],
        Policies: [
          {
            PolicyName: 'm',
            Arn: 'arn:aws:iam::111122223333:policy/m',
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { VersionId: 'v1', IsDefaultVersion: false, Document: { Statement: 'old' } },
              { VersionId: 'v2', IsDefaultVersion: true, Document: { Statement: 'new' } },
            ],
          },
        ],
      },
      null,
      2,
    );
    const state = emptyState();
    const out = adaptText('iam.json', 'json', text, state);
    expect(out.kinds).toEqual(['iam-authorization-details']);
    const role = state.aws.iam.roles[0]!;
    expect(role).toMatchObject({ name: 'app', arn: 'arn:aws:iam::111122223333:role/app', complete: true });
    expect(role.trustPolicy?.document).toEqual(TRUST);
    expect(role.inlinePolicies.map((p) => p.id)).toEqual(['inline:inline']);
    expect(role.attachedPolicyArns.map((a) => a.arn)).toEqual(['arn:aws:iam::111122223333:policy/m']);
    expect(role.permissionsBoundaryArn).toBe('arn:aws:iam::111122223333:policy/b');
    expect(role.src.startLine).toBe(3);
    expect(state.aws.iam.managedPolicies[0]?.document).toEqual({ Statement: 'new' });
  });

  it('merges get-role and get-role-policy outputs read from separate files, in either order', () => {
    for (const order of [0, 1]) {
      const state = emptyState();
      const files = [
        [
          'policy.json',
          JSON.stringify({ RoleName: 'app', PolicyName: 'p', PolicyDocument: { Statement: [] } }),
        ],
        [
          'role.json',
          JSON.stringify({
            Role: { RoleName: 'app', Arn: 'arn:aws:iam::1:role/app', AssumeRolePolicyDocument: TRUST },
          }),
        ],
      ];
      if (order) files.reverse();
      for (const [f, t] of files) adaptText(f!, 'json', t!, state);
      mergeRoles(state.aws.iam);
      expect(state.aws.iam.roles).toHaveLength(1);
      expect(state.aws.iam.roles[0]).toMatchObject({
        name: 'app',
        arn: 'arn:aws:iam::1:role/app',
        complete: false,
      });
      expect(state.aws.iam.roles[0]?.inlinePolicies.map((p) => p.id)).toEqual(['inline:p']);
      expect(state.aws.iam.roles[0]?.trustPolicy?.document).toEqual(TRUST);
    }
  });

  it('recognises a bare policy document', () => {
    const out = adaptText('p.json', 'json', '{"Version":"2012-10-17","Statement":[]}', emptyState());
    expect(out.kinds).toEqual(['iam-policy-document']);
  });
});

describe('IAM CLI shapes that name nothing to join', () => {
  it.each([
    [
      'list-attached-role-policies',
      { AttachedPolicies: [{ PolicyName: 'm', PolicyArn: 'arn:aws:iam::111122223333:policy/m' }] },
      'iamAttachedPoliciesNoRole',
    ],
    [
      'get-policy-version',
      {
        PolicyVersion: {
          Document: { Version: '2012-10-17', Statement: [] },
          VersionId: 'v1',
          IsDefaultVersion: true,
        },
      },
      'iamPolicyVersionNoPolicy',
    ],
  ])('%s is recognised and said to be joined to nothing', (_what, doc, note) => {
    const state = emptyState();
    const out = adaptText('x.json', 'json', JSON.stringify(doc, null, 2), state);
    expect(out.unknown).toEqual([]);
    expect(state.inputs.skipped).toEqual([expect.objectContaining({ file: 'x.json', line: 1, note })]);
  });

  it('get-role and get-role-policy join into one role', () => {
    const state = emptyState();
    adaptText(
      'role.json',
      'json',
      JSON.stringify({
        Role: { RoleName: 'app', Arn: 'arn:aws:iam::111122223333:role/app', AssumeRolePolicyDocument: TRUST },
      }),
      state,
    );
    adaptText(
      'policy.json',
      'json',
      JSON.stringify({
        RoleName: 'app',
        PolicyName: 'p',
        PolicyDocument: { Version: '2012-10-17', Statement: [] },
      }),
      state,
    );
    mergeRoles(state.aws.iam);
    expect(
      state.aws.iam.roles.map((r) => [r.name, r.arn, r.inlinePolicies.map((p) => p.id), r.complete]),
    ).toEqual([['app', 'arn:aws:iam::111122223333:role/app', ['inline:p'], false]]);
  });
});

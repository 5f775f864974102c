/** EKS / IAM OIDC JSON and CloudFormation identity resources into the model, joined by engines/identity. */
import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { workloadRoles } from '../../engines/identity/workload-roles.js';
import { emptyState, type State } from '../../model/state.js';
import { adaptText } from '../index.js';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABC';
const ACCT = '111122223333';

function stateOf(files: Record<string, string>): State {
  const state = emptyState();
  for (const [file, text] of Object.entries(files)) {
    const out = adaptText(file, file.endsWith('.json') ? 'json' : 'yaml', text, state);
    expect(out.unknown).toEqual([]);
    expect(out.errors).toEqual([]);
  }
  return state;
}

const describeCluster = {
  cluster: {
    name: 'prod',
    arn: `arn:aws:eks:eu-west-1:${ACCT}:cluster/prod`,
    version: '1.31',
    resourcesVpcConfig: { endpointPublicAccess: false, endpointPrivateAccess: true, publicAccessCidrs: [] },
    logging: {
      clusterLogging: [
        { types: ['api', 'audit'], enabled: true },
        { types: ['scheduler'], enabled: false },
      ],
    },
    identity: { oidc: { issuer: `https://${HOST}` } },
    accessConfig: { authenticationMode: 'API' },
  },
};

describe('EKS JSON', () => {
  it('describe-cluster: settings and OIDC issuer', () => {
    const c = stateOf({ 'cluster.json': json(describeCluster) }).aws.eks.clusters[0];
    expect({
      name: c?.name.value,
      issuer: c?.oidcIssuer?.value,
      pub: c?.endpointPublicAccess.value,
      logs: c?.enabledLogTypes.value,
      mode: c?.authenticationMode.value,
      bootstrap: c?.bootstrapClusterCreatorAdminPermissions.origin,
    }).toEqual({
      name: 'prod',
      issuer: `https://${HOST}`,
      pub: false,
      logs: ['api', 'audit'],
      mode: 'API',
      bootstrap: 'unresolved',
    });
  });

  it('describe-pod-identity-association and list (no role: unknown)', () => {
    const state = stateOf({
      'one.json': json({
        association: {
          clusterName: 'prod',
          namespace: 'prod',
          serviceAccount: 'api',
          roleArn: `arn:aws:iam::${ACCT}:role/pi`,
          associationId: 'a-1',
        },
      }),
      'list.json': json({
        associations: [
          { clusterName: 'prod', namespace: 'jobs', serviceAccount: 'runner', associationId: 'a-2' },
        ],
      }),
      'role.json': json({
        Role: {
          RoleName: 'pi',
          Arn: `arn:aws:iam::${ACCT}:role/pi`,
          AssumeRolePolicyDocument: {
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        },
      }),
    });
    expect(
      workloadRoles(state).all.map((w) => [
        w.serviceAccount.name,
        w.role?.name,
        w.roleArn.origin,
        w.trustAdmits,
      ]),
    ).toEqual([
      ['api', 'pi', 'explicit', 'no'],
      ['runner', undefined, 'unresolved', 'unknown'],
    ]);
  });

  it('describe-fargate-profile and get-open-id-connect-provider', () => {
    const state = stateOf({
      'fp.json': json({
        fargateProfile: {
          fargateProfileName: 'fp',
          clusterName: 'prod',
          selectors: [{ namespace: 'batch' }, { namespace: 'web', labels: { tier: 'f' } }],
        },
      }),
      'oidc.json': json({ Url: HOST, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [] }),
    });
    const [f] = state.aws.eks.fargateProfiles;
    expect(
      f?.selectors.map((s) => [s.namespace.value, s.labels === 'unresolved' ? s.labels : s.labels.size]),
    ).toEqual([
      ['batch', 0],
      ['web', 1],
    ]);
    expect(state.aws.eks.oidcProviders[0]?.hosts).toEqual([HOST]);
  });
});

describe('CloudFormation identity resources', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: prod
      RoleArn: arn:aws:iam::${ACCT}:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-1]
  Provider:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: !GetAtt Cluster.OpenIdConnectIssuerUrl
      ClientIdList: [sts.amazonaws.com]
  PodRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: pods.eks.amazonaws.com }
            Action: [sts:AssumeRole, sts:TagSession]
  Association:
    Type: AWS::EKS::PodIdentityAssociation
    Properties:
      ClusterName: !Ref Cluster
      Namespace: prod
      ServiceAccount: api
      RoleArn: !GetAtt PodRole.Arn
  Fargate:
    Type: AWS::EKS::FargateProfile
    Properties:
      ClusterName: !Ref Cluster
      PodExecutionRoleArn: arn:aws:iam::${ACCT}:role/fp
      Selectors:
        - Namespace: batch
        - Namespace: web
          Labels:
            - Key: tier
              Value: fargate
`;
  it('provider tied to the cluster issuer, association joined to its role, Fargate selectors', () => {
    const state = stateOf({ 'stack.yaml': template });
    const [p] = state.aws.eks.oidcProviders;
    expect(p?.clusterRef).toBe('Cluster');
    expect(p?.hosts[1]).toBe(state.aws.eks.clusters[0]?.oidcIssuer?.value.replace('https://', ''));
    expect(workloadRoles(state).all.map((w) => [w.via, w.role?.name, w.trustAdmits])).toEqual([
      ['podIdentity', 'PodRole', 'yes'],
    ]);
    expect(state.aws.eks.podIdentityAssociations[0]?.clusterRef).toBe('Cluster');
    expect(
      state.aws.eks.fargateProfiles[0]?.selectors.map((s) => [
        s.namespace.value,
        s.labels === 'unresolved' ? s.labels : [...s.labels.keys()],
      ]),
    ).toEqual([
      ['batch', []],
      ['web', ['tier']],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { type Expected, type Json, type Patch, run } from './test-helpers.js';

const REPOSITORY: Json = {
  repositoryName: 'team/web',
  imageTagMutability: 'IMMUTABLE',
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
  tags: [{ Key: 'team', Value: 'web' }],
};

const SCANNING: Json = {
  scanType: 'ENHANCED',
  rules: [
    { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'prod/*', filterType: 'WILDCARD' }] },
  ],
};

const EKS_CLUSTER: Json = {
  name: 'prod',
  roleArn: 'arn:aws:iam::123456789012:role/eks',
  resourcesVpcConfig: { subnetIds: ['subnet-1'], endpointPublicAccess: false, endpointPrivateAccess: true },
  logging: { clusterLogging: [{ types: ['api', 'audit', 'authenticator'], enabled: true }] },
  encryptionConfig: [
    { resources: ['secrets'], provider: { keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' } },
  ],
  accessConfig: { authenticationMode: 'API' },
};

const NODEGROUP: Json = {
  clusterName: 'prod',
  nodegroupName: 'ng',
  subnets: ['subnet-1'],
  nodeRole: 'arn:aws:iam::123456789012:role/node',
  scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
  amiType: 'AL2023_x86_64_STANDARD',
  capacityType: 'ON_DEMAND',
};

const ACCESS_ENTRY: Json = {
  clusterName: 'prod',
  principalArn: 'arn:aws:iam::123456789012:role/dev',
  type: 'STANDARD',
};

describe('ECR and EKS request shapes', () => {
  const cases: [string, 'ecr' | 'eks', string, Json, Patch, Expected[]][] = [
    ['repository passes', 'ecr', 'CreateRepositoryRequest', REPOSITORY, {}, []],
    [
      'repository name with capitals',
      'ecr',
      'CreateRepositoryRequest',
      REPOSITORY,
      { '/repositoryName': 'Team/Web' },
      [['pattern-mismatch', '/repositoryName']],
    ],
    [
      'repository name of one character',
      'ecr',
      'CreateRepositoryRequest',
      REPOSITORY,
      { '/repositoryName': 'a' },
      [['too-short', '/repositoryName']],
    ],
    [
      'tag mutability "immutable"',
      'ecr',
      'CreateRepositoryRequest',
      REPOSITORY,
      { '/imageTagMutability': 'immutable' },
      [['invalid-enum', '/imageTagMutability', 'IMMUTABLE']],
    ],
    [
      'scanOnPush "true"',
      'ecr',
      'CreateRepositoryRequest',
      REPOSITORY,
      { '/imageScanningConfiguration/scanOnPush': 'true' },
      [['wrong-type', '/imageScanningConfiguration/scanOnPush', 'true']],
    ],
    [
      'registry id with 11 digits',
      'ecr',
      'CreateRepositoryRequest',
      REPOSITORY,
      { '/registryId': '12345678901' },
      [['pattern-mismatch', '/registryId']],
    ],
    [
      'lifecycle policy text under 100 characters',
      'ecr',
      'PutLifecyclePolicyRequest',
      { repositoryName: 'web', lifecyclePolicyText: '{"rules":[]}' },
      {},
      [['too-short', '/lifecyclePolicyText']],
    ],
    ['scanning configuration passes', 'ecr', 'PutRegistryScanningConfigurationRequest', SCANNING, {}, []],
    [
      'scan frequency "CONTINUOUS"',
      'ecr',
      'PutRegistryScanningConfigurationRequest',
      SCANNING,
      { '/rules/0/scanFrequency': 'CONTINUOUS' },
      [['invalid-enum', '/rules/0/scanFrequency']],
    ],
    [
      'three scanning rules (at most 2)',
      'ecr',
      'PutRegistryScanningConfigurationRequest',
      SCANNING,
      {
        '/rules/1': {
          scanFrequency: 'SCAN_ON_PUSH',
          repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }],
        },
        '/rules/2': { scanFrequency: 'MANUAL', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] },
      },
      [['too-long', '/rules']],
    ],
    [
      'replication destination without registryId',
      'ecr',
      'PutReplicationConfigurationRequest',
      { replicationConfiguration: { rules: [{ destinations: [{ region: 'eu-west-2' }] }] } },
      {},
      [['missing-required', '/replicationConfiguration/rules/0/destinations/0/registryId']],
    ],
    ['EKS cluster passes', 'eks', 'CreateClusterRequest', EKS_CLUSTER, {}, []],
    [
      'encryption_config { enable = true } style',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/encryptionConfig/0/enable': true },
      [['unknown-key', '/encryptionConfig/0/enable']],
    ],
    [
      'log type "controller-manager"',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/logging/clusterLogging/0/types/0': 'controller-manager' },
      [['invalid-enum', '/logging/clusterLogging/0/types/0', 'controllerManager']],
    ],
    [
      'authenticationMode "API_AND_CONFIGMAP"',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/accessConfig/authenticationMode': 'API_AND_CONFIGMAP' },
      [['invalid-enum', '/accessConfig/authenticationMode', 'API_AND_CONFIG_MAP']],
    ],
    [
      'cluster name with a dot',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/name': 'prod.eu' },
      [['pattern-mismatch', '/name']],
    ],
    [
      'two encryption configs (at most 1)',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/encryptionConfig/1': { resources: ['secrets'] } },
      [['too-long', '/encryptionConfig']],
    ],
    [
      'empty tags map (min 1)',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/tags': {} },
      [['too-short', '/tags']],
    ],
    [
      'a 129-character tag key',
      'eks',
      'CreateClusterRequest',
      EKS_CLUSTER,
      { '/tags': { ['k'.repeat(129)]: 'v' } },
      [['too-long', `/tags/${'k'.repeat(129)}`]],
    ],
    ['nodegroup passes', 'eks', 'CreateNodegroupRequest', NODEGROUP, {}, []],
    ['access entry passes', 'eks', 'CreateAccessEntryRequest', ACCESS_ENTRY, {}, []],
    [
      'access entry type "ec2_linux" (documented values)',
      'eks',
      'CreateAccessEntryRequest',
      ACCESS_ENTRY,
      { '/type': 'ec2_linux' },
      [['invalid-enum', '/type', 'EC2_LINUX']],
    ],
    [
      'access policy scope "Cluster"',
      'eks',
      'AssociateAccessPolicyRequest',
      { clusterName: 'prod', principalArn: 'arn', policyArn: 'arn', accessScope: { type: 'Cluster' } },
      {},
      [['invalid-enum', '/accessScope/type', 'cluster']],
    ],
    [
      'nodegroup maxSize 0 (min 1)',
      'eks',
      'CreateNodegroupRequest',
      NODEGROUP,
      { '/scalingConfig': { minSize: 0, maxSize: 0 } },
      [['out-of-range', '/scalingConfig/maxSize']],
    ],
    [
      'nodegroup taint effect "NoSchedule" (Kubernetes spelling)',
      'eks',
      'CreateNodegroupRequest',
      NODEGROUP,
      { '/taints': [{ key: 'k', effect: 'NoSchedule' }] },
      [['invalid-enum', '/taints/0/effect', 'NO_SCHEDULE']],
    ],
    [
      'pod identity association without serviceAccount',
      'eks',
      'CreatePodIdentityAssociationRequest',
      { clusterName: 'prod', namespace: 'default', roleArn: 'arn' },
      {},
      [['missing-required', '/serviceAccount']],
    ],
  ];

  it.each(cases)('%s', (_title, service, root, doc, patch, expected) => {
    expect(run(service, root, doc, patch).compact).toEqual(expected);
  });
});

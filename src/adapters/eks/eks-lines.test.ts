/**
 * EKS adapters: provider defaults (eks-versions-and-defaults.md B1 test cases 11–17) and the lines
 * every EKS node points at, for Terraform, CloudFormation and the aws-auth ConfigMap.
 */
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { adaptText } from '../index.js';
import { adaptTerraform } from '../terraform/index.js';

await initHcl();

const line = (s: Src | undefined) => s?.startLine;

function tf(text: string) {
  const state = emptyState();
  adaptTerraform([{ display: 'main.tf', text }], state);
  return state.aws.eks;
}

function yaml(text: string) {
  const state = emptyState();
  adaptText('t.yaml', 'yaml', text, state);
  return state;
}

const cluster = (body: string) => `resource "aws_eks_cluster" "c" {
  name     = "c"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
${body}}
`;

describe('Terraform aws_eks_cluster defaults', () => {
  it('vpc_config with subnets only: public on, private off, 0.0.0.0/0, located at vpc_config', () => {
    const c = tf(cluster('')).clusters[0]!;
    expect([
      c.endpointPublicAccess.value,
      c.endpointPublicAccess.origin,
      line(c.endpointPublicAccess.src),
    ]).toEqual([true, 'default', 4]);
    expect(c.endpointPrivateAccess.value).toBe(false);
    expect(c.publicAccessCidrs.value).toEqual(['0.0.0.0/0']);
    expect(c.enabledLogTypes).toMatchObject({ value: [], origin: 'default' });
    expect(c.encryptionConfig).toEqual([]);
  });

  it('no access_config: CONFIG_MAP and creator admin true', () => {
    const c = tf(cluster('')).clusters[0]!;
    expect(c.authenticationMode.value).toBe('CONFIG_MAP');
    expect(c.bootstrapClusterCreatorAdminPermissions.value).toBe(true);
  });

  it('access_config without the bootstrap argument: the provider sends false', () => {
    const c = tf(cluster('  access_config {\n    authentication_mode = "API"\n  }\n')).clusters[0]!;
    expect(c.authenticationMode).toMatchObject({ value: 'API', origin: 'explicit' });
    expect(c.bootstrapClusterCreatorAdminPermissions).toMatchObject({ value: false, origin: 'default' });
    expect(line(c.bootstrapClusterCreatorAdminPermissions.src)).toBe(7);
  });

  it('encryption_config: key, resources and the referenced key', () => {
    const c = tf(
      cluster(
        '  encryption_config {\n    provider {\n      key_arn = aws_kms_key.k.arn\n    }\n    resources = ["secrets"]\n  }\n',
      ),
    ).clusters[0]!;
    expect(c.encryptionConfig[0]).toMatchObject({ keyRef: 'aws_kms_key.k' });
    expect(line(c.encryptionConfig[0]!.src)).toBe(7);
    expect(c.encryptionConfig[0]!.resources.map((r) => r.value)).toEqual(['secrets']);
  });

  it('an unquoted number version is unknown (1.30 would read as 1.3)', () => {
    const c = tf(cluster('  version = 1.30\n')).clusters[0]!;
    expect(c.version?.origin).toBe('unresolved');
  });
});

describe('CloudFormation AWS::EKS::Cluster defaults', () => {
  it('AccessConfig without BootstrapClusterCreatorAdminPermissions: true (unlike Terraform)', () => {
    const s = yaml(`Resources:
  C:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a1b2c3d]
      AccessConfig:
        AuthenticationMode: API
`);
    const c = s.aws.eks.clusters[0]!;
    expect(c.bootstrapClusterCreatorAdminPermissions).toMatchObject({ value: true, origin: 'default' });
    expect(line(c.bootstrapClusterCreatorAdminPermissions.src)).toBe(9);
    expect(line(c.publicAccessCidrs.src)).toBe(7);
  });
});

describe('aws-auth ConfigMap', () => {
  it('moves the inner YAML lines to the outer file', () => {
    const s = yaml(`apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/a
      username: a
      groups:
        - g
  mapAccounts: "111122223333"
`);
    const auth = s.aws.eks.awsAuth[0]!;
    const e = auth.mapRoles[0]!;
    expect(line(e.values.get('rolearn')?.src)).toBe(8);
    expect(line(e.values.get('username')?.src)).toBe(9);
    expect(e.groups.map((g) => [g.value, line(g.src)])).toEqual([['g', 11]]);
    expect(auth.dataKeys.map((k) => k.key)).toEqual(['mapRoles', 'mapAccounts']);
  });

  it('keeps a one-line string with escaped newlines on its line', () => {
    const s = yaml(`apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: "- rolesArn: arn:aws:iam::111122223333:role/a\\n  username: a\\n"
`);
    const e = s.aws.eks.awsAuth[0]!.mapRoles[0]!;
    expect(e.keys.map((k) => [k.key, line(k.src)])).toEqual([
      ['rolesArn', 7],
      ['username', 7],
    ]);
  });
});

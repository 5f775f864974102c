/** Terraform IRSA / Pod Identity shapes into the model, joined by engines/identity. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolation is the input under test
import { describe, expect, it } from 'vitest';
import { workloadRoles } from '../../engines/identity/workload-roles.js';
import { emptyState, type State } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { adaptText } from '../index.js';
import { adaptTerraform } from './index.js';

await initHcl();

function stateOf(tf: string, yaml?: string): State {
  const state = emptyState();
  const out = adaptTerraform([{ display: 'main.tf', text: tf }], state);
  expect(out.errors).toEqual([]);
  if (yaml) adaptText('sa.yaml', 'yaml', yaml, state);
  return state;
}

const CLUSTER = `
resource "aws_eks_cluster" "main" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
resource "aws_iam_openid_connect_provider" "eks" {
  url             = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list  = ["sts.amazonaws.com"]
}
`;

const moduleShape = (sub: string, keyFrom: string, test = 'StringEquals') => `${CLUSTER}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.eks.arn]
    }
    condition {
      test     = "${test}"
      variable = "\${replace(${keyFrom}, "https://", "")}:sub"
      values   = ["${sub}"]
    }
    condition {
      test     = "StringEquals"
      variable = "\${replace(${keyFrom}, "https://", "")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
`;

const SA = (ns: string, name: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/app\n`;

describe('Terraform IRSA module shape', () => {
  it('models the provider, tied to the cluster by its URL', () => {
    const state = stateOf(CLUSTER);
    const [p] = state.aws.eks.oidcProviders;
    expect(p?.hosts).toEqual([
      'oidc.unknown.hako/terraform/aws_iam_openid_connect_provider.eks',
      'oidc.eks.unknown.hako/terraform/prod',
    ]);
    expect(p?.clusterRef).toBe('aws_eks_cluster.main');
    expect(p?.clientIds.map((c) => c.value)).toEqual(['sts.amazonaws.com']);
    expect(state.aws.eks.clusters[0]?.oidcIssuer?.value).toBe('https://oidc.eks.unknown.hako/terraform/prod');
  });

  it.each([
    ['provider url', 'aws_iam_openid_connect_provider.eks.url'],
    ['cluster issuer', 'aws_eks_cluster.main.identity[0].oidc[0].issuer'],
  ])('condition keys from the %s keep :sub and the provider identity', (_n, keyFrom) => {
    const state = stateOf(
      moduleShape('system:serviceaccount:prod:api', keyFrom),
      `${SA('prod', 'api')}---\n${SA('prod', 'web')}`,
    );
    const doc = state.aws.iam.roles[0]?.trustPolicy?.document as {
      Statement: { Condition: Record<string, Record<string, unknown>> }[];
    };
    const keys = Object.keys(doc.Statement[0]?.Condition.StringEquals ?? {});
    expect(keys.every((k) => /^oidc\.[a-z.]*unknown\.hako\/terraform\/.+:(sub|aud)$/.test(k))).toBe(true);
    expect(workloadRoles(state).all.map((w) => [w.serviceAccount.name, w.role?.name, w.trustAdmits])).toEqual(
      [
        ['api', 'app', 'yes'],
        ['web', 'app', 'no'],
      ],
    );
  });

  it('a provider ARN from a variable is unknown, not guessed', () => {
    const tf = moduleShape('system:serviceaccount:prod:api', 'var.oidc_url').replace(
      'aws_iam_openid_connect_provider.eks.arn',
      'var.provider_arn',
    );
    const state = stateOf(`variable "provider_arn" {}\nvariable "oidc_url" {}\n${tf}`, SA('prod', 'web'));
    expect(workloadRoles(state).all.map((w) => w.trustAdmits)).toEqual(['unknown']);
  });
});

describe('Terraform Pod Identity and Fargate', () => {
  it('association joins its role by reference; Fargate selectors are read', () => {
    const state = stateOf(`${CLUSTER}
resource "aws_iam_role" "pi" {
  name = "pi"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "pods.eks.amazonaws.com" }, Action = ["sts:AssumeRole", "sts:TagSession"] }]
  })
}
resource "aws_eks_pod_identity_association" "api" {
  cluster_name    = aws_eks_cluster.main.name
  namespace       = "prod"
  service_account = "api"
  role_arn        = aws_iam_role.pi.arn
}
resource "aws_eks_fargate_profile" "batch" {
  cluster_name         = aws_eks_cluster.main.name
  fargate_profile_name = "batch"
  pod_execution_role_arn = "arn:aws:iam::111122223333:role/fargate"
  subnet_ids = ["subnet-1"]
  selector {
    namespace = "batch"
  }
  selector {
    namespace = "jobs"
    labels = { tier = "fargate" }
  }
}
`);
    const [a] = state.aws.eks.podIdentityAssociations;
    expect(a?.clusterName.value).toBe('prod'); // aws_eks_cluster.main.name: the literal name
    expect(workloadRoles(state).all.map((w) => [w.via, w.role?.name, w.trustAdmits, w.effective])).toEqual([
      ['podIdentity', 'pi', 'yes', true],
    ]);
    const [f] = state.aws.eks.fargateProfiles;
    expect(f?.clusterName.value).toBe('prod');
    expect(
      f?.selectors.map((s) => [
        s.namespace.value,
        s.labels === 'unresolved' ? 'unresolved' : [...s.labels.keys()],
      ]),
    ).toEqual([
      ['batch', []],
      ['jobs', ['tier']],
    ]);
  });
});

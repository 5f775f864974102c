/** Lines test: the ECR nodes each adapter builds point at the right line and column of their file. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { initHcl } from '../../parse/hcl/syntax.js';
import { adaptText } from '../index.js';
import { adaptTerraform } from '../terraform/index.js';

const at = (s: Src | undefined) => (s ? [s.startLine, s.startColumn] : undefined);

const TF = `resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE_WITH_EXCLUSION"
  image_tag_mutability_exclusion_filter {
    filter      = "latest"
    filter_type = "WILDCARD"
  }
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    rules = [{ rulePriority = 1, selection = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 5 }, action = { type = "expire" } }]
  })
}

resource "aws_ecr_registry_scanning_configuration" "s" {
  scan_type = "ENHANCED"
  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "prod-*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_replication_configuration" "r" {
  replication_configuration {
    rule {
      destination {
        region      = "us-west-2"
        registry_id = "111122223333"
      }
    }
  }
}
`;

describe('ECR Terraform adapter lines', () => {
  const state = emptyState();
  beforeAll(async () => {
    await initHcl();
    adaptTerraform([{ display: 'main.tf', text: TF }], state);
  });
  it('repository: set values at their value, defaults at the block', () => {
    const r = state.aws.ecr.repositories[0]!;
    expect(at(r.src)).toEqual([1, 1]);
    expect(at(r.name.src)).toEqual([2, 26]);
    expect(at(r.tagMutability.src)).toEqual([3, 26]);
    expect(at(r.tagMutabilityExclusions[0]!.filter.src)).toEqual([5, 19]);
    expect(at(r.scanOnPush.src)).toEqual([9, 20]);
    expect(r.encryption.type).toMatchObject({ value: 'AES256', origin: 'default' });
    expect(at(r.encryption.type.src)).toEqual([1, 1]);
  });
  it('lifecycle policy: the jsonencode value keeps its positions', () => {
    const lc = state.aws.ecr.lifecyclePolicies[0]!;
    expect(lc.repository.value).toBe('app');
    expect(at(lc.value.node?.src)).toEqual([15, 23]);
  });
  it('scanning and replication', () => {
    const s = state.aws.ecr.scanning[0]!;
    expect(at(s.scanType.src)).toEqual([21, 15]);
    expect(at(s.rules[0]!.repositoryFilters[0]!.filter.src)).toEqual([25, 21]);
    const d = state.aws.ecr.replication[0]!.rules[0]!.destinations[0]!;
    expect(at(d.registryId.src)).toEqual([36, 23]);
  });
});

const CFN = `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: app
      ImageTagMutability: MUTABLE
      EncryptionConfiguration:
        EncryptionType: KMS
      LifecyclePolicy:
        LifecyclePolicyText: '{"rules":[]}'
`;

describe('ECR CloudFormation adapter lines', () => {
  const state = emptyState();
  adaptText('template.yaml', 'yaml', CFN, state);
  it('repository', () => {
    const r = state.aws.ecr.repositories[0]!;
    expect(r.name.value).toBe('app');
    expect(at(r.tagMutability.src)).toEqual([6, 27]);
    expect(at(r.encryption.type.src)).toEqual([8, 25]);
    expect(at(r.scanOnPush.src)).toEqual([5, 7]);
    expect(at(r.lifecyclePolicy?.src)).toEqual([10, 30]);
  });
});

const JSON_REPOS = `{
  "repositories": [
    {
      "repositoryArn": "arn:aws:ecr:us-east-1:111122223333:repository/app",
      "registryId": "111122223333",
      "repositoryName": "app",
      "imageTagMutability": "MUTABLE"
    }
  ]
}
`;

describe('ECR CLI JSON adapter lines', () => {
  it('describe-repositories', () => {
    const state = emptyState();
    const out = adaptText('repos.json', 'json', JSON_REPOS, state);
    expect(out.kinds).toEqual(['ecr-repositories']);
    const r = state.aws.ecr.repositories[0]!;
    expect(r.account).toBe('111122223333');
    expect(at(r.src)).toEqual([3, 5]);
    expect(at(r.tagMutability.src)).toEqual([7, 29]);
    expect(r.lifecycleKnowable).toBe(false);
  });
  it('get-lifecycle-policy: the rules are located at lifecyclePolicyText', () => {
    const state = emptyState();
    const text = '{\n  "repositoryName": "app",\n  "lifecyclePolicyText": "{\\"rules\\":[]}"\n}\n';
    expect(adaptText('lc.json', 'json', text, state).kinds).toEqual(['ecr-lifecycle-policy']);
    expect(at(state.aws.ecr.lifecyclePolicies[0]!.value.node?.src)).toEqual([3, 26]);
  });
});

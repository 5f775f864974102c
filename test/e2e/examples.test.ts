/**
 * The bundled examples are the demo: the insecure set trips every ECS, EKS and ECR rule (ECR-007
 * through the describe-images output scanned with it), the hardened set nothing, and scanning both at once
 * joins nothing across them (a scan is one estate; the sets are different accounts and names).
 */
import { describe, expect, it } from 'vitest';
import { hako } from '../helpers/cli.js';

interface Out {
  findings: {
    ruleId: string;
    message: string;
    location: { file: string; startLine: number };
    suppressed: unknown;
  }[];
  errors: unknown[];
  summary: { files: number; resources: number };
}

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(3, '0')}`);
const ECS_RULES = ids('ECS', 24);

/** Where each EKS and ECR rule fires in examples/insecure (file:line of every finding, sorted). */
const EKS_ECR_EXPECTED: Record<string, string[]> = {
  'ECR-001': [
    'cloudformation/ci-cluster.yaml:55', // ImageTagMutability: MUTABLE
    'ecr/describe-repositories.json:9', // legacy/cron-jobs MUTABLE
    'ecr/describe-repositories.json:20', // IMMUTABLE_WITH_EXCLUSION with the filter "*"
    'terraform-eks/ecr.tf:8', // payments-api MUTABLE
    'terraform-eks/ecr.tf:64', // base-images: MUTABLE by default
  ],
  'ECR-002': [
    'cloudformation/ci-cluster.yaml:52',
    'ecr/describe-repositories.json:3',
    'ecr/describe-repositories.json:13', // scanOnPush true, but the BASIC registry rules decide
    'terraform-eks/ecr.tf:64',
  ],
  'ECR-003': [
    'cloudformation/ci-cluster.yaml:54',
    'ecr/describe-repositories.json:11', // AES256
    'ecr/describe-repositories.json:22', // KMS with the AWS managed key
    'terraform-eks/ecr.tf:64',
  ],
  'ECR-004': ['cloudformation/ci-cluster.yaml:62'],
  'ECR-005': ['cloudformation/ci-cluster.yaml:52', 'terraform-eks/ecr.tf:64'],
  'ECR-007': ['ecr-lifecycle/lifecycle.tf:19'], // keep-three-releases rule; the api service runs 4.1.0
  'ECR-006': [
    'ecr/put-lifecycle-policy.json:3', // untagged with a prefix list; prefixes ANDed (mistake #46)
    'ecr/put-lifecycle-policy.json:3',
    'terraform-eks/ecr.tf:30', // tagStatus any first
    'terraform-eks/ecr.tf:54', // countUnit with imageCountMoreThan
  ],
  'ECR-008': [
    'ecr/put-replication-configuration.json:6', // {"filter": "prefix-list", "filterValues": [...]} (mistake #42)
    'ecr/put-replication-configuration.json:6',
  ],
  'ECR-009': ['ecr/get-repository-policy.json:4', 'terraform-eks/ecr.tf:80'],
  'ECR-010': ['terraform-eks/ecr.tf:93'],
  'EKS-001': ['cloudformation/ci-cluster.yaml:18', 'terraform-eks/main.tf:21'],
  'EKS-002': ['cloudformation/ci-cluster.yaml:13', 'terraform-eks/main.tf:21'],
  'EKS-003': ['cloudformation/ci-cluster.yaml:7'],
  'EKS-004': ['cloudformation/ci-cluster.yaml:9', 'terraform-eks/main.tf:33'],
  'EKS-005': ['cloudformation/ci-cluster.yaml:10', 'terraform-eks/main.tf:19'], // 1.31 and 1.30
  'EKS-006': ['terraform-eks/main.tf:16'],
  'EKS-007': ['cloudformation/ci-cluster.yaml:20', 'terraform-eks/main.tf:16'],
  'EKS-008': ['cloudformation/ci-cluster.yaml:36', 'terraform-eks/main.tf:50'],
  'EKS-009': [
    'k8s/aws-auth.yaml:11', // role ARN with a path
    'k8s/aws-auth.yaml:20', // mapusers
    'terraform-eks/main.tf:102', // rolesArn (mistake #13)
  ],
  'EKS-010': [
    'cloudformation/ci-cluster.yaml:44',
    'k8s/aws-auth.yaml:19',
    'terraform-eks/main.tf:80',
    'terraform-eks/main.tf:109',
  ],
  'EKS-011': ['k8s/aws-auth.yaml:26'],
  'EKS-012': [
    'terraform-eks/main.tf:56',
    'terraform-eks/main.tf:65',
    'terraform-eks/main.tf:65',
    'terraform-eks/main.tf:72',
  ],
  'EKS-013': ['terraform-eks/main.tf:135'], // RUNTIME_MONITORING and EKS_RUNTIME_MONITORING
  'EKS-014': ['cloudformation/ci-cluster.yaml:48', 'terraform-eks/main.tf:119'],
  'EKS-015': ['terraform-eks/ecr.tf:2', 'terraform-eks/main.tf:11'],
  'EKS-016': ['cloudformation/ci-cluster.yaml:74', 'terraform-eks/main.tf:145'],
  'EKS-017': ['terraform-eks/main.tf:168', 'terraform-eks/main.tf:169'], // IMDSv1, hop limit 2
};

/** EKS-005 judges versions by date: the example sets are pinned to the day they were written for. */
const DAY = '2026-11-28';
const scan = (target: string) =>
  JSON.parse(hako(['scan', '--date', DAY, target, '--format', 'json']).stdout) as Out;
const key = (f: Out['findings'][number]) =>
  `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message}`;

describe('examples/', () => {
  it('insecure/ trips every ECS rule, and nothing is unreadable', () => {
    const r = hako(['scan', '--date', DAY, 'examples/insecure', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.errors).toEqual([]);
    const fired = new Set(out.findings.map((f) => f.ruleId));
    expect(ECS_RULES.filter((id) => !fired.has(id))).toEqual([]);
    expect(fired.has('HAKO-001')).toBe(false);
  });

  it('insecure/ trips every EKS and ECR rule, where each is expected', () => {
    const out = scan('examples/insecure');
    expect(out.errors).toEqual([]);
    expect(Object.keys(EKS_ECR_EXPECTED).sort()).toEqual([...ids('EKS', 17), ...ids('ECR', 10)].sort());
    const found: Record<string, string[]> = {};
    for (const f of out.findings) {
      if (!/^(EKS|ECR)-/.test(f.ruleId)) continue;
      found[f.ruleId] = [
        ...(found[f.ruleId] ?? []),
        `${f.location.file.replace('examples/insecure/', '')}:${f.location.startLine}`,
      ];
    }
    const byPath = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
    for (const list of Object.values(found)) list.sort(byPath);
    expect(found).toEqual(EKS_ECR_EXPECTED);
  });

  it('insecure/ EKS and ECR findings carry the mistake in their message', () => {
    const messages = scan('examples/insecure')
      .findings.filter((f) => /^(EKS|ECR)-/.test(f.ruleId))
      .map((f) => `${f.ruleId} ${f.message}`);
    for (const m of [
      'EKS-009 mapRoles entry has no rolearn (unknown key "rolesArn"): aws-iam-authenticator drops it',
      'EKS-012 access policy ARN "arn:aws:eks::aws:access-policy/AmazonEKSViewPolicy" is malformed: expected arn:aws:eks::aws:cluster-access-policy/<Name>',
      'EKS-013 GuardDuty detector names both RUNTIME_MONITORING and EKS_RUNTIME_MONITORING: the API rejects this',
      'EKS-014 log group "/aws/eks/platform-prod/audit" is never written by EKS: control-plane logs go to /aws/eks/<cluster>/cluster',
      'EKS-015 KMS key aws_kms_key.ecr, used by ECR repository "payments-api", does not rotate automatically',
      'ECR-007 lifecycle policy of "api": rule 2 would expire image 111122223333.dkr.ecr.us-east-1.amazonaws.com/api:4.1.0 (sha256:c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e6), which Service "api" still runs',
      'ECR-008 replication filter has the key "filterValues", which does not exist: each filter is one {"filter": "<prefix>", "filterType": "PREFIX_MATCH"} object',
      'ECR-009 repository policy of "reports-worker" lets account 777788889999 (not the owner 111122223333) ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload',
    ])
      expect(messages).toContain(m);
  });

  it('insecure/ EKS and ECR files are schema-valid but for the one deliberate mistake (HAKO-003)', () => {
    const hako003 = scan('examples/insecure')
      .findings.filter((f) => f.ruleId === 'HAKO-003')
      .map((f) => `${f.location.file}:${f.location.startLine} ${f.message}`);
    expect(hako003).toEqual([
      // aws_inspector2_enabler as a guide wrote it (mistake #39)
      'examples/insecure/terraform-eks/ecr.tf:106 aws_inspector2_enabler: the argument "account_ids" is required, but no definition was found',
      'examples/insecure/terraform-eks/ecr.tf:107 aws_inspector2_enabler: expected "resource_types" to be one of "EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY", got "ECR_IMG_REPOSITORY"',
    ]);
  });

  it('insecure/ also shows the Kubernetes rules, incl. the per-check Pod Security rules', () => {
    const out = JSON.parse(
      hako(['scan', '--date', DAY, 'examples/insecure/k8s', '--format', 'json']).stdout,
    ) as Out;
    const fired = new Set(out.findings.map((f) => f.ruleId));
    const k8s = Array.from({ length: 10 }, (_, i) => `K8S-${String(i + 1).padStart(3, '0')}`);
    for (const id of [...k8s, 'K8S-105', 'K8S-109', 'K8S-113']) {
      expect(fired.has(id), id).toBe(true);
    }
  });

  it('insecure/cloudformation: the template joins its own role; a commented ECS-013 is suppressed', () => {
    const out = JSON.parse(
      hako(['scan', '--date', DAY, 'examples/insecure/cloudformation', '--format', 'json']).stdout,
    ) as Out;
    expect(out.errors).toEqual([]);
    const active = new Set(out.findings.filter((f) => !f.suppressed).map((f) => f.ruleId));
    for (const id of ['ECS-002', 'ECS-003', 'ECS-005', 'ECS-009', 'ECS-016', 'ECS-022', 'ECS-023'])
      expect(active.has(id), id).toBe(true);
    expect(out.findings.filter((f) => f.suppressed).map((f) => f.ruleId)).toEqual(['ECS-013']);
  });

  it('hardened/ trips no rule at all', () => {
    const r = hako(['scan', '--date', DAY, 'examples/hardened', '--format', 'json']);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.findings.map((f) => `${f.ruleId} ${f.location.file}`)).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(out.summary.resources).toBeGreaterThan(5);
  });

  it('scanning examples/ as a whole joins nothing across the sets (insecure, hardened, identity)', () => {
    const all = scan('examples/');
    expect(all.errors).toEqual([]);
    // Whether NetworkPolicies are enforced is judged over the whole scan (one estate): examples/
    // holds clusters with the VPC CNI agent (hardened/, netpol/) and without it (insecure/,
    // netpol-no-agent/), so the NET findings of a joint scan differ; test/e2e/netpol.test.ts pins them.
    const notNet = (f: Out['findings'][number]) => !f.ruleId.startsWith('NET-');
    expect(
      all.findings
        .filter((f) => f.location.file.startsWith('examples/hardened/'))
        .filter(notNet)
        .map(key),
    ).toEqual([]);
    const apart = [...scan('examples/insecure').findings, ...scan('examples/identity').findings]
      .filter(notNet)
      .map(key);
    // RBAC-008 joins only what can be one cluster (engines/identity/clusters.ts): the insecure
    // set's cluster-wide admins (aws-auth system:masters, cluster-admin access entries of the
    // platform-prod cluster) do not reach the identity estate's ServiceAccounts (the shop cluster,
    // its IRSA trusts name the shop cluster's OIDC provider).
    const joined = all.findings.filter(notNet).filter((f) => !apart.includes(key(f)));
    expect(joined.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`)).toEqual([]);
    expect(all.findings.filter(notNet).length).toBe(apart.length + joined.length);
  });

  it('the demo command exits 0 and prints findings as text', () => {
    const r = hako(['scan', '--date', DAY, 'examples/', '--soft-fail']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/insecure/ecs/agent-ec2.task-definition.json');
    expect(r.stdout).toMatch(/CRITICAL\s+ECS-003/);
  });
});

/**
 * Issue #8 (real inputs) through the compiled CLI, one `describe` per item (1–6, 10–13), each
 * built from a minimal case as a user would meet it, then one folder holding all the parts hako
 * does not read itself (Helm chart, kustomize patches, a switched-off and a remote module).
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` is Terraform / CloudFormation syntax here
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../../src/result.js';
import { hako, ROOT, tempTree } from '../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'real-inputs');

function scanJson(dir: string, args: string[] = []): ScanResult {
  const r = hako(['scan', '.', '--format', 'json', ...args], { cwd: dir });
  expect([0, 1], r.stderr).toContain(r.code);
  return JSON.parse(r.stdout) as ScanResult;
}

const ids = (fs: Finding[]) => [...new Set(fs.map((f) => f.ruleId))].sort();
const of = (out: ScanResult, ruleId: string) => out.findings.filter((f) => f.ruleId === ruleId);

const DEPLOYMENT = (indent: string, sa: string) =>
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      serviceAccountName: ${sa}
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: true
`
    .split('\n')
    .map((l) => (l ? indent + l : l))
    .join('\n');

describe('#8.1 typed <Kind>List', () => {
  const ROLE_BINDING_LIST = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBindingList
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: { name: web-reader, namespace: shop }
    roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
    subjects:
      - { kind: ServiceAccount, name: web, namespace: shop }
`;
  const SERVICE_ACCOUNT = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: web, namespace: shop }\n';
  const DEPLOYMENT_LIST = `apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - ${DEPLOYMENT('    ', 'web').trimStart()}`;

  it('DeploymentList: each item is read at its own lines, no HAKO-001', () => {
    const out = scanJson(tempTree({ 'list.yaml': DEPLOYMENT_LIST }));
    expect(out.errors).toEqual([]);
    expect(of(out, 'HAKO-001')).toEqual([]);
    expect(out.summary.resources).toBe(1);
    const priv = of(out, 'K8S-109');
    expect(priv.map((f) => [f.resource.address, f.location.startLine])).toEqual([
      ['Deployment/shop/web', 21],
    ]);
  });

  it('RoleBindingList: its binding grants the ServiceAccount, so K8S-006 stays silent', () => {
    const files = { 'deploy.yaml': DEPLOYMENT('', 'web'), 'sa.yaml': SERVICE_ACCOUNT };
    const without = scanJson(tempTree(files));
    expect(of(without, 'K8S-006').map((f) => f.resource.address)).toEqual(['Deployment/shop/web']);
    const out = scanJson(tempTree({ ...files, 'bindings.yaml': ROLE_BINDING_LIST }));
    expect(out.errors).toEqual([]);
    expect(of(out, 'HAKO-001')).toEqual([]);
    expect(of(out, 'K8S-006')).toEqual([]);
    expect(out.summary.resources).toBe(3);
  });
});

const EKS_MODULE = `variable "create" { default = true }
variable "other" { default = true }
locals { create = var.create && var.other }
resource "aws_eks_cluster" "this" {
  count    = local.create ? 1 : 0
  name     = "c"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
`;

describe('#8.2 Terraform operators decide count', () => {
  it('a module called with create = false creates nothing: no finding', () => {
    const out = scanJson(
      tempTree({
        'main.tf': 'module "eks" {\n  source = "./eks"\n  create = false\n}\n',
        'eks/main.tf': EKS_MODULE,
      }),
    );
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([]);
  });

  it('local.create = var.a && var.b: false && true is off, true && true is on (no note)', () => {
    const off = scanJson(
      tempTree({
        'main.tf': 'module "eks" {\n  source = "./eks"\n  other  = false\n}\n',
        'eks/main.tf': EKS_MODULE,
      }),
    );
    expect(off.findings).toEqual([]);
    const on = scanJson(
      tempTree({ 'main.tf': 'module "eks" {\n  source = "./eks"\n}\n', 'eks/main.tf': EKS_MODULE }),
    );
    expect(ids(on.findings)).toContain('EKS-004');
    for (const f of on.findings) {
      expect(f.resource.address).toBe('module.eks.aws_eks_cluster.this[0]');
      expect(f.related.filter((x) => x.message.includes('may not exist'))).toEqual([]);
    }
  });

  it('a known false && an unknown operand is still false', () => {
    const out = scanJson(
      tempTree({
        'main.tf':
          'variable "unknown" {}\nmodule "eks" {\n  source = "./eks"\n  create = false\n  other  = var.unknown\n}\n',
        'eks/main.tf': EKS_MODULE,
      }),
    );
    expect(out.findings).toEqual([]);
  });

  it('for_each guarded by `!= null` (terraform-aws-eks node groups): null default is no instance, a map is', () => {
    const mod = `variable "groups" {
  type    = map(object({ name = string }))
  default = null
}
resource "aws_ecs_cluster" "this" {
  for_each = var.groups != null ? var.groups : {}
  name     = each.value.name
}
`;
    const none = scanJson(
      tempTree({ 'main.tf': 'module "ecs" {\n  source = "./ecs"\n}\n', 'ecs/main.tf': mod }),
    );
    expect(none.findings).toEqual([]);
    expect(none.summary.resources).toBe(0);
    const two = scanJson(
      tempTree({
        'main.tf':
          'module "ecs" {\n  source = "./ecs"\n  groups = {\n    a = { name = "a" }\n    b = { name = "b" }\n  }\n}\n',
        'ecs/main.tf': mod,
      }),
    );
    const addresses = [...new Set(two.findings.map((f) => f.resource.address))];
    expect(addresses).toEqual([
      'module.ecs.aws_ecs_cluster.this["a"]',
      'module.ecs.aws_ecs_cluster.this["b"]',
    ]);
    for (const f of two.findings) expect(f.related).toEqual([]);
  });

  it('an unresolved count: the findings stay and each carries the note at the count line', () => {
    const out = scanJson(
      tempTree({
        'main.tf': 'variable "create" {}\nmodule "eks" {\n  source = "./eks"\n  create = var.create\n}\n',
        'eks/main.tf': EKS_MODULE,
      }),
    );
    expect(ids(out.findings)).toContain('EKS-004');
    for (const f of out.findings)
      expect(f.related).toContainEqual({
        file: 'eks/main.tf',
        startLine: 5,
        message: '`count = local.create ? 1 : 0` could not be resolved: this resource may not exist',
        noteId: 'presenceUnresolved',
      });
  });
});

describe('#8.3 ECS-001 per launch type', () => {
  const task = (family: string, compat: string, mode: string, extra = '') => `{
  "family": "${family}",
  "networkMode": "${mode}",
  "requiresCompatibilities": ["${compat}"],
  "containerDefinitions": [
    {
      "name": "web",
      "image": "nginx:1.27",${extra}
      "logConfiguration": {
        "logDriver": "awslogs",
        "options": { "awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1" }
      }
    }
  ]
}
`;
  const SECRETS =
    '\n      "secrets": [{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf" }],';

  it('EC2 bridge + awslogs without an execution role: no ECS-001 (the instance role ships the logs)', () => {
    const out = scanJson(tempTree({ 'ec2.json': task('web-ec2', 'EC2', 'bridge') }), ['--rules', 'ECS-001']);
    expect(out.errors).toEqual([]);
    expect(out.summary.resources).toBe(1);
    expect(out.findings).toEqual([]);
  });

  it('the same task on Fargate: ECS-001 names awslogs on FARGATE', () => {
    const out = scanJson(tempTree({ 'fargate.json': task('web-fargate', 'FARGATE', 'awsvpc') }), [
      '--rules',
      'ECS-001',
    ]);
    expect(out.findings.map((f) => [f.ruleId, f.location.startLine, f.message])).toEqual([
      [
        'ECS-001',
        1,
        'task definition "web-fargate" has no executionRoleArn but needs one for awslogs on FARGATE: the task will not start',
      ],
    ]);
    expect(out.findings[0]!.related).toEqual([
      {
        file: 'fargate.json',
        startLine: 10,
        message: 'container "web": awslogs on FARGATE',
        messageId: 'needsAgent',
      },
    ]);
  });

  it('secrets on EC2 still need the execution role', () => {
    const out = scanJson(tempTree({ 'secrets.json': task('web-secrets', 'EC2', 'bridge', SECRETS) }), [
      '--rules',
      'ECS-001',
    ]);
    expect(out.findings.map((f) => [f.ruleId, f.message])).toEqual([
      [
        'ECS-001',
        'task definition "web-secrets" has no executionRoleArn but needs one for secrets: the task will not start',
      ],
    ]);
    expect(out.findings[0]!.related).toEqual([
      { file: 'secrets.json', startLine: 9, message: 'container "web": secrets', messageId: 'needsField' },
    ]);
  });
});

describe('#8.4 ECR-002 with a name built from random_string', () => {
  it('scan_on_push = false written literally fires although the name is unknown', () => {
    const out = scanJson(
      tempTree({
        'ecr.tf': `resource "random_string" "suffix" {
  length  = 8
  special = false
}

resource "aws_ecr_repository" "app" {
  name                 = "app-\${random_string.suffix.result}"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = false
  }
}
`,
      }),
      ['--rules', 'ECR-002'],
    );
    expect(out.errors).toEqual([]);
    expect(out.findings.map((f) => [f.ruleId, f.resource.address, f.location.startLine])).toEqual([
      ['ECR-002', 'aws_ecr_repository.app', 10],
    ]);
    expect(out.findings[0]!.message).toContain('repository "app-${random_string.suffix.result}" ');
  });
});

describe('#8.5 EKS-005 on versions older than the support table', () => {
  const cluster = (version: string) => `resource "aws_eks_cluster" "old" {
  name     = "old"
  version  = "${version}"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
`;
  it('1.21 is past end of support once the oldest row of the table is', () => {
    for (const date of ['2026-01-01', '2025-06-01']) {
      const out = scanJson(tempTree({ 'eks.tf': cluster('1.21') }), ['--rules', 'EKS-005', '--date', date]);
      expect(out.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['EKS-005', 3]]);
      expect(out.findings[0]!.message).toContain('1.21');
    }
  });

  it('on a day before that (1.21 was still supported early in 2023) it is unknown: no finding', () => {
    const out = scanJson(tempTree({ 'eks.tf': cluster('1.21') }), [
      '--rules',
      'EKS-005',
      '--date',
      '2023-01-01',
    ]);
    expect(out.findings).toEqual([]);
  });

  it('a version newer than the table stays unknown: no finding', () => {
    const out = scanJson(tempTree({ 'eks.tf': cluster('1.99') }), [
      '--rules',
      'EKS-005',
      '--date',
      '2026-01-01',
    ]);
    expect(out.findings).toEqual([]);
  });
});

describe('#8.6 API versions the target Kubernetes does not serve', () => {
  const OLD_DEPLOYMENT = `# legacy manifest
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: legacy
spec:
  template:
    metadata:
      labels: { app: legacy }
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
`;
  const PSP = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: restricted
spec:
  privileged: false
  seLinux: { rule: RunAsAny }
  runAsUser: { rule: MustRunAsNonRoot }
  supplementalGroups: { rule: RunAsAny }
  fsGroup: { rule: RunAsAny }
  volumes: [configMap, secret]
`;

  it('extensions/v1beta1 Deployment: HAKO-001 at the apiVersion line naming apps/v1, nothing evaluated', () => {
    const out = scanJson(tempTree({ 'old.yaml': OLD_DEPLOYMENT }));
    expect(out.findings.map((f) => [f.ruleId, f.location.startLine, f.location.startColumn])).toEqual([
      ['HAKO-001', 2, 13],
    ]);
    expect(out.findings[0]!.message).toContain('extensions/v1beta1 Deployment');
    expect(out.findings[0]!.message).toContain('apps/v1');
    expect(out.errors).toEqual([{ file: 'old.yaml', line: 2, message: expect.any(String) }]);
    expect(out.summary.resources).toBe(0);
  });

  it('policy/v1beta1 PodSecurityPolicy: read at --k8s-version 1.24, HAKO-001 at the default (latest)', () => {
    const at124 = scanJson(tempTree({ 'psp.yaml': PSP }), ['--k8s-version', '1.24']);
    expect(at124.errors).toEqual([]);
    expect(at124.findings).toEqual([]);
    expect(at124.summary.resources).toBe(1);
    const latest = scanJson(tempTree({ 'psp.yaml': PSP }));
    expect(latest.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([['HAKO-001', 1]]);
    expect(latest.findings[0]!.message).toContain(
      'removed in 1.25): the API server rejects it; use Pod Security Admission namespace labels (PodSecurityPolicy has no successor API)',
    );
  });

  it('--k8s-version 1.15 still serves extensions/v1beta1 Deployments: evaluated', () => {
    const out = scanJson(tempTree({ 'old.yaml': OLD_DEPLOYMENT }), ['--k8s-version', '1.15']);
    expect(out.errors).toEqual([]);
    expect(of(out, 'HAKO-001')).toEqual([]);
    expect(of(out, 'K8S-109').map((f) => f.location.startLine)).toEqual([15]);
  });
});

describe('#8.10 CloudFormation transforms', () => {
  it('AWS::LanguageExtensions Fn::ForEach: one resource per item, no HAKO-001/003', () => {
    const out = scanJson(
      tempTree({
        'loop.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: "api,web"
Resources:
  Fn::ForEach::Tasks:
    - Name
    - !Ref Names
    - "Task\${Name}":
        Type: AWS::ECS::TaskDefinition
        Properties:
          Family: !Sub "\${Name}-task"
          ContainerDefinitions:
            - Name: !Ref Name
              Image: nginx:1.27
              Privileged: true
`,
      }),
    );
    expect(out.errors).toEqual([]);
    expect(of(out, 'HAKO-001')).toEqual([]);
    expect(of(out, 'HAKO-003')).toEqual([]);
    expect(out.summary.resources).toBe(2);
    expect(of(out, 'ECS-003').map((f) => [f.resource.address, f.resource.name])).toEqual([
      ['Taskapi', 'api-task'],
      ['Taskweb', 'web-task'],
    ]);
    expect(out.summary.skipped).toEqual([]);
  });

  it('a custom macro: no HAKO-003 on what it may consume, one skipped note at the Transform line', () => {
    const out = scanJson(
      tempTree({
        'macro.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Transform: CompanyDefaults
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      CompanyTier: gold
      ClusterSettings: [{ Name: containerInsights, Value: enabled }]
`,
      }),
    );
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([
      {
        file: 'macro.yaml',
        line: 2,
        reason: 'macro CompanyDefaults not expanded: resources checked as written',
      },
    ]);
  });

  it('Fn::Transform written as a list of {Name, Parameters}: the note names the macro', () => {
    const out = scanJson(
      tempTree({
        'bucket.yaml': `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: Created
          Value:
            Fn::Transform:
              - Name: DatetimeNow
                Parameters: { format: "%Y-%m-%d" }
`,
      }),
    );
    expect(out.summary.skipped).toEqual([
      {
        file: 'bucket.yaml',
        line: 8,
        reason: 'macro DatetimeNow (Fn::Transform) not expanded: resource Bucket checked as written',
      },
    ]);
  });

  it('SAM: the AWS::Serverless resource is named as not checked, the plain resources are checked', () => {
    const out = scanJson(
      tempTree({
        'sam.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: ./src
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: sam-task
      ContainerDefinitions:
        - Name: app
          Image: nginx:1.27
          Privileged: true
`,
      }),
    );
    expect(out.errors).toEqual([]);
    expect(of(out, 'HAKO-001')).toEqual([]);
    expect(of(out, 'HAKO-003')).toEqual([]);
    expect(of(out, 'ECS-003').map((f) => [f.resource.address, f.location.startLine])).toEqual([['Task', 17]]);
    expect(out.summary.skipped).toEqual([
      {
        file: 'sam.yaml',
        line: 2,
        reason: '1 AWS::Serverless (SAM) resource not expanded and not checked: Handler',
      },
    ]);
  });
});

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicaCount: 2\nimage:\n  repository: nginx\n  tag: "1.27"\n',
  'chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.securityContext }}
          securityContext:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`,
  'chart/templates/_helpers.tpl': '{{- define "web.fullname" -}}{{ .Release.Name }}{{- end }}\n',
};

const HARDENED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      automountServiceAccountToken: false
      serviceAccountName: api
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: api
          image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 128Mi }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
`;

const KUSTOMIZE = {
  'base/kustomization.yaml': `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
patches:
  - path: debug-patch.yaml
`,
  'base/deployment.yaml': HARDENED_DEPLOYMENT,
  'base/debug-patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            privileged: true
`,
};

describe('#8.11 Helm chart and kustomize base in a directory walk', () => {
  it('a Helm chart: one skipped note, no finding or error from its templates or values', () => {
    const out = scanJson(tempTree(CHART));
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([
      {
        file: 'chart/templates',
        reason: 'Helm chart templates: render with `helm template chart | hako scan -`',
      },
    ]);
  });

  it('a kustomize base with a patch: one skipped note naming the patch, the base still scanned clean', () => {
    const out = scanJson(tempTree(KUSTOMIZE));
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.resources).toBe(1);
    expect(out.summary.skipped).toEqual([
      {
        file: 'base/kustomization.yaml',
        reason:
          'kustomize patches: render with `kubectl kustomize base | hako scan -` (patches not scanned on their own: debug-patch.yaml)',
      },
    ]);
  });
});

describe('a directory named like a kustomization (eks-workshop-v2 website/src/components/Kustomization)', () => {
  it('is walked as a directory: no HAKO-001, its manifests scanned', () => {
    const dir = tempTree({
      'components/Kustomization/index.tsx': 'export default function Kustomization() {}\n',
      'components/Kustomization/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      securityContext: { privileged: true }\n',
    });
    const out = scanJson(dir);
    expect(out.errors).toEqual([]);
    expect(of(out, 'HAKO-001')).toEqual([]);
    expect(of(out, 'K8S-109').map((f) => f.location.file)).toEqual(['components/Kustomization/pod.yaml']);
  });
});

describe('#8.12 remote Terraform module', () => {
  it('one skipped note with the module block’s file and line (JSON and text)', () => {
    const dir = tempTree({
      'infra/main.tf': `terraform {
  required_version = ">= 1.5"
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"
  name    = "main"
}
`,
    });
    const out = scanJson(dir);
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([
      {
        file: 'infra/main.tf',
        line: 5,
        reason:
          'module "vpc": source "terraform-aws-modules/vpc/aws" is not read (not a local path); scan `terraform show -json` of a plan to check the resources it creates',
      },
    ]);
    const text = hako(['scan', '.'], { cwd: dir }).stdout;
    expect(text.match(/^not read: .*$/gm)).toEqual([
      'not read: infra/main.tf:5 — module "vpc": source "terraform-aws-modules/vpc/aws" is not read (not a local path); scan `terraform show -json` of a plan to check the resources it creates',
    ]);
  });
});

/** Runs `hako scan . --format json > <report>` through a real shell, as a user types it. */
function shellScan(dir: string, report: string): { code: number; out: ScanResult } {
  const bin = path.join(ROOT, 'bin', 'hako.js');
  const r = spawnSync('sh', ['-c', `"$NODE" "$BIN" scan . --format json > ${report}`], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', NODE: process.execPath, BIN: bin },
  });
  expect(r.stderr).toBe('');
  return {
    code: r.status ?? -1,
    out: JSON.parse(readFileSync(path.join(dir, report), 'utf8')) as ScanResult,
  };
}

describe('#8.13 the report written into the scanned folder', () => {
  const PRIVILEGED = `{
  "family": "agent",
  "containerDefinitions": [
    { "name": "agent", "image": "nginx:1.27", "privileged": true }
  ]
}
`;
  const key = (f: Finding) => [f.ruleId, f.location.file, f.location.startLine, f.message].join(' ');

  it('hako scan . --format json > hako.json twice: no HAKO-001, the same findings', () => {
    const dir = tempTree({ 'task.json': PRIVILEGED });
    const first = shellScan(dir, 'hako.json');
    const second = shellScan(dir, 'hako.json');
    expect(first.code).toBe(1);
    expect(second.code).toBe(1);
    for (const run of [first, second]) {
      expect(run.out.errors).toEqual([]);
      expect(of(run.out, 'HAKO-001')).toEqual([]);
    }
    expect(ids(first.out.findings)).toContain('ECS-003');
    expect(second.out.findings.map(key)).toEqual(first.out.findings.map(key));
  });

  it('a kept earlier report beside the new one is skipped as hako’s own, findings unchanged', () => {
    const dir = tempTree({ 'task.json': PRIVILEGED });
    const first = shellScan(dir, 'monday.json');
    const second = shellScan(dir, 'tuesday.json');
    expect(second.out.errors).toEqual([]);
    expect(of(second.out, 'HAKO-001')).toEqual([]);
    expect(second.out.findings.map(key)).toEqual(first.out.findings.map(key));
    // tuesday.json is the shell's empty redirect target when hako reads the folder
    expect(second.out.summary.skipped).toEqual([
      { file: 'monday.json', reason: "hako's own JSON report, not an input" },
      { file: 'tuesday.json', reason: 'empty file: nothing to check' },
    ]);
  });
});

describe('one folder: Helm chart, kustomize base, disabled and remote Terraform modules', () => {
  const NOTES = [
    {
      file: 'deploy/base/kustomization.yaml',
      reason:
        'kustomize patches: render with `kubectl kustomize deploy/base | hako scan -` (patches not scanned on their own: debug-patch.yaml)',
    },
    {
      file: 'deploy/chart/templates',
      reason: 'Helm chart templates: render with `helm template deploy/chart | hako scan -`',
    },
    {
      file: 'infra/main.tf',
      line: 7,
      reason:
        'module "vpc": source "terraform-aws-modules/vpc/aws" is not read (not a local path); scan `terraform show -json` of a plan to check the resources it creates',
    },
  ];

  it('no false finding, exactly one note per skipped part (JSON)', () => {
    const out = scanJson(FIXTURES);
    expect(out.findings).toEqual([]);
    expect(out.errors).toEqual([]);
    expect(out.summary.resources).toBe(1);
    expect(out.summary.skipped).toEqual(NOTES);
  });

  it('the same notes in the text report, each on one line, and nothing else', () => {
    const r = hako(['scan', '.'], { cwd: FIXTURES });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.filter((l) => l.startsWith('not read: '))).toEqual(
      NOTES.map((n) => `not read: ${n.file}${n.line ? `:${n.line}` : ''} — ${n.reason}`),
    );
    expect(lines.filter((l) => !l.startsWith('not read: '))).toEqual([
      expect.stringMatching(/^\d+ files, 1 resources?: (0|no) findings?/),
    ]);
  });
});

describe('container definitions hako cannot resolve are said, not dropped (terraform-aws-ecs)', () => {
  it('Terraform: a module output as container_definitions is one skipped note per place, on each finding too', () => {
    const service = `variable "name" {}
module "container" {
  source = "./container"
}
resource "aws_ecs_task_definition" "this" {
  family                = var.name
  container_definitions = jsonencode([module.container.definition])
}
`;
    const dir = tempTree({
      'main.tf':
        'module "a" {\n  source = "./service"\n  name   = "a"\n}\nmodule "b" {\n  source = "./service"\n  name   = "b"\n}\n',
      'service/main.tf': service,
      // the module's output is not knowable offline (a variable without a default)
      'service/container/main.tf':
        'variable "definition" {}\noutput "definition" {\n  value = var.definition\n}\n',
    });
    const out = scanJson(dir);
    expect(out.errors).toEqual([]);
    expect(out.summary.resources).toBe(2);
    expect(out.summary.skipped).toEqual([
      {
        file: 'service/main.tf',
        line: 7,
        reason:
          'container definitions `module.container.definition` could not be resolved: their containers are not checked; scan `terraform show -json` of a plan to check them',
      },
    ]);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings)
      expect(f.related).toContainEqual({
        file: 'service/main.tf',
        startLine: 7,
        message:
          'container definitions `module.container.definition` could not be resolved: their containers are not checked',
        noteId: 'containersUnresolved',
      });
  });

  it('CloudFormation: containers behind a condition on a pseudo parameter', () => {
    const out = scanJson(
      tempTree({
        'task.yaml': `Conditions:
  East: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: t
      NetworkMode: awsvpc
      ContainerDefinitions: !If
        - East
        - [{ Name: a, Image: "nginx:1.27", Privileged: true }]
        - [{ Name: b, Image: "nginx:1.27" }]
`,
      }),
    );
    expect(out.errors).toEqual([]);
    expect(out.summary.skipped).toEqual([
      {
        file: 'task.yaml',
        line: expect.any(Number),
        reason: expect.stringMatching(
          /^container definitions `.*` could not be resolved: their containers are not checked$/,
        ),
      },
    ]);
  });

  it('resolved containers: no note', () => {
    const out = scanJson(
      tempTree({
        'main.tf':
          'resource "aws_ecs_task_definition" "t" {\n  family                = "t"\n  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27" }])\n}\n',
      }),
    );
    expect(out.summary.skipped).toEqual([]);
    for (const f of out.findings)
      expect(f.related.filter((r) => r.message.includes('container definitions'))).toEqual([]);
  });
});

/** `hako ecr lifecycle` end to end: the product.md JSON contract, policy formats, pages, --in-use, bad input. */
import { describe, expect, it } from 'vitest';
import { hako, tempTree } from '../helpers/cli.js';

interface LifecycleJson {
  valid: boolean;
  errors: { file: string; line: number; rulePriority?: number; code: string; message: string }[];
  expired: { imageDigest: string; imageTags: string[]; rulePriority: number }[];
  kept: number;
  transitioned?: { imageDigest: string; imageTags: string[]; rulePriority: number }[];
  inUse?: {
    imageDigest: string;
    rulePriority: number;
    action: string;
    usedBy: { user: string; reference: string; file: string; line: number }[];
  }[];
}

const POLICY = JSON.stringify(
  {
    rules: [
      {
        rulePriority: 1,
        description: 'keep two releases',
        selection: {
          tagStatus: 'tagged',
          tagPrefixList: ['v'],
          countType: 'imageCountMoreThan',
          countNumber: 2,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 7,
        },
        action: { type: 'expire' },
      },
    ],
  },
  null,
  2,
);

const image = (digest: string, tags: string[], pushed: string, extra: Record<string, unknown> = {}) => ({
  registryId: '123456789012',
  repositoryName: 'app',
  imageDigest: digest,
  ...(tags.length > 0 ? { imageTags: tags } : {}),
  imagePushedAt: pushed,
  ...extra,
});

const PAGE1 = {
  imageDetails: [
    image('sha256:v4', ['v4'], '2026-11-27T00:00:00Z'),
    image('sha256:v3', ['v3'], '2026-11-20T00:00:00Z'),
  ],
};
const PAGE2 = {
  imageDetails: [
    image('sha256:v2', ['v2'], '2026-11-10T00:00:00Z'),
    image('sha256:v1', ['v1', 'stable'], '2026-11-01T00:00:00Z'),
    image('sha256:u1', [], '2026-11-25T00:00:00Z'),
    image('sha256:u0', [], '2026-11-01T00:00:00Z'),
  ],
  nextToken: 'abc',
};

const run = (dir: string, args: string[]) => hako(['ecr', 'lifecycle', ...args], { cwd: dir });
const json = (dir: string, args: string[]) => {
  const r = run(dir, [...args, '--format', 'json', '--now', '2026-11-28']);
  return { code: r.code, out: JSON.parse(r.stdout) as LifecycleJson, stderr: r.stderr };
};

describe('hako ecr lifecycle', () => {
  it('prints the contract JSON for pages concatenated in one file, oldest expired first', () => {
    const dir = tempTree({
      'policy.json': POLICY,
      'images.json': `${JSON.stringify(PAGE1, null, 2)}\n${JSON.stringify(PAGE2, null, 2)}\n`,
    });
    const { code, out } = json(dir, ['--policy', 'policy.json', '--images', 'images.json']);
    expect(code).toBe(0);
    expect(out.valid).toBe(true);
    expect(out.errors).toEqual([]);
    expect(out.expired).toEqual([
      { imageDigest: 'sha256:v1', imageTags: ['v1', 'stable'], rulePriority: 1 },
      { imageDigest: 'sha256:u0', imageTags: [], rulePriority: 2 },
      { imageDigest: 'sha256:v2', imageTags: ['v2'], rulePriority: 1 },
    ]);
    expect(out.kept).toBe(3);
  });

  it('reads pages as separate files, and the same image twice counts once', () => {
    const dir = tempTree({
      'policy.json': POLICY,
      'p1.json': JSON.stringify(PAGE1),
      'p2.json': JSON.stringify(PAGE2),
    });
    const { out } = json(dir, ['--policy', 'policy.json', '--images', 'p1.json', 'p2.json', 'p1.json']);
    expect(out.expired.map((e) => e.imageDigest)).toEqual(['sha256:v1', 'sha256:u0', 'sha256:v2']);
    expect(out.kept).toBe(3);
  });

  it('takes the policy from get-lifecycle-policy JSON, Terraform and CloudFormation alike', () => {
    const text = JSON.stringify(JSON.parse(POLICY));
    const dir = tempTree({
      'get.json': JSON.stringify({
        registryId: '123456789012',
        repositoryName: 'app',
        lifecyclePolicyText: text,
      }),
      'main.tf': `resource "aws_ecr_repository" "app" {\n  name = "app"\n}\nresource "aws_ecr_lifecycle_policy" "app" {\n  repository = aws_ecr_repository.app.name\n  policy     = <<EOF\n${POLICY}\nEOF\n}\n`,
      'stack.yaml': `Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: app\n      LifecyclePolicy:\n        LifecyclePolicyText: '${text}'\n`,
      'images.json': JSON.stringify({ imageDetails: [...PAGE1.imageDetails, ...PAGE2.imageDetails] }),
    });
    for (const policy of ['get.json', 'main.tf', 'stack.yaml']) {
      const { code, out } = json(dir, ['--policy', policy, '--images', 'images.json']);
      expect({ policy, code, expired: out.expired.length }).toEqual({ policy, code: 0, expired: 3 });
    }
  });

  it('reports every validation problem with file, line and rule priority, and simulates nothing', () => {
    const bad = JSON.stringify(
      {
        rules: [
          {
            rulePriority: 1,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 5 },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            selection: { tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 0 },
            action: { type: 'expire' },
          },
        ],
      },
      null,
      2,
    );
    const dir = tempTree({ 'policy.json': bad, 'images.json': JSON.stringify(PAGE1) });
    const { code, out } = json(dir, ['--policy', 'policy.json', '--images', 'images.json']);
    expect(code).toBe(1);
    expect(out.valid).toBe(false);
    expect(out.expired).toEqual([]);
    expect(out.errors.map((e) => [e.code, e.file, e.line, e.rulePriority])).toEqual([
      ['anyNotLast', 'policy.json', 6, 1],
      ['taggedWithoutList', 'policy.json', 17, 2],
      ['countNumberInvalid', 'policy.json', 19, 2],
    ]);
    const text = run(dir, ['--policy', 'policy.json', '--images', 'images.json']);
    expect(text.stdout).toContain(
      'policy.json:6  rule 1  the tagStatus "any" rule (priority 1) must have the highest rulePriority',
    );
  });

  it('refuses images with missing fields or no push time, naming file and line (exit 2)', () => {
    const page = `{
  "imageDetails": [
    { "imageDigest": "sha256:a", "imagePushedAt": "2026-11-01T00:00:00Z" },
    { "imageTags": ["v1"], "imagePushedAt": "2026-11-01T00:00:00Z" },
    { "imageDigest": "sha256:c", "imageTags": ["v2"] },
    { "imageDigest": "sha256:d", "imagePushedAt": "yesterday" }
  ]
}
`;
    const dir = tempTree({ 'policy.json': POLICY, 'images.json': page });
    const { code, out } = json(dir, ['--policy', 'policy.json', '--images', 'images.json']);
    expect(code).toBe(2);
    expect(out.expired).toEqual([]);
    expect(out.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      'images.json:4 describe-images: image 1 has no imageDigest; no lifecycle simulation is made',
      'images.json:5 describe-images: image sha256:c has no imagePushedAt (its age and rank are unknown); no lifecycle simulation is made',
      'images.json:6 describe-images: imagePushedAt of image sha256:d is not a date (yesterday); no lifecycle simulation is made',
    ]);
    const ja = run(dir, ['--policy', 'policy.json', '--images', 'images.json', '--lang', 'ja']);
    expect(ja.code).toBe(2);
    expect(ja.stdout).toContain('images.json:5  describe-images: イメージ sha256:c に imagePushedAt がない');
  });

  it('locates an error in a later page of a concatenated file by its line in the file', () => {
    const dir = tempTree({
      'policy.json': POLICY,
      'images.json': `${JSON.stringify(PAGE1, null, 2)}\n{\n  "imageDetails": [\n    { "imageDigest": "sha256:z" }\n  ]\n}\n`,
    });
    const { code, out } = json(dir, ['--policy', 'policy.json', '--images', 'images.json']);
    expect(code).toBe(2);
    const page1Lines = JSON.stringify(PAGE1, null, 2).split('\n').length;
    expect(out.errors.map((e) => e.line)).toEqual([page1Lines + 3]);
  });

  it('--in-use reports the images a service, task definition or workload runs that the policy would expire', () => {
    const dir = tempTree({
      'policy.json': POLICY,
      'images.json': JSON.stringify({ imageDetails: [...PAGE1.imageDetails, ...PAGE2.imageDetails] }),
      'deploy/td.json': JSON.stringify(
        {
          family: 'web',
          containerDefinitions: [
            { name: 'web', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1' },
          ],
        },
        null,
        2,
      ),
      'deploy/svc.json': JSON.stringify({ serviceName: 'web', cluster: 'prod', taskDefinition: 'web' }),
      'deploy/k8s.yaml': [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: { name: report, namespace: ops }',
        'spec:',
        '  schedule: "@daily"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          restartPolicy: Never',
        '          containers:',
        '            - name: report',
        '              image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:keep@sha256:u0',
        '',
      ].join('\n'),
    });
    const { code, out } = json(dir, [
      '--policy',
      'policy.json',
      '--images',
      'images.json',
      '--in-use',
      'deploy',
    ]);
    expect(code).toBe(1);
    expect(
      out.inUse?.map((u) => [
        u.imageDigest,
        u.rulePriority,
        u.action,
        u.usedBy.map((b) => `${b.user} ${b.file}:${b.line}`),
      ]),
    ).toEqual([
      ['sha256:v1', 1, 'expire', ['Service "web" deploy/td.json:6']],
      ['sha256:u0', 2, 'expire', ['CronJob ops/report deploy/k8s.yaml:13']],
    ]);
    const text = run(dir, [
      '--policy',
      'policy.json',
      '--images',
      'images.json',
      '--in-use',
      'deploy',
      '--now',
      '2026-11-28',
    ]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^expire\s+1\s+sha256:v1\s+v1,stable\s+Service "web"$/m);
    expect(text.stdout).toContain('6 images: 3 expired, 0 archived, 3 kept; 2 in use would be affected');
  });

  it('asks which repository when the inputs hold several, and fails on a missing file (exit 2)', () => {
    const other = {
      imageDetails: [{ ...image('sha256:o', ['v1'], '2026-11-01T00:00:00Z'), repositoryName: 'other' }],
    };
    const dir = tempTree({
      'policy.json': POLICY,
      'a.json': JSON.stringify(PAGE1),
      'b.json': JSON.stringify(other),
    });
    const r = run(dir, ['--policy', 'policy.json', '--images', 'a.json', 'b.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several repositories (app, other): choose one with --repository');
    const chosen = json(dir, [
      '--policy',
      'policy.json',
      '--images',
      'a.json',
      'b.json',
      '--repository',
      'other',
    ]);
    expect(chosen.code).toBe(0);
    expect(chosen.out.kept).toBe(1);
    expect(run(dir, ['--policy', 'policy.json', '--images', 'missing.json']).code).toBe(2);
  });

  it('the bundled example: the api service still runs the release the policy would expire', () => {
    const r = hako([
      'ecr',
      'lifecycle',
      '--policy',
      'examples/insecure/ecr-lifecycle/lifecycle.tf',
      '--images',
      'examples/insecure/ecr-lifecycle/describe-images.json',
      '--in-use',
      'examples/insecure/ecs',
      '--now',
      '2026-11-28',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as LifecycleJson;
    expect(out.inUse?.map((u) => [u.imageDigest.slice(0, 15), u.rulePriority, u.usedBy[0]?.user])).toEqual([
      ['sha256:c1e3b5d7', 2, 'Service "api"'],
    ]);
  });
});

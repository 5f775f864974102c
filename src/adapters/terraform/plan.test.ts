/**
 * Terraform plan/state JSON through the whole scan: values from `after`, unknowns from
 * `after_unknown` judged against `configuration`, joins by synthetic identifiers, and positions
 * moved to the `.tf` files when they are scanned too.
 */
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../../test/helpers/run-rule.js';

interface Res {
  address: string;
  type: string;
  name: string;
  after: Record<string, unknown> | null;
  unknown?: Record<string, unknown>;
  actions?: string[];
  module?: string;
  /** `configuration` expressions of the resource. */
  config?: Record<string, unknown>;
}

/** A plan document in the shape `terraform show -json` prints (format 1.2), pretty-printed as it does. */
function plan(resources: Res[], opts: { configuration?: boolean; formatVersion?: string } = {}): string {
  const doc: Record<string, unknown> = {
    format_version: opts.formatVersion ?? '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_changes: resources.map((r) => ({
      address: r.address,
      ...(r.module ? { module_address: r.module } : {}),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: r.actions ?? ['create'],
        before: null,
        after: r.after,
        after_unknown: r.unknown ?? {},
        before_sensitive: false,
        after_sensitive: {},
      },
    })),
  };
  if (opts.configuration !== false) {
    const root: { resources: unknown[]; module_calls?: Record<string, unknown> } = { resources: [] };
    for (const r of resources) {
      const entry = {
        address: r.address,
        mode: 'managed',
        type: r.type,
        name: r.name,
        expressions: r.config ?? {},
      };
      if (r.module) {
        const name = r.module.replace(/^module\./, '');
        root.module_calls ??= {};
        root.module_calls[name] ??= { source: `./${name}`, module: { resources: [] } };
        const call = root.module_calls[name] as { module: { resources: unknown[] } };
        call.module.resources.push(entry);
      } else root.resources.push(entry);
    }
    doc.configuration = { provider_config: { aws: { name: 'aws' } }, root_module: root };
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

async function run(files: Record<string, string>, rules: string[]) {
  return (await scanFiles(files, rules)).map((f) => ({
    rule: f.ruleId,
    file: f.location.file,
    line: f.location.startLine,
    address: f.resource.address,
    message: f.message,
  }));
}

/** 1-based line of the first line of `text` containing `needle` (after `from`). */
function lineOf(text: string, needle: string, from = ''): number {
  const start = from === '' ? 0 : text.indexOf(from);
  const i = text.indexOf(needle, start);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return text.slice(0, i).split('\n').length;
}

const containers = (extra: Record<string, unknown> = {}) =>
  JSON.stringify([{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.27', essential: true, ...extra }]);

const TASK_AFTER = (extra: Record<string, unknown> = {}) => ({
  family: 'web',
  container_definitions: containers({ privileged: true }),
  cpu: null,
  memory: null,
  network_mode: null,
  requires_compatibilities: ['EC2'],
  volume: [],
  runtime_platform: [],
  tags: null,
  ...extra,
});

describe('Terraform plan JSON alone', () => {
  it('reads values from resource_changes[].change.after and points into the plan file', async () => {
    const text = plan([
      {
        address: 'aws_ecs_task_definition.web',
        type: 'aws_ecs_task_definition',
        name: 'web',
        after: TASK_AFTER(),
      },
    ]);
    const found = await run({ 'plan.json': text }, ['ECS-003']);
    expect(found).toEqual([
      {
        rule: 'ECS-003',
        file: 'plan.json',
        line: lineOf(text, '"container_definitions"'),
        address: 'aws_ecs_task_definition.web',
        message: expect.any(String),
      },
    ]);
  });

  it('skips resources being destroyed', async () => {
    const text = plan([
      {
        address: 'aws_ecs_task_definition.web',
        type: 'aws_ecs_task_definition',
        name: 'web',
        after: null,
        actions: ['delete'],
      },
    ]);
    expect(await run({ 'plan.json': text }, ['ECS-003', 'HAKO-001'])).toEqual([]);
  });

  it('null means not set: the network mode defaults to bridge (ECS-009)', async () => {
    const text = plan([
      {
        address: 'aws_ecs_task_definition.web',
        type: 'aws_ecs_task_definition',
        name: 'web',
        after: TASK_AFTER(),
      },
    ]);
    const found = await run({ 'plan.json': text }, ['ECS-009']);
    expect(found.map((f) => [f.rule, f.line])).toEqual([['ECS-009', lineOf(text, '"after": {')]]);
  });

  it('an unknown value the configuration does not write is the default (EKS-001 on public_access_cidrs)', async () => {
    const cluster = (cfgCidrs: boolean) =>
      plan([
        {
          address: 'aws_eks_cluster.prod',
          type: 'aws_eks_cluster',
          name: 'prod',
          after: {
            name: 'prod',
            version: '1.33',
            vpc_config: [
              {
                endpoint_private_access: true,
                endpoint_public_access: true,
                subnet_ids: ['subnet-0a1b2c3d'],
              },
            ],
          },
          unknown: { arn: true, vpc_config: [{ public_access_cidrs: true, vpc_id: true }] },
          config: {
            name: { constant_value: 'prod' },
            vpc_config: [
              {
                endpoint_private_access: { constant_value: true },
                endpoint_public_access: { constant_value: true },
                subnet_ids: { constant_value: ['subnet-0a1b2c3d'] },
                ...(cfgCidrs ? { public_access_cidrs: { references: ['var.cidrs'] } } : {}),
              },
            ],
          },
        },
      ]);
    expect((await run({ 'plan.json': cluster(false) }, ['EKS-001'])).map((f) => f.rule)).toEqual(['EKS-001']);
    // Written from a variable that is unknown at plan time: not judged.
    expect(await run({ 'plan.json': cluster(true) }, ['EKS-001'])).toEqual([]);
  });

  it('an unknown role ARN that references a scanned role joins it (ECS-002 task role = execution role)', async () => {
    const ref = { references: ['aws_iam_role.app.arn', 'aws_iam_role.app'] };
    const text = plan([
      {
        address: 'aws_iam_role.app',
        type: 'aws_iam_role',
        name: 'app',
        after: {
          name: 'app',
          assume_role_policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'ecs-tasks.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        },
        unknown: { arn: true, id: true },
        config: { name: { constant_value: 'app' } },
      },
      {
        address: 'aws_ecs_task_definition.web',
        type: 'aws_ecs_task_definition',
        name: 'web',
        after: TASK_AFTER({ container_definitions: containers() }),
        unknown: { arn: true, execution_role_arn: true, task_role_arn: true },
        config: { family: { constant_value: 'web' }, execution_role_arn: ref, task_role_arn: ref },
      },
    ]);
    const found = await run({ 'plan.json': text }, ['ECS-002']);
    expect(found.map((f) => [f.rule, f.address])).toEqual([['ECS-002', 'aws_ecs_task_definition.web']]);
  });

  it('an empty list the configuration writes is kept (managed_policy_arns = [] makes the role complete: ECS-016)', async () => {
    const withEmpty = (written: boolean) =>
      plan([
        {
          address: 'aws_iam_role.exec',
          type: 'aws_iam_role',
          name: 'exec',
          after: {
            name: 'exec',
            managed_policy_arns: [],
            inline_policy: [
              {
                name: 'secrets',
                policy: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Action: 'secretsmanager:GetSecretValue',
                      Resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:orders/*',
                    },
                  ],
                }),
              },
            ],
          },
          unknown: { arn: true },
          config: {
            name: { constant_value: 'exec' },
            ...(written ? { managed_policy_arns: { constant_value: [] } } : {}),
            inline_policy: [{ name: { constant_value: 'secrets' }, policy: {} }],
          },
        },
        {
          address: 'aws_ecs_task_definition.app',
          type: 'aws_ecs_task_definition',
          name: 'app',
          after: TASK_AFTER({
            family: 'app',
            container_definitions: containers({
              secrets: [
                {
                  name: 'K',
                  valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:payments/k-Qw34Er',
                },
              ],
            }),
          }),
          unknown: { execution_role_arn: true },
          config: { execution_role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } },
        },
      ]);
    expect((await run({ 'plan.json': withEmpty(true) }, ['ECS-016'])).map((f) => f.rule)).toEqual([
      'ECS-016',
    ]);
    expect(await run({ 'plan.json': withEmpty(false) }, ['ECS-016'])).toEqual([]);
  });

  it("a role's ARN the plan knows (it exists already) carries its account: IAM-007 judges the log group of that account", async () => {
    const logsOn = (group: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `arn:aws:logs:eu-west-1:111122223333:log-group:${group}:*`,
          },
        ],
      });
    const text = (opts: { group: string; roleArn?: string; executionRoleArn?: string }) =>
      plan([
        {
          address: 'aws_iam_role.exec',
          type: 'aws_iam_role',
          name: 'exec',
          actions: ['no-op'],
          after: {
            name: 'exec',
            ...(opts.roleArn ? { arn: opts.roleArn } : {}),
            managed_policy_arns: [],
            inline_policy: [{ name: 'logs', policy: logsOn(opts.group) }],
          },
          unknown: opts.roleArn ? {} : { arn: true },
          config: {
            name: { constant_value: 'exec' },
            managed_policy_arns: { constant_value: [] },
            inline_policy: [{ name: { constant_value: 'logs' }, policy: {} }],
          },
        },
        {
          address: 'aws_ecs_task_definition.app',
          type: 'aws_ecs_task_definition',
          name: 'app',
          after: TASK_AFTER({
            family: 'app',
            ...(opts.executionRoleArn ? { execution_role_arn: opts.executionRoleArn } : {}),
            container_definitions: containers({
              logConfiguration: {
                logDriver: 'awslogs',
                options: { 'awslogs-group': '/ecs/app', 'awslogs-region': 'eu-west-1' },
              },
            }),
          }),
          unknown: opts.executionRoleArn ? {} : { execution_role_arn: true },
          config: { execution_role_arn: { references: ['aws_iam_role.exec.arn', 'aws_iam_role.exec'] } },
        },
      ]);
    const known = 'arn:aws:iam::111122223333:role/exec';
    const messages = async (t: string) => (await run({ 'plan.json': t }, ['IAM-007'])).map((f) => f.message);
    // known ARN, the task names it literally or through the reference: the other group is proved wrong
    for (const executionRoleArn of [known, undefined])
      expect(await messages(text({ group: '/ecs/other', roleArn: known, executionRoleArn }))).toEqual([
        expect.stringContaining(
          'logs:CreateLogStream, logs:PutLogEvents on arn:aws:logs:eu-west-1:111122223333:',
        ),
      ]);
    expect(await messages(text({ group: '/ecs/app', roleArn: known, executionRoleArn: known }))).toEqual([]);
    // ARN known only after apply: the account is not known, a group of 111122223333 may be its own
    expect(await messages(text({ group: '/ecs/other' }))).toEqual([]);
    // a task naming the role of another account is not joined to this role
    expect(
      await messages(
        text({
          group: '/ecs/other',
          roleArn: known,
          executionRoleArn: 'arn:aws:iam::444455556666:role/exec',
        }),
      ),
    ).toEqual([]);
  });

  it('without a configuration section, unknown values stay unresolved and fire nothing', async () => {
    const text = plan(
      [
        {
          address: 'aws_eks_cluster.prod',
          type: 'aws_eks_cluster',
          name: 'prod',
          after: { name: 'prod', version: '1.33', vpc_config: [{ endpoint_public_access: true }] },
          unknown: { vpc_config: [{ public_access_cidrs: true }] },
        },
      ],
      { configuration: false },
    );
    expect(await run({ 'plan.json': text }, ['EKS-001'])).toEqual([]);
  });

  it('reads state JSON (values.root_module with child modules)', async () => {
    const state = {
      format_version: '1.0',
      terraform_version: '1.11.4',
      values: {
        root_module: {
          resources: [],
          child_modules: [
            {
              address: 'module.web',
              resources: [
                {
                  address: 'module.web.aws_ecs_task_definition.this',
                  mode: 'managed',
                  type: 'aws_ecs_task_definition',
                  name: 'this',
                  values: TASK_AFTER(),
                },
              ],
            },
          ],
        },
      },
    };
    const found = await run({ 'state.json': JSON.stringify(state, null, 2) }, ['ECS-003']);
    expect(found.map((f) => [f.rule, f.address])).toEqual([
      ['ECS-003', 'module.web.aws_ecs_task_definition.this'],
    ]);
  });

  it('odd shapes (no after, a string for resource_changes, blocks as objects) are skipped, never a crash', async () => {
    const odd = JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.11.4',
      resource_changes: [
        { address: 'aws_ecs_cluster.a', mode: 'managed', type: 'aws_ecs_cluster', name: 'a' },
        {
          address: 'aws_ecs_cluster.b',
          mode: 'managed',
          type: 'aws_ecs_cluster',
          name: 'b',
          change: { after: 'x' },
        },
        {
          address: 'aws_ecs_cluster.c',
          mode: 'managed',
          type: 'aws_ecs_cluster',
          name: 'c',
          change: {
            actions: ['create'],
            after: { name: 'c', setting: { name: 'containerInsights' } },
            after_unknown: [1],
          },
        },
        'not an object',
      ],
      configuration: { root_module: { resources: 'nope', module_calls: [] } },
    });
    const found = await run({ 'plan.json': odd }, ['HAKO-001', 'ECS-023']);
    expect(found.map((f) => [f.rule, f.address])).toEqual([['ECS-023', 'aws_ecs_cluster.c']]);
    const str = JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', resource_changes: 'x' });
    expect(await run({ 'plan.json': str }, ['HAKO-001'])).toEqual([]);
  });

  it('an unsupported format_version is HAKO-001, and an errored plan is said so', async () => {
    const v2 = plan([], { formatVersion: '2.0' });
    const found = await run({ 'plan.json': v2 }, ['HAKO-001']);
    expect(found.map((f) => [f.rule, f.line])).toEqual([['HAKO-001', 1]]);
    expect(found[0]?.message).toContain('format_version 2.0');
  });
});

const MAIN_TF = `resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = file("trust.json")
}

resource "aws_ecs_task_definition" "web" {
  family                   = "web"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.app.arn
  task_role_arn            = aws_iam_role.app.arn
  container_definitions = jsonencode([
    {
      name       = "web"
      image      = "public.ecr.aws/nginx/nginx:1.27"
      essential  = true
      privileged = var.privileged
    }
  ])
}

resource "aws_ecs_cluster" "main" {
  name = "main"
  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

variable "privileged" {
  type = bool
}
`;

describe('Terraform plan JSON with its .tf files', () => {
  const planText = plan([
    {
      address: 'aws_ecs_task_definition.web',
      type: 'aws_ecs_task_definition',
      name: 'web',
      after: TASK_AFTER({ container_definitions: containers({ privileged: true }) }),
      unknown: { arn: true, execution_role_arn: true, task_role_arn: true },
      config: {
        family: { constant_value: 'web' },
        execution_role_arn: { references: ['aws_iam_role.app.arn', 'aws_iam_role.app'] },
        task_role_arn: { references: ['aws_iam_role.app.arn', 'aws_iam_role.app'] },
        container_definitions: { references: ['var.privileged'] },
      },
    },
    {
      address: 'aws_ecs_cluster.main',
      type: 'aws_ecs_cluster',
      name: 'main',
      after: {
        name: 'main',
        // The provider returns a set: order and extra settings differ from the file.
        setting: [{ name: 'containerInsights', value: 'disabled' }],
        configuration: [],
        service_connect_defaults: [],
      },
      unknown: { arn: true, id: true },
      config: {
        name: { constant_value: 'main' },
        setting: [{ name: { constant_value: 'containerInsights' } }],
      },
    },
  ]);
  const files = {
    'infra/main.tf': MAIN_TF,
    'infra/trust.json':
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}\n',
    'infra/plan.json': planText,
  };

  it('a value the plan resolved (var.privileged = true) is reported at the .tf line that wrote it', async () => {
    const found = await run(files, ['ECS-003']);
    expect(found).toEqual([
      {
        rule: 'ECS-003',
        file: 'infra/main.tf',
        line: 16,
        address: 'aws_ecs_task_definition.web',
        message: expect.any(String),
      },
    ]);
  });

  it('one resource per address: the HCL twin is replaced, not reported twice', async () => {
    const found = await run(files, ['ECS-002', 'ECS-023']);
    expect(found.map((f) => [f.rule, f.file, f.line])).toEqual([
      ['ECS-002', 'infra/main.tf', 10],
      ['ECS-023', 'infra/main.tf', 25],
    ]);
  });

  it('values the provider filled in point at the resource block', async () => {
    const found = await run(files, ['ECS-009']);
    expect(found.map((f) => [f.rule, f.file, f.line])).toEqual([['ECS-009', 'infra/main.tf', 6]]);
  });

  it('ECS-017 judges the container definitions as written: a key the provider dropped from the plan is still reported', async () => {
    const tf = `resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([
    {
      name     = "worker"
      image    = "111122223333.dkr.ecr.us-east-1.amazonaws.com/worker:2.0.1"
      emptyDir = {}
    }
  ])
}
`;
    const planned = plan([
      {
        address: 'aws_ecs_task_definition.worker',
        type: 'aws_ecs_task_definition',
        name: 'worker',
        // The provider's normalised JSON has no emptyDir: it drops keys it does not know.
        after: TASK_AFTER({
          family: 'worker',
          container_definitions: JSON.stringify([
            {
              essential: true,
              image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/worker:2.0.1',
              name: 'worker',
            },
          ]),
        }),
        config: { family: { constant_value: 'worker' }, container_definitions: {} },
      },
    ]);
    const found = await run({ 'main.tf': tf, 'plan.json': planned }, ['ECS-017']);
    expect(found.map((f) => [f.rule, f.file, f.line])).toEqual([['ECS-017', 'main.tf', 7]]);
  });

  it('without the plan, the unresolved variable fires nothing', async () => {
    const { 'infra/plan.json': _, ...tfOnly } = files;
    expect(await run(tfOnly, ['ECS-003'])).toEqual([]);
  });
});

describe('Terraform plan JSON of several root modules with the same addresses', () => {
  // Two roots (prod/, staging/), each planned on its own: the same address in both.
  const cluster = (name: string, insights: string) =>
    plan([
      {
        address: 'aws_ecs_cluster.main',
        type: 'aws_ecs_cluster',
        name: 'main',
        after: {
          name,
          setting: [{ name: 'containerInsights', value: insights }],
          configuration: [],
          service_connect_defaults: [],
        },
        unknown: { arn: true, id: true },
        config: {
          name: { constant_value: name },
          setting: [{ name: { constant_value: 'containerInsights' } }],
        },
      },
    ]);
  const tf = (name: string, insights: string) =>
    `# ${name}\nresource "aws_ecs_cluster" "main" {\n  name = "${name}"\n  setting {\n    name  = "containerInsights"\n    value = "${insights}"\n  }\n}\n`;
  const files = {
    'prod/main.tf': `\n\n${tf('prod', 'disabled')}`,
    'prod/plan.json': cluster('prod', 'disabled'),
    'staging/main.tf': tf('staging', 'enabled'),
    'staging/plan.json': cluster('staging', 'enabled'),
  };

  it('each plan replaces the resource of the root in its own directory', async () => {
    const found = await run(files, ['ECS-023']);
    expect(found.map((f) => [f.rule, f.file, f.line, f.message.includes('"prod"')])).toEqual([
      ['ECS-023', 'prod/main.tf', 8, true],
    ]);
  });

  it('the plans listed the other way round give the same', async () => {
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    const found = await run(reversed, ['ECS-023']);
    expect(found.map((f) => [f.rule, f.file, f.line, f.message.includes('"prod"')])).toEqual([
      ['ECS-023', 'prod/main.tf', 8, true],
    ]);
  });
});

/**
 * IAM-007: the task execution role cannot do what the ECS / Fargate agent does with it before a
 * container starts (facts A1, iam-and-eventbridge B1/B2):
 * - pull each private ECR image `<account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest]`:
 *   `ecr:GetAuthorizationToken` on `*` (no resource type; only an identity policy grants it), and
 *   `ecr:BatchGetImage` / `ecr:GetDownloadUrlForLayer` on that repository's ARN;
 * - ship `awslogs` logs: `logs:CreateLogStream` / `logs:PutLogEvents` on a stream of the container's
 *   `awslogs-group` in its `awslogs-region` (the log-stream resource type), and
 *   `logs:CreateLogGroup` on the group when `awslogs-create-group` is `true`.
 * When the task definition names an execution role, the agent uses it for these on every launch
 * type (on EC2 the instance role serves them only for a task without one: that case is ECS-001).
 *
 * Decided by the evaluator over the role's policies (rules/_shared/iam-access.ts): a role not
 * scanned, a policy not read, a condition on something unknown, an unresolved image or log group
 * say nothing. The stream name (`<prefix>/<container>/<task id>`) is not knowable: a placeholder task
 * id stands for it, which only a pattern covering any task id matches. In the same account a
 * repository policy can also grant the pull: a repository whose policy is scanned is left to it,
 * otherwise the finding says it assumes there is none.
 */
import type { EcrPolicy } from '../../model/aws/ecr.js';
import { isKnown, type Src } from '../../model/source.js';
import { can, findRole, roleRelated, roleView } from '../_shared/iam-access.js';
import { isPrivateEcrRegistry, isTemplated, parseImage } from '../_shared/image.js';
import { containerName } from '../ecs/_helpers.js';
import { defineRule, noEquivalents, type Related } from '../types.js';

const TASK_ID = '0123456789abcdef0123456789abcdef';

/** The repository ARN a private ECR image is pulled from, or undefined for any other image. */
export function ecrRepositoryOf(
  image: string,
): { arn: string; account: string; repository: string } | undefined {
  if (isTemplated(image)) return undefined;
  const ref = parseImage(image);
  if (!isPrivateEcrRegistry(ref.registry) || !ref.registry || ref.repository === '') return undefined;
  const host = ref.registry.toLowerCase();
  const [account, , , region] = host.split('.');
  const partition = host.endsWith('.amazonaws.com.cn') ? 'aws-cn' : 'aws';
  if (!account || !region) return undefined;
  return {
    arn: `arn:${partition}:ecr:${region}:${account}:repository/${ref.repository}`,
    account,
    repository: ref.repository,
  };
}

type Extra = 'repositoryPolicyAssumed';

export default defineRule<'cannotPull' | 'cannotLog' | Extra>({
  meta: {
    id: 'IAM-007',
    slug: 'iam-execution-role-pull-and-logs',
    service: 'iam',
    severity: 'high',
    title: {
      en: 'Execution role cannot pull the image or write the logs of its task',
      ja: 'タスク実行ロールがタスクのイメージを取得できない、またはログを書き込めない',
    },
    rationale: {
      en: "Before a container starts, the ECS or Fargate agent uses the task execution role to pull a private ECR image (`ecr:GetAuthorizationToken` on `*`, `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on the repository) and to create the `awslogs` log stream and send events to it (`logs:CreateLogStream`, `logs:PutLogEvents` on the log group's streams). An execution role whose policies leave out one of these, or grant it on another repository or log group, makes every task fail to start (CannotPullContainerError, ResourceInitializationError) — discovered at deployment time.",
      ja: 'コンテナの起動前に、ECS / Fargate エージェントはタスク実行ロールを使ってプライベート ECR イメージを取得し（`*` への `ecr:GetAuthorizationToken`、リポジトリへの `ecr:BatchGetImage` と `ecr:GetDownloadUrlForLayer`）、`awslogs` のログストリームを作成してイベントを送ります（ロググループのストリームへの `logs:CreateLogStream`、`logs:PutLogEvents`）。これらのどれかが欠けている、あるいは別のリポジトリやロググループに許可されている実行ロールでは、タスクはすべて起動に失敗し（CannotPullContainerError、ResourceInitializationError）、デプロイ時に発覚します。',
    },
    remediation: {
      en: 'Attach AmazonECSTaskExecutionRolePolicy to the execution role, or grant `ecr:GetAuthorizationToken` on `*`, `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on `arn:aws:ecr:<region>:<account>:repository/<name>`, and `logs:CreateLogStream`, `logs:PutLogEvents` on `arn:aws:logs:<region>:<account>:log-group:<group>:*`.',
      ja: 'タスク実行ロールに AmazonECSTaskExecutionRolePolicy をアタッチするか、`*` への `ecr:GetAuthorizationToken`、`arn:aws:ecr:<リージョン>:<アカウント>:repository/<名前>` への `ecr:BatchGetImage` と `ecr:GetDownloadUrlForLayer`、`arn:aws:logs:<リージョン>:<アカウント>:log-group:<グループ>:*` への `logs:CreateLogStream` と `logs:PutLogEvents` を許可してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        cannotPull:
          'container {container} cannot start: execution role "{role}" is not allowed {actions} on {resource}, which pulling {image} needs',
        cannotLog:
          'container {container} cannot start: execution role "{role}" is not allowed {actions} on {resource}, which its awslogs group "{group}" needs',
        repositoryPolicyAssumed:
          'no repository policy of "{repository}" is scanned: a repository policy could also grant the pull in the same account',
      },
      ja: {
        cannotPull:
          'コンテナ {container} は起動できません: {image} の取得に必要な {actions}（{resource}）がタスク実行ロール "{role}" に許可されていません',
        cannotLog:
          'コンテナ {container} は起動できません: awslogs のロググループ "{group}" に必要な {actions}（{resource}）がタスク実行ロール "{role}" に許可されていません',
        repositoryPolicyAssumed:
          '"{repository}" のリポジトリポリシーはスキャンされていません: 同じアカウントではリポジトリポリシーでも取得を許可できます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const { ecr } = state.aws;
    const withPolicy = new Set<string>();
    const note = (name: { value: string } | undefined, p: EcrPolicy | undefined) => {
      if (name && p) withPolicy.add(name.value);
    };
    for (const r of ecr.repositories) if (isKnown(r.name)) note(r.name, r.repositoryPolicy);
    for (const a of ecr.repositoryPolicies) if (isKnown(a.repository)) note(a.repository, a.value);
    const policyUnknown = ecr.repositoryPolicies.some((a) => !isKnown(a.repository));

    for (const td of state.aws.ecs.taskDefinitions) {
      if (!isKnown(td.executionRoleArn)) continue;
      const role = findRole(state, td.executionRole);
      if (!role) continue;
      const view = roleView(state, role);
      if (!view.complete && !view.closed) continue;
      const roleArn = role.arn ?? td.executionRoleArn.value;
      const [, partition = 'aws', , , roleAccount = '<unknown>'] = roleArn.startsWith('arn:')
        ? roleArn.split(':')
        : [];
      const account = /^\d{12}$/.test(roleAccount) ? roleAccount : '<unknown>';
      const report = (
        at: Src,
        messageId: 'cannotPull' | 'cannotLog',
        data: Record<string, string>,
        extra: Related<Extra>[] = [],
      ) =>
        ctx.report({
          at,
          resource: td,
          messageId,
          data: { role: role.name, ...data },
          related: [...roleRelated(view, 'execution role'), ...extra],
        });

      for (const c of td.containers) {
        const container = containerName(c);
        // --- ECR pull
        const repo = isKnown(c.image) ? ecrRepositoryOf(c.image.value) : undefined;
        if (repo) {
          const image = c.image.value;
          if (can(view, 'ecr:GetAuthorizationToken', '*') === 'no')
            report(c.image.src, 'cannotPull', {
              container,
              actions: 'ecr:GetAuthorizationToken',
              resource: '*',
              image,
            });
          const sameAccount = account === '<unknown>' || repo.account === account;
          if (!(sameAccount && (withPolicy.has(repo.repository) || policyUnknown))) {
            const missing = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'].filter(
              (a) => can(view, a, repo.arn) === 'no',
            );
            if (missing.length > 0)
              report(
                c.image.src,
                'cannotPull',
                { container, actions: missing.join(', '), resource: repo.arn, image },
                sameAccount
                  ? [
                      {
                        src: c.image.src,
                        messageId: 'repositoryPolicyAssumed',
                        data: { repository: repo.repository },
                      },
                    ]
                  : [],
              );
          }
        }
        // --- awslogs
        const lc = c.logConfiguration;
        if (!lc || !isKnown(lc.logDriver) || lc.logDriver.value !== 'awslogs') continue;
        const group = lc.options.get('awslogs-group');
        if (!isKnown(group) || group.value === '') continue;
        const regionVal = lc.options.get('awslogs-region');
        if (regionVal && !isKnown(regionVal)) continue;
        const region = regionVal?.value || '<unknown>';
        const prefix = lc.options.get('awslogs-stream-prefix');
        if (prefix && !isKnown(prefix)) continue;
        const stream = prefix?.value ? `${prefix.value}/${c.name.value}/${TASK_ID}` : TASK_ID;
        const groupArn = `arn:${partition}:logs:${region}:${account}:log-group:${group.value}`;
        const streamArn = `${groupArn}:log-stream:${stream}`;
        const missing = ['logs:CreateLogStream', 'logs:PutLogEvents'].filter(
          (a) => can(view, a, streamArn) === 'no',
        );
        if (missing.length > 0)
          report(group.src, 'cannotLog', {
            container,
            actions: missing.join(', '),
            resource: `${groupArn}:log-stream:*`,
            group: group.value,
          });
        const create = lc.options.get('awslogs-create-group');
        if (
          isKnown(create) &&
          create.value.toLowerCase() === 'true' &&
          can(view, 'logs:CreateLogGroup', groupArn) === 'no'
        )
          report(create.src, 'cannotLog', {
            container,
            actions: 'logs:CreateLogGroup',
            resource: groupArn,
            group: group.value,
          });
      }
    }
  },
});

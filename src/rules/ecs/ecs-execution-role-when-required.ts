/**
 * ECS-001: the ECS/Fargate agent uses the task execution role to pull private ECR images, ship
 * `awslogs` logs, fetch `secrets`/`secretOptions` and authenticate to a private registry. Without
 * `executionRoleArn` such a task fails to start (CannotPullContainerError, ResourceInitializationError).
 *
 * Per launch type (AWS "IAM roles for Amazon ECS" table): private ECR pulls and `awslogs` need the
 * execution role only on Fargate, external instances (ECS Anywhere) and Managed Instances; on EC2 the
 * container instance role serves them. Secrets, log-driver `secretOptions` and private registry
 * authentication need it on every launch type. No `requiresCompatibilities` means EC2 (the
 * register-task-definition default); a task compatible with several launch types needs the role as
 * soon as one of them does (it will not start there).
 */
import type { ContainerDefinition, TaskDefinition } from '../../model/aws/ecs.js';
import { isKnown, type Src, testVal } from '../../model/source.js';
import { isPrivateEcrRegistry, isTemplated, parseImage } from '../_shared/image.js';
import { showName } from '../_shared/name.js';
import { defineRule, type Lang, noEquivalents, type Related } from '../types.js';
import { containerName } from './_helpers.js';

export default defineRule<'missing' | 'needsAgent' | 'needsField'>({
  meta: {
    id: 'ECS-001',
    slug: 'ecs-execution-role-when-required',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Task needs an execution role but has none',
      ja: 'タスク実行ロールが必要なのに設定されていない',
    },
    rationale: {
      en: 'The container agent, not the application, pulls images from private Amazon ECR, sends `awslogs` output to CloudWatch Logs, fetches `secrets` and log-driver `secretOptions`, and authenticates to private registries (`repositoryCredentials`). It does so with the task execution role. On EC2 instances the container instance role also serves private ECR pulls and `awslogs`; on Fargate, external instances and Managed Instances, and for secrets and registry credentials on every launch type, only the execution role does. Without `executionRoleArn` the task stops before any container starts.',
      ja: 'プライベート Amazon ECR からのイメージ取得、`awslogs` による CloudWatch Logs への送信、`secrets` とログドライバーの `secretOptions` の取得、プライベートレジストリの認証（`repositoryCredentials`）は、アプリケーションではなくコンテナエージェントがタスク実行ロールで行います。EC2 インスタンスではプライベート ECR の取得と `awslogs` はコンテナインスタンスロールでも行えますが、Fargate・外部インスタンス・Managed Instances では、またシークレットとレジストリ認証情報はすべての起動タイプで、タスク実行ロールだけが使われます。`executionRoleArn` がないと、コンテナが起動する前にタスクが停止します。',
    },
    remediation: {
      en: 'Set `executionRoleArn` to a role trusted by `ecs-tasks.amazonaws.com` with `AmazonECSTaskExecutionRolePolicy`, plus read access to the referenced secrets and registry credentials.',
      ja: '`ecs-tasks.amazonaws.com` を信頼し `AmazonECSTaskExecutionRolePolicy` と参照先シークレット・レジストリ認証情報の読み取り権限を持つロールを `executionRoleArn` に設定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        missing:
          'task definition {family} has no executionRoleArn but needs one for {needs}: the task will not start',
        needsAgent: 'container {container}: {need} on {launchTypes}',
        needsField: 'container {container}: {need}',
      },
      ja: {
        missing:
          'タスク定義 {family} に executionRoleArn がありませんが、{needs} のために必要です。タスクは起動しません',
        needsAgent: 'コンテナ {container}: {launchTypes} での {need}',
        needsField: 'コンテナ {container}: {need}',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      const role = td.executionRoleArn;
      if (role !== undefined && !(isKnown(role) && role.value.trim() === '')) continue;
      const agentOn = launchTypesNeedingRoleForAgent(td);
      const needs = td.containers
        .flatMap(needsExecutionRole)
        .filter((n) => !AGENT_NEEDS.has(n.what) || agentOn.length > 0);
      if (needs.length === 0) continue;
      const on = agentOn.join('/');
      const word = (n: Need, lang: Lang) => (lang === 'ja' ? NEED_JA[n.what] : n.what);
      const label = (n: Need, lang: Lang) =>
        !AGENT_NEEDS.has(n.what)
          ? word(n, lang)
          : lang === 'ja'
            ? `${on} での ${word(n, lang)}`
            : `${n.what} on ${on}`;
      const list = (lang: Lang) =>
        [...new Set(needs.map((n) => label(n, lang)))].join(lang === 'ja' ? '、' : ', ');
      ctx.report({
        at: role?.src ?? td.src,
        resource: td,
        messageId: 'missing',
        data: { family: showName(td.family), needs: list('en') },
        localized: { needs: { en: list('en'), ja: list('ja') } },
        related: needs.map(
          (n): Related<'needsAgent' | 'needsField'> =>
            AGENT_NEEDS.has(n.what)
              ? {
                  src: n.src,
                  messageId: 'needsAgent',
                  data: { container: n.container, need: n.what, launchTypes: on },
                  localized: { need: { en: n.what, ja: NEED_JA[n.what] } },
                }
              : { src: n.src, messageId: 'needsField', data: { container: n.container, need: n.what } },
        ),
      });
    }
  },
});

/** The needs that are words in Japanese (the others are field names). */
const NEED_JA: Record<Need['what'], string> = {
  'private ECR image': 'プライベート ECR イメージ',
  awslogs: 'awslogs',
  secrets: 'secrets',
  secretOptions: 'secretOptions',
  repositoryCredentials: 'repositoryCredentials',
};

/** Served by the container instance role on EC2; the execution role is needed elsewhere. */
const AGENT_NEEDS: ReadonlySet<Need['what']> = new Set(['private ECR image', 'awslogs']);
/** Launch types without a container instance role of their own for image pulls and `awslogs`. */
const NO_INSTANCE_ROLE = ['FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'];

/**
 * The declared launch types on which private ECR pulls and `awslogs` need the execution role.
 * Empty when the task runs only on EC2 (declared, or nothing declared) or when the list is unresolved.
 */
function launchTypesNeedingRoleForAgent(td: TaskDefinition): string[] {
  const compat = td.requiresCompatibilities;
  if (!isKnown(compat)) return [];
  return NO_INSTANCE_ROLE.filter((t) => compat.value.includes(t));
}

interface Need {
  what: 'private ECR image' | 'awslogs' | 'secrets' | 'secretOptions' | 'repositoryCredentials';
  container: string;
  src: Src;
}

/** What in this container needs the execution role, each with its location. */
function needsExecutionRole(c: ContainerDefinition): Need[] {
  const container = containerName(c);
  const out: Need[] = [];
  const add = (what: Need['what'], src: Src) => out.push({ what, container, src });
  if (testVal(c.image, (i) => !isTemplated(i) && isPrivateEcrRegistry(parseImage(i).registry)))
    add('private ECR image', c.image.src);
  const log = c.logConfiguration;
  if (log && testVal(log.logDriver, (d) => d === 'awslogs')) add('awslogs', log.logDriver.src);
  for (const s of c.secrets.slice(0, 1)) add('secrets', s.src);
  for (const s of log?.secretOptions.slice(0, 1) ?? []) add('secretOptions', s.src);
  if (c.repositoryCredentials) add('repositoryCredentials', c.repositoryCredentials.src);
  return out;
}

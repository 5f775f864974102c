/**
 * ECS-011: a container without `logConfiguration` uses the instance's Docker default (json-file on
 * the EC2 host disk, lost with the instance) or, on Fargate, sends its output nowhere you can read.
 */
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers } from './_helpers.js';

export default defineRule<'missing'>({
  meta: {
    id: 'ECS-011',
    slug: 'ecs-container-logging',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'Container has no log configuration',
      ja: 'コンテナにログ設定がない',
    },
    rationale: {
      en: "Without `logConfiguration` a container's output is not shipped anywhere: on Fargate it cannot be read at all, and on EC2 it stays in the Docker daemon's default driver on the instance's disk and disappears with the instance. Incident response then has no application logs, and ECS Exec's DEFAULT session logging has no `awslogs` configuration to use.",
      ja: '`logConfiguration` がないとコンテナの出力はどこにも送られません。Fargate ではまったく読めず、EC2 ではインスタンスのディスク上の Docker 既定ドライバーに残り、インスタンスとともに消えます。インシデント対応でアプリケーションログが使えず、ECS Exec の DEFAULT セッションログも使う `awslogs` 設定がありません。',
    },
    remediation: {
      en: 'Add a `logConfiguration`, for example the `awslogs` driver with `awslogs-group`, `awslogs-region` and `awslogs-stream-prefix`, or `awsfirelens` to route through a log router.',
      ja: '`logConfiguration` を追加してください。例えば `awslogs-group`、`awslogs-region`、`awslogs-stream-prefix` を指定した `awslogs` ドライバー、またはログルーターを経由する `awsfirelens` です。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: { missing: 'container {container} has no logConfiguration: its output is not collected' },
      ja: { missing: 'コンテナ {container} に logConfiguration がなく、出力が収集されません' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      if (c.logConfiguration !== undefined) continue;
      ctx.report({ at: c.src, resource: td, messageId: 'missing', data: { container: containerName(c) } });
    }
  },
});

/**
 * ECS-008: a secret written into a container's plain `environment` is readable by anyone who can
 * describe the task definition (ecs:DescribeTaskDefinition, the console, CloudTrail, IaC state). The
 * detector (shared with K8S-007) fires on a credential-shaped value or on a sensitive name with a
 * literal value, never on references, booleans, numbers or descriptive names such as `*_FILE`.
 */
import { showWrittenName } from '../_shared/name.js';
import { reportPlainSecret } from '../_shared/secrets.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers } from './_helpers.js';

export default defineRule<'pattern' | 'name'>({
  meta: {
    id: 'ECS-008',
    slug: 'ecs-no-plaintext-secrets',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Secret in plain container environment',
      ja: 'コンテナの環境変数に平文のシークレット',
    },
    rationale: {
      en: 'Values in `environment` are stored in the task definition as plain text: every principal allowed ecs:DescribeTaskDefinition, the console, CloudTrail and IaC state can read them, and they cannot be rotated without a new revision. `secrets` injects the value from Secrets Manager or Parameter Store at start, with access controlled by the execution role.',
      ja: '`environment` の値はタスク定義に平文で保存されます。ecs:DescribeTaskDefinition を許可されたすべてのプリンシパル、コンソール、CloudTrail、IaC の状態ファイルから読め、新しいリビジョンを作らないとローテーションできません。`secrets` を使うと、値は起動時に Secrets Manager または Parameter Store から注入され、アクセスはタスク実行ロールで制御されます。',
    },
    remediation: {
      en: 'Store the value in Secrets Manager or SSM Parameter Store (SecureString), reference it from `secrets` with `valueFrom`, grant the execution role read access, and rotate the exposed credential.',
      ja: '値を Secrets Manager または SSM パラメータストア（SecureString）に保存して `secrets` の `valueFrom` で参照し、タスク実行ロールに読み取り権限を付与したうえで、漏えいした認証情報をローテーションしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
    ],
    equivalents: noEquivalents({ trivy: ['AVD-AWS-0036'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        pattern: 'environment variable {name} of container {container} holds a {label} in plain text',
        name: 'environment variable {name} of container {container} holds a secret in plain text',
      },
      ja: {
        pattern: 'コンテナ {container} の環境変数 {name} に {label} が平文で含まれています',
        name: 'コンテナ {container} の環境変数 {name} にシークレットが平文で含まれています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      for (const e of c.environment) {
        reportPlainSecret(ctx, e, {
          resource: td,
          messageIds: { pattern: 'pattern', name: 'name' },
          data: () => ({ name: showWrittenName(e.name), container: containerName(c) }),
        });
      }
    }
  },
});

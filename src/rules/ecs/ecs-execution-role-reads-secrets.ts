/**
 * ECS-016: the execution role (not the task role) fetches `secrets` when the task starts:
 * `secretsmanager:GetSecretValue` for Secrets Manager, `ssm:GetParameters` for Parameter Store.
 * Each reference is evaluated against the role's real policies with hako's IAM evaluator; a role
 * or policy that is not in the scanned files, or a condition on something unknown, never fires.
 * A secret of the scanned IaC (`valueFrom = aws_secretsmanager_secret.db.arn`) has a stand-in ARN:
 * it is found unreadable when the role is granted the action on no secret at all, and, when it
 * is readable, a customer managed key with its default key policy must also grant kms:Decrypt.
 */
import { isKnown } from '../../model/source.js';
import { can, findRole, roleRelated, roleView } from '../_shared/iam-access.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName } from './_helpers.js';

/** The IAM action and resource ARN ECS uses to fetch one `valueFrom`, or undefined when not knowable. */
export function secretFetch(
  valueFrom: string,
  task: { region?: string; account?: string; partition?: string },
): { action: string; arn: string } | undefined {
  const parts = valueFrom.split(':');
  if (
    valueFrom.startsWith('arn:') &&
    parts[2] === 'secretsmanager' &&
    parts[5] === 'secret' &&
    parts.length >= 7
  ) {
    return { action: 'secretsmanager:GetSecretValue', arn: parts.slice(0, 7).join(':') };
  }
  if (valueFrom.startsWith('arn:') && parts[2] === 'ssm')
    return { action: 'ssm:GetParameters', arn: valueFrom };
  // A parameter name is looked up in the task's account: only knowable from a real account ID
  // (a Terraform or CloudFormation role has a stand-in account).
  if (valueFrom.startsWith('arn:') || !task.region || !isAccountId(task.account)) return undefined;
  const name = valueFrom.startsWith('/') ? valueFrom : `/${valueFrom}`;
  return {
    action: 'ssm:GetParameters',
    arn: `arn:${task.partition ?? 'aws'}:ssm:${task.region}:${task.account}:parameter${name}`,
  };
}

const isAccountId = (a: string | undefined) => a !== undefined && /^\d{12}$/.test(a);

export default defineRule<'cannotRead' | 'cannotDecrypt' | 'encryptedHere'>({
  meta: {
    id: 'ECS-016',
    slug: 'ecs-execution-role-reads-secrets',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Execution role cannot read a referenced secret',
      ja: 'タスク実行ロールが参照先のシークレットを読み取れない',
    },
    rationale: {
      en: 'ECS fetches `secrets` with the task execution role when the task starts. If that role may not call secretsmanager:GetSecretValue (Secrets Manager) or ssm:GetParameters (Parameter Store) on the referenced ARN, every task fails to start — usually discovered during a deployment. Putting the permission on the task role does not help: the agent never uses it.',
      ja: 'ECS はタスク起動時に、タスク実行ロールで `secrets` を取得します。そのロールが参照先の ARN に対して secretsmanager:GetSecretValue（Secrets Manager）または ssm:GetParameters（パラメータストア）を許可されていなければ、タスクはすべて起動に失敗し、多くはデプロイ中に発覚します。タスクロールに権限を付けても、エージェントはそれを使いません。',
    },
    remediation: {
      en: 'Grant the execution role secretsmanager:GetSecretValue on the secret ARN or ssm:GetParameters on the parameter ARN (plus kms:Decrypt on the key when a customer managed key encrypts it).',
      ja: 'タスク実行ロールに、シークレット ARN への secretsmanager:GetSecretValue またはパラメータ ARN への ssm:GetParameters を許可してください（カスタマー管理キーで暗号化されている場合はそのキーへの kms:Decrypt も）。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data-secrets.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'iam-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        cannotRead:
          'container {container} cannot start: execution role "{role}" is not allowed {action} on {arn}, which secret "{secret}" needs',
        cannotDecrypt:
          'container {container} cannot start: execution role "{role}" is not allowed kms:Decrypt on {key}, the customer managed key that encrypts secret "{secret}"',
        encryptedHere: 'the secret is encrypted with {key} here',
      },
      ja: {
        cannotRead:
          'コンテナ {container} は起動できません: シークレット "{secret}" に必要な {action}（{arn}）がタスク実行ロール "{role}" に許可されていません',
        cannotDecrypt:
          'コンテナ {container} は起動できません: シークレット "{secret}" を暗号化しているカスタマー管理キー {key} への kms:Decrypt がタスク実行ロール "{role}" に許可されていません',
        encryptedHere: 'シークレットはここで {key} により暗号化されています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const secrets = new Map((state.aws.iam.secrets ?? []).map((s) => [s.arn, s]));
    for (const td of state.aws.ecs.taskDefinitions) {
      if (!isKnown(td.executionRoleArn)) continue;
      const role = findRole(state, td.executionRole);
      if (!role) continue;
      const view = roleView(state, role);
      const roleArn = role.arn ?? td.executionRoleArn.value;
      const region = td.containers
        .map((c) => c.logConfiguration?.options.get('awslogs-region')?.value)
        .find((r) => r !== undefined);
      const task = { region, account: roleArn.split(':')[4], partition: roleArn.split(':')[1] };
      for (const c of td.containers) {
        for (const s of c.secrets) {
          if (!isKnown(s.valueFrom) || s.valueFrom.value === '') continue;
          const fetch = secretFetch(s.valueFrom.value, task);
          if (!fetch) continue;
          // Another account's secret: its resource policy decides. A role whose account is a
          // stand-in (IaC) is taken to be in the secret's account.
          if (isAccountId(task.account) && fetch.arn.split(':')[4] !== task.account) continue;
          const secret = secrets.get(fetch.arn);
          // a customer managed key with its default key policy: the role's own policies decide
          const key = secret?.kmsKey;
          if (key?.defaultKeyPolicy && can(view, 'kms:Decrypt', key.arn) === 'no')
            ctx.report({
              at: s.valueFrom.src,
              resource: td,
              messageId: 'cannotDecrypt',
              data: { container: containerName(c), role: role.name, key: key.arn, secret: s.name.value },
              related: [
                ...roleRelated(view, 'execution role'),
                { src: key.src, messageId: 'encryptedHere', data: { key: key.arn } },
              ],
            });
          if (can(view, fetch.action, fetch.arn) !== 'no') continue;
          ctx.report({
            at: s.valueFrom.src,
            resource: td,
            messageId: 'cannotRead',
            data: {
              container: containerName(c),
              role: role.name,
              action: fetch.action,
              arn: fetch.arn,
              secret: s.name.value,
            },
            related: roleRelated(view, 'execution role'),
          });
        }
      }
    }
  },
});

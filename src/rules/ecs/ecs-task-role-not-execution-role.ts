/**
 * ECS-002: the execution role is the agent's (image pulls, log delivery, secret fetching); the task
 * role is what the application's code gets. One role for both hands the application the agent's
 * permissions, typically read access to every secret the task injects and to the ECR repositories.
 */
import { resolveRole } from '../../model/aws/ref.js';
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'same' | 'sameExecutionRole'>({
  meta: {
    id: 'ECS-002',
    slug: 'ecs-task-role-not-execution-role',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'Task role is the execution role',
      ja: 'タスクロールとタスク実行ロールが同じ',
    },
    rationale: {
      en: 'The task execution role is meant for the ECS agent: it pulls images, writes logs and reads the secrets injected at start. The task role is the identity the application code runs with. When both are the same role, the application (and anyone who compromises it) can read every secret and repository the agent can, not only what it needs.',
      ja: 'タスク実行ロールは ECS エージェント用で、イメージの取得、ログの書き込み、起動時に注入するシークレットの読み取りに使われます。タスクロールはアプリケーションのコードが使う ID です。両者が同じロールだと、アプリケーション（とそれを侵害した攻撃者）は必要な範囲を超えて、エージェントが読めるすべてのシークレットとリポジトリを読めます。',
    },
    remediation: {
      en: 'Create a separate task role that holds only the permissions the application calls at run time, and keep the execution role for the agent.',
      ja: 'アプリケーションが実行時に使う権限だけを持つ別のタスクロールを作成し、タスク実行ロールはエージェント専用にしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_249'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        same: 'task definition {family} uses role "{role}" as both task role and execution role: the application gets the agent\'s permissions',
        sameExecutionRole: 'executionRoleArn names the same role',
      },
      ja: {
        same: 'タスク定義 {family} はロール "{role}" をタスクロールとタスク実行ロールの両方に使っています。アプリケーションがエージェントの権限を持ちます',
        sameExecutionRole: 'executionRoleArn も同じロールを指定しています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      const task = td.taskRoleArn;
      const exec = td.executionRoleArn;
      if (!isKnown(task) || !isKnown(exec)) continue;
      // both scanned: the same role or not; else (roles not in the files) as written
      const a = resolveRole(state, td.taskRole);
      const b = resolveRole(state, td.executionRole);
      if (a && b ? a !== b : !sameRole(task.value, exec.value)) continue;
      ctx.report({
        at: task.src,
        resource: td,
        messageId: 'same',
        data: { family: showName(td.family), role: a?.name ?? roleOf(task.value).name },
        related: [{ src: exec.src, messageId: 'sameExecutionRole' }],
      });
    }
  },
});

/** Account (when an ARN) and role name, without path. IAM role names are case-insensitive. */
function roleOf(ref: string): { account?: string; name: string } {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(ref.trim());
  if (m) return { account: m[1], name: m[2] ?? '' };
  return { name: ref.trim().replace(/^.*\//, '') };
}

/** `taskRoleArn` may be a role name; `executionRoleArn` an ARN. */
export function sameRole(a: string, b: string): boolean {
  const x = roleOf(a);
  const y = roleOf(b);
  if (x.name === '' || y.name === '') return false;
  if (x.account !== undefined && y.account !== undefined && x.account !== y.account) return false;
  return x.name.toLowerCase() === y.name.toLowerCase();
}

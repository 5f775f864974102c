/**
 * ECS-015: ECS Exec opens SSM channels from inside the task, with the **task role**'s credentials:
 * it needs ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and
 * OpenDataChannel there. On the execution role they do nothing (a common tutorial mistake).
 */
import { isKnown } from '../../model/source.js';
import { type Answer, can, findRole, type RoleView, roleRelated, roleView } from '../_shared/iam-access.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { execServices } from './_joins.js';

export const EXEC_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

function missingActions(view: RoleView): { missing: string[]; answers: Answer[] } {
  const answers = EXEC_ACTIONS.map((a) => can(view, a, '*'));
  return { missing: EXEC_ACTIONS.filter((_, i) => answers[i] === 'no'), answers };
}

export default defineRule<'noTaskRole' | 'taskRoleLacks' | 'onExecutionRole' | 'execEnabledHere'>({
  meta: {
    id: 'ECS-015',
    slug: 'ecs-exec-permissions-on-task-role',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'ECS Exec permissions missing from the task role',
      ja: 'ECS Exec の権限がタスクロールにない',
    },
    rationale: {
      en: 'The SSM agent inside the task opens the ECS Exec channels with the task role. Without the four ssmmessages actions on that role, `aws ecs execute-command` fails exactly when someone needs a shell in an incident. Granting them to the execution role, as several tutorials do, does nothing: that role is only used by the ECS agent to start the task.',
      ja: 'タスク内の SSM エージェントは、タスクロールで ECS Exec のチャネルを開きます。そのロールに ssmmessages の 4 つのアクションがなければ、障害対応でシェルが必要なまさにその時に `aws ecs execute-command` が失敗します。いくつかのチュートリアルのようにタスク実行ロールに付与しても効果はありません。そのロールは ECS エージェントがタスクを起動するためだけに使います。',
    },
    remediation: {
      en: 'Set `taskRoleArn` and allow ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel on "*" in the task role; remove them from the execution role.',
      ja: '`taskRoleArn` を設定し、タスクロールで ssmmessages:CreateControlChannel、CreateDataChannel、OpenControlChannel、OpenDataChannel を "*" に許可してください。タスク実行ロールからは削除してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'iam-json', 'cloudformation'],
    messages: {
      en: {
        noTaskRole:
          'service {service} enables ECS Exec but task definition {family} has no taskRoleArn: Exec sessions cannot open',
        taskRoleLacks: 'service {service} enables ECS Exec but task role "{role}" is not allowed {actions}',
        onExecutionRole:
          'service {service} enables ECS Exec and grants {actions} to execution role "{role}", where they do nothing: they belong on the task role',
        execEnabledHere: 'ECS Exec enabled here',
      },
      ja: {
        noTaskRole:
          'サービス {service} は ECS Exec を有効にしていますが、タスク定義 {family} に taskRoleArn がないため Exec セッションを開けません',
        taskRoleLacks:
          'サービス {service} は ECS Exec を有効にしていますが、タスクロール "{role}" に {actions} が許可されていません',
        onExecutionRole:
          'サービス {service} は ECS Exec を有効にし、{actions} をタスク実行ロール "{role}" に付与していますが、そこでは効果がありません。タスクロールに付与してください',
        execEnabledHere: 'ここで ECS Exec が有効になっています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { svc, td } of execServices(state)) {
      if (!td) continue;
      const service = svc.name.value;
      const execView = isKnown(td.executionRoleArn)
        ? (() => {
            const r = findRole(state, td.executionRole);
            return r ? roleView(state, r) : undefined;
          })()
        : undefined;
      const onExec = execView && missingActions(execView).answers.every((a) => a === 'yes');
      const execRelated: Related[] = execView ? roleRelated(execView, 'execution role') : [];
      const related: Related<'execEnabledHere'>[] = [
        { src: svc.enableExecuteCommand.src, messageId: 'execEnabledHere' },
      ];
      if (!td.taskRoleArn) {
        ctx.report({
          at: td.src,
          resource: td,
          messageId: onExec ? 'onExecutionRole' : 'noTaskRole',
          data: {
            service,
            family: showName(td.family),
            role: execView?.role.name ?? '',
            actions: EXEC_ACTIONS.join(', '),
          },
          related: [...related, ...execRelated],
          severity: onExec ? 'medium' : undefined,
        });
        continue;
      }
      if (!isKnown(td.taskRoleArn)) continue;
      const taskRole = findRole(state, td.taskRole);
      if (!taskRole) continue;
      const view = roleView(state, taskRole);
      const { missing } = missingActions(view);
      if (missing.length === 0) continue;
      if (onExec && execView) {
        ctx.report({
          at: td.executionRoleArn?.src ?? td.src,
          resource: td,
          messageId: 'onExecutionRole',
          data: { service, role: execView.role.name, actions: missing.join(', ') },
          related: [...related, ...execRelated, ...roleRelated(view, 'task role')],
          severity: 'medium',
        });
      } else {
        ctx.report({
          at: td.taskRoleArn.src,
          resource: td,
          messageId: 'taskRoleLacks',
          data: { service, role: taskRole.name, actions: missing.join(', ') },
          related: [...related, ...roleRelated(view, 'task role')],
        });
      }
    }
  },
});

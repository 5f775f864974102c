/**
 * ECS-021: containers of a task that services run with ECS Exec. Exec starts the SSM agent inside
 * every container; without `linuxParameters.initProcessEnabled: true` nothing reaps the agent's
 * child processes, so sessions leave zombies behind (AWS recommends the init process for Exec),
 * reported low. A `readonlyRootFilesystem: true` container is documented as not supported with
 * Exec (the agent needs a writable filesystem; aws/containers-roadmap#1359): sessions into it may
 * fail, reported info since read-only roots are the hardening hako asks for elsewhere (ECS-004).
 * Linux tasks only; no finding when the service's task definition is not scanned. One finding per
 * container, whichever number of services run the task definition with Exec.
 */
import type { EcsService, TaskDefinition } from '../../model/aws/ecs.js';
import { isKnown, isTrue } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { containerName, isLinux } from './_helpers.js';
import { execServices } from './_joins.js';

export default defineRule<'noInitProcess' | 'readOnlyRoot' | 'serviceEnablesExec'>({
  meta: {
    id: 'ECS-021',
    slug: 'ecs-exec-container-settings',
    service: 'ecs',
    severity: 'low',
    title: {
      en: 'ECS Exec container without an init process, or with a read-only root filesystem',
      ja: 'ECS Exec 対象のコンテナに init プロセスがない、またはルートファイルシステムが読み取り専用',
    },
    rationale: {
      en: "ECS Exec runs the SSM agent inside every container of the task. AWS recommends `initProcessEnabled: true` so an init process reaps the agent's child processes; without it each session can leave zombie processes that accumulate until the task is replaced. The SSM agent also needs a writable filesystem, so ECS documents Exec as not supported with `readonlyRootFilesystem: true`: sessions into such a container may fail, and the usual workaround of dropping the read-only root weakens the container.",
      ja: 'ECS Exec はタスクのすべてのコンテナで SSM エージェントを実行します。AWS はエージェントの子プロセスを init プロセスが回収できるよう `initProcessEnabled: true` を推奨しており、これがないとセッションごとにゾンビプロセスが残り、タスクを置き換えるまで溜まっていきます。また SSM エージェントは書き込み可能なファイルシステムを必要とするため、ECS は `readonlyRootFilesystem: true` との併用を未サポートとしています。そのコンテナへのセッションは失敗することがあり、回避のために読み取り専用ルートをやめるとコンテナが弱くなります。',
    },
    remediation: {
      en: 'Set `linuxParameters.initProcessEnabled` to `true` on every container of a task run with ECS Exec; for containers that must keep a read-only root filesystem, turn Exec off on the service and debug through logs or a separate debug task instead.',
      ja: 'ECS Exec で実行するタスクのすべてのコンテナで `linuxParameters.initProcessEnabled` を `true` にしてください。読み取り専用ルートファイルシステムを維持すべきコンテナでは、サービスの Exec を無効にし、ログや別のデバッグ用タスクで調査してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html',
      'https://github.com/aws/containers-roadmap/issues/1359',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        noInitProcess:
          'container {container} runs with ECS Exec (service {services}) without linuxParameters.initProcessEnabled true: SSM agent child processes are not reaped',
        readOnlyRoot:
          'container {container} has a read-only root filesystem but runs with ECS Exec (service {services}): the SSM agent needs a writable filesystem, so Exec is not supported there',
        serviceEnablesExec: 'service {service} enables ECS Exec',
      },
      ja: {
        noInitProcess:
          'コンテナ {container} は ECS Exec 有効（サービス {services}）で実行されますが linuxParameters.initProcessEnabled が true ではないため、SSM エージェントの子プロセスが回収されません',
        readOnlyRoot:
          'コンテナ {container} はルートファイルシステムが読み取り専用ですが ECS Exec 有効（サービス {services}）で実行されます。SSM エージェントは書き込み可能なファイルシステムを必要とするため、Exec はサポートされません',
        serviceEnablesExec: 'サービス {service} が ECS Exec を有効にしています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const byTask = new Map<TaskDefinition, EcsService[]>();
    for (const { svc, td } of execServices(state)) {
      if (td && isLinux(td)) byTask.set(td, [...(byTask.get(td) ?? []), svc]);
    }
    for (const [td, services] of byTask) {
      const names = services.map((s) => showName(s.name)).join(', ');
      const related: Related<'serviceEnablesExec'>[] = services.map((s) => ({
        src: s.enableExecuteCommand.src,
        messageId: 'serviceEnablesExec',
        data: { service: showName(s.name) },
      }));
      for (const c of td.containers) {
        const data = { container: containerName(c), services: names };
        const init = c.linuxParameters?.initProcessEnabled;
        if (init === undefined || (isKnown(init) && !init.value)) {
          ctx.report({ at: init?.src ?? c.src, resource: td, messageId: 'noInitProcess', data, related });
        }
        if (isTrue(c.readonlyRootFilesystem)) {
          ctx.report({
            at: c.readonlyRootFilesystem.src,
            resource: td,
            messageId: 'readOnlyRoot',
            data,
            related,
            severity: 'info',
          });
        }
      }
    }
  },
});

/**
 * ECS-010: `pidMode: host` lets containers see and signal every process on the instance (and with
 * SYS_PTRACE, read their memory); `ipcMode: host` shares the instance's System V IPC and POSIX shared
 * memory. One finding per setting, at its value.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'pid' | 'ipc'>({
  meta: {
    id: 'ECS-010',
    slug: 'ecs-no-host-pid-ipc',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Task shares the host PID or IPC namespace',
      ja: 'タスクがホストの PID または IPC 名前空間を共有している',
    },
    rationale: {
      en: "With `pidMode: host` the containers see every process on the instance, including other tasks and the ECS agent, can signal them and, with SYS_PTRACE, read their memory and environment. With `ipcMode: host` they share the instance's shared memory segments, semaphores and message queues with every other host-mode task. Both remove isolation between the task and the instance.",
      ja: '`pidMode: host` では、コンテナから他のタスクや ECS エージェントを含むインスタンス上のすべてのプロセスが見え、シグナルを送れ、SYS_PTRACE があればメモリや環境変数も読めます。`ipcMode: host` では、インスタンスの共有メモリ、セマフォ、メッセージキューを他の host モードのタスクと共有します。どちらもタスクとインスタンスの分離をなくします。',
    },
    remediation: {
      en: 'Remove `pidMode` and `ipcMode`, or set them to `task` when the containers of one task need to share processes or memory with each other.',
      ja: '`pidMode` と `ipcMode` を削除するか、同じタスクのコンテナ間でプロセスやメモリを共有する必要がある場合は `task` にしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_335'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        pid: 'task definition {family} uses pidMode host: its containers see and can signal every process on the instance',
        ipc: "task definition {family} uses ipcMode host: its containers share the instance's IPC namespace",
      },
      ja: {
        pid: 'タスク定義 {family} は pidMode host を使っており、コンテナからインスタンス上のすべてのプロセスが見え、シグナルを送れます',
        ipc: 'タスク定義 {family} は ipcMode host を使っており、コンテナがインスタンスの IPC 名前空間を共有します',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      const data = { family: showName(td.family) };
      const { pidMode, ipcMode } = td;
      if (isKnown(pidMode) && pidMode.value === 'host')
        ctx.report({ at: pidMode.src, resource: td, messageId: 'pid', data });
      if (isKnown(ipcMode) && ipcMode.value === 'host')
        ctx.report({ at: ipcMode.src, resource: td, messageId: 'ipc', data });
    }
  },
});

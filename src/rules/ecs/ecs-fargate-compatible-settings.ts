/**
 * ECS-006: settings a task definition declaring FARGATE compatibility cannot have. Fargate validates
 * against every declared compatibility, so the task will not run as written. One finding per
 * offending setting, at the setting (network mode: at the task when defaulted to bridge).
 */
import { isFargate } from '../../model/aws/ecs.js';
import { isKnown, isTrue, testVal } from '../../model/source.js';
import { normalizeCapability } from '../_shared/capabilities.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName } from './_helpers.js';

export default defineRule<'capability' | 'container' | 'task' | 'pidMode' | 'volume' | 'networkMode'>({
  meta: {
    id: 'ECS-006',
    slug: 'ecs-fargate-compatible-settings',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Setting not supported on Fargate',
      ja: 'Fargate でサポートされない設定',
    },
    rationale: {
      en: 'A task definition that lists FARGATE in `requiresCompatibilities` is validated against Fargate, which does not support privileged containers, `dockerSecurityOptions`, added capabilities other than SYS_PTRACE, `tmpfs`, `devices`, `sharedMemorySize`, `maxSwap`, `swappiness`, `ipcMode`, `pidMode` other than `task`, host paths or Docker volumes, and requires the `awsvpc` network mode. Such a task is rejected or fails to run, and copies of EC2 hardening advice often carry these settings over.',
      ja: '`requiresCompatibilities` に FARGATE を含むタスク定義は Fargate の制約で検証されます。Fargate は特権コンテナ、`dockerSecurityOptions`、SYS_PTRACE 以外のケーパビリティ追加、`tmpfs`、`devices`、`sharedMemorySize`、`maxSwap`、`swappiness`、`ipcMode`、`task` 以外の `pidMode`、ホストパス、Docker ボリュームをサポートせず、ネットワークモード `awsvpc` を必須とします。このようなタスクは拒否されるか実行に失敗します。EC2 向けの強化設定をそのまま流用すると起こりがちです。',
    },
    remediation: {
      en: 'Remove the setting for Fargate (use a name-only volume instead of a host path or Docker volume, drop capabilities instead of adding them) and set `networkMode` to `awsvpc`, or run the task on EC2 instead.',
      ja: 'Fargate ではその設定を削除し（ホストパスや Docker ボリュームの代わりに名前だけのボリュームを使い、ケーパビリティは追加せず削除する）、`networkMode` を `awsvpc` にするか、タスクを EC2 で実行してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        capability:
          'container {container} adds capability {capability}: on Fargate only SYS_PTRACE can be added',
        container: 'container {container} sets {setting}, which Fargate does not support',
        task: 'task definition sets {setting}, which Fargate does not support',
        pidMode: 'pidMode is "{value}": Fargate accepts only "task"',
        volume: 'volume "{volume}" uses {setting}, which Fargate does not support',
        networkMode: 'network mode is "{mode}": Fargate requires "awsvpc"',
      },
      ja: {
        capability:
          'コンテナ {container} はケーパビリティ {capability} を追加しています。Fargate で追加できるのは SYS_PTRACE だけです',
        container: 'コンテナ {container} は Fargate でサポートされない {setting} を設定しています',
        task: 'タスク定義は Fargate でサポートされない {setting} を設定しています',
        pidMode: 'pidMode が "{value}" です。Fargate で使えるのは "task" だけです',
        volume: 'ボリューム "{volume}" は Fargate でサポートされない {setting} を使っています',
        networkMode: 'ネットワークモードが "{mode}" です。Fargate では "awsvpc" が必須です',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      if (!isFargate(td)) continue;
      const resource = td;
      for (const c of td.containers) {
        const container = containerName(c);
        for (const cap of c.linuxParameters?.capabilitiesAdd ?? []) {
          if (!testVal(cap, (v) => normalizeCapability(v) !== 'SYS_PTRACE')) continue;
          const capability = normalizeCapability(cap.value);
          ctx.report({ at: cap.src, resource, messageId: 'capability', data: { container, capability } });
        }
        const settings = [
          ...(isTrue(c.privileged) ? [{ field: 'privileged', src: c.privileged.src }] : []),
          ...(c.dockerSecurityOptions.length > 0
            ? [{ field: 'dockerSecurityOptions', src: c.dockerSecurityOptionsSrc ?? c.src }]
            : []),
          ...(c.linuxParameters?.fargateUnsupported ?? []),
        ];
        for (const s of settings)
          ctx.report({ at: s.src, resource, messageId: 'container', data: { container, setting: s.field } });
      }
      if (isKnown(td.ipcMode))
        ctx.report({ at: td.ipcMode.src, resource, messageId: 'task', data: { setting: 'ipcMode' } });
      const pid = td.pidMode;
      if (isKnown(pid) && pid.value !== 'task')
        ctx.report({ at: pid.src, resource, messageId: 'pidMode', data: { value: pid.value } });
      for (const v of td.volumes) {
        const volume = v.name.value;
        if (isKnown(v.hostSourcePath) && v.hostSourcePath.value !== '')
          ctx.report({
            at: v.hostSourcePath.src,
            resource,
            messageId: 'volume',
            data: { volume, setting: 'host.sourcePath' },
          });
        if (v.dockerVolumeConfiguration)
          ctx.report({
            at: v.dockerVolumeConfiguration,
            resource,
            messageId: 'volume',
            data: { volume, setting: 'dockerVolumeConfiguration' },
          });
      }
      if (testVal(td.networkMode, (m) => m !== 'awsvpc'))
        ctx.report({
          at: td.networkMode.src,
          resource,
          messageId: 'networkMode',
          data: { mode: td.networkMode.origin === 'default' ? 'bridge (default)' : td.networkMode.value },
        });
    }
  },
});

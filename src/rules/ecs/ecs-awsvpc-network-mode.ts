/**
 * ECS-009: `host` puts every container in the instance's network namespace (high). `bridge`, and
 * the default when `networkMode` is omitted, share the instance's ENI and security groups, so no
 * per-task security group applies (medium, EC2 only: Fargate requires awsvpc, which ECS-006 checks,
 * and ECS Anywhere (EXTERNAL) has no awsvpc to move to).
 */
import { isFargate, type TaskDefinition } from '../../model/aws/ecs.js';
import { isKnown, testVal } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'host' | 'bridge' | 'bridgeDefault'>({
  meta: {
    id: 'ECS-009',
    slug: 'ecs-awsvpc-network-mode',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Task does not use the awsvpc network mode',
      ja: 'タスクが awsvpc ネットワークモードを使っていない',
    },
    rationale: {
      en: "In `host` mode containers share the instance's network stack: they can bind any host port, reach services listening on localhost, including the ECS agent's introspection API, and bypass per-task isolation. In `bridge` mode (the default on EC2) every task shares the instance's security groups, so traffic cannot be limited per task. `awsvpc` gives each task its own ENI and security groups.",
      ja: '`host` モードではコンテナがインスタンスのネットワークスタックを共有し、任意のホストポートにバインドでき、ECS エージェントのイントロスペクション API を含む localhost 上のサービスに到達でき、タスク単位の分離を回避できます。`bridge` モード（EC2 の既定値）ではすべてのタスクがインスタンスのセキュリティグループを共有するため、タスク単位で通信を制限できません。`awsvpc` では各タスクが専用の ENI とセキュリティグループを持ちます。',
    },
    remediation: {
      en: 'Set `networkMode` to `awsvpc` and give the service a security group that allows only the traffic the task needs.',
      ja: '`networkMode` を `awsvpc` にし、サービスにはタスクに必要な通信だけを許可するセキュリティグループを設定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/networking-networkmode.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        host: "task definition {family} uses the host network mode: its containers share the instance's network stack",
        bridge: 'task definition {family} uses the bridge network mode: no per-task security group applies',
        bridgeDefault:
          'task definition {family} sets no networkMode, so it runs in bridge mode on EC2: no per-task security group applies',
      },
      ja: {
        host: 'タスク定義 {family} は host ネットワークモードを使っており、コンテナがインスタンスのネットワークスタックを共有します',
        bridge:
          'タスク定義 {family} は bridge ネットワークモードを使っており、タスク単位のセキュリティグループが適用されません',
        bridgeDefault:
          'タスク定義 {family} は networkMode を設定していないため EC2 では bridge モードで動作し、タスク単位のセキュリティグループが適用されません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      const mode = td.networkMode;
      const data = { family: showName(td.family) };
      if (testVal(mode, (m) => m === 'host')) {
        ctx.report({ at: mode.src, resource: td, messageId: 'host', data });
      } else if (testVal(mode, (m) => m === 'bridge') && runsOnEc2(td)) {
        const messageId = mode.origin === 'default' ? 'bridgeDefault' : 'bridge';
        ctx.report({ at: mode.src, resource: td, messageId, data, severity: 'medium' });
      }
    }
  },
});

/** Known to run on EC2 (or Managed Instances): not Fargate and not EXTERNAL-only. Empty means EC2. */
function runsOnEc2(td: TaskDefinition): boolean {
  const compat = td.requiresCompatibilities;
  if (!isKnown(compat) || isFargate(td)) return false;
  return compat.value.length === 0 || compat.value.some((c) => c === 'EC2' || c === 'MANAGED_INSTANCES');
}

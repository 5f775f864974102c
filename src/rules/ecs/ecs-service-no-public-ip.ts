/**
 * ECS-013: `assignPublicIp: ENABLED` gives every task ENI of an awsvpc service a public IPv4
 * address. The task is then reachable from the internet wherever its security group allows, and
 * its egress bypasses the NAT and VPC endpoints that usually carry the controls. The API default
 * for create-service is DISABLED, so only an explicit value fires.
 */
import { testVal } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'publicIp'>({
  meta: {
    id: 'ECS-013',
    slug: 'ecs-service-no-public-ip',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Service assigns public IP addresses to its tasks',
      ja: 'サービスがタスクにパブリック IP アドレスを割り当てる',
    },
    rationale: {
      en: 'With `assignPublicIp: ENABLED` each task network interface gets a public IPv4 address, so the task is reachable from the internet wherever its security group lets traffic in (often the VPC default group), and a single rule change exposes it. Tasks in private subnets reach AWS services and the internet through a NAT gateway or VPC endpoints instead.',
      ja: '`assignPublicIp: ENABLED` では各タスクのネットワークインターフェイスにパブリック IPv4 アドレスが付き、セキュリティグループ（多くは VPC のデフォルトグループ）が許す限りインターネットから到達可能になり、ルールを一つ変えるだけで公開されます。プライベートサブネットのタスクは NAT ゲートウェイまたは VPC エンドポイント経由で AWS サービスやインターネットに接続できます。',
    },
    remediation: {
      en: 'Set `networkConfiguration.awsvpcConfiguration.assignPublicIp` to `DISABLED`, run the tasks in private subnets, and give them outbound access through a NAT gateway or VPC endpoints (ECR, CloudWatch Logs, Secrets Manager); put a load balancer in front for inbound traffic.',
      ja: '`networkConfiguration.awsvpcConfiguration.assignPublicIp` を `DISABLED` にしてタスクをプライベートサブネットで実行し、外向き通信は NAT ゲートウェイまたは VPC エンドポイント（ECR、CloudWatch Logs、Secrets Manager）経由にしてください。受信トラフィックにはロードバランサーを前段に置いてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_333'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        publicIp: 'service {service} assigns a public IP address to every task (assignPublicIp {value})',
      },
      ja: {
        publicIp:
          'サービス {service} はすべてのタスクにパブリック IP アドレスを割り当てます（assignPublicIp {value}）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const svc of state.aws.ecs.services) {
      const ip = svc.awsvpc?.assignPublicIp;
      if (!ip || !testVal(ip, (v) => v.toUpperCase() === 'ENABLED')) continue;
      ctx.report({
        at: ip.src,
        resource: svc,
        messageId: 'publicIp',
        data: { service: showName(svc.name), value: ip.value },
      });
    }
  },
});

/**
 * ECS-022: an awsvpc service without `securityGroups` gets the VPC's default security group on
 * every task ENI. That group admits all traffic from its other members and is shared by anything
 * else launched without a group, so the tasks' exposure is decided outside the service.
 */

import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'noSecurityGroups'>({
  meta: {
    id: 'ECS-022',
    slug: 'ecs-service-security-groups',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'awsvpc service without security groups',
      ja: 'awsvpc サービスにセキュリティグループが指定されていない',
    },
    rationale: {
      en: 'When `awsvpcConfiguration.securityGroups` is omitted or empty, ECS attaches the VPC default security group to every task. That group allows all traffic between its members and is shared by every resource launched without a group, so the tasks can be reached by unrelated instances and functions, and nobody reviewing the service sees which traffic it admits.',
      ja: '`awsvpcConfiguration.securityGroups` を省略または空にすると、ECS はすべてのタスクに VPC のデフォルトセキュリティグループを付けます。このグループはメンバー間の全通信を許可し、グループ指定なしで起動したすべてのリソースが共有するため、無関係なインスタンスや関数からタスクに到達でき、サービスのレビューでどの通信が許可されているか分かりません。',
    },
    remediation: {
      en: "Create a security group for the service that admits only its real callers (for example the load balancer's group on the container port) and list it in `networkConfiguration.awsvpcConfiguration.securityGroups`.",
      ja: 'サービス専用のセキュリティグループを作成して実際の呼び出し元（例: コンテナポートへのロードバランサーのグループ）だけを許可し、`networkConfiguration.awsvpcConfiguration.securityGroups` に指定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        noSecurityGroups:
          'service {service} sets no security groups: its tasks get the VPC default security group',
      },
      ja: {
        noSecurityGroups:
          'サービス {service} はセキュリティグループを指定していないため、タスクに VPC のデフォルトセキュリティグループが付きます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const svc of state.aws.ecs.services) {
      const net = svc.awsvpc;
      if (!net || net.securityGroups.length > 0) continue;
      ctx.report({
        at: net.securityGroupsSrc ?? net.src,
        resource: svc,
        messageId: 'noSecurityGroups',
        data: { service: showName(svc.name) },
      });
    }
  },
});

/**
 * ECS-003: `privileged: true` gives the container root on the host (all capabilities, all
 * devices). Fargate rejects it; on EC2 it is a host compromise waiting to happen.
 */
import { isTrue } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers } from './_helpers.js';

export default defineRule<'privileged'>({
  meta: {
    id: 'ECS-003',
    slug: 'ecs-no-privileged-containers',
    service: 'ecs',
    severity: 'critical',
    title: { en: 'Container runs privileged', ja: 'コンテナが特権モードで実行される' },
    rationale: {
      en: 'A privileged container gets every Linux capability and access to all host devices, so a compromise of the container is a compromise of the EC2 instance and of every task on it. Fargate and Windows containers do not support the flag at all.',
      ja: '特権コンテナはすべての Linux ケーパビリティとホストの全デバイスへのアクセスを持つため、コンテナの侵害は EC2 インスタンスとその上のすべてのタスクの侵害になります。Fargate と Windows コンテナはこのフラグ自体をサポートしていません。',
    },
    remediation: {
      en: 'Remove `privileged` (or set it to false) and add only the specific capability the workload needs under `linuxParameters.capabilities.add`.',
      ja: '`privileged` を削除（または false に）し、必要なケーパビリティだけを `linuxParameters.capabilities.add` に追加してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_334'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: { privileged: 'container {container} runs privileged: it has root on the host' },
      ja: { privileged: 'コンテナ {container} は特権モードで実行され、ホストの root 権限を持ちます' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      if (isTrue(c.privileged)) {
        ctx.report({
          at: c.privileged.src,
          resource: td,
          messageId: 'privileged',
          data: { container: containerName(c) },
        });
      }
    }
  },
});

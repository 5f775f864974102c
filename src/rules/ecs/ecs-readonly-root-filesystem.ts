/**
 * ECS-004: without `readonlyRootFilesystem: true` (docker `--read-only`) an attacker in the
 * container can drop tools and persist changes in the image layer. Linux only: Windows containers
 * do not support the flag.
 */
import { testVal } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers, isLinux } from './_helpers.js';

export default defineRule<'writable' | 'unset'>({
  meta: {
    id: 'ECS-004',
    slug: 'ecs-readonly-root-filesystem',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'Container root filesystem is writable',
      ja: 'コンテナのルートファイルシステムが書き込み可能',
    },
    rationale: {
      en: 'A writable root filesystem lets an intruder download tools, modify binaries and configuration, and hide changes inside the container. Setting `readonlyRootFilesystem` mounts it read-only (docker `--read-only`); the application then writes only to the volumes you declare.',
      ja: 'ルートファイルシステムが書き込み可能だと、侵入者はツールのダウンロードやバイナリ・設定の改ざんを行い、変更をコンテナ内に隠せます。`readonlyRootFilesystem` を設定すると読み取り専用でマウントされ（docker `--read-only`）、アプリケーションは宣言したボリュームにだけ書き込めます。',
    },
    remediation: {
      en: 'Set `readonlyRootFilesystem` to true and mount a volume (a name-only bind mount on Fargate) at each path the application must write, such as `/tmp`.',
      ja: '`readonlyRootFilesystem` を true にし、`/tmp` などアプリケーションが書き込む必要のあるパスにはボリューム（Fargate では名前だけのバインドマウント）をマウントしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_336'] }),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        writable:
          'container {container} sets readonlyRootFilesystem to false: its root filesystem is writable',
        unset:
          'container {container} does not set readonlyRootFilesystem (default false): its root filesystem is writable',
      },
      ja: {
        writable:
          'コンテナ {container} は readonlyRootFilesystem を false にしており、ルートファイルシステムが書き込み可能です',
        unset:
          'コンテナ {container} は readonlyRootFilesystem を設定しておらず（既定値 false）、ルートファイルシステムが書き込み可能です',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      const ro = c.readonlyRootFilesystem;
      if (!isLinux(td) || !testVal(ro, (v) => v !== true)) continue;
      ctx.report({
        at: ro.src,
        resource: td,
        messageId: ro.origin === 'default' ? 'unset' : 'writable',
        data: { container: containerName(c) },
      });
    }
  },
});

/**
 * ECS-007: a Linux container whose `user` is unset (the image's USER, root for most images), `0`,
 * `root`, or `0:<group>` / `root:<group>` runs as root. Windows containers do not support `user`.
 */
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers, isLinux } from './_helpers.js';

export default defineRule<'root' | 'unset'>({
  meta: {
    id: 'ECS-007',
    slug: 'ecs-non-root-user',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'Linux container runs as root',
      ja: 'Linux コンテナが root で実行される',
    },
    rationale: {
      en: "Root in a container is root on the host kernel: a kernel or runtime bug, a writable host mount or an added capability turns it into host root. With `user` unset the container runs as the image's USER, which is root for most images. AWS advises against UID 0, especially with the `host` network mode.",
      ja: 'コンテナ内の root はホストカーネル上の root です。カーネルやランタイムの脆弱性、書き込み可能なホストマウント、追加されたケーパビリティがあれば、ホストの root 権限につながります。`user` を設定しないとイメージの USER で実行され、多くのイメージでは root です。AWS は UID 0 の使用を、特に `host` ネットワークモードでは推奨していません。',
    },
    remediation: {
      en: 'Set `user` to a non-zero UID (for example "1000:1000") that owns the files the application needs, or set a non-root USER in the image and state it in the task definition.',
      ja: 'アプリケーションに必要なファイルを所有する 0 以外の UID（例: "1000:1000"）を `user` に設定するか、イメージで root 以外の USER を設定し、タスク定義にも明記してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        root: 'container {container} runs as root (user "{user}")',
        unset:
          "container {container} sets no user: it runs as the image's user, root unless the image says otherwise",
      },
      ja: {
        root: 'コンテナ {container} は root で実行されます（user "{user}"）',
        unset:
          'コンテナ {container} は user を設定しておらず、イメージのユーザー（指定がなければ root）で実行されます',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      if (!isLinux(td)) continue;
      const container = containerName(c);
      const user = c.user;
      if (user === undefined || (isKnown(user) && user.value.trim() === '')) {
        ctx.report({ at: user?.src ?? c.src, resource: td, messageId: 'unset', data: { container } });
      } else if (isKnown(user) && isRootUser(user.value)) {
        ctx.report({ at: user.src, resource: td, messageId: 'root', data: { container, user: user.value } });
      }
    }
  },
});

/** `0`, `root`, `0:<group>`, `root:<group>` (also `000`); a non-root user in group 0 is not root. */
export function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0] ?? '';
  return /^0+$/.test(name) || name === 'root';
}

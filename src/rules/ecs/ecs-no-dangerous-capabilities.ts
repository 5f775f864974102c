/**
 * ECS-005: `linuxParameters.capabilities.add` holding a capability that reaches past the container
 * (SYS_ADMIN, SYS_MODULE, BPF, ...: see `_shared/capabilities.ts` for the list and why), high, one
 * finding per capability. Separately, medium: a Linux container that does not drop ALL keeps Docker's
 * 14 default capabilities (NET_RAW among them), so it should drop ALL and add back what it needs.
 */
import { isKnown } from '../../model/source.js';
import { DANGEROUS_CAPABILITIES, normalizeCapability } from '../_shared/capabilities.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName, containers, isLinux } from './_helpers.js';

export default defineRule<'dangerous' | 'all' | 'noDropAll'>({
  meta: {
    id: 'ECS-005',
    slug: 'ecs-no-dangerous-capabilities',
    service: 'ecs',
    severity: 'high',
    title: {
      en: 'Container adds a dangerous Linux capability',
      ja: 'コンテナが危険な Linux ケーパビリティを追加している',
    },
    rationale: {
      en: "Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_RAWIO, BPF or SYS_PTRACE act on the host kernel or on other processes, and are the usual first step of a container escape; NET_ADMIN and NET_RAW allow traffic interception and spoofing. Docker's default set already has 14 capabilities, so a container that does not drop ALL keeps more than most applications need.",
      ja: 'SYS_ADMIN、SYS_MODULE、SYS_RAWIO、BPF、SYS_PTRACE などのケーパビリティはホストのカーネルや他のプロセスに作用し、コンテナエスケープの典型的な足がかりになります。NET_ADMIN と NET_RAW は通信の傍受やなりすましを可能にします。Docker の既定セットには既に 14 個のケーパビリティがあるため、ALL を削除しないコンテナは多くのアプリケーションに不要な権限を持ち続けます。',
    },
    remediation: {
      en: 'Remove the capability from `linuxParameters.capabilities.add`, set `drop` to `["ALL"]`, and add back only what the application needs (for example NET_BIND_SERVICE to bind a port below 1024).',
      ja: '`linuxParameters.capabilities.add` からそのケーパビリティを削除し、`drop` を `["ALL"]` にしたうえで、アプリケーションに必要なもの（例: 1024 未満のポートを使うための NET_BIND_SERVICE）だけを追加してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        dangerous: 'container {container} adds capability {capability}, which reaches beyond the container',
        all: 'container {container} adds ALL capabilities: it is close to privileged',
        noDropAll:
          "container {container} does not drop ALL capabilities: it keeps Docker's default set, including NET_RAW",
      },
      ja: {
        dangerous:
          'コンテナ {container} はコンテナの外に作用するケーパビリティ {capability} を追加しています',
        all: 'コンテナ {container} はすべてのケーパビリティ (ALL) を追加しており、特権コンテナに近い状態です',
        noDropAll:
          'コンテナ {container} は ALL を削除しておらず、NET_RAW を含む Docker の既定ケーパビリティを保持しています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const { td, c } of containers(state)) {
      if (!isLinux(td)) continue;
      const container = containerName(c);
      const lp = c.linuxParameters;
      for (const cap of lp?.capabilitiesAdd ?? []) {
        if (!isKnown(cap)) continue;
        const name = normalizeCapability(cap.value);
        if (!DANGEROUS_CAPABILITIES.has(name)) continue;
        ctx.report({
          at: cap.src,
          resource: td,
          messageId: name === 'ALL' ? 'all' : 'dangerous',
          data: { container, capability: name },
        });
      }
      const drop = lp?.capabilitiesDrop ?? [];
      if (drop.some((d) => !isKnown(d) || normalizeCapability(d.value) === 'ALL')) continue;
      ctx.report({
        at: lp?.capabilitiesDropSrc ?? lp?.capabilitiesSrc ?? c.src,
        resource: td,
        messageId: 'noDropAll',
        data: { container },
        severity: 'medium',
      });
    }
  },
});

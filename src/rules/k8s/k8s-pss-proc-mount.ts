/** K8S-110: Pod Security check `procMount` (baseline, v1.0+; relaxed for user-namespace pods from v1.35, replaced at restricted from v1.35 by procMount_restricted): /proc stays masked. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-110',
  slug: 'k8s-pss-proc-mount',
  check: 'procMount',
  title: { en: 'Unmasked /proc (Pod Security)', ja: '/proc のマスク解除（Pod Security）' },
  rationale: {
    en: "`procMount: Unmasked` turns off the runtime's masking and read-only remounting of sensitive `/proc` paths such as `/proc/kcore`, `/proc/sysrq-trigger` and `/proc/sys`, handing a compromised container kernel information and interfaces that can crash or reconfigure the node. Pod Security baseline forbids any value but `Default` from v1.0, and from v1.35 allows it for pods in a user namespace (`spec.hostUsers: false`). At restricted from v1.35, procMount_restricted (K8S-111) replaces this check and forbids the same values: hako reports them here at both levels, with this severity, and K8S-111 reports only the user-namespace pods this check exempts.",
    ja: '`procMount: Unmasked` は、`/proc/kcore`、`/proc/sysrq-trigger`、`/proc/sys` など機密性の高い `/proc` のパスに対するランタイムのマスクと読み取り専用での再マウントを無効にし、侵害されたコンテナにカーネルの情報と、ノードを停止・再設定できるインターフェースを渡してしまいます。Pod Security の baseline は v1.0 から `Default` 以外を禁止し、v1.35 からはユーザー名前空間の Pod（`spec.hostUsers: false`）では許可します。restricted では v1.35 から procMount_restricted（K8S-111）がこのチェックを置き換え、同じ値を禁止します。hako はそれらをどちらのレベルでもこのルールとこの重大度で報告し、K8S-111 はこのチェックが対象外とするユーザー名前空間の Pod だけを報告します。',
  },
  remediation: {
    en: 'Remove `securityContext.procMount` (or set it to `Default`) on every container, init container and ephemeral container; `Unmasked` is meant only for nested container runtimes in user-namespaced pods.',
    ja: 'すべてのコンテナ、init コンテナ、エフェメラルコンテナで `securityContext.procMount` を削除（または `Default` に）してください。`Unmasked` はユーザー名前空間の Pod で入れ子のコンテナランタイムを動かす場合のためのものです。',
  },
  references: ['https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/'],
  equivalents: noEquivalents({ kubeLinter: ['unsafe-proc-mount'], polaris: ['procMount'] }),
});

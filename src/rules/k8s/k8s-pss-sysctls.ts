/** K8S-118: Pod Security check `sysctls` (baseline, v1.0+, list extended in v1.27, v1.29, v1.32, v1.37): only safe sysctls. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-118',
  slug: 'k8s-pss-sysctls',
  check: 'sysctls',
  title: { en: 'Unsafe sysctl (Pod Security)', ja: '安全でない sysctl（Pod Security）' },
  rationale: {
    en: 'Sysctls outside the safe, namespaced set are either not isolated per pod, so setting them changes the kernel for every pod on the node (denial of service, weaker protections for the neighbours), or can switch off security mechanisms. The kubelet refuses them unless the node allows them (`--allowed-unsafe-sysctls`), but on a node group that does, any pod can set them. Pod Security baseline allows only the safe list: from v1.0 `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`, `net.ipv4.ping_group_range` and `net.ipv4.ip_unprivileged_port_start`, with additions in v1.27, v1.29, v1.32 and v1.37, so the same sysctl can be forbidden at an older version and allowed at a newer one.',
    ja: '安全で名前空間化された集合以外の sysctl は、Pod ごとに分離されておらずノード上の全 Pod のカーネル設定を変える（サービス妨害や隣接 Pod の保護の弱体化）か、セキュリティ機構を無効にできるものです。kubelet はノードで許可（`--allowed-unsafe-sysctls`）されていない限り拒否しますが、許可したノードグループではどの Pod でも設定できます。Pod Security の baseline は安全なリストだけを許可します。v1.0 では `kernel.shm_rmid_forced`、`net.ipv4.ip_local_port_range`、`net.ipv4.tcp_syncookies`、`net.ipv4.ping_group_range`、`net.ipv4.ip_unprivileged_port_start` で、v1.27、v1.29、v1.32、v1.37 で追加されたため、同じ sysctl が古いバージョンでは禁止、新しいバージョンでは許可となることがあります。',
  },
  remediation: {
    en: 'Remove every sysctl outside the safe set of your Kubernetes version from `spec.securityContext.sysctls`; set node-wide kernel parameters on the nodes (launch template user data or Bottlerocket settings) instead.',
    ja: '`spec.securityContext.sysctls` から、使う Kubernetes バージョンの安全な集合にない sysctl をすべて削除してください。ノード全体のカーネルパラメータはノード側（起動テンプレートのユーザーデータや Bottlerocket の設定）で設定してください。',
  },
  references: ['https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'],
  equivalents: noEquivalents({ kubeLinter: ['unsafe-sysctls'] }),
});

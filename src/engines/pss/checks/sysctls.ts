/**
 * sysctls (baseline, v1.0+, v1.27+, v1.29+, v1.32+, v1.37+) — upstream policy/check_sysctls.go.
 *
 * Sysctls can disable security mechanisms or affect every container on the node; only the
 * namespaced, isolated ("safe") subset is allowed. Field: spec.securityContext.sysctls[*].name.
 * Allowed names:
 *   v1.0  kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
 *         net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start
 *   v1.27 + net.ipv4.ip_local_reserved_ports
 *   v1.29 + net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
 *           net.ipv4.tcp_keepalive_probes
 *   v1.32 + net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
 *   v1.37 + net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat (merged upstream for
 *           the 1.37 release; not in any release up to 1.36)
 * Reason `forbidden sysctls`; detail: the forbidden names in pod order, comma-separated, not
 * de-duplicated.
 */
import { isObject, list, obj, str } from '../helpers.js';
import type { CheckDef, CheckFn, Forbidden, PodMeta, PodSpec } from '../types.js';
import { v1 } from '../version.js';

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = [...SYSCTLS_1_0, 'net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  ...SYSCTLS_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = [...SYSCTLS_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = [...SYSCTLS_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/** The allowed sysctl names by the policy minor version that introduced each list. */
export const SAFE_SYSCTLS: ReadonlyMap<number, ReadonlySet<string>> = new Map([
  [0, new Set(SYSCTLS_1_0)],
  [27, new Set(SYSCTLS_1_27)],
  [29, new Set(SYSCTLS_1_29)],
  [32, new Set(SYSCTLS_1_32)],
  [37, new Set(SYSCTLS_1_37)],
]);

function sysctlsWith(allowed: ReadonlySet<string>): CheckFn {
  return (_meta: PodMeta, spec: PodSpec): Forbidden | null => {
    const names: string[] = [];
    const paths: string[] = [];
    list(obj(spec.securityContext)?.sysctls).forEach((sysctl, i) => {
      const name = isObject(sysctl) ? str(sysctl.name) : '';
      if (!allowed.has(name)) {
        names.push(name);
        paths.push(`/spec/securityContext/sysctls/${i}/name`);
      }
    });
    if (names.length === 0) return null;
    return { reason: 'forbidden sysctls', detail: names.join(', '), paths };
  };
}

export const sysctls: CheckDef = {
  id: 'sysctls',
  level: 'baseline',
  versions: [...SAFE_SYSCTLS].map(([minor, allowed]) => ({
    minimumVersion: v1(minor),
    check: sysctlsWith(allowed),
  })),
};

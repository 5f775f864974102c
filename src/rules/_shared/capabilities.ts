/**
 * Linux capabilities that break container isolation when added (ECS-005, and the Kubernetes
 * capability rules). Criterion: the capability acts on the host kernel or on state outside the
 * container's namespaces (modules, raw devices, BPF, clock, audit, kernel log, reboot/kexec,
 * mounts, other processes' memory), or enables network attacks on neighbours (NET_RAW, NET_ADMIN).
 * Not listed: the rest of Docker's default set (CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
 * NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT, AUDIT_WRITE): their effect stays
 * within the container's bounding set. NET_RAW is in that default set too, but the catalogue names
 * it, and adding it on purpose still deserves the finding.
 */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_PTRACE',
  'DAC_READ_SEARCH',
  'BPF',
  'PERFMON',
  'NET_RAW',
  'SYS_BOOT',
  'SYS_TIME',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'SYSLOG',
  'AUDIT_CONTROL',
]);

/** `cap_sys_admin`, `CAP_SYS_ADMIN` and `SYS_ADMIN` all name the same capability (Docker accepts each). */
export function normalizeCapability(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, '');
}

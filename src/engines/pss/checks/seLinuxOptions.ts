/**
 * seLinuxOptions (baseline, v1.0+, v1.31+) — upstream policy/check_seLinuxOptions.go.
 *
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role is forbidden.
 * Fields: seLinuxOptions.{type,user,role} at spec.securityContext and on every container.
 * Allowed type: '' (or unset), `container_t`, `container_init_t`, `container_kvm_t`; from v1.31 also
 * `container_engine_t`. user and role: '' or unset. `level` is not restricted.
 * Reason `seLinuxOptions`; detail
 * `pod and container "a" set forbidden securityContext.seLinuxOptions: type "x"; user may not be set; role may not be set`
 * (types sorted and de-duplicated; each part present only when it applies).
 */
import {
  containersOf,
  containersPhrase,
  joinQuote,
  nameOf,
  obj,
  pluralize,
  sortedSet,
  str,
} from '../helpers.js';
import type { CheckDef, CheckFn, Forbidden, PodMeta, PodSpec, SELinuxOptions } from '../types.js';
import { v1 } from '../version.js';

export const SELINUX_TYPES_1_0: ReadonlySet<string> = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
]);
export const SELINUX_TYPES_1_31: ReadonlySet<string> = new Set([...SELINUX_TYPES_1_0, 'container_engine_t']);

function seLinuxOptionsWith(allowedTypes: ReadonlySet<string>): CheckFn {
  return (_meta: PodMeta, spec: PodSpec): Forbidden | null => {
    const setters: string[] = [];
    const badTypes: string[] = [];
    const paths: string[] = [];
    let setUser = false;
    let setRole = false;

    const valid = (opts: SELinuxOptions, path: string): boolean => {
      let ok = true;
      if (!allowedTypes.has(str(opts.type))) {
        ok = false;
        badTypes.push(str(opts.type));
        paths.push(`${path}/type`);
      }
      if (str(opts.user) !== '') {
        ok = false;
        setUser = true;
        paths.push(`${path}/user`);
      }
      if (str(opts.role) !== '') {
        ok = false;
        setRole = true;
        paths.push(`${path}/role`);
      }
      return ok;
    };

    const podOpts = obj(obj(spec.securityContext)?.seLinuxOptions);
    if (podOpts && !valid(podOpts, '/spec/securityContext/seLinuxOptions')) setters.push('pod');

    const names: string[] = [];
    for (const { container, path } of containersOf(spec)) {
      const opts = obj(obj(container.securityContext)?.seLinuxOptions);
      if (opts && !valid(opts, `${path}/securityContext/seLinuxOptions`)) names.push(nameOf(container));
    }
    if (names.length > 0) setters.push(containersPhrase(names));
    if (setters.length === 0) return null;

    const parts: string[] = [];
    const types = sortedSet(badTypes);
    if (types.length > 0) parts.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (setUser) parts.push('user may not be set');
    if (setRole) parts.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${parts.join('; ')}`,
      paths,
    };
  };
}

export const seLinuxOptions: CheckDef = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumVersion: v1(0), check: seLinuxOptionsWith(SELINUX_TYPES_1_0) },
    { minimumVersion: v1(31), check: seLinuxOptionsWith(SELINUX_TYPES_1_31) },
  ],
};

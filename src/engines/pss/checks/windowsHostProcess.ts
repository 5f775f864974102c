/**
 * windowsHostProcess (baseline, v1.0+) — upstream policy/check_windowsHostProcess.go.
 *
 * Windows HostProcess containers have full host access and must be disallowed.
 * Fields: securityContext.windowsOptions.hostProcess at spec.securityContext and on every container.
 * Allowed: false or unset. Reason `hostProcess`; detail
 * `pod and containers "a", "b" must not set securityContext.windowsOptions.hostProcess=true`.
 */
import { findBadSetters, obj } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

function windowsHostProcess_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const { setters, paths } = findBadSetters(spec, 'windowsOptions/hostProcess', (sc) =>
    obj(sc.windowsOptions)?.hostProcess === true ? 'true' : undefined,
  );
  if (setters.length === 0) return null;
  return {
    reason: 'hostProcess',
    detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    paths,
  };
}

export const windowsHostProcess: CheckDef = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: windowsHostProcess_1_0 }],
};

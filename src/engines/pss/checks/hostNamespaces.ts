/**
 * hostNamespaces (baseline, v1.0+) — upstream policy/check_hostNamespaces.go.
 *
 * Sharing the host's network, PID or IPC namespace must be disallowed.
 * Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC. Allowed: false or unset.
 * Reason `host namespaces`; detail: each offending field as `field=true`, in the order network,
 * PID, IPC, comma-separated (e.g. `hostNetwork=true, hostPID=true`, as real API-server rejections read).
 */
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const set = FIELDS.filter((field) => spec[field] === true);
  if (set.length === 0) return null;
  return {
    reason: 'host namespaces',
    detail: set.map((field) => `${field}=true`).join(', '),
    paths: set.map((field) => `/spec/${field}`),
  };
}

export const hostNamespaces: CheckDef = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: hostNamespaces_1_0 }],
};

/**
 * hostNamespaces (baseline, v1.0+) — upstream policy/check_hostNamespaces.go.
 *
 * Sharing the host's network, PID or IPC namespace must be disallowed.
 * Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC. Allowed: false or unset.
 * Reason `host namespaces`; detail: the offending field names, sorted, comma-separated
 * (e.g. `hostIPC, hostNetwork`).
 */
import { sortedSet } from '../helpers.js';
import type { CheckDef, Forbidden, PodSpec } from '../types.js';
import { v1 } from '../version.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces_1_0(_meta: unknown, spec: PodSpec): Forbidden | null {
  const set = FIELDS.filter((field) => spec[field] === true);
  if (set.length === 0) return null;
  return {
    reason: 'host namespaces',
    detail: sortedSet(set).join(', '),
    paths: set.map((field) => `/spec/${field}`),
  };
}

export const hostNamespaces: CheckDef = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: v1(0), check: hostNamespaces_1_0 }],
};

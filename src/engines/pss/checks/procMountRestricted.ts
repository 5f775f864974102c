/**
 * procMount_restricted (restricted, v1.35+) — upstream policy/check_procMount_restricted.go
 * (new in the 1.35 release).
 *
 * Restricted keeps requiring the default /proc masks even for user-namespace pods: from v1.35 it
 * runs the unconditional rule (unset or `Default` only) and overrides the baseline procMount check,
 * which relaxes for `hostUsers: false` at that version. Reason and detail as procMount.
 */
import type { CheckDef } from '../types.js';
import { v1 } from '../version.js';
import { procMountDefaultOnly } from './procMount.js';

export const procMountRestricted: CheckDef = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: v1(35), check: procMountDefaultOnly, overrides: ['procMount'] }],
};

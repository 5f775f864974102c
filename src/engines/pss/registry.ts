/**
 * The check registry, validated when this module loads, and the per-level, per-version check
 * tables built from it — upstream policy/registry.go (`NewEvaluator`, `validateChecks`, `populate`).
 *
 * - A policy version v runs, for each check, its revision with the highest minimumVersion <= v; a
 *   check whose first revision is newer than v does not run.
 * - Baseline runs the baseline checks. Restricted runs the baseline checks, minus those named in the
 *   `overrides` of a restricted revision in force at v, plus the restricted checks.
 * - Order: baseline IDs sorted, then restricted IDs sorted (upstream sorts for stable messages).
 * - The newest known version is the highest minimumVersion of any revision; a newer version, and
 *   `latest`, evaluate as it. An API-server version (upstream's emulation version) lowers that cap.
 */

import { allowPrivilegeEscalation } from './checks/allowPrivilegeEscalation.js';
import { appArmorProfile } from './checks/appArmorProfile.js';
import { capabilitiesBaseline } from './checks/capabilitiesBaseline.js';
import { capabilitiesRestricted } from './checks/capabilitiesRestricted.js';
import { hostNamespaces } from './checks/hostNamespaces.js';
import { hostPathVolumes } from './checks/hostPathVolumes.js';
import { hostPorts } from './checks/hostPorts.js';
import { hostProbesAndHostLifecycle } from './checks/hostProbesAndHostLifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount } from './checks/procMount.js';
import { procMountRestricted } from './checks/procMountRestricted.js';
import { restrictedVolumes } from './checks/restrictedVolumes.js';
import { runAsNonRoot } from './checks/runAsNonRoot.js';
import { runAsUser } from './checks/runAsUser.js';
import { seccompProfileBaseline } from './checks/seccompProfileBaseline.js';
import { seccompProfileRestricted } from './checks/seccompProfileRestricted.js';
import { seLinuxOptions } from './checks/seLinuxOptions.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windowsHostProcess.js';
import { compareGo } from './helpers.js';
import type { ActiveCheck, CheckDef, Level, PssVersion, VersionedCheck } from './types.js';
import { compareVersions, formatVersion, isPssVersion, v1 } from './version.js';

/**
 * Validates a check list as upstream `validateChecks` does, and a little more: unique IDs; level
 * baseline or restricted; at least one revision; well-formed, strictly increasing minimumVersions;
 * overrides only on restricted revisions, naming existing baseline checks. Throws on the first
 * problem.
 */
export function validateChecks(checks: readonly CheckDef[]): void {
  const levels = new Map<string, string>();
  for (const check of checks) {
    if (levels.has(check.id)) throw new Error(`multiple checks registered for ID ${check.id}`);
    levels.set(check.id, check.level);
    if (check.level !== 'baseline' && check.level !== 'restricted') {
      throw new Error(`check ${check.id}: invalid level ${String(check.level)}`);
    }
    if (check.versions.length === 0) throw new Error(`check ${check.id}: empty`);
    let previous: PssVersion | undefined;
    for (const revision of check.versions) {
      if (!isPssVersion(revision.minimumVersion))
        throw new Error(`check ${check.id}: undefined version found`);
      if (previous && compareVersions(previous, revision.minimumVersion) === 0) {
        throw new Error(`check ${check.id}: duplicate version ${formatVersion(revision.minimumVersion)}`);
      }
      if (previous && compareVersions(previous, revision.minimumVersion) > 0) {
        throw new Error(`check ${check.id}: versions must be strictly increasing`);
      }
      if (typeof revision.check !== 'function') throw new Error(`check ${check.id}: missing check function`);
      previous = revision.minimumVersion;
    }
  }
  for (const check of checks) {
    for (const revision of check.versions) {
      for (const target of revision.overrides ?? []) {
        if (check.level !== 'restricted')
          throw new Error(`check ${check.id}: only restricted checks may set overrides`);
        const level = levels.get(target);
        if (level === undefined) throw new Error(`check ${check.id}: overrides unknown check ${target}`);
        if (level !== 'baseline') throw new Error(`check ${check.id}: overrides ${level} check ${target}`);
      }
    }
  }
}

/** Every check, as upstream registers them. */
export const CHECKS: readonly CheckDef[] = Object.freeze([
  appArmorProfile,
  capabilitiesBaseline,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  seLinuxOptions,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  allowPrivilegeEscalation,
  capabilitiesRestricted,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
]);

validateChecks(CHECKS);

/** The newest policy version any check distinguishes: `latest`, and anything newer, evaluate as this. */
export const NEWEST_VERSION: PssVersion = CHECKS.map(
  (c) => c.versions[c.versions.length - 1]!.minimumVersion,
).reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));

/** The revision of a check in force at a version, if any. */
export function revisionAt(check: CheckDef, version: PssVersion): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const revision of check.versions) {
    if (compareVersions(revision.minimumVersion, version) <= 0) found = revision;
  }
  return found;
}

function byId(a: CheckDef, b: CheckDef): number {
  return compareGo(a.id, b.id);
}

const BASELINE = CHECKS.filter((c) => c.level === 'baseline').sort(byId);
const RESTRICTED = CHECKS.filter((c) => c.level === 'restricted').sort(byId);

function active(check: CheckDef, revision: VersionedCheck): ActiveCheck {
  return { id: check.id, level: check.level, minimumVersion: revision.minimumVersion, check: revision.check };
}

function build(level: 'baseline' | 'restricted', version: PssVersion): readonly ActiveCheck[] {
  const overridden = new Set<string>();
  const restricted: ActiveCheck[] = [];
  if (level === 'restricted') {
    for (const check of RESTRICTED) {
      const revision = revisionAt(check, version);
      if (!revision) continue;
      for (const id of revision.overrides ?? []) overridden.add(id);
      restricted.push(active(check, revision));
    }
  }
  const baseline: ActiveCheck[] = [];
  for (const check of BASELINE) {
    const revision = revisionAt(check, version);
    if (revision && !overridden.has(check.id)) baseline.push(active(check, revision));
  }
  return Object.freeze([...baseline, ...restricted]);
}

/** Precomputed tables, v1.0 .. NEWEST_VERSION, as upstream `populate`. */
const TABLES = {
  baseline: Array.from({ length: NEWEST_VERSION.minor + 1 }, (_, minor) => build('baseline', v1(minor))),
  restricted: Array.from({ length: NEWEST_VERSION.minor + 1 }, (_, minor) => build('restricted', v1(minor))),
};

export interface VersionOptions {
  /**
   * The Kubernetes minor of the API server being modelled (upstream's emulation version). When
   * older than NEWEST_VERSION it lowers the cap: `latest` and newer versions evaluate as it.
   */
  serverVersion?: PssVersion;
}

/** The version a request evaluates as: `latest` and too-new versions become the newest known. */
export function effectiveVersion(version: PssVersion | 'latest', options: VersionOptions = {}): PssVersion {
  let cap = NEWEST_VERSION;
  if (options.serverVersion && compareVersions(options.serverVersion, cap) < 0) cap = options.serverVersion;
  if (version === 'latest') return cap;
  if (!isPssVersion(version)) throw new RangeError(`invalid Pod Security version ${JSON.stringify(version)}`);
  return compareVersions(version, cap) > 0 ? cap : version;
}

/** The checks that run at a level and version, in upstream's order (none for privileged). */
export function checksFor(
  level: Level,
  version: PssVersion | 'latest',
  options: VersionOptions = {},
): readonly ActiveCheck[] {
  if (level === 'privileged') return [];
  const resolved = effectiveVersion(version, options);
  return TABLES[level][resolved.minor] ?? [];
}

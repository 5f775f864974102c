/**
 * The registry: every upstream check ID with its level, revisions and overrides (as listed in the
 * facts file, section C); validation at load; the per-level, per-version check lists and their
 * order; version parsing and clamping.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECKS,
  type CheckDef,
  checksFor,
  effectiveVersion,
  NEWEST_VERSION,
  namespacePolicy,
  parseVersion,
  parseVersionOrLatest,
  v1,
  validateChecks,
} from './index.js';

/** Upstream check ID → level, revision minor versions, overridden baseline check. */
const UPSTREAM: Record<string, { level: 'baseline' | 'restricted'; minors: number[]; overrides?: string }> = {
  appArmorProfile: { level: 'baseline', minors: [0] },
  capabilities_baseline: { level: 'baseline', minors: [0] },
  hostNamespaces: { level: 'baseline', minors: [0] },
  hostPathVolumes: { level: 'baseline', minors: [0] },
  hostPorts: { level: 'baseline', minors: [0] },
  hostProbesAndHostLifecycle: { level: 'baseline', minors: [34] },
  privileged: { level: 'baseline', minors: [0] },
  procMount: { level: 'baseline', minors: [0, 35] },
  seLinuxOptions: { level: 'baseline', minors: [0, 31] },
  seccompProfile_baseline: { level: 'baseline', minors: [0, 19] },
  sysctls: { level: 'baseline', minors: [0, 27, 29, 32, 37] },
  windowsHostProcess: { level: 'baseline', minors: [0] },
  allowPrivilegeEscalation: { level: 'restricted', minors: [8, 25] },
  capabilities_restricted: { level: 'restricted', minors: [22, 25], overrides: 'capabilities_baseline' },
  procMount_restricted: { level: 'restricted', minors: [35], overrides: 'procMount' },
  restrictedVolumes: { level: 'restricted', minors: [0], overrides: 'hostPathVolumes' },
  runAsNonRoot: { level: 'restricted', minors: [0, 35] },
  runAsUser: { level: 'restricted', minors: [23, 35] },
  seccompProfile_restricted: { level: 'restricted', minors: [19, 25], overrides: 'seccompProfile_baseline' },
};

const noop = () => null;

describe('registry', () => {
  it('holds exactly the upstream check IDs, levels, revisions and overrides', () => {
    expect(CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(UPSTREAM).sort());
    for (const check of CHECKS) {
      const want = UPSTREAM[check.id]!;
      expect(check.level, check.id).toBe(want.level);
      expect(
        check.versions.map((r) => r.minimumVersion),
        check.id,
      ).toEqual(want.minors.map(v1));
      for (const revision of check.versions)
        expect(revision.overrides ?? [], check.id).toEqual(want.overrides ? [want.overrides] : []);
    }
  });

  it('newest version is the highest revision (sysctls 1.37)', () => {
    expect(NEWEST_VERSION).toEqual(v1(37));
  });

  const bad: [string, CheckDef[], RegExp][] = [
    [
      'duplicate IDs',
      [
        { id: 'a', level: 'baseline', versions: [{ minimumVersion: v1(0), check: noop }] },
        { id: 'a', level: 'baseline', versions: [{ minimumVersion: v1(1), check: noop }] },
      ],
      /multiple checks registered for ID a/,
    ],
    [
      'privileged level',
      [{ id: 'a', level: 'privileged' as 'baseline', versions: [{ minimumVersion: v1(0), check: noop }] }],
      /invalid level/,
    ],
    ['no revisions', [{ id: 'a', level: 'baseline', versions: [] }], /empty/],
    [
      'decreasing versions',
      [
        {
          id: 'a',
          level: 'baseline',
          versions: [
            { minimumVersion: v1(5), check: noop },
            { minimumVersion: v1(3), check: noop },
          ],
        },
      ],
      /strictly increasing/,
    ],
    [
      'duplicate versions',
      [
        {
          id: 'a',
          level: 'baseline',
          versions: [
            { minimumVersion: v1(5), check: noop },
            { minimumVersion: v1(5), check: noop },
          ],
        },
      ],
      /duplicate version v1.5/,
    ],
    [
      'malformed version',
      [{ id: 'a', level: 'baseline', versions: [{ minimumVersion: { major: 1, minor: -1 }, check: noop }] }],
      /undefined version/,
    ],
    [
      'baseline override',
      [
        { id: 'a', level: 'baseline', versions: [{ minimumVersion: v1(0), check: noop, overrides: ['b'] }] },
        { id: 'b', level: 'baseline', versions: [{ minimumVersion: v1(0), check: noop }] },
      ],
      /only restricted checks may set overrides/,
    ],
    [
      'override of a restricted check',
      [
        {
          id: 'a',
          level: 'restricted',
          versions: [{ minimumVersion: v1(0), check: noop, overrides: ['b'] }],
        },
        { id: 'b', level: 'restricted', versions: [{ minimumVersion: v1(0), check: noop }] },
      ],
      /overrides restricted check b/,
    ],
    [
      'override of an unknown check',
      [
        {
          id: 'a',
          level: 'restricted',
          versions: [{ minimumVersion: v1(0), check: noop, overrides: ['zzz'] }],
        },
      ],
      /unknown check zzz/,
    ],
  ];
  for (const [name, checks, message] of bad) {
    it(`rejects ${name}`, () => expect(() => validateChecks(checks)).toThrow(message));
  }
  it('accepts the real registry', () => expect(() => validateChecks(CHECKS)).not.toThrow());
});

describe('checksFor', () => {
  const ids = (level: 'baseline' | 'restricted', minor: number) =>
    checksFor(level, v1(minor)).map((c) => c.id);

  it('privileged has no checks', () => expect(checksFor('privileged', 'latest')).toEqual([]));

  it('orders baseline IDs sorted, then restricted IDs sorted (upstream message order)', () => {
    expect(ids('restricted', 37)).toEqual([
      'appArmorProfile',
      'hostNamespaces',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'seLinuxOptions',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  it('baseline v1.0 and v1.34', () => {
    const v10 = [
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
    ];
    expect(ids('baseline', 0)).toEqual(v10);
    expect(ids('baseline', 33)).toEqual(v10);
    expect(ids('baseline', 34)).toEqual([...v10.slice(0, 5), 'hostProbesAndHostLifecycle', ...v10.slice(5)]);
  });

  it('restricted before 1.8 keeps every non-overridden baseline check', () => {
    expect(ids('restricted', 0)).toEqual([
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
      'restrictedVolumes',
      'runAsNonRoot',
    ]);
  });

  it('overrides take effect with the restricted revision', () => {
    expect(ids('restricted', 18)).toContain('seccompProfile_baseline');
    expect(ids('restricted', 19)).not.toContain('seccompProfile_baseline');
    expect(ids('restricted', 21)).toContain('capabilities_baseline');
    expect(ids('restricted', 22)).not.toContain('capabilities_baseline');
    expect(ids('restricted', 34)).toContain('procMount');
    expect(ids('restricted', 35)).not.toContain('procMount');
    expect(ids('restricted', 35)).toContain('procMount_restricted');
    expect(ids('restricted', 22)).toContain('runAsNonRoot');
    expect(ids('restricted', 22)).not.toContain('runAsUser');
    expect(ids('restricted', 23)).toContain('runAsUser');
  });

  it('picks the revision in force', () => {
    const sysctls = (minor: number) =>
      checksFor('baseline', v1(minor)).find((c) => c.id === 'sysctls')?.minimumVersion.minor;
    expect([0, 26, 27, 28, 29, 31, 32, 36, 37, 99].map(sysctls)).toEqual([
      0, 0, 27, 27, 29, 29, 32, 32, 37, 37,
    ]);
  });
});

describe('versions', () => {
  it('parses v1.N, 1.N and latest as upstream ParseVersion (plus the bare form)', () => {
    expect(parseVersionOrLatest('v1.30')).toEqual(v1(30));
    expect(parseVersionOrLatest('1.30')).toEqual(v1(30));
    expect(parseVersionOrLatest('v1.0')).toEqual(v1(0));
    expect(parseVersionOrLatest('latest')).toBe('latest');
    for (const bad of ['v1.030', 'v2.0', 'v1', '1.3.0', 'v1.x', '', 'LATEST', 'v1.-1'])
      expect(parseVersionOrLatest(bad), bad).toBeUndefined();
  });

  it('clamps latest and too-new versions to the newest known', () => {
    expect(parseVersion('latest')).toEqual(NEWEST_VERSION);
    expect(parseVersion('v1.99')).toEqual(NEWEST_VERSION);
    expect(parseVersion('v1.30')).toEqual(v1(30));
    expect(() => parseVersion('v2.1')).toThrow(RangeError);
  });

  it('an API-server version lowers the cap, as upstream emulation does', () => {
    expect(effectiveVersion('latest', { serverVersion: v1(35) })).toEqual(v1(35));
    expect(effectiveVersion(v1(37), { serverVersion: v1(33) })).toEqual(v1(33));
    expect(effectiveVersion(v1(30), { serverVersion: v1(33) })).toEqual(v1(30));
    expect(effectiveVersion('latest', { serverVersion: v1(50) })).toEqual(NEWEST_VERSION);
    expect(() => effectiveVersion({ major: 2, minor: 0 } as unknown as ReturnType<typeof v1>)).toThrow(
      RangeError,
    );
  });
});

describe('namespacePolicy (enforce labels, default AdmissionConfiguration)', () => {
  it('no labels: privileged at latest', () => {
    expect(namespacePolicy(undefined)).toEqual({ level: 'privileged', version: 'latest', errors: [] });
    expect(namespacePolicy({})).toEqual({ level: 'privileged', version: 'latest', errors: [] });
  });
  it('reads level and version', () => {
    expect(
      namespacePolicy({
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.29',
      }),
    ).toEqual({ level: 'baseline', version: v1(29), errors: [] });
  });
  it('falls back to restricted / latest on bad labels', () => {
    const p = namespacePolicy({
      'pod-security.kubernetes.io/enforce': 'strict',
      'pod-security.kubernetes.io/enforce-version': '1.29',
    });
    expect(p.level).toBe('restricted');
    expect(p.version).toBe('latest');
    expect(p.errors).toHaveLength(2);
  });
});

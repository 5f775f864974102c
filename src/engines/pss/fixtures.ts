/**
 * Golden fixtures for the PSS engine, generated as upstream's are: a minimal pod that is valid at
 * restricted for every version, plus one tweak. Each tweak states which check IDs it trips at each
 * level and policy minor version. Those expectations are written from the facts table
 * (/work/shared/domain/aws-container-facts.md, section C) and never read the engine's registry, so
 * a golden test compares two independent statements of the same rules. The tweak tables live in
 * golden-baseline.test.ts and golden-restricted.test.ts; `runGolden` evaluates one table.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePod } from './evaluate.js';
import type { Container, PodInput, PodSpec, SecurityContext } from './types.js';

export type TestLevel = 'baseline' | 'restricted';
/** Check IDs a pod trips at a level and policy minor version (any order). */
export type Expectation = (level: TestLevel, minor: number) => string[];

export interface Tweak {
  name: string;
  apply: (pod: PodInput) => void;
  expect: Expectation;
}

/** Minor versions covered: v1.0 up to two past the newest upstream revision (sysctls, 1.37). */
export const MINORS: readonly number[] = Array.from({ length: 40 }, (_, minor) => minor);
export const NEWEST_MINOR = 37;
export const LEVELS: readonly TestLevel[] = ['baseline', 'restricted'];

export function restrictedContainer(name: string): Container {
  return { name, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
}

/** Valid at baseline and restricted for every policy version. */
export function minimalRestrictedPod(): PodInput {
  return {
    metadata: { name: 'pod', annotations: {} },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [restrictedContainer('init')],
      containers: [restrictedContainer('app')],
    },
  };
}

// ---- accessors the tweaks use ----------------------------------------------------------------

function nth(list: Container[] | undefined, i: number): Container {
  const c = list?.[i];
  if (!c) throw new Error('fixture container missing');
  return c;
}
/** The regular container `app`. */
export const app = (p: PodInput): Container => nth(p.spec.containers, 0);
/** The init container `init`. */
export const init = (p: PodInput): Container => nth(p.spec.initContainers, 0);
/** A container's securityContext, created when absent. */
export function sc(c: Container): SecurityContext {
  c.securityContext ??= {};
  return c.securityContext;
}
/** The pod's securityContext, created when absent. */
export function podSc(p: PodInput): NonNullable<PodSpec['securityContext']> {
  p.spec.securityContext ??= {};
  return p.spec.securityContext;
}
export function annotate(p: PodInput, key: string, value: string): void {
  p.metadata ??= {};
  p.metadata.annotations = { ...p.metadata.annotations, [key]: value };
}
/** Adds an ephemeral container `debug` that is valid at restricted, then lets the tweak spoil it. */
export function ephemeral(p: PodInput, spoil: (c: Container) => void = () => {}): void {
  const c = restrictedContainer('debug');
  spoil(c);
  p.spec.ephemeralContainers = [...(p.spec.ephemeralContainers ?? []), c];
}
export function addVolume(p: PodInput, volume: Record<string, unknown>): void {
  p.spec.volumes = [...(p.spec.volumes ?? []), { name: 'vol', ...volume }];
}

// ---- expectation builders -------------------------------------------------------------------

export const none: Expectation = () => [];
/** A baseline check in [from, until), at both levels. */
export const baseline =
  (id: string, from = 0, until = Number.POSITIVE_INFINITY): Expectation =>
  (_level, minor) =>
    minor >= from && minor < until ? [id] : [];
/** A restricted check in [from, until); nothing at baseline. */
export const restricted =
  (id: string, from = 0, until = Number.POSITIVE_INFINITY): Expectation =>
  (level, minor) =>
    level === 'restricted' && minor >= from && minor < until ? [id] : [];
/** Different expectations per level. */
export const byLevel =
  (atBaseline: Expectation, atRestricted: Expectation): Expectation =>
  (level, minor) =>
    level === 'baseline' ? atBaseline(level, minor) : atRestricted(level, minor);
/** The union of several expectations. */
export const all =
  (...parts: Expectation[]): Expectation =>
  (level, minor) =>
    parts.flatMap((part) => part(level, minor));

/** A capability baseline forbids: at restricted, capabilities_restricted takes over from 1.22. */
export const nonDefaultCapability = byLevel(
  baseline('capabilities_baseline'),
  all(restricted('capabilities_baseline', 0, 22), restricted('capabilities_restricted', 22)),
);
/** A bad seccomp type: baseline reads fields from 1.19; restricted's own check overrides from 1.19. */
export const badSeccompType = byLevel(
  baseline('seccompProfile_baseline', 19),
  restricted('seccompProfile_restricted', 19),
);
/** A bad seccomp annotation: read only before 1.19, by the baseline check at both levels. */
export const badSeccompAnnotation = baseline('seccompProfile_baseline', 0, 19);
/** Unmasked /proc: the baseline check, replaced at restricted from 1.35 by procMount_restricted. */
export const unmasked = byLevel(
  baseline('procMount'),
  all(restricted('procMount', 0, 35), restricted('procMount_restricted', 35)),
);

/** Collects tweaks: `add(name, apply, expect)`. */
export function tweakTable(
  fill: (add: (name: string, apply: (p: PodInput) => void, expect: Expectation) => void) => void,
): Tweak[] {
  const table: Tweak[] = [];
  fill((name, apply, expect) => table.push({ name, apply, expect }));
  return table;
}

/** A fresh pod with one tweak applied. */
export function tweakedPod(tweak: Tweak): PodInput {
  const pod = minimalRestrictedPod();
  tweak.apply(pod);
  return pod;
}

function resolves(pod: PodInput, pointer: string): boolean {
  let node: unknown = pod;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(token in node)) return false;
    node = (node as Record<string, unknown>)[token];
  }
  return true;
}

/** A violation path's deepest ancestor present in the pod is at least `/spec/x` or `/metadata/x`. */
function anchored(pod: PodInput, pointer: string): boolean {
  const parts = pointer.split('/');
  for (let n = parts.length; n >= 3; n--) if (resolves(pod, parts.slice(0, n).join('/'))) return true;
  return false;
}

/**
 * One test per tweak and level: for every minor version the tweaked pod trips exactly the expected
 * check IDs, `allowed` agrees, every violation has paths anchored in the pod, and `latest` and
 * too-new versions behave as the newest; `privileged` always allows.
 */
export function runGolden(title: string, table: readonly Tweak[]): void {
  describe(title, () => {
    it('has unique tweak names', () => expect(new Set(table.map((t) => t.name)).size).toBe(table.length));
    for (const tweak of table) {
      for (const level of LEVELS) {
        it(`${level}: ${tweak.name}`, () => {
          const actual: Record<string, string[]> = {};
          const expected: Record<string, string[]> = {};
          for (const minor of MINORS) {
            const pod = tweakedPod(tweak);
            const result = evaluatePod(level, { major: 1, minor }, pod);
            const ids = result.violations.map((v) => v.check);
            actual[`v1.${minor}`] = [...ids].sort();
            expected[`v1.${minor}`] = [...tweak.expect(level, minor)].sort();
            expect(result.allowed).toBe(ids.length === 0);
            for (const violation of result.violations) {
              expect(violation.paths.length, `${violation.check} has paths`).toBeGreaterThan(0);
              for (const path of violation.paths) expect(anchored(pod, path), path).toBe(true);
            }
          }
          expect(actual).toEqual(expected);
          const latest = evaluatePod(level, 'latest', tweakedPod(tweak)).violations.map((v) => v.check);
          expect(latest.sort()).toEqual([...tweak.expect(level, NEWEST_MINOR)].sort());
        });
      }
      it(`privileged: ${tweak.name}`, () => {
        expect(evaluatePod('privileged', 'latest', tweakedPod(tweak))).toEqual({
          allowed: true,
          violations: [],
        });
      });
    }
  });
}

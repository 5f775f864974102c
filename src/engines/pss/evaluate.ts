/**
 * Evaluating a pod: what Pod Security Admission decides for it at a level and version.
 *
 * Input is the manifest's pod (or pod template) JSON. Before the checks run, the one piece of
 * API-server defaulting that changes a decision is applied, because admission sees defaulted
 * objects: a volume with no source becomes `emptyDir` (SetDefaults_Volume). The input is not
 * mutated.
 */
import { isObject, list, withContainers } from './helpers.js';
import { checksFor, effectiveVersion, type VersionOptions } from './registry.js';
import type {
  CheckFn,
  CheckResult,
  Forbidden,
  Level,
  PodInput,
  PodMeta,
  PodSpec,
  PssVersion,
  Violation,
} from './types.js';
import { formatVersion, parseVersionOrLatest } from './version.js';

export type EvaluateOptions = VersionOptions;

/** The pod spec as the API server stores it (only the defaulting that matters to the checks). */
export function withServerDefaults(spec: PodSpec): PodSpec {
  if (!Array.isArray(spec.volumes)) return spec;
  const volumes = list(spec.volumes).map((volume) => {
    if (!isObject(volume)) return volume;
    const hasSource = Object.entries(volume).some(
      ([key, value]) => key !== 'name' && value !== undefined && value !== null,
    );
    return hasSource ? volume : { ...volume, emptyDir: {} };
  });
  return { ...spec, volumes };
}

/**
 * One pod evaluated at any number of levels and versions, each check revision run at most once:
 * a baseline check that restricted does not replace runs the same function at both levels, so
 * asking for baseline after restricted (or the reverse) costs only the checks not run yet. The
 * pod's metadata and defaulted spec are read once, when this is built; the input is not mutated
 * and must not be mutated while this is in use.
 */
export class PodEvaluation {
  readonly meta: PodMeta;
  /** The pod spec after API-server defaulting (see withServerDefaults). */
  readonly spec: PodSpec;
  private readonly ran = new Map<CheckFn, Forbidden | null>();

  constructor(pod: PodInput) {
    this.meta = isObject(pod.metadata) ? pod.metadata : {};
    this.spec = withServerDefaults(isObject(pod.spec) ? pod.spec : {});
  }

  /** What evaluatePod gives at this level and version. */
  evaluate(level: Level, version: PssVersion | 'latest', options: EvaluateOptions = {}): CheckResult {
    const checks = checksFor(level, version, options);
    if (checks.length === 0) return { allowed: true, violations: [] };
    return withContainers(this.spec, () => {
      const violations: Violation[] = [];
      for (const { id, check } of checks) {
        let forbidden = this.ran.get(check);
        if (forbidden === undefined) {
          forbidden = check(this.meta, this.spec);
          this.ran.set(check, forbidden);
        }
        if (forbidden) violations.push({ check: id, ...forbidden });
      }
      return { allowed: violations.length === 0, violations };
    });
  }
}

/** Evaluates a pod at a level and version; `allowed` is false when any check forbids it. */
export function evaluatePod(
  level: Level,
  version: PssVersion | 'latest',
  pod: PodInput,
  options: EvaluateOptions = {},
): CheckResult {
  if (checksFor(level, version, options).length === 0) return { allowed: true, violations: [] };
  return new PodEvaluation(pod).evaluate(level, version, options);
}

/**
 * Parses `v1.N`, `1.N` or `latest` and resolves it to the version it evaluates as (`latest` and
 * versions newer than the newest known become the newest known). Throws a RangeError otherwise.
 */
export function parseVersion(text: string, options: VersionOptions = {}): PssVersion {
  const parsed = parseVersionOrLatest(text);
  if (parsed === undefined)
    throw new RangeError(`invalid Pod Security version ${JSON.stringify(text)}: must be "latest" or "v1.x"`);
  return effectiveVersion(parsed, options);
}

/**
 * The kubectl / API-server message tail for a result, as upstream `AggregateCheckResults`:
 * `reason (detail), reason (detail)`. Used after `violates PodSecurity "restricted:v1.30": `.
 */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => (v.detail === '' ? v.reason : `${v.reason} (${v.detail})`)).join(', ');
}

export const ENFORCE_LEVEL_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

export interface NamespacePolicy {
  level: Level;
  version: PssVersion | 'latest';
  /** Label problems; upstream falls back to `restricted` / `latest` for the bad label. */
  errors: string[];
}

/**
 * The enforce policy of a namespace from its labels, as upstream `api.PolicyToEvaluate` with the
 * default AdmissionConfiguration: no label means `privileged` at `latest`; an invalid level label
 * enforces `restricted`, an invalid version label `latest`. Version labels must be `v1.N` or `latest`.
 */
export function namespacePolicy(labels: Record<string, string> | undefined): NamespacePolicy {
  const errors: string[] = [];
  let level: Level = 'privileged';
  let version: PssVersion | 'latest' = 'latest';
  const levelLabel = labels?.[ENFORCE_LEVEL_LABEL];
  if (levelLabel !== undefined) {
    if (levelLabel === 'privileged' || levelLabel === 'baseline' || levelLabel === 'restricted')
      level = levelLabel;
    else {
      level = 'restricted';
      errors.push(`${ENFORCE_LEVEL_LABEL}: must be one of privileged, baseline, restricted`);
    }
  }
  const versionLabel = labels?.[ENFORCE_VERSION_LABEL];
  if (versionLabel !== undefined) {
    const parsed = /^v1\.([0-9]|[1-9][0-9]*)$|^latest$/.test(versionLabel)
      ? parseVersionOrLatest(versionLabel)
      : undefined;
    if (parsed === undefined) errors.push(`${ENFORCE_VERSION_LABEL}: must be "latest" or "v1.x"`);
    else version = parsed;
  }
  return { level, version, errors };
}

/** `restricted:v1.30`, as upstream prints a LevelVersion. */
export function formatLevelVersion(level: Level, version: PssVersion | 'latest'): string {
  return `${level}:${formatVersion(version)}`;
}

/**
 * The bridge between workloads and the PSS engine: the plain pod the engine reads, engine results
 * cached per workload/level/version (19 rules ask for the same evaluation), violation paths mapped
 * back to source locations, and the factory behind the per-check rules K8S-101..K8S-119.
 */
import {
  CHECKS,
  type CheckDef,
  type Level,
  PodEvaluation,
  type PodInput,
  type PodSpec,
  type PssVersion,
  parseVersion,
  revisionAt,
  type Violation,
} from '../../engines/pss/index.js';
import type { Workload } from '../../model/k8s/workload.js';
import type { Src } from '../../model/source.js';
import type { Note } from '../../notes.js';
import { defineRule, type Equivalents, type Lang, type Related, type Rule } from '../types.js';
import { nameLabel, objectLabel } from './_objects.js';

export interface LocatedViolation extends Violation {
  srcs: Src[];
}

/** Source of a violation path (rooted at the pod object `{metadata, spec}`). */
export function violationSrc(w: Workload, path: string): Src {
  if (path.startsWith('/spec')) return w.srcAt(path.slice('/spec'.length));
  const m = /^\/metadata\/annotations\/(.+)$/.exec(path);
  if (m?.[1]) {
    const key = m[1].replace(/~1/g, '/').replace(/~0/g, '~');
    return w.podMeta.annotations.get(key)?.src ?? w.podMeta.src;
  }
  return w.podMeta.src;
}

/**
 * Everything evaluated of one workload's pod, shared by every rule of a scan (19 PSS rules, the
 * namespace rule and the webhook ask for the same evaluation): the engine's per-pod evaluation
 * (each check revision run once, whatever the levels asked), the violations per level and
 * version, and the parts per target and version. Keyed by the workload, so it goes with the model.
 */
interface WorkloadPss {
  pod: PodInput;
  evaluation: PodEvaluation;
  /** By `level:version`. */
  violations: Map<string, LocatedViolation[]>;
  /** By `target:version`, then by check: only the checks with parts. */
  parts: Map<string, Map<string, PssPart[]>>;
}

const cache = new WeakMap<Workload, WorkloadPss>();

function pssOf(w: Workload): WorkloadPss {
  let found = cache.get(w);
  if (!found) {
    const pod = w.podInput();
    found = { pod, evaluation: new PodEvaluation(pod), violations: new Map(), parts: new Map() };
    cache.set(w, found);
  }
  return found;
}

const versions = new Map<string, PssVersion>();

/** parseVersion, once per version text (it throws on an invalid one, every time). */
function resolvedVersion(version: string): PssVersion {
  let found = versions.get(version);
  if (!found) {
    found = parseVersion(version);
    versions.set(version, found);
  }
  return found;
}

/** A violation with the locations of its fields, found when first read. */
function locate(w: Workload, v: Violation): LocatedViolation {
  let srcs: Src[] | undefined;
  return {
    ...v,
    get srcs(): Src[] {
      srcs ??= dedupe((v.paths.length > 0 ? v.paths : ['/spec']).map((p) => violationSrc(w, p)));
      return srcs;
    },
  };
}

/** PSS violations of a workload at a level and version, each with the locations of its fields. */
export function pssViolations(w: Workload, level: Level, version: string): LocatedViolation[] {
  const resolved = resolvedVersion(version);
  if (level === 'privileged') return [];
  const pss = pssOf(w);
  const key = `${level}:${version}`;
  let hit = pss.violations.get(key);
  if (!hit) {
    hit = pss.evaluation.evaluate(level, resolved).violations.map((v) => locate(w, v));
    pss.violations.set(key, hit);
  }
  return hit;
}

function srcKey(s: Src): string {
  return `${s.startLine}:${s.startColumn}:${s.endLine}:${s.endColumn}`;
}

function dedupe(srcs: Src[]): Src[] {
  const seen = new Set<string>();
  return srcs.filter((s) => !seen.has(srcKey(s)) && Boolean(seen.add(srcKey(s))));
}

function dedupeLocated<T extends { src: Src }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(srcKey(i.src)) && Boolean(seen.add(srcKey(i.src))));
}

export interface PssRuleDef {
  id: string;
  slug: string;
  /** Upstream check ID. */
  check: string;
  title: Record<Lang, string>;
  rationale: Record<Lang, string>;
  remediation: Record<Lang, string>;
  references: string[];
  equivalents: Equivalents;
}

const PSS_REFERENCE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** The finding messages: the upstream wording per container or pod, and the capability checks' own. */
type PssMessage = 'violation' | 'added' | 'notDropped';

const VIOLATION: Record<Lang, string> = {
  en: '{kind} {name} violates Pod Security {level} ({check}): {reason} ({detail})',
  ja: '{kind} {name} は Pod Security {level} に違反しています（{check}）: {reason}（{detail}）',
};

const CAPABILITY_MESSAGES: Record<string, Record<Lang, Partial<Record<PssMessage, string>>>> = {
  capabilities_baseline: {
    en: {
      added:
        '{kind} {name} container {container}: adds {capabilities}, beyond the default capabilities Pod Security baseline allows ({check})',
    },
    ja: {
      added:
        '{kind} {name} のコンテナ {container}: ケーパビリティ {capabilities} が追加されています。Pod Security baseline が許すデフォルトの集合を超えています（{check}）',
    },
  },
  capabilities_restricted: {
    en: {
      added:
        '{kind} {name} container {container}: adds {capabilities} back; Pod Security restricted allows adding back only NET_BIND_SERVICE ({check})',
      notDropped:
        '{kind} {name} container {container}: capabilities not dropped; Pod Security restricted requires securityContext.capabilities.drop: ["ALL"] ({check})',
    },
    ja: {
      added:
        '{kind} {name} のコンテナ {container}: ケーパビリティ {capabilities} が追加されています。Pod Security restricted で戻してよいのは NET_BIND_SERVICE だけです（{check}）',
      notDropped:
        '{kind} {name} のコンテナ {container}: ケーパビリティが削除されていません。Pod Security restricted は securityContext.capabilities.drop: ["ALL"] を求めます（{check}）',
    },
  },
};

/**
 * A rule that reports one upstream PSS check at the scan's target level and version: baseline
 * checks are high, restricted-only checks medium. One finding per container (or pod) and problem,
 * at the first offending field, with the other fields of that problem in `related`.
 *
 * At restricted, a restricted check that replaces a baseline one (upstream `overrides`:
 * capabilities, volumes, seccomp, procMount) still forbids everything the baseline check forbids.
 * Those violations stay with the baseline rule, with its severity and wording, so a pod gets the
 * same finding at both levels; the restricted rule reports only what restricted adds.
 */
export function pssCheckRule(def: PssRuleDef): Rule<string> {
  const level = checkLevel(def.check);
  const extra = CAPABILITY_MESSAGES[def.check];
  const messages: Record<Lang, Record<string, string>> = {
    en: { violation: VIOLATION.en, ...extra?.en },
    ja: { violation: VIOLATION.ja, ...extra?.ja },
  };
  return defineRule<string>({
    meta: {
      id: def.id,
      slug: def.slug,
      service: 'k8s',
      severity: level === 'baseline' ? 'high' : 'medium',
      title: def.title,
      rationale: def.rationale,
      remediation: def.remediation,
      references: [PSS_REFERENCE, ...def.references],
      equivalents: def.equivalents,
      inputs: ['kubernetes'],
      messages,
      since: '0.1.0',
    },
    check(state, ctx) {
      if (level === 'restricted' && ctx.pss.level === 'baseline') return;
      for (const w of state.k8s.workloads) {
        const parts = partsOf(w, ctx.pss.level, ctx.pss.version).get(def.check);
        if (!parts) continue;
        for (const part of parts) {
          const messageId: PssMessage =
            part.problem === 'added' ? 'added' : part.problem === 'notDropped' ? 'notDropped' : 'violation';
          const located = dedupeLocated(
            (part.paths.length > 0 ? part.paths : ['/spec']).map((path) => ({
              path,
              src: violationSrc(w, path),
            })),
          );
          const [first, ...others] = located;
          if (!first) continue;
          const data: Record<string, string> = {
            kind: w.kind,
            name: objectLabel(w),
            level,
            check: def.check,
            reason: part.reason,
            detail: part.detail,
          };
          if (part.container !== undefined) data.container = nameLabel(part.container);
          if (part.capabilities !== undefined) data.capabilities = part.capabilities.join(', ');
          const related: Related[] = others.map(({ path, src }) => ({ src, ...alsoNote(part.spec, path) }));
          ctx.report({
            at: first.src,
            resource: w,
            messageId,
            data,
            ...(related.length > 0 ? { related } : {}),
          });
        }
      }
    },
  });
}

/** One finding's worth of a violation: a problem of one container, or of the pod. */
export interface PssPart {
  check: string;
  reason: string;
  detail: string;
  /** `violation`: the upstream wording; `added` / `notDropped`: the capability checks' own. */
  problem: 'violation' | 'added' | 'notDropped';
  /** JSON pointers (rooted at the pod object) of the offending fields, the first one reported. */
  paths: string[];
  container?: string;
  /** The added capabilities of an `added` part, in document order. */
  capabilities?: string[];
  /** The pod spec the paths point into (after API-server defaulting). */
  spec: PodSpec;
}

const CONTAINER_PATH = /^\/spec\/(initContainers|containers|ephemeralContainers)\/(\d+)/;

const NO_PARTS: ReadonlyMap<string, PssPart[]> = new Map();

/**
 * The parts of every check a workload violates at a target, by check, computed once per workload,
 * target and version: only the checks with a violation at the target (or, at restricted, at
 * baseline: a replaced baseline check) can have parts.
 */
function partsOf(w: Workload, target: Level, version: string): ReadonlyMap<string, PssPart[]> {
  if (target === 'privileged') {
    resolvedVersion(version);
    return NO_PARTS;
  }
  const pss = pssOf(w);
  const key = `${target}:${version}`;
  let table = pss.parts.get(key);
  if (!table) {
    table = new Map();
    const checks = new Set(pssViolations(w, target, version).map((v) => v.check));
    if (target === 'restricted' && checks.size > 0)
      for (const v of pssViolations(w, 'baseline', version)) checks.add(v.check);
    for (const check of checks) {
      const parts = partsOfCheck(w, pss, check, target, version);
      if (parts.length > 0) table.set(check, parts);
    }
    pss.parts.set(key, table);
  }
  return table;
}

/**
 * The parts of a workload's violation of one check at a target: its paths at that level (the
 * baseline paths a restricted replacement also reports belong to the baseline check), grouped by
 * container or pod and, for capabilities, by problem (`drop` missing, capabilities added).
 */
export function pssParts(w: Workload, check: string, target: Level, version: string): PssPart[] {
  return partsOf(w, target, version).get(check) ?? [];
}

function partsOfCheck(
  w: Workload,
  pss: WorkloadPss,
  check: string,
  target: Level,
  version: string,
): PssPart[] {
  const found = ownPaths(w, check, target, version);
  if (!found) return [];
  const { violation, paths } = found;
  const { pod } = pss;
  const spec = pss.evaluation.spec;
  if (paths.length === 0) return [{ ...base(violation, spec), paths: [] }];

  const groups = new Map<
    string,
    { owner: string; problem: 'added' | 'notDropped' | undefined; paths: string[] }
  >();
  for (const p of paths) {
    const owner = CONTAINER_PATH.exec(p)?.[0] ?? 'pod';
    const problem = capabilityProblem(check, p);
    const key = problem ? `${owner} ${problem}` : owner;
    const group = groups.get(key);
    if (group) group.paths.push(p);
    else groups.set(key, { owner, problem, paths: [p] });
  }
  const parts: PssPart[] = [];
  for (const { owner, problem, paths: group } of groups.values()) {
    const container = owner === 'pod' ? undefined : containerAt(spec, owner);
    if (problem) {
      const caps = group.map((p) => String(valueAt(spec, p.slice('/spec'.length)) ?? ''));
      parts.push({
        ...base(violation, spec),
        problem,
        paths: group,
        container: containerName(container),
        ...(problem === 'added' ? { capabilities: [...new Set(caps)] } : {}),
      });
      continue;
    }
    const whole = groups.size === 1 && group.length === violation.paths.length;
    const detail = whole
      ? violation.detail
      : (ownerDetail(pod, spec, check, version, owner, group) ?? violation.detail);
    parts.push({
      ...base(violation, spec),
      detail,
      paths: group,
      ...(container ? { container: containerName(container) } : {}),
    });
  }
  return parts;
}

function base(v: Violation, spec: PodSpec): Omit<PssPart, 'paths'> {
  return { check: v.check, reason: v.reason, detail: v.detail, problem: 'violation', spec };
}

/** The violation of `check` and the paths it owns at the target (see pssCheckRule). */
function ownPaths(
  w: Workload,
  check: string,
  target: Level,
  version: string,
): { violation: Violation; paths: string[] } | undefined {
  const level = checkLevel(check);
  if (level === 'restricted' && target !== 'restricted') return undefined;
  const atTarget = pssViolations(w, target, version);
  const own = atTarget.find((v) => v.check === check);
  const resolved = resolvedVersion(version);
  if (level === 'baseline') {
    if (own) return { violation: own, paths: own.paths };
    if (target !== 'restricted') return undefined;
    // replaced at restricted: what the replacement also reports is still this check's violation
    const replacement = overridesAt(resolved).overrider.get(check);
    const r = replacement ? atTarget.find((v) => v.check === replacement) : undefined;
    const b = r ? pssViolations(w, 'baseline', version).find((v) => v.check === check) : undefined;
    if (!r || !b) return undefined;
    const paths = b.paths.filter((p) => r.paths.includes(p));
    return paths.length > 0 ? { violation: b, paths } : undefined;
  }
  if (!own) return undefined;
  const overridden = overridesAt(resolved).overridden.get(check) ?? [];
  if (overridden.length === 0 || own.paths.length === 0) return { violation: own, paths: own.paths };
  const baselinePaths = new Set(
    pssViolations(w, 'baseline', version)
      .filter((v) => overridden.includes(v.check))
      .flatMap((v) => v.paths),
  );
  const paths = own.paths.filter((p) => !baselinePaths.has(p));
  return paths.length > 0 ? { violation: own, paths } : undefined;
}

const CHECK_BY_ID: ReadonlyMap<string, CheckDef> = new Map(CHECKS.map((c) => [c.id, c]));

interface Overrides {
  /** The restricted check that replaces a baseline check, by baseline check. */
  overrider: Map<string, string>;
  /** The baseline checks a restricted check replaces (none: absent), by restricted check. */
  overridden: Map<string, readonly string[]>;
}

const overridesByMinor = new Map<number, Overrides>();

/** Which checks replace which at a version (upstream `overrides` of the revisions in force). */
function overridesAt(version: PssVersion): Overrides {
  let found = overridesByMinor.get(version.minor);
  if (!found) {
    found = { overrider: new Map(), overridden: new Map() };
    for (const c of CHECKS) {
      if (c.level !== 'restricted') continue;
      const overrides = revisionAt(c, version)?.overrides ?? [];
      if (overrides.length > 0) found.overridden.set(c.id, overrides);
      // the first restricted check in registry order that replaces it, as a scan of CHECKS finds
      for (const id of overrides) if (!found.overrider.has(id)) found.overrider.set(id, c.id);
    }
    overridesByMinor.set(version.minor, found);
  }
  return found;
}

function capabilityProblem(check: string, path: string): 'added' | 'notDropped' | undefined {
  if (check !== 'capabilities_baseline' && check !== 'capabilities_restricted') return undefined;
  if (/\/securityContext\/capabilities\/add\/\d+$/.test(path)) return 'added';
  if (/\/securityContext\/capabilities\/drop$/.test(path)) return 'notDropped';
  return undefined;
}

/**
 * The upstream detail for one owner's part: the check run again on the pod with only that
 * container (pod-level settings kept, as containers inherit them), or, for the pod's own fields,
 * without containers and with only the offending volumes. Undefined when that does not reproduce
 * a violation (the caller keeps the whole pod's detail).
 */
function ownerDetail(
  pod: PodInput,
  spec: PodSpec,
  check: string,
  version: string,
  owner: string,
  paths: string[],
): string | undefined {
  const def = CHECK_BY_ID.get(check);
  const revision = def ? revisionAt(def, resolvedVersion(version)) : undefined;
  if (!revision) return undefined;
  const noContainers = { initContainers: [], containers: [], ephemeralContainers: [] };
  let reduced: PodSpec;
  const m = CONTAINER_PATH.exec(owner);
  if (m) {
    const key = m[1] as 'initContainers' | 'containers' | 'ephemeralContainers';
    const container = spec[key]?.[Number(m[2])];
    if (!container) return undefined;
    reduced = { ...spec, ...noContainers, [key]: [container] };
  } else {
    if (paths.some((p) => p.startsWith('/metadata/'))) return undefined;
    const volumes = new Set(
      paths.map((p) => /^\/spec\/volumes\/(\d+)/.exec(p)?.[1]).filter((i) => i !== undefined),
    );
    reduced = { ...spec, ...noContainers };
    if (volumes.size > 0) reduced.volumes = (spec.volumes ?? []).filter((_, i) => volumes.has(String(i)));
  }
  return revision.check(pod.metadata ?? {}, reduced)?.detail;
}

function containerAt(spec: PodSpec, owner: string): { name?: unknown } | undefined {
  const m = CONTAINER_PATH.exec(owner);
  if (!m) return undefined;
  const list = spec[m[1] as 'initContainers' | 'containers' | 'ephemeralContainers'];
  const c = Array.isArray(list) ? list[Number(m[2])] : undefined;
  return c && typeof c === 'object' ? c : undefined;
}

function containerName(c: { name?: unknown } | undefined): string {
  return typeof c?.name === 'string' ? c.name : '';
}

/** The value at a JSON pointer relative to the pod spec, if written. */
function valueAt(spec: PodSpec, pointer: string): unknown {
  let cur: unknown = spec;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** `container "a" securityContext.capabilities.add[1]`, `volume "logs" hostPath`, `spec.hostPID`. */
/** The `related` note for another field of the same problem: `also container "web" securityContext.privileged`. */
function alsoNote(spec: PodSpec, path: string): Note {
  const c = CONTAINER_PATH.exec(path);
  if (c) {
    const field = dotted(path.slice(c[0].length).split('/').slice(1));
    const container = nameLabel(containerName(containerAt(spec, c[0])));
    return field !== ''
      ? { note: 'alsoContainerField', data: { container, field } }
      : { note: 'alsoContainer', data: { container } };
  }
  const v = /^\/spec\/volumes\/(\d+)/.exec(path);
  if (v) {
    const vol = spec.volumes?.[Number(v[1])];
    const volume = nameLabel(typeof vol?.name === 'string' ? vol.name : '');
    const field = dotted(path.slice(v[0].length).split('/').slice(1));
    return field !== ''
      ? { note: 'alsoVolumeField', data: { volume, field } }
      : { note: 'alsoVolume', data: { volume } };
  }
  return { note: 'alsoField', data: { field: dotted(path.split('/').slice(1)) } };
}

/** JSON pointer tokens as a dotted path: `securityContext.capabilities.add[0]`. */
function dotted(tokens: string[]): string {
  return tokens
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t, i) => (/^\d+$/.test(t) ? `[${t}]` : i === 0 ? t : `.${t}`))
    .join('');
}

/** From the whole registry: baseline checks overridden at restricted are not in `checksFor('restricted', …)`. */
function checkLevel(check: string): 'baseline' | 'restricted' {
  const found = CHECK_BY_ID.get(check);
  if (!found) throw new Error(`unknown Pod Security check ${check}`);
  return found.level;
}

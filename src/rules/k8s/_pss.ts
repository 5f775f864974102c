/**
 * The bridge between workloads and the PSS engine: the plain pod the engine reads, engine results
 * cached per workload/level/version (19 rules ask for the same evaluation), violation paths mapped
 * back to source locations, and the factory behind the per-check rules K8S-101..K8S-119.
 */
import {
  CHECKS,
  evaluatePod,
  type Level,
  type PodInput,
  parseVersion,
  type Violation,
} from '../../engines/pss/index.js';
import type { Workload } from '../../model/k8s/workload.js';
import type { Src } from '../../model/source.js';
import { toPlain } from '../../parse/tree.js';
import { defineRule, type Equivalents, type Lang, type Rule } from '../types.js';

export interface LocatedViolation extends Violation {
  srcs: Src[];
}

const plainMap = (m: Map<string, { value: string }>): Record<string, string> =>
  Object.fromEntries([...m].map(([k, v]) => [k, v.value]));

/** The pod as the engine reads it: template metadata and the pod spec as plain JSON. */
export function podInput(w: Workload): PodInput {
  return {
    metadata: {
      name: w.object.name,
      namespace: w.namespace.value,
      labels: plainMap(w.podMeta.labels),
      annotations: plainMap(w.podMeta.annotations),
    },
    spec: toPlain(w.podSpec) as PodInput['spec'],
  };
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

const cache = new WeakMap<Workload, Map<string, LocatedViolation[]>>();

/** PSS violations of a workload at a level and version, each with the locations of its fields. */
export function pssViolations(w: Workload, level: Level, version: string): LocatedViolation[] {
  let byKey = cache.get(w);
  if (!byKey) {
    byKey = new Map();
    cache.set(w, byKey);
  }
  const key = `${level}:${version}`;
  let hit = byKey.get(key);
  if (!hit) {
    const result = evaluatePod(level, parseVersion(version), podInput(w));
    hit = result.violations.map((v) => ({
      ...v,
      srcs: dedupe((v.paths.length > 0 ? v.paths : ['/spec']).map((p) => violationSrc(w, p))),
    }));
    byKey.set(key, hit);
  }
  return hit;
}

function dedupe(srcs: Src[]): Src[] {
  const seen = new Set<string>();
  return srcs.filter((s) => {
    const k = `${s.startLine}:${s.startColumn}:${s.endLine}:${s.endColumn}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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

/**
 * A rule that reports one upstream PSS check at the scan's target level and version: baseline
 * checks are high, restricted-only checks medium. One finding per offending field.
 */
export function pssCheckRule(def: PssRuleDef): Rule<'violation'> {
  const level = checkLevel(def.check);
  return defineRule<'violation'>({
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
      messages: {
        en: { violation: '{kind} "{name}" violates Pod Security {level} ({check}): {reason} ({detail})' },
        ja: {
          violation:
            '{kind} "{name}" は Pod Security {level} に違反しています（{check}）: {reason}（{detail}）',
        },
      },
      since: '0.1.0',
    },
    check(state, ctx) {
      if (level === 'restricted' && ctx.pss.level === 'baseline') return;
      for (const w of state.k8s.workloads) {
        for (const v of pssViolations(w, ctx.pss.level, ctx.pss.version)) {
          if (v.check !== def.check) continue;
          for (const at of v.srcs) {
            ctx.report({
              at,
              resource: w,
              messageId: 'violation',
              data: {
                kind: w.kind,
                name: w.object.name,
                level: ctx.pss.level,
                check: v.check,
                reason: v.reason,
                detail: v.detail,
              },
            });
          }
        }
      }
    },
  });
}

/** From the whole registry: baseline checks overridden at restricted are not in `checksFor('restricted', …)`. */
function checkLevel(check: string): 'baseline' | 'restricted' {
  const found = CHECKS.find((c) => c.id === check);
  if (!found) throw new Error(`unknown Pod Security check ${check}`);
  return found.level;
}

/**
 * K8S-004: a container or init container without a CPU request, a memory request or a memory
 * limit, after the defaults the API server applies:
 * - a missing request defaults to the container's own limit for that resource;
 * - a LimitRange of the same (explicit) namespace in the scan, `type: Container`, fills a missing
 *   limit from `default` (else `max`) and a missing request from `defaultRequest` (else `default`,
 *   `max`, `min`), as LimitRange defaulting and the LimitRanger admission plugin do.
 * A CPU limit is not required (it throttles without protecting neighbours). Ephemeral containers
 * may not set resources and are skipped. A value hako cannot resolve counts as set.
 */
import type { LimitRange } from '../../model/k8s/core.js';
import { writtenNamespace } from '../../model/k8s/object.js';
import type { ContainerView } from '../../model/k8s/workload.js';
import { defineRule, noEquivalents } from '../types.js';
import { nameLabel, namespaceOf, objectLabel } from './_objects.js';

type Need = 'requests.cpu' | 'requests.memory' | 'limits.memory';
const NEEDS: readonly Need[] = ['requests.cpu', 'requests.memory', 'limits.memory'];

/** Resources a namespace's LimitRanges fill in for containers that omit them. */
export interface RangeDefaults {
  requests: Set<string>;
  limits: Set<string>;
}

/** Defaults of the `type: Container` items of LimitRange objects, by namespace. */
export function limitRangeDefaults(ranges: readonly LimitRange[]): Map<string, RangeDefaults> {
  const out = new Map<string, RangeDefaults>();
  for (const r of ranges) {
    const ns = writtenNamespace(r.object);
    if (ns === null) continue;
    const d = out.get(ns) ?? { requests: new Set<string>(), limits: new Set<string>() };
    for (const item of r.limits) {
      if (item.type.origin !== 'explicit' || item.type.value !== 'Container') continue;
      for (const k of [...item.default.keys(), ...item.max.keys()]) d.limits.add(k);
      for (const k of [
        ...item.defaultRequest.keys(),
        ...item.default.keys(),
        ...item.max.keys(),
        ...item.min.keys(),
      ])
        d.requests.add(k);
    }
    out.set(ns, d);
  }
  return out;
}

/** What the container lacks after request-from-limit and LimitRange defaulting. */
export function missingResources(c: ContainerView, range: RangeDefaults | undefined): Need[] {
  const { requests, limits } = c.resources;
  return NEEDS.filter((need) => {
    const [kind, name] = need.split('.') as ['requests' | 'limits', string];
    if (kind === 'limits') return !limits.has(name) && !range?.limits.has(name);
    return !requests.has(name) && !limits.has(name) && !range?.requests.has(name);
  });
}

export default defineRule<'missing'>({
  meta: {
    id: 'K8S-004',
    slug: 'k8s-resources-set',
    service: 'k8s',
    severity: 'low',
    title: {
      en: 'Container without CPU/memory requests or memory limit',
      ja: 'コンテナに CPU/メモリのリクエストまたはメモリ上限がない',
    },
    rationale: {
      en: "The scheduler places pods by their requests: a container without them is scheduled as if it needed nothing, lands on crowded nodes and is the first evicted under pressure (BestEffort). Without a memory limit, one leaking or abused container can take all of a node's memory, so the kernel OOM-kills its neighbours, which makes it a cheap denial of service. A missing request defaults to the limit when one is set, and a namespace LimitRange can supply both; this rule counts both defaults. A CPU limit is not required: it throttles the container without protecting others.",
      ja: 'スケジューラーは Pod をリクエストに基づいて配置します。リクエストのないコンテナは何も必要としないものとして扱われ、混み合ったノードに置かれ、リソース逼迫時には最初に退避されます（BestEffort）。メモリ上限がないと、リークしたり悪用されたりした 1 つのコンテナがノードのメモリを使い切り、カーネルが周囲のコンテナを OOM kill するため、安価なサービス妨害になります。リクエストが未設定でも上限があればその値が既定値になり、名前空間の LimitRange も両方を補えます。このルールはどちらの既定値も考慮します。CPU 上限は必須にしていません。コンテナを絞るだけで、他のコンテナを守らないためです。',
    },
    remediation: {
      en: 'Set `resources.requests.cpu`, `resources.requests.memory` and `resources.limits.memory` on every container and init container from measured usage, or give the namespace a LimitRange with `defaultRequest` and `default` for containers.',
      ja: 'すべてのコンテナと init コンテナに、実測の使用量をもとに `resources.requests.cpu`、`resources.requests.memory`、`resources.limits.memory` を設定するか、名前空間にコンテナ用の `defaultRequest` と `default` を持つ LimitRange を作成してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      'https://kubernetes.io/docs/concepts/policy/limit-range/',
    ],
    equivalents: noEquivalents({
      checkov: ['CKV_K8S_10', 'CKV_K8S_12', 'CKV_K8S_13'],
      kubeLinter: ['unset-cpu-requirements', 'unset-memory-requirements'],
      polaris: ['cpuRequestsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing'],
    }),
    inputs: ['kubernetes'],
    messages: {
      en: { missing: '{kind} {name}: container {container} sets no resources.{fields}' },
      ja: { missing: '{kind} {name}: コンテナ {container} に resources.{fields} が設定されていません' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const ranges = limitRangeDefaults(state.k8s.limitRanges);
    for (const w of state.k8s.workloads) {
      const ns = namespaceOf(w);
      const range = ns === null ? undefined : ranges.get(ns);
      for (const c of w.containers) {
        if (c.kind === 'ephemeralContainer') continue;
        const missing = missingResources(c, range);
        if (missing.length === 0) continue;
        ctx.report({
          at: c.resources.src,
          resource: w,
          messageId: 'missing',
          data: {
            kind: w.kind,
            name: objectLabel(w),
            container: nameLabel(c.name),
            fields: missing.join(', resources.'),
            // the peers check each field on its own: name them for filtering the JSON (`data.field`)
            field: missing.map((f) => `resources.${f}`).join(', '),
          },
        });
      }
    }
  },
});

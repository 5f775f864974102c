/**
 * K8S-001: Pod Security Admission in the workload's own namespace would reject the pod, or warn on
 * apply, judged at that Namespace's `enforce`/`warn` labels (level and version) as upstream does:
 * - `enforce` applies to Pods only. A controller (Deployment, Job, ...) is accepted, but every pod
 *   it creates is rejected, so it never runs. A PodTemplate creates no pods.
 * - `warn` applies to Pods and controllers; a Pod whose request enforce rejects gets no warning,
 *   and a controller is not warned twice when its warn policy is its enforce policy.
 * - No label means `privileged` (no checks); an invalid level label enforces `restricted`, an
 *   invalid version label `latest` (the engine's `namespacePolicy`).
 * - `latest` is the modelled server's version (`--k8s-version`, default the newest known), and a
 *   pinned version newer than the server is capped to it.
 * Only workloads with an explicit `metadata.namespace` naming a scanned Namespace are judged: an
 * omitted namespace is wherever kubectl points, and an unscanned Namespace's labels are unknown.
 * `audit` labels only annotate the audit log and are not reported.
 */
import {
  compareVersions,
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  formatLevelVersion,
  formatVersion,
  formatViolations,
  type NamespacePolicy,
  namespacePolicy,
  type PssVersion,
  parseVersionOrLatest,
} from '../../engines/pss/index.js';
import type { Namespace } from '../../model/k8s/core.js';
import type { Src } from '../../model/source.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { labelSrc, labelValues, namespaceObjects, namespaceOf, objectLabel } from './_objects.js';
import { type LocatedViolation, pssViolations } from './_pss.js';

export const WARN_LEVEL_LABEL = 'pod-security.kubernetes.io/warn';
export const WARN_VERSION_LABEL = 'pod-security.kubernetes.io/warn-version';

export type Mode = 'enforce' | 'warn';

/** The namespace's policy for one mode, from its labels (the engine reads the enforce pair). */
export function modePolicy(labels: Record<string, string>, mode: Mode): NamespacePolicy {
  if (mode === 'enforce') return namespacePolicy(labels);
  const relabelled: Record<string, string> = {};
  const level = labels[WARN_LEVEL_LABEL];
  const version = labels[WARN_VERSION_LABEL];
  if (level !== undefined) relabelled[ENFORCE_LEVEL_LABEL] = level;
  if (version !== undefined) relabelled[ENFORCE_VERSION_LABEL] = version;
  const policy = namespacePolicy(relabelled);
  return {
    ...policy,
    errors: policy.errors.map((e) =>
      e.replace(ENFORCE_VERSION_LABEL, WARN_VERSION_LABEL).replace(ENFORCE_LEVEL_LABEL, WARN_LEVEL_LABEL),
    ),
  };
}

/**
 * The version a policy is evaluated at on the modelled server (`server`: `v1.N` or `latest`):
 * `latest` is the server's own, and a pinned version newer than the server is capped to it.
 */
export function evaluatedVersion(version: PssVersion | 'latest', server: string): string {
  const cap = parseVersionOrLatest(server) ?? 'latest';
  if (version === 'latest' || (cap !== 'latest' && compareVersions(version, cap) > 0))
    return formatVersion(cap);
  return formatVersion(version);
}

const bySrc = (a: Src, b: Src) =>
  a.file.localeCompare(b.file) || a.startLine - b.startLine || a.startColumn - b.startColumn;

export default defineRule<RelatedId | 'rejected' | 'podsRejected' | 'warned'>({
  meta: {
    id: 'K8S-001',
    slug: 'k8s-namespace-admits-pods',
    service: 'k8s',
    severity: 'high',
    title: {
      en: "Pod would be rejected or warned by its namespace's Pod Security level",
      ja: 'Pod が名前空間の Pod Security レベルで拒否または警告される',
    },
    rationale: {
      en: "Pod Security Admission judges every pod against the `pod-security.kubernetes.io/enforce` and `warn` labels of its namespace, at the level and version they name (`latest` when the version is not pinned). A Pod that violates the enforce level is rejected. A Deployment, StatefulSet, DaemonSet, Job or CronJob is accepted, because enforce applies to Pods only, but each pod its controller creates is rejected: the rollout hangs with FailedCreate events and no error at apply time. The warn level prints warnings on apply. This rule evaluates the manifest as the API server would, with the Namespace's labels from the scanned files, so the failure shows up before the deployment.",
      ja: 'Pod Security Admission は、すべての Pod を名前空間の `pod-security.kubernetes.io/enforce` と `warn` ラベルに照らし、ラベルが示すレベルとバージョン（バージョン未指定なら `latest`）で判定します。enforce レベルに違反する Pod は拒否されます。Deployment、StatefulSet、DaemonSet、Job、CronJob は、enforce が Pod にしか適用されないため受け付けられますが、コントローラーが作る Pod はすべて拒否されます。ロールアウトは FailedCreate イベントを出したまま止まり、apply の時点ではエラーになりません。warn レベルは apply 時に警告を表示します。このルールはスキャン対象ファイル中の Namespace のラベルを使い、API サーバーと同じようにマニフェストを評価するので、デプロイ前に失敗がわかります。',
    },
    remediation: {
      en: "Change the pod spec until it satisfies the namespace's level (the message lists each failed check with the field to set), or, if the workload really needs more, move it to a namespace whose level allows it instead of lowering the level of a shared namespace.",
      ja: 'Pod 仕様を名前空間のレベルを満たすように修正してください（メッセージに失敗したチェックと設定すべきフィールドが並びます）。ワークロードが本当にそれ以上の権限を必要とする場合は、共有の名前空間のレベルを下げるのではなく、それを許可するレベルの名前空間に移してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        rejected:
          'Pod {name} would be rejected in namespace {namespace}: violates PodSecurity "{policy}": {violations}',
        podsRejected:
          '{kind} {name} is accepted but every pod it creates would be rejected in namespace {namespace}: violates PodSecurity "{policy}": {violations}',
        warned:
          '{kind} {name} draws a warning in namespace {namespace}: would violate PodSecurity "{policy}": {violations}',
        enforces: 'namespace {namespace} enforces {policy}',
        warnsAt: 'namespace {namespace} warns at {policy}',
        levelInvalid:
          '{label}: must be one of privileged, baseline, restricted; Pod Security Admission falls back to restricted',
        versionInvalid: '{label}: must be "latest" or "v1.x"; Pod Security Admission falls back to latest',
        violation: '{reason} ({detail})',
        violationNoDetail: '{reason}',
      },
      ja: {
        rejected:
          'Pod {name} は名前空間 {namespace} で拒否されます: violates PodSecurity "{policy}": {violations}',
        podsRejected:
          '{kind} {name} 自体は受け付けられますが、作成される Pod はすべて名前空間 {namespace} で拒否されます: violates PodSecurity "{policy}": {violations}',
        warned:
          '{kind} {name} は名前空間 {namespace} で警告されます: would violate PodSecurity "{policy}": {violations}',
        enforces: '名前空間 {namespace} は {policy} を強制しています',
        warnsAt: '名前空間 {namespace} は {policy} で警告します',
        levelInvalid:
          '{label} の値は privileged、baseline、restricted のいずれかでなければなりません。Pod Security Admission は restricted を使います',
        versionInvalid:
          '{label} の値は "latest" か "v1.x" でなければなりません。Pod Security Admission は latest を使います',
        violation: '{reason}（{detail}）',
        violationNoDetail: '{reason}',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const namespaces = namespaceObjects(state);
    for (const w of state.k8s.workloads) {
      const name = namespaceOf(w);
      const ns = name === null ? undefined : namespaces.get(name);
      if (!ns) continue;
      const labels = labelValues(ns);
      const enforce = modePolicy(labels, 'enforce');
      const warn = modePolicy(labels, 'warn');
      const enforceAt = evaluatedVersion(enforce.version, ctx.pss.version);
      const warnAt = evaluatedVersion(warn.version, ctx.pss.version);
      const rejected =
        w.kind === 'PodTemplate' || enforce.level === 'privileged'
          ? []
          : pssViolations(w, enforce.level, enforceAt);
      const report = (
        messageId: 'rejected' | 'podsRejected' | 'warned',
        mode: Mode,
        policy: NamespacePolicy,
      ) => {
        const violations = messageId === 'warned' ? pssViolations(w, policy.level, warnAt) : rejected;
        const srcs = violations.flatMap((v) => v.srcs).sort(bySrc);
        ctx.report({
          at: srcs[0] ?? w.srcAt(''),
          resource: w,
          messageId,
          data: {
            kind: w.kind,
            name: objectLabel(w),
            namespace: objectLabel(ns),
            policy: formatLevelVersion(policy.level, policy.version),
            violations: formatViolations(violations),
          },
          related: related(violations, ns, mode, policy),
        });
      };
      if (rejected.length > 0) report(w.kind === 'Pod' ? 'rejected' : 'podsRejected', 'enforce', enforce);
      if (warn.level === 'privileged') continue;
      const sameAsEnforce = warn.level === enforce.level && warnAt === enforceAt;
      if (rejected.length > 0 && (w.kind === 'Pod' || sameAsEnforce)) continue;
      if (pssViolations(w, warn.level, warnAt).length > 0) report('warned', 'warn', warn);
    }
  },
});

type RelatedId =
  | 'enforces'
  | 'warnsAt'
  | 'levelInvalid'
  | 'versionInvalid'
  | 'violation'
  | 'violationNoDetail';

function related(
  violations: LocatedViolation[],
  ns: Namespace,
  mode: Mode,
  policy: NamespacePolicy,
): Related<RelatedId>[] {
  const levelKey = mode === 'enforce' ? ENFORCE_LEVEL_LABEL : WARN_LEVEL_LABEL;
  const versionKey = mode === 'enforce' ? ENFORCE_VERSION_LABEL : WARN_VERSION_LABEL;
  const out: Related<RelatedId>[] = [
    {
      src: labelSrc(ns, levelKey) ?? ns.src,
      messageId: mode === 'enforce' ? 'enforces' : 'warnsAt',
      data: { namespace: objectLabel(ns), policy: formatLevelVersion(policy.level, policy.version) },
    },
    ...policy.errors.map((e): Related<RelatedId> => {
      const label = e.startsWith(`${versionKey}:`) ? versionKey : levelKey;
      return {
        src: labelSrc(ns, label) ?? ns.src,
        messageId: label === versionKey ? 'versionInvalid' : 'levelInvalid',
        data: { label },
      };
    }),
  ];
  // the upstream reasons and details, as the API server words them
  for (const v of violations)
    for (const src of v.srcs)
      out.push(
        v.detail === ''
          ? { src, messageId: 'violationNoDetail', data: { reason: v.reason } }
          : { src, messageId: 'violation', data: { reason: v.reason, detail: v.detail } },
      );
  return out;
}

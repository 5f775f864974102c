/**
 * K8S-002: a Namespace that Pod Security Admission does not guard: no
 * `pod-security.kubernetes.io/enforce` label (with the default AdmissionConfiguration every mode
 * then defaults to `privileged`, not `baseline`), or the label set to `privileged`. A label key
 * under `pod-security.kubernetes.io/` that PSA does not know (`enforced`, `enforce-level`) is named
 * as the likely typo. `kube-system` is not judged: the node add-ons there (VPC CNI, kube-proxy, CSI
 * node drivers) need `privileged`. An invalid level value enforces `restricted` and is not
 * reported here.
 */
import { ENFORCE_LEVEL_LABEL } from '../../engines/pss/index.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { labelSrc, labelsSrc, namespaceList, objectLabel } from './_objects.js';

const PSA_PREFIX = 'pod-security.kubernetes.io/';
const PSA_KEYS = new Set(
  ['enforce', 'audit', 'warn'].flatMap((mode) => [`${PSA_PREFIX}${mode}`, `${PSA_PREFIX}${mode}-version`]),
);
/** Namespaces whose system workloads need `privileged`. */
const EXEMPT = new Set(['kube-system']);

export default defineRule<'missing' | 'privileged' | 'notPsaLabel'>({
  meta: {
    id: 'K8S-002',
    slug: 'k8s-namespace-pss-enforced',
    service: 'k8s',
    severity: 'medium',
    title: {
      en: 'Namespace does not enforce a Pod Security level',
      ja: '名前空間が Pod Security レベルを強制していない',
    },
    rationale: {
      en: 'Pod Security Admission only rejects pods in namespaces labelled `pod-security.kubernetes.io/enforce`. Without the label, the default admission configuration (which EKS uses) enforces `privileged`, which checks nothing: any pod in the namespace can be privileged, share the host namespaces or mount the node filesystem. A common misconception is that `baseline` is the default; it is not. `warn` and `audit` labels only report and do not block.',
      ja: 'Pod Security Admission が Pod を拒否するのは、`pod-security.kubernetes.io/enforce` ラベルが付いた名前空間だけです。ラベルがない場合、デフォルトのアドミッション設定（EKS もこれを使います）は何もチェックしない `privileged` を強制します。その名前空間の Pod は特権で動かすことも、ホストの名前空間を共有することも、ノードのファイルシステムをマウントすることもできます。`baseline` がデフォルトだというのはよくある誤解です。`warn` と `audit` のラベルは報告するだけで、ブロックはしません。',
    },
    remediation: {
      en: 'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where restricted is not yet reachable) and pin `pod-security.kubernetes.io/enforce-version` to the cluster version; add `warn: restricted` to see what a stricter level would reject.',
      ja: '名前空間に `pod-security.kubernetes.io/enforce: restricted`（restricted にまだ対応できない場合は `baseline`）のラベルを付け、`pod-security.kubernetes.io/enforce-version` をクラスターのバージョンに固定してください。より厳しいレベルで何が拒否されるかを確認するには `warn: restricted` を追加してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        missing:
          'namespace {name} has no pod-security.kubernetes.io/enforce label, so Pod Security Admission enforces privileged (no checks)',
        privileged: 'namespace {name} enforces Pod Security level privileged, which checks nothing',
        notPsaLabel:
          'label {label} is not a Pod Security Admission label (enforce, warn, audit and their -version)',
      },
      ja: {
        missing:
          '名前空間 {name} に pod-security.kubernetes.io/enforce ラベルがないため、Pod Security Admission は privileged（チェックなし）を強制します',
        privileged: '名前空間 {name} は何もチェックしない Pod Security レベル privileged を強制しています',
        notPsaLabel:
          'ラベル {label} は Pod Security Admission のラベル（enforce、warn、audit とそれぞれの -version）ではありません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const ns of namespaceList(state)) {
      if (EXEMPT.has(ns.name)) continue;
      const level = ns.psa.enforce?.value;
      if (level === 'privileged') {
        ctx.report({
          at: labelSrc(ns, ENFORCE_LEVEL_LABEL) ?? labelsSrc(ns),
          resource: ns,
          messageId: 'privileged',
          data: { name: objectLabel(ns) },
        });
      } else if (level === undefined) {
        const typos = [...ns.labels.keys()].filter((k) => k.startsWith(PSA_PREFIX) && !PSA_KEYS.has(k));
        ctx.report({
          at: labelsSrc(ns),
          resource: ns,
          messageId: 'missing',
          data: { name: objectLabel(ns) },
          related: typos.map(
            (k): Related<'notPsaLabel'> => ({
              src: labelSrc(ns, k),
              messageId: 'notPsaLabel',
              data: { label: k },
            }),
          ),
        });
      }
    }
  },
});

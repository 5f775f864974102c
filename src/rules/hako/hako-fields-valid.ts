/**
 * HAKO-003: a field hako's resource models do not have is a setting that silently does nothing, or
 * a deployment that fails. Terraform resources (AWS provider schema), CloudFormation resources
 * (registry schemas) and ECR CLI JSON (botocore shapes) are checked through
 * src/engines/resource-schema (task definitions: ECS-017; the adapters record the problems on the
 * model, and a problem a service rule covers is left to it when it runs), plus settings valid alone that the API
 * rejects together (both EKS endpoints off). For Kubernetes: every pod-bearing object hako models as a
 * workload (Pod, PodTemplate, ReplicationController, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * Job, CronJob) is checked field by field against the Kubernetes API schema, as
 * `kubectl apply --validate=strict` does: unknown or misplaced fields, duplicate fields, and
 * object/list/scalar mismatches. Other kinds and custom resources are not checked.
 */
import type { FieldProblem } from '../../engines/k8s-fields/index.js';
import { TASK_DEFINITION_TYPES } from '../../engines/resource-schema/index.js';
import { isFalse } from '../../model/source.js';
import { type Note, noteText } from '../../notes.js';
import { defineRule, type Lang, noEquivalents } from '../types.js';

const EKS_API_KINDS = ['AccessEntry', 'AccessPolicyAssociation', 'AccessPolicy'];

type Msg =
  | 'unknownField'
  | 'didYouMean'
  | 'misplacedField'
  | 'duplicateField'
  | 'wrongType'
  | 'wrongTypeFix'
  | 'resourceSchema';

export default defineRule<Msg>({
  meta: {
    id: 'HAKO-003',
    slug: 'hako-fields-valid',
    service: 'hako',
    severity: 'high',
    title: { en: 'Unknown or invalid field', ja: '未知または不正なフィールド' },
    rationale: {
      en: 'A setting the schema does not have is a setting that silently does nothing, or a deployment that fails. The Kubernetes API server decodes every object against its schema: an unquoted number where a string belongs fails every apply, and an unknown or duplicate field (a misspelt `readOnlyRootFileSystem`, a `privileged` in the pod-level securityContext) fails under strict field validation or is silently dropped where validation is off. Terraform rejects unknown arguments and blocks at plan time, but a `terraform validate` that never ran in CI, or an argument copied from a tutorial (`encryption_config { enable = true }`, a `logging_service_configuration` block), leaves a file that looks hardened and cannot deploy. CloudFormation and the AWS APIs reject unknown properties and invalid enum values (`ECR_IMG_REPOSITORY` is not an Inspector resource type) when the stack or call runs, long after review.',
      ja: 'スキーマにない設定は、黙って何もしない設定か、失敗するデプロイです。Kubernetes API サーバーはすべてのオブジェクトをスキーマに従ってデコードします。文字列であるべき所の引用符なしの数値はどの apply でも失敗し、未知・重複フィールド（綴り違いの `readOnlyRootFileSystem`、Pod レベルの securityContext に書かれた `privileged`）は厳格なフィールド検証では失敗、検証が無効な経路では黙って捨てられます。Terraform は未知の引数やブロックを plan 時に拒否しますが、CI で `terraform validate` が走っていない場合や、チュートリアルから写した引数（`encryption_config { enable = true }`、`logging_service_configuration` ブロック）がある場合、堅牢に見えてデプロイできないファイルが残ります。CloudFormation と AWS API は、未知のプロパティや不正な列挙値（`ECR_IMG_REPOSITORY` は Inspector のリソースタイプではありません）を、レビューのずっと後、スタックや呼び出しの実行時に拒否します。',
    },
    remediation: {
      en: 'Use the name the message suggests, at the level it names. Kubernetes: container settings such as `privileged`, `readOnlyRootFilesystem` and `capabilities` go in `containers[].securityContext`, `fsGroup`, `sysctls` and `supplementalGroups` in the pod `securityContext`; quote numbers and booleans meant as strings; check with `kubectl explain`. Terraform: check the argument in the provider documentation and run `terraform validate`. CloudFormation and AWS CLI JSON: use the property names and values of the resource or API reference (the message lists the valid ones).',
      ja: 'メッセージが示す名前を、示された階層に書いてください。Kubernetes: `privileged`、`readOnlyRootFilesystem`、`capabilities` などのコンテナ設定は `containers[].securityContext` に、`fsGroup`、`sysctls`、`supplementalGroups` は Pod の `securityContext` に書き、文字列のつもりの数値や真偽値は引用符で囲み、`kubectl explain` で確認してください。Terraform: プロバイダーのドキュメントで引数を確認し、`terraform validate` を実行してください。CloudFormation と AWS CLI の JSON: リソースまたは API リファレンスのプロパティ名と値を使ってください（有効な値はメッセージに示します）。',
    },
    references: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      'https://developer.hashicorp.com/terraform/cli/commands/validate',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-type-schemas.html',
    ],
    equivalents: noEquivalents({ kubeLinter: ['schema-validation'] }),
    inputs: ['kubernetes', 'terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        unknownField: 'unknown field "{field}": {type} has no field "{name}"',
        didYouMean: 'unknown field "{field}" (did you mean "{suggestion}"?)',
        misplacedField: 'unknown field "{field}": {type} has no "{name}"; {home} has "{suggestion}"',
        duplicateField:
          'duplicate field "{field}": the API server rejects it under strict field validation, otherwise the last one wins',
        wrongType: '"{field}" must be of type {expected}, not {actual}',
        wrongTypeFix: '"{field}" must be of type {expected}, not {actual} (write {suggestion})',
        resourceSchema: '{detail}{hint}',
      },
      ja: {
        unknownField: '未知のフィールド "{field}": {type} に "{name}" というフィールドはありません',
        didYouMean: '未知のフィールド "{field}"（"{suggestion}" の誤りではありませんか）',
        misplacedField:
          '未知のフィールド "{field}": {type} に "{name}" はありません。"{suggestion}" は {home} のフィールドです',
        duplicateField:
          'フィールド "{field}" が重複しています（厳格なフィールド検証では API サーバーが拒否し、そうでなければ最後の値が使われます）',
        wrongType: '"{field}" の型は {expected} でなければなりません（{actual} が書かれています）',
        wrongTypeFix:
          '"{field}" の型は {expected} でなければなりません（{actual} が書かれています）。{suggestion} と書いてください',
        resourceSchema: 'リソースのスキーマに合いません: {detail}{hint}',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const messageOf = (p: FieldProblem): Msg => {
      if (p.kind === 'duplicate-field') return 'duplicateField';
      if (p.kind === 'wrong-type') return p.suggestion === undefined ? 'wrongType' : 'wrongTypeFix';
      if (p.home !== undefined) return 'misplacedField';
      return p.suggestion === undefined ? 'unknownField' : 'didYouMean';
    };
    for (const obj of state.k8s.objects) {
      // Mistake #14 of the reference material: access entries are an EKS API resource, not a
      // Kubernetes kind (the eks.amazonaws.com group has NodeClass, NodeDiagnostic, not these).
      if (obj.apiVersion.startsWith('eks.amazonaws.com/') && EKS_API_KINDS.includes(obj.kind)) {
        ctx.report({
          at: obj.kindSrc,
          resource: obj,
          messageId: 'resourceSchema',
          ...words({ note: 'eksAccessEntryKind', data: { kind: obj.kind } }),
        });
        continue;
      }
      // validated when the object was adapted (src/adapters/k8s/object.ts)
      for (const p of obj.fieldProblems) {
        const data: Record<string, string> = { field: p.field, type: p.type };
        for (const k of ['name', 'suggestion'] as const) {
          const v = p[k];
          if (v !== undefined) data[k] = v;
        }
        // words, not values from the file: English in `data`, the scan's language in the message
        const localized: Record<string, Record<Lang, string>> = {};
        for (const k of ['home', 'expected', 'actual'] as const) {
          const n = p[k];
          if (n === undefined) continue;
          localized[k] = { en: noteText('en', n), ja: noteText('ja', n) };
          data[k] = localized[k].en;
        }
        ctx.report({
          at: p.src,
          resource: obj,
          messageId: messageOf(p),
          data,
          ...(Object.keys(localized).length > 0 ? { localized } : {}),
        });
      }
    }
    // Settings valid one by one that the API rejects together.
    for (const c of state.aws.eks.clusters) {
      if (isFalse(c.endpointPublicAccess) && isFalse(c.endpointPrivateAccess)) {
        ctx.report({
          at:
            c.endpointPublicAccess.origin === 'explicit'
              ? c.endpointPublicAccess.src
              : c.endpointPrivateAccess.src,
          resource: c,
          messageId: 'resourceSchema',
          ...words({ note: 'eksEndpointsOff' }),
        });
      }
    }
    // Terraform / CloudFormation resources and ECR/EKS API JSON (task definitions: ECS-017).
    for (const c of state.inputs.schemaChecks) {
      if (TASK_DEFINITION_TYPES.has(c.type)) continue;
      for (const p of c.problems ?? []) {
        // one problem, one finding: the service rule that validates the field says more
        if (p.coveredBy !== undefined && ctx.runs?.(p.coveredBy)) continue;
        const hint: Note | undefined =
          p.suggestion === undefined ? undefined : { note: 'schemaHint', data: { suggestion: p.suggestion } };
        ctx.report({
          at: p.src,
          resource: c,
          messageId: 'resourceSchema',
          data: { detail: p.message, hint: hint ? noteText('en', hint) : '' },
          ...(hint ? { localized: { hint: { en: noteText('en', hint), ja: noteText('ja', hint) } } } : {}),
        });
      }
    }
  },
});

/** A detail hako words itself: `data` keeps the English, the message shows it in the scan's language. */
function words(n: Note) {
  const detail = { en: noteText('en', n), ja: noteText('ja', n) };
  return { data: { detail: detail.en, hint: '' }, localized: { detail } };
}

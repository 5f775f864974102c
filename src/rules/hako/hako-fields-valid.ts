/**
 * HAKO-003: a field hako's resource models do not have is a setting that silently does nothing, or
 * a manifest the API server rejects. For Kubernetes: every pod-bearing object hako models as a
 * workload (Pod, PodTemplate, ReplicationController, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * Job, CronJob) is checked field by field against the Kubernetes API schema, as
 * `kubectl apply --validate=strict` does: unknown or misplaced fields, duplicate fields, and
 * object/list/scalar mismatches. Other kinds and custom resources are not checked.
 */
import {
  type FieldProblem,
  loadK8sFields,
  rootType,
  validateObject,
} from '../../engines/k8s-fields/index.js';
import { TASK_DEFINITION_TYPES, validateResource } from '../../engines/resource-schema/index.js';
import { defineRule, noEquivalents } from '../types.js';

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
      en: 'The Kubernetes API server decodes every object against its schema. An unquoted number where a string belongs (an `env` value, an annotation) fails every apply. An unknown or duplicate field, such as a misspelt `readOnlyRootFileSystem` or a `privileged` written in the pod-level securityContext, fails under strict field validation (the kubectl default, `--validate=strict`); where validation is off or only warns (`--validate=false`, many CI tools and controllers) it is silently dropped, so the security setting you wrote is not there while the manifest looks hardened.',
      ja: 'Kubernetes API サーバーはすべてのオブジェクトをスキーマに従ってデコードします。文字列であるべき所（`env` の値、アノテーション）の引用符なしの数値は、どの apply でも失敗します。綴り違いの `readOnlyRootFileSystem` や Pod レベルの securityContext に書かれた `privileged` のような未知・重複フィールドは、厳格なフィールド検証（kubectl の既定 `--validate=strict`）では失敗し、検証が無効または警告のみの経路（`--validate=false`、多くの CI ツールやコントローラー）では黙って捨てられます。書いたはずのセキュリティ設定が存在しないのに、マニフェストだけは堅牢に見えます。',
    },
    remediation: {
      en: 'Use the field name the message suggests, at the level it names (container settings such as `privileged`, `readOnlyRootFilesystem` and `capabilities` go in `containers[].securityContext`; `fsGroup`, `sysctls` and `supplementalGroups` in the pod `securityContext`), quote numbers and booleans meant as strings, and check the field in `kubectl explain` for your cluster version.',
      ja: 'メッセージが示すフィールド名を、示された階層に書いてください（`privileged`、`readOnlyRootFilesystem`、`capabilities` などのコンテナ設定は `containers[].securityContext` に、`fsGroup`、`sysctls`、`supplementalGroups` は Pod の `securityContext` に）。文字列のつもりの数値や真偽値は引用符で囲み、クラスターのバージョンで `kubectl explain` を使ってフィールドを確認してください。',
    },
    references: [
      'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
    ],
    equivalents: noEquivalents(),
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
    const model = loadK8sFields();
    for (const obj of state.k8s.objects) {
      const root = rootType(model, obj.apiVersion, obj.kind);
      if (root === undefined) continue;
      for (const p of validateObject(model, root, obj.node)) {
        const data: Record<string, string> = { field: p.field, type: p.type };
        for (const k of ['name', 'suggestion', 'home', 'expected', 'actual'] as const) {
          const v = p[k];
          if (v !== undefined) data[k] = v;
        }
        ctx.report({ at: p.src, resource: obj, messageId: messageOf(p), data });
      }
    }
    // Terraform / CloudFormation resources and ECR/EKS API JSON (task definitions: ECS-017).
    for (const c of state.inputs.schemaChecks) {
      if (TASK_DEFINITION_TYPES.has(c.type)) continue;
      for (const p of validateResource(c)) {
        const hint = p.suggestion === undefined ? '' : ` (did you mean "${p.suggestion}"?)`;
        ctx.report({
          at: p.src,
          resource: c,
          messageId: 'resourceSchema',
          data: { detail: p.message, hint },
        });
      }
    }
  },
});

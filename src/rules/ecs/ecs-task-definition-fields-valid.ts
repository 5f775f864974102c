/**
 * ECS-017: the task definition as written must match the RegisterTaskDefinition API shape (every
 * field, type and enum, from the AWS API model shipped in src/data/aws-shapes/ecs.json). An
 * unknown key is rejected by the CLI/SDK, or — where a tool passes it through — a security setting
 * such as a misspelt `readOnlyRootFilesystem` is silently absent. Combinations the shape cannot
 * express are checked on the model: a port mapping's host port in awsvpc/host mode (_port-mappings.ts).
 * The resource around the container definitions is checked against its own schema: the
 * `aws_ecs_task_definition` arguments and blocks (AWS provider schema) and the
 * `AWS::ECS::TaskDefinition` properties, container definitions included (CloudFormation registry
 * schema), through src/engines/resource-schema; the adapters record the problems on the model
 * (adapters/schema-problems.ts) and this rule reports them.
 */
import {
  type SchemaProblem,
  type SchemaProblemKind,
  TASK_DEFINITION_TYPES,
} from '../../engines/resource-schema/index.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, noEquivalents } from '../types.js';
import { portMappingProblems } from './_port-mappings.js';

type Msg = 'unknownKey' | 'wrongType' | 'invalidEnum' | 'missingRequired' | 'invalidValue';

export default defineRule<Msg>({
  meta: {
    id: 'ECS-017',
    slug: 'ecs-task-definition-fields-valid',
    service: 'ecs',
    severity: 'high',
    title: { en: 'Invalid task-definition field', ja: 'タスク定義のフィールドが不正' },
    rationale: {
      en: 'ECS validates task definitions against its API model: an unknown key (a `volumes[].emptyDir` copied from Kubernetes, a misspelt `readOnlyRootFileSystem`), a wrong type or an invalid enum value makes registration fail — or, where a tool drops what it does not know, the security setting you wrote is silently absent while the file looks hardened.',
      ja: 'ECS はタスク定義を API モデルで検証します。未知のキー（Kubernetes から写した `volumes[].emptyDir`、綴り違いの `readOnlyRootFileSystem` など）、誤った型、不正な列挙値は登録失敗の原因になります。未知の項目を黙って捨てるツールを経由すると、書いたはずのセキュリティ設定が実際には存在せず、ファイルだけが堅牢に見える状態になります。',
    },
    remediation: {
      en: 'Use the field names, types and values of the RegisterTaskDefinition API (the message names the valid fields and the likely intended one); for scratch space use a name-only volume or `ephemeralStorage` instead of `emptyDir`. In `awsvpc` or `host` network mode, leave `hostPort` out or set it to `containerPort`: dynamic host ports exist only in `bridge` mode. In Terraform and CloudFormation, use the argument and property names of the `aws_ecs_task_definition` / `AWS::ECS::TaskDefinition` documentation.',
      ja: 'RegisterTaskDefinition API のフィールド名・型・値を使ってください（メッセージに有効なフィールドと意図されたと思われる名前を示します）。一時領域には `emptyDir` ではなく名前だけのボリュームか `ephemeralStorage` を使ってください。`awsvpc` または `host` ネットワークモードでは `hostPort` を省略するか `containerPort` と同じ値にしてください（動的ホストポートは `bridge` モードだけのものです）。Terraform と CloudFormation では `aws_ecs_task_definition` / `AWS::ECS::TaskDefinition` のドキュメントにある引数名・プロパティ名を使ってください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        unknownKey: '{detail}{hint}',
        wrongType: '{detail}{hint}',
        invalidEnum: '{detail}{hint}',
        missingRequired: '{detail}',
        invalidValue: '{detail}',
      },
      ja: {
        unknownKey: '未知のフィールドです（ECS が拒否するか、設定が無視されます）: {detail}{hint}',
        wrongType: '型が不正です: {detail}{hint}',
        invalidEnum: '値が不正です: {detail}{hint}',
        missingRequired: '必須フィールドがありません: {detail}',
        invalidValue: '値が API の制約を満たしません: {detail}',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const MESSAGE_OF: Record<SchemaProblemKind, Msg> = {
      'unknown-key': 'unknownKey',
      'wrong-type': 'wrongType',
      'invalid-enum': 'invalidEnum',
      'missing-required': 'missingRequired',
      'invalid-value': 'invalidValue',
    };
    const report = (resource: Resource, p: SchemaProblem) => {
      const hint =
        p.suggestion && (p.kind === 'unknown-key' || p.kind === 'invalid-enum')
          ? ` (did you mean "${p.suggestion}"?)`
          : '';
      ctx.report({ at: p.src, resource, messageId: MESSAGE_OF[p.kind], data: { detail: p.message, hint } });
    };
    for (const td of state.aws.ecs.taskDefinitions) {
      // Fields valid alone that ECS rejects together: a host port other than the container port
      // in awsvpc/host mode (read from the model, so every input format is covered).
      for (const p of portMappingProblems(td))
        ctx.report({ at: p.src, resource: td, messageId: 'invalidValue', data: { detail: p.detail } });
      for (const p of td.shapeProblems ?? []) report(td, p);
    }
    // The resource around the container definitions: aws_ecs_task_definition arguments and
    // blocks, AWS::ECS::TaskDefinition properties.
    for (const c of state.inputs.schemaChecks) {
      if (TASK_DEFINITION_TYPES.has(c.type)) for (const p of c.problems ?? []) report(c, p);
    }
  },
});

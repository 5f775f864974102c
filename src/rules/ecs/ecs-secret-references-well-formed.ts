/**
 * ECS-018: `secrets[].valueFrom` (and the log driver's `secretOptions[].valueFrom`) that ECS or
 * the secret store will not resolve as meant. The agent fetches the value when the task starts,
 * so a malformed reference surfaces as a task that never starts, or one that reads another
 * version than intended. Statically checkable:
 * - Secrets Manager: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 chars>`
 *   optionally followed by exactly three fields `:<json-key>:<version-stage>:<version-id>` (empty
 *   ones kept as colons). A name without the `-XXXXXX` suffix Secrets Manager appends is a partial
 *   ARN; one or two suffix fields, or more than three, is a wrong field count; stage and id are
 *   mutually exclusive.
 * - Parameter Store: `arn:<partition>:ssm:<region>:<account>:parameter/<name>` (a hierarchical
 *   name `/a/b` becomes `parameter/a/b`, never `parameter//a/b`), or a bare name, which ECS looks up
 *   in the task's own Region. A bare name with a `/` must start with `/`, and names use only
 *   `a-zA-Z0-9_.-/`; `prod/db-password` is usually a Secrets Manager name given without its ARN.
 * - Any other ARN (another service) is not a secret source.
 * Values holding a template placeholder (`${X}`, `{{ x }}`, `<region>`) are filled in later and
 * not judged. Not checkable: whether a bare parameter name lives in another Region (that needs the full ARN;
 * nothing in the file says where the parameter is), and whether a 6-character tail is really the
 * random suffix (`db-secret` looks like one).
 */
import type { EcsSecret } from '../../model/aws/ecs.js';
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { containerName } from './_helpers.js';

export default defineRule<ValueFromProblem['kind']>({
  meta: {
    id: 'ECS-018',
    slug: 'ecs-secret-references-well-formed',
    service: 'ecs',
    severity: 'medium',
    title: {
      en: 'Malformed secrets valueFrom reference',
      ja: 'secrets の valueFrom 参照の形式が不正',
    },
    rationale: {
      en: 'ECS resolves `valueFrom` when the task starts. A Secrets Manager reference must be the full secret ARN, including the `-` and six random characters Secrets Manager appends to the name; a partial ARN can resolve to a different secret and cannot be matched by the IAM policy written for the real ARN. The optional JSON key, version stage and version ID must be given as exactly three colon-separated fields, and stage and ID exclude each other. A Parameter Store reference is a parameter ARN or, in the same Region, the parameter name, where a hierarchical name starts with `/`. A malformed reference makes every task of the service fail to start, or silently injects another value than intended.',
      ja: 'ECS はタスク起動時に `valueFrom` を解決します。Secrets Manager の参照は、Secrets Manager が名前に付ける `-` と 6 文字のランダムな接尾辞を含む完全なシークレット ARN でなければなりません。部分 ARN は別のシークレットに解決され得るうえ、本来の ARN 向けに書いた IAM ポリシーにも一致しません。任意の JSON キー・バージョンステージ・バージョン ID はコロン区切りのちょうど 3 つのフィールドで指定し、ステージと ID は同時に指定できません。パラメータストアの参照はパラメータ ARN か、同じリージョンならパラメータ名で、階層名は `/` で始まります。形式が不正だとサービスのタスクがすべて起動に失敗するか、意図と異なる値が黙って注入されます。',
    },
    remediation: {
      en: 'Copy the complete ARN from `aws secretsmanager describe-secret --secret-id <name> --query ARN` (or `aws ssm get-parameter --name <name> --query Parameter.ARN`), and append `:<json-key>:<version-stage>:<version-id>` with all three fields (empty ones as bare colons) only when you need a key or a version, giving either a stage or an ID.',
      ja: '`aws secretsmanager describe-secret --secret-id <name> --query ARN`（または `aws ssm get-parameter --name <name> --query Parameter.ARN`）で完全な ARN を取得して使い、キーやバージョンが必要な場合だけ `:<json-key>:<version-stage>:<version-id>` を 3 フィールドすべて（空のものはコロンのみ）付けて、ステージか ID のどちらか一方を指定してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html',
      'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html',
      'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'terraform', 'cloudformation'],
    messages: {
      en: {
        secretPartialArn:
          '{field} "{secret}" of container {container} is a partial Secrets Manager ARN: secret name "{name}" lacks the "-" and 6-character suffix of the real ARN',
        secretFieldCount:
          '{field} "{secret}" of container {container} has {count} field(s) after the secret name; write all three (json-key:version-stage:version-id), leaving unused ones empty',
        secretStageAndId:
          '{field} "{secret}" of container {container} gives both version stage "{stage}" and version ID "{id}": they are mutually exclusive',
        malformedArn:
          '{field} "{secret}" of container {container} is not a valid {kind} ARN: expected {expected}',
        unsupportedArn:
          '{field} "{secret}" of container {container} references a "{service}" ARN: valueFrom takes a Secrets Manager secret or a Parameter Store parameter',
        parameterNameNoSlash:
          '{field} "{secret}" of container {container} is read as Parameter Store name "{value}", but a hierarchical parameter name starts with "/" (if this is a Secrets Manager secret name, give its full ARN)',
        parameterNameInvalid:
          '{field} "{secret}" of container {container} is read as Parameter Store name "{value}", which is not a valid name (path segments of a-zA-Z0-9_.- separated by single "/")',
      },
      ja: {
        secretPartialArn:
          'コンテナ {container} の {field} "{secret}" は Secrets Manager の部分 ARN です。シークレット名 "{name}" に実際の ARN の "-" と 6 文字の接尾辞がありません',
        secretFieldCount:
          'コンテナ {container} の {field} "{secret}" はシークレット名の後のフィールドが {count} 個です。json-key:version-stage:version-id の 3 つすべてを書き、使わないものは空にしてください',
        secretStageAndId:
          'コンテナ {container} の {field} "{secret}" はバージョンステージ "{stage}" とバージョン ID "{id}" を両方指定していますが、同時には指定できません',
        malformedArn:
          'コンテナ {container} の {field} "{secret}" は有効な {kind} の ARN ではありません（期待する形式: {expected}）',
        unsupportedArn:
          'コンテナ {container} の {field} "{secret}" は "{service}" の ARN を参照しています。valueFrom に指定できるのは Secrets Manager のシークレットかパラメータストアのパラメータです',
        parameterNameNoSlash:
          'コンテナ {container} の {field} "{secret}" はパラメータストアの名前 "{value}" として読まれますが、階層化したパラメータ名は "/" で始まります（Secrets Manager のシークレット名なら完全な ARN を指定してください）',
        parameterNameInvalid:
          'コンテナ {container} の {field} "{secret}" はパラメータストアの名前 "{value}" として読まれますが、有効な名前ではありません（a-zA-Z0-9_.- のパスセグメントを単一の "/" で区切る形式）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const td of state.aws.ecs.taskDefinitions) {
      for (const c of td.containers) {
        const refs: { field: string; s: EcsSecret }[] = [
          ...c.secrets.map((s) => ({ field: 'secrets', s })),
          ...(c.logConfiguration?.secretOptions ?? []).map((s) => ({
            field: 'logConfiguration.secretOptions',
            s,
          })),
        ];
        for (const { field, s } of refs) {
          if (!isKnown(s.valueFrom) || s.valueFrom.value === '') continue;
          for (const p of valueFromProblems(s.valueFrom.value)) {
            ctx.report({
              at: s.valueFrom.src,
              resource: td,
              messageId: p.kind,
              data: {
                ...p.data,
                field,
                secret: s.name.value,
                container: containerName(c),
                value: s.valueFrom.value,
              },
            });
          }
        }
      }
    }
  },
});

export interface ValueFromProblem {
  kind:
    | 'secretPartialArn'
    | 'secretFieldCount'
    | 'secretStageAndId'
    | 'malformedArn'
    | 'unsupportedArn'
    | 'parameterNameNoSlash'
    | 'parameterNameInvalid';
  data: Record<string, string | number>;
}

const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
/** Secrets Manager appends `-` and six random alphanumerics to the name. */
const SECRET_SUFFIX = /-[A-Za-z0-9]{6}$/;
const PARAMETER_NAME = /^[A-Za-z0-9_.\-/]+$/;
/** Parameter Store's pass-through to Secrets Manager: the tail is a secret name (`+=@` allowed). */
const SECRETS_MANAGER_REFERENCE = '/aws/reference/secretsmanager/';

/** A template placeholder (`${X}`, `{{ x }}`, `<region>`): the real value is filled in later. */
const TEMPLATE = /\$\{[^}]*\}|\{\{[^}]*\}\}|<[^<>]+>/;

const SECRET_FORM =
  'arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 chars>[:<json-key>:<version-stage>:<version-id>]';
const PARAMETER_FORM = 'arn:aws:ssm:<region>:<account>:parameter/<name>';

/** What is wrong with one `valueFrom`; empty when it is well formed (or not statically judgeable). */
export function valueFromProblems(value: string): ValueFromProblem[] {
  if (TEMPLATE.test(value)) return [];
  if (!value.startsWith('arn:')) return parameterNameProblems(value);
  const parts = value.split(':');
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const kind = service === 'ssm' ? 'Parameter Store' : 'Secrets Manager';
  const expected = service === 'ssm' ? PARAMETER_FORM : SECRET_FORM;
  const malformed: ValueFromProblem = { kind: 'malformedArn', data: { kind, expected } };
  if (service !== 'secretsmanager' && service !== 'ssm') {
    return parts.length >= 6 && service !== ''
      ? [{ kind: 'unsupportedArn', data: { service } }]
      : [malformed];
  }
  if (parts.length < 6 || !PARTITION.test(partition) || !REGION.test(region) || !ACCOUNT.test(account))
    return [malformed];
  return service === 'ssm' ? parameterArnProblems(parts, malformed) : secretArnProblems(parts, malformed);
}

function secretArnProblems(parts: string[], malformed: ValueFromProblem): ValueFromProblem[] {
  const [type, name = '', ...fields] = parts.slice(5);
  if (type !== 'secret' || name === '') return [malformed];
  const out: ValueFromProblem[] = [];
  if (!SECRET_SUFFIX.test(name)) out.push({ kind: 'secretPartialArn', data: { name } });
  if (fields.length !== 0 && fields.length !== 3) {
    out.push({ kind: 'secretFieldCount', data: { count: fields.length } });
  } else if (fields.length === 3 && fields[1] && fields[2]) {
    out.push({ kind: 'secretStageAndId', data: { stage: fields[1], id: fields[2] } });
  }
  return out;
}

function parameterArnProblems(parts: string[], malformed: ValueFromProblem): ValueFromProblem[] {
  // Parameter names cannot contain ':', so the resource is the sixth field and the last.
  const resource = parts.slice(5).join(':');
  if (parts.length !== 6 || !resource.startsWith('parameter/')) return [malformed];
  const name = resource.slice('parameter'.length);
  return name === '/' || name.startsWith('//') || nameProblem(name) !== undefined ? [malformed] : [];
}

function parameterNameProblems(name: string): ValueFromProblem[] {
  const kind = nameProblem(name);
  return kind === undefined ? [] : [{ kind, data: {} }];
}

/** Why a Parameter Store name is invalid, or undefined when it is valid. */
function nameProblem(name: string): 'parameterNameNoSlash' | 'parameterNameInvalid' | undefined {
  if (name.includes('/') && !name.startsWith('/')) return 'parameterNameNoSlash';
  if (name.includes('//') || name.endsWith('/')) return 'parameterNameInvalid';
  if (name.startsWith(SECRETS_MANAGER_REFERENCE)) return undefined;
  return PARAMETER_NAME.test(name) ? undefined : 'parameterNameInvalid';
}

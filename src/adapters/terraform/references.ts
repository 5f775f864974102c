/**
 * What a Terraform reference means on AWS. The evaluator (parse/hcl) leaves `aws_iam_role.exec.arn`
 * as a generic `Reference` (root module, address, type, attribute, name); this adapter-side module
 * gives it its AWS meaning and renders the `aws_iam_policy_document` data source, through the
 * evaluator's hooks.
 *
 * A computed identifier of a resource hako models becomes a stand-in that matches what the adapter
 * records for that resource (model/aws/ref.ts): `arn:aws:iam::<unknown>:role/NAME` (the account is
 * not knowable offline), `arn:aws:iam::<unknown>:policy/NAME`,
 * `arn:aws:ecs:<unknown>:<unknown>:task-definition/FAMILY`, `arn:aws:ecs:<unknown>:<unknown>:cluster/NAME`,
 * `arn:aws:secretsmanager:<unknown>:<unknown>:secret:NAME-<unknown>` (the random suffix too);
 * `id` of a role is its name, of a cluster its ARN. Any other reference stays unresolved (and
 * keeps its `ref`).
 */
import { tfClusterIssuerHost, tfOidcProviderArn, tfOidcProviderHost } from '../../model/aws/eks.js';
import {
  tfClusterArn,
  tfPolicyArn,
  tfRoleArn,
  tfSecretArn,
  tfTaskDefinitionArn,
} from '../../model/aws/ref.js';
import type { Src } from '../../model/source.js';
import { type EvalEnv, type EvalHooks, evalBody } from '../../parse/hcl/evaluate.js';
import type { HclBlock } from '../../parse/hcl/syntax.js';
import {
  type MapEntry,
  type Node,
  type Reference,
  referenceOf,
  renderReferences as renderAll,
} from '../../parse/tree.js';

/** The AWS identifier a reference stands for, when hako models it. */
export function referenceText(ref: Pick<Reference, 'type' | 'attribute' | 'name'>): string | undefined {
  const { type, attribute: attr, name } = ref;
  switch (type) {
    case 'aws_iam_role':
      if (attr === 'arn') return tfRoleArn(name);
      if (attr === 'id' || attr === 'name') return name;
      return undefined;
    case 'aws_iam_policy':
      if (attr === 'arn' || attr === 'id') return tfPolicyArn(name);
      if (attr === 'name') return name;
      return undefined;
    case 'aws_ecs_task_definition':
      if (attr === 'arn' || attr === 'arn_without_revision' || attr === 'id')
        return tfTaskDefinitionArn(name);
      if (attr === 'family') return name;
      return undefined;
    case 'aws_ecs_cluster':
      if (attr === 'arn' || attr === 'id') return tfClusterArn(name);
      if (attr === 'name') return name;
      return undefined;
    // IRSA: the provider's ARN and URL and the cluster's issuer are known only after apply
    case 'aws_iam_openid_connect_provider':
      if (attr === 'arn' || attr === 'id') return tfOidcProviderArn(name);
      if (attr === 'url') return `https://${tfOidcProviderHost(name)}`;
      return undefined;
    case 'aws_eks_cluster':
      // `identity[0].oidc[0].issuer`: the only leaf of `identity`
      return attr === 'identity' ? `https://${tfClusterIssuerHost(name)}` : undefined;
    case 'aws_secretsmanager_secret':
      if (attr === 'arn' || attr === 'id') return tfSecretArn(name);
      if (attr === 'name') return name;
      return undefined;
    default:
      return undefined;
  }
}

export { referenceOf };

/** Every reference under `n` that hako models, as its AWS identifier (a new tree; `n` is not changed). */
export function renderReferences(n: Node): Node {
  return renderAll(n, (ref, at) => {
    const text = referenceText(ref);
    return text === undefined ? undefined : { kind: 'scalar', value: text, src: at.src };
  });
}

const MAX_DEPTH = 64;

/** The hooks the Terraform adapter gives the evaluator. */
export const awsHooks: EvalHooks = {
  text: (ref) => referenceText(ref),
  data: (block, attr, env, at) =>
    block.labels[0] === 'aws_iam_policy_document' && (attr === 'json' || attr === 'minified_json')
      ? policyDocumentNode(block, env, at)
      : undefined,
};

/**
 * `data "aws_iam_policy_document"` as the JSON policy it renders, each part at the block or
 * argument it comes from. Documents merged from other documents (`source_policy_documents`,
 * `override_policy_documents`) or with dynamic statements are unresolved.
 */
function policyDocumentNode(block: HclBlock, env: EvalEnv, at: Src): Node {
  const { m, depth } = env;
  const merged = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];
  if (block.attributes.some((a) => merged.includes(a.name)))
    return { kind: 'unresolved', expr: 'aws_iam_policy_document with merged documents', src: at };
  if (depth > MAX_DEPTH) return { kind: 'unresolved', expr: 'aws_iam_policy_document', src: at };
  const body = evalBody(block, { m, file: block.file, depth: depth + 1 });
  const field = (n: Node | undefined, k: string) =>
    n?.kind === 'map' ? n.entries.findLast((x) => x.key === k) : undefined;
  const statements = field(body, 'statement')?.value;
  if (statements?.kind === 'unresolved') return { ...statements, src: at };
  const version = field(body, 'version');
  const entries: MapEntry[] = [
    version
      ? { key: 'Version', keySrc: version.keySrc, value: version.value }
      : { key: 'Version', keySrc: body.src, value: { kind: 'scalar', value: '2012-10-17', src: body.src } },
  ];
  const list = statements?.kind === 'seq' ? statements.items : [];
  const principals = (st: Node, k: string): MapEntry | undefined => {
    const blocks = field(st, k);
    if (!blocks) return undefined;
    if (blocks.value.kind !== 'seq') return { key: k, keySrc: blocks.keySrc, value: blocks.value };
    const byType: MapEntry[] = [];
    for (const p of blocks.value.items) {
      const type = field(p, 'type');
      const ids = field(p, 'identifiers');
      if (!type || !ids) continue;
      if (type.value.kind !== 'scalar') return { key: k, keySrc: blocks.keySrc, value: type.value };
      const t = String(type.value.value);
      if (t === '*')
        return { key: k, keySrc: blocks.keySrc, value: { kind: 'scalar', value: '*', src: p.src } };
      const prev = byType.find((x) => x.key === t);
      if (prev && prev.value.kind === 'seq' && ids.value.kind === 'seq')
        prev.value = { ...prev.value, items: [...prev.value.items, ...ids.value.items] };
      else byType.push({ key: t, keySrc: type.value.src, value: ids.value });
    }
    return { key: k, keySrc: blocks.keySrc, value: { kind: 'map', entries: byType, src: blocks.value.src } };
  };
  const items = list.map((st): Node => {
    const out: MapEntry[] = [];
    const copy = (from: string, to: string) => {
      const f = field(st, from);
      if (f) out.push({ key: to, keySrc: f.keySrc, value: f.value });
    };
    copy('sid', 'Sid');
    const effect = field(st, 'effect');
    out.push(
      effect
        ? { key: 'Effect', keySrc: effect.keySrc, value: effect.value }
        : { key: 'Effect', keySrc: st.src, value: { kind: 'scalar', value: 'Allow', src: st.src } },
    );
    copy('actions', 'Action');
    copy('not_actions', 'NotAction');
    copy('resources', 'Resource');
    copy('not_resources', 'NotResource');
    for (const [k, to] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const p = principals(st, k);
      if (p) out.push({ ...p, key: to });
    }
    const cond = field(st, 'condition');
    if (cond) {
      if (cond.value.kind !== 'seq') out.push({ key: 'Condition', keySrc: cond.keySrc, value: cond.value });
      else {
        const tests: MapEntry[] = [];
        for (const c of cond.value.items) {
          const test = field(c, 'test');
          const variable = field(c, 'variable');
          const values = field(c, 'values');
          if (!test || !variable || !values) continue;
          if (test.value.kind !== 'scalar' || variable.value.kind !== 'scalar') {
            tests.length = 0;
            out.push({
              key: 'Condition',
              keySrc: cond.keySrc,
              value: { kind: 'unresolved', expr: 'condition', src: c.src },
            });
            break;
          }
          const t = String(test.value.value);
          let group = tests.find((x) => x.key === t);
          if (!group) {
            group = { key: t, keySrc: test.value.src, value: { kind: 'map', entries: [], src: c.src } };
            tests.push(group);
          }
          if (group.value.kind === 'map')
            group.value.entries.push({
              key: String(variable.value.value),
              keySrc: variable.value.src,
              value: values.value,
            });
        }
        if (tests.length > 0)
          out.push({
            key: 'Condition',
            keySrc: cond.keySrc,
            value: { kind: 'map', entries: tests, src: cond.value.src },
          });
      }
    }
    return { kind: 'map', entries: out, src: st.src };
  });
  entries.push({
    key: 'Statement',
    keySrc: statements ? (field(body, 'statement')?.keySrc ?? body.src) : body.src,
    value: { kind: 'seq', items, src: statements?.src ?? body.src },
  });
  return { kind: 'map', entries, src: body.src };
}

/**
 * Format detection and dispatch: a file's text → parser → shape detection per document → adapter.
 * JSON files are recognised by their shape (the AWS CLI input or output they are); a file of no
 * known kind is said so (in `skipped` when found by a directory walk, as HAKO-001 when named).
 */
import type { State } from '../model/state.js';
import { ignoreComments } from '../parse/cloudformation.js';
import type { ParsedDoc, ParseError } from '../parse/common.js';
import { jsonFromString } from '../parse/hcl/evaluate.js';
import { parseJson } from '../parse/json.js';
import { isMap, isSeq, type Node } from '../parse/tree.js';
import { parseYaml } from '../parse/yaml.js';
import { adaptCloudFormation, looksLikeCloudFormation } from './cloudformation/index.js';
import { adaptEcrJson, ecrJsonKind } from './ecr/json.js';
import { adaptEcsJson, ecsJsonKind } from './ecs/json.js';
import { adaptEksAddonJson, eksAddonJson } from './eks/addon.js';
import { adaptEksJson, eksJsonKind } from './eks/json.js';
import { adaptIamJson, iamJsonKind } from './iam/json.js';
import { adaptK8sDocument, type K8sAdaptOptions, looksLikeK8s } from './k8s/object.js';
import { adaptK8sViews } from './k8s/typed.js';
import { buildWorkload } from './k8s/workload.js';
import { isTerraformPlan, type PlanDoc } from './terraform/plan.js';

export type Syntax = 'json' | 'yaml';

export interface AdaptOutcome {
  /** What the file was recognised as, e.g. `kubernetes`, `ecs-task-definition`, `iam-authorization-details`. */
  kinds: string[];
  resources: number;
  errors: ParseError[];
  /** Documents of no known kind (0-based index with the line where they start). */
  unknown: { index: number; line: number }[];
  /** Terraform plan/state JSON: adapted with the `.tf` files of the scan, after all files are read. */
  plans: PlanDoc[];
}

export function syntaxOf(file: string, text: string): Syntax | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (file === '-' || file === '<stdin>') return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
  return undefined;
}

export function parseText(file: string, syntax: Syntax, text: string) {
  return syntax === 'json' ? parseJson(file, text) : parseYaml(file, text);
}

export function adaptText(
  file: string,
  syntax: Syntax,
  text: string,
  state: State,
  k8s: K8sAdaptOptions = {},
): AdaptOutcome {
  const parsed = parseText(file, syntax, text);
  const out: AdaptOutcome = { kinds: [], resources: 0, errors: [...parsed.errors], unknown: [], plans: [] };
  for (const doc of parsed.docs) adaptDoc(file, doc, state, out, k8s, syntax === 'yaml' ? text : undefined);
  return out;
}

function adaptDoc(
  file: string,
  doc: ParsedDoc,
  state: State,
  out: AdaptOutcome,
  k8s: K8sAdaptOptions,
  yamlText?: string,
): void {
  const n: Node = doc.node;
  const note = (kind: string, count: number) => {
    if (!out.kinds.includes(kind)) out.kinds.push(kind);
    out.resources += count;
  };
  if (looksLikeCloudFormation(n)) {
    const ignores = yamlText === undefined ? undefined : ignoreComments(file, yamlText);
    note('cloudformation', adaptCloudFormation(file, n, state, out.errors, ignores));
    return;
  }
  if (isTerraformPlan(n)) {
    if (isMap(n)) out.plans.push({ file, node: n });
    note('terraform-plan', 0);
    return;
  }
  if (looksLikeK8s(n)) {
    const count = adaptK8sInto(n, doc.index, file, out.errors, state, k8s);
    if (count > 0) note('kubernetes', count);
    return;
  }
  const ecs = ecsJsonKind(n);
  if (ecs) {
    note(ecs, adaptEcsJson(ecs, n, file, state));
    return;
  }
  const iam = iamJsonKind(n);
  if (iam) {
    note(iam, adaptIamJson(iam, n, state));
    return;
  }
  const eksJson = eksJsonKind(n);
  if (eksJson) {
    note(eksJson, adaptEksJson(eksJson, n, state));
    return;
  }
  if (eksAddonJson(n)) {
    note(
      'eks-addon',
      adaptEksAddonJson(n, file, state, (v) => jsonFromString(v)),
    );
    return;
  }
  const ecr = ecrJsonKind(n);
  if (ecr) {
    note(ecr, adaptEcrJson(ecr, n, state));
    return;
  }
  if (isMap(n) && n.entries.length === 0) return;
  if (isSeq(n) && n.items.length === 0) return;
  out.unknown.push({ index: doc.index, line: n.src.startLine });
}

/**
 * One Kubernetes document (or List) into the model: its objects, workload views and typed views.
 * The views read the positioned tree; the model keeps the views, not the tree. How many objects.
 * The loader and the webhook (which builds the tree from the request itself) both call it.
 */
export function adaptK8sInto(
  n: Node,
  index: number,
  file: string,
  errors: ParseError[],
  state: State,
  opts: K8sAdaptOptions = {},
): number {
  const docs = adaptK8sDocument(n, index, file, errors, opts);
  for (const d of docs) state.k8s.objects.push(d.object);
  state.k8s.workloads.push(...docs.flatMap((d) => buildWorkload(d.object, d.node) ?? []));
  adaptK8sViews(docs, state);
  return docs.length;
}

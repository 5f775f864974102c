/**
 * ECR lifecycle policy validation (aws-container-facts.md D1): what PutLifecyclePolicy rejects, each
 * problem located at the value that causes it. Shared by ECR-006 and the lifecycle simulator (ECR-007).
 * Works on the positioned JSON tree, so a policy written with `jsonencode` or in YAML points at the
 * exact line; one written as a JSON string points at the string. Unresolved values are skipped.
 */
import type { Src } from '../../model/source.js';
import { entry, isMap, isScalar, isSeq, type Node } from '../../parse/tree.js';

export type LifecycleProblemCode =
  | 'notAnObject'
  | 'noRules'
  | 'priorityMissing'
  | 'priorityInvalid'
  | 'duplicatePriority'
  | 'anyNotLast'
  | 'tagStatusInvalid'
  | 'taggedWithoutList'
  | 'untaggedWithList'
  | 'bothLists'
  | 'tooManyWildcards'
  | 'multipleUntagged'
  | 'countTypeInvalid'
  | 'countUnitWithImageCount'
  | 'countUnitMissing'
  | 'countUnitInvalid'
  | 'countNumberInvalid'
  | 'actionInvalid'
  | 'transitionTarget'
  | 'tooLong'
  /** Valid, but a common misreading (mistake #46): several prefixes must ALL match one image's tags. */
  | 'prefixesAnded';

export interface LifecycleProblem {
  code: LifecycleProblemCode;
  src: Src;
  /** Values for the message (priority, value, pattern…). */
  data: Record<string, string | number>;
}

export const MAX_POLICY_LENGTH = 30720;
const COUNT_TYPES = ['imageCountMoreThan', 'sinceImagePushed', 'sinceImagePulled', 'sinceImageTransitioned'];
const TAG_STATUS = ['tagged', 'untagged', 'any'];
const ACTIONS = ['expire', 'transition'];

const known = (n: Node | undefined): n is Extract<Node, { kind: 'scalar' }> => isScalar(n);
const val = (n: Node | undefined, k: string) => entry(n, k)?.value;

export function validateLifecyclePolicy(policy: Node, text?: string): LifecycleProblem[] {
  const out: LifecycleProblem[] = [];
  const add = (code: LifecycleProblemCode, src: Src, data: Record<string, string | number> = {}) =>
    out.push({ code, src, data });
  if (policy.kind === 'unresolved') return out;
  if (!isMap(policy)) {
    add('notAnObject', policy.src);
    return out;
  }
  if (text !== undefined && text.length > MAX_POLICY_LENGTH)
    add('tooLong', policy.src, { length: text.length, max: MAX_POLICY_LENGTH });
  const rulesNode = val(policy, 'rules');
  if (rulesNode?.kind === 'unresolved') return out;
  if (!isSeq(rulesNode) || rulesNode.items.length === 0) {
    add('noRules', rulesNode?.src ?? policy.src);
    return out;
  }
  const priorities = new Map<number, Src>();
  let anyRule: { priority: number; src: Src } | undefined;
  let maxPriority = Number.NEGATIVE_INFINITY;
  let untagged = 0;
  for (const rule of rulesNode.items) {
    if (!isMap(rule)) {
      add('notAnObject', rule.src);
      continue;
    }
    const p = val(rule, 'rulePriority');
    let priority: number | undefined;
    if (p === undefined) add('priorityMissing', rule.src);
    else if (known(p)) {
      const n = typeof p.value === 'number' ? p.value : Number(p.value);
      if (!Number.isInteger(n) || n < 1) add('priorityInvalid', p.src, { value: String(p.value) });
      else {
        priority = n;
        if (priorities.has(n)) add('duplicatePriority', p.src, { priority: n });
        priorities.set(n, p.src);
        maxPriority = Math.max(maxPriority, n);
      }
    }
    const sel = val(rule, 'selection');
    if (isMap(sel))
      selection(sel, priority, add, (s) => {
        if (s === 'any' && priority !== undefined)
          anyRule = { priority, src: val(sel, 'tagStatus')?.src ?? sel.src };
        if (s === 'untagged') {
          untagged++;
          if (untagged > 1) add('multipleUntagged', val(sel, 'tagStatus')?.src ?? sel.src);
        }
      });
    const action = val(rule, 'action');
    const type = val(action, 'type');
    if (known(type) && !ACTIONS.includes(String(type.value)))
      add('actionInvalid', type.src, { value: String(type.value) });
    const target = val(action, 'targetStorageClass');
    if (known(type) && type.value === 'transition' && !(known(target) && target.value === 'archive'))
      add('transitionTarget', target?.src ?? type.src, {
        value: known(target) ? String(target.value) : '(missing)',
      });
  }
  const a = anyRule;
  if (a && a.priority < maxPriority) add('anyNotLast', a.src, { priority: a.priority, max: maxPriority });
  return out.sort((x, y) => x.src.startLine - y.src.startLine || x.src.startColumn - y.src.startColumn);
}

function selection(
  sel: Extract<Node, { kind: 'map' }>,
  _priority: number | undefined,
  add: (code: LifecycleProblemCode, src: Src, data?: Record<string, string | number>) => void,
  status: (s: string) => void,
): void {
  const tagStatus = val(sel, 'tagStatus');
  const prefixes = val(sel, 'tagPrefixList');
  const patterns = val(sel, 'tagPatternList');
  if (known(tagStatus)) {
    const s = String(tagStatus.value);
    if (!TAG_STATUS.includes(s)) add('tagStatusInvalid', tagStatus.src, { value: s });
    status(s);
    if (s === 'tagged' && prefixes === undefined && patterns === undefined)
      add('taggedWithoutList', tagStatus.src);
    if (s === 'untagged' && (prefixes ?? patterns))
      add('untaggedWithList', (prefixes ?? patterns)?.src ?? tagStatus.src);
  } else if (tagStatus === undefined) add('tagStatusInvalid', sel.src, { value: '(missing)' });
  if (prefixes !== undefined && patterns !== undefined) add('bothLists', patterns.src);
  if (isSeq(patterns))
    for (const p of patterns.items)
      if (known(p) && (String(p.value).match(/\*/g)?.length ?? 0) > 4)
        add('tooManyWildcards', p.src, { pattern: String(p.value) });
  if (isSeq(prefixes) && prefixes.items.length > 1 && prefixes.items.every(known))
    add('prefixesAnded', prefixes.src, {
      prefixes: prefixes.items.map((p) => (known(p) ? String(p.value) : '')).join(', '),
    });
  const countType = val(sel, 'countType');
  const countUnit = val(sel, 'countUnit');
  const countNumber = val(sel, 'countNumber');
  if (known(countType)) {
    const t = String(countType.value);
    if (!COUNT_TYPES.includes(t)) add('countTypeInvalid', countType.src, { value: t });
    else if (t === 'imageCountMoreThan' && countUnit !== undefined)
      add('countUnitWithImageCount', countUnit.src);
    else if (t !== 'imageCountMoreThan' && countUnit === undefined)
      add('countUnitMissing', countType.src, { value: t });
  } else if (countType === undefined) add('countTypeInvalid', sel.src, { value: '(missing)' });
  if (known(countUnit) && countUnit.value !== 'days')
    add('countUnitInvalid', countUnit.src, { value: String(countUnit.value) });
  if (countNumber === undefined) add('countNumberInvalid', sel.src, { value: '(missing)' });
  else if (known(countNumber)) {
    const n = typeof countNumber.value === 'number' ? countNumber.value : Number.NaN;
    if (!Number.isInteger(n) || n < 1)
      add('countNumberInvalid', countNumber.src, { value: String(countNumber.value) });
  }
}

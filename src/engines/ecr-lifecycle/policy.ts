/**
 * A positioned lifecycle policy made ready for the simulator: validated first (every AWS rule,
 * ECR-006's validator), never simulated when invalid or not fully resolved, with where each rule is
 * written (for findings) and the rule priority of each validation problem (for `hako ecr lifecycle`).
 */
import type { Src } from '../../model/source.js';
import { hasUnresolved, isMap, isSeq, type Node, toPlain } from '../../parse/tree.js';
import { type LifecycleRule, rulesOf } from './evaluate.js';
import { type LifecycleProblem, validateLifecyclePolicy } from './validate.js';

export interface PreparedPolicy {
  /** Present only when the policy is valid and fully known. */
  rules?: LifecycleRule[];
  /** What PutLifecyclePolicy rejects (the `prefixesAnded` advice is not a rejection). */
  problems: (LifecycleProblem & { priority?: number })[];
  unresolved: boolean;
  /** Where each rule is written, by priority. */
  ruleSrc: Map<number, Src>;
}

const inside = (outer: Src, inner: Src) =>
  (inner.startLine > outer.startLine ||
    (inner.startLine === outer.startLine && inner.startColumn >= outer.startColumn)) &&
  (inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn));

export function preparePolicy(node: Node, text?: string): PreparedPolicy {
  const ruleNodes = isMap(node) ? node.entries.find((e) => e.key === 'rules')?.value : undefined;
  const ruleItems = isSeq(ruleNodes) ? ruleNodes.items : [];
  const ruleSrc = new Map<number, Src>();
  const priorityOf = (n: Node): number | undefined => {
    const p = isMap(n) ? n.entries.find((e) => e.key === 'rulePriority')?.value : undefined;
    return p?.kind === 'scalar' && typeof p.value === 'number' ? p.value : undefined;
  };
  for (const r of ruleItems) {
    const p = priorityOf(r);
    if (p !== undefined && !ruleSrc.has(p)) ruleSrc.set(p, r.src);
  }
  const problems = validateLifecyclePolicy(node, text)
    .filter((p) => p.code !== 'prefixesAnded')
    .map((p) => {
      // a problem inside a rule names that rule's priority; a policy written as one string (all
      // positions collapsed to the string) cannot say which rule, unless the problem names it
      const rule = ruleItems.find((r) => r.src.startLine !== r.src.endLine && inside(r.src, p.src));
      const priority = rule
        ? priorityOf(rule)
        : typeof p.data.priority === 'number'
          ? p.data.priority
          : undefined;
      return priority !== undefined ? { ...p, priority } : p;
    });
  const unresolved = hasUnresolved(node);
  const out: PreparedPolicy = { problems, unresolved, ruleSrc };
  if (problems.length === 0 && !unresolved) out.rules = rulesOf(toPlain(node));
  return out;
}

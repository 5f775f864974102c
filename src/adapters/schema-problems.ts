/**
 * Schema problems as model data. Every adapter records what it read "as written"
 * (`state.inputs.schemaChecks`, a task definition's `shapeCheck`); once every input is read, this
 * pass validates each one once and stores the problems on the model, so HAKO-003 and ECS-017 only
 * report them.
 *
 * One problem, one finding: a problem on a field that a service rule validates itself is marked
 * `coveredBy` that rule (the model says which fields those are, not the finding's position), and
 * HAKO-003 leaves it to that rule when the rule runs in the scan. Alone (`--rules HAKO-003`) it
 * is reported.
 */
import {
  type SchemaProblem,
  type SchemaProblemKind,
  toSchemaProblem,
  validateResource,
} from '../engines/resource-schema/index.js';
import { loadShapes, validateShape } from '../engines/shape/index.js';
import { isKnown, type Src } from '../model/source.js';
import type { State } from '../model/state.js';

/** A field a service rule validates: problems of these kinds at its start are the rule's. */
interface Covered {
  rule: string;
  kinds: SchemaProblemKind[];
}

const spot = (s: Src) => `${s.file}\0${s.startLine}\0${s.startColumn}`;

/**
 * The fields service rules validate, by position. ECR-008: a replication filter's type (enum,
 * required), its keys, and a filter outside 2–256 characters.
 */
function coveredFields(state: State): Map<string, Covered> {
  const out = new Map<string, Covered>();
  const add = (src: Src, rule: string, kinds: SchemaProblemKind[]) => {
    const prev = out.get(spot(src));
    out.set(spot(src), { rule, kinds: [...(prev?.kinds ?? []), ...kinds] });
  };
  for (const conf of state.aws.ecr.replication)
    for (const rule of conf.rules)
      for (const f of rule.repositoryFilters) {
        for (const k of f.unknownKeys) add(k.src, 'ECR-008', ['unknown-key']);
        if (f.filterType.origin === 'default') add(f.src, 'ECR-008', ['missing-required']);
        else add(f.filterType.src, 'ECR-008', ['invalid-enum', 'wrong-type']);
        if (isKnown(f.filter) && (f.filter.value.length < 2 || f.filter.value.length > 256))
          add(f.filter.origin === 'default' ? f.src : f.filter.src, 'ECR-008', ['invalid-value']);
      }
  return out;
}

/** Validates every recorded check once and stores its problems (idempotent). */
export function recordSchemaProblems(state: State): void {
  const covered = coveredFields(state);
  const mark = (p: SchemaProblem): SchemaProblem => {
    const c = covered.get(spot(p.src));
    return c?.kinds.includes(p.kind) ? { ...p, coveredBy: c.rule } : p;
  };
  for (const c of state.inputs.schemaChecks) c.problems ??= validateResource(c).map(mark);
  const tds = state.aws.ecs.taskDefinitions.filter((td) => td.shapeCheck && !td.shapeProblems);
  if (tds.length === 0) return;
  const model = loadShapes('ecs');
  for (const td of tds) {
    if (!td.shapeCheck) continue;
    const { shape, node, options } = td.shapeCheck;
    td.shapeProblems = validateShape(model, shape, node, options).map(toSchemaProblem);
  }
}

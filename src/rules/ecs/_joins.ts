/**
 * Joins between the ECS resources of one scan: a service to the cluster it runs in and to the task
 * definition it runs. A reference that matches nothing scanned gives `undefined`, and rules that
 * need the other side then stay silent (hako judges only what it can see).
 */
import {
  clusterName,
  type EcsCluster,
  type EcsService,
  type TaskDefinition,
  taskDefinitionFamily,
} from '../../model/aws/ecs.js';
import type { Resource } from '../../model/resource.js';
import { isKnown, isTrue } from '../../model/source.js';
import type { State } from '../../model/state.js';

/**
 * The scanned cluster of a service. `cluster` / `clusterArn` is a name or an ARN (default
 * `default`): ARNs are compared whole when the cluster file has one (describe output), otherwise
 * the name is compared (a create-cluster input has no ARN yet).
 */
export function serviceCluster(state: State, svc: EcsService): EcsCluster | undefined {
  if (!isKnown(svc.cluster)) return undefined;
  const ref = svc.cluster.value;
  const isArn = ref.startsWith('arn:');
  const name = clusterName(ref);
  return state.aws.ecs.clusters.find((c) => {
    if (isArn && isKnown(c.arn)) return c.arn.value === ref;
    return isKnown(c.name) ? c.name.value === name : standsFor(c, name);
  });
}

/**
 * A resource whose name is unresolved is referred to by its address: the Terraform evaluator and
 * the CloudFormation resolver build the stand-in ARN of a reference (`aws_ecs_cluster.main.arn`,
 * `!GetAtt Cluster.Arn`) from the block address or logical ID when the name is not knowable, so an
 * unknown name still joins to the resource the reference names.
 */
function standsFor(r: Resource, name: string): boolean {
  return r.ref.address === name || r.ref.name === name;
}

export interface TaskDefinitionRef {
  family: string;
  revision?: number;
  /** The full ARN when the reference is one. */
  arn?: string;
}

/** Parses a service's `taskDefinition`: `family`, `family:revision` or a full task-definition ARN. */
export function parseTaskDefinitionRef(ref: string): TaskDefinitionRef {
  const family = taskDefinitionFamily(ref);
  const rev = /:(\d+)$/.exec(ref);
  return {
    family,
    ...(rev?.[1] !== undefined ? { revision: Number(rev[1]) } : {}),
    ...(ref.startsWith('arn:') ? { arn: ref } : {}),
  };
}

/**
 * The scanned task definition a service runs. Candidates share the family; a task definition
 * whose ARN is known and differs from an ARN reference (another account or Region) never matches.
 * - `family:revision` / ARN: the describe output with that revision, else a register input of the
 *   family (it has no revision until registered, so it is taken to be the file that revision came from).
 * - `family` alone means the latest ACTIVE revision: a register input of the family (what the next
 *   deployment registers), else the highest revision scanned.
 */
export function serviceTaskDefinition(state: State, svc: EcsService): TaskDefinition | undefined {
  if (!isKnown(svc.taskDefinition)) return undefined;
  const want = parseTaskDefinitionRef(svc.taskDefinition.value);
  const same = state.aws.ecs.taskDefinitions.filter(
    (td) =>
      (isKnown(td.family) ? td.family.value === want.family : standsFor(td, want.family)) &&
      !(want.arn !== undefined && isKnown(td.arn) && td.arn.value !== want.arn),
  );
  const unregistered = same.find((td) => td.revision === undefined);
  if (want.revision !== undefined) {
    return same.find((td) => isKnown(td.revision) && td.revision.value === want.revision) ?? unregistered;
  }
  if (unregistered) return unregistered;
  let best: TaskDefinition | undefined;
  for (const td of same) {
    if (isKnown(td.revision) && (best?.revision === undefined || td.revision.value > best.revision.value))
      best = td;
  }
  return best;
}

export interface ExecService {
  svc: EcsService;
  /** Undefined when the cluster is not among the scanned files. */
  cluster: EcsCluster | undefined;
  /** Undefined when the task definition is not among the scanned files. */
  td: TaskDefinition | undefined;
}

/** Every service with `enableExecuteCommand: true`, joined to its cluster and task definition. */
export function* execServices(state: State): Generator<ExecService> {
  for (const svc of state.aws.ecs.services) {
    if (!isTrue(svc.enableExecuteCommand)) continue;
    yield { svc, cluster: serviceCluster(state, svc), td: serviceTaskDefinition(state, svc) };
  }
}

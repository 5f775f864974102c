/**
 * Joins between the ECS resources of one scan: a service to the cluster it runs in and to the task
 * definition it runs, through one index per scan. A reference to a resource of the same Terraform
 * root module / CloudFormation template (a scoped address) finds that resource only; a name or ARN
 * as written is matched as the API would. A reference that matches nothing scanned gives
 * `undefined`, and rules that need the other side then stay silent (hako judges only what it can see).
 */
import {
  clusterName,
  type EcsCluster,
  type EcsService,
  type TaskDefinition,
  taskDefinitionFamily,
} from '../../model/aws/ecs.js';
import { type ScopedAddress, scopedKey } from '../../model/aws/ref.js';
import type { Resource } from '../../model/resource.js';
import { isKnown, isTrue } from '../../model/source.js';
import type { State } from '../../model/state.js';

/** One index per scan (per resource list): every join is a map look-up, not a scan of the list. */
interface Index<T> {
  /** By scoped address (IaC); several instances of one block (`count` / `for_each`) share one. */
  scoped: Map<string, T[]>;
  /** By a known identifier (cluster ARN, cluster name, family), in list order. */
  by: Map<string, T[]>;
  /**
   * Resources whose name is unresolved, by address and by the name they are known by: the
   * Terraform and CloudFormation adapters build the stand-in ARN of a reference from the block
   * address or logical ID when the name is not knowable, so a reference rendered inside a string
   * (no scoped address) still joins the resource it names.
   */
  standIns: Map<string, T[]>;
  position: Map<T, number>;
}

const indexes = new WeakMap<object, { size: number; index: unknown }>();

function indexOf<T extends Resource & { declared?: ScopedAddress }>(
  list: T[],
  keys: (r: T) => string[],
  known: (r: T) => boolean,
): Index<T> {
  const hit = indexes.get(list);
  if (hit && hit.size === list.length) return hit.index as Index<T>;
  const index: Index<T> = { scoped: new Map(), by: new Map(), standIns: new Map(), position: new Map() };
  const add = (m: Map<string, T[]>, k: string, r: T) => {
    const at = m.get(k);
    if (at) {
      if (at[at.length - 1] !== r) at.push(r);
    } else m.set(k, [r]);
  };
  list.forEach((r, i) => {
    index.position.set(r, i);
    if (r.declared) add(index.scoped, scopedKey(r.declared), r);
    for (const k of keys(r)) add(index.by, k, r);
    if (!known(r)) for (const k of [r.ref.address, r.ref.name]) add(index.standIns, k, r);
  });
  indexes.set(list, { size: list.length, index });
  return index;
}

/**
 * The resources a scoped address names: `undefined` without one (join as written); one resource,
 * or none when it is not scanned; several instances of one block: those the written value may pick.
 */
function scopedCandidates<T>(index: Index<T>, s: ScopedAddress | undefined): T[] | undefined {
  return s === undefined ? undefined : (index.scoped.get(scopedKey(s)) ?? []);
}

/** Candidates under several keys, each once, in list order. */
function inOrder<T>(index: Index<T>, ...groups: (T[] | undefined)[]): T[] {
  const out = [...new Set(groups.flatMap((g) => g ?? []))];
  return out.sort((a, b) => (index.position.get(a) ?? 0) - (index.position.get(b) ?? 0));
}

function clusterIndex(state: State): Index<EcsCluster> {
  const keys = (c: EcsCluster) => [
    ...(isKnown(c.arn) ? [`arn\0${c.arn.value}`] : []),
    ...(isKnown(c.name) ? [`name\0${c.name.value}`] : []),
  ];
  return indexOf(state.aws.ecs.clusters, keys, (c) => isKnown(c.name));
}

/**
 * The scanned cluster of a service. A reference to a cluster of the same root module / template
 * finds that cluster. Otherwise `cluster` / `clusterArn` is a name or an ARN (default `default`):
 * ARNs are compared whole when the cluster file has one (describe output), otherwise the name is
 * compared (a create-cluster input has no ARN yet).
 */
export function serviceCluster(state: State, svc: EcsService): EcsCluster | undefined {
  if (!isKnown(svc.cluster)) return undefined;
  const index = clusterIndex(state);
  const scoped = scopedCandidates(index, svc.clusterScoped);
  if (scoped && scoped.length <= 1) return scoped[0];
  const ref = svc.cluster.value;
  const isArn = ref.startsWith('arn:');
  const name = clusterName(ref);
  const byArn = isArn ? index.by.get(`arn\0${ref}`) : undefined;
  // with an ARN reference, a cluster whose ARN is known matches by ARN only
  const byName = (index.by.get(`name\0${name}`) ?? []).filter((c) => !isArn || !isKnown(c.arn));
  const standIns = (index.standIns.get(name) ?? []).filter((c) => !isArn || !isKnown(c.arn));
  return inOrder(index, byArn, byName, standIns).find((c) => !scoped || scoped.includes(c));
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

function taskDefinitionIndex(state: State): Index<TaskDefinition> {
  return indexOf(
    state.aws.ecs.taskDefinitions,
    (td) => (isKnown(td.family) ? [td.family.value] : []),
    (td) => isKnown(td.family),
  );
}

/**
 * The scanned task definition a service runs. A reference to a task definition of the same root
 * module / template finds that task definition. Otherwise candidates share the family; a task
 * definition whose ARN is known and differs from an ARN reference (another account or Region)
 * never matches.
 * - `family:revision` / ARN: the describe output with that revision, else a register input of the
 *   family (it has no revision until registered, so it is taken to be the file that revision came from).
 * - `family` alone means the latest ACTIVE revision: a register input of the family (what the next
 *   deployment registers), else the highest revision scanned.
 */
export function serviceTaskDefinition(state: State, svc: EcsService): TaskDefinition | undefined {
  if (!isKnown(svc.taskDefinition)) return undefined;
  const index = taskDefinitionIndex(state);
  const scoped = scopedCandidates(index, svc.taskDefinitionScoped);
  if (scoped && scoped.length <= 1) return scoped[0];
  const want = parseTaskDefinitionRef(svc.taskDefinition.value);
  const same = inOrder(index, index.by.get(want.family), index.standIns.get(want.family)).filter(
    (td) =>
      !(want.arn !== undefined && isKnown(td.arn) && td.arn.value !== want.arn) &&
      (!scoped || scoped.includes(td)),
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

/** Shared detectors for the ECS rules. */
import type { ContainerDefinition, TaskDefinition } from '../../model/aws/ecs.js';
import { isKnown } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { showWrittenName } from '../_shared/name.js';

/** Every (task definition, container) pair of the scan. */
export function* containers(state: State): Generator<{ td: TaskDefinition; c: ContainerDefinition }> {
  for (const td of state.aws.ecs.taskDefinitions) for (const c of td.containers) yield { td, c };
}

/** Linux task (Windows containers have no user/readonly/privileged support). */
export function isLinux(td: TaskDefinition): boolean {
  return !isKnown(td.osFamily) || !td.osFamily.value.startsWith('WINDOWS');
}

/** The container's name for a message: quoted once, or its expression when unresolved (see showName). */
export function containerName(c: ContainerDefinition): string {
  return showWrittenName(c.name);
}

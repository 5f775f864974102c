/**
 * Port mappings against the task's network mode (ECS-017). With `awsvpc` or `host`, a port
 * mapping's `hostPort` must be omitted or equal its `containerPort`: the container listens on the
 * task's own ENI (awsvpc) or on the instance itself (host), so nothing can remap the port. A
 * dynamic host port (`hostPort` 0 or omitted) or a different one exists only in `bridge` mode,
 * and ECS rejects the task definition otherwise (ECS API reference, `PortMapping.hostPort`; the
 * "awsvpc supports dynamic port allocation" mistake of the domain notes).
 *
 * Only written values are judged: an unresolved network mode or port never fires, and the
 * default network mode (`bridge`) allows any host port.
 */
import type { TaskDefinition } from '../../model/aws/ecs.js';
import { isKnown, type Src } from '../../model/source.js';
import { containerName } from './_helpers.js';

export interface PortMappingProblem {
  src: Src;
  detail: string;
}

/** Network modes in which a host port can only be the container port itself. */
const STATIC_PORT_MODES: ReadonlySet<string> = new Set(['awsvpc', 'host']);

export function portMappingProblems(td: TaskDefinition): PortMappingProblem[] {
  const mode = td.networkMode;
  if (!isKnown(mode) || !STATIC_PORT_MODES.has(mode.value)) return [];
  const out: PortMappingProblem[] = [];
  for (const c of td.containers) {
    c.portMappings.forEach((p, i) => {
      const { hostPort, containerPort } = p;
      if (!isKnown(hostPort) || !isKnown(containerPort) || hostPort.value === containerPort.value) return;
      const host = hostPort.value === 0 ? 'hostPort 0 (a dynamic host port)' : `hostPort ${hostPort.value}`;
      out.push({
        src: hostPort.src,
        detail:
          `container ${containerName(c)} portMappings[${i}]: ${host} with containerPort ${containerPort.value} ` +
          `in networkMode ${mode.value}; ECS rejects it: in awsvpc and host mode hostPort must be omitted or ` +
          `equal containerPort (dynamic or remapped host ports exist only in bridge mode)`,
      });
    });
  }
  return out;
}

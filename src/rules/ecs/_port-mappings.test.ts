import { describe, expect, it } from 'vitest';
import { json } from '../../../test/helpers/run-rule.js';
import { adaptText } from '../../adapters/index.js';
import type { TaskDefinition } from '../../model/aws/ecs.js';
import { unresolved } from '../../model/source.js';
import { emptyState } from '../../model/state.js';
import { portMappingProblems } from './_port-mappings.js';

/** One register-task-definition input with one container holding the given port mappings. */
function taskDefinition(
  networkMode: string | undefined,
  portMappings: Record<string, unknown>[],
): TaskDefinition {
  const state = emptyState();
  adaptText(
    'task.json',
    'json',
    json({
      family: 'web',
      ...(networkMode === undefined ? {} : { networkMode }),
      containerDefinitions: [
        { name: 'web', image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:2.4.1', portMappings },
      ],
    }),
    state,
  );
  const td = state.aws.ecs.taskDefinitions[0];
  if (!td) throw new Error('no task definition adapted');
  return td;
}

const REJECTED = (detail: string) =>
  `container "web" portMappings[0]: ${detail}; ECS rejects it: in awsvpc and host mode hostPort must be omitted or equal containerPort (dynamic or remapped host ports exist only in bridge mode)`;

describe('portMappingProblems', () => {
  it.each([
    // networkMode, port mapping, expected detail (undefined: no problem)
    [
      'awsvpc',
      { containerPort: 8080, hostPort: 80 },
      'hostPort 80 with containerPort 8080 in networkMode awsvpc',
    ],
    [
      'awsvpc',
      { containerPort: 8080, hostPort: 0 },
      'hostPort 0 (a dynamic host port) with containerPort 8080 in networkMode awsvpc',
    ],
    [
      'host',
      { containerPort: 9100, hostPort: 19100 },
      'hostPort 19100 with containerPort 9100 in networkMode host',
    ],
    [
      'host',
      { containerPort: 9100, hostPort: 0 },
      'hostPort 0 (a dynamic host port) with containerPort 9100 in networkMode host',
    ],
    ['awsvpc', { containerPort: 8080, hostPort: 8080 }, undefined],
    ['awsvpc', { containerPort: 8080 }, undefined],
    ['host', { containerPort: 9100, hostPort: 9100, protocol: 'tcp' }, undefined],
    ['bridge', { containerPort: 8080, hostPort: 0 }, undefined],
    ['bridge', { containerPort: 8080, hostPort: 80 }, undefined],
    [undefined, { containerPort: 8080, hostPort: 0 }, undefined], // default bridge
    ['none', { containerPort: 8080, hostPort: 80 }, undefined],
    // a port range has no containerPort to compare with (other checks own that shape)
    ['awsvpc', { containerPortRange: '8000-8010', hostPort: 8000 }, undefined],
  ])('%s %j', (mode, mapping, want) => {
    const problems = portMappingProblems(taskDefinition(mode, [mapping]));
    expect(problems.map((p) => p.detail)).toEqual(want === undefined ? [] : [REJECTED(want)]);
  });

  it('locates the finding at the hostPort value, one per offending mapping', () => {
    const td = taskDefinition('awsvpc', [
      { containerPort: 8080, hostPort: 8080 },
      { containerPort: 8443, hostPort: 443 },
      { containerPort: 9090, hostPort: 0 },
    ]);
    const problems = portMappingProblems(td);
    expect(problems.map((p) => [p.src.startLine, p.src.pointer])).toEqual([
      [15, '/containerDefinitions/0/portMappings/1/hostPort'],
      [19, '/containerDefinitions/0/portMappings/2/hostPort'],
    ]);
    expect(problems.map((p) => p.detail.split(':')[0])).toEqual([
      'container "web" portMappings[1]',
      'container "web" portMappings[2]',
    ]);
  });

  it('never judges an unresolved network mode or port', () => {
    const mode = taskDefinition('awsvpc', [{ containerPort: 8080, hostPort: 80 }]);
    mode.networkMode = unresolved('awsvpc', mode.networkMode.src);
    expect(portMappingProblems(mode)).toEqual([]);

    const host = taskDefinition('awsvpc', [{ containerPort: 8080, hostPort: 80 }]);
    const pm = host.containers[0]?.portMappings[0];
    if (!pm?.hostPort || !pm.containerPort) throw new Error('ports not adapted');
    pm.hostPort = unresolved(0, pm.hostPort.src);
    expect(portMappingProblems(host)).toEqual([]);
    pm.hostPort = { ...pm.containerPort, value: 80 };
    pm.containerPort = unresolved(0, pm.containerPort.src);
    expect(portMappingProblems(host)).toEqual([]);
  });
});

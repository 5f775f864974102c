/**
 * ECS JSON as the AWS CLI takes or prints it:
 * - task definitions: `register-task-definition --cli-input-json` input, `describe-task-definition` output;
 * - services: `create-service` input, `create-service`/`update-service` output (`service`), `describe-services` output;
 * - clusters: `create-cluster` input, `create-cluster` output (`cluster`), `describe-clusters` output.
 */
import type { State } from '../../model/state.js';
import { at, entry, isMap, items, type Node, scalarString } from '../../parse/tree.js';
import { Fields } from '../fields.js';
import { adaptCluster, adaptService } from './service.js';
import { adaptTaskDefinition } from './task-definition.js';

export type EcsJsonKind =
  | 'ecs-task-definition'
  | 'ecs-task-definition-describe'
  | 'ecs-service'
  | 'ecs-services'
  | 'ecs-cluster'
  | 'ecs-clusters';

const has = (n: Node | undefined, k: string) => entry(n, k) !== undefined;

export function ecsJsonKind(n: Node): EcsJsonKind | undefined {
  if (!isMap(n)) return undefined;
  if (has(n, 'containerDefinitions')) return 'ecs-task-definition';
  if (has(at(n, 'taskDefinition'), 'containerDefinitions')) return 'ecs-task-definition-describe';
  if (has(n, 'serviceName') && !has(n, 'services')) return 'ecs-service';
  if (has(at(n, 'service'), 'serviceName')) return 'ecs-service';
  if (items(at(n, 'services')).some((s) => has(s, 'serviceName'))) return 'ecs-services';
  if (has(n, 'clusterName') && !has(n, 'clusters') && !has(n, 'serviceName')) return 'ecs-cluster';
  if (has(at(n, 'cluster'), 'clusterName')) return 'ecs-cluster';
  if (items(at(n, 'clusters')).some((c) => has(c, 'clusterName'))) return 'ecs-clusters';
  return undefined;
}

/** Adapts one document; returns the number of resources added. */
export function adaptEcsJson(kind: EcsJsonKind, n: Node, _file: string, state: State): number {
  const ecs = state.aws.ecs;
  switch (kind) {
    case 'ecs-task-definition':
    case 'ecs-task-definition-describe': {
      const td = kind === 'ecs-task-definition' ? n : (at(n, 'taskDefinition') as Node);
      const family = scalarString(at(td, 'family')) ?? '';
      const t = adaptTaskDefinition(Fields.of(td, td.src), {
        kind: 'TaskDefinition',
        name: family,
        namespace: null,
        address: family,
      });
      t.shapeCheck = {
        node: td,
        shape: kind === 'ecs-task-definition' ? 'RegisterTaskDefinitionRequest' : 'TaskDefinition',
      };
      ecs.taskDefinitions.push(t);
      return 1;
    }
    case 'ecs-service':
    case 'ecs-services': {
      const list = kind === 'ecs-services' ? items(at(n, 'services')) : [at(n, 'service') ?? n];
      for (const s of list) {
        const name = scalarString(at(s, 'serviceName')) ?? '';
        ecs.services.push(
          adaptService(Fields.of(s, s.src), { kind: 'Service', name, namespace: null, address: name }),
        );
      }
      return list.length;
    }
    case 'ecs-cluster':
    case 'ecs-clusters': {
      const list = kind === 'ecs-clusters' ? items(at(n, 'clusters')) : [at(n, 'cluster') ?? n];
      for (const c of list) {
        const name = scalarString(at(c, 'clusterName')) ?? '';
        ecs.clusters.push(
          adaptCluster(Fields.of(c, c.src), { kind: 'Cluster', name, namespace: null, address: name }),
        );
      }
      return list.length;
    }
  }
}

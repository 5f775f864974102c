/** ECS services (CreateService input / DescribeServices output) and clusters into the model. */
import type { EcsCluster, EcsService } from '../../model/aws/ecs.js';
import type { ResourceRef } from '../../model/resource.js';
import { defaulted, unresolved } from '../../model/source.js';
import type { Node } from '../../parse/tree.js';
import type { Fields } from '../fields.js';
import { CLUSTER_TYPES, type ReferenceOf, scopedOf, TASK_DEFINITION_TYPES } from './references.js';

export function adaptService(f: Fields, ref: ResourceRef, referenceOf?: ReferenceOf): EcsService {
  const net = f.sub('networkConfiguration').sub('awsvpcConfiguration');
  const clusterKey = f.str('clusterArn') !== undefined ? 'clusterArn' : 'cluster';
  const clusterScoped = scopedOf(f.node(clusterKey), CLUSTER_TYPES, referenceOf);
  const taskDefinitionScoped = scopedOf(f.node('taskDefinition'), TASK_DEFINITION_TYPES, referenceOf);
  return {
    ref,
    src: { ...f.at, resource: ref.address },
    suppressions: [],
    name: f.strOr('serviceName', ref.name),
    cluster: f.str('clusterArn') ?? f.strOr('cluster', 'default'),
    taskDefinition: f.str('taskDefinition'),
    ...(clusterScoped ? { clusterScoped } : {}),
    ...(taskDefinitionScoped ? { taskDefinitionScoped } : {}),
    launchType: f.str('launchType'),
    enableExecuteCommand: f.boolOr('enableExecuteCommand', false),
    awsvpc: net.map
      ? {
          src: net.at,
          subnets: net.strList('subnets'),
          securityGroups: net.strList('securityGroups'),
          securityGroupsSrc: net.node('securityGroups')?.src,
          assignPublicIp: net.strOr('assignPublicIp', 'DISABLED'),
        }
      : undefined,
  };
}

export function adaptCluster(f: Fields, ref: ResourceRef): EcsCluster {
  const settings = f.each('settings');
  const ci = settings.find((s) => s.str('name')?.value === 'containerInsights');
  const exec = f.sub('configuration').sub('executeCommandConfiguration');
  const dest = exec.sub('logConfiguration');
  // API output (it has `clusterArn`) prints `settings` / `configuration` only when asked for
  // (describe-clusters `--include SETTINGS,CONFIGURATIONS`): absent there means unknown, not default.
  const omitted = (k: string) => f.has('clusterArn') && !f.has(k);
  return {
    ref,
    src: { ...f.at, resource: ref.address },
    suppressions: [],
    name: f.strOr('clusterName', ref.name),
    arn: f.str('clusterArn'),
    containerInsights:
      ci?.strOr('value', 'disabled') ??
      (omitted('settings') ? unresolved('disabled', f.at) : defaulted('disabled', f.at)),
    execLogging: omitted('configuration') ? unresolved('DEFAULT', f.at) : exec.strOr('logging', 'DEFAULT'),
    ...(omitted('configuration')
      ? { execKmsKeyId: unresolved('', f.at) }
      : exec.has('kmsKeyId') && !isNullScalar(exec.node('kmsKeyId'))
        ? { execKmsKeyId: exec.str('kmsKeyId') ?? unresolved('', exec.at) }
        : {}),
    ...(exec.map ? { execConfigSrc: exec.at } : {}),
    execLogDestination: dest.map
      ? {
          cloudWatchLogGroupName: dest.str('cloudWatchLogGroupName'),
          s3BucketName: dest.str('s3BucketName'),
          src: dest.at,
        }
      : undefined,
  };
}

/** `null` (a Terraform plan's unset argument) reads as absent. */
function isNullScalar(n: Node | undefined): boolean {
  return n?.kind === 'scalar' && n.value === null;
}

/**
 * ECS task definition (RegisterTaskDefinition shape, camelCase or CloudFormation PascalCase) into
 * the model. Defaults follow the ECS API: networkMode `bridge`, no requiresCompatibilities (EC2),
 * operatingSystemFamily LINUX, essential true, privileged/readonlyRootFilesystem false.
 */
import type {
  ContainerDefinition,
  EcsSecret,
  EcsVolume,
  LinuxParameters,
  TaskDefinition,
} from '../../model/aws/ecs.js';
import type { RoleRef } from '../../model/aws/ref.js';
import type { InlineSuppression, ResourceRef } from '../../model/resource.js';
import { defaulted, explicit, isKnown, type Val } from '../../model/source.js';
import type { Node } from '../../parse/tree.js';
import type { Fields } from '../fields.js';
import { type ReferenceOf, ROLE_TYPES, scopedOf } from './references.js';

/**
 * A role field as a `RoleRef`: the role of the same root module / template the value refers to
 * (scoped address), else the ARN or name as written. Unknown or empty: none.
 */
export function roleRef(
  v: Val<string> | undefined,
  n: Node | undefined,
  referenceOf?: ReferenceOf,
): RoleRef | undefined {
  if (!isKnown(v) || v.value === '') return undefined;
  const scoped = scopedOf(n, ROLE_TYPES, referenceOf);
  return scoped ? { scoped, arn: v.value } : { arn: v.value };
}

const FARGATE_UNSUPPORTED_LINUX = ['devices', 'tmpfs', 'sharedMemorySize', 'maxSwap', 'swappiness'];

export function adaptTaskDefinition(
  f: Fields,
  ref: ResourceRef,
  suppressions: InlineSuppression[] = [],
  referenceOf?: ReferenceOf,
): TaskDefinition {
  const src = { ...f.at, resource: ref.address };
  const compat = f.node('requiresCompatibilities');
  let requiresCompatibilities: Val<string[]>;
  if (compat?.kind === 'unresolved')
    requiresCompatibilities = { value: [], src: compat.src, origin: 'unresolved' };
  else if (compat)
    requiresCompatibilities = explicit(
      f.strList('requiresCompatibilities').map((v) => v.value),
      compat.src,
    );
  else requiresCompatibilities = defaulted([], f.at);
  const taskRoleArn = f.str('taskRoleArn');
  const executionRoleArn = f.str('executionRoleArn');
  const taskRole = roleRef(taskRoleArn, f.node('taskRoleArn'), referenceOf);
  const executionRole = roleRef(executionRoleArn, f.node('executionRoleArn'), referenceOf);
  const defs = f.node('containerDefinitions');
  const open = defs?.kind === 'seq' ? defs.items.find((i) => i.kind === 'unresolved') : defs;
  const containersUnresolved = open?.kind === 'unresolved' ? { src: open.src, expr: open.expr } : undefined;
  return {
    ref,
    src,
    suppressions,
    family: f.strOr('family', ref.name),
    revision: f.num('revision'),
    arn: f.str('taskDefinitionArn'),
    taskRoleArn,
    executionRoleArn,
    ...(taskRole ? { taskRole } : {}),
    ...(executionRole ? { executionRole } : {}),
    networkMode: f.strOr('networkMode', 'bridge'),
    requiresCompatibilities,
    pidMode: f.str('pidMode'),
    ipcMode: f.str('ipcMode'),
    osFamily: f.sub('runtimePlatform').strOr('operatingSystemFamily', 'LINUX'),
    containers: f.each('containerDefinitions').map(adaptContainer),
    ...(containersUnresolved && {
      containersUnresolved,
      notes: [
        {
          src: containersUnresolved.src,
          note: 'containersUnresolved',
          data: { expression: containersUnresolved.expr },
        },
      ],
    }),
    volumes: f.each('volumes').map(adaptVolume),
  };
}

/** Said in summary.skipped and on each finding of a task definition whose containers did not resolve. */
export function adaptContainer(c: Fields): ContainerDefinition {
  const log = c.sub('logConfiguration');
  const options = new Map<string, Val<string>>();
  const optionsMap = log.sub('options').map;
  for (const e of optionsMap?.entries ?? []) {
    if (e.value.kind === 'scalar' && e.value.value !== null)
      options.set(e.key, explicit(String(e.value.value), e.value.src));
  }
  return {
    src: c.at,
    name: c.strOr('name', ''),
    image: c.strOr('image', ''),
    essential: c.boolOr('essential', true),
    privileged: c.boolOr('privileged', false),
    readonlyRootFilesystem: c.boolOr('readonlyRootFilesystem', false),
    user: c.str('user'),
    environment: c
      .each('environment')
      .map((e) => ({ name: e.strOr('name', ''), value: e.strOr('value', ''), src: e.at })),
    secrets: c.each('secrets').map(adaptSecret),
    logConfiguration: log.map
      ? {
          logDriver: log.strOr('logDriver', ''),
          options,
          secretOptions: log.each('secretOptions').map(adaptSecret),
          src: log.at,
        }
      : undefined,
    linuxParameters: c.has('linuxParameters') ? adaptLinuxParameters(c.sub('linuxParameters')) : undefined,
    dockerSecurityOptions: c.strList('dockerSecurityOptions'),
    dockerSecurityOptionsSrc: c.node('dockerSecurityOptions')?.src,
    mountPoints: c.each('mountPoints').map((m) => ({
      sourceVolume: m.strOr('sourceVolume', ''),
      containerPath: m.str('containerPath'),
      readOnly: m.boolOr('readOnly', false),
      src: m.at,
    })),
    portMappings: c.each('portMappings').map((p) => ({
      containerPort: p.num('containerPort'),
      hostPort: p.num('hostPort'),
      src: p.at,
    })),
    repositoryCredentials: c.sub('repositoryCredentials').str('credentialsParameter'),
  };
}

function adaptLinuxParameters(lp: Fields): LinuxParameters {
  const caps = lp.sub('capabilities');
  return {
    src: lp.at,
    capabilitiesAdd: caps.strList('add'),
    capabilitiesDrop: caps.strList('drop'),
    capabilitiesDropSrc: caps.node('drop')?.src,
    capabilitiesSrc: caps.at,
    initProcessEnabled: lp.boolOr('initProcessEnabled', false),
    fargateUnsupported: FARGATE_UNSUPPORTED_LINUX.flatMap((field) => {
      const n = lp.node(field);
      if (n === undefined || (n.kind === 'seq' && n.items.length === 0)) return [];
      return [{ field: `linuxParameters.${field}`, src: lp.keySrc(field) ?? n.src }];
    }),
  };
}

function adaptSecret(s: Fields): EcsSecret {
  return { name: s.strOr('name', ''), valueFrom: s.strOr('valueFrom', ''), src: s.at };
}

function adaptVolume(v: Fields): EcsVolume {
  const efs = v.sub('efsVolumeConfiguration');
  const dvc = v.node('dockerVolumeConfiguration');
  return {
    src: v.at,
    name: v.strOr('name', ''),
    hostSourcePath: v.sub('host').str('sourcePath'),
    dockerVolumeConfiguration: dvc ? (v.keySrc('dockerVolumeConfiguration') ?? dvc.src) : undefined,
    efs: efs.map
      ? {
          src: efs.at,
          transitEncryption: efs.strOr('transitEncryption', 'DISABLED'),
          fileSystemId: efs.str('fileSystemId'),
          iam: efs.sub('authorizationConfig').str('iam'),
          accessPointId: efs.sub('authorizationConfig').str('accessPointId'),
        }
      : undefined,
  };
}

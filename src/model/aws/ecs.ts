/** ECS task definitions, services and clusters, whatever the input format. */
import type { SchemaProblem } from '../../engines/resource-schema/types.js';
import type { Node } from '../../parse/tree.js';
import type { Resource } from '../resource.js';
import type { Src, Val } from '../source.js';

export interface KeyValue {
  name: Val<string>;
  value: Val<string>;
  src: Src;
}

export interface EcsSecret {
  name: Val<string>;
  valueFrom: Val<string>;
  src: Src;
}

export interface LogConfiguration {
  logDriver: Val<string>;
  options: Map<string, Val<string>>;
  /** `secretOptions`: secrets the agent fetches for the log driver (needs the execution role). */
  secretOptions: EcsSecret[];
  src: Src;
}

export interface MountPoint {
  sourceVolume: Val<string>;
  containerPath?: Val<string>;
  readOnly: Val<boolean>;
  src: Src;
}

export interface PortMapping {
  containerPort?: Val<number>;
  hostPort?: Val<number>;
  src: Src;
}

export interface LinuxParameters {
  src: Src;
  /** An `add`/`drop` list written as one unresolved value is one unresolved item. */
  capabilitiesAdd: Val<string>[];
  capabilitiesDrop: Val<string>[];
  /** Src of the `drop` list (absent when omitted). */
  capabilitiesDropSrc?: Src;
  /** Src of `capabilities` (or of linuxParameters when absent). */
  capabilitiesSrc: Src;
  initProcessEnabled: Val<boolean>;
  /** Fields set that Fargate does not support: devices, tmpfs, sharedMemorySize, maxSwap, swappiness. */
  fargateUnsupported: { field: string; src: Src }[];
}

export interface ContainerDefinition {
  src: Src;
  name: Val<string>;
  image: Val<string>;
  essential: Val<boolean>;
  privileged: Val<boolean>;
  readonlyRootFilesystem: Val<boolean>;
  user?: Val<string>;
  environment: KeyValue[];
  secrets: EcsSecret[];
  logConfiguration?: LogConfiguration;
  linuxParameters?: LinuxParameters;
  dockerSecurityOptions: Val<string>[];
  dockerSecurityOptionsSrc?: Src;
  mountPoints: MountPoint[];
  portMappings: PortMapping[];
  repositoryCredentials?: Val<string>;
}

export interface EcsVolume {
  src: Src;
  name: Val<string>;
  hostSourcePath?: Val<string>;
  dockerVolumeConfiguration?: Src;
  efs?: {
    src: Src;
    transitEncryption: Val<string>;
    fileSystemId?: Val<string>;
    /** `authorizationConfig.iam` (ENABLED/DISABLED) and `accessPointId`: both require transit encryption. */
    iam?: Val<string>;
    accessPointId?: Val<string>;
  };
}

export interface TaskDefinition extends Resource {
  family: Val<string>;
  /** `revision` and `taskDefinitionArn`: only in describe-task-definition output. */
  revision?: Val<number>;
  arn?: Val<string>;
  taskRoleArn?: Val<string>;
  executionRoleArn?: Val<string>;
  /** Default `bridge` (EC2/External); Fargate requires awsvpc. */
  networkMode: Val<string>;
  /** `requiresCompatibilities`; default empty (EC2). */
  requiresCompatibilities: Val<string[]>;
  pidMode?: Val<string>;
  ipcMode?: Val<string>;
  /** `runtimePlatform.operatingSystemFamily`, default LINUX. */
  osFamily: Val<string>;
  containers: ContainerDefinition[];
  /**
   * Where the container definitions (or one of them) could not be resolved, with the expression
   * (a Terraform module output, a CloudFormation condition on a pseudo parameter): `containers`
   * then lacks them, and the scan says so in summary.skipped and on every finding.
   */
  containersUnresolved?: { src: Src; expr: string };
  volumes: EcsVolume[];
  /** The JSON-shaped part as written, for API shape validation (ECS-017). */
  shapeCheck?: {
    node: Node;
    shape: 'RegisterTaskDefinitionRequest' | 'TaskDefinition' | 'ContainerDefinitions';
    /** Format-specific leniency (Terraform jsonencode: null means absent). */
    options?: { nullAsAbsent?: boolean; scalarsAsStrings?: boolean };
  };
  /** What the shape check found (recorded by the adapters, reported by ECS-017). */
  shapeProblems?: SchemaProblem[];
}

export interface AwsVpcConfiguration {
  src: Src;
  subnets: Val<string>[];
  securityGroups: Val<string>[];
  assignPublicIp: Val<string>;
  /** Where `securityGroups` is written (absent when omitted). */
  securityGroupsSrc?: Src;
}

export interface EcsService extends Resource {
  name: Val<string>;
  /** Cluster name or ARN; default `default`. */
  cluster: Val<string>;
  taskDefinition?: Val<string>;
  launchType?: Val<string>;
  enableExecuteCommand: Val<boolean>;
  awsvpc?: AwsVpcConfiguration;
}

export interface EcsCluster extends Resource {
  name: Val<string>;
  /** `clusterArn` (API output only). */
  arn?: Val<string>;
  /**
   * `containerInsights` setting: enabled, enhanced or disabled (default disabled). Unresolved when
   * an API output omits `settings` (describe-clusters without `--include SETTINGS`).
   */
  containerInsights: Val<string>;
  /**
   * `executeCommandConfiguration.logging`: NONE, DEFAULT (default) or OVERRIDE. Unresolved when an
   * API output omits `configuration` (describe-clusters without `--include CONFIGURATIONS`).
   */
  execLogging: Val<string>;
  execLogDestination?: { cloudWatchLogGroupName?: Val<string>; s3BucketName?: Val<string>; src: Src };
  /**
   * `executeCommandConfiguration.kmsKeyId`: the customer managed key that encrypts ECS Exec session
   * data on top of TLS. Absent when not written; unresolved when the configuration is not knowable
   * (API output without `--include CONFIGURATIONS`, a dynamic Terraform block).
   */
  execKmsKeyId?: Val<string>;
  /** Where `executeCommandConfiguration` is written (absent when it is not). */
  execConfigSrc?: Src;
}

export interface EcsState {
  taskDefinitions: TaskDefinition[];
  services: EcsService[];
  clusters: EcsCluster[];
}

export function isFargate(td: TaskDefinition): boolean {
  return (
    td.requiresCompatibilities.origin !== 'unresolved' && td.requiresCompatibilities.value.includes('FARGATE')
  );
}

/** Task definition family from a service's `taskDefinition` (family, family:revision or ARN). */
export function taskDefinitionFamily(ref: string): string {
  const last = ref.includes('task-definition/') ? ref.slice(ref.indexOf('task-definition/') + 16) : ref;
  return last.replace(/:\d+$/, '');
}

/** Cluster name from a name or ARN. */
export function clusterName(ref: string): string {
  return ref.includes(':cluster/') ? ref.slice(ref.indexOf(':cluster/') + 9) : ref;
}

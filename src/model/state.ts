/** The one normalised model every rule reads. Adapters fill it; rules never see file formats. */

import type { SchemaCheck } from '../engines/resource-schema/types.js';
import type { NoteData, NoteId } from '../notes.js';
import type { SkippedInput } from '../result.js';
import { type EcrState, emptyEcr } from './aws/ecr.js';
import type { EcsState } from './aws/ecs.js';
import { type EksState, eksResources, emptyEks } from './aws/eks.js';
import type { IamState } from './aws/iam.js';
import type { ConfigMap, LimitRange, Namespace, Service, ServiceAccount } from './k8s/core.js';
import type { NetworkPolicy } from './k8s/netpol.js';
import type { K8sObject } from './k8s/object.js';
import type { RbacState } from './k8s/rbac.js';
import type { Workload } from './k8s/workload.js';
import type { Resource } from './resource.js';
import type { Src } from './source.js';

/** A file or document hako could not read: every one becomes a HAKO-001 finding. */
export interface InputError {
  file: string;
  line: number;
  column?: number;
  /** In English; `note` (src/notes.ts) when hako words it itself, so the report can translate it. */
  message: string;
  note?: NoteId;
  data?: NoteData;
}

/** A suppression from the config file (`ignore`), located in the config for HAKO-002. */
export interface ConfigSuppression {
  rule: string;
  resource?: string;
  path?: string;
  reason: string;
  expires?: string;
  src: Src;
}

export interface State {
  aws: { ecs: EcsState; ecr: EcrState; iam: IamState; eks: EksState };
  /**
   * `objects` as scanned; every other list holds typed views of them (not resources of their own):
   * `workloads` of the pod-bearing kinds, the rest one per kind.
   */
  k8s: K8sState;
  inputs: {
    errors: InputError[];
    configSuppressions: ConfigSuppression[];
    /** Resources as written, for the schema checks of HAKO-003 / ECS-017 (not resources of their own). */
    schemaChecks: SchemaCheck[];
    /** Parts hako did not read, with their reason (summary.skipped); never a silent pass. */
    skipped: SkippedInput[];
  };
}

export interface K8sState {
  objects: K8sObject[];
  workloads: Workload[];
  namespaces: Namespace[];
  serviceAccounts: ServiceAccount[];
  rbac: RbacState;
  configMaps: ConfigMap[];
  limitRanges: LimitRange[];
  services: Service[];
  networkPolicies: NetworkPolicy[];
}

export function emptyK8s(): K8sState {
  return {
    objects: [],
    workloads: [],
    namespaces: [],
    serviceAccounts: [],
    rbac: { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] },
    configMaps: [],
    limitRanges: [],
    services: [],
    networkPolicies: [],
  };
}

export function emptyState(): State {
  return {
    aws: {
      ecs: { taskDefinitions: [], services: [], clusters: [] },
      ecr: emptyEcr(),
      iam: { roles: [], managedPolicies: [] },
      eks: emptyEks(),
    },
    k8s: emptyK8s(),
    inputs: { errors: [], configSuppressions: [], schemaChecks: [], skipped: [] },
  };
}

/** Every resource of the model (for suppression look-ups and counts). */
export function allResources(state: State): Resource[] {
  const { ecs, ecr, iam } = state.aws;
  const seen = new Set<unknown>();
  // a Kubernetes aws-auth ConfigMap is also in the EKS model (same ref): count it once
  const unique = (r: Resource) => !seen.has(r.ref) && seen.add(r.ref) !== undefined;
  return [
    ...ecs.taskDefinitions,
    ...ecs.services,
    ...ecs.clusters,
    ...ecr.repositories,
    ...ecr.lifecyclePolicies,
    ...ecr.repositoryPolicies,
    ...ecr.scanning,
    ...ecr.replication,
    ...ecr.registryPolicies,
    ...iam.roles,
    ...iam.managedPolicies,
    ...eksResources(state.aws.eks),
    ...state.k8s.objects,
  ].filter(unique);
}

import type { Note } from '../notes.js';
import type { Src } from './source.js';

/** What a finding is about, as printed in `resource` of the JSON report. */
export interface ResourceRef {
  kind: string;
  name: string;
  namespace: string | null;
  /** Terraform address, CloudFormation logical ID, `Kind/namespace/name`, or the ECS family / service name. */
  address: string;
}

/** A suppression written next to a resource (annotation or comment). */
export interface InlineSuppression {
  kind: 'annotation' | 'comment';
  rules: string[];
  reason: string;
  src: Src;
}

/** Every model resource has these. */
export interface Resource {
  ref: ResourceRef;
  src: Src;
  suppressions: InlineSuppression[];
  /**
   * What hako assumed about the resource, or could not settle (a Kubernetes object's namespace, a
   * Terraform `count` / `for_each` that did not resolve): every finding on it carries each note in
   * `related`, so an assumption is never silent.
   */
  notes?: ResourceNote[];
}

/** A note on a resource (one of hako's notes, src/notes.ts), located where the assumption comes from when that is known. */
export interface ResourceNote extends Note {
  src?: Src;
}

/**
 * The model kind of every resource type hako models, whatever the format names it in: a
 * CloudFormation type, a Terraform type or an ECR API shape. `resource.kind` is the same for one
 * resource in every format (its `address` is the format's own name for it).
 */
const KINDS: Record<string, readonly string[]> = {
  TaskDefinition: ['AWS::ECS::TaskDefinition', 'aws_ecs_task_definition', 'RegisterTaskDefinition'],
  Service: ['AWS::ECS::Service', 'aws_ecs_service', 'CreateService'],
  Cluster: ['AWS::ECS::Cluster', 'aws_ecs_cluster', 'CreateCluster'],
  Repository: [
    'AWS::ECR::Repository',
    'aws_ecr_repository',
    'CreateRepository',
    'PutImageScanningConfiguration',
    'PutImageTagMutability',
  ],
  LifecyclePolicy: ['aws_ecr_lifecycle_policy', 'PutLifecyclePolicy'],
  RepositoryPolicy: ['aws_ecr_repository_policy', 'SetRepositoryPolicy'],
  RegistryPolicy: ['AWS::ECR::RegistryPolicy', 'aws_ecr_registry_policy', 'PutRegistryPolicy'],
  RegistryScanningConfiguration: [
    'AWS::ECR::RegistryScanningConfiguration',
    'aws_ecr_registry_scanning_configuration',
    'PutRegistryScanningConfiguration',
  ],
  ReplicationConfiguration: [
    'AWS::ECR::ReplicationConfiguration',
    'aws_ecr_replication_configuration',
    'PutReplicationConfiguration',
  ],
  IAMRole: ['AWS::IAM::Role', 'aws_iam_role'],
  IAMPolicy: ['AWS::IAM::ManagedPolicy', 'aws_iam_policy'],
  IAMRolePolicy: ['AWS::IAM::Policy', 'AWS::IAM::RolePolicy', 'aws_iam_role_policy'],
  IAMRolePolicyAttachment: ['aws_iam_role_policy_attachment'],
  EKSCluster: ['AWS::EKS::Cluster', 'aws_eks_cluster'],
  EKSNodegroup: ['AWS::EKS::Nodegroup', 'aws_eks_node_group'],
  EKSAccessEntry: ['AWS::EKS::AccessEntry', 'aws_eks_access_entry'],
  EKSAccessPolicyAssociation: ['aws_eks_access_policy_association'],
  EKSPodIdentityAssociation: ['AWS::EKS::PodIdentityAssociation', 'aws_eks_pod_identity_association'],
  EKSFargateProfile: ['AWS::EKS::FargateProfile', 'aws_eks_fargate_profile'],
  OIDCProvider: ['AWS::IAM::OIDCProvider', 'aws_iam_openid_connect_provider'],
  GuardDutyDetector: ['AWS::GuardDuty::Detector', 'aws_guardduty_detector'],
  GuardDutyDetectorFeature: ['aws_guardduty_detector_feature'],
  KMSKey: ['AWS::KMS::Key', 'aws_kms_key'],
  LogGroup: ['AWS::Logs::LogGroup', 'aws_cloudwatch_log_group'],
  EventRule: ['AWS::Events::Rule', 'aws_cloudwatch_event_rule'],
  ConfigMap: ['kubernetes_config_map', 'kubernetes_config_map_v1', 'kubernetes_config_map_v1_data'],
};
const KIND_OF = new Map(
  Object.entries(KINDS).flatMap(([kind, types]) => types.map((t) => [t, kind] as const)),
);

/**
 * The model kind for a format's type name (`AWS::ECS::TaskDefinition`, `aws_ecs_task_definition`,
 * `CreateRepositoryRequest` → `TaskDefinition`, ..., `Repository`); a kind passes through; a type
 * hako does not model (a schema finding on `aws_s3_bucket`) keeps its own name.
 */
export function modelKind(type: string): string {
  return KIND_OF.get(type) ?? KIND_OF.get(type.replace(/Request$/, '')) ?? type;
}

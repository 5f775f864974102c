/**
 * EKS clusters, node groups, access entries and the aws-auth ConfigMap, plus the account-level
 * resources the EKS rules read (GuardDuty detectors, KMS keys, log groups, EventBridge rules),
 * whatever the input format. Absent settings carry the API/provider default located at the
 * enclosing block (eks-versions-and-defaults.md B1, B2, B7–B9).
 */
import type { Node } from '../../parse/tree.js';
import type { Resource } from '../resource.js';
import type { Src, Val } from '../source.js';
import type { RoleRef } from './ref.js';

export interface EncryptionConfig {
  src: Src;
  /** `provider.keyArn`; absent when the block has no provider key (e.g. `enable = true`). */
  keyArn?: Val<string>;
  resources: Val<string>[];
  /** The scanned KMS key it references (Terraform address or logical ID), if any. */
  keyRef?: string;
}

export interface EksCluster extends Resource {
  name: Val<string>;
  /** `major.minor` as written (source text); absent means EKS picks its default (unknown). */
  version?: Val<string>;
  /** Default true. */
  endpointPublicAccess: Val<boolean>;
  /** Default false. */
  endpointPrivateAccess: Val<boolean>;
  /** Default ["0.0.0.0/0"] (an empty list is not sent, so the default too). */
  publicAccessCidrs: Val<string[]>;
  encryptionConfig: EncryptionConfig[];
  /** Where encryption would be written (the cluster block when absent). */
  encryptionSrc: Src;
  /** Enabled control-plane log types; default none. */
  enabledLogTypes: Val<string[]>;
  /** CONFIG_MAP, API_AND_CONFIG_MAP or API; default CONFIG_MAP. */
  authenticationMode: Val<string>;
  /** Default true (Terraform: false when `access_config` is present without it). */
  bootstrapClusterCreatorAdminPermissions: Val<boolean>;
  /**
   * The cluster's OIDC issuer as the host/path IRSA condition keys start with (no `https://`):
   * `identity.oidc.issuer` of describe-cluster, or the stand-in of a Terraform / CloudFormation
   * cluster (its issuer is known only after apply; references to it render the same stand-in).
   */
  oidcIssuer?: Val<string>;
}

export interface EksNodegroup extends Resource {
  name: Val<string>;
  /**
   * `launch_template` / `LaunchTemplate`: the custom launch template the node group uses. `target`
   * is the address (Terraform) or logical ID (CloudFormation) of a scanned launch template the `id`
   * or `name` refers to; `name` is the literal name when written as one.
   */
  launchTemplate?: { src: Src; target?: string; name?: Val<string> };
  remoteAccess?: {
    src: Src;
    ec2SshKey?: Val<string>;
    sourceSecurityGroupIds: Val<string>[];
  };
}

export interface AccessPolicyAssociation {
  src: Src;
  policyArn: Val<string>;
  /** `cluster` or `namespace`; absent when no scope is written. */
  accessScope?: { src: Src; type: Val<string>; namespaces: Val<string>[] };
  /** The entry it belongs to (CloudFormation AccessPolicies inline; Terraform joined by principal). */
  principalArn: Val<string>;
  clusterName: Val<string>;
}

export interface EksAccessEntry extends Resource {
  clusterName: Val<string>;
  /** The scanned cluster `clusterName` refers to (Terraform address or logical ID), if any. */
  clusterRef?: string;
  principalArn: Val<string>;
  /** Default STANDARD. */
  type: Val<string>;
  kubernetesGroups: Val<string>[];
}

export interface EksAccessPolicyAssociation extends Resource, AccessPolicyAssociation {}

export interface PodIdentityAssociation extends Resource {
  clusterName: Val<string>;
  /** The scanned cluster `clusterName` refers to (Terraform address or logical ID), if any. */
  clusterRef?: string;
  namespace: Val<string>;
  serviceAccount: Val<string>;
  roleArn: Val<string>;
  /** The role as the association names it, for `resolveRole` (absent when the ARN is not known). */
  role?: RoleRef;
  /** `targetRoleArn` (role chaining), when written. */
  targetRoleArn?: Val<string>;
}

/**
 * An IAM OIDC identity provider (`aws_iam_openid_connect_provider`, `AWS::IAM::OIDCProvider`).
 * `hosts` are every host/path a trust policy of the scan may name it by: its URL without
 * `https://` when known, and the stand-in its references render to (Terraform: the provider's ARN
 * and `url` are not known offline, so `aws_iam_openid_connect_provider.x.arn` and `.url` become
 * stand-ins naming the block; see oidcProviderStandIn).
 */
export interface OidcProvider extends Resource {
  /** ARNs it is known by (real or stand-in). */
  arns: string[];
  /** `url` as written (with `https://`), unresolved when not knowable. */
  url: Val<string>;
  hosts: string[];
  clientIds: Val<string>[];
  /** The scanned cluster whose issuer the URL refers to (Terraform address or logical ID), if any. */
  clusterRef?: string;
}

/** One `selector` of a Fargate profile: pods of `namespace` whose labels match `labels`. */
export interface FargateSelector {
  src: Src;
  namespace: Val<string>;
  /** Label selector; empty: every pod of the namespace. `unresolved`: not knowable. */
  labels: Map<string, Val<string>> | 'unresolved';
}

export interface FargateProfile extends Resource {
  clusterName: Val<string>;
  clusterRef?: string;
  /** Empty with `selectorsUnresolved`: a dynamic block or a value hako cannot read. */
  selectors: FargateSelector[];
  selectorsUnresolved?: Src;
}

const TF_OIDC = 'oidc.unknown.hako/terraform/';
const TF_ISSUER = 'oidc.eks.unknown.hako/terraform/';

/**
 * Terraform stand-ins for identifiers known only after apply: the host/path of an
 * `aws_iam_openid_connect_provider` (its `url` and `arn` render from it) and of an
 * `aws_eks_cluster`'s issuer (`identity[0].oidc[0].issuer`), by the name the resource is known by.
 */
export const tfOidcProviderHost = (name: string) => `${TF_OIDC}${name}`;
export const tfOidcProviderArn = (name: string) =>
  `arn:aws:iam::<unknown>:oidc-provider/${tfOidcProviderHost(name)}`;
export const tfClusterIssuerHost = (name: string) => `${TF_ISSUER}${name}`;
/** CloudFormation: a cluster's `OpenIdConnectIssuerUrl` attribute in template `file`. */
export const cfnClusterIssuerHost = (file: string, logicalId: string) =>
  `oidc.eks.unknown.hako/cloudformation/${encodeURIComponent(file)}/${logicalId}`;

/** CloudFormation: an `AWS::IAM::OIDCProvider` of template `file` (its URL may be known, its ARN is not). */
export const cfnOidcProviderHost = (file: string, logicalId: string) =>
  `oidc.unknown.hako/cloudformation/${encodeURIComponent(file)}/${logicalId}`;
export const cfnOidcProviderArn = (file: string, logicalId: string) =>
  `arn:aws:iam::<unknown>:oidc-provider/${cfnOidcProviderHost(file, logicalId)}`;

/** True for a host/path made by one of the stand-ins above. */
export function isStandInHost(host: string): boolean {
  return host.includes('.unknown.hako/');
}

/** `https://host/path` → `host/path` (IAM condition keys and provider ARNs carry no scheme). */
export function issuerHost(url: string): string {
  return url.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}

/** One `mapRoles`/`mapUsers` item: its keys as written and where. */
export interface AwsAuthEntry {
  src: Src;
  keys: { key: string; src: Src }[];
  /** Values by lower-cased key (Go encoding/json matches keys case-insensitively). */
  values: Map<string, Val<string>>;
  groups: Val<string>[];
}

export interface AwsAuth extends Resource {
  /** Top-level data keys as written (to catch `mapusers`). */
  dataKeys: { key: string; src: Src }[];
  mapRoles: AwsAuthEntry[];
  mapUsers: AwsAuthEntry[];
  mapAccounts: Val<string>[];
}

export interface GuardDutyDetector extends Resource {
  /** Terraform address / logical ID: features join by it. */
  key: string;
  enable: Val<boolean>;
  /** Feature name → status, as configured (inline Features or detector_feature resources). */
  features: { name: Val<string>; status: Val<string>; src: Src }[];
  /** `datasources.kubernetes.audit_logs.enable` when written. */
  auditLogsDataSource?: Val<boolean>;
}

/** A Terraform `aws_guardduty_detector_feature`: joins its detector by `detectorRef` (the reference text). */
export interface GuardDutyFeature extends Resource {
  detectorRef?: string;
  name: Val<string>;
  status: Val<string>;
}

export interface KmsKey extends Resource {
  /** Terraform address or logical ID; references to the key mention it. */
  key: string;
  rotation: Val<boolean>;
  /** `customer_master_key_spec` / `KeySpec`, default SYMMETRIC_DEFAULT. */
  spec: Val<string>;
  /** `origin`, default AWS_KMS. */
  origin: Val<string>;
}

export interface LogGroup extends Resource {
  name: Val<string>;
  /** Default 0: never expire. */
  retentionInDays: Val<number>;
  kmsKeyId?: Val<string>;
  /** The scanned KMS key it references (Terraform address or logical ID), if any. */
  kmsKeyRef?: string;
}

export interface EventRule extends Resource {
  /** The pattern as plain JSON (undefined when not written or not knowable). */
  eventPattern?: { value: unknown; src: Src; node?: Node };
}

/** `aws_launch_template` / `AWS::EC2::LaunchTemplate`: the instance metadata options EKS nodes launch with. */
export interface LaunchTemplate extends Resource {
  /** The launch template name, when written. */
  name?: Val<string>;
  /**
   * `metadata_options` / `LaunchTemplateData.MetadataOptions`. Absent when not written (the AMI and
   * account defaults apply); `unresolved` when it is a dynamic block or a value hako cannot read.
   */
  metadata?: {
    src: Src;
    unresolved?: boolean;
    httpEndpoint?: Val<string>;
    httpTokens?: Val<string>;
    hopLimit?: Val<number>;
  };
}

export interface EksState {
  clusters: EksCluster[];
  nodegroups: EksNodegroup[];
  launchTemplates: LaunchTemplate[];
  accessEntries: EksAccessEntry[];
  accessPolicyAssociations: EksAccessPolicyAssociation[];
  podIdentityAssociations: PodIdentityAssociation[];
  oidcProviders: OidcProvider[];
  fargateProfiles: FargateProfile[];
  awsAuth: AwsAuth[];
  guardDutyDetectors: GuardDutyDetector[];
  guardDutyFeatures: GuardDutyFeature[];
  kmsKeys: KmsKey[];
  logGroups: LogGroup[];
  eventRules: EventRule[];
  addons: EksAddon[];
}

export function emptyEks(): EksState {
  return {
    clusters: [],
    nodegroups: [],
    launchTemplates: [],
    accessEntries: [],
    accessPolicyAssociations: [],
    podIdentityAssociations: [],
    oidcProviders: [],
    fargateProfiles: [],
    awsAuth: [],
    guardDutyDetectors: [],
    guardDutyFeatures: [],
    kmsKeys: [],
    logGroups: [],
    eventRules: [],
    addons: [],
  };
}

export function eksResources(s: EksState): Resource[] {
  return [
    ...s.clusters,
    ...s.nodegroups,
    ...s.launchTemplates,
    ...s.accessEntries,
    ...s.accessPolicyAssociations,
    ...s.podIdentityAssociations,
    ...s.oidcProviders,
    ...s.fargateProfiles,
    ...s.awsAuth,
    ...s.guardDutyDetectors,
    ...s.guardDutyFeatures,
    ...s.kmsKeys,
    ...s.logGroups,
    ...s.eventRules,
    ...s.addons,
  ];
}

/**
 * An EKS add-on (`aws_eks_addon`, `AWS::EKS::Addon`, `describe-addon` / `create-addon` JSON). For
 * `vpc-cni`, `enableNetworkPolicy` of its configuration values switches the network policy agent
 * on (kubernetes-networkpolicy.md §9); absent: the agent is off.
 */
export interface EksAddon extends Resource {
  addonName: Val<string>;
  clusterName?: Val<string>;
  /** `enableNetworkPolicy` of the configuration values; default false at the add-on (or its values). */
  enableNetworkPolicy: Val<boolean>;
}

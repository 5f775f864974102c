/** ECR repositories and registry settings, whatever the input format (facts: aws-container-facts.md D). */
import type { Node } from '../../parse/tree.js';
import type { Resource } from '../resource.js';
import type { Src, Val } from '../source.js';

/** A policy document as plain JSON for the IAM engine (`undefined` when it could not be read). */
export interface EcrPolicy {
  document: unknown;
  /** False when part of the document is unresolved (it can then prove an allow, never a deny). */
  complete: boolean;
  /** The document with positions (statements are located through it), when it parsed. */
  node?: Node;
  src: Src;
}

/** A lifecycle policy: the parsed text with positions (collapsed to the field when written as a string). */
export interface LifecyclePolicy {
  /** The policy JSON (`rules: [...]`); `undefined` when it does not parse or is unresolved. */
  node: Node | undefined;
  /** The policy text when known (for the length limits). */
  text?: string;
  /** True when the value is a variable, a reference or otherwise not knowable offline. */
  unknown: boolean;
  src: Src;
}

export interface WildcardFilter {
  filter: Val<string>;
  filterType: Val<string>;
  src: Src;
}

export interface EcrRepository extends Resource {
  name: Val<string>;
  /** Account that owns the repository when the input says (registryId / ARN), else undefined. */
  account?: string;
  tagMutability: Val<string>;
  tagMutabilityExclusions: WildcardFilter[];
  /** Repository-level (deprecated) basic scan on push. */
  scanOnPush: Val<boolean>;
  encryption: { type: Val<string>; kmsKey?: Val<string>; src: Src };
  /**
   * Written with the repository (CloudFormation). `null`: the format declares it with the repository
   * and it is absent; `undefined`: declared apart (Terraform resource, CLI call) or not knowable.
   */
  lifecyclePolicy: LifecyclePolicy | null | undefined;
  /** Whether a missing lifecycle policy in this input means the repository has none (Terraform, CloudFormation). */
  lifecycleKnowable: boolean;
  repositoryPolicy?: EcrPolicy;
}

export interface ScanningRule {
  scanFrequency: Val<string>;
  repositoryFilters: WildcardFilter[];
  src: Src;
}

export interface RegistryScanning extends Resource {
  /** The registry's account when the input says (`registryId`); a configuration only covers its own account. */
  account?: string;
  scanType: Val<string>;
  rules: ScanningRule[];
  /** False when the rules are written in a form hako cannot expand (a dynamic block, a variable). */
  rulesKnown: boolean;
}

export interface ReplicationDestination {
  region: Val<string>;
  registryId: Val<string>;
  src: Src;
}

export interface ReplicationRule {
  destinations: ReplicationDestination[];
  /** Each filter as written: `filter`/`filterType` plus any keys that do not belong. */
  repositoryFilters: (WildcardFilter & { unknownKeys: { key: string; src: Src }[] })[];
  src: Src;
}

export interface ReplicationConfiguration extends Resource {
  /** The source registry's account when the input says (`describe-registry` output). */
  account?: string;
  rules: ReplicationRule[];
  rulesSrc: Src;
}

export interface RegistryPolicy extends Resource {
  policy: EcrPolicy;
  account?: string;
}

/** A lifecycle or repository policy declared apart from its repository (Terraform resources, CLI output). */
export interface RepositoryAttachment<T> extends Resource {
  repository: Val<string>;
  value: T;
  /** Owning account when the input says (`registryId`). */
  account?: string;
}

/**
 * An image of `aws ecr describe-images` output, for the lifecycle simulator (ECR-007). Times are
 * epoch milliseconds; `storageClass` is `archive` for `imageStatus: ARCHIVED`.
 */
export interface EcrImage {
  digest: string;
  tags: readonly string[];
  pushedAt: number;
  pulledAt?: number;
  archivedAt?: number;
  storageClass: 'standard' | 'archive';
  repository?: string;
  registryId?: string;
  file: string;
  line: number;
}

export interface EcrState {
  repositories: EcrRepository[];
  /** `describe-images` output that read without a problem (one with any problem is HAKO-001, not used). */
  images: EcrImage[];
  lifecyclePolicies: RepositoryAttachment<LifecyclePolicy>[];
  repositoryPolicies: RepositoryAttachment<EcrPolicy>[];
  scanning: RegistryScanning[];
  replication: ReplicationConfiguration[];
  registryPolicies: RegistryPolicy[];
}

export function emptyEcr(): EcrState {
  return {
    repositories: [],
    images: [],
    lifecyclePolicies: [],
    repositoryPolicies: [],
    scanning: [],
    replication: [],
    registryPolicies: [],
  };
}

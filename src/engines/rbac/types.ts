/**
 * Types of the RBAC engine: the graph (roles with their effective rules, bindings indexed by
 * subject, EKS principals), requests, and answers with the hop chain that grants them.
 */
import type { Resource } from '../../model/resource.js';
import type { Src } from '../../source.js';

/**
 * A request as the authorizer sees it (kubernetes-rbac.md §1). A resource request has `resource`;
 * a non-resource request has `path` instead. `namespace` '' is cluster-scoped (or all namespaces).
 */
export interface RbacRequest {
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  /** Non-resource URL (`/metrics`). */
  path?: string;
}

/** One policy rule as the engine evaluates it (only what the API server would store and match). */
export interface EffectiveRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  /** Where the rule is written (undefined for a built-in default rule). */
  src?: Src;
  /** The role the rule is written in (differs from the granting role when aggregated). */
  from: RoleKey;
}

export interface RoleKey {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace?: string;
}

/** Why a written rule or role is not evaluated as written (kubernetes-rbac.md §4, §5). */
export interface RbacProblem {
  code:
    | 'emptyVerbs'
    | 'noApiGroups'
    | 'noResources'
    | 'urlsInRole'
    | 'urlsMixed'
    | 'unknownSubresource'
    | 'subresourceWildcard';
  /** The offending entry (resource string) where there is one. */
  value?: string;
  src: Src;
  role: RoleKey;
  /** True when the API server rejects the whole object (it then grants nothing). */
  rejected: boolean;
  resource?: Resource;
}

export interface GraphRole {
  key: RoleKey;
  /** Undefined for a built-in default role. */
  src?: Src;
  builtin: boolean;
  labels: Map<string, string>;
  /** Rules as evaluated: validated, unknown subresources dropped, aggregation computed. */
  rules: EffectiveRule[];
  aggregated: boolean;
  /** The API server rejects the object: it does not exist, so it grants nothing. */
  rejected: boolean;
  /** The scanned resource (for rule findings). */
  resource?: Resource;
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface SubjectRef {
  kind: SubjectKind;
  name: string;
  /** ServiceAccount only. */
  namespace?: string;
}

export interface GraphSubject extends SubjectRef {
  src?: Src;
}

export interface GraphBinding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** RoleBinding only. */
  namespace?: string;
  src?: Src;
  builtin: boolean;
  roleRef: RoleKey;
  roleRefSrc?: Src;
  /** Valid subjects, ServiceAccount namespaces filled in (kubernetes-rbac.md §3). */
  subjects: GraphSubject[];
  resource?: Resource;
}

/** An EKS access policy rule set (eks-access-policies.json), scoped. */
export interface PolicyGrant {
  policy: string;
  /** `*` = cluster scope; else namespace patterns (`dev-*` allowed). */
  namespaces: string[];
  rules: EffectiveRule[];
  src?: Src;
}

/** An IAM principal that authenticates to the cluster (aws-auth entry or access entry). */
export interface IamPrincipal {
  arn: string;
  via: 'aws-auth' | 'access-entry';
  /** The Kubernetes username it gets (templates such as `{{SessionName}}` kept). */
  username: string;
  groups: { name: string; src?: Src }[];
  policies: PolicyGrant[];
  src: Src;
  /** `mapRoles`/`mapUsers` or the access entry type. */
  detail: string;
  resource?: Resource;
}

export type HopKind =
  | 'IamPrincipal'
  | 'AwsAuthEntry'
  | 'AccessEntry'
  | 'AccessPolicy'
  | 'User'
  | 'Group'
  | 'ServiceAccount'
  | 'ClusterRoleBinding'
  | 'RoleBinding'
  | 'ClusterRole'
  | 'Role'
  | 'Rule'
  | 'Bypass';

/** One step of a grant path; `src` undefined for built-in defaults. */
export interface Hop {
  kind: HopKind;
  name: string;
  namespace?: string;
  src?: Src;
}

export interface Grant {
  /** The rule that grants. */
  rule: EffectiveRule;
  /** Namespace it applies in: `*` every namespace and cluster-scoped; else a namespace (pattern for access policies). */
  namespace: string;
  /** binding → role → rule (or access policy → rule, or the system:masters bypass). */
  via: Hop[];
}

export interface WhoCanAnswer {
  subject: SubjectRef | { kind: 'IamPrincipal'; name: string };
  via: Hop[];
}

/** Who asks: a subject or an IAM principal (by ARN). */
export type Principal = SubjectRef | { kind: 'IamPrincipal'; name: string };

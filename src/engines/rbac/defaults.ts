/**
 * The default ClusterRoles and ClusterRoleBindings a cluster ships (src/data/k8s-default-rbac.json)
 * and the EKS access policies (src/data/eks-access-policies.json), read once.
 */
import { readFileSync } from 'node:fs';

export interface DataRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface DefaultRbac {
  kubernetesVersion: string;
  source: string;
  clusterRoles: {
    name: string;
    labels?: Record<string, string>;
    aggregationRule?: { matchLabels?: Record<string, string> }[];
    rules: DataRule[];
  }[];
  clusterRoleBindings: {
    name: string;
    roleRef: string;
    subjects: { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string }[];
  }[];
}

export interface AccessPolicyData {
  source: string;
  arnPrefix: string;
  policies: { name: string; mirrors?: string; rules: DataRule[] }[];
}

let rbac: DefaultRbac | undefined;
let policies: AccessPolicyData | undefined;

export function defaultRbac(): DefaultRbac {
  rbac ??= JSON.parse(
    readFileSync(new URL('../../data/k8s-default-rbac.json', import.meta.url), 'utf8'),
  ) as DefaultRbac;
  return rbac;
}

export function accessPolicies(): AccessPolicyData {
  policies ??= JSON.parse(
    readFileSync(new URL('../../data/eks-access-policies.json', import.meta.url), 'utf8'),
  ) as AccessPolicyData;
  return policies;
}

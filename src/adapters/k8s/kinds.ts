import { didYouMean } from '../../engines/shape/suggest.js';
import { type Note, withText } from '../../notes.js';
import { inServedTable } from './served.js';

/**
 * Built-in Kubernetes kinds per API group (as served by a current API server). A kind in one of
 * these groups that is not listed is a misspelling or a removed API (HAKO-001); kinds of other
 * groups are custom resources, which hako reads but does not check.
 */
export const BUILTIN_KINDS: Record<string, readonly string[]> = {
  '': [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'List',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ],
  apps: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  batch: ['CronJob', 'Job'],
  autoscaling: ['HorizontalPodAutoscaler', 'Scale'],
  policy: ['Eviction', 'PodDisruptionBudget'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'networking.k8s.io': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  'storage.k8s.io': [
    'CSIDriver',
    'CSINode',
    'CSIStorageCapacity',
    'StorageClass',
    'VolumeAttachment',
    'VolumeAttributesClass',
  ],
  'admissionregistration.k8s.io': [
    'MutatingAdmissionPolicy',
    'MutatingAdmissionPolicyBinding',
    'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'ValidatingWebhookConfiguration',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'scheduling.k8s.io': ['PriorityClass'],
  'coordination.k8s.io': ['Lease', 'LeaseCandidate'],
  'discovery.k8s.io': ['EndpointSlice'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'node.k8s.io': ['RuntimeClass'],
  'events.k8s.io': ['Event'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'resource.k8s.io': [
    'DeviceClass',
    'ResourceClaim',
    'ResourceClaimTemplate',
    'ResourceSlice',
    'DeviceTaintRule',
  ],
  'authentication.k8s.io': ['SelfSubjectReview', 'TokenRequest', 'TokenReview'],
  'authorization.k8s.io': [
    'LocalSubjectAccessReview',
    'SelfSubjectAccessReview',
    'SelfSubjectRulesReview',
    'SubjectAccessReview',
  ],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
};

/** Built-in kinds that are not namespaced (`metadata.namespace` is ignored; address `Kind/name`). */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'DeviceTaintRule',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersion',
  'StorageVersionMigration',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

export type Scope = 'namespaced' | 'cluster' | 'unknown';

/** Whether a kind is namespaced: built-in kinds by their definition, custom resources unknown. */
export function scopeOf(apiVersion: string, kind: string): Scope {
  const builtin = BUILTIN_KINDS[apiGroup(apiVersion)]?.includes(kind) || inServedTable(apiVersion, kind);
  if (!builtin) return 'unknown';
  return CLUSTER_SCOPED.has(kind) ? 'cluster' : 'namespaced';
}

/**
 * True for a list kubectl expands: `v1 List`, or `<Kind>List` of a kind its group/version serves
 * (`rbac.authorization.k8s.io/v1 RoleBindingList`, `apps/v1 DeploymentList`).
 */
export function isListKind(apiVersion: string, kind: string): boolean {
  if (kind === 'List') return apiVersion === 'v1' || apiVersion === '';
  if (!kind.endsWith('List')) return false;
  const item = kind.slice(0, -'List'.length);
  return BUILTIN_KINDS[apiGroup(apiVersion)]?.includes(item) === true || inServedTable(apiVersion, item);
}

export function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Built-in groups that serve no `v1` yet (a hint names the group only). */
const NO_V1_GROUPS = new Set(['storagemigration.k8s.io', 'internal.apiserver.k8s.io']);

/**
 * Undefined when the kind is fine (built-in or custom); otherwise why it is not, as a note
 * (src/notes.ts) with its English text as `message`.
 */
export function unknownKindNote(apiVersion: string, kind: string): (Note & { message: string }) | undefined {
  const group = apiGroup(apiVersion);
  const kinds = BUILTIN_KINDS[group];
  if (!kinds || kinds.includes(kind) || inServedTable(apiVersion, kind)) return undefined;
  const shown = apiVersion || 'v1';
  const home = Object.entries(BUILTIN_KINDS).find(([, ks]) => ks.includes(kind))?.[0];
  if (home !== undefined) {
    return NO_V1_GROUPS.has(home)
      ? withText('message', 'kindNotServedUseGroup', { kind, apiVersion: shown, group: home })
      : withText('message', 'kindNotServedUseVersion', {
          kind,
          apiVersion: shown,
          use: home === '' ? 'v1' : `${home}/v1`,
        });
  }
  const near = didYouMean(kind, kinds);
  return near
    ? withText('message', 'unknownKindNear', { kind, apiVersion: shown, near })
    : withText('message', 'unknownKind', { kind, apiVersion: shown });
}

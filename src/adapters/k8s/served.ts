/**
 * Which group/versions the API server serves per kind and Kubernetes minor version, from the
 * Kubernetes Deprecated API Migration Guide (https://kubernetes.io/docs/reference/using-api/deprecation-guide/)
 * and the v1.16 removal notice (https://kubernetes.io/blog/2019/07/18/api-deprecations-in-1-16/).
 * `removed` is the first minor that no longer serves the version; `introduced` the first that
 * serves it (listed for the replacements, so an old target does not accept them either).
 * A group/version + kind absent from this table is judged by kinds.ts alone.
 */
import { type Note, withText } from '../../notes.js';

export interface ServedEntry {
  apiVersion: string;
  kinds: readonly string[];
  /** First 1.N serving it; undefined: before every target hako models. */
  introduced?: number;
  /** First 1.N not serving it; undefined: still served. */
  removed?: number;
  /** What to write instead (`apiVersion`), or why nothing replaces it. */
  replacement: string;
}

const APPS = ['Deployment', 'DaemonSet', 'ReplicaSet'];
const RBAC = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

export const SERVED: readonly ServedEntry[] = [
  // v1.16
  { apiVersion: 'extensions/v1beta1', kinds: APPS, removed: 16, replacement: 'apps/v1' },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['NetworkPolicy'],
    removed: 16,
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removed: 16,
    replacement: 'policy/v1beta1',
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'],
    removed: 16,
    replacement: 'apps/v1',
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: [...APPS, 'StatefulSet', 'ControllerRevision'],
    removed: 16,
    replacement: 'apps/v1',
  },
  // v1.17
  {
    apiVersion: 'scheduling.k8s.io/v1alpha1',
    kinds: ['PriorityClass'],
    removed: 17,
    replacement: 'scheduling.k8s.io/v1',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    removed: 17,
    replacement: 'scheduling.k8s.io/v1',
  },
  // v1.22
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], removed: 22, replacement: 'networking.k8s.io/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    removed: 22,
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1alpha1',
    kinds: RBAC,
    removed: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: RBAC,
    removed: 22,
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    removed: 22,
    replacement: 'apiextensions.k8s.io/v1',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    removed: 22,
    replacement: 'admissionregistration.k8s.io/v1',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    removed: 22,
    replacement: 'apiregistration.k8s.io/v1',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    removed: 22,
    replacement: 'certificates.k8s.io/v1',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kinds: ['Lease'],
    removed: 22,
    replacement: 'coordination.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    removed: 22,
    replacement: 'storage.k8s.io/v1',
  },
  // v1.25
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removed: 25, replacement: 'batch/v1' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], removed: 25, replacement: 'policy/v1' },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    removed: 25,
    replacement: 'Pod Security Admission namespace labels (PodSecurityPolicy has no successor API)',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    removed: 25,
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    removed: 25,
    replacement: 'discovery.k8s.io/v1',
  },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], removed: 25, replacement: 'events.k8s.io/v1' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], removed: 25, replacement: 'node.k8s.io/v1' },
  // v1.26, v1.27, v1.29, v1.32
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    removed: 26,
    replacement: 'autoscaling/v2',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removed: 26,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    removed: 27,
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removed: 29,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    removed: 32,
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  // Replacements, from the minor that introduced them.
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kinds: RBAC,
    introduced: 8,
    replacement: 'rbac.authorization.k8s.io/v1beta1',
  },
  {
    apiVersion: 'apps/v1',
    kinds: [...APPS, 'StatefulSet', 'ControllerRevision'],
    introduced: 9,
    replacement: 'apps/v1beta2',
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kinds: ['Ingress', 'IngressClass'],
    introduced: 19,
    replacement: 'networking.k8s.io/v1beta1',
  },
  { apiVersion: 'batch/v1', kinds: ['CronJob'], introduced: 21, replacement: 'batch/v1beta1' },
  { apiVersion: 'policy/v1', kinds: ['PodDisruptionBudget'], introduced: 21, replacement: 'policy/v1beta1' },
  {
    apiVersion: 'autoscaling/v2',
    kinds: ['HorizontalPodAutoscaler'],
    introduced: 23,
    replacement: 'autoscaling/v2beta2',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    introduced: 29,
    replacement: 'flowcontrol.apiserver.k8s.io/v1beta3',
  },
];

/** `1.N`/`v1.N` → N; `latest`/undefined → Infinity (the newest server). */
export function targetMinor(version: string | undefined): number {
  const m = /^v?1\.(\d+)$/.exec((version ?? 'latest').trim());
  return m?.[1] ? Number(m[1]) : Number.POSITIVE_INFINITY;
}

function entryFor(apiVersion: string, kind: string): ServedEntry | undefined {
  return SERVED.find((e) => e.apiVersion === apiVersion && e.kinds.includes(kind));
}

/** True when the table knows this group/version + kind (served or not at some target). */
export function inServedTable(apiVersion: string, kind: string): boolean {
  return entryFor(apiVersion, kind) !== undefined;
}

/**
 * Undefined when the API server of Kubernetes 1.`minor` serves `apiVersion` for `kind` (or the
 * table does not know it); otherwise why not, naming the served replacement, as a note
 * (src/notes.ts) with its English text as `message`.
 */
export function notServedNote(
  apiVersion: string,
  kind: string,
  minor: number,
): (Note & { message: string }) | undefined {
  const e = entryFor(apiVersion, kind);
  if (!e) return undefined;
  const data = { apiVersion, kind, replacement: e.replacement };
  if (e.removed !== undefined && minor >= e.removed)
    return Number.isFinite(minor)
      ? withText('message', 'apiRemoved', { ...data, minor, removed: e.removed })
      : withText('message', 'apiRemovedCurrent', { ...data, removed: e.removed });
  if (e.introduced !== undefined && minor < e.introduced)
    return Number.isFinite(minor)
      ? withText('message', 'apiNotYet', { ...data, minor, introduced: e.introduced })
      : withText('message', 'apiNotYetCurrent', { ...data, introduced: e.introduced });
  return undefined;
}

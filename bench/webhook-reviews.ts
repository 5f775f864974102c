/**
 * The AdmissionReview bodies the webhook benchmarks send (fixed seed): Deployments whose image tag
 * differs per request (`unique`), and Pods as a ReplicaSet creates them (`replicaset`).
 */

/** The token in a unique-mode body that each request replaces with its own number. */
export const SERIAL = '__SERIAL__';

/**
 * A Deployment review. `unique`: the image tag carries {@link SERIAL}, replaced per request, so no
 * two requests share a decision-cache entry (the cost of a fresh judgement every time).
 * `replicaset`: a Pod as a ReplicaSet creates it (generated name, uid, owner reference): pods of
 * one ReplicaSet differ only there, so after its first pod the decision cache answers.
 */
export function deploymentReview(
  i: number,
  r: () => number,
  mode: 'unique' | 'replicaset' = 'unique',
): string {
  const kind = r();
  const containers = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, c) => ({
    name: `c${c}`,
    image: `registry.example.com/team/app-${i % 50}:1.${c}.${mode === 'unique' ? SERIAL : i % 7}`,
    ports: [{ containerPort: 8080 + c }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      ...(kind < 0.15 ? [{ name: 'API_TOKEN', value: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz' }] : []),
    ],
    readinessProbe: { httpGet: { path: '/ready', port: 8080 + c } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    securityContext:
      kind < 0.3
        ? { privileged: true }
        : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  }));
  const spec: Record<string, unknown> = {
    serviceAccountName: 'app',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers,
  };
  if (kind > 0.95) spec.hostNetwork = true;
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: `team-${i % 10}`, labels: { app: `app-${i}` } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: `app-${i}` } },
      template: { metadata: { labels: { app: `app-${i}` } }, spec },
    },
  };
  if (mode === 'replicaset') {
    const hash = `5d8f7c${String(i).padStart(3, '0')}`;
    const name = `app-${i}-${hash}-${SERIAL}`;
    return JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: `00000000-0000-0000-0000-${SERIAL}`,
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        name,
        namespace: `team-${i % 10}`,
        operation: 'CREATE',
        userInfo: {
          username: 'system:serviceaccount:kube-system:replicaset-controller',
          groups: ['system:serviceaccounts'],
        },
        object: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            generateName: `app-${i}-${hash}-`,
            namespace: `team-${i % 10}`,
            uid: `uid-${SERIAL}`,
            creationTimestamp: '2026-12-07T00:00:00Z',
            labels: { app: `app-${i}`, 'pod-template-hash': hash },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: `app-${i}-${hash}`,
                uid: `rs-${i}`,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec,
        },
        oldObject: null,
        dryRun: false,
        options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
      },
    });
  }
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `00000000-0000-0000-0000-${SERIAL}`,
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      name: `app-${i}`,
      namespace: `team-${i % 10}`,
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  });
}

/**
 * `hako webhook manifests`: everything to run the webhook on a cluster, as one multi-document
 * YAML stream. Namespace (Pod Security restricted enforced), ServiceAccount without API token,
 * the TLS Secret (self-signed mode) or cert-manager Issuer and Certificate, the policy ConfigMap
 * (when a policy is given), a Deployment of 2+ replicas (restricted pod security, read-only root
 * filesystem, requests and limits, anti-affinity across nodes, probes on /healthz and /readyz), a
 * PodDisruptionBudget, the Service, and the ValidatingWebhookConfiguration: its namespace selector
 * leaves out the webhook's own namespace and kube-system (so the webhook can never block its own
 * repair), `sideEffects: None`, `admissionReviewVersions: [v1]`, `timeoutSeconds`. A second
 * webhook sends only the aws-auth ConfigMap of kube-system (matchConditions), with failurePolicy
 * Ignore: a hako outage must never lock the cluster's admins out of aws-auth.
 * `hako scan` on this output reports nothing (a test scans it).
 */
import { stringify } from 'yaml';
import { VERSION } from '../version.js';
import { makeCerts } from './cert.js';
import type { FailurePolicy } from './policy.js';

export interface ManifestOptions {
  namespace?: string;
  name?: string;
  image?: string;
  replicas?: number;
  /** cert-manager issues and injects the certificate; else a self-signed CA is generated now. */
  certManager?: boolean;
  /** The policy file's text, mounted from a ConfigMap. */
  policyText?: string;
  failurePolicy?: FailurePolicy;
  timeoutSeconds?: number;
  /**
   * Where the API server's calls come from, for the NetworkPolicy. On EKS the control plane reaches
   * webhooks through its ENIs in the cluster VPC, so the VPC CIDR is the tight choice; the default is
   * the private ranges (RFC 1918), never the internet.
   */
  apiServerCidrs?: string[];
  now?: Date;
}

/** RFC 1918 private ranges: the default sources of API server calls (see `apiServerCidrs`). */
export const PRIVATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const POD_KINDS = [
  { group: '', resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'podtemplates'] },
  { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
];

/** The manifests as one multi-document YAML stream. */
export function webhookManifests(o: ManifestOptions = {}): string {
  return manifestObjects(o)
    .map((d) => stringify(d, { lineWidth: 0 }))
    .join('---\n');
}

export function manifestObjects(o: ManifestOptions = {}): object[] {
  const ns = o.namespace ?? 'hako-system';
  const name = o.name ?? 'hako-webhook';
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'hako' };
  const meta = (n: string, extra: object = {}) => ({ name: n, namespace: ns, labels, ...extra });
  const dns = [`${name}.${ns}.svc`, `${name}.${ns}.svc.cluster.local`];
  const certs = o.certManager ? undefined : makeCerts(dns, { days: 825, now: o.now });
  const tlsSecret = `${name}-tls`;
  const docs: object[] = [];

  docs.push({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  });
  docs.push({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(name),
    automountServiceAccountToken: false,
  });
  if (certs)
    docs.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(tlsSecret),
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(certs.server.cert).toString('base64'),
        'tls.key': Buffer.from(certs.server.key).toString('base64'),
      },
    });
  else
    docs.push(
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Issuer',
        metadata: meta(`${name}-selfsigned`),
        spec: { selfSigned: {} },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(name),
        spec: {
          secretName: tlsSecret,
          dnsNames: dns,
          duration: '2160h',
          renewBefore: '720h',
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          issuerRef: { kind: 'Issuer', name: `${name}-selfsigned` },
        },
      },
    );
  if (o.policyText !== undefined)
    docs.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${name}-policy`),
      data: { 'policy.yaml': o.policyText },
    });

  const args = [
    'webhook',
    'serve',
    '--port',
    '8443',
    '--tls-cert',
    '/tls/tls.crt',
    '--tls-key',
    '/tls/tls.key',
    // one CPU per replica (the limit below): judged on the main thread, no worker threads (their
    // default, the node's core count, ignores the limit and each loads the rules: memory); scale
    // out with replicas, or raise the limit together with --workers
    '--workers',
    '0',
  ];
  if (o.policyText !== undefined) args.push('--config', '/policy/policy.yaml');
  const probe = (path: string) => ({
    httpGet: { path, port: 'https', scheme: 'HTTPS' },
    periodSeconds: 10,
    timeoutSeconds: 2,
  });
  docs.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name),
    spec: {
      replicas: Math.max(2, o.replicas ?? 2),
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels: labels },
                  },
                },
              ],
            },
          },
          containers: [
            {
              name: 'webhook',
              image: o.image ?? `hako:${VERSION}`,
              args,
              ports: [{ name: 'https', containerPort: 8443, protocol: 'TCP' }],
              readinessProbe: probe('/readyz'),
              livenessProbe: probe('/healthz'),
              resources: {
                requests: { cpu: '250m', memory: '128Mi' },
                limits: { cpu: '1', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'tls', mountPath: '/tls', readOnly: true },
                ...(o.policyText !== undefined
                  ? [{ name: 'policy', mountPath: '/policy', readOnly: true }]
                  : []),
              ],
            },
          ],
          volumes: [
            { name: 'tls', secret: { secretName: tlsSecret } },
            ...(o.policyText !== undefined
              ? [{ name: 'policy', configMap: { name: `${name}-policy` } }]
              : []),
          ],
        },
      },
    },
  });
  docs.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(name),
    spec: { minAvailable: 1, selector: { matchLabels: labels } },
  });
  // Default deny in the webhook's namespace, then only the API server's calls to the HTTPS port: the
  // webhook makes no outbound connection (no DNS either), so no egress is allowed at all.
  docs.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('default-deny'),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  docs.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(`${name}-from-api-server`),
    spec: {
      podSelector: { matchLabels: labels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: (o.apiServerCidrs ?? PRIVATE_CIDRS).map((cidr) => ({ ipBlock: { cidr } })),
          ports: [{ port: 8443, protocol: 'TCP' }],
        },
      ],
    },
  });
  docs.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      type: 'ClusterIP',
      selector: labels,
      ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }],
    },
  });
  const clientConfig = {
    service: { namespace: ns, name, path: '/validate', port: 443 },
    ...(certs ? { caBundle: Buffer.from(certs.ca.cert).toString('base64') } : {}),
  };
  const common = {
    clientConfig,
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    timeoutSeconds: o.timeoutSeconds ?? 5,
    matchPolicy: 'Equivalent',
  };
  const ops = ['CREATE', 'UPDATE'];
  docs.push({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: {
      name,
      labels,
      ...(certs ? {} : { annotations: { 'cert-manager.io/inject-ca-from': `${ns}/${name}` } }),
    },
    webhooks: [
      {
        name: 'validate.hako.dev',
        ...common,
        failurePolicy: o.failurePolicy ?? 'Fail',
        namespaceSelector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [ns, 'kube-system'] },
          ],
        },
        rules: [
          ...POD_KINDS.map((k) => ({
            apiGroups: [k.group],
            apiVersions: ['*'],
            resources: k.resources,
            operations: ops,
            scope: 'Namespaced',
          })),
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['namespaces'],
            operations: ops,
            scope: 'Cluster',
          },
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['serviceaccounts'],
            operations: ops,
            scope: 'Namespaced',
          },
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            apiVersions: ['v1'],
            resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
            operations: ops,
            scope: '*',
          },
          {
            apiGroups: ['networking.k8s.io'],
            apiVersions: ['v1'],
            resources: ['networkpolicies'],
            operations: ops,
            scope: 'Namespaced',
          },
        ],
      },
      {
        name: 'aws-auth.hako.dev',
        ...common,
        failurePolicy: 'Ignore',
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-system'] }],
        },
        matchConditions: [{ name: 'aws-auth-only', expression: "object.metadata.name == 'aws-auth'" }],
        rules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['configmaps'],
            operations: ops,
            scope: 'Namespaced',
          },
        ],
      },
    ],
  });
  return docs;
}

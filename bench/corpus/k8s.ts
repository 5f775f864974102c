/**
 * Kubernetes corpora for bench:compare, written the way rendered charts and kustomize bases look:
 * one file per application bundle (`helm template` output: the workload, its ServiceAccount,
 * Service, ConfigMap, sometimes a PodDisruptionBudget, Role/RoleBinding, NetworkPolicy or HPA),
 * every pod-bearing kind (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
 * ReplicationController, bare Pod), and security settings that vary the way real manifests do:
 * restricted-hardened, half-hardened, nothing set, privileged agents with host namespaces and
 * hostPath mounts, added capabilities, `latest` or untagged images, missing resources.
 */
import { APPS, Gen, image, TEAMS } from './gen.js';

export const POD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'Pod',
] as const;
export type PodKind = (typeof POD_KINDS)[number];

const API: Record<PodKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  ReplicationController: 'v1',
  Pod: 'v1',
};

type Posture = 'restricted' | 'partial' | 'none' | 'agent' | 'caps';

const ind = (lines: string[], n: number): string[] => lines.map((l) => (l ? ' '.repeat(n) + l : l));

function securityContext(g: Gen, posture: Posture): string[] {
  switch (posture) {
    case 'restricted':
      return [
        'securityContext:',
        '  allowPrivilegeEscalation: false',
        '  readOnlyRootFilesystem: true',
        '  runAsNonRoot: true',
        `  runAsUser: ${g.pick([1000, 10001, 65532])}`,
        '  capabilities:',
        '    drop:',
        '      - ALL',
        ...(g.chance(0.3) ? ['  seccompProfile:', '    type: RuntimeDefault'] : []),
      ];
    case 'partial':
      return [
        'securityContext:',
        ...(g.chance(0.6) ? ['  allowPrivilegeEscalation: false'] : []),
        ...(g.chance(0.5) ? ['  runAsNonRoot: true'] : ['  runAsUser: 0']),
        ...(g.chance(0.4) ? ['  readOnlyRootFilesystem: false'] : []),
        ...(g.chance(0.5) ? ['  capabilities:', '    drop: ["ALL"]'] : []),
      ];
    case 'none':
      return [];
    case 'agent':
      return [
        'securityContext:',
        `  privileged: ${g.chance(0.7)}`,
        ...(g.chance(0.5) ? ['  runAsUser: 0'] : []),
        ...(g.chance(0.3) ? ['  procMount: Unmasked'] : []),
      ];
    case 'caps':
      return [
        'securityContext:',
        '  allowPrivilegeEscalation: true',
        '  capabilities:',
        `    add: [${g.pick(['NET_ADMIN', 'SYS_ADMIN', 'NET_RAW', 'SYS_PTRACE', 'NET_ADMIN, NET_RAW', 'ALL'])}]`,
      ];
  }
}

function container(g: Gen, team: string, app: string, i: number, posture: Posture, job: boolean): string[] {
  const name = i === 0 ? app : g.pick(['istio-proxy', 'log-shipper', 'cloud-sql-proxy', 'metrics']);
  const port = g.pick([8080, 8443, 9090, 3000, 5000]);
  const out = [
    `- name: ${name}`,
    `  image: ${image(g, team, app)}`,
    ...(g.chance(0.6) ? [`  imagePullPolicy: ${g.pick(['IfNotPresent', 'Always'])}`] : []),
  ];
  if (job) out.push('  command: ["/bin/sh", "-c"]', `  args: ["/app/run --task=${app}-sync"]`);
  else
    out.push(
      '  ports:',
      `    - name: ${g.pick(['http', 'metrics', 'grpc'])}`,
      `      containerPort: ${port}`,
      '      protocol: TCP',
      ...(posture === 'agent' && g.chance(0.4) ? [`      hostPort: ${port}`] : []),
    );
  const env: string[] = [];
  for (let e = 0; e < g.int(0, 5); e++)
    env.push(`  - name: ${app.toUpperCase()}_OPT_${e}`, `    value: "${g.hex(g.int(4, 16))}"`);
  if (g.chance(0.4))
    env.push(
      '  - name: DATABASE_PASSWORD',
      '    valueFrom:',
      '      secretKeyRef:',
      `        name: ${app}-db`,
      '        key: password',
    );
  if (g.chance(0.08)) env.push('  - name: AWS_SECRET_ACCESS_KEY', `    value: "${g.hex(40)}"`);
  if (g.chance(0.3))
    env.push('  - name: POD_NAME', '    valueFrom:', '      fieldRef:', '        fieldPath: metadata.name');
  if (env.length) out.push('  env:', ...env);
  if (g.chance(0.2)) out.push('  envFrom:', '    - configMapRef:', `        name: ${app}-config`);
  const res = g.weighted<'full' | 'requests' | 'none'>([
    ['full', 55],
    ['requests', 30],
    ['none', 15],
  ]);
  if (res !== 'none') {
    out.push(
      '  resources:',
      '    requests:',
      `      cpu: ${g.int(1, 10) * 50}m`,
      `      memory: ${g.int(1, 8) * 64}Mi`,
    );
    if (res === 'full')
      out.push('    limits:', `      cpu: "${g.int(1, 4)}"`, `      memory: ${g.int(2, 16) * 64}Mi`);
  }
  if (!job && g.chance(0.7))
    out.push(
      '  readinessProbe:',
      '    httpGet:',
      '      path: /ready',
      `      port: ${port}`,
      `    periodSeconds: ${g.pick([5, 10, 15])}`,
      '  livenessProbe:',
      '    httpGet:',
      '      path: /healthz',
      `      port: ${port}`,
      `    initialDelaySeconds: ${g.int(5, 30)}`,
    );
  out.push(...ind(securityContext(g, posture), 2));
  const mounts = ['- name: tmp', '  mountPath: /tmp'];
  if (posture === 'agent') {
    mounts.push('- name: host-root', '  mountPath: /host', '  readOnly: true');
    if (g.chance(0.4)) mounts.push('- name: docker-sock', '  mountPath: /var/run/docker.sock');
  }
  if (i === 0 && g.chance(0.3)) mounts.push('- name: config', '  mountPath: /etc/app', '  readOnly: true');
  out.push('  volumeMounts:', ...ind(mounts, 4));
  return out;
}

/** The pod spec (at indent 0), and the posture it was drawn with. */
function podSpec(g: Gen, kind: PodKind, team: string, app: string): string[] {
  const job = kind === 'Job' || kind === 'CronJob';
  const posture: Posture =
    kind === 'DaemonSet' && g.chance(0.6)
      ? 'agent'
      : g.weighted<Posture>([
          ['restricted', 35],
          ['partial', 30],
          ['none', 25],
          ['caps', 6],
          ['agent', 4],
        ]);
  const out: string[] = [];
  if (g.chance(0.85)) out.push(`serviceAccountName: ${app}`);
  if (g.chance(0.3)) out.push('automountServiceAccountToken: false');
  if (posture === 'agent') {
    out.push('hostNetwork: true');
    if (g.chance(0.5)) out.push('hostPID: true');
    if (g.chance(0.2)) out.push('hostIPC: true');
    out.push('dnsPolicy: ClusterFirstWithHostNet');
  }
  if (job) out.push(`restartPolicy: ${g.pick(['OnFailure', 'Never'])}`);
  if (posture === 'restricted' || (posture === 'partial' && g.chance(0.5)))
    out.push(
      'securityContext:',
      '  runAsNonRoot: true',
      `  fsGroup: ${g.pick([1000, 2000, 65532])}`,
      '  seccompProfile:',
      '    type: RuntimeDefault',
    );
  if (g.chance(0.25)) out.push('nodeSelector:', `  kubernetes.io/arch: ${g.pick(['amd64', 'arm64'])}`);
  if (posture === 'agent' || g.chance(0.1))
    out.push('tolerations:', '  - operator: Exists', ...(g.chance(0.5) ? ['    effect: NoSchedule'] : []));
  if (g.chance(0.15))
    out.push(
      'initContainers:',
      ...ind(
        [
          '- name: wait-for-db',
          `  image: busybox:1.36`,
          `  command: ["sh", "-c", "until nc -z ${app}-db 5432; do sleep 2; done"]`,
          ...(g.chance(0.5) ? ['  securityContext:', '    runAsUser: 0'] : []),
        ],
        2,
      ),
    );
  const n = g.weighted([
    [1, 65],
    [2, 28],
    [3, 7],
  ] as const);
  out.push('containers:');
  for (let i = 0; i < n; i++) out.push(...ind(container(g, team, app, i, posture, job), 2));
  const vols = ['- name: tmp', '  emptyDir: {}'];
  if (posture === 'agent') {
    vols.push('- name: host-root', '  hostPath:', '    path: /');
    vols.push('- name: docker-sock', '  hostPath:', '    path: /var/run/docker.sock', '    type: Socket');
  }
  vols.push('- name: config', '  configMap:', `    name: ${app}-config`);
  out.push('volumes:', ...ind(vols, 2));
  return out;
}

function meta(g: Gen, name: string, ns: string | null, app: string, team: string, chart: boolean): string[] {
  const out = ['metadata:', `  name: ${name}`];
  if (ns) out.push(`  namespace: ${ns}`);
  out.push('  labels:', `    app.kubernetes.io/name: ${app}`, `    app.kubernetes.io/instance: ${name}`);
  if (chart)
    out.push(
      `    app.kubernetes.io/version: "2.${g.int(0, 40)}.0"`,
      '    app.kubernetes.io/managed-by: Helm',
      `    helm.sh/chart: ${app}-${g.int(0, 9)}.${g.int(0, 20)}.${g.int(0, 9)}`,
      `    app.kubernetes.io/part-of: ${team}`,
    );
  return out;
}

function selector(name: string, app: string): string[] {
  return [
    'selector:',
    '  matchLabels:',
    `    app.kubernetes.io/name: ${app}`,
    `    app.kubernetes.io/instance: ${name}`,
  ];
}

function template(g: Gen, kind: PodKind, team: string, app: string, name: string): string[] {
  const ann = g.chance(0.3)
    ? [
        '  annotations:',
        `    checksum/config: ${g.hex(64)}`,
        ...(g.chance(0.4) ? ['    prometheus.io/scrape: "true"'] : []),
      ]
    : [];
  return [
    'template:',
    '  metadata:',
    '    labels:',
    `      app.kubernetes.io/name: ${app}`,
    `      app.kubernetes.io/instance: ${name}`,
    ...ind(ann, 2),
    '  spec:',
    ...ind(podSpec(g, kind, team, app), 4),
  ];
}

export function workload(
  g: Gen,
  kind: PodKind,
  team: string,
  app: string,
  name: string,
  ns: string | null,
): string {
  const head = [`apiVersion: ${API[kind]}`, `kind: ${kind}`, ...meta(g, name, ns, app, team, g.chance(0.6))];
  let spec: string[];
  switch (kind) {
    case 'Pod':
      spec = podSpec(g, kind, team, app);
      break;
    case 'Deployment':
      spec = [
        `replicas: ${g.int(1, 6)}`,
        'revisionHistoryLimit: 10',
        ...selector(name, app),
        ...(g.chance(0.5)
          ? [
              'strategy:',
              '  type: RollingUpdate',
              '  rollingUpdate:',
              '    maxSurge: 25%',
              '    maxUnavailable: 0',
            ]
          : []),
        ...template(g, kind, team, app, name),
      ];
      break;
    case 'StatefulSet':
      spec = [
        `serviceName: ${name}-headless`,
        `replicas: ${g.int(1, 5)}`,
        'podManagementPolicy: OrderedReady',
        ...selector(name, app),
        ...template(g, kind, team, app, name),
        'volumeClaimTemplates:',
        '  - metadata:',
        '      name: data',
        '    spec:',
        '      accessModes: ["ReadWriteOnce"]',
        '      storageClassName: gp3',
        '      resources:',
        '        requests:',
        `          storage: ${g.pick([8, 20, 50, 100])}Gi`,
      ];
      break;
    case 'DaemonSet':
      spec = [
        ...selector(name, app),
        'updateStrategy:',
        '  type: RollingUpdate',
        ...template(g, kind, team, app, name),
      ];
      break;
    case 'ReplicaSet':
      spec = [`replicas: ${g.int(1, 3)}`, ...selector(name, app), ...template(g, kind, team, app, name)];
      break;
    case 'ReplicationController':
      spec = [
        `replicas: ${g.int(1, 3)}`,
        'selector:',
        `  app.kubernetes.io/name: ${app}`,
        `  app.kubernetes.io/instance: ${name}`,
        ...template(g, kind, team, app, name),
      ];
      break;
    case 'Job':
      spec = [
        `backoffLimit: ${g.int(0, 6)}`,
        ...(g.chance(0.5) ? [`ttlSecondsAfterFinished: ${g.pick([300, 3600, 86400])}`] : []),
        ...template(g, kind, team, app, name),
      ];
      break;
    case 'CronJob':
      spec = [
        `schedule: "${g.int(0, 59)} ${g.pick(['*', '*/6', '2', '3'])} * * *"`,
        `concurrencyPolicy: ${g.pick(['Forbid', 'Replace', 'Allow'])}`,
        'successfulJobsHistoryLimit: 3',
        'failedJobsHistoryLimit: 1',
        'jobTemplate:',
        '  spec:',
        `    backoffLimit: ${g.int(0, 3)}`,
        ...ind(template(g, kind, team, app, name), 4),
      ];
      break;
  }
  return [...head, 'spec:', ...ind(spec, 2)].join('\n');
}

function service(g: Gen, app: string, name: string, ns: string | null): string {
  const type = g.weighted([
    ['ClusterIP', 75],
    ['LoadBalancer', 12],
    ['NodePort', 8],
    ['ExternalName', 0],
  ] as const);
  return [
    'apiVersion: v1',
    'kind: Service',
    ...meta(g, name, ns, app, '', false),
    ...(type === 'LoadBalancer'
      ? [
          '  annotations:',
          '    service.beta.kubernetes.io/aws-load-balancer-type: nlb',
          `    service.beta.kubernetes.io/aws-load-balancer-scheme: ${g.pick(['internal', 'internet-facing'])}`,
        ]
      : []),
    'spec:',
    `  type: ${type}`,
    '  selector:',
    `    app.kubernetes.io/name: ${app}`,
    `    app.kubernetes.io/instance: ${name}`,
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: http',
    '      protocol: TCP',
    ...(type === 'NodePort' ? [`      nodePort: ${g.int(30000, 32767)}`] : []),
  ].join('\n');
}

function configMap(g: Gen, app: string, ns: string | null): string {
  const data = Array.from(
    { length: g.int(2, 8) },
    (_, i) => `  ${app}.setting-${i}: "${g.hex(g.int(4, 24))}"`,
  );
  return [
    'apiVersion: v1',
    'kind: ConfigMap',
    ...meta(g, `${app}-config`, ns, app, '', false),
    'data:',
    ...data,
    '  application.yaml: |',
    '    server:',
    '      port: 8080',
    `    logging:`,
    `      level: ${g.pick(['info', 'debug', 'warn'])}`,
  ].join('\n');
}

function serviceAccount(g: Gen, app: string, ns: string | null): string {
  return [
    'apiVersion: v1',
    'kind: ServiceAccount',
    ...meta(g, app, ns, app, '', false),
    ...(g.chance(0.4)
      ? ['  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/${app}-irsa`]
      : []),
    ...(g.chance(0.3) ? ['automountServiceAccountToken: false'] : []),
  ].join('\n');
}

function rbac(g: Gen, app: string, ns: string | null): string[] {
  const cluster = g.chance(0.25);
  const kind = cluster ? 'ClusterRole' : 'Role';
  const rules = g.weighted<string[]>([
    [
      [
        '  - apiGroups: [""]',
        '    resources: ["configmaps", "endpoints"]',
        '    verbs: ["get", "list", "watch"]',
      ],
      60,
    ],
    [['  - apiGroups: [""]', '    resources: ["secrets"]', '    verbs: ["get", "list"]'], 15],
    [['  - apiGroups: ["*"]', '    resources: ["*"]', '    verbs: ["*"]'], 8],
    [
      [
        '  - apiGroups: ["apps"]',
        '    resources: ["deployments"]',
        '    verbs: ["create", "patch", "update"]',
        '  - apiGroups: [""]',
        '    resources: ["pods/exec"]',
        '    verbs: ["create"]',
      ],
      17,
    ],
  ]);
  const nsLine = cluster || !ns ? [] : [`  namespace: ${ns}`];
  const role = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${app}`,
    ...nsLine,
    'rules:',
    ...rules,
  ].join('\n');
  const bindKind = cluster ? 'ClusterRoleBinding' : 'RoleBinding';
  const roleRef = cluster && g.chance(0.2) ? 'cluster-admin' : app;
  const binding = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    `kind: ${bindKind}`,
    'metadata:',
    `  name: ${app}`,
    ...nsLine,
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    `  kind: ${kind}`,
    `  name: ${roleRef}`,
    'subjects:',
    '  - kind: ServiceAccount',
    `    name: ${app}`,
    `    namespace: ${ns ?? 'default'}`,
  ].join('\n');
  return [role, binding];
}

function networkPolicy(app: string, name: string, ns: string | null): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    ...(ns ? [`  namespace: ${ns}`] : []),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${app}`,
    '  policyTypes: ["Ingress"]',
    '  ingress:',
    '    - from:',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: ingress-nginx',
  ].join('\n');
}

function pdb(name: string, app: string, ns: string | null): string {
  return [
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    'metadata:',
    `  name: ${name}`,
    ...(ns ? [`  namespace: ${ns}`] : []),
    'spec:',
    '  minAvailable: 1',
    '  selector:',
    '    matchLabels:',
    `      app.kubernetes.io/name: ${app}`,
  ].join('\n');
}

const KIND_WEIGHTS: readonly (readonly [PodKind, number])[] = [
  ['Deployment', 45],
  ['StatefulSet', 12],
  ['DaemonSet', 7],
  ['CronJob', 10],
  ['Job', 8],
  ['Pod', 8],
  ['ReplicaSet', 5],
  ['ReplicationController', 5],
];
const PLAIN_WEIGHTS: readonly (readonly [PodKind, number])[] = [
  ['Deployment', 50],
  ['StatefulSet', 15],
  ['DaemonSet', 10],
  ['Job', 10],
  ['CronJob', 15],
];

export interface GeneratedFile {
  path: string;
  text: string;
  docs: number;
  kinds: string[];
}

/**
 * `docs` Kubernetes documents, one file per application bundle (the workload and what a chart
 * renders beside it), in one directory per team namespace.
 */
export function* k8sMixed(docs: number, seed = 16_001): Generator<GeneratedFile> {
  const g = new Gen(seed);
  let written = 0;
  let n = 0;
  while (written < docs) {
    const team = g.pick(TEAMS);
    const app = g.pick(APPS);
    const kind = g.weighted(KIND_WEIGHTS);
    const name = `${app}-${n}`;
    const ns = g.chance(0.92) ? team : null; // a few forget the namespace
    const bundle: { kind: string; text: string }[] = [];
    if (kind !== 'Pod' && kind !== 'Job' && g.chance(0.85))
      bundle.push({ kind: 'ServiceAccount', text: serviceAccount(g, app, ns) });
    if (g.chance(0.6)) bundle.push({ kind: 'ConfigMap', text: configMap(g, app, ns) });
    bundle.push({ kind, text: workload(g, kind, team, app, name, ns) });
    if (kind === 'Deployment' || kind === 'StatefulSet' || (kind === 'DaemonSet' && g.chance(0.3)))
      bundle.push({ kind: 'Service', text: service(g, app, name, ns) });
    if (kind === 'Deployment' && g.chance(0.3))
      bundle.push({ kind: 'PodDisruptionBudget', text: pdb(name, app, ns) });
    if (g.chance(0.3))
      for (const t of rbac(g, app, ns)) bundle.push({ kind: t.split('\n')[1]!.slice(6), text: t });
    if (g.chance(0.25)) bundle.push({ kind: 'NetworkPolicy', text: networkPolicy(app, name, ns) });
    const take = bundle.slice(0, docs - written);
    written += take.length;
    yield {
      path: `k8s/${ns ?? 'default'}/${name}.yaml`,
      text: `${take.map((d) => `---\n# Source: ${app}/templates/${d.kind.toLowerCase()}.yaml\n${d.text}\n`).join('')}`,
      docs: take.length,
      kinds: take.map((d) => d.kind),
    };
    n++;
  }
}

/** `docs` plain workload documents (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs; no Services), 10 to a file. */
export function* k8sPlain(docs: number, seed = 16_002): Generator<GeneratedFile> {
  const g = new Gen(seed);
  for (let start = 0, f = 0; start < docs; start += 10, f++) {
    const team = g.pick(TEAMS);
    const texts: string[] = [];
    const kinds: string[] = [];
    for (let n = start; n < Math.min(docs, start + 10); n++) {
      const app = g.pick(APPS);
      const kind = g.weighted(PLAIN_WEIGHTS);
      kinds.push(kind);
      texts.push(workload(g, kind, team, app, `${app}-${n}`, team));
    }
    yield {
      path: `workloads/${team}-${String(f).padStart(4, '0')}.yaml`,
      text: `${texts.join('\n---\n')}\n`,
      docs: texts.length,
      kinds,
    };
  }
}

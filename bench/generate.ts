/**
 * Writes a benchmark corpus: N Kubernetes documents (Deployments, Services and ConfigMaps in
 * multi-document files of about 50 documents) and M ECS task definitions (one JSON per file,
 * Fargate and EC2, several containers each) into bench/out/corpus-<N>-<M>/. The content is
 * deterministic (a seeded generator), realistic in size and shape, and mixes hardened and
 * insecure settings so that rules have something to find.
 *
 *   npx tsx bench/generate.ts [--k8s N] [--ecs M] [--force]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gen as SeededGen } from './corpus/gen.js';

export const BENCH_OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
export const DOCS_PER_FILE = 50;

export interface CorpusManifest {
  k8sDocs: number;
  ecsDocs: number;
  k8sFiles: number;
  ecsFiles: number;
  bytes: number;
  kinds: Record<string, number>;
}

const TEAMS = ['shop', 'payments', 'search', 'identity', 'media', 'ledger', 'ads', 'ops'];
const APPS = [
  'api',
  'web',
  'worker',
  'gateway',
  'cache',
  'indexer',
  'scheduler',
  'notifier',
  'auth',
  'export',
];
const IMAGES = [
  'public.ecr.aws/nginx/nginx:1.27',
  '111122223333.dkr.ecr.us-east-1.amazonaws.com/{app}:2.{n}.0',
  '111122223333.dkr.ecr.eu-west-1.amazonaws.com/{team}/{app}@sha256:{sha}',
  'docker.io/library/redis:7.4',
  'ghcr.io/example/{app}:latest',
];

/** The seeded generator of bench:compare, with this corpus's image picker. */
class Gen extends SeededGen {
  image(team: string, app: string): string {
    return this.pick(IMAGES)
      .replace('{team}', team)
      .replace('{app}', app)
      .replace('{n}', String(this.int(0, 40)))
      .replace('{sha}', this.hex(64));
  }
}

function k8sContainer(g: Gen, team: string, app: string, i: number): string {
  const name = i === 0 ? app : `${app}-sidecar-${i}`;
  const hardened = g.chance(0.6);
  const lines = [
    `        - name: ${name}`,
    `          image: ${g.image(team, app)}`,
    `          imagePullPolicy: IfNotPresent`,
    `          ports:`,
    `            - name: http`,
    `              containerPort: ${g.pick([8080, 8443, 9090, 3000])}`,
    `              protocol: TCP`,
    `          env:`,
  ];
  for (let e = 0; e < g.int(2, 6); e++) {
    lines.push(
      `            - name: ${app.toUpperCase()}_SETTING_${e}`,
      `              value: "${g.hex(12)}"`,
    );
  }
  if (g.chance(0.5))
    lines.push(
      `            - name: DB_PASSWORD`,
      `              valueFrom:`,
      `                secretKeyRef: { name: ${app}-db, key: password }`,
    );
  lines.push(
    `          resources:`,
    `            requests: { cpu: ${g.int(1, 10) * 50}m, memory: ${g.int(1, 8) * 64}Mi }`,
    ...(g.chance(0.7) ? [`            limits: { memory: ${g.int(2, 16) * 64}Mi }`] : []),
    `          readinessProbe:`,
    `            httpGet: { path: /healthz, port: http }`,
    `            periodSeconds: 10`,
    `          livenessProbe:`,
    `            httpGet: { path: /livez, port: http }`,
    `            initialDelaySeconds: ${g.int(5, 30)}`,
  );
  if (hardened) {
    lines.push(
      `          securityContext:`,
      `            allowPrivilegeEscalation: false`,
      `            readOnlyRootFilesystem: true`,
      `            runAsNonRoot: true`,
      `            capabilities:`,
      `              drop: ["ALL"]`,
    );
  } else if (g.chance(0.3)) {
    lines.push(
      `          securityContext:`,
      `            privileged: ${g.chance(0.3)}`,
      `            capabilities:`,
      `              add: ["NET_ADMIN"]`,
    );
  }
  lines.push(`          volumeMounts:`, `            - name: tmp`, `              mountPath: /tmp`);
  return lines.join('\n');
}

function deployment(g: Gen, team: string, app: string, n: number): string {
  const containers = Array.from({ length: g.int(1, 3) }, (_, i) => k8sContainer(g, team, app, i)).join('\n');
  const hostNet = g.chance(0.05) ? '\n      hostNetwork: true' : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}-${n}
  namespace: ${team}
  labels:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/part-of: ${team}
    app.kubernetes.io/version: "2.${n % 40}.0"
  annotations:
    deployment.kubernetes.io/revision: "${g.int(1, 90)}"
spec:
  replicas: ${g.int(1, 6)}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
      app.kubernetes.io/instance: ${app}-${n}
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 25%, maxUnavailable: 0 }
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
        app.kubernetes.io/instance: ${app}-${n}
    spec:
      serviceAccountName: ${app}${hostNet}
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
${containers}
      volumes:
        - name: tmp
          emptyDir: {}
`;
}

function service(g: Gen, team: string, app: string, n: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app}-${n}
  namespace: ${team}
  labels:
    app.kubernetes.io/name: ${app}
spec:
  type: ${g.pick(['ClusterIP', 'ClusterIP', 'ClusterIP', 'LoadBalancer', 'NodePort'])}
  selector:
    app.kubernetes.io/name: ${app}
    app.kubernetes.io/instance: ${app}-${n}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
`;
}

function configMap(g: Gen, team: string, app: string, n: number): string {
  const data = Array.from(
    { length: g.int(3, 12) },
    (_, i) => `  ${app}.setting-${i}: "${g.hex(g.int(8, 40))}"`,
  ).join('\n');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app}-${n}-config
  namespace: ${team}
data:
${data}
  application.yaml: |
    server:
      port: 8080
      shutdown: graceful
    logging:
      level: ${g.pick(['info', 'debug', 'warn'])}
`;
}

function taskDefinition(g: Gen, n: number): string {
  const team = g.pick(TEAMS);
  const app = g.pick(APPS);
  const fargate = g.chance(0.6);
  const containers = Array.from({ length: g.int(2, 4) }, (_, i) => {
    const name = i === 0 ? app : g.pick(['log-router', 'envoy', 'datadog-agent', 'otel-collector']);
    const c: Record<string, unknown> = {
      name,
      image: g.image(team, app),
      essential: i === 0,
      cpu: g.int(1, 4) * 128,
      memory: g.int(1, 8) * 128,
      portMappings: [{ containerPort: g.pick([80, 8080, 9000]), protocol: 'tcp' }],
      environment: Array.from({ length: g.int(1, 5) }, (_, e) => ({
        name: `${app.toUpperCase()}_${e}`,
        value: g.hex(10),
      })),
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': `/ecs/${team}/${app}`,
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': name,
        },
      },
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
        interval: 30,
        timeout: 5,
        retries: 3,
      },
    };
    if (g.chance(0.5))
      c.secrets = [
        {
          name: 'DB_PASSWORD',
          valueFrom: `arn:aws:secretsmanager:us-east-1:111122223333:secret:${team}/${app}/db-${g.hex(6)}`,
        },
      ];
    if (g.chance(0.6)) {
      c.user = '10001';
      c.readonlyRootFilesystem = true;
    }
    if (!fargate && g.chance(0.15)) c.privileged = true;
    if (!fargate && g.chance(0.2))
      c.mountPoints = [{ sourceVolume: 'docker-sock', containerPath: '/var/run/docker.sock' }];
    return c;
  });
  const td: Record<string, unknown> = {
    family: `${team}-${app}-${n}`,
    taskRoleArn: `arn:aws:iam::111122223333:role/${team}-${app}-task`,
    executionRoleArn: `arn:aws:iam::111122223333:role/${team}-${app}-exec`,
    networkMode: fargate ? 'awsvpc' : g.pick(['bridge', 'awsvpc', 'host']),
    requiresCompatibilities: [fargate ? 'FARGATE' : 'EC2'],
    containerDefinitions: containers,
  };
  if (fargate) {
    td.cpu = String(g.pick([256, 512, 1024, 2048]));
    td.memory = String(g.pick([512, 1024, 2048, 4096]));
    td.runtimePlatform = { cpuArchitecture: g.pick(['X86_64', 'ARM64']), operatingSystemFamily: 'LINUX' };
  } else {
    td.volumes = [{ name: 'docker-sock', host: { sourcePath: '/var/run/docker.sock' } }];
    td.placementConstraints = [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ m6i.*' }];
  }
  td.tags = [
    { key: 'team', value: team },
    { key: 'service', value: app },
  ];
  return `${JSON.stringify(td, null, 2)}\n`;
}

export function corpusDir(k8s: number, ecs: number): string {
  return path.join(BENCH_OUT, `corpus-${k8s}-${ecs}`);
}

/** Generates the corpus unless a complete one is already there; returns its directory and manifest. */
export function ensureCorpus(
  k8s: number,
  ecs: number,
  force = false,
): { dir: string; manifest: CorpusManifest } {
  const dir = corpusDir(k8s, ecs);
  // beside the corpus, not in it (the scan would list it as skipped)
  const manifestFile = `${dir}.json`;
  if (!force && existsSync(manifestFile) && existsSync(dir)) {
    return { dir, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as CorpusManifest };
  }
  rmSync(manifestFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'k8s'), { recursive: true });
  mkdirSync(path.join(dir, 'ecs'), { recursive: true });
  const g = new Gen(20240601);
  const m: CorpusManifest = { k8sDocs: k8s, ecsDocs: ecs, k8sFiles: 0, ecsFiles: 0, bytes: 0, kinds: {} };
  const write = (file: string, text: string) => {
    writeFileSync(path.join(dir, file), text);
    m.bytes += Buffer.byteLength(text);
  };
  for (let start = 0; start < k8s; start += DOCS_PER_FILE) {
    const team = g.pick(TEAMS);
    const docs: string[] = [];
    for (let n = start; n < Math.min(k8s, start + DOCS_PER_FILE); n++) {
      const app = g.pick(APPS);
      // a workload usually comes with its Service and its ConfigMap
      const kind = n % 5 < 2 ? 'Deployment' : n % 5 < 4 ? 'Service' : 'ConfigMap';
      m.kinds[kind] = (m.kinds[kind] ?? 0) + 1;
      docs.push(
        kind === 'Deployment'
          ? deployment(g, team, app, n)
          : kind === 'Service'
            ? service(g, team, app, n)
            : configMap(g, team, app, n),
      );
    }
    write(path.join('k8s', `${team}-${String(m.k8sFiles).padStart(4, '0')}.yaml`), docs.join('---\n'));
    m.k8sFiles++;
  }
  for (let n = 0; n < ecs; n++) {
    write(path.join('ecs', `task-${String(n).padStart(5, '0')}.json`), taskDefinition(g, n));
    m.ecsFiles++;
  }
  m.kinds.TaskDefinition = ecs;
  // written last: its presence says the corpus is complete
  writeFileSync(manifestFile, `${JSON.stringify(m, null, 2)}\n`);
  return { dir, manifest: m };
}

/** `--name value` flags as numbers, with defaults. */
export function numberFlags<T extends Record<string, number>>(argv: string[], defaults: T): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith('--')) continue;
    const name = flag.slice(2);
    if (!(name in defaults)) continue;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} expects a whole number, got ${argv[i + 1]}`);
    out[name] = v;
    i++;
  }
  return out as T;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const { k8s, ecs } = numberFlags(args, { k8s: 10_000, ecs: 2_000 });
  const t = performance.now();
  const { dir, manifest } = ensureCorpus(k8s, ecs, args.includes('--force'));
  const mb = (manifest.bytes / 1024 / 1024).toFixed(1);
  console.log(
    `${path.relative(process.cwd(), dir)}: ${manifest.k8sDocs} Kubernetes documents in ${manifest.k8sFiles} files, ` +
      `${manifest.ecsDocs} task definitions, ${mb} MB (${Math.round(performance.now() - t)} ms)`,
  );
}

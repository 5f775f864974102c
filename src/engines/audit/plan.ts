/**
 * The AUD detections as query plans: one small predicate IR per detection, evaluated by the
 * streaming detector (detect.ts) and printed as Logs Insights, Athena/Trino and DuckDB SQL by the
 * compiler (compile.ts). One definition, so the engines cannot drift apart.
 *
 * Fields are dotted paths into the audit event (`audit.k8s.io/v1` Event). Two virtual roots:
 * `body.` is the object the request wrote (`responseObject` when it is an object, else
 * `requestObject`), `pod.` is the pod spec inside that body (`spec.jobTemplate.spec.template.spec`
 * for CronJobs, `spec.template.spec` for workloads, `spec` for Pods: the first that exists).
 */

export type Scalar = string | number;

export type Pred =
  | { k: 'eq'; f: string; v: string }
  | { k: 'in'; f: string; vs: string[] }
  | { k: 'prefix'; f: string; v: string }
  | { k: 'null'; f: string }
  | { k: 'between'; f: string; lo: number; hi: number }
  /** the array of strings at `f` contains `v` (user.groups) */
  | { k: 'has'; f: string; v: string }
  /** some element of the arrays at `arrs` (paths with `[*]`) satisfies `where` (fields relative to the element) */
  | { k: 'any'; arrs: string[]; where: Pred }
  /** a hostPath volume of the pod spec with one of `paths` that a container mounts without readOnly: true */
  | { k: 'writableHostPath'; paths: string[] }
  | { k: 'and'; ps: Pred[] }
  | { k: 'or'; ps: Pred[] }
  | { k: 'not'; p: Pred };

/** A value computed per event: a field, or the first case whose predicate holds. */
export type Val = { f: string } | { cases: [Pred, string][]; otherwise: string };

export interface Plan {
  id: string;
  where: Pred;
  /** Repeats of the same key are one finding with a count. */
  key: Record<string, Val>;
  /** AUD-010: a group is reported only when it read Secrets in `n` namespaces, or cluster-wide. */
  having?: { distinctNamespaces: number };
}

const and = (...ps: Pred[]): Pred => ({ k: 'and', ps });
const or = (...ps: Pred[]): Pred => ({ k: 'or', ps });
const not = (p: Pred): Pred => ({ k: 'not', p });
const eq = (f: string, v: string): Pred => ({ k: 'eq', f, v });
const isIn = (f: string, vs: string[]): Pred => ({ k: 'in', f, vs });

/**
 * Only the event that carries the request's outcome: `RequestReceived` and `ResponseStarted`
 * (long-running requests such as exec) are followed by the `ResponseComplete` event of the same
 * request, so counting them would count each request twice.
 */
export const FINAL_STAGE: Pred = or(
  { k: 'null', f: 'stage' },
  not(isIn('stage', ['RequestReceived', 'ResponseStarted'])),
);
export const SUCCEEDED: Pred = { k: 'between', f: 'responseStatus.code', lo: 100, hi: 399 };
const WRITE = isIn('verb', ['create', 'update', 'patch']);
const READ = isIn('verb', ['get', 'list', 'watch']);
const BINDINGS = isIn('objectRef.resource', ['rolebindings', 'clusterrolebindings']);
export const WORKLOADS = [
  'pods',
  'deployments',
  'daemonsets',
  'statefulsets',
  'replicasets',
  'jobs',
  'cronjobs',
  'replicationcontrollers',
  'podtemplates',
];
export const CONTAINER_ARRAYS = ['pod.containers[*]', 'pod.initContainers[*]', 'pod.ephemeralContainers[*]'];
/** Host paths whose writable mount hands a container the node (runtime sockets, kubelet, system dirs). */
export const SENSITIVE_HOST_PATHS = [
  '/',
  '/etc',
  '/root',
  '/proc',
  '/sys',
  '/boot',
  '/dev',
  '/var/run',
  '/run',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/etc/kubernetes',
  '/home/admin',
];
/** Non-resource URLs every client may read by default (ClusterRole system:public-info-viewer). */
export const PUBLIC_INFO_URLS = ['/healthz', '/livez', '/readyz', '/version', '/version/'];
/** Control-plane identities that list Secrets cluster-wide by design. */
const SECRET_READERS_BY_DESIGN = [
  'system:kube-controller-manager',
  'system:kube-scheduler',
  'system:apiserver',
];

const PERSISTENCE_RESOURCES = [
  ...WORKLOADS,
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'serviceaccounts',
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
];

/** AUD-001's tactic, after GuardDuty's `<Tactic>:Kubernetes/SuccessfulAnonymousAccess` families. */
export const TACTIC: Val = {
  cases: [
    [and(eq('objectRef.resource', 'events'), isIn('verb', ['delete', 'deletecollection'])), 'DefenseEvasion'],
    [and(eq('objectRef.resource', 'secrets'), READ), 'CredentialAccess'],
    [isIn('verb', ['delete', 'deletecollection']), 'Impact'],
    [and(WRITE, isIn('objectRef.resource', PERSISTENCE_RESOURCES)), 'Persistence'],
    [READ, 'Discovery'],
  ],
  otherwise: 'Persistence',
};

const user = { f: 'user.username' };
const ns = { f: 'objectRef.namespace' };
const name = { f: 'objectRef.name' };
const resource = { f: 'objectRef.resource' };
const base = (...ps: Pred[]) => and(FINAL_STAGE, SUCCEEDED, ...ps);

export const PLANS: Plan[] = [
  {
    id: 'AUD-001',
    where: base(
      eq('user.username', 'system:anonymous'),
      not(and({ k: 'null', f: 'objectRef.resource' }, isIn('requestURI', PUBLIC_INFO_URLS))),
    ),
    key: { tactic: TACTIC, user, verb: { f: 'verb' }, resource, namespace: ns },
  },
  {
    id: 'AUD-002',
    where: base(BINDINGS, WRITE, {
      k: 'any',
      arrs: ['body.subjects[*]'],
      where: isIn('name', ['system:anonymous', 'system:unauthenticated']),
    }),
    key: { user, resource, namespace: ns, name },
  },
  {
    id: 'AUD-003',
    where: base(
      eq('objectRef.resource', 'pods'),
      isIn('objectRef.subresource', ['exec', 'attach']),
      eq('objectRef.namespace', 'kube-system'),
    ),
    key: { user, subresource: { f: 'objectRef.subresource' }, namespace: ns, name },
  },
  {
    id: 'AUD-004',
    where: base(
      BINDINGS,
      WRITE,
      {
        k: 'any',
        arrs: ['body.subjects[*]'],
        where: and(eq('kind', 'ServiceAccount'), eq('name', 'default')),
      },
      isIn('body.roleRef.name', ['cluster-admin', 'admin']),
    ),
    key: { user, resource, namespace: ns, name },
  },
  {
    id: 'AUD-005',
    where: base(
      eq('objectRef.resource', 'services'),
      WRITE,
      eq('body.spec.type', 'LoadBalancer'),
      or(
        { k: 'in', f: 'objectRef.name', vs: ['kubernetes-dashboard', 'centraldashboard'] },
        { k: 'in', f: 'body.spec.selector.k8s-app', vs: ['kubernetes-dashboard'] },
        { k: 'in', f: 'body.spec.selector.app', vs: ['kubernetes-dashboard', 'centraldashboard'] },
        {
          k: 'in',
          f: 'body.spec.selector.app.kubernetes.io/name',
          vs: ['kubernetes-dashboard', 'centraldashboard'],
        },
      ),
    ),
    key: {
      dashboard: {
        cases: [
          [
            or(
              eq('objectRef.name', 'centraldashboard'),
              eq('body.spec.selector.app', 'centraldashboard'),
              eq('body.spec.selector.app.kubernetes.io/name', 'centraldashboard'),
            ),
            'Kubeflow',
          ],
        ],
        otherwise: 'Kubernetes',
      },
      user,
      namespace: ns,
      name,
    },
  },
  {
    id: 'AUD-006',
    where: base(eq('verb', 'create'), isIn('objectRef.resource', WORKLOADS), {
      k: 'any',
      arrs: CONTAINER_ARRAYS,
      where: eq('securityContext.privileged', 'true'),
    }),
    key: { user, resource, namespace: ns, name },
  },
  {
    id: 'AUD-007',
    where: base(eq('verb', 'create'), isIn('objectRef.resource', WORKLOADS), {
      k: 'writableHostPath',
      paths: SENSITIVE_HOST_PATHS,
    }),
    key: { user, resource, namespace: ns, name },
  },
  {
    id: 'AUD-008',
    where: base(
      eq('objectRef.resource', 'clusterrolebindings'),
      eq('verb', 'create'),
      eq('body.roleRef.name', 'cluster-admin'),
    ),
    key: { user, name },
  },
  {
    id: 'AUD-009',
    where: base(
      eq('objectRef.resource', 'configmaps'),
      eq('objectRef.namespace', 'kube-system'),
      eq('objectRef.name', 'aws-auth'),
      isIn('verb', ['create', 'update', 'patch', 'delete']),
    ),
    key: { user, verb: { f: 'verb' } },
  },
  {
    id: 'AUD-010',
    where: base(
      eq('objectRef.resource', 'secrets'),
      READ,
      not(isIn('user.username', SECRET_READERS_BY_DESIGN)),
      not({ k: 'prefix', f: 'user.username', v: 'system:node:' }),
      not({ k: 'prefix', f: 'user.username', v: 'eks:' }),
    ),
    key: { user },
    having: { distinctNamespaces: 3 },
  },
  {
    id: 'AUD-011',
    where: base(eq('objectRef.resource', 'secrets'), isIn('verb', ['delete', 'deletecollection'])),
    key: { user, namespace: ns },
  },
  {
    id: 'AUD-012',
    where: and(FINAL_STAGE, { k: 'has', f: 'user.groups', v: 'system:masters' }),
    key: { user },
  },
];

/**
 * Words without which no plan can match an event, nor the detector count it as skipped: a line of
 * raw events holding none of them is not parsed (the fast path of `hako audit`; `--strict` parses
 * every line). Keep in step with PLANS: test/e2e and the DuckDB test compare both paths.
 */
export const NEEDED_WORDS = [
  'system:anonymous', // AUD-001
  'bindings', // AUD-002, AUD-004, AUD-008
  '"exec"', // AUD-003 (subresource)
  '"attach"',
  'aws-auth', // AUD-009
  'services', // AUD-005
  'secrets', // AUD-010, AUD-011
  'system:masters', // AUD-012
  'RequestReceived', // skipped-stage count
  'ResponseStarted',
  '\\u', // a word could be spelt with \u escapes
];
/** Workload writes (AUD-006, AUD-007 and the bodiless-write count): a write verb and a workload. */
export const NEEDED_PAIRS: [string[], string[]] = [['"create"', '"update"', '"patch"'], WORKLOADS];

const alternation = (ws: string[]) =>
  new RegExp(ws.map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|'));
const WORDS_RE = alternation(NEEDED_WORDS);
const VERBS_RE = alternation(NEEDED_PAIRS[0]);
const WORKLOADS_RE = alternation(NEEDED_PAIRS[1]);

/**
 * Whether a raw line may matter to a detection (see NEEDED_WORDS). The words are ASCII, so the
 * bytes are read as latin1 (no UTF-8 decoding) and searched with one regex.
 */
export function wantedLine(buf: Buffer, start: number, end: number): boolean {
  const line = buf.toString('latin1', start, end);
  return WORDS_RE.test(line) || (VERBS_RE.test(line) && WORKLOADS_RE.test(line));
}

// ---- evaluation over one parsed event (the streaming detector) ----

type Json = unknown;
const isObject = (x: Json): x is Record<string, Json> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The written object and the pod spec inside it, computed once per event. */
export interface EventView {
  e: Record<string, Json>;
  body?: Json;
  pod?: Json;
}

export function view(e: Record<string, Json>): EventView {
  const body = isObject(e.responseObject) ? e.responseObject : e.requestObject;
  const spec = isObject(body) ? body.spec : undefined;
  const pod = firstObject(
    dig(spec, ['jobTemplate', 'spec', 'template', 'spec']),
    dig(spec, ['template', 'spec']),
    spec,
  );
  return { e, body, pod };
}

function firstObject(...xs: Json[]): Json {
  return xs.find((x) => isObject(x));
}

function dig(x: Json, parts: string[]): Json {
  let cur = x;
  for (const p of parts) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/**
 * A dotted path: each segment is a key; when a key is missing, the longest run of segments joined
 * by dots that is a key is taken (labels such as `app.kubernetes.io/name`).
 */
function getParts(x: Json, parts: readonly string[]): Json {
  let cur = x;
  let i = 0;
  while (i < parts.length) {
    if (!isObject(cur)) return undefined;
    const direct = cur[parts[i]!];
    if (direct !== undefined && Object.hasOwn(cur, parts[i]!)) {
      cur = direct;
      i++;
      continue;
    }
    let found = false;
    for (let j = parts.length; j > i + 1; j--) {
      const key = parts.slice(i, j).join('.');
      if (Object.hasOwn(cur, key)) {
        cur = cur[key];
        i = j;
        found = true;
        break;
      }
    }
    if (!found) return undefined;
  }
  return cur;
}

const partsCache = new Map<string, string[]>();
function partsOf(path: string): string[] {
  let p = partsCache.get(path);
  if (!p) {
    p = path.split('.');
    partsCache.set(path, p);
  }
  return p;
}

function getPath(x: Json, path: string): Json {
  return getParts(x, partsOf(path));
}

type Getter = (v: EventView) => Json;

function getter(f: string): Getter {
  if (f.startsWith('body.')) {
    const parts = partsOf(f.slice(5));
    return (v) => getParts(v.body, parts);
  }
  if (f.startsWith('pod.')) {
    const parts = partsOf(f.slice(4));
    return (v) => getParts(v.pod, parts);
  }
  const parts = partsOf(f);
  return (v) => getParts(v.e, parts);
}

const getterCache = new Map<string, Getter>();
export function field(v: EventView, f: string): Json {
  let g = getterCache.get(f);
  if (!g) {
    g = getter(f);
    getterCache.set(f, g);
  }
  return g(v);
}

/** The scalar as SQL's json_extract_string sees it: strings as is, numbers and booleans printed. */
function scalar(x: Json): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return undefined;
}

/** Elements of `root.a[*].b[*]` flattened, as json_extract with wildcards does. */
function elementsOf(arr: string): (v: EventView) => Json[] {
  const [head, ...rest] = arr.split('[*]');
  const first = getter(head!);
  const steps = rest.slice(0, -1).map((seg) => partsOf(seg.replace(/^\./, '')));
  return (v) => {
    const top = first(v);
    let items: Json[] = Array.isArray(top) ? top : [];
    for (const parts of steps) {
      items = items.flatMap((it) => {
        const next = getParts(it, parts);
        return Array.isArray(next) ? next : [];
      });
    }
    return items;
  };
}

type Test = (v: EventView) => boolean;
const compiled = new WeakMap<Pred, Test>();

/** A predicate compiled once into a closure (the detector runs every plan on every event). */
function compile(p: Pred): Test {
  switch (p.k) {
    case 'eq': {
      const g = getter(p.f);
      const want = p.v;
      return (v) => scalar(g(v)) === want;
    }
    case 'in': {
      const g = getter(p.f);
      const set = new Set(p.vs);
      return (v) => {
        const s = scalar(g(v));
        return s !== undefined && set.has(s);
      };
    }
    case 'prefix': {
      const g = getter(p.f);
      return (v) => {
        const s = scalar(g(v));
        return s?.startsWith(p.v) === true;
      };
    }
    case 'null': {
      const g = getter(p.f);
      return (v) => {
        const x = g(v);
        return x === undefined || x === null;
      };
    }
    case 'between': {
      const g = getter(p.f);
      return (v) => {
        const s = scalar(g(v));
        const n = s === undefined || !/^-?\d+$/.test(s) ? Number.NaN : Number(s);
        return n >= p.lo && n <= p.hi;
      };
    }
    case 'has': {
      const g = getter(p.f);
      return (v) => {
        const x = g(v);
        return Array.isArray(x) && x.some((y) => scalar(y) === p.v);
      };
    }
    case 'any': {
      const lists = p.arrs.map(elementsOf);
      const inner = compile(p.where);
      return (v) => lists.some((l) => l(v).some((el) => inner({ e: el as Record<string, Json> })));
    }
    case 'writableHostPath': {
      const mounts = CONTAINER_ARRAYS.map((a) => elementsOf(`${a}.volumeMounts[*]`));
      const volumes = elementsOf('pod.volumes[*]');
      const paths = new Set(p.paths);
      return (v) => {
        const vols = volumes(v);
        if (vols.length === 0) return false;
        const writable = new Set(
          mounts
            .flatMap((m) => m(v))
            .filter((m) => scalar(getPath(m, 'readOnly')) !== 'true')
            .map((m) => scalar(getPath(m, 'name'))),
        );
        return vols.some((vol) => {
          const path = scalar(getPath(vol, 'hostPath.path'));
          return path !== undefined && paths.has(path) && writable.has(scalar(getPath(vol, 'name')));
        });
      };
    }
    case 'and': {
      const ts = p.ps.map(test0);
      return (v) => {
        for (const t of ts) if (!t(v)) return false;
        return true;
      };
    }
    case 'or': {
      const ts = p.ps.map(test0);
      return (v) => {
        for (const t of ts) if (t(v)) return true;
        return false;
      };
    }
    case 'not': {
      const t = test0(p.p);
      return (v) => !t(v);
    }
  }
}

function test0(p: Pred): Test {
  let t = compiled.get(p);
  if (!t) {
    t = compile(p);
    compiled.set(p, t);
  }
  return t;
}

export function test(p: Pred, v: EventView): boolean {
  return test0(p)(v);
}

export function value(val: Val, v: EventView): string | null {
  if ('f' in val) return scalar(field(v, val.f)) ?? null;
  for (const [p, out] of val.cases) if (test(p, v)) return out;
  return val.otherwise;
}

/**
 * Workload views of pod-bearing Kubernetes objects: where the pod template sits per kind, each
 * container with its securityContext as written, and the values in effect after the pod-level
 * securityContext is inherited (kubelet's DetermineEffectiveSecurityContext: a container field
 * wins over the pod's; seLinuxOptions, seccompProfile and appArmorProfile are replaced whole;
 * AppArmor falls back to the legacy pod annotation before the pod field).
 */
import type { PodInput } from '../../engines/pss/index.js';
import type { K8sObject } from '../../model/k8s/object.js';
import type {
  ContainerKind,
  ContainerSecurityContext,
  ContainerView,
  Effective,
  EffectiveSecurity,
  EnvVarSource,
  Level,
  PodMeta,
  PodSecurityContext,
  PodView,
  Profile,
  Resources,
  SELinuxOptions,
  VolumeView,
  Workload,
  WorkloadKind,
} from '../../model/k8s/workload.js';
import { defaulted, explicit, type Src, unresolved, type Val } from '../../model/source.js';
import { escapePointer } from '../../parse/common.js';
import {
  at,
  isMap,
  isSeq,
  items,
  type MapEntry,
  type MapNode,
  type Node,
  toPlain,
} from '../../parse/tree.js';
import { Fields, toStr } from '../fields.js';
import { apiGroup } from './kinds.js';
import { podInput } from './pod-input.js';

/** Where the pod template is, per kind, and the API groups that serve the kind. */
const TEMPLATE_PATH: Record<WorkloadKind, { groups: readonly string[]; path: readonly string[] }> = {
  Pod: { groups: [''], path: [] },
  PodTemplate: { groups: [''], path: ['template'] },
  ReplicationController: { groups: [''], path: ['spec', 'template'] },
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template'] },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template'] },
  Job: { groups: ['batch'], path: ['spec', 'template'] },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** Where the pod spec is in each pod-bearing kind (`['spec', 'template', 'spec']` for a Deployment). */
const POD_SPEC_PATH: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(TEMPLATE_PATH).map(([kind, { path }]) => [kind, Object.freeze([...path, 'spec'])]),
);

/**
 * The path of the pod spec in an object of this kind, or undefined for kinds that bear no pod: for
 * tools that work on the plain object (the webhook, `hako fix`). The API group is not checked here.
 */
export function podSpecPath(kind: string): readonly string[] | undefined {
  return POD_SPEC_PATH.get(kind);
}

export const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function isWorkloadKind(kind: string): kind is WorkloadKind {
  return Object.hasOwn(TEMPLATE_PATH, kind);
}

/** The workload view of an object, or undefined when it bears no pod spec (other kinds, custom resources, no template). */
export function buildWorkload(obj: K8sObject, node: Node): Workload | undefined {
  const { kind } = obj;
  if (!isWorkloadKind(kind)) return undefined;
  const where = TEMPLATE_PATH[kind];
  if (!where.groups.includes(apiGroup(obj.apiVersion))) return undefined;
  const template = where.path.length === 0 ? node : at(node, ...where.path);
  const podSpec = at(template, 'spec');
  if (!isMap(template) || !isMap(podSpec)) return undefined;
  const podSpecPointer = [...where.path, 'spec'].map((s) => `/${escapePointer(s)}`).join('');
  const meta = Fields.of(at(node, 'metadata'), node.src);
  const podMeta = readPodMeta(Fields.of(at(template, 'metadata'), template.src));
  const pod = readPod(Fields.of(podSpec, podSpec.src));
  const containers = (
    [
      ['containers', 'container'],
      ['initContainers', 'initContainer'],
      ['ephemeralContainers', 'ephemeralContainer'],
    ] as const
  ).flatMap(([key, ck]) =>
    items(at(podSpec, key)).flatMap((n, index) =>
      isMap(n) ? [readContainer(n, ck, index, `/${key}/${index}`, pod, podMeta)] : [],
    ),
  );
  const view = {
    object: obj,
    kind,
    ref: obj.ref,
    src: obj.src,
    suppressions: obj.suppressions,
    ...(obj.notes ? { notes: obj.notes } : {}),
    namespace: obj.metadata.namespace ?? defaulted('default', meta.at),
    podMeta,
    podSpecPointer,
    pod,
    containers,
    // the model keeps the pod spec as plain JSON and the locations of its nodes, not the tree
    podSpecData: { spec: toPlain(podSpec) as PodInput['spec'], positions: new PodSpecPositions(podSpec) },
  } as Omit<Workload, 'srcAt' | 'podInput'> as Workload;
  return withWorkloadMethods(view);
}

/**
 * Gives a workload its pod-spec accessors (`srcAt`, `podInput`), which are not data: a workload
 * built by a worker thread of the scan pool arrives without them (and with its positions as plain
 * data) and gets them again here. Its own function so that the closures hold only the workload:
 * closures made in buildWorkload would keep its whole scope, the positioned tree included, for as
 * long as the model lives.
 */
export function withWorkloadMethods(w: Workload): Workload {
  const data = w.podSpecData;
  if (!(data.positions instanceof PodSpecPositions))
    Object.setPrototypeOf(data.positions, PodSpecPositions.prototype);
  let plain: PodInput | undefined;
  const address = w.ref.address;
  w.srcAt = (relativePointer) => ({ ...data.positions.at(relativePointer), resource: address });
  w.podInput = () => {
    plain ??= podInput(w, data.spec);
    return plain;
  };
  return w;
}

/**
 * Where each node of a pod spec is written, without the tree: the locations of the nodes a walk of
 * the tree reaches, with each one's key (or index) in its parent and the size of its subtree, so a
 * path is followed down the children of each level (a few keys each), never by comparing pointer
 * strings. A path resolves as that walk would: the last of duplicate keys wins, a sequence index is
 * its digits (`01` is item 1), and a path that is not written resolves to its nearest written
 * ancestor. (Every parser builds a node's pointer from its parent's and its key or index, so this
 * finds the node whose pointer is the pod spec's followed by the path.)
 */
class PodSpecPositions {
  private readonly root: Src;
  /**
   * Of every node the walk reaches but the root, a node before its subtree: five numbers, its
   * start line, start column, end line and end column, and the number of nodes of its subtree,
   * itself included (its next sibling is that far on): not a `Src` object each (issue #16: ~90
   * nodes a pod spec, most of them never reported on),
   */
  private readonly cols: Int32Array;
  /** its pointer, as its parser built it, */
  private readonly pointers: (string | undefined)[];
  /** its key in its map or its index in its sequence, */
  private readonly segs: (string | number)[];
  /**
   * and, for any node whose location is not `{file, startLine, startColumn, endLine, endColumn,
   * pointer}` in the root's file, the location as the parser gave it.
   */
  private readonly own: Map<number, Src> | undefined;

  constructor(podSpec: MapNode) {
    this.root = podSpec.src;
    const b: Builder = { file: podSpec.src.file, cols: [], pointers: [], segs: [], own: undefined };
    addChildren(b, podSpec);
    this.cols = Int32Array.from(b.cols);
    // copies of the exact length (a pushed array keeps spare room)
    this.pointers = b.pointers.slice();
    this.segs = b.segs.slice();
    this.own = b.own;
  }

  /** The child (among the nodes from `from` to `to`, a node and its next siblings) written as `text`, or -1. */
  private child(from: number, to: number, text: string): number {
    const index = /^(?:0|[1-9]\d*)$/.test(text) ? Number(text) : -1;
    const { segs, cols } = this;
    for (let i = from; i < to; i += cols[i * 5 + 4]!) {
      const seg = segs[i];
      if (typeof seg === 'number' ? seg === index : seg === text) return i;
    }
    return -1;
  }

  /** The location of the node at `pointer` (relative to the pod spec), or of its nearest existing ancestor. */
  at(pointer: string): Src {
    if (pointer === '' || pointer === '/') return this.root;
    const segments = pointer.replace(/^\//, '').split('/');
    let best = -1;
    let from = 0;
    let to = this.segs.length;
    for (const raw of segments) {
      const text = raw.includes('~') ? raw.replaceAll('~1', '/').replaceAll('~0', '~') : raw;
      let found = this.child(from, to, text);
      if (found < 0 && /^\d+$/.test(raw)) found = this.child(from, to, String(Number(raw)));
      if (found < 0) break;
      best = found;
      from = found + 1;
      to = found + this.cols[found * 5 + 4]!;
    }
    if (best < 0) return this.root;
    const own = this.own?.get(best);
    if (own) return own;
    const l = this.cols;
    const k = best * 5;
    return {
      file: this.root.file,
      startLine: l[k]!,
      startColumn: l[k + 1]!,
      endLine: l[k + 2]!,
      endColumn: l[k + 3]!,
      pointer: this.pointers[best],
    };
  }
}

/** The columns of PodSpecPositions while it is built. */
interface Builder {
  file: string;
  cols: number[];
  pointers: (string | undefined)[];
  segs: (string | number)[];
  own: Map<number, Src> | undefined;
}

function addChildren(b: Builder, n: Node): void {
  if (isMap(n)) {
    // the entry a look-up finds: the last of duplicate keys
    const entries = n.entries;
    const seen = entries.length > 32 ? new Set<string>() : undefined;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i]!;
      if (seen ? seen.has(e.key) : writtenAfter(entries, i)) continue;
      seen?.add(e.key);
      addNode(b, e.value, e.key);
    }
  } else if (isSeq(n)) for (let i = 0; i < n.items.length; i++) addNode(b, n.items[i]!, i);
}

function int32(x: number): boolean {
  return (x | 0) === x;
}

function addNode(b: Builder, n: Node, seg: string | number): void {
  const at = b.segs.length;
  const src = n.src;
  b.cols.push(src.startLine, src.startColumn, src.endLine, src.endColumn, 1);
  b.pointers.push(src.pointer);
  b.segs.push(seg);
  // kept whole unless it is exactly what `at` rebuilds from the columns above
  const plain =
    src.file === b.file &&
    src.resource === undefined &&
    int32(src.startLine) &&
    int32(src.startColumn) &&
    int32(src.endLine) &&
    int32(src.endColumn);
  if (!plain) {
    b.own ??= new Map();
    b.own.set(at, src);
  }
  addChildren(b, n);
  b.cols[at * 5 + 4] = b.segs.length - at;
}

/** Whether a later entry of the map has the same key as entry `i`. */
function writtenAfter(entries: readonly MapEntry[], i: number): boolean {
  const key = entries[i]!.key;
  for (let j = i + 1; j < entries.length; j++) if (entries[j]!.key === key) return true;
  return false;
}

function stringVals(f: Fields): Map<string, Val<string>> {
  const out = new Map<string, Val<string>>();
  for (const e of f.map?.entries ?? []) {
    const v = toStr(e.value);
    if (v) out.set(e.key, v);
  }
  return out;
}

function readPodMeta(meta: Fields): PodMeta {
  return {
    labels: stringVals(meta.sub('labels')),
    annotations: stringVals(meta.sub('annotations')),
    src: meta.at,
  };
}

function readProfile(f: Fields): Profile | undefined {
  if (!f.map) return undefined;
  return { type: f.strOr('type', ''), localhostProfile: f.str('localhostProfile'), src: f.at };
}

function readSELinux(f: Fields): SELinuxOptions | undefined {
  if (!f.map) return undefined;
  return { user: f.str('user'), role: f.str('role'), type: f.str('type'), level: f.str('level'), src: f.at };
}

function numList(f: Fields, k: string): Val<number>[] {
  return f.list(k).flatMap((n) => {
    if (n.kind === 'scalar' && typeof n.value === 'number') return [explicit(n.value, n.src)];
    if (n.kind === 'unresolved') return [unresolved(0, n.src)];
    return [];
  });
}

function readPodSecurityContext(spec: Fields): PodSecurityContext {
  const sc = spec.sub('securityContext');
  return {
    src: sc.at,
    present: sc.map !== undefined,
    runAsNonRoot: sc.bool('runAsNonRoot'),
    runAsUser: sc.num('runAsUser'),
    runAsGroup: sc.num('runAsGroup'),
    fsGroup: sc.num('fsGroup'),
    supplementalGroups: numList(sc, 'supplementalGroups'),
    sysctls: sc
      .each('sysctls')
      .map((s) => ({ name: s.strOr('name', ''), value: s.strOr('value', ''), src: s.at })),
    seccompProfile: readProfile(sc.sub('seccompProfile')),
    appArmorProfile: readProfile(sc.sub('appArmorProfile')),
    seLinuxOptions: readSELinux(sc.sub('seLinuxOptions')),
    windowsHostProcess: sc.sub('windowsOptions').bool('hostProcess'),
  };
}

function readVolume(f: Fields, index: number): VolumeView | undefined {
  if (!f.map) return undefined;
  const source = f.map.entries.find((e) => e.key !== 'name')?.key;
  const hp = f.sub('hostPath');
  return {
    name: f.strOr('name', ''),
    source,
    hostPath: hp.map ? { path: hp.strOr('path', ''), type: hp.str('type'), src: hp.at } : undefined,
    pointer: `/volumes/${index}`,
    src: f.at,
  };
}

function readPod(spec: Fields): PodView {
  return {
    hostNetwork: spec.boolOr('hostNetwork', false),
    hostPID: spec.boolOr('hostPID', false),
    hostIPC: spec.boolOr('hostIPC', false),
    hostUsers: spec.boolOr('hostUsers', true),
    serviceAccountName: spec.str('serviceAccountName') ?? spec.strOr('serviceAccount', 'default'),
    automountServiceAccountToken: spec.bool('automountServiceAccountToken'),
    os: spec.sub('os').str('name'),
    securityContext: readPodSecurityContext(spec),
    volumes: spec.each('volumes').flatMap((v, i) => readVolume(v, i) ?? []),
  };
}

function readContainerSecurityContext(c: Fields): ContainerSecurityContext {
  const sc = c.sub('securityContext');
  const caps = sc.sub('capabilities');
  return {
    src: sc.at,
    present: sc.map !== undefined,
    privileged: sc.boolOr('privileged', false),
    allowPrivilegeEscalation: sc.boolOr('allowPrivilegeEscalation', true),
    readOnlyRootFilesystem: sc.boolOr('readOnlyRootFilesystem', false),
    runAsNonRoot: sc.bool('runAsNonRoot'),
    runAsUser: sc.num('runAsUser'),
    runAsGroup: sc.num('runAsGroup'),
    procMount: sc.strOr('procMount', 'Default'),
    capabilities: { add: caps.strList('add'), drop: caps.strList('drop'), src: caps.at },
    seccompProfile: readProfile(sc.sub('seccompProfile')),
    appArmorProfile: readProfile(sc.sub('appArmorProfile')),
    seLinuxOptions: readSELinux(sc.sub('seLinuxOptions')),
    windowsHostProcess: sc.sub('windowsOptions').bool('hostProcess'),
  };
}

/** The first level that sets the value, else the default located at `at`. */
function pick<T>(levels: readonly [Val<T> | undefined, Level][], def: T, at: Src): Effective<T> {
  // built field by field (a Val is value, src, origin), in the order a spread of the Val gave
  for (let i = 0; i < levels.length; i++) {
    const [v, level] = levels[i]!;
    if (v) return { value: v.value, src: v.src, origin: v.origin, level };
  }
  return { value: def, src: at, origin: 'default', level: 'default' };
}

/** Whole-struct values as located values of the struct. */
function whole<T extends { src: Src }>(v: T | undefined): Val<T> | undefined {
  return v ? explicit(v, v.src) : undefined;
}

/** The legacy AppArmor annotation (`runtime/default`, `localhost/<profile>`, `unconfined`) as a profile. */
function annotationProfile(v: Val<string> | undefined): Profile | undefined {
  if (!v) return undefined;
  const text = v.value;
  const type =
    text === 'runtime/default' ? 'RuntimeDefault' : text === 'unconfined' ? 'Unconfined' : undefined;
  if (type) return { type: { ...v, value: type }, src: v.src };
  if (text.startsWith('localhost/'))
    return {
      type: { ...v, value: 'Localhost' },
      localhostProfile: { ...v, value: text.slice('localhost/'.length) },
      src: v.src,
    };
  // Anything else is rejected by the API server; keep the text so a check can name it.
  return { type: v, src: v.src };
}

function effective(
  own: ContainerSecurityContext,
  pod: PodSecurityContext,
  apparmorAnnotation: Val<string> | undefined,
): EffectiveSecurity {
  const at = own.src;
  return {
    runAsNonRoot: pick(
      [
        [own.runAsNonRoot, 'container'],
        [pod.runAsNonRoot, 'pod'],
      ],
      false,
      at,
    ),
    runAsUser: pick<number | null>(
      [
        [own.runAsUser, 'container'],
        [pod.runAsUser, 'pod'],
      ],
      null,
      at,
    ),
    runAsGroup: pick<number | null>(
      [
        [own.runAsGroup, 'container'],
        [pod.runAsGroup, 'pod'],
      ],
      null,
      at,
    ),
    seccompProfileType: pick<string | null>(
      [
        [own.seccompProfile?.type, 'container'],
        [pod.seccompProfile?.type, 'pod'],
      ],
      null,
      at,
    ),
    seLinuxOptions: pick<SELinuxOptions | null>(
      [
        [whole(own.seLinuxOptions), 'container'],
        [whole(pod.seLinuxOptions), 'pod'],
      ],
      null,
      at,
    ),
    appArmorProfile: pick<Profile | null>(
      [
        [whole(own.appArmorProfile), 'container'],
        [whole(annotationProfile(apparmorAnnotation)), 'annotation'],
        [whole(pod.appArmorProfile), 'pod'],
      ],
      null,
      at,
    ),
    windowsHostProcess: pick(
      [
        [own.windowsHostProcess, 'container'],
        [pod.windowsHostProcess, 'pod'],
      ],
      false,
      at,
    ),
  };
}

function readEnvSource(f: Fields): EnvVarSource | undefined {
  if (!f.map) return undefined;
  const kind = f.map.entries[0]?.key ?? '';
  const ref = f.sub(kind);
  return {
    kind,
    name: ref.str('name'),
    key: ref.str('key'),
    field: ref.str('fieldPath') ?? ref.str('resource'),
    optional: ref.bool('optional'),
    src: f.at,
  };
}

function readResources(c: Fields): Resources {
  const r = c.sub('resources');
  return { requests: stringVals(r.sub('requests')), limits: stringVals(r.sub('limits')), src: r.at };
}

function readContainer(
  node: MapNode,
  kind: ContainerKind,
  index: number,
  pointer: string,
  pod: PodView,
  podMeta: PodMeta,
): ContainerView {
  const c = Fields.of(node, node.src);
  const name = c.strOr('name', '');
  const securityContext = readContainerSecurityContext(c);
  return {
    kind,
    index,
    pointer,
    name,
    image: c.strOr('image', ''),
    src: node.src,
    securityContext,
    effective: effective(
      securityContext,
      pod.securityContext,
      podMeta.annotations.get(`${APPARMOR_ANNOTATION_PREFIX}${name.value}`),
    ),
    ports: c.each('ports').map((p) => ({
      ...(p.str('name') ? { name: p.str('name') } : {}),
      containerPort: p.num('containerPort'),
      hostPort: p.num('hostPort'),
      protocol: p.strOr('protocol', 'TCP'),
      src: p.at,
    })),
    env: c.each('env').map((e) => ({
      name: e.strOr('name', ''),
      value: e.str('value'),
      valueFrom: readEnvSource(e.sub('valueFrom')),
      src: e.at,
    })),
    envFrom: c.each('envFrom').map((f) => ({
      configMapRef: f.sub('configMapRef').str('name'),
      secretRef: f.sub('secretRef').str('name'),
      prefix: f.str('prefix'),
      optional: f.sub('configMapRef').bool('optional') ?? f.sub('secretRef').bool('optional'),
      src: f.at,
    })),
    resources: readResources(c),
    volumeMounts: c.each('volumeMounts').map((m) => ({
      name: m.strOr('name', ''),
      mountPath: m.strOr('mountPath', ''),
      readOnly: m.boolOr('readOnly', false),
      src: m.at,
    })),
  };
}

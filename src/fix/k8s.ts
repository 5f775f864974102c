/**
 * Fixes for Kubernetes YAML: which Pod Security findings hako can fix without changing what the
 * workload is allowed to rely on, and the edits that fix them. docs/fix.md gives the reasoning;
 * in short:
 *
 * - `allowPrivilegeEscalation: false` (K8S-101), where unset: sets no_new_privs. Every process keeps
 *   the user, groups and capabilities it starts with; only setuid/setgid programs and file
 *   capabilities stop granting more at exec. Not where the container is privileged or adds
 *   SYS_ADMIN (the API server rejects the combination), nor where it is explicitly `true`.
 * - `capabilities.drop: [ALL]` (K8S-104), merged into an existing drop list, `add` kept: only for a
 *   container that provably runs as non-root (a non-zero `runAsUser`, or `runAsNonRoot: true`) and
 *   has no_new_privs. A non-root process starts with no effective capabilities (the runtimes grant
 *   none to a non-zero UID without ambient capabilities, which Kubernetes never sets), and
 *   no_new_privs stops it from gaining any at exec; so the bounding set it loses is one it can
 *   never use. For a possibly-root container the drop takes chown/setuid/low ports: suggestion.
 * - `seccompProfile: {type: RuntimeDefault}` (K8S-115/116), at pod level when the pod sets none
 *   (containers' own profiles keep precedence): the profile the container runtime applies to every
 *   `docker run` and with kubelet's `--seccomp-default`; it allows every syscall the container's
 *   capabilities allow, except a short documented list (docs/fix.md) — the one fix that rests on
 *   that convention rather than on a proof. An explicit `Unconfined` or seccomp annotations:
 *   suggestion.
 * - `runAsNonRoot: true` (K8S-113) on a container whose effective `runAsUser` is a non-zero
 *   integer: kubelet's check then always passes. Where the user comes from the image (unknown
 *   here): suggestion.
 * Everything else (privileged, host namespaces, readOnlyRootFilesystem, ...) changes behaviour and
 * is left to the findings' remediation.
 */
import { isMap, isSeq, parseAllDocuments, type Node as YNode } from 'yaml';
import { podSpecPath } from '../adapters/k8s/workload.js';
import { type Patch, type PatchValue, Refused } from './edits.js';
import type { FixMessageId } from './messages.js';
import type { FilePlan, FixNote, Wanted } from './types.js';
import { lineAt } from './types.js';
import { patchYaml } from './yaml-writer.js';

type Path = (string | number)[];
// biome-ignore lint/suspicious/noExplicitAny: plain values read from YAML
type J = any;

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export function planK8s(file: string, text: string, wanted: Wanted): FilePlan {
  const plan: FilePlan = { edits: [], applied: [], suggestions: [] };
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false });
  } catch {
    return plan;
  }
  if (!Array.isArray(docs)) return plan;
  for (const doc of docs) {
    if (doc.errors.length > 0) continue; // the scan reports it (HAKO-001)
    let js: J;
    try {
      js = doc.toJS({ maxAliasCount: 1000 });
    } catch {
      continue;
    }
    const root = doc.contents as YNode | null;
    if (!isMap(root) || !js || typeof js !== 'object') continue;
    const objects: { path: Path; obj: J; node: YNode }[] = [];
    if (typeof js.kind === 'string' && js.kind.endsWith('List') && Array.isArray(js.items)) {
      const items = (root as J).get('items', true);
      js.items.forEach((obj: J, i: number) => {
        if (isSeq(items) && items.items[i])
          objects.push({ path: ['items', i], obj, node: items.items[i] as YNode });
      });
    } else objects.push({ path: [], obj: js, node: root });
    for (const o of objects) planObject(file, text, root, o, wanted, plan);
  }
  return plan;
}

function planObject(
  file: string,
  text: string,
  root: YNode,
  o: { path: Path; obj: J; node: YNode },
  wanted: Wanted,
  plan: FilePlan,
): void {
  const { obj } = o;
  const kind = obj?.kind;
  const specPath = typeof kind === 'string' ? podSpecPath(kind) : undefined;
  if (!specPath) return;
  const name = String(obj.metadata?.name ?? '');
  const namespace = typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : undefined;
  const resource = namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
  const pod = get(obj, specPath);
  if (!pod || typeof pod !== 'object' || pod.os?.name === 'windows') return;
  const line = lineAt(text, o.node.range?.[0] ?? 0);
  const want = (rule: string) => wanted.has(file, kind, name, namespace, rule);
  const patch: Patch = {};
  const applied: FixNote[] = [];
  const note = (list: FixNote[], rule: string, id: FixMessageId, data?: Record<string, string | number>) =>
    list.push({ file, line, resource, rule, text: data ? { id, data } : { id } });
  const psc: J = pod.securityContext ?? {};
  const podPath = [...o.path, ...specPath];

  // pod level: seccomp
  if (want('K8S-116') || want('K8S-115')) {
    const annotations: J = get(obj, [...specPath.slice(0, -1), 'metadata', 'annotations']) ?? {};
    const byAnnotation = Object.keys(annotations).some(
      (k) =>
        k.startsWith('seccomp.security.alpha.kubernetes.io/') ||
        k.startsWith('container.seccomp.security.alpha.kubernetes.io/'),
    );
    const type = psc.seccompProfile?.type;
    if (byAnnotation) note(plan.suggestions, 'K8S-116', 'seccompAnnotation');
    else if (type === undefined && psc.seccompProfile === undefined) {
      put(patch, [...podPath, 'securityContext', 'seccompProfile', 'type'], 'RuntimeDefault');
      note(applied, 'K8S-116', 'seccompPod');
    } else if (type === 'Unconfined') note(plan.suggestions, 'K8S-116', 'seccompUnconfinedPod');
  }
  if (want('K8S-113') && psc.runAsNonRoot === false) note(plan.suggestions, 'K8S-113', 'nonRootFalsePod');

  for (const list of CONTAINER_LISTS) {
    const containers: J[] = Array.isArray(pod[list]) ? pod[list] : [];
    containers.forEach((c: J, i: number) => {
      if (!c || typeof c !== 'object') return;
      const container = JSON.stringify(String(c.name ?? i));
      const at = [...podPath, list, i, 'securityContext'];
      const sc: J = c.securityContext ?? {};
      const privileged = sc.privileged === true;
      const adds: string[] = (Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : []).map(String);
      const drops: string[] = (Array.isArray(sc.capabilities?.drop) ? sc.capabilities.drop : []).map(String);
      const uid = sc.runAsUser ?? psc.runAsUser;
      const nonRootFlag = sc.runAsNonRoot ?? psc.runAsNonRoot;
      const knownUid = Number.isInteger(uid) && uid > 0;
      const nonRoot = knownUid || (nonRootFlag === true && uid !== 0);

      let ape = sc.allowPrivilegeEscalation;
      if (want('K8S-101') && ape !== false) {
        const sysAdmin = adds.find((a) => ['SYS_ADMIN', 'CAP_SYS_ADMIN', 'ALL'].includes(a));
        if (privileged) note(plan.suggestions, 'K8S-101', 'apePrivileged', { container });
        else if (sysAdmin) note(plan.suggestions, 'K8S-101', 'apeSysAdmin', { container, cap: sysAdmin });
        else if (ape !== undefined) note(plan.suggestions, 'K8S-101', 'apeExplicit', { container });
        else {
          put(patch, [...at, 'allowPrivilegeEscalation'], false);
          note(applied, 'K8S-101', 'apeSet', { container });
          ape = false;
        }
      }
      if (want('K8S-104')) {
        if (!drops.includes('ALL')) {
          if (privileged) note(plan.suggestions, 'K8S-104', 'dropPrivileged', { container });
          else if (!nonRoot) note(plan.suggestions, 'K8S-104', 'dropMayBeRoot', { container });
          else if (ape !== false) note(plan.suggestions, 'K8S-104', 'dropNoApe', { container });
          else {
            put(patch, [...at, 'capabilities', 'drop'], { $append: ['ALL'] });
            note(applied, 'K8S-104', 'dropAll', { container });
          }
        }
        const extra = adds.filter((a) => a !== 'NET_BIND_SERVICE' && a !== 'CAP_NET_BIND_SERVICE');
        if (extra.length > 0)
          note(plan.suggestions, 'K8S-104', 'addRestricted', { container, caps: extra.join(', ') });
      }
      if (want('K8S-113') && sc.runAsNonRoot !== true) {
        if (sc.runAsNonRoot === false) note(plan.suggestions, 'K8S-113', 'nonRootFalse', { container });
        else if (psc.runAsNonRoot === true) {
          // the pod level already says so
        } else if (knownUid) {
          put(patch, [...at, 'runAsNonRoot'], true);
          note(applied, 'K8S-113', 'runAsNonRoot', { container, uid });
        } else note(plan.suggestions, 'K8S-113', 'nonRootUnknown', { container });
      }
      if ((want('K8S-116') || want('K8S-115')) && sc.seccompProfile?.type === 'Unconfined')
        note(plan.suggestions, 'K8S-116', 'seccompUnconfined', { container });
    });
  }
  if (applied.length === 0) return;
  try {
    plan.edits.push(...patchYaml(text, root, patch));
    plan.applied.push(...applied);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    for (const a of applied)
      plan.suggestions.push({ ...a, text: { id: 'refused', data: { what: resource, why: whyId(e) } } });
  }
}

export function whyId(e: Refused): FixMessageId {
  return e.why === 'anchor' ? 'whyAnchor' : e.why === 'merge' ? 'whyMerge' : 'whyShape';
}

function get(v: J, path: readonly (string | number)[]): J {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Sets a value at a path of a patch (numbers index lists). */
export function put(patch: Patch, path: Path, value: PatchValue): void {
  let cur: Patch = patch;
  for (const k of path.slice(0, -1)) {
    const key = String(k);
    if (typeof cur[key] !== 'object') cur[key] = {};
    cur = cur[key] as Patch;
  }
  cur[String(path.at(-1))] = value;
}

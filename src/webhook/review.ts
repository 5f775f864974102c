/**
 * One AdmissionRequest → one AdmissionResponse, with the same library as `hako scan`: the object is
 * adapted like a document of a scanned file, the rules run on it, and Pod Security is decided by
 * the PSS engine at the namespace's level (its `pod-security.kubernetes.io/enforce` labels, from
 * the Namespace objects this webhook is sent or from the policy). Admission semantics as the API
 * server sends them (and as Pod Security Admission treats them):
 * - DELETE and CONNECT are allowed unjudged; so are subresources other than `pods/ephemeralcontainers`.
 * - On UPDATE an object being deleted (`deletionTimestamp`) is allowed (finalizers must be able to
 *   go); a Pod is re-judged only when an image, a container list or a seccomp annotation changed,
 *   as upstream `isSignificantPodUpdate` (ephemeral containers added count); another kind only when
 *   something besides its metadata changed (its `hako.dev/ignore` annotation counts). Namespaces
 *   are always judged (their labels are their policy).
 * - `dryRun` requests are judged but change nothing (the namespace cache is not updated).
 * - Requests of the API server itself (user `system:apiserver`: its default RBAC, reconciled at
 *   every start) are allowed unjudged unless the policy says `exempt.apiServer: false`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { looksLikeCloudFormation } from '../adapters/cloudformation/index.js';
import { mergeRoles } from '../adapters/iam/iam.js';
import { adaptK8sInto } from '../adapters/index.js';
import { IGNORE_ANNOTATION, looksLikeK8s } from '../adapters/k8s/object.js';
import { notServedNote, targetMinor } from '../adapters/k8s/served.js';
import { podSpecPath } from '../adapters/k8s/workload.js';
import { recordSchemaProblems } from '../adapters/schema-problems.js';
import { isTerraformPlan } from '../adapters/terraform/plan.js';
import {
  ENFORCE_LEVEL_LABEL,
  ENFORCE_VERSION_LABEL,
  formatVersion,
  namespacePolicy,
} from '../engines/pss/index.js';
import { allRules, type State, scan } from '../index.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read.js';
import { emptyState } from '../model/state.js';
import { AliasBudget, type ParseError, withAliasBudget } from '../parse/common.js';
import type { Finding } from '../result.js';
import { pssViolations } from '../rules/k8s/_pss.js';
import type { Lang } from '../rules/types.js';
import { planScan, type ScanPlan } from '../scan.js';
import { say } from './messages.js';
import { API_SERVER_USER, type Mode, type PssLevel, type WebhookPolicy } from './policy.js';
import { treeOf } from './tree.js';
import type { AdmissionRequest, AdmissionResponse, KubeObject } from './types.js';

/**
 * The RBAC rules that judge one Role, ClusterRole or binding by itself. Not RBAC-008: it follows a
 * path from a subject through pods and ServiceAccounts to IAM roles, which one admitted object
 * never holds. (The NET rules are not run either: they judge a namespace's policies together with
 * its pods, and a NetworkPolicy admitted alone would look as if it selected nothing.)
 */
const RBAC_RULES = new Set([
  'RBAC-001',
  'RBAC-002',
  'RBAC-003',
  'RBAC-004',
  'RBAC-005',
  'RBAC-006',
  'RBAC-007',
]);

/**
 * The rules that can fire on one Kubernetes object: an AdmissionReview never carries ECS, ECR or
 * IAM documents, so their rules are not run (they would find nothing, at a cost per review).
 */
export const WEBHOOK_RULES = allRules
  .filter(
    (r) =>
      r.meta.service === 'k8s' ||
      r.meta.service === 'eks' ||
      r.meta.service === 'hako' ||
      (r.meta.service === 'rbac' && RBAC_RULES.has(r.meta.id)),
  )
  .map((r) => r.meta.id);

/**
 * The rules a policy's reviews run, worked out once per policy object (a reload gives a new one):
 * every review scans with the same selection and config.
 */
const plans = new WeakMap<WebhookPolicy, ScanPlan>();
function planOf(policy: WebhookPolicy): ScanPlan {
  let plan = plans.get(policy);
  if (!plan) {
    plan = planScan({ rules: WEBHOOK_RULES, config: policy.scan });
    plans.set(policy, plan);
  }
  return plan;
}

/** Kinds whose content hako never reads in the webhook (their data must not pass through it). */
const NEVER_READ = new Set(['Secret']);

/** Labels of the Namespace objects this replica was sent (bounded; the oldest entry goes first). */
export class NamespaceCache {
  private readonly map = new Map<string, Record<string, string>>();
  constructor(private readonly max = 10_000) {}
  set(name: string, labels: Record<string, string>): void {
    this.map.delete(name);
    this.map.set(name, labels);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  get(name: string): Record<string, string> | undefined {
    return this.map.get(name);
  }
  get size(): number {
    return this.map.size;
  }
}

export type Decision = 'allow' | 'deny' | 'warn' | 'audit' | 'skip' | 'exempt' | 'unjudged' | 'error';

/** What the log line and the metrics say about a review: names and rule IDs, never object data. */
export interface ReviewRecord {
  uid: string;
  operation: string;
  kind: string;
  namespace?: string;
  name?: string;
  subResource?: string;
  user?: string;
  dryRun: boolean;
  decision: Decision;
  mode?: Mode;
  pss?: string;
  /** Why it was skipped, exempted or not judged. */
  why?: string;
  denyRules?: string[];
  warnRules?: string[];
}

export interface Reviewed {
  response: AdmissionResponse;
  record: ReviewRecord;
}

const MAX_WARNINGS = 20;
const MAX_WARNING_CHARS = 256;
const MAX_DENY_REASONS = 10;

/** How a review judges (the server passes its worker pool; tests and benchmarks the reference path). */
export interface JudgeOptions {
  /**
   * Judge through the whole `scan()` pipeline reading the object's JSON text, as hako did before
   * the model was built from the request: the reference the differential test compares with.
   */
  fullScan?: boolean;
  /** Who judges a cache miss (a worker thread of src/webhook/pool.ts); default: this thread. */
  judge?: Judge;
}

/** What one judgement reads besides the policy (structured-cloneable: it is sent to a worker). */
export interface JudgeInput {
  /** The request's kind, namespace and name (the rest of it plays no part in a judgement). */
  req: Pick<AdmissionRequest, 'uid' | 'kind' | 'namespace' | 'name' | 'operation'>;
  obj: KubeObject;
  kind: string;
  pss: { level: PssLevel; version: string };
  lang: Lang;
  fullScan?: boolean;
}

export type Judge = (input: JudgeInput, policy: WebhookPolicy) => Promise<Judged>;

/** {@link judge} on one {@link JudgeInput}: what a worker thread runs. */
export function judgeInput(input: JudgeInput, policy: WebhookPolicy): Promise<Judged> {
  return judge(input.req, input.obj, input.kind, input.pss, policy, input.lang, {
    ...(input.fullScan ? { fullScan: true } : {}),
  });
}

export async function review(
  req: AdmissionRequest,
  policy: WebhookPolicy,
  namespaces: NamespaceCache,
  decisions?: DecisionCache,
  how: JudgeOptions = {},
): Promise<Reviewed> {
  const kind = req.kind.kind;
  const obj = req.object ?? undefined;
  const name = req.name || obj?.metadata?.name || obj?.metadata?.generateName || '';
  const record: ReviewRecord = {
    uid: req.uid,
    operation: req.operation,
    kind,
    ...(req.namespace ? { namespace: req.namespace } : {}),
    ...(name ? { name } : {}),
    ...(req.subResource ? { subResource: req.subResource } : {}),
    ...(req.userInfo?.username ? { user: req.userInfo.username } : {}),
    dryRun: req.dryRun === true,
    decision: 'allow',
  };
  const allow = (decision: Decision, why: string, warnings?: string[]): Reviewed => ({
    response: { uid: req.uid, allowed: true, ...(warnings?.length ? { warnings } : {}) },
    record: { ...record, decision, why },
  });

  if (req.operation === 'DELETE' || req.operation === 'CONNECT') return allow('skip', 'operation');
  if (req.subResource && req.subResource !== 'ephemeralcontainers') return allow('skip', 'subresource');
  if (!obj) return allow('skip', 'no object');
  if (req.operation === 'UPDATE') {
    if (obj.metadata?.deletionTimestamp) return allow('skip', 'being deleted');
    const old = req.oldObject ?? undefined;
    if (old && kind === 'Pod' && !significantPodUpdate(obj, old))
      return allow('skip', 'metadata-only update');
    if (old && kind !== 'Pod' && kind !== 'Namespace' && onlyMetadataChanged(obj, old))
      return allow('skip', 'metadata-only update');
  }
  const ns = kind === 'Namespace' ? (obj.metadata?.name ?? req.name ?? '') : (req.namespace ?? '');
  if (ns && policy.exempt.namespaces.includes(ns)) return allow('exempt', 'namespace');
  const user = req.userInfo?.username;
  if (user === API_SERVER_USER && policy.exempt.apiServer) return allow('exempt', 'apiserver');
  if (user && policy.exempt.users.includes(user)) return allow('exempt', 'user');
  if ((req.userInfo?.groups ?? []).some((g) => policy.exempt.groups.includes(g)))
    return allow('exempt', 'group');
  const runtimeClass = podSpec(obj, kind)?.runtimeClassName;
  if (typeof runtimeClass === 'string' && policy.exempt.runtimeClasses.includes(runtimeClass))
    return allow('exempt', 'runtimeClass');
  const lang: Lang = policy.scan.lang ?? 'en';
  const notJudged = () => [clip(say(lang, 'notJudged', { kind }))];
  if (NEVER_READ.has(kind)) return allow('unjudged', 'kind not read', notJudged());

  const mode = (ns ? policy.namespaces[ns]?.mode : undefined) ?? policy.mode;
  const pss = effectivePss(ns, kind, obj, policy, namespaces);
  record.mode = mode;
  const judged = await judgeCached(req, obj, kind, pss, policy, lang, decisions, how);
  if (judged.resources === 0) return allow('unjudged', 'kind not read', notJudged());

  const denyLines = judged.deny;
  const warnLines = judged.warn.map((w) => w.text);
  record.denyRules = [...new Set(denyLines.map((d) => d.rule))];
  record.warnRules = [...new Set(judged.warn.map((w) => w.rule))];
  if (podSpecPath(kind)) record.pss = `${pss.level}:${pss.version}`;
  const updateCache = () => {
    if (kind === 'Namespace' && !req.dryRun && obj.metadata?.name)
      namespaces.set(obj.metadata.name, { ...(obj.metadata.labels ?? {}) });
  };
  if (denyLines.length === 0) {
    updateCache();
    const warnings = capWarnings(lang, warnLines);
    return {
      response: { uid: req.uid, allowed: true, ...(warnings.length ? { warnings } : {}) },
      record: { ...record, decision: warnings.length > 0 ? 'warn' : 'allow' },
    };
  }
  if (mode === 'audit') {
    updateCache();
    return {
      response: {
        uid: req.uid,
        allowed: true,
        auditAnnotations: { 'would-deny': record.denyRules.join(',') },
      },
      record: { ...record, decision: 'audit' },
    };
  }
  if (mode === 'warn') {
    updateCache();
    const warnings = capWarnings(lang, [
      ...denyLines.map((d) => say(lang, 'wouldDeny', { text: d.text })),
      ...warnLines,
    ]);
    return { response: { uid: req.uid, allowed: true, warnings }, record: { ...record, decision: 'warn' } };
  }
  const shown = denyLines
    .slice(0, MAX_DENY_REASONS)
    .map((d) => `${d.text}${d.fix ? ` ${say(lang, 'fix', { fix: d.fix })}` : ''}`);
  const more = denyLines.length - shown.length;
  if (more > 0) shown.push(say(lang, 'andMore', { n: more }));
  const what = `${kind} ${ns ? `${ns}/` : ''}${name || say(lang, 'unnamed')}`;
  const message = say(lang, 'denied', { what, reasons: shown.join(' | ') });
  const warnings = capWarnings(lang, warnLines);
  return {
    response: {
      uid: req.uid,
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message },
      ...(warnings.length ? { warnings } : {}),
    },
    record: { ...record, decision: 'deny' },
  };
}

export interface Line {
  rule: string;
  text: string;
  fix?: string;
}

async function judge(
  req: JudgeInput['req'],
  obj: KubeObject,
  kind: string,
  pss: { level: PssLevel; version: string },
  policy: WebhookPolicy,
  lang: Lang,
  how: JudgeOptions = {},
): Promise<Judged> {
  // what the API server fills in before storing: the namespace of the request, a generated name,
  // apiVersion and kind of the request (metadata of another shape is left as sent, and reported)
  const sent = obj.metadata;
  const metadata: Record<string, unknown> | undefined =
    sent === undefined || (typeof sent === 'object' && sent !== null && !Array.isArray(sent))
      ? { ...(sent ?? {}) }
      : undefined;
  if (metadata) {
    if (kind !== 'Namespace' && req.namespace && !metadata.namespace) metadata.namespace = req.namespace;
    if (!metadata.name) metadata.name = req.name || `${metadata.generateName ?? ''}<generated>`;
  }
  const { group, version } = req.kind;
  const full = {
    ...obj,
    apiVersion: obj.apiVersion ?? (group ? `${group}/${version}` : version),
    kind: obj.kind ?? kind,
    ...(metadata ? { metadata } : {}),
  };
  const scanPss = pss.level === 'privileged' ? policy.scan.pss : { level: pss.level, version: pss.version };
  // the model straight from the parsed request (what reading its JSON text would build); the text
  // path for what that does not cover, and on request (the differential test's reference)
  const plan = planOf(policy);
  const model = how.fullScan
    ? undefined
    : modelOf(full, scanPss?.version ?? policy.scan.pss?.version, plan.k8sFields);
  let state: State | undefined;
  const result = await scan({
    paths: [],
    ...(model ? { state: model } : { inputs: [{ path: REQUEST_FILE, content: JSON.stringify(full) }] }),
    rules: WEBHOOK_RULES,
    config: policy.scan,
    plan,
    ...(scanPss ? { pss: scanPss } : {}),
    onState: (s) => {
      state = s;
    },
  });
  // a `hako.dev/ignore` annotation is written by whoever submits the object: it lets that person
  // through only when the policy says so (config `ignore` entries are the administrator's)
  const live = result.findings.filter(
    (f) => !f.suppressed || (f.suppressed.kind === 'annotation' && !policy.ignoreAnnotations),
  );
  const deny: Line[] = [];
  const covered = new Set<string>();
  if (podSpecPath(kind) && pss.level !== 'privileged') {
    // the Pod Security verdict from the model the rules ran on (one parse; the K8S rules have
    // evaluated the pod at this level and version already, pssViolations keeps that), as
    // `hako pss` gives it at a fixed level: its inputs are read at the newest Kubernetes, so an
    // object whose apiVersion that release no longer serves gets no verdict (the rules still judge it)
    for (const w of state?.k8s.workloads ?? []) {
      if (notServedNote(w.object.apiVersion, w.kind, targetMinor(undefined))) continue;
      for (const v of pssViolations(w, pss.level, pss.version)) {
        const f = live.find((x) => x.data?.check === v.check);
        if (f) covered.add(f.ruleId);
        deny.push({
          rule: f?.ruleId ?? `PSS:${v.check}`,
          text: say(lang, 'pssViolation', {
            rule: f ? `${f.ruleId} ` : '',
            level: pss.level,
            version: pss.version,
            check: v.check,
            reason: v.reason,
            detail: v.detail,
          }),
          ...(f ? { fix: f.remediation } : {}),
        });
      }
    }
  }
  const warn: Line[] = [];
  const seen = new Set<string>();
  for (const f of live) {
    if (covered.has(f.ruleId)) continue;
    const line = { rule: f.ruleId, text: `${f.ruleId} (${f.severity}) ${f.message}`, fix: f.remediation };
    if (seen.has(line.text)) continue;
    seen.add(line.text);
    if (matches(policy.deny, f)) deny.push(line);
    else if (matches(policy.warn, f)) warn.push(line);
  }
  return { resources: result.summary.resources, deny, warn };
}

/** The name the admitted object's findings carry as their file. */
const REQUEST_FILE = 'admission-request.json';

/**
 * The model `scan()` would build from `JSON.stringify(full)` as the file {@link REQUEST_FILE}, built
 * from the object itself: the positioned tree without the text (src/webhook/tree.ts), then the
 * Kubernetes adapter as the loader calls it for a JSON document (`fields`: whether HAKO-003 runs,
 * so the object's fields are checked against the schema). Undefined, for the text path,
 * when the object is not plainly a Kubernetes document (a CloudFormation template, a Terraform
 * plan, hako's own report shapes, no kind), is nested deeper than the parser reads, or could be
 * larger than the read limit: the loader then says what it says of such a file.
 */
export function modelOf(
  full: Record<string, unknown>,
  k8sVersion: string | undefined,
  fields = true,
): State | undefined {
  for (const k of ['runs', 'findings', 'fingerprints']) if (Object.hasOwn(full, k)) return undefined;
  const built = treeOf(full, REQUEST_FILE);
  // UTF-8 takes at most 3 bytes per UTF-16 unit
  if (!built || built.length * 3 > DEFAULT_MAX_FILE_BYTES) return undefined;
  const n = built.node;
  if (looksLikeCloudFormation(n) || isTerraformPlan(n) || !looksLikeK8s(n)) return undefined;
  const state = emptyState();
  // as loadInputs: one YAML alias budget for the strings read as YAML inside (aws-auth mapRoles)
  withAliasBudget(new AliasBudget(), () => {
    const errors: ParseError[] = [];
    // objects' fields are checked against the schema only for HAKO-003 (as the loader does)
    adaptK8sInto(n, 0, REQUEST_FILE, errors, state, {
      ...(k8sVersion ? { k8sVersion } : {}),
      ...(fields ? {} : { fields: false }),
    });
    state.inputs.errors.push(...errors);
    mergeRoles(state.aws.iam);
    recordSchemaProblems(state);
  });
  return state;
}

/** What {@link judge} found: the resources read, and the deny and warn lines (names in place). */
export interface Judged {
  resources: number;
  deny: Line[];
  warn: Line[];
}

/**
 * Judgements already made, by the part of the request that decides them (bounded LRU: the least
 * recently used entry goes first). The realistic hot path: a ReplicaSet creates N identical Pods
 * that differ only in their generated name, uid and timestamps.
 *
 * The key is a SHA-256 of: the policy's generation (a reload empties the cache), the request's
 * kind (group, version, kind), namespace and name as sent, the Pod Security level and version the
 * object is judged at, and the JSON of the object as sent (key order kept: it decides the order of
 * the findings, hence of the reasons in the answer) without the fields the
 * API server sets for bookkeeping, which no rule reads: `metadata.uid`, `resourceVersion`,
 * `generation`, `creationTimestamp`, `managedFields` and the `uid` of each `ownerReferences`
 * entry. `metadata.name` and `generateName` are left out too for pod-bearing kinds whose name is a
 * plain DNS name, when no config `ignore` entry names a resource (such an entry matches by name):
 * those objects are judged under a placeholder name that the answer's texts then carry back as
 * the real name (rule messages quote names), so a hit answers byte for byte what a fresh
 * judgement would. Everything else (the spec, labels, annotations, `ownerReferences` names) is in
 * the key: two objects that differ there never share an entry.
 *
 * Exemptions, mode, dry-run and the namespace cache are applied to every request after this
 * lookup, so user information plays no part in the key.
 */
export class DecisionCache {
  private readonly map = new Map<string, { judged: Judged; bytes: number }>();
  private policy: WebhookPolicy | undefined;
  private generation = 0;
  hits = 0;
  misses = 0;
  /** Estimated memory of the entries (UTF-16 text of their lines, plus a fixed cost per line). */
  bytes = 0;
  /** The placeholder name: a DNS name like the real ones, random per process so no object holds it. */
  readonly placeholder = `hako-name-${randomBytes(8).toString('hex')}`;
  /**
   * At most `max` entries and `maxBytes` of them (default 32 MiB, well inside the manifests'
   * 256 Mi limit): an object with thousands of containers cannot make the cache a memory sink.
   * A judgement larger than a sixteenth of `maxBytes` is not kept.
   */
  constructor(
    readonly max = 10_000,
    readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /** The policy's generation: a new policy object (a reload) empties the cache. */
  generationOf(policy: WebhookPolicy): number {
    if (this.policy !== policy) {
      this.policy = policy;
      this.generation++;
      this.map.clear();
      this.bytes = 0;
    }
    return this.generation;
  }
  get(key: string): Judged | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, v);
    return v.judged;
  }
  set(key: string, judged: Judged): void {
    if (this.max <= 0) return;
    const size = (l: Line) => 2 * (l.rule.length + l.text.length + (l.fix?.length ?? 0)) + 100;
    let bytes = 2 * key.length + 200;
    for (const l of judged.deny) bytes += size(l);
    for (const l of judged.warn) bytes += size(l);
    if (bytes > this.maxBytes / 16) return;
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.map.delete(key);
    }
    this.map.set(key, { judged, bytes });
    this.bytes += bytes;
    while (this.map.size > this.max || this.bytes > this.maxBytes) {
      const [k, v] = this.map.entries().next().value as [string, { bytes: number }];
      this.map.delete(k);
      this.bytes -= v.bytes;
    }
  }
  get size(): number {
    return this.map.size;
  }
}

/** Bookkeeping fields of `metadata` the API server sets; no rule reads them. */
const BOOKKEEPING = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'];
/** A name the placeholder can stand for: a DNS subdomain (what the API server accepts for pods). */
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** The cache key of a judgement, and the name the placeholder stands for (when one is used). */
export function decisionKey(
  req: AdmissionRequest,
  obj: KubeObject,
  kind: string,
  pss: { level: PssLevel; version: string },
  policy: WebhookPolicy,
  cache: DecisionCache,
): { key: string; name?: string } {
  const meta = obj.metadata;
  const plainMeta = typeof meta === 'object' && meta !== null && !Array.isArray(meta);
  const stripped: Record<string, unknown> = plainMeta ? { ...meta } : {};
  for (const k of BOOKKEEPING) delete stripped[k];
  if (Array.isArray(stripped.ownerReferences))
    stripped.ownerReferences = stripped.ownerReferences.map((o: unknown) => {
      if (typeof o !== 'object' || o === null || Array.isArray(o)) return o;
      const { uid: _uid, ...rest } = o as Record<string, unknown>;
      return rest;
    });
  // the name judge() gives the object: as sent, else the request's, else generated
  const sentName = plainMeta ? meta.name : undefined;
  const name = sentName ? sentName : req.name || undefined;
  let placeholderFor: string | undefined;
  const byName = (policy.scan.ignore ?? []).some((e) => e.resource !== undefined);
  if (
    podSpecPath(kind) &&
    !byName &&
    (plainMeta || meta === undefined) &&
    typeof name === 'string' &&
    DNS_NAME.test(name) &&
    (sentName === undefined || typeof sentName === 'string')
  ) {
    placeholderFor = name;
    delete stripped.name;
    delete stripped.generateName;
  }
  const parts = [
    cache.generationOf(policy),
    req.kind.group,
    req.kind.version,
    kind,
    req.namespace ?? null,
    placeholderFor === undefined ? (req.name ?? null) : null,
    pss.level,
    pss.version,
  ];
  // the object as sent, key order kept: it orders the findings, so the reasons in the answer
  // (objects one controller makes serialise alike); the native serialiser is several times faster
  // than a sorted one. Hashed after the parts' JSON (which ends where its brackets close), not
  // inside it: quoting the object's JSON again as a string cost as much as writing it.
  const key = createHash('sha256')
    .update(JSON.stringify(parts))
    .update(JSON.stringify({ ...obj, ...(plainMeta || meta === undefined ? { metadata: stripped } : {}) }))
    .digest('hex');
  return placeholderFor === undefined ? { key } : { key, name: placeholderFor };
}

/** {@link judge} through the decision cache (none: judged every time). */
async function judgeCached(
  req: AdmissionRequest,
  obj: KubeObject,
  kind: string,
  pss: { level: PssLevel; version: string },
  policy: WebhookPolicy,
  lang: Lang,
  cache: DecisionCache | undefined,
  how: JudgeOptions,
): Promise<Judged> {
  const run = (r: AdmissionRequest, o: KubeObject): Promise<Judged> => {
    if (!how.judge) return judge(r, o, kind, pss, policy, lang, how);
    const { uid, kind: k, namespace, name, operation } = r;
    const slim = { uid, kind: k, operation, ...(namespace !== undefined ? { namespace } : {}) };
    return how.judge(
      {
        req: name !== undefined ? { ...slim, name } : slim,
        obj: o,
        kind,
        pss,
        lang,
        ...(how.fullScan ? { fullScan: true } : {}),
      },
      policy,
    );
  };
  if (!cache || cache.max <= 0) return run(req, obj);
  const { key, name } = decisionKey(req, obj, kind, pss, policy, cache);
  let judged = cache.get(key);
  if (!judged) {
    const named =
      name === undefined
        ? { req, obj }
        : {
            req: { ...req, name: cache.placeholder },
            obj: { ...obj, metadata: { ...obj.metadata, name: cache.placeholder } },
          };
    judged = await run(named.req, named.obj);
    cache.set(key, judged);
  }
  if (name === undefined) return judged;
  const real = (l: Line): Line => ({
    rule: l.rule,
    text: l.text.replaceAll(cache.placeholder, name),
    ...(l.fix !== undefined ? { fix: l.fix.replaceAll(cache.placeholder, name) } : {}),
  });
  return { resources: judged.resources, deny: judged.deny.map(real), warn: judged.warn.map(real) };
}

function matches(sel: { severities: string[]; rules: string[] }, f: Finding): boolean {
  return sel.rules.includes(f.ruleId) || sel.severities.includes(f.severity);
}

/**
 * The Pod Security level and version for an object in namespace `ns`: the policy's entry for the
 * namespace, else the namespace's `enforce` labels (cached from Namespace reviews, else from the
 * policy), else the policy's default. A Namespace object is judged at its own labels.
 */
export function effectivePss(
  ns: string,
  kind: string,
  obj: KubeObject,
  policy: WebhookPolicy,
  cache: NamespaceCache,
): { level: PssLevel; version: string } {
  const entry = policy.namespaces[ns];
  const labels =
    kind === 'Namespace' ? (obj.metadata?.labels ?? {}) : (cache.get(ns) ?? entry?.labels ?? undefined);
  let level = policy.pss.level;
  let version = policy.pss.version;
  if (labels?.[ENFORCE_LEVEL_LABEL] !== undefined) {
    const p = namespacePolicy(labels);
    level = p.level;
    if (labels[ENFORCE_VERSION_LABEL] !== undefined) version = formatVersion(p.version);
  }
  if (entry?.pss?.level) level = entry.pss.level;
  if (entry?.pss?.version) version = entry.pss.version;
  return { level, version };
}

function podSpec(obj: KubeObject, kind: string): Record<string, unknown> | undefined {
  const path = podSpecPath(kind);
  if (!path) return undefined;
  let cur: unknown = obj;
  for (const k of path)
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return cur && typeof cur === 'object' ? (cur as Record<string, unknown>) : undefined;
}

interface ContainerLike {
  name?: string;
  image?: string;
}

/** Upstream Pod Security Admission's `isSignificantPodUpdate`. */
export function significantPodUpdate(pod: KubeObject, old: KubeObject): boolean {
  const a = pod.metadata?.annotations ?? {};
  const oa = old.metadata?.annotations ?? {};
  const seccompPod = 'seccomp.security.alpha.kubernetes.io/pod';
  if (a[seccompPod] !== oa[seccompPod]) return true;
  const spec = (pod.spec ?? {}) as Record<string, ContainerLike[] | undefined>;
  const oldSpec = (old.spec ?? {}) as Record<string, ContainerLike[] | undefined>;
  const changed = (c: ContainerLike, o: ContainerLike) => {
    if (c.image !== o.image) return true;
    const key = `container.seccomp.security.alpha.kubernetes.io/${c.name ?? ''}`;
    return a[key] !== oa[key];
  };
  for (const list of ['containers', 'initContainers'] as const) {
    const cs = spec[list] ?? [];
    const os = oldSpec[list] ?? [];
    if (cs.length !== os.length) return true;
    for (let i = 0; i < cs.length; i++) if (changed(cs[i] ?? {}, os[i] ?? {})) return true;
  }
  for (const c of spec.ephemeralContainers ?? []) {
    const o = (oldSpec.ephemeralContainers ?? []).find((x) => x.name === c.name);
    if (!o || changed(c, o)) return true;
  }
  return false;
}

/** Whether two versions of an object differ only in metadata other than `hako.dev/ignore`. */
export function onlyMetadataChanged(obj: KubeObject, old: KubeObject): boolean {
  const { metadata: m, ...rest } = obj;
  const { metadata: om, ...oldRest } = old;
  if (m?.annotations?.[IGNORE_ANNOTATION] !== om?.annotations?.[IGNORE_ANNOTATION]) return false;
  const { status: _s, ...a } = rest;
  const { status: _o, ...b } = oldRest;
  return stableJson(a) === stableJson(b);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

function clip(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > MAX_WARNING_CHARS ? `${flat.slice(0, MAX_WARNING_CHARS - 1)}…` : flat;
}

function capWarnings(lang: Lang, lines: string[]): string[] {
  const out = lines.slice(0, MAX_WARNINGS).map(clip);
  if (lines.length > MAX_WARNINGS) out.push(say(lang, 'moreWarnings', { n: lines.length - MAX_WARNINGS }));
  return out;
}

/**
 * The webhook's policy (`hako webhook serve --config FILE`, YAML or JSON). Without a file:
 * enforce everywhere, deny what Pod Security baseline (latest) forbids and any critical finding,
 * warn for high findings (product.md). Validated by hand so a typo is an error at start (and a
 * reload that keeps the previous policy), never a silently weaker policy.
 *
 * ```yaml
 * mode: enforce                 # enforce (deny) | warn (allow with warnings) | audit (allow, log)
 * pss: { level: baseline, version: latest }   # when the namespace has no enforce label
 * deny: { severities: [critical], rules: [] }
 * warn: { severities: [high], rules: [] }
 * namespaces:                   # per namespace: mode, pss (wins over the namespace's labels), labels
 *   prod: { mode: enforce, pss: { level: restricted } }
 *   legacy: { labels: { pod-security.kubernetes.io/enforce: privileged } }
 * exempt: { namespaces: [], users: [], groups: [], runtimeClasses: [], apiServer: true }
 * failurePolicy: Fail           # Fail | Ignore: the manifests' failurePolicy, and the answer when hako cannot judge
 * scan: { rules: { ECS-012: off } }   # .hako.yaml settings for the rules (rules, ignore, lang, pss)
 * ignoreAnnotations: false      # honour `hako.dev/ignore` on admitted objects (their authors write it)
 * ```
 */
import { parse as parseYamlValue } from 'yaml';
import { type HakoConfig, parseConfig } from '../config.js';
import { SEVERITIES, type Severity } from '../rules/types.js';

export type Mode = 'enforce' | 'warn' | 'audit';
export type PssLevel = 'privileged' | 'baseline' | 'restricted';
export type FailurePolicy = 'Fail' | 'Ignore';

export interface PssSetting {
  level?: PssLevel;
  version?: string;
}

export interface Selector {
  severities: Severity[];
  rules: string[];
}

export interface NamespacePolicyConfig {
  mode?: Mode;
  pss?: PssSetting;
  labels?: Record<string, string>;
}

export interface WebhookPolicy {
  mode: Mode;
  pss: { level: PssLevel; version: string };
  deny: Selector;
  warn: Selector;
  namespaces: Record<string, NamespacePolicyConfig>;
  exempt: {
    namespaces: string[];
    users: string[];
    groups: string[];
    runtimeClasses: string[];
    /**
     * Whether requests of the API server itself (user {@link API_SERVER_USER}) pass unjudged
     * (default true): at every start it reconciles its default RBAC objects through its loopback
     * client as that user, among them the ClusterRoleBinding `system:public-info-viewer` to the
     * group `system:unauthenticated`, which RBAC-005 denies; denying its own bootstrap would fail
     * the API server's `rbac/bootstrap-roles` start hook.
     */
    apiServer: boolean;
  };
  failurePolicy: FailurePolicy;
  scan: HakoConfig;
  /** Whether a `hako.dev/ignore` annotation on the admitted object suppresses its findings. */
  ignoreAnnotations: boolean;
}

export function defaultPolicy(): WebhookPolicy {
  return {
    mode: 'enforce',
    pss: { level: 'baseline', version: 'latest' },
    deny: { severities: ['critical'], rules: [] },
    warn: { severities: ['high'], rules: [] },
    namespaces: {},
    exempt: { namespaces: [], users: [], groups: [], runtimeClasses: [], apiServer: true },
    failurePolicy: 'Fail',
    scan: {},
    ignoreAnnotations: false,
  };
}

/**
 * The user the API server authenticates its own loopback requests as (upstream
 * `k8s.io/apiserver/pkg/authentication/user.APIServerUser`), in the group `system:masters`.
 */
export const API_SERVER_USER = 'system:apiserver';

export class PolicyError extends Error {}

const MODES: Mode[] = ['enforce', 'warn', 'audit'];
const LEVELS: PssLevel[] = ['privileged', 'baseline', 'restricted'];
const TOP = [
  'mode',
  'pss',
  'deny',
  'warn',
  'namespaces',
  'exempt',
  'failurePolicy',
  'scan',
  'ignoreAnnotations',
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and validates a policy file's text; every problem is listed in the error. */
export function parsePolicy(text: string, file = 'policy'): WebhookPolicy {
  let raw: unknown;
  try {
    raw = parseYamlValue(text) ?? {};
  } catch (e) {
    throw new PolicyError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const problems: string[] = [];
  const p = defaultPolicy();
  if (!isObj(raw)) throw new PolicyError(`${file}: the policy must be a mapping`);
  unknownKeys(raw, TOP, '', problems);
  if (raw.mode !== undefined) p.mode = oneOf(raw.mode, MODES, '/mode', problems) ?? p.mode;
  if (raw.pss !== undefined) {
    const s = pss(raw.pss, '/pss', problems);
    p.pss = { level: s.level ?? p.pss.level, version: s.version ?? p.pss.version };
  }
  for (const key of ['deny', 'warn'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!isObj(v)) {
      problems.push(`/${key} must be a mapping`);
      continue;
    }
    unknownKeys(v, ['severities', 'rules'], `/${key}`, problems);
    if (v.severities !== undefined)
      p[key].severities = strings(v.severities, `/${key}/severities`, problems).filter((s): s is Severity => {
        const ok = (SEVERITIES as readonly string[]).includes(s);
        if (!ok) problems.push(`/${key}/severities: unknown severity "${s}"`);
        return ok;
      });
    if (v.rules !== undefined)
      p[key].rules = strings(v.rules, `/${key}/rules`, problems).map((r) => r.toUpperCase());
  }
  if (raw.namespaces !== undefined) {
    if (!isObj(raw.namespaces)) problems.push('/namespaces must be a mapping of namespace names');
    else
      for (const [ns, v] of Object.entries(raw.namespaces)) {
        const at = `/namespaces/${ns}`;
        if (!isObj(v)) {
          problems.push(`${at} must be a mapping`);
          continue;
        }
        unknownKeys(v, ['mode', 'pss', 'labels'], at, problems);
        const n: NamespacePolicyConfig = {};
        if (v.mode !== undefined) {
          const m = oneOf(v.mode, MODES, `${at}/mode`, problems);
          if (m) n.mode = m;
        }
        if (v.pss !== undefined) n.pss = pss(v.pss, `${at}/pss`, problems);
        if (v.labels !== undefined) {
          if (!isObj(v.labels) || !Object.values(v.labels).every((x) => typeof x === 'string'))
            problems.push(`${at}/labels must map label names to strings`);
          else n.labels = v.labels as Record<string, string>;
        }
        p.namespaces[ns] = n;
      }
  }
  if (raw.exempt !== undefined) {
    if (!isObj(raw.exempt)) problems.push('/exempt must be a mapping');
    else {
      unknownKeys(
        raw.exempt,
        ['namespaces', 'users', 'groups', 'runtimeClasses', 'apiServer'],
        '/exempt',
        problems,
      );
      for (const k of ['namespaces', 'users', 'groups', 'runtimeClasses'] as const)
        if (raw.exempt[k] !== undefined) p.exempt[k] = strings(raw.exempt[k], `/exempt/${k}`, problems);
      if (raw.exempt.apiServer !== undefined) {
        if (typeof raw.exempt.apiServer === 'boolean') p.exempt.apiServer = raw.exempt.apiServer;
        else problems.push('/exempt/apiServer must be true or false');
      }
    }
  }
  if (raw.failurePolicy !== undefined)
    p.failurePolicy =
      oneOf(raw.failurePolicy, ['Fail', 'Ignore'] as FailurePolicy[], '/failurePolicy', problems) ??
      p.failurePolicy;
  if (raw.ignoreAnnotations !== undefined) {
    if (typeof raw.ignoreAnnotations === 'boolean') p.ignoreAnnotations = raw.ignoreAnnotations;
    else problems.push('/ignoreAnnotations must be true or false');
  }
  if (raw.scan !== undefined) {
    try {
      p.scan = parseConfig(JSON.stringify(raw.scan), `${file} /scan`);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length > 0) throw new PolicyError(`${file}: invalid webhook policy: ${problems.join('; ')}`);
  return p;
}

function unknownKeys(o: Obj, known: string[], at: string, problems: string[]): void {
  for (const k of Object.keys(o)) if (!known.includes(k)) problems.push(`${at}/${k}: unknown key`);
}

function oneOf<T extends string>(v: unknown, allowed: T[], at: string, problems: string[]): T | undefined {
  if (typeof v === 'string' && (allowed as string[]).includes(v)) return v as T;
  problems.push(`${at} must be one of ${allowed.join(', ')}`);
  return undefined;
}

function strings(v: unknown, at: string, problems: string[]): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  problems.push(`${at} must be a list of strings`);
  return [];
}

function pss(v: unknown, at: string, problems: string[]): PssSetting {
  if (!isObj(v)) {
    problems.push(`${at} must be a mapping`);
    return {};
  }
  unknownKeys(v, ['level', 'version'], at, problems);
  const out: PssSetting = {};
  if (v.level !== undefined) {
    const l = oneOf(v.level, LEVELS, `${at}/level`, problems);
    if (l) out.level = l;
  }
  if (v.version !== undefined) {
    if (typeof v.version === 'string' && /^(v?1\.\d+|latest)$/.test(v.version))
      out.version = v.version.startsWith('v') || v.version === 'latest' ? v.version : `v${v.version}`;
    else problems.push(`${at}/version must be v1.N or latest`);
  }
  return out;
}

/**
 * The request context: condition-key lookup (names case-insensitive, tag-key suffixes included) and
 * the keys hako can derive from the caller itself. Decides whether a key is present, absent or
 * unknown (linting mode). Sources: [iam:reference_policies_elements_condition] (key names are
 * case-insensitive), [iam:reference_policies_condition-keys] (aws:PrincipalArn of a session is the
 * role ARN; aws:username only for IAM users), [eks-ug:service-accounts] and the derived A10 rules of
 * iam-and-eventbridge.md (an EKS token carries no `amr`; a key written with `https://` never exists).
 */
import type { ContextValue, Principal } from './types.js';

export type Lookup = { state: 'present'; values: string[] } | { state: 'absent' } | { state: 'unknown' };

/** Variable lookup: a single string, definitely nothing, or unknown. */
export type VarValue = { value: string } | 'absent' | 'unknown';

function toStrings(v: ContextValue): string[] {
  if (Array.isArray(v)) return v.map((x) => String(x));
  return [String(v)];
}

export class Ctx {
  private readonly map = new Map<string, string[]>();
  private readonly absent = new Set<string>();

  constructor(
    context: Record<string, ContextValue> | undefined,
    readonly mode: 'absent' | 'uncertain',
    absentKeys: Iterable<string> = [],
  ) {
    for (const [k, v] of Object.entries(context ?? {})) this.map.set(k.toLowerCase(), toStrings(v));
    for (const k of absentKeys) this.absent.add(k.toLowerCase());
  }

  get(key: string): Lookup {
    const k = key.toLowerCase();
    const values = this.map.get(k);
    if (values !== undefined) return values.length === 0 ? { state: 'absent' } : { state: 'present', values };
    if (this.mode === 'absent' || this.absent.has(k) || k.startsWith('https://')) return { state: 'absent' };
    return { state: 'unknown' };
  }

  /** Value of `${key}`: only a single-valued key can be a policy variable. */
  variable(key: string): VarValue {
    const l = this.get(key);
    if (l.state === 'unknown') return 'unknown';
    if (l.state === 'absent' || l.values.length !== 1) return 'absent';
    return { value: l.values[0]! };
  }
}

export type PrincipalKind =
  | 'account'
  | 'root'
  | 'user'
  | 'role'
  | 'session'
  | 'other-aws'
  | 'service'
  | 'federated'
  | 'canonical';

export interface PrincipalInfo {
  type: Principal['type'];
  id: string;
  kind: PrincipalKind;
  partition?: string;
  account?: string;
  /** Role name (roles and role sessions). */
  roleName?: string;
  /** IAM user name (users). */
  userName?: string;
}

const ACCOUNT_RE = /^\d{12}$/;

/**
 * Classified callers by type and id: a scan asks for the same few principals once per request
 * (every trust policy × every statement); the result is read-only. Bounded: cleared when full.
 */
const principalCache = new Map<string, PrincipalInfo>();
const PRINCIPAL_CACHE_MAX = 4096;

/** Classify a caller. Unknown shapes keep kind 'other-aws' and match only by exact ARN. */
export function parsePrincipal(p: Principal): PrincipalInfo {
  const key = `${p.type}\0${p.id}`;
  const hit = principalCache.get(key);
  if (hit !== undefined) return hit;
  const info = classifyPrincipal(p);
  if (principalCache.size >= PRINCIPAL_CACHE_MAX) principalCache.clear();
  principalCache.set(key, info);
  return info;
}

function classifyPrincipal(p: Principal): PrincipalInfo {
  const base = { type: p.type, id: p.id };
  if (p.type === 'Service') return { ...base, kind: 'service' };
  if (p.type === 'Federated') return { ...base, kind: 'federated' };
  if (p.type === 'CanonicalUser') return { ...base, kind: 'canonical' };
  if (ACCOUNT_RE.test(p.id)) return { ...base, kind: 'account', partition: 'aws', account: p.id };
  const parts = p.id.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return { ...base, kind: 'other-aws' };
  const partition = parts[1]!;
  const service = parts[2]!;
  const account = parts[4]!;
  const res = parts.slice(5).join(':');
  const info = { ...base, partition, account };
  if (service === 'iam' && res === 'root') return { ...info, kind: 'root' };
  if (service === 'iam' && res.startsWith('user/')) {
    return { ...info, kind: 'user', userName: res.slice(res.lastIndexOf('/') + 1) };
  }
  if (service === 'iam' && res.startsWith('role/')) {
    return { ...info, kind: 'role', roleName: res.slice(res.lastIndexOf('/') + 1) };
  }
  if (service === 'sts' && res.startsWith('assumed-role/')) {
    const [, roleName] = res.split('/');
    return { ...info, kind: 'session', roleName: roleName ?? '' };
  }
  return { ...info, kind: 'other-aws' };
}

/** The root ARN that stands for an account. */
export function accountArn(partition: string, account: string): string {
  return `arn:${partition}:iam::${account}:root`;
}

/**
 * Context keys implied by the caller. Values the caller passed in `context` always win.
 * A session's aws:PrincipalArn is its role ARN; the role path is not in the session ARN, so it is
 * built without one (pass aws:PrincipalArn explicitly for roles with a path).
 */
export function derivedContext(p: PrincipalInfo | undefined): {
  values: Record<string, ContextValue>;
  absent: string[];
} {
  const values: Record<string, ContextValue> = {};
  const absent: string[] = [];
  if (!p) return { values, absent };
  if (p.type === 'AWS') {
    values['aws:PrincipalIsAWSService'] = false;
    if (p.account) values['aws:PrincipalAccount'] = p.account;
    const part = p.partition ?? 'aws';
    if (p.kind === 'session' && p.account) {
      values['aws:PrincipalArn'] = `arn:${part}:iam::${p.account}:role/${p.roleName}`;
      values['aws:PrincipalType'] = 'AssumedRole';
    } else if (p.kind === 'account' && p.account) {
      values['aws:PrincipalArn'] = accountArn(part, p.account);
      values['aws:PrincipalType'] = 'Account';
    } else if (p.kind !== 'other-aws') {
      values['aws:PrincipalArn'] = p.id;
    }
    if (p.kind === 'user' && p.userName !== undefined) {
      values['aws:username'] = p.userName;
      values['aws:PrincipalType'] = 'User';
    } else if (p.kind !== 'other-aws') {
      absent.push('aws:username');
    }
    if (p.kind === 'root') values['aws:PrincipalType'] = 'Account';
  } else if (p.type === 'Service') {
    values['aws:PrincipalIsAWSService'] = true;
    values['aws:PrincipalServiceName'] = p.id;
  } else if (p.type === 'Federated') {
    const m = /^arn:[^:]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(p.id);
    // EKS ServiceAccount tokens carry sub and aud only; `amr` is never in the context.
    if (m?.[1]?.startsWith('oidc.eks.')) absent.push(`${m[1]}:amr`);
  }
  return { values, absent };
}

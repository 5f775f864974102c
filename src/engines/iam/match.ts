/**
 * Matching of the three "who/what/where" elements: Action (case-insensitive, `*`/`?`), resource ARNs
 * (segment by segment) and Principal/NotPrincipal. Sources:
 * - [iam:reference_policies_elements_action] (live): action names case-insensitive, `*` and `?`.
 * - [iam:reference_policies_elements_resource] (live) + derived rule A5 of iam-and-eventbridge.md:
 *   split on the first five colons; partition/service/region/account one segment each; the sixth
 *   (resource) segment against the whole rest, colons included, case-sensitively; a shorter pattern
 *   whose last segment ends in `*` covers all remaining segments. Prefix segments are lowercase by
 *   construction and compared case-insensitively (derived). A literal "*" matches everything.
 * - [iam:reference_policies_elements_principal], [iam:reference_policies_elements_notprincipal]:
 *   principal forms, account = delegation, role ARN covers its sessions, no partial wildcards.
 */
import type { PrincipalInfo, VarValue } from './context.js';
import { type Tri, U } from './tri.js';
import { compile, globMatch, literalChars, type PChar, resolve, resolvedMatch, STAR } from './wildcard.js';

/** Does an Action pattern cover an action? Case-insensitive; `*` and `?` anywhere. */
export function matchesAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  return globMatch(literalChars(compile(pattern, { wildcards: true, variables: false })), action, true);
}

/** Split on the first five colons, ignoring colons inside `${...}` when variables are on. */
export function splitArn(text: string, variables = false): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length && out.length < 5; i++) {
    const ch = text[i];
    if (variables && ch === '$' && text[i + 1] === '{') depth++;
    else if (depth > 0 && ch === '}') depth--;
    else if (ch === ':' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

export interface ArnMatchOptions {
  /** Substitute policy variables (Version 2012-10-17 only). */
  variables: boolean;
  /** Where variables may appear: the resource part only (Resource element) or anywhere (conditions). */
  variableSegments: 'resource' | 'all';
  lookup: (key: string) => VarValue;
}

const NO_VARS: ArnMatchOptions = { variables: false, variableSegments: 'resource', lookup: () => 'absent' };

type Seg = { chars: PChar[]; unknown: boolean } | 'absent';

function segPattern(seg: string, index: number, opts: ArnMatchOptions): Seg {
  const useVars = opts.variables && (opts.variableSegments === 'all' || index >= 5);
  const toks = compile(seg, { wildcards: true, variables: useVars });
  return useVars ? resolve(toks, opts.lookup) : { chars: literalChars(toks), unknown: false };
}

/** Three-valued ARN match (unknown only when a variable's key is unknown and the rest matches). */
export function matchArnTri(pattern: string, arn: string, opts: ArnMatchOptions = NO_VARS): Tri {
  if (pattern === '*') return true;
  const p = splitArn(pattern, opts.variables);
  const r = splitArn(arn);
  const n = p.length;
  const pats: Seg[] = p.map((seg, i) => segPattern(seg, i, opts));
  const last = pats[n - 1];
  let subjects: string[];
  if (n === 6 || n === r.length) {
    if (r.length !== n) return false;
    subjects = r;
  } else if (
    last !== undefined &&
    last !== 'absent' &&
    last.chars[last.chars.length - 1] === STAR &&
    r.length >= n
  ) {
    subjects = [...r.slice(0, n - 1), r.slice(n - 1).join(':')];
  } else {
    return false;
  }
  let unknown = false;
  for (let i = 0; i < n; i++) {
    const tail = i === n - 1 && (i >= 5 || subjects.length < r.length);
    const m = resolvedMatch(pats[i]!, subjects[i]!, i < 5 && !tail);
    if (m === false) return false;
    if (m === U) unknown = true;
  }
  return unknown ? U : true;
}

/** Per-segment ARN match as IAM does it for Resource and ArnLike (`*`, `?`; no variables). */
export function matchesArn(pattern: string, arn: string): boolean {
  return matchArnTri(pattern, arn) === true;
}

/** A parsed Principal / NotPrincipal element. */
export interface PrincipalSpec {
  star: boolean;
  AWS: string[];
  Service: string[];
  Federated: string[];
  CanonicalUser: string[];
}

/**
 * How a matched Principal grants:
 * - 'direct': names the caller itself (user, session, service, IdP) — not cut by a boundary;
 * - 'role': names the caller's role ARN — applies to every session, cut by a boundary's implicit deny;
 * - 'star': `*` — everyone (derived: treated like 'role' for boundaries);
 * - 'account': names the caller's account — delegation, the caller's identity policy must allow too.
 */
export type Grant = 'direct' | 'role' | 'star' | 'account';

const RANK: Record<Grant, number> = { direct: 3, role: 2, star: 1, account: 0 };

const ACCOUNT_RE = /^\d{12}$/;
const ROOT_RE = /^arn:([^:]+):iam::(\d{12}):root$/;
const ROLE_RE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

/** The account an AWS principal entry names ({partition, account}), if it is an account form. */
export function accountEntry(e: string): { partition?: string; account: string } | undefined {
  if (ACCOUNT_RE.test(e)) return { account: e };
  const m = ROOT_RE.exec(e);
  return m ? { partition: m[1]!, account: m[2]! } : undefined;
}

function awsEntryGrant(e: string, p: PrincipalInfo): Grant | undefined {
  if (e === '*') return 'star';
  const acct = accountEntry(e);
  if (acct) {
    if (p.account !== acct.account) return undefined;
    if (acct.partition && p.partition && acct.partition !== p.partition) return undefined;
    return p.kind === 'account' || p.kind === 'root' ? 'direct' : 'account';
  }
  if (e === p.id) return p.kind === 'role' ? 'role' : 'direct';
  if (p.kind === 'session') {
    const m = ROLE_RE.exec(e);
    if (m && m[1] === p.partition && m[2] === p.account && m[3] === p.roleName) return 'role';
  }
  return undefined;
}

/** The strongest way `spec` names the caller, or undefined when it does not. */
export function principalGrant(spec: PrincipalSpec, p: PrincipalInfo | undefined): Grant | undefined {
  if (spec.star) return 'star';
  if (!p) return undefined;
  let best: Grant | undefined;
  const consider = (g: Grant | undefined) => {
    if (g && (best === undefined || RANK[g] > RANK[best])) best = g;
  };
  if (p.type === 'AWS') for (const e of spec.AWS) consider(awsEntryGrant(e, p));
  else if (spec.AWS.includes('*')) consider('star');
  if (p.type === 'Service') {
    const id = p.id.toLowerCase();
    if (spec.Service.some((s) => s.toLowerCase() === id)) consider('direct');
  }
  if (p.type === 'Federated' && spec.Federated.includes(p.id)) consider('direct');
  if (p.type === 'CanonicalUser' && spec.CanonicalUser.includes(p.id)) consider('direct');
  return best;
}

/**
 * Does a NotPrincipal statement apply to the caller? The caller is excepted only when every link of
 * its chain is listed (user → account; session → role → account). If the caller itself is listed but
 * its role or account is not, AWS "might" still deny it ([iam:reference_policies_elements_notprincipal]):
 * 'unknown' in linting mode, applies otherwise.
 */
export function notPrincipalApplies(
  spec: PrincipalSpec,
  p: PrincipalInfo | undefined,
  mode: 'absent' | 'uncertain',
): { applies: Tri; note?: string } {
  if (spec.star) return { applies: false };
  if (!p) return { applies: true };
  const chain: boolean[] = [];
  if (p.type === 'AWS') {
    const acct = p.account;
    const accountListed = acct !== undefined && spec.AWS.some((e) => accountEntry(e)?.account === acct);
    if (p.kind === 'account' || p.kind === 'root') chain.push(accountListed || spec.AWS.includes(p.id));
    else {
      chain.push(spec.AWS.includes(p.id));
      if (p.kind === 'session') {
        chain.push(
          spec.AWS.some((e) => {
            const m = ROLE_RE.exec(e);
            return !!m && m[2] === acct && m[3] === p.roleName;
          }),
        );
      }
      if (acct !== undefined) chain.push(accountListed);
    }
  } else if (p.type === 'Service') {
    chain.push(spec.Service.some((x) => x.toLowerCase() === p.id.toLowerCase()));
  } else if (p.type === 'Federated') {
    chain.push(spec.Federated.includes(p.id));
  } else {
    chain.push(spec.CanonicalUser.includes(p.id));
  }
  if (!chain[0]) return { applies: true };
  if (chain.every(Boolean)) return { applies: false };
  const note = `NotPrincipal lists ${p.id} but not every parent (role/account); AWS may still deny it`;
  return { applies: mode === 'uncertain' ? U : true, note };
}

/**
 * Role trust for pods: which ServiceAccounts of which OIDC provider an IRSA trust admits, and
 * whether a Pod Identity trust admits `pods.eks.amazonaws.com` (facts B8, B9; A10 of
 * iam-and-eventbridge.md). Every decision is the IAM evaluator's (engines/iam): a request
 * `sts:AssumeRoleWithWebIdentity` from the provider with the token's claims as the context keys
 * `<host/path>:sub` and `<host/path>:aud` — never a regex over the policy text, and never the
 * `aws:` keys a popular simulator confuses them with.
 *
 * Wildcards are found by probing: a ServiceAccount of a namespace no one would write
 * (`system:serviceaccount:hako-probe-ns:hako-probe-sa`), and every `:sub` value of the trust with
 * each `*` / `?` filled with upper-case text (never a valid Kubernetes name): an admitted probe
 * whose namespace holds that text means the namespace position is a wildcard.
 *
 * A trust that is not fully known (a Terraform value that did not resolve: its plain document
 * holds `undefined`) is `unknown`, never judged.
 */
import { isStandInHost } from '../../model/aws/eks.js';
import type { IamRole } from '../../model/aws/iam.js';
import { evaluateTrust } from '../iam/evaluate.js';
import { matchesAction } from '../iam/match.js';
import { isObject, stringList, toDocument } from '../iam/parse.js';
import type { EvalResult } from '../iam/types.js';
import { compile, globMatch, literalChars, type PChar } from '../iam/wildcard.js';

export type Tri = 'yes' | 'no' | 'unknown';

export const STS_AUDIENCE = 'sts.amazonaws.com';
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
const PROBE_SUB = 'system:serviceaccount:hako-probe-ns:hako-probe-sa';
const PROBE_AUD = 'hako-probe.invalid';
const FILL_STAR = 'HAKOPROBE';
const FILL_ONE = 'Q';
const MAX_PATTERNS = 32;

/** `system:serviceaccount:<ns>:<sa>`. */
export function subOf(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The host/path of an `oidc-provider/...` ARN; undefined for any other principal. */
export function providerHostOf(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::[^:]*:oidc-provider\/(.+)$/.exec(arn);
  return m?.[1];
}

/** True when a plain document holds a value the adapter could not resolve. */
function hasHole(x: unknown, depth = 0): boolean {
  if (x === undefined) return true;
  if (depth > 32 || x === null || typeof x !== 'object') return false;
  if (Array.isArray(x)) {
    for (const v of x) if (hasHole(v, depth + 1)) return true;
    return false;
  }
  for (const k in x)
    if (Object.hasOwn(x, k) && hasHole((x as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** The statements of a document already read by toDocument. */
function statementsOf(d: unknown): Record<string, unknown>[] {
  if (!isObject(d)) return [];
  const st = d.Statement;
  if (Array.isArray(st)) return st.filter(isObject);
  return isObject(st) ? [st] : [];
}

function allows(st: Record<string, unknown>, action: string): boolean {
  if (st.Effect !== 'Allow') return false;
  const actions = stringList(st.Action);
  if (actions) return actions.some((a) => coversAction(a, action));
  const not = stringList(st.NotAction);
  return not !== undefined && !not.some((a) => coversAction(a, action));
}

/** matchesAction, without compiling a glob for a pattern with no wildcard (case-insensitive equality). */
function coversAction(pattern: string, action: string): boolean {
  if (pattern.includes('*') || pattern.includes('?')) return matchesAction(pattern, action);
  return pattern.length === action.length && pattern.toLowerCase() === action.toLowerCase();
}

/** One IAM OIDC provider a trust names in an Allow of `sts:AssumeRoleWithWebIdentity`. */
export interface TrustedProvider {
  arn: string;
  /** Its host/path as the ARN gives it. */
  host: string;
  /** Index of the first statement naming it. */
  statement: number;
}

export interface IrsaTrust {
  /** The trust could not be read completely (an unresolved value in it, or no document). */
  unresolved: boolean;
  providers: TrustedProvider[];
  /** Condition keys of the trust (as written). */
  keys: string[];
  /** `:sub` values written in the trust (any operator). */
  subValues: string[];
}

const trustByObject = new WeakMap<object, IrsaTrust>();
const trustByText = new Map<string, IrsaTrust>();

/**
 * The OIDC providers a trust document lets assume the role with a web identity token (one result
 * per document object or text: read-only, shared by every ServiceAccount naming the role).
 */
export function irsaTrust(doc: unknown): IrsaTrust {
  if (typeof doc === 'object' && doc !== null) {
    let hit = trustByObject.get(doc);
    if (!hit) {
      hit = irsaTrustUncached(doc);
      trustByObject.set(doc, hit);
    }
    return hit;
  }
  if (typeof doc === 'string') {
    let hit = trustByText.get(doc);
    if (!hit) {
      if (trustByText.size > 2_000) trustByText.clear();
      hit = irsaTrustUncached(doc);
      trustByText.set(doc, hit);
    }
    return hit;
  }
  return irsaTrustUncached(doc);
}

function irsaTrustUncached(doc: unknown): IrsaTrust {
  const d = toDocument(doc);
  const statements = statementsOf(d);
  const out: IrsaTrust = {
    unresolved: doc === undefined || hasHole(d),
    providers: [],
    keys: [],
    subValues: [],
  };
  statements.forEach((st, index) => {
    if (isObject(st.Condition)) {
      for (const block of Object.values(st.Condition)) {
        if (!isObject(block)) continue;
        for (const [key, values] of Object.entries(block)) {
          if (!out.keys.includes(key)) out.keys.push(key);
          if (/:sub$/i.test(key))
            for (const v of stringList(values) ?? []) if (!out.subValues.includes(v)) out.subValues.push(v);
        }
      }
    }
    if (!allows(st, WEB_IDENTITY) || !isObject(st.Principal)) return;
    for (const arn of stringList(st.Principal.Federated) ?? []) {
      const host = providerHostOf(arn);
      if (host !== undefined && !out.providers.some((p) => p.arn === arn))
        out.providers.push({ arn, host, statement: index });
    }
  });
  return out;
}

function tri(r: EvalResult): Tri {
  if (!r.certain) return 'unknown';
  return r.decision === 'allow' ? 'yes' : 'no';
}

/**
 * Whether the trust lets a token of the provider (`hosts`: every host/path the provider is known
 * by in this scan, its ARN's first) with these claims assume the role.
 */
export function admitsToken(
  doc: unknown,
  trust: IrsaTrust,
  provider: { arn: string; hosts: string[] },
  roleArn: string,
  claims: { sub: string; aud: string },
): Tri {
  if (trust.unresolved) return 'unknown';
  return directAdmits(doc, provider, claims) ?? admitsTokenByEvaluator(doc, trust, provider, roleArn, claims);
}

/** {@link admitsToken} through the general IAM evaluator, whatever the trust's shape. */
export function admitsTokenByEvaluator(
  doc: unknown,
  trust: IrsaTrust,
  provider: { arn: string; hosts: string[] },
  roleArn: string,
  claims: { sub: string; aud: string },
): Tri {
  if (trust.unresolved) return 'unknown';
  const context: Record<string, string> = {};
  const hosts = provider.hosts.map((h) => h.toLowerCase());
  for (const h of provider.hosts) {
    context[`${h}:sub`] = claims.sub;
    context[`${h}:aud`] = claims.aud;
  }
  // A token carries the claims of its own issuer only: another issuer's keys are absent. When the
  // provider is known only by stand-ins (its real URL is decided at apply), a literal issuer key
  // may be its own: unknown.
  const realKnown = provider.hosts.some((h) => !isStandInHost(h));
  const absentKeys = trust.keys.filter((k) => {
    const i = k.lastIndexOf(':');
    const prefix = k.slice(0, i).toLowerCase();
    if (i <= 0 || !(prefix.includes('/') || prefix.includes('.')) || hosts.includes(prefix)) return false;
    return realKnown || isStandInHost(prefix);
  });
  const r = evaluateTrust(
    doc,
    {
      action: WEB_IDENTITY,
      resource: roleArn,
      principal: { type: 'Federated', id: provider.arn },
      context,
    },
    { missingKeys: 'uncertain', absentKeys },
  );
  return tri(r);
}

// --- the common IRSA trust, decided directly --------------------------------------------------

/** One `StringEquals` / `StringLike` entry of the common shape: a `<host>:sub` or `<host>:aud` key. */
interface DirectCondition {
  /** The key lower-cased (condition keys are case-insensitive). */
  key: string;
  claim: 'sub' | 'aud';
  /** StringEquals: the values as written (a claim matches one exactly). */
  exact?: string[];
  /** StringLike: the values as glob characters. */
  globs?: PChar[][];
}

/**
 * The trust shape almost every IRSA role has: one statement, `Effect: Allow`, a `Federated`
 * principal only, `Action` naming `sts:AssumeRoleWithWebIdentity`, and a condition of plain
 * `StringEquals` / `StringLike` on `:sub` / `:aud` keys with string values without policy
 * variables. Null for anything else (several statements, a Deny, NotAction, other operators or
 * keys, variables, odd values): the evaluator decides those.
 */
interface DirectShape {
  federated: string[];
  /** The statement allows sts:AssumeRoleWithWebIdentity. */
  action: boolean;
  conditions: DirectCondition[];
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Condition']);
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const shapeByObject = new WeakMap<object, DirectShape | null>();
const shapeByText = new Map<string, DirectShape | null>();

function directShape(raw: unknown): DirectShape | null {
  if (typeof raw === 'object' && raw !== null) {
    let hit = shapeByObject.get(raw);
    if (hit === undefined) {
      hit = directShapeUncached(raw);
      shapeByObject.set(raw, hit);
    }
    return hit;
  }
  if (typeof raw !== 'string') return null;
  let hit = shapeByText.get(raw);
  if (hit === undefined) {
    if (shapeByText.size > 2_000) shapeByText.clear();
    hit = directShapeUncached(raw);
    shapeByText.set(raw, hit);
  }
  return hit;
}

const isStrings = (x: unknown[]): x is string[] => x.every((v) => typeof v === 'string');

function directShapeUncached(raw: unknown): DirectShape | null {
  const doc = toDocument(raw);
  if (!isObject(doc) || Object.keys(doc).some((k) => !DOCUMENT_KEYS.has(k))) return null;
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const st = list[0];
  if (list.length !== 1 || !isObject(st) || Object.keys(st).some((k) => !STATEMENT_KEYS.has(k))) return null;
  if (st.Effect !== 'Allow' || (st.Sid !== undefined && typeof st.Sid !== 'string')) return null;
  const principal = st.Principal;
  if (!isObject(principal) || Object.keys(principal).some((k) => k !== 'Federated')) return null;
  const federated = typeof principal.Federated === 'string' ? [principal.Federated] : principal.Federated;
  const actions = typeof st.Action === 'string' ? [st.Action] : st.Action;
  if (!Array.isArray(federated) || !isStrings(federated) || !Array.isArray(actions) || !isStrings(actions))
    return null;
  const conditions: DirectCondition[] = [];
  if (st.Condition !== undefined) {
    if (!isObject(st.Condition)) return null;
    for (const [op, block] of Object.entries(st.Condition)) {
      if ((op !== 'StringEquals' && op !== 'StringLike') || !isObject(block)) return null;
      for (const [key, value] of Object.entries(block)) {
        const claim = /:sub$/i.test(key) ? 'sub' : /:aud$/i.test(key) ? 'aud' : undefined;
        const values = typeof value === 'string' ? [value] : value;
        if (!claim || !Array.isArray(values) || values.length === 0 || !isStrings(values)) return null;
        if (values.some((v) => v.includes('$'))) return null;
        conditions.push(
          op === 'StringLike'
            ? {
                key: key.toLowerCase(),
                claim,
                globs: values.map((v) => literalChars(compile(v, { wildcards: true, variables: false }))),
              }
            : { key: key.toLowerCase(), claim, exact: values },
        );
      }
    }
  }
  return {
    federated,
    action: actions.some((a) => coversAction(a, WEB_IDENTITY)),
    conditions,
  };
}

/**
 * The decision for the common trust shape (see DirectShape), exactly the evaluator's: the token's
 * claims are the only context keys (every key of the trust must be one of the provider's, else the
 * evaluator decides), a `StringEquals` value matches a claim as written, a `StringLike` value as a
 * glob, any value of a key matches, every key must. Undefined when the evaluator must decide.
 */
export function directAdmits(
  doc: unknown,
  provider: { arn: string; hosts: string[] },
  claims: { sub: string; aud: string },
): Tri | undefined {
  const shape = directShape(doc);
  if (!shape) return undefined;
  for (const c of shape.conditions) {
    const prefix = c.key.slice(0, c.key.length - c.claim.length - 1);
    if (!provider.hosts.some((h) => h.toLowerCase() === prefix)) return undefined;
  }
  if (!shape.action || !shape.federated.includes(provider.arn)) return 'no';
  for (const c of shape.conditions) {
    const value = c.claim === 'sub' ? claims.sub : claims.aud;
    if (c.exact ? !c.exact.includes(value) : !c.globs?.some((v) => globMatch(v, value))) return 'no';
  }
  return 'yes';
}

/** The ARN a role is evaluated as (its ARN, the CloudFormation stand-in, or one built from its name). */
export function roleArnOf(role: IamRole): string {
  return role.arn ?? role.standInArn ?? `arn:aws:iam::<unknown>:role/${role.name}`;
}

/** Concrete subjects standing for each wildcard `:sub` value of the trust. */
function patternProbes(subValues: string[]): string[] {
  const out: string[] = [];
  for (const v of subValues.slice(0, MAX_PATTERNS)) {
    if (!/[*?]/.test(v)) continue;
    for (const fill of [FILL_STAR, `${FILL_STAR}:${FILL_STAR}`]) {
      const s = v.replace(/\*/g, fill).replace(/\?/g, FILL_ONE);
      if (!out.includes(s)) out.push(s);
    }
  }
  return out;
}

/** The namespace of a ServiceAccount subject, or undefined when it is not one. */
function namespaceOf(sub: string): string | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub);
  return m?.[1];
}

export interface ProviderOpenness {
  provider: { arn: string; hosts: string[] };
  statement: number;
  /**
   * `noSub`: no `:sub` condition for this provider, every token of it is admitted; `anyNamespace`:
   * a ServiceAccount of any namespace is admitted; `namespacePattern`: of every namespace matching
   * `pattern`; undefined: only named namespaces.
   */
  wildcard?: { kind: 'noSub' | 'anyNamespace' | 'namespacePattern'; pattern?: string };
  /** A token with another audience than sts.amazonaws.com is admitted too (no `:aud` condition). */
  anyAudience: Tri;
  /** The trust could not be judged. */
  unknown: boolean;
}

/**
 * How open the trust is for one provider: whether a ServiceAccount of any namespace (or of a
 * namespace pattern) can assume it, and whether the audience is checked.
 */
export function providerOpenness(
  doc: unknown,
  trust: IrsaTrust,
  provider: { arn: string; hosts: string[] },
  statement: number,
  roleArn: string,
): ProviderOpenness {
  const out: ProviderOpenness = { provider, statement, anyAudience: 'unknown', unknown: trust.unresolved };
  if (trust.unresolved) return out;
  const admits = (sub: string, aud = STS_AUDIENCE) =>
    admitsToken(doc, trust, provider, roleArn, { sub, aud });
  const hosts = provider.hosts.map((h) => h.toLowerCase());
  const hasSub = trust.keys.some(
    (k) => hosts.includes(k.slice(0, k.lastIndexOf(':')).toLowerCase()) && /:sub$/i.test(k),
  );
  let admitted: string | undefined;
  const generic = admits(PROBE_SUB);
  if (generic === 'yes') {
    admitted = PROBE_SUB;
    out.wildcard = { kind: hasSub ? 'anyNamespace' : 'noSub' };
  } else if (generic === 'unknown') out.unknown = true;
  if (!out.wildcard) {
    for (const [i, probe] of patternProbes(trust.subValues).entries()) {
      if (admits(probe) !== 'yes') continue;
      admitted ??= probe;
      const ns = namespaceOf(probe);
      if (ns !== undefined && ns !== ns.toLowerCase()) {
        const pattern = trust.subValues.filter((v) => /[*?]/.test(v))[Math.floor(i / 2)];
        out.wildcard = { kind: 'namespacePattern', pattern };
        break;
      }
    }
  }
  admitted ??= trust.subValues.find((v) => !/[*?]/.test(v) && admits(v) === 'yes');
  if (admitted !== undefined) out.anyAudience = admits(admitted, PROBE_AUD);
  return out;
}

/** Pod Identity: does the trust admit `pods.eks.amazonaws.com` for `sts:AssumeRole` and `sts:TagSession`? */
export function podIdentityTrust(
  doc: unknown,
  roleArn: string,
): { assumeRole: Tri; tagSession: Tri; both: Tri } {
  if (doc === undefined || hasHole(toDocument(doc)))
    return { assumeRole: 'unknown', tagSession: 'unknown', both: 'unknown' };
  const run = (action: string) =>
    tri(
      evaluateTrust(
        doc,
        { action, resource: roleArn, principal: { type: 'Service', id: POD_IDENTITY_SERVICE } },
        { missingKeys: 'uncertain' },
      ),
    );
  const assumeRole = run('sts:AssumeRole');
  const tagSession = run('sts:TagSession');
  const both =
    assumeRole === 'no' || tagSession === 'no'
      ? 'no'
      : assumeRole === 'yes' && tagSession === 'yes'
        ? 'yes'
        : 'unknown';
  return { assumeRole, tagSession, both };
}

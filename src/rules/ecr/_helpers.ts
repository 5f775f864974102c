/** Joins and matchers shared by the ECR rules (aws-container-facts.md D). */

import { type ContextValue, evaluate, matchesAction } from '../../engines/iam/index.js';
import type {
  EcrPolicy,
  EcrRepository,
  LifecyclePolicy,
  RegistryScanning,
  WildcardFilter,
} from '../../model/aws/ecr.js';
import type { Resource } from '../../model/resource.js';
import { isKnown, type Src, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { entry, isMap, isSeq } from '../../parse/tree.js';
import { showName } from '../_shared/name.js';

/**
 * The repository's lifecycle policy: written with it (CloudFormation) or a separate resource naming
 * it. `'unknown'` when a separate policy names a repository hako cannot resolve (it may be this one).
 */
export function lifecycleOf(state: State, repo: EcrRepository): LifecyclePolicy | 'unknown' | undefined {
  if (repo.lifecyclePolicy) return repo.lifecyclePolicy;
  const index = lifecycleIndex(state);
  return index.byRepo.get(repo) ?? (index.unknown ? 'unknown' : undefined);
}

/** Separate lifecycle policies joined to their repositories once per scan (not once per repository). */
const lifecycleIndexes = new WeakMap<
  State,
  { byRepo: Map<EcrRepository, LifecyclePolicy>; unknown: boolean }
>();

function lifecycleIndex(state: State) {
  let index = lifecycleIndexes.get(state);
  if (index) return index;
  index = { byRepo: new Map(), unknown: false };
  for (const p of state.aws.ecr.lifecyclePolicies) {
    const target = targetOf(state, p.repository);
    if (target === 'unknown') index.unknown = true;
    else if (target && !index.byRepo.has(target)) index.byRepo.set(target, p.value);
  }
  lifecycleIndexes.set(state, index);
  return index;
}

/**
 * The repository a lifecycle or repository policy names: by name, or (Terraform) by a reference to
 * the repository resource's `id`/`name`/`arn` that the evaluator leaves unresolved.
 */
export function targetOf(state: State, name: Val<string>): EcrRepository | 'unknown' | undefined {
  const repos = state.aws.ecr.repositories;
  if (name.origin !== 'unresolved') return repos.find((r) => isKnown(r.name) && r.name.value === name.value);
  const ref = /^(.*)\.(id|name|arn|repository_url)$/.exec(String(name.value))?.[1];
  const hit = ref ? repos.find((r) => r.ref.address === ref || r.ref.address.endsWith(`.${ref}`)) : undefined;
  return hit ?? 'unknown';
}

/** Every repository policy in the input with the resource it belongs to (for the finding). */
export function repositoryPolicies(
  state: State,
): { policy: EcrPolicy; resource: Resource; repository: string; label: string; account?: string }[] {
  const { ecr } = state.aws;
  return [
    ...ecr.repositories.flatMap((r) =>
      r.repositoryPolicy
        ? [
            {
              policy: r.repositoryPolicy,
              resource: r,
              repository: r.name.value,
              label: showName(r.name),
              account: r.account,
            },
          ]
        : [],
    ),
    ...ecr.repositoryPolicies.map((p) => {
      const target = targetOf(state, p.repository);
      const repo = typeof target === 'object' ? target : undefined;
      return {
        policy: p.value,
        resource: p,
        repository: repo?.name.value ?? (isKnown(p.repository) ? p.repository.value : '*'),
        // For messages: the repository as written, quoted once (an unresolved one as its expression).
        label: showName(repo?.name ?? p.repository),
        account: p.account ?? repo?.account,
      };
    }),
  ];
}

/**
 * A registry scanning filter against a repository name: a filter without `*` matches names that
 * contain it; `*` stands for zero or more characters (D3).
 */
export function scanFilterMatches(filter: string, name: string): boolean {
  if (!filter.includes('*')) return name.includes(filter);
  const re = filter
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(name);
}

/** How the registry scanning configuration treats a repository: scanned, not scanned, or not knowable. */
export function registryScans(cfg: RegistryScanning, name: string | undefined): boolean | 'unknown' {
  if (!isKnown(cfg.scanType) || !cfg.rulesKnown) return 'unknown';
  const enhanced = cfg.scanType.value === 'ENHANCED';
  const frequencies = enhanced ? ['SCAN_ON_PUSH', 'CONTINUOUS_SCAN'] : ['SCAN_ON_PUSH'];
  let unknown = false;
  for (const rule of cfg.rules) {
    if (!isKnown(rule.scanFrequency)) {
      unknown = true;
      continue;
    }
    if (!frequencies.includes(rule.scanFrequency.value)) continue;
    for (const f of rule.repositoryFilters) {
      if (!isKnown(f.filter)) unknown = true;
      else if (name === undefined) {
        // An unresolved name: only a filter that matches every name decides; any other may match.
        if (/^\*+$/.test(f.filter.value)) return true;
        unknown = true;
      } else if (scanFilterMatches(f.filter.value, name)) return true;
    }
  }
  return unknown ? 'unknown' : false;
}

/** An exclusion filter that matches every tag (only `*`). */
export function matchesEveryTag(f: WildcardFilter): boolean {
  return isKnown(f.filter) && /^\*+$/.test(f.filter.value);
}

/** A principal from an account and organization that have nothing to do with the registry. */
const STRANGER_ACCOUNT = '999999999999';
const STRANGER_ARN = `arn:aws:iam::${STRANGER_ACCOUNT}:role/hako-stranger`;
const STRANGER_CONTEXT: Record<string, ContextValue> = {
  'aws:PrincipalAccount': STRANGER_ACCOUNT,
  'aws:PrincipalArn': STRANGER_ARN,
  'aws:PrincipalOrgID': 'o-hakostranger',
  'aws:PrincipalOrgPaths': ['o-hakostranger/r-hako/ou-hako-stranger/'],
  'aws:SourceAccount': STRANGER_ACCOUNT,
  'aws:SourceOrgID': 'o-hakostranger',
  'aws:SourceOrgPaths': ['o-hakostranger/r-hako/ou-hako-stranger/'],
  'aws:SourceArn': STRANGER_ARN,
  'aws:userid': `AROAHAKOSTRANGER:${STRANGER_ACCOUNT}`,
};

/**
 * Statements of a resource policy that may let any principal of any account perform one of
 * `actions` (IAM evaluator; conditions on the account/organization keys evaluated for a stranger,
 * other condition keys unknown and so not restricting). Indexes into `Statement`.
 */
export function openStatements(
  policy: EcrPolicy,
  actions: string[],
  resources: string[],
  /** `sameOrg`: the stranger may be in the registry's organization (org keys unknown). */
  opts: { sameOrg?: boolean } = {},
): number[] {
  const context = opts.sameOrg
    ? Object.fromEntries(Object.entries(STRANGER_CONTEXT).filter(([k]) => !/Org(ID|Paths)$/.test(k)))
    : STRANGER_CONTEXT;
  if (policy.document === undefined) return [];
  const found = new Set<number>();
  for (const action of actions)
    for (const resource of resources) {
      const r = evaluate(
        {
          identity: [{ id: 'stranger', document: ALLOW_ALL }],
          resource: [{ id: 'resource', document: policy.document }],
        },
        { action, resource, principal: { type: 'AWS', id: STRANGER_ARN }, context },
        { missingKeys: 'uncertain', sameAccount: false },
      );
      if (!r.possible.includes('allow')) continue;
      for (const ref of r.allowedBy) if (ref.kind === 'resource') found.add(ref.index);
    }
  return [...found].sort((a, b) => a - b);
}

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Where statement `index` of the policy is written (the policy when it has no positions). */
export function statementSrc(policy: EcrPolicy, index: number): Src {
  const st = entry(policy.node, 'Statement')?.value;
  const node = isSeq(st) ? st.items[index] : index === 0 && isMap(st) ? st : undefined;
  return node?.src ?? policy.src;
}

export function repositoryArn(name: string, account = '111111111111'): string {
  return `arn:aws:ecr:us-east-1:${account}:repository/${name}`;
}

/** Repository ARNs a registry policy names (wildcards filled in), or a stand-in one. */
export function registryResources(policy: EcrPolicy, account?: string): string[] {
  const out = new Set<string>();
  const doc = policy.document as { Statement?: unknown } | undefined;
  const sts = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  for (const st of sts as { Resource?: unknown }[]) {
    const rs = Array.isArray(st?.Resource) ? st.Resource : [st?.Resource];
    for (const r of rs)
      if (typeof r === 'string' && r.startsWith('arn:'))
        out.add(r.replace(/\*/g, 'hako').replace(/\?/g, 'h'));
  }
  if (out.size === 0) out.add(repositoryArn('hako', account));
  return [...out];
}

/** Accounts named in the `AWS` principals of the Allow statements that grant one of `actions`, by statement. */
export function accountGrants(policy: EcrPolicy, actions: string[]): { index: number; account: string }[] {
  const doc = policy.document as { Statement?: unknown } | undefined;
  const sts = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
  const out: { index: number; account: string }[] = [];
  sts.forEach((raw, index) => {
    const st = raw as { Effect?: unknown; Action?: unknown; Principal?: unknown };
    if (st?.Effect !== 'Allow') return;
    const acts = (Array.isArray(st.Action) ? st.Action : [st.Action]).filter(
      (a): a is string => typeof a === 'string',
    );
    if (!acts.some((p) => actions.some((a) => matchesAction(p, a)))) return;
    const aws = (st.Principal as { AWS?: unknown } | undefined)?.AWS;
    for (const p of Array.isArray(aws) ? aws : [aws]) {
      if (typeof p !== 'string') continue;
      const account = /^\d{12}$/.test(p) ? p : /^arn:aws[\w-]*:(iam|sts)::(\d{12}):/.exec(p)?.[2];
      if (account && !out.some((o) => o.index === index && o.account === account))
        out.push({ index, account });
    }
  });
  return out;
}

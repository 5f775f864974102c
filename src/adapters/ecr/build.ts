/**
 * ECR model builders over a Fields reader with the API's camelCase keys (CLI JSON, Terraform bodies
 * reshaped to the API) or CloudFormation's PascalCase. Absent settings take the API default,
 * located at the enclosing block (aws-container-facts.md D2, D3, D6; eks-versions-and-defaults.md B3).
 */
import type {
  EcrPolicy,
  EcrRepository,
  LifecyclePolicy,
  RegistryScanning,
  ReplicationConfiguration,
  WildcardFilter,
} from '../../model/aws/ecr.js';
import type { InlineSuppression, ResourceRef } from '../../model/resource.js';
import { defaulted, type Src, unresolved, type Val } from '../../model/source.js';
import { jsonFromString } from '../../parse/hcl/evaluate.js';
import {
  entry,
  hasUnresolved,
  isMap,
  isScalar,
  isSeq,
  type MapNode,
  type Node,
  toPlain,
} from '../../parse/tree.js';
import type { Fields } from '../fields.js';

/** A repository from CreateRepository input, a `repositories[]` item, or a reshaped IaC body. */
export function buildRepository(
  f: Fields,
  ref: ResourceRef,
  opts: { suppressions?: InlineSuppression[]; lifecycleKnowable: boolean; account?: string },
): EcrRepository {
  const scan = f.sub('imageScanningConfiguration');
  const enc = f.sub('encryptionConfiguration');
  const src = { ...f.at, resource: ref.address };
  const arn = f.str('repositoryArn')?.value;
  const account = opts.account ?? f.str('registryId')?.value ?? (arn ? arn.split(':')[4] : undefined);
  return {
    ref,
    src,
    suppressions: opts.suppressions ?? [],
    name: f.str('repositoryName') ?? defaulted(ref.name, f.at),
    account: account && /^\d{12}$/.test(account) ? account : undefined,
    tagMutability: f.strOr('imageTagMutability', 'MUTABLE'),
    tagMutabilityExclusions: f.each('imageTagMutabilityExclusionFilters').map((x) => wildcard(x)),
    scanOnPush: unknownIf(f.node('imageScanningConfiguration'), scan.boolOr('scanOnPush', false)),
    encryption: {
      type: unknownIf(f.node('encryptionConfiguration'), enc.strOr('encryptionType', 'AES256')),
      kmsKey: enc.str('kmsKey'),
      src: enc.at,
    },
    lifecyclePolicy: undefined,
    lifecycleKnowable: opts.lifecycleKnowable,
  };
}

/** A block written in a form hako cannot expand (a Terraform dynamic block, a variable) leaves its settings unknown. */
function unknownIf<T>(block: Node | undefined, v: Val<T>): Val<T> {
  return block?.kind === 'unresolved' ? unresolved(v.value, block.src) : v;
}

/** `{filter, filterType}` (CloudFormation's exclusion filters: `ImageTagMutabilityExclusionFilterValue`/`…Type`). */
export function wildcard(f: Fields): WildcardFilter {
  return {
    filter: f.str('imageTagMutabilityExclusionFilterValue') ?? f.strOr('filter', ''),
    filterType: f.str('imageTagMutabilityExclusionFilterType') ?? f.strOr('filterType', 'WILDCARD'),
    src: f.at,
  };
}

/** A lifecycle policy written as JSON text (string, heredoc, file()) or as a value (jsonencode, a YAML map). */
export function lifecyclePolicy(n: Node | undefined, at: Src): LifecyclePolicy {
  if (n === undefined) return { node: undefined, unknown: true, src: at };
  if (n.kind === 'unresolved') return { node: undefined, unknown: true, src: n.src };
  if (isScalar(n) && typeof n.value === 'string') {
    return { node: jsonFromString(n), text: n.value, unknown: false, src: n.src };
  }
  const plain = toPlain(n);
  return { node: n, text: JSON.stringify(plain), unknown: hasUnresolved(n), src: n.src };
}

/** A policy document (repository or registry policy) as plain JSON. */
export function ecrPolicy(n: Node | undefined, at: Src): EcrPolicy {
  if (n === undefined) return { document: undefined, complete: false, src: at };
  if (isScalar(n) && typeof n.value === 'string') {
    const parsed = jsonFromString(n);
    return {
      document: parsed ? toPlain(parsed) : undefined,
      complete: parsed !== undefined,
      node: parsed,
      src: n.src,
    };
  }
  if (!isMap(n)) return { document: undefined, complete: false, src: n.src };
  return { document: knownStatements(n), complete: !hasUnresolved(n), node: n, src: n.src };
}

/**
 * The document as plain JSON with the Allow statements that hold an unresolved value left out (an
 * unknown condition value must not read as "no condition"); `undefined` when a Deny statement does
 * (leaving it out could invent an allow). Statement indexes are kept: a dropped one becomes `{}`.
 */
function knownStatements(n: MapNode): unknown {
  const doc = toPlain(n) as Record<string, unknown>;
  const st = entry(n, 'Statement')?.value;
  if (st === undefined) return doc;
  if (st.kind === 'unresolved') return undefined;
  const list = isSeq(st) ? st.items : [st];
  const kept: unknown[] = [];
  for (const s of list) {
    if (!hasUnresolved(s)) kept.push(toPlain(s));
    else if (toPlain(entry(s, 'Effect')?.value) === 'Allow') kept.push({});
    else return undefined;
  }
  doc.Statement = isSeq(st) ? kept : kept[0];
  return doc;
}

/** GetRegistryScanningConfiguration output's `scanningConfiguration`, PutRegistryScanningConfiguration input, or IaC. */
export function buildScanning(
  f: Fields,
  ref: ResourceRef,
  suppressions: InlineSuppression[] = [],
): RegistryScanning {
  const rulesNode = f.node('rules');
  return {
    ref,
    src: { ...f.at, resource: ref.address },
    suppressions,
    scanType: f.strOr('scanType', 'BASIC'),
    rulesKnown: rulesNode === undefined || rulesNode.kind === 'seq',
    rules: f.each('rules').map((r) => ({
      scanFrequency: r.strOr('scanFrequency', 'MANUAL'),
      repositoryFilters: r.each('repositoryFilters').map((x) => wildcard(x)),
      src: r.at,
    })),
  };
}

/** A ReplicationConfiguration (`{rules: [...]}`). */
export function buildReplication(
  f: Fields,
  ref: ResourceRef,
  suppressions: InlineSuppression[] = [],
): ReplicationConfiguration {
  return {
    ref,
    src: { ...f.at, resource: ref.address },
    suppressions,
    rulesSrc: f.node('rules')?.src ?? f.at,
    rules: f.each('rules').map((r) => ({
      src: r.at,
      destinations: r.each('destinations').map((d) => ({
        region: d.strOr('region', ''),
        registryId: d.strOr('registryId', ''),
        src: d.at,
      })),
      repositoryFilters: r.each('repositoryFilters').map((x) => ({
        ...wildcard(x),
        filterType: x.strOr('filterType', ''),
        unknownKeys: (x.map?.entries ?? [])
          .filter((e) => !['filter', 'filtertype'].includes(e.key.toLowerCase()))
          .map((e) => ({ key: e.key, src: e.keySrc })),
      })),
    })),
  };
}

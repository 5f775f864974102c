/**
 * The `kube-system/aws-auth` ConfigMap's data into the model. `mapRoles`, `mapUsers` and
 * `mapAccounts` are YAML documents written as strings inside the ConfigMap (or inside a Terraform
 * `data` map): each is parsed on its own and its line numbers are moved to where the string sits in
 * the outer file, so findings point at the right line. aws-iam-authenticator semantics (facts B2):
 * top-level keys are case-sensitive, entry keys are matched case-insensitively (Go encoding/json).
 */
import type { AwsAuth, AwsAuthEntry } from '../../model/aws/eks.js';
import type { K8sObject } from '../../model/k8s/object.js';
import type { Resource } from '../../model/resource.js';
import type { Src, Val } from '../../model/source.js';
import { entry, isMap, isSeq, type Node } from '../../parse/tree.js';
import { parseYaml } from '../../parse/yaml.js';
import { toStr } from '../fields.js';

/** Moves a parsed node into the outer file: down by `lines`, or onto line `flat` (a string written on one line). */
function shift(n: Node, lines: number, file: string, flat?: number): Node {
  const move = (x: Src): Src =>
    flat !== undefined
      ? { ...x, file, startLine: flat, endLine: flat }
      : { ...x, file, startLine: x.startLine + lines, endLine: x.endLine + lines };
  const src = move(n.src);
  switch (n.kind) {
    case 'map':
      return {
        ...n,
        src,
        entries: n.entries.map((e) => ({
          key: e.key,
          keySrc: move(e.keySrc),
          value: shift(e.value, lines, file, flat),
        })),
      };
    case 'seq':
      return { ...n, src, items: n.items.map((i) => shift(i, lines, file, flat)) };
    default:
      return { ...n, src };
  }
}

/** A data value: a YAML string (parsed, lines moved into the outer file) or an already structured value. */
function inner(n: Node | undefined): Node | undefined {
  if (n === undefined) return undefined;
  if (n.kind !== 'scalar' || typeof n.value !== 'string') return n;
  const parsed = parseYaml(n.src.file, n.value);
  const doc = parsed.docs[0]?.node;
  if (!doc || parsed.errors.length > 0) return undefined;
  // a block scalar (`|`, heredoc) starts on the line after its indicator; a string written on one
  // line (with `\n` escapes) keeps every inner line on that line
  if (n.src.endLine === n.src.startLine) return shift(doc, 0, n.src.file, n.src.startLine);
  return shift(doc, n.src.startLine, n.src.file);
}

function entries(n: Node | undefined): AwsAuthEntry[] {
  if (!isSeq(n)) return [];
  return n.items.flatMap((item): AwsAuthEntry[] => {
    if (!isMap(item)) return [];
    const values = new Map<string, Val<string>>();
    let groups: Val<string>[] = [];
    for (const e of item.entries) {
      const k = e.key.toLowerCase();
      if (k === 'groups') groups = isSeq(e.value) ? e.value.items.flatMap((g) => toStr(g) ?? []) : [];
      else {
        const v = toStr(e.value);
        if (v) values.set(k, v);
      }
    }
    return [
      { src: item.src, keys: item.entries.map((e) => ({ key: e.key, src: e.keySrc })), values, groups },
    ];
  });
}

export function awsAuthFromData(data: Node | undefined, res: Resource): AwsAuth | undefined {
  if (!isMap(data)) return undefined;
  const accounts = inner(entry(data, 'mapAccounts')?.value);
  return {
    ...res,
    dataKeys: data.entries.map((e) => ({ key: e.key, src: e.keySrc })),
    mapRoles: entries(inner(entry(data, 'mapRoles')?.value)),
    mapUsers: entries(inner(entry(data, 'mapUsers')?.value)),
    mapAccounts: isSeq(accounts) ? accounts.items.flatMap((a) => toStr(a) ?? []) : [],
  };
}

export function isAwsAuth(o: K8sObject): boolean {
  // an object without namespace lands where kubectl points: it may be kube-system
  const ns = o.namespaceAssumed ? null : o.namespace;
  return o.kind === 'ConfigMap' && o.name === 'aws-auth' && (ns ?? 'kube-system') === 'kube-system';
}

export function awsAuthFromK8s(o: K8sObject, node: Node): AwsAuth | undefined {
  return awsAuthFromData(entry(node, 'data')?.value, {
    ref: o.ref,
    src: o.src,
    suppressions: o.suppressions,
    ...(o.notes ? { notes: o.notes } : {}),
  });
}

/**
 * EKS add-ons from every format, and `describe-addon` / `create-addon` JSON. Only what the
 * NetworkPolicy rules need: the name, the cluster, and the VPC CNI's `enableNetworkPolicy`
 * configuration value (JSON or YAML text, or a map).
 */
import type { EksAddon } from '../../model/aws/eks.js';
import { modelKind, type Resource } from '../../model/resource.js';
import { defaulted, explicit, type Src, unresolved, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { entry, isMap, type Node } from '../../parse/tree.js';
import { Fields, toBool } from '../fields.js';

/** `enableNetworkPolicy` in configuration values: a map, a JSON string or a YAML string. */
export function networkPolicyValue(n: Node | undefined, parsed: Node | undefined, at: Src): Val<boolean> {
  if (n === undefined) return defaulted(false, at);
  if (n.kind === 'unresolved') return unresolved(false, n.src);
  const map = isMap(parsed) ? parsed : isMap(n) ? n : undefined;
  if (map) {
    const v = entry(map, 'enableNetworkPolicy')?.value;
    if (v === undefined) return defaulted(false, n.src);
    if (v.kind === 'unresolved') return unresolved(false, v.src);
    return toBool(v) ?? explicit(false, v.src);
  }
  if (n.kind === 'scalar' && typeof n.value === 'string') {
    const m = /["']?enableNetworkPolicy["']?\s*:\s*["']?(true|false)\b/i.exec(n.value);
    return m ? explicit(m[1]!.toLowerCase() === 'true', n.src) : defaulted(false, n.src);
  }
  return defaulted(false, n.src);
}

export function eksAddon(
  base: Resource,
  f: Fields,
  keys: { name: string; cluster: string; config: string },
  parse: (n: Node) => Node | undefined,
): EksAddon {
  const config = f.node(keys.config);
  const addon: EksAddon = {
    ...base,
    addonName: f.strOr(keys.name, ''),
    enableNetworkPolicy: networkPolicyValue(config, config ? parse(config) : undefined, f.at),
  };
  const cluster = f.str(keys.cluster);
  if (cluster) addon.clusterName = cluster;
  return addon;
}

/** `{"addon": {...}}` (describe-addon, create-addon output) or create-addon input. */
export function eksAddonJson(n: Node): Node | undefined {
  const inner = entry(n, 'addon')?.value;
  if (isMap(inner) && entry(inner, 'addonName')) return inner;
  if (isMap(n) && entry(n, 'addonName') && entry(n, 'clusterName')) return n;
  return undefined;
}

export function adaptEksAddonJson(
  n: Node,
  file: string,
  state: State,
  parse: (n: Node) => Node | undefined,
): number {
  const body = eksAddonJson(n);
  if (!body) return 0;
  const f = Fields.of(body, body.src);
  const name = f.str('addonName')?.value ?? '';
  const base: Resource = {
    ref: { kind: modelKind('EKSAddon'), name, namespace: null, address: name },
    src: { ...body.src, file },
    suppressions: [],
  };
  state.aws.eks.addons.push(
    eksAddon(base, f, { name: 'addonName', cluster: 'clusterName', config: 'configurationValues' }, parse),
  );
  return 1;
}

/**
 * NetworkPolicy objects into the typed model (src/model/k8s/netpol.ts), with the API server's
 * defaulting (`policyTypes`, `protocol`) and validation (kubernetes-networkpolicy.md §3, §6, §7, §10).
 */
import { parseCidr } from '../../engines/ip/cidr.js';
import type {
  IpBlock,
  NetpolPeer,
  NetpolPort,
  NetpolRule,
  NetworkPolicy,
  PolicyType,
} from '../../model/k8s/netpol.js';
import type { LabelSelector } from '../../model/k8s/rbac.js';
import { defaulted, explicit, type Src, type Val } from '../../model/source.js';
import { isScalar, isSeq, type Node } from '../../parse/tree.js';
import { Fields } from '../fields.js';

type Problems = NetworkPolicy['problems'];
const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

function selector(f: Fields, problems: Problems, read: (f: Fields) => LabelSelector): LabelSelector {
  const s = read(f);
  for (const e of s.matchExpressions) {
    const op = e.operator.value;
    if (!OPERATORS.has(op)) problems.push({ message: `invalid label selector operator "${op}"`, src: e.src });
    else if ((op === 'In' || op === 'NotIn') && e.values.length === 0)
      problems.push({ message: `operator ${op} needs at least one value`, src: e.src });
    else if ((op === 'Exists' || op === 'DoesNotExist') && e.values.length > 0)
      problems.push({ message: `operator ${op} takes no values`, src: e.src });
  }
  return s;
}

function ipBlock(f: Fields, problems: Problems): IpBlock {
  const cidr = f.strOr('cidr', '');
  const block: IpBlock = { cidr, except: f.strList('except'), src: f.at };
  const c = parseCidr(cidr.value);
  if (!c) {
    problems.push({ message: `ipBlock.cidr "${cidr.value}" is not a valid CIDR`, src: cidr.src });
    return block;
  }
  for (const e of block.except) {
    const x = parseCidr(e.value);
    const strict = x && x.family === c.family && x.prefix > c.prefix && parseCidr(cidr.value) && within(x, c);
    if (!strict)
      problems.push({
        message: `ipBlock.except "${e.value}" must be a strict subset of cidr "${cidr.value}"`,
        src: e.src,
      });
  }
  return block;
}

function within(
  x: NonNullable<ReturnType<typeof parseCidr>>,
  c: NonNullable<ReturnType<typeof parseCidr>>,
): boolean {
  const bits = BigInt((c.family === 4 ? 32 : 128) - c.prefix);
  return x.base >> bits === c.base >> bits;
}

function peer(f: Fields, problems: Problems, read: (f: Fields) => LabelSelector): NetpolPeer {
  const p: NetpolPeer = { src: f.at };
  if (f.has('podSelector')) p.podSelector = selector(f.sub('podSelector'), problems, read);
  if (f.has('namespaceSelector')) p.namespaceSelector = selector(f.sub('namespaceSelector'), problems, read);
  if (f.has('ipBlock')) p.ipBlock = ipBlock(f.sub('ipBlock'), problems);
  if (!p.podSelector && !p.namespaceSelector && !p.ipBlock)
    problems.push({ message: 'must specify a peer (podSelector, namespaceSelector or ipBlock)', src: f.at });
  if (p.ipBlock && (p.podSelector || p.namespaceSelector))
    problems.push({ message: 'may not specify both ipBlock and another peer', src: f.at });
  return p;
}

function port(f: Fields, problems: Problems): NetpolPort {
  const protocol = f.strOr('protocol', 'TCP');
  const p: NetpolPort = { protocol, src: f.at };
  if (!['TCP', 'UDP', 'SCTP'].includes(protocol.value))
    problems.push({ message: `protocol "${protocol.value}" is not TCP, UDP or SCTP`, src: protocol.src });
  const n = f.node('port');
  if (isScalar(n) && n.value !== null) {
    if (typeof n.value === 'number') {
      p.port = explicit(n.value, n.src);
      if (!Number.isInteger(n.value) || n.value < 1 || n.value > 65535)
        problems.push({ message: `port ${n.value} is outside 1-65535`, src: n.src });
    } else {
      p.port = explicit(String(n.value), n.src);
      if (!PORT_NAME.test(String(n.value)))
        problems.push({ message: `port "${n.value}" is not a valid port name`, src: n.src });
    }
  }
  const end = f.num('endPort');
  if (end) {
    p.endPort = end;
    if (p.port === undefined) problems.push({ message: 'endPort requires port', src: end.src });
    else if (typeof p.port.value !== 'number')
      problems.push({ message: 'endPort requires a numeric port, not a named one', src: end.src });
    else if (end.value < p.port.value) problems.push({ message: 'endPort is below port', src: end.src });
    else if (end.value > 65535) problems.push({ message: 'endPort is above 65535', src: end.src });
  }
  return p;
}

function rules(
  spec: Fields,
  key: 'ingress' | 'egress',
  problems: Problems,
  read: (f: Fields) => LabelSelector,
): NetpolRule[] {
  const peerKey = key === 'ingress' ? 'from' : 'to';
  return spec.each(key).map((r) => ({
    peers: r.each(peerKey).map((p) => peer(p, problems, read)),
    ports: r.each('ports').map((p) => port(p, problems)),
    src: r.at,
  }));
}

export function readNetworkPolicy(
  node: Node,
  base: Omit<NetworkPolicy, 'podSelector' | 'policyTypes' | 'ingress' | 'egress' | 'specSrc' | 'problems'>,
  read: (f: Fields) => LabelSelector,
): NetworkPolicy {
  const spec = Fields.of(node, node.src).sub('spec');
  const problems: Problems = [];
  const podSelector = selector(spec.sub('podSelector'), problems, read);
  const ingress = rules(spec, 'ingress', problems, read);
  const egress = rules(spec, 'egress', problems, read);
  let policyTypes: Val<PolicyType>[];
  const written = spec.strList('policyTypes');
  if (written.length > 0) {
    policyTypes = [];
    for (const t of written) {
      if (t.value === 'Ingress' || t.value === 'Egress') policyTypes.push(t as Val<PolicyType>);
      else problems.push({ message: `policyTypes value "${t.value}" is not Ingress or Egress`, src: t.src });
    }
    if (written.length > 2)
      problems.push({ message: 'policyTypes has more than two entries', src: written[2]!.src });
  } else {
    const at: Src = spec.node('policyTypes')?.src ?? (spec.map ? spec.at : base.src);
    policyTypes = [defaulted('Ingress', at)];
    const eg = spec.node('egress');
    if (isSeq(eg) && eg.items.length > 0) policyTypes.push(defaulted('Egress', at));
  }
  return {
    ...base,
    podSelector,
    policyTypes,
    ingress,
    egress,
    specSrc: spec.map ? spec.at : base.src,
    problems,
  };
}

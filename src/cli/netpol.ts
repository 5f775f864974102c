/**
 * `hako netpol reach` and `hako netpol matrix`: NetworkPolicy reachability between the workloads
 * found in the paths, with exact Kubernetes semantics (src/engines/netpol). `reach` answers one
 * question with the policies that decide it (file and line); `matrix` shows every workload to
 * every workload, plus "internet", as a text table, JSON or Graphviz `dot`.
 */
import { type Command, Option } from 'commander';
import {
  allowedBy,
  decide,
  type Endpoint,
  endpointFromText,
  type Group,
  type Verdict,
} from '../engines/netpol/evaluate.js';
import { computeMatrix } from '../engines/netpol/matrix.js';
import { describe as describePorts, has, isEmpty, type PortSet } from '../engines/netpol/ports.js';
import { matches, parseSelector } from '../engines/netpol/selector.js';
import type { Protocol } from '../engines/netpol/types.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read.js';
import { type InputText, loadInputs, prepareLoad, STDIN } from '../load.js';
import type { NetpolRule, NetworkPolicy } from '../model/k8s/netpol.js';
import type { State } from '../model/state.js';
import { termSafe } from '../report/escape.js';
import { notEnforcing } from '../rules/net/_enforcement.js';
import { type NetView, netView } from '../rules/net/_netpol.js';
import { EXIT, type Io, UsageError } from './main.js';

/** One side of a query: groups of pods (with a label for people), or an address outside the cluster. */
interface Side {
  text: string;
  endpoints: Endpoint[];
  /** `--to NS/svc/NAME`: the Service whose pods these are (its port maps to its targetPort). */
  service?: State['k8s']['services'][number];
}

export interface ReachJson {
  allowed: boolean;
  port: number | null;
  protocol: Protocol;
  egress: { isolated: boolean; allowedBy: string[] };
  ingress: { isolated: boolean; allowedBy: string[] };
}

export interface ReachResult {
  json: ReachJson;
  text: string;
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/** `NS/SELECTOR`, `NS/svc/NAME`, `internet`, `node`, an IP or a CIDR. */
function parseSide(v: NetView, state: State, text: string): Side {
  const external = endpointFromText(text);
  if (external) return { text, endpoints: [external] };
  const slash = text.indexOf('/');
  const ns = slash < 0 ? text : text.slice(0, slash);
  const rest = slash < 0 ? '' : text.slice(slash + 1);
  if (ns === '')
    throw new UsageError(`"${text}": expected NAMESPACE/SELECTOR, NAMESPACE/svc/NAME, internet or a CIDR`);
  const inNs = v.net.groups.filter((g) => g.namespace === ns);
  if (rest.startsWith('svc/')) {
    const name = rest.slice(4);
    const svc = state.k8s.services.find((s) => s.namespace.value === ns && s.name === name);
    if (!svc) throw new UsageError(`no Service ${ns}/${name} in the scanned files`);
    const groups =
      svc.selector.size === 0
        ? []
        : inNs.filter((g) => [...svc.selector].every(([k, x]) => g.labels.get(k) === x.value));
    return { text, endpoints: groups.map((group) => ({ kind: 'group', group })), service: svc };
  }
  const sel = parseSelector(rest);
  if (!sel) throw new UsageError(`"${rest}" is not a label selector (e.g. app=web,tier!=cache)`);
  return {
    text,
    endpoints: inNs.filter((g) => matches(sel, g.labels)).map((group) => ({ kind: 'group', group })),
  };
}

/** `TARGET[:PORT[/PROTO]]`; an IPv6 address or CIDR is taken whole. */
function splitPort(to: string): { target: string; port?: number; protocol: Protocol } {
  if (endpointFromText(to)) return { target: to, protocol: 'TCP' };
  const m = /^(.*):(\d+)(?:\/([A-Za-z]+))?$/.exec(to);
  if (!m) return { target: to, protocol: 'TCP' };
  const protocol = (m[3] ?? 'TCP').toUpperCase();
  if (!PROTOCOLS.has(protocol)) throw new UsageError(`protocol "${m[3]}" is not TCP, UDP or SCTP`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`port ${port} is outside 1-65535`);
  return { target: m[1]!, port, protocol: protocol as Protocol };
}

const key = (p: NetworkPolicy) => `${p.namespace.value}/${p.name}`;
const where = (p: NetworkPolicy) => `${p.src.file}:${p.src.startLine}`;

function groupName(v: NetView, g: Group): string {
  return g.pods
    .map((p) => v.workloadOf.get(p)!)
    .map((w) => `${w.kind}/${w.namespace.value}/${w.object.name}`)
    .join(', ');
}

/** The port at the destination: a Service port maps to its targetPort (a number, or a name per pod group). */
function targetPort(
  side: Side,
  g: Group | undefined,
  port: number | undefined,
  protocol: Protocol,
): number | undefined {
  if (port === undefined || !side.service) return port;
  const sp = side.service.ports.find((p) => p.port?.value === port && p.protocol.value === protocol);
  if (!sp?.targetPort) return port;
  const t = sp.targetPort.value;
  if (/^\d+$/.test(t)) return Number(t);
  return g?.namedPorts.find((n) => n.name === t && n.protocol === protocol)?.port;
}

export function runReach(state: State, from: string, to: string): ReachResult {
  const v = netView(state);
  const { target, port, protocol } = splitPort(to);
  const src = parseSide(v, state, from);
  const dst = parseSide(v, state, target);
  for (const s of [src, dst])
    if (s.endpoints.length === 0) throw new NoMatch(`"${s.text}" matches no pod in the scanned files`);
  const egressBy = new Set<string>();
  const ingressBy = new Set<string>();
  let allowed = true;
  let egressIsolated = false;
  let ingressIsolated = false;
  const lines: string[] = [];
  const t = termSafe;
  for (const a of src.endpoints)
    for (const b of dst.endpoints) {
      const g = b.kind === 'group' ? b.group : undefined;
      const p = targetPort(dst, g, port, protocol);
      const verdict: Verdict<NetworkPolicy> = decide(v.net, a, b);
      const ok =
        p === undefined
          ? port === undefined
            ? verdict.ports[protocol].length > 0
            : false
          : has(verdict.ports, protocol, p);
      if (!ok) allowed = false;
      egressIsolated ||= verdict.egress?.isolated ?? false;
      ingressIsolated ||= verdict.ingress?.isolated ?? false;
      const eg = allowedBy(verdict.egress, protocol, p);
      const ing = allowedBy(verdict.ingress, protocol, p);
      for (const x of eg) egressBy.add(key(x));
      for (const x of ing) ingressBy.add(key(x));
      lines.push(
        `${ok ? 'ALLOWED' : 'DENIED '}  ${t(label(v, a))} -> ${t(label(v, b))}${p === undefined ? '' : ` on ${protocol}/${p}`}${p !== port && p !== undefined ? ` (Service port ${port})` : ''}`,
        `  egress:  ${directionText(verdict.egress, deciding(verdict.egress, eg), 'Egress', a, v)}`,
        `  ingress: ${directionText(verdict.ingress, deciding(verdict.ingress, ing), 'Ingress', b, v)}`,
      );
      if (a.kind === 'group' && a === b)
        lines.push('  (a pod may always reach itself; this is pod to other pods of the same workload)');
      for (const e of [a, b])
        if (e.kind === 'group' && e.group.hostNetwork)
          lines.push(
            '  note: hostNetwork pod: whether policies apply is implementation-defined (most plugins treat it as node traffic)',
          );
    }
  const off = notEnforcing(v.enforcement);
  if (off.length > 0)
    lines.push(
      `note: NetworkPolicies are not enforced on ${off.map((c) => `cluster ${t(c.name)}`).join(', ')} (no VPC CNI enableNetworkPolicy, no Calico or Cilium): on it, everything is allowed`,
    );
  for (const p of v.net.invalid)
    lines.push(`note: ${t(key(p))} (${t(where(p))}) is rejected by the API server and not evaluated`);
  return {
    json: {
      allowed,
      port: port ?? null,
      protocol,
      egress: { isolated: egressIsolated, allowedBy: [...egressBy].sort() },
      ingress: { isolated: ingressIsolated, allowedBy: [...ingressBy].sort() },
    },
    text: `${lines.join('\n')}\n`,
  };
}

class NoMatch extends Error {}

function label(v: NetView, e: Endpoint): string {
  return e.kind === 'group' ? groupName(v, e.group) : e.kind === 'ip' ? e.text : e.kind;
}

/** Each allowing policy with the location of its first rule that allows the traffic. */
function deciding(d: Verdict<NetworkPolicy>['egress'], by: NetworkPolicy[]): string[] {
  return by.map((p) => {
    const rule = d?.by.find((c) => c.policy === p)?.rule as NetpolRule | undefined;
    const src = rule?.src ?? p.src;
    return `${termSafe(key(p))} (${termSafe(src.file)}:${src.startLine})`;
  });
}

function directionText(
  d: Verdict<NetworkPolicy>['egress'],
  by: string[],
  dir: 'Egress' | 'Ingress',
  subject: Endpoint,
  v: NetView,
): string {
  if (!d)
    return subject.kind === 'node'
      ? 'node traffic: always allowed'
      : 'outside the cluster: no policy applies';
  if (!d.isolated) return 'not isolated: allowed';
  if (by.length > 0) return `isolated; allowed by ${by.join(', ')}`;
  const isolating = subject.kind === 'group' ? v.net.selecting(subject.group, dir) : [];
  return `isolated by ${isolating.map((p) => `${termSafe(key(p))} (${termSafe(where(p))})`).join(', ')}; no rule allows it`;
}

export interface MatrixJson {
  enforcement: string;
  endpoints: { id: string; namespace: string | null; workloads: string[] }[];
  /** Allowed pairs only (a pair not listed is denied), ports as `all`, `TCP/8080`, `UDP/*`, `TCP/8000-8080`. */
  cells: { from: string; to: string; ports: string[] }[];
}

/** Every workload to every workload (and the internet), with the ports both directions allow. */
export function runMatrix(state: State): MatrixJson {
  const v = netView(state);
  const m = computeMatrix(v.net);
  const n = v.net.groups.length;
  // one endpoint per workload (rows of one group share their cells)
  const rows: { id: string; namespace: string | null; workloads: string[]; group: number }[] = [];
  const seen = new Set<string>();
  for (const g of v.net.groups)
    for (const pod of g.pods) {
      const w = v.workloadOf.get(pod)!;
      let id = `${w.namespace.value}/${w.object.name}`;
      if (seen.has(id)) id = `${w.namespace.value}/${w.kind}/${w.object.name}`;
      seen.add(id);
      rows.push({
        id,
        namespace: w.namespace.value,
        workloads: [`${w.kind}/${w.namespace.value}/${w.object.name}`],
        group: g.index,
      });
    }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rows.push({ id: 'internet', namespace: null, workloads: [], group: n });
  const cells: MatrixJson['cells'] = [];
  for (const a of rows)
    for (const b of rows) {
      const ports: PortSet = m.cell(a.group, b.group);
      if (!isEmpty(ports)) cells.push({ from: a.id, to: b.id, ports: describePorts(ports) });
    }
  return {
    enforcement: v.enforcement.state,
    endpoints: rows.map(({ group: _g, ...r }) => r),
    cells,
  };
}

export function matrixText(mx: MatrixJson): string {
  const t = termSafe;
  const ids = mx.endpoints.map((e) => e.id);
  const cell = new Map(mx.cells.map((c) => [`${c.from}\0${c.to}`, c.ports.join(',')]));
  const widths = ids.map((_, j) =>
    Math.max(String(j + 1).length, ...ids.map((a) => (cell.get(`${a}\0${ids[j]}`) ?? '-').length)),
  );
  const nameW = Math.max(4, ...ids.map((i) => `${ids.indexOf(i) + 1} ${i}`.length));
  const out = [
    `${'from \\ to'.padEnd(nameW)}  ${ids.map((_, j) => String(j + 1).padEnd(widths[j]!)).join('  ')}`,
  ];
  ids.forEach((a, i) => {
    out.push(
      `${t(`${i + 1} ${a}`).padEnd(nameW)}  ${ids.map((b, j) => (cell.get(`${a}\0${b}`) ?? '-').padEnd(widths[j]!)).join('  ')}`.trimEnd(),
    );
  });
  out.push('', 'ports both directions allow ("all": every port and protocol; "-": denied).');
  if (mx.enforcement === 'not-enforced' || mx.enforcement === 'partial')
    out.push('note: the scanned cluster does not enforce NetworkPolicies: there, everything is allowed.');
  return `${out.join('\n')}\n`;
}

const dotId = (s: string) => JSON.stringify(s);

export function matrixDot(mx: MatrixJson): string {
  const out = ['digraph netpol {', '  rankdir=LR;', '  node [shape=box];'];
  const byNs = new Map<string, string[]>();
  for (const e of mx.endpoints) {
    if (e.namespace === null) continue;
    byNs.set(e.namespace, [...(byNs.get(e.namespace) ?? []), e.id]);
  }
  [...byNs].forEach(([ns, ids], i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${dotId(ns)};`);
    for (const id of ids) out.push(`    ${dotId(id)} [label=${dotId(id.slice(ns.length + 1))}];`);
    out.push('  }');
  });
  out.push('  "internet" [shape=ellipse];');
  for (const c of mx.cells)
    if (c.from !== c.to)
      out.push(`  ${dotId(c.from)} -> ${dotId(c.to)} [label=${dotId(c.ports.join(','))}];`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

async function load(io: Io, paths: string[], exclude: string[]): Promise<State> {
  const stdin = paths.includes('-') ? await io.stdin(DEFAULT_MAX_FILE_BYTES) : undefined;
  const inputs: InputText[] = stdin ? [{ path: STDIN, content: stdin.toString('utf8') }] : [];
  const { state, fatal } = loadInputs(await prepareLoad({ paths, inputs, exclude }));
  if (fatal.length > 0) throw new UsageError(`cannot read ${fatal.join(', ')}: no such file or directory`);
  for (const e of state.inputs.errors)
    io.stderr(`hako: ${termSafe(e.file)}:${e.line}: ${termSafe(e.message)}\n`);
  for (const s of state.inputs.skipped)
    io.stderr(`hako: skipped ${termSafe(s.file)}${s.line ? `:${s.line}` : ''}: ${termSafe(s.reason)}\n`);
  return state;
}

export function registerNetpolCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  const cmd = program
    .command('netpol')
    .description('NetworkPolicy reachability with exact Kubernetes semantics');
  const exclude = (v: string, p: string[]) => [...p, v];
  cmd
    .command('reach')
    .description('is traffic from one set of pods to another allowed, and which policies decide it')
    .requiredOption('--from <source>', 'NAMESPACE/SELECTOR (kubectl-style), internet, node or a CIDR')
    .requiredOption(
      '--to <destination>',
      'NAMESPACE/SELECTOR or NAMESPACE/svc/NAME, internet or a CIDR, with :PORT[/PROTO]',
    )
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--exclude <glob>', 'paths not to scan (repeatable)', exclude, [])
    .action(
      async (paths: string[], flags: { from: string; to: string; format: string; exclude: string[] }) => {
        const state = await load(io, paths, flags.exclude);
        try {
          const r = runReach(state, flags.from, flags.to);
          io.stdout(flags.format === 'json' ? `${JSON.stringify(r.json, null, 2)}\n` : r.text);
          setCode(EXIT.ok);
        } catch (e) {
          if (!(e instanceof NoMatch)) throw e;
          io.stderr(`hako: ${termSafe(e.message)}\n`);
          setCode(EXIT.usage);
        }
      },
    );
  cmd
    .command('matrix')
    .description('every workload to every workload (and the internet): the ports NetworkPolicies allow')
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'dot']).default('text'),
    )
    .option('--exclude <glob>', 'paths not to scan (repeatable)', exclude, [])
    .action(async (paths: string[], flags: { format: string; exclude: string[] }) => {
      const state = await load(io, paths, flags.exclude);
      const mx = runMatrix(state);
      io.stdout(
        flags.format === 'json'
          ? `${JSON.stringify(mx, null, 2)}\n`
          : flags.format === 'dot'
            ? matrixDot(mx)
            : matrixText(mx),
      );
      setCode(EXIT.ok);
    });
}

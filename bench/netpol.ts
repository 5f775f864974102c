/**
 * The NetworkPolicy matrix benchmark: W generated workloads (default 2,000) and P policies
 * (default 1,000) in 50 namespaces, as multi-document YAML read through the real parser and
 * adapters (from a fixed seed), then the full workload × workload matrix (every cell, internet
 * included) computed by src/engines/netpol. Pods are grouped by what policies can see of them and
 * each rule's peers are resolved once: the matrix is never pod-pair × policy-rule. Every workload
 * has its own labels here, so no two share a group (the worst case for grouping).
 * Prints load and matrix times (min/median of R runs) and the peak RSS; writes
 * bench/out/netpol-results.json.
 *
 *   npm run bench:netpol -- [--workloads W] [--policies P] [--runs R]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeMatrix } from '../src/engines/netpol/matrix.js';
import { isEmpty } from '../src/engines/netpol/ports.js';
import { loadInputs } from '../src/load.js';
import { netView } from '../src/rules/net/_netpol.js';
import { arg, median, OUT, rng } from './_util.js';

const WORKLOADS = arg('workloads', 2_000);
const POLICIES = arg('policies', 1_000);
const RUNS = arg('runs', 3);
const NAMESPACES = 50;
const TIERS = ['web', 'api', 'db', 'worker'];

function workload(i: number, r: () => number): string {
  const ns = `team-${i % NAMESPACES}`;
  const tier = TIERS[Math.floor(r() * TIERS.length)]!;
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: app-${i}, namespace: ${ns} }
spec:
  template:
    metadata:
      labels: { app: app-${i}, tier: ${tier}, team: t${i % 7} }
    spec:
      containers:
        - name: c
          image: registry.example.com/app:1.${i % 50}
          ports: [{ name: http, containerPort: ${8000 + (i % 5)} }, { name: metrics, containerPort: 9100 }]`;
}

function policy(j: number, r: () => number): string {
  const ns = `team-${j % NAMESPACES}`;
  const head = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: p-${j}, namespace: ${ns} }\nspec:\n`;
  const kind = j < NAMESPACES ? 'deny' : j < 2 * NAMESPACES ? 'dns' : 'allow';
  if (kind === 'deny') return `${head}  podSelector: {}\n  policyTypes: [Ingress, Egress]`;
  if (kind === 'dns')
    return `${head}  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }\n          podSelector: { matchLabels: { k8s-app: kube-dns } }\n      ports: [{ port: 53, protocol: UDP }, { port: 53 }]`;
  const target = TIERS[Math.floor(r() * TIERS.length)]!;
  const from = TIERS[Math.floor(r() * TIERS.length)]!;
  const team = `t${Math.floor(r() * 7)}`;
  const port = r() < 0.5 ? 'http' : String(8000 + Math.floor(r() * 5));
  return `${head}  podSelector:\n    matchExpressions: [{ key: tier, operator: In, values: [${target}] }]\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector: { matchLabels: { tier: ${from} } }\n        - namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: team-${Math.floor(r() * NAMESPACES)} } }\n          podSelector: { matchLabels: { team: ${team} } }\n      ports: [{ port: ${port} }, { port: metrics }]\n  egress:\n    - to:\n        - namespaceSelector: {}\n          podSelector: { matchLabels: { tier: ${target === 'web' ? 'api' : 'db'} } }\n      ports: [{ port: 8000, endPort: 8004 }]`;
}

function corpus(): { path: string; content: string }[] {
  const r = rng(7);
  const files: { path: string; content: string }[] = [];
  const docs: string[] = [];
  for (let i = 0; i < WORKLOADS; i++) docs.push(workload(i, r));
  for (let j = 0; j < POLICIES; j++) docs.push(policy(j, r));
  for (let k = 0; k < docs.length; k += 100)
    files.push({ path: `bench-${k / 100}.yaml`, content: docs.slice(k, k + 100).join('\n---\n') });
  return files;
}

const inputs = corpus();
if (process.env.NETPOL_DUMP) writeFileSync(process.env.NETPOL_DUMP, JSON.stringify(inputs));
const loads: number[] = [];
const matrices: number[] = [];
// CPU time too: on a shared machine the wall clock measures the neighbours as well
const matrixCpu: number[] = [];
let allowed = 0;
let cells = 0;
let groups = 0;
for (let run = 0; run <= RUNS; run++) {
  const t0 = performance.now();
  const { state } = loadInputs({ inputs });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const v = netView(state);
  const m = computeMatrix(v.net);
  const n = v.net.groups.length;
  allowed = 0;
  cells = 0;
  for (let a = 0; a <= n; a++)
    for (let b = 0; b <= n; b++) {
      cells++;
      if (!isEmpty(m.cell(a, b))) allowed++;
    }
  const t2 = performance.now();
  const c2 = process.cpuUsage(c1);
  groups = n;
  if (run > 0) {
    loads.push(t1 - t0);
    matrices.push(t2 - t1);
    matrixCpu.push((c2.user + c2.system) / 1000);
  }
}
const peakMiB = process.resourceUsage().maxRSS / 1024;
const result = {
  workloads: WORKLOADS,
  policies: POLICIES,
  groups,
  cells,
  allowedCells: allowed,
  loadMs: { min: Math.min(...loads), median: median(loads) },
  matrixMs: { min: Math.min(...matrices), median: median(matrices) },
  matrixCpuMs: { min: Math.min(...matrixCpu), median: median(matrixCpu) },
  peakRssMiB: Math.round(peakMiB),
};
console.log(
  `netpol matrix: ${WORKLOADS} workloads (${groups} groups), ${POLICIES} policies, ${cells.toLocaleString('en')} cells (${allowed.toLocaleString('en')} allowed)\n` +
    `  load (parse + adapt): min ${result.loadMs.min.toFixed(0)} ms, median ${result.loadMs.median.toFixed(0)} ms\n` +
    `  matrix (group, resolve peers, every cell): min ${result.matrixMs.min.toFixed(0)} ms, median ${result.matrixMs.median.toFixed(0)} ms (CPU: min ${result.matrixCpuMs.min.toFixed(0)} ms)\n` +
    `  peak RSS: ${result.peakRssMiB} MiB`,
);
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, 'netpol-results.json'), `${JSON.stringify(result, null, 2)}\n`);

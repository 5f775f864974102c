/**
 * bench:compare's pure parts, no peer needed: the SVG writer, the parsers of Checkov / Trivy /
 * kube-linter / hako JSON reports (samples shaped like the tools print them, trimmed by hand), and
 * the mapping of peer check IDs to hako rules through `equivalents`.
 */
import { describe, expect, it } from 'vitest';
import {
  comparable,
  comparableTable,
  mdTable,
  merge,
  type Results,
  type ToolRow,
  timingTable,
} from '../../bench/compare.js';
import { parseCheckov, parseHako, parseKubeLinter, parseTrivy, trivyId } from '../../bench/peers.js';
import { escapeXml, fmtTick, logTicks, renderPlot } from '../../bench/plot.js';

// Checkov 3.3.30 `-o json --compact` with one framework: one object (fields trimmed)
const CHECKOV_ONE = JSON.stringify({
  check_type: 'kubernetes',
  results: {
    passed_checks: [
      { check_id: 'CKV_K8S_16', check_result: { result: 'PASSED' }, resource: 'Deployment.shop.api-1' },
      { check_id: 'CKV_K8S_20', check_result: { result: 'PASSED' }, resource: 'Deployment.shop.api-1' },
    ],
    failed_checks: [
      {
        check_id: 'CKV_K8S_9',
        bc_check_id: null,
        check_name: 'Readiness Probe Should be Configured',
        check_result: {
          result: 'FAILED',
          evaluated_keys: ['spec/template/spec/containers/[0]/readinessProbe'],
        },
        code_block: null,
        file_path: '/k8s/identity/auth-203.yaml',
        file_line_range: [37, 99],
        resource: 'Deployment.identity.auth-203',
      },
      { check_id: 'CKV_K8S_20', check_result: { result: 'FAILED' }, resource: 'Deployment.shop.web-2' },
      { check_id: 'CKV_K8S_20', check_result: { result: 'FAILED' }, resource: 'StatefulSet.shop.db-3' },
    ],
    skipped_checks: [],
    parsing_errors: [],
  },
  summary: {
    passed: 2,
    failed: 3,
    skipped: 0,
    parsing_errors: 0,
    resource_count: 3,
    checkov_version: '3.3.30',
  },
  url: 'Add an api key ...',
});

// Trivy 0.74 `config --format json` (fields trimmed); failures only unless --include-non-failures
const TRIVY = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: 'corpus',
  ArtifactType: 'filesystem',
  Results: [
    {
      Target: 'k8s/shop/api-1.yaml',
      Class: 'config',
      Type: 'kubernetes',
      MisconfSummary: { Successes: 1, Failures: 2 },
      Misconfigurations: [
        {
          Type: 'Kubernetes Security Check',
          ID: 'KSV-0001',
          AVDID: 'AVD-KSV-0001',
          Status: 'FAIL',
          Severity: 'MEDIUM',
        },
        {
          Type: 'Kubernetes Security Check',
          ID: 'KSV-0001',
          AVDID: 'AVD-KSV-0001',
          Status: 'FAIL',
          Severity: 'MEDIUM',
        },
        {
          Type: 'Kubernetes Security Check',
          ID: 'KSV-0003',
          AVDID: 'AVD-KSV-0003',
          Status: 'PASS',
          Severity: 'LOW',
        },
      ],
    },
    {
      Target: 'terraform/a/ecr.tf',
      Class: 'config',
      Type: 'terraform',
      Misconfigurations: [{ ID: 'AWS-0031', Status: 'FAIL' }],
    },
    { Target: 'k8s/empty.yaml', Class: 'config', Type: 'kubernetes' },
  ],
});

describe('peer report parsers', () => {
  it('Checkov: counts failed checks per ID and lists every ID shown (failed or passed)', () => {
    const t = parseCheckov(CHECKOV_ONE);
    expect(t.fired).toEqual({ CKV_K8S_9: 1, CKV_K8S_20: 2 });
    expect(t.findings).toBe(3);
    expect(t.ran).toEqual(['CKV_K8S_16', 'CKV_K8S_20', 'CKV_K8S_9']);
  });

  it('Checkov: an array (several frameworks) and the bare summary of an empty scan', () => {
    const two = `[${CHECKOV_ONE},${CHECKOV_ONE.replace('"kubernetes"', '"terraform"')}]`;
    expect(parseCheckov(two).fired).toEqual({ CKV_K8S_9: 2, CKV_K8S_20: 4 });
    const empty = JSON.stringify({
      passed: 0,
      failed: 0,
      skipped: 0,
      parsing_errors: 0,
      resource_count: 0,
      checkov_version: '3.3.30',
    });
    expect(parseCheckov(empty)).toEqual({ fired: {}, ran: [], findings: 0 });
  });

  it('Trivy: FAIL entries count, PASS entries only show the check ran; IDs in hako spelling', () => {
    const t = parseTrivy(TRIVY);
    expect(t.fired).toEqual({ 'AVD-KSV-0001': 2, 'AVD-AWS-0031': 1 });
    expect(t.ran).toEqual(['AVD-AWS-0031', 'AVD-KSV-0001', 'AVD-KSV-0003']);
    expect(parseTrivy(JSON.stringify({ SchemaVersion: 2, ArtifactName: 'x' }))).toEqual({
      fired: {},
      ran: [],
      findings: 0,
    });
  });

  it('Trivy IDs: every spelling maps to AVD-<P>-<4 digits>', () => {
    expect(trivyId({ ID: 'KSV001' })).toBe('AVD-KSV-0001');
    expect(trivyId({ ID: 'KSV-0115' })).toBe('AVD-KSV-0115');
    expect(trivyId({ ID: 'AVD-AWS-0040' })).toBe('AVD-AWS-0040');
    expect(trivyId({ ID: 'KSV013', AVDID: 'AVD-KSV-0013' })).toBe('AVD-KSV-0013');
  });

  it('kube-linter: reports per check; the Checks list is what ran', () => {
    const kl = JSON.stringify({
      Checks: [{ name: 'privileged-container' }, { name: 'run-as-non-root' }, { name: 'latest-tag' }],
      Reports: [
        { Check: 'run-as-non-root', Object: { K8sObject: { Name: 'api' } }, Diagnostic: { Message: 'x' } },
        { Check: 'run-as-non-root', Object: { K8sObject: { Name: 'web' } }, Diagnostic: { Message: 'x' } },
      ],
      Summary: { ChecksStatus: 'Failed' },
    });
    const t = parseKubeLinter(kl);
    expect(t.fired).toEqual({ 'run-as-non-root': 2 });
    expect(t.ran).toHaveLength(3);
  });

  it('hako: findings per rule, and the error count', () => {
    const h = parseHako(
      JSON.stringify({
        version: 1,
        findings: [{ ruleId: 'K8S-101' }, { ruleId: 'K8S-101' }, { ruleId: 'ECR-001' }],
        errors: [{}],
        summary: {},
      }),
    );
    expect(h.fired).toEqual({ 'K8S-101': 2, 'ECR-001': 1 });
    expect(h.errors).toBe(1);
  });
});

const row = (tool: string, fired: Record<string, number>, extra: Partial<ToolRow> = {}): ToolRow => ({
  corpus: 'k8s-1000',
  kind: 'k8s',
  docs: 1000,
  tool,
  version: '',
  command: '',
  status: 'ok',
  runs: [],
  wallMedianMs: null,
  cpuMedianMs: null,
  docsPerSec: null,
  peakRssMb: null,
  checksFired: null,
  checksRan: null,
  findings: null,
  fired,
  ...extra,
});

describe('findings per comparable check', () => {
  const rules = [
    {
      id: 'K8S-105',
      inputs: ['kubernetes'],
      equivalents: { checkov: ['CKV_K8S_17', 'CKV_K8S_19'], trivy: [], kubeLinter: ['host-network'] },
    },
    { id: 'K8S-001', inputs: ['kubernetes'], equivalents: { checkov: [], trivy: [], kubeLinter: [] } },
    {
      id: 'ECR-001',
      inputs: ['terraform'],
      equivalents: { checkov: ['CKV_AWS_51'], trivy: ['AVD-AWS-0031'], kubeLinter: [] },
    },
  ];
  const rows = [
    row('hako --jobs 2', { 'K8S-105': 7 }),
    row('hako --jobs 1', { 'K8S-105': 7 }),
    row('checkov', { CKV_K8S_17: 2, CKV_K8S_19: 3, CKV_K8S_20: 9 }),
    row('trivy', { 'AVD-KSV-0001': 4 }),
  ];

  it("sums a peer's equivalent checks per hako rule; rules of other inputs or without equivalents are left out", () => {
    const c = comparable(rules, rows, 'k8s-1000', 'k8s');
    expect(c).toEqual([
      {
        corpus: 'k8s-1000',
        rule: 'K8S-105',
        hako: 7,
        peers: { checkov: { ids: ['CKV_K8S_17', 'CKV_K8S_19'], count: 5 }, trivy: null },
      },
    ]);
    const md = comparableTable(c, ['checkov', 'trivy']);
    expect(md).toContain('| k8s-1000 | K8S-105   | 7    | 5 (CKV_K8S_17, CKV_K8S_19) | no equivalent');
  });

  it('the timing table gives each peer its ratio to the first hako row, and says why a row has no figures', () => {
    const t = timingTable([
      row(
        'hako --jobs 2',
        {},
        {
          wallMedianMs: 2000,
          peakRssMb: 200,
          runs: [{ wallMs: 2000, cpuMs: 3000, peakRssMb: 200, treeRssMb: 190, load1: 1 }],
        },
      ),
      row('checkov', {}, { wallMedianMs: 120_000, peakRssMb: 1000 }),
      row('trivy', {}, { status: 'timed out', reason: 'run 1 over 20 min' }),
    ]);
    const lines = t.split('\n');
    expect(lines[3]).toContain('60.0×');
    expect(lines[3]).toContain('5.0×');
    expect(lines[4]).toContain('trivy (timed out: run 1 over 20 min)');
  });

  it('--merge: a later session replaces the same (corpus, tool) rows and keeps the rest, in table order', () => {
    const results = (rows: ToolRow[], peers: Results['peers'], date: string): Results => ({
      sessions: [{ date, command: 'x', loadStart: [1, 1, 1], loadEnd: [1, 1, 1] }],
      machine: {} as Results['machine'],
      hako: { version: '0.1.0', jobsFlag: false },
      peers,
      corpora: [],
      rows,
      comparable: [],
    });
    const prev = results(
      [row('hako', { a: 1 }), row('checkov', { b: 1 })],
      [
        { name: 'checkov', version: '3.3.30' },
        { name: 'trivy', skipped: 'a build is under way' },
      ],
      'd1',
    );
    const next = results(
      [row('trivy', { c: 1 }), row('hako', { a: 2 })],
      [{ name: 'trivy', version: '0.74.0' }],
      'd2',
    );
    const m = merge(prev, next);
    expect(m.rows.map((r) => `${r.tool}:${JSON.stringify(r.fired)}`)).toEqual([
      'hako:{"a":2}',
      'checkov:{"b":1}',
      'trivy:{"c":1}',
    ]);
    expect(m.peers).toEqual([
      { name: 'checkov', version: '3.3.30' },
      { name: 'trivy', version: '0.74.0' },
    ]);
    expect(m.sessions.map((s) => s.date)).toEqual(['d1', 'd2']);
  });

  it('markdown tables pad their columns', () => {
    expect(
      mdTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('| a   | bb  |\n| --- | --- |\n| ccc | d   |');
  });
});

describe('SVG plot', () => {
  const spec = {
    title: 'time & memory <k8s>',
    subtitle: 'nproc 2',
    xLabel: 'documents',
    panels: [
      {
        title: 'Wall time',
        yLabel: 'seconds',
        series: [
          {
            name: 'hako',
            points: [
              { x: 1000, y: 1.2 },
              { x: 10_000, y: 9 },
              { x: 50_000, y: 44 },
            ],
          },
          {
            name: 'checkov',
            points: [
              { x: 1000, y: 40 },
              { x: 10_000, y: 420 },
            ],
          },
          { name: 'trivy', points: [{ x: 1000, y: 30 }] },
        ],
      },
      {
        title: 'Peak RSS',
        yLabel: 'MB',
        series: [
          {
            name: 'hako',
            points: [
              { x: 1000, y: 150 },
              { x: 10_000, y: 280 },
            ],
          },
        ],
      },
    ],
  };
  const svg = renderPlot(spec);

  it('is one well-formed SVG document with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('time &amp; memory &lt;k8s&gt;');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // every opened element is closed or self-closed
    const open = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).length;
    const close = (svg.match(/<\/[a-z]+>/g) ?? []).length;
    expect(open).toBe(close);
  });

  it('draws a line per multi-point series, a marker per point, both axis labels and a legend entry per tool', () => {
    expect((svg.match(/<polyline /g) ?? []).length).toBe(3); // hako twice, checkov once (trivy has one point)
    expect((svg.match(/<circle /g) ?? []).length).toBe(3 + 2 + 1 + 2 + 3); // points + legend markers
    for (const s of ['documents', 'seconds', 'MB', 'Wall time', 'Peak RSS', '>hako<', '>checkov<', '>trivy<'])
      expect(svg).toContain(s);
  });

  it('plots on log axes: equal ratios are equal distances', () => {
    const pts = /<polyline[^>]*points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((p) => p.split(',').map(Number));
    const [a, b, c] = pts as [number[], number[], number[]];
    // x: 1k→10k is one decade, 10k→50k is log10(5) of one
    expect((c[0]! - b[0]!) / (b[0]! - a[0]!)).toBeCloseTo(Math.log10(5), 2);
    expect(a[1]!).toBeGreaterThan(c[1]!); // larger values are higher up (smaller y)
  });

  it('a guide panel adds a dashed slope-1 line clipped to the plot area', () => {
    const g = renderPlot({ ...spec, panels: [{ ...spec.panels[0]!, guide: true }] });
    const line = /<line class="guide"[^>]*x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/.exec(g)!;
    expect(line).not.toBeNull();
    expect(g).toContain('<clipPath id="clip0">');
    expect(g).toContain('<title>time &amp; memory &lt;k8s&gt;</title>');
    // slope 1 on equal log scales per decade: it rises as the x axis advances
    expect(Number(line[4])).toBeLessThan(Number(line[2]));
  });

  it('ticks and labels', () => {
    expect(logTicks(1000, 100_000)).toEqual([1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000]);
    expect(logTicks(1, 1e6)).toEqual([1, 10, 100, 1000, 10_000, 100_000, 1e6]);
    expect([fmtTick(50_000), fmtTick(0.5), fmtTick(2e6)]).toEqual(['50k', '0.5', '2M']);
    expect(escapeXml('"a" & <b>')).toBe('&quot;a&quot; &amp; &lt;b&gt;');
  });
});

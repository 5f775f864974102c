/** `hako ecr gate` end to end: the three input kinds, thresholds, the expiring allow-list, exit codes. */
import { describe, expect, it } from 'vitest';
import { hako, tempTree } from '../helpers/cli.js';

interface GateJson {
  passed: boolean;
  counts: Record<string, number>;
  max: Record<string, number>;
  exceeded: { severity: string; count: number; max: number }[];
  allowed: { id: string; reason: string; expires: string; findings: number }[];
  expiredAllowances: { id: string; expires: string; file: string; line: number; findings: number }[];
  allowedFindings: number;
  ignored: number;
  findings: { id: string; severity: string; repository?: string; imageDigest?: string; source: string }[];
  skipped: { file: string; line: number; message: string }[];
  errors: { file: string; line: number; message: string }[];
}

/** `aws ecr describe-image-scan-findings` output: two basic findings and one enhanced one. */
const SCAN = JSON.stringify(
  {
    registryId: '123456789012',
    repositoryName: 'app',
    imageId: { imageDigest: 'sha256:aaa', imageTag: 'v1' },
    imageScanStatus: { status: 'COMPLETE' },
    imageScanFindings: {
      findings: [
        {
          name: 'CVE-2026-0001',
          severity: 'CRITICAL',
          attributes: [{ key: 'package_name', value: 'openssl' }],
        },
        { name: 'CVE-2026-0002', severity: 'HIGH', attributes: [{ key: 'package_name', value: 'zlib' }] },
      ],
      enhancedFindings: [
        {
          findingArn: 'arn:aws:inspector2:us-east-1:123456789012:finding/e1',
          severity: 'HIGH',
          status: 'ACTIVE',
          packageVulnerabilityDetails: {
            vulnerabilityId: 'CVE-2026-0003',
            vulnerablePackages: [{ name: 'glibc' }],
          },
        },
      ],
      findingSeverityCounts: { CRITICAL: 1, HIGH: 2 },
    },
  },
  null,
  2,
);

const inspector = (
  arn: string,
  id: string,
  severity: string,
  status = 'ACTIVE',
  updatedAt = '2026-11-20T00:00:00Z',
) => ({
  findingArn: `arn:aws:inspector2:us-east-1:123456789012:finding/${arn}`,
  severity,
  status,
  type: 'PACKAGE_VULNERABILITY',
  updatedAt,
  packageVulnerabilityDetails: { vulnerabilityId: id, vulnerablePackages: [{ name: 'pkg' }] },
  resources: [
    {
      type: 'AWS_ECR_CONTAINER_IMAGE',
      id: 'arn:aws:ecr:us-east-1:123456789012:repository/app/sha256:bbb',
      details: {
        awsEcrContainerImage: { repositoryName: 'app', imageHash: 'sha256:bbb', imageTags: ['v2'] },
      },
    },
  ],
});

const LIST = JSON.stringify({
  findings: [
    inspector('i1', 'CVE-2026-0010', 'CRITICAL'),
    inspector('i2', 'CVE-2026-0011', 'MEDIUM'),
    inspector('i3', 'CVE-2026-0012', 'HIGH', 'SUPPRESSED'),
  ],
});

const event = (detail: unknown, type = 'Inspector2 Finding') => ({
  version: '0',
  id: 'e',
  'detail-type': type,
  source: 'aws.inspector2',
  account: '123456789012',
  time: '2026-11-27T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail,
});

/** One event per line: i1 is closed by a later event; a scan-complete event carries no finding. */
const EVENTS = [
  event(inspector('i1', 'CVE-2026-0010', 'CRITICAL', 'CLOSED', '2026-11-25T00:00:00Z')),
  event(inspector('i4', 'CVE-2026-0013', 'HIGH')),
  event(
    { 'scan-status': 'INITIAL_SCAN_COMPLETE', 'finding-severity-counts': { HIGH: 1 } },
    'Inspector2 Scan',
  ),
]
  .map((e) => JSON.stringify(e))
  .join('\n');

const gate = (dir: string, args: string[]) => {
  const r = hako(['ecr', 'gate', ...args, '--format', 'json', '--now', '2026-11-28'], { cwd: dir });
  return { code: r.code, out: JSON.parse(r.stdout) as GateJson, stderr: r.stderr };
};

describe('hako ecr gate', () => {
  it('counts describe-image-scan-findings (basic and enhanced) against --max', () => {
    const dir = tempTree({ 'scan.json': SCAN });
    const strict = gate(dir, ['scan.json', '--max', 'critical=0,high=5']);
    expect(strict.code).toBe(1);
    expect(strict.out.counts).toEqual({ critical: 1, high: 2 });
    expect(strict.out.exceeded).toEqual([{ severity: 'critical', count: 1, max: 0 }]);
    expect(strict.out.findings.map((f) => `${f.source} ${f.id} ${f.repository} ${f.imageDigest}`)).toEqual([
      'ecr-basic CVE-2026-0001 app sha256:aaa',
      'ecr-basic CVE-2026-0002 app sha256:aaa',
      'ecr-enhanced CVE-2026-0003 app sha256:aaa',
    ]);
    const loose = gate(dir, ['scan.json', '--max', 'critical=1,high=2']);
    expect(loose.code).toBe(0);
    expect(loose.out.passed).toBe(true);
  });

  it('reads inspector2 list-findings and EventBridge events; the latest event of a finding wins, inactive ones do not count', () => {
    const dir = tempTree({ 'list.json': LIST, 'events.jsonl': EVENTS });
    const { code, out } = gate(dir, ['list.json', 'events.jsonl', '--max', 'critical=0,high=0']);
    expect(code).toBe(1);
    // i1 CLOSED by the later event, i3 SUPPRESSED: not counted
    expect(out.counts).toEqual({ medium: 1, high: 1 });
    expect(out.ignored).toBe(2);
    expect(out.exceeded).toEqual([{ severity: 'high', count: 1, max: 0 }]);
    expect(out.skipped).toEqual([
      {
        file: 'events.jsonl',
        line: 3,
        message: 'event aws.inspector2 "Inspector2 Scan" carries no finding: not counted',
      },
    ]);
  });

  it('an allow-list takes CVEs out of the counts until they expire; expired entries are reported and count again', () => {
    const dir = tempTree({
      'scan.json': SCAN,
      'allow.yaml': [
        'allow:',
        '  - id: CVE-2026-0001',
        '    reason: openssl not reachable from the app (ticket SEC-12)',
        '    expires: 2026-12-31',
        '  - id: CVE-2026-0002',
        '    reason: fixed in base image 2026.11',
        '    expires: 2026-11-27',
        '',
      ].join('\n'),
    });
    const { code, out } = gate(dir, ['scan.json', '--max', 'critical=0,high=1', '--allow', 'allow.yaml']);
    expect(out.allowed).toEqual([
      {
        id: 'CVE-2026-0001',
        reason: 'openssl not reachable from the app (ticket SEC-12)',
        expires: '2026-12-31',
        findings: 1,
      },
    ]);
    expect(out.expiredAllowances).toEqual([
      {
        id: 'CVE-2026-0002',
        reason: 'fixed in base image 2026.11',
        expires: '2026-11-27',
        file: 'allow.yaml',
        line: 5,
        findings: 1,
      },
    ]);
    expect(out.counts).toEqual({ high: 2 });
    expect(code).toBe(1);
    const text = hako(
      [
        'ecr',
        'gate',
        'scan.json',
        '--max',
        'critical=0,high=1',
        '--allow',
        'allow.yaml',
        '--now',
        '2026-11-28',
      ],
      {
        cwd: dir,
      },
    );
    expect(text.stdout).toContain(
      'EXPIRED  allow-list entry CVE-2026-0002 (allow.yaml:5) expired 2026-11-27',
    );
    expect(text.stdout).toMatch(/^high\s+2\s+1\s+EXCEEDED$/m);
    expect(text.stdout).toContain('FAILED');
    // the day of expiry itself still allows
    const onTheDay = hako(
      [
        'ecr',
        'gate',
        'scan.json',
        '--max',
        'critical=0,high=1',
        '--allow',
        'allow.yaml',
        '--now',
        '2026-11-27',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect((JSON.parse(onTheDay.stdout) as GateJson).passed).toBe(true);
    expect(onTheDay.code).toBe(0);
  });

  it('an allow-list entry without a reason or expiry, or a bad --max, is a usage error (exit 2)', () => {
    const dir = tempTree({
      'scan.json': SCAN,
      'allow.json': JSON.stringify([{ id: 'CVE-2026-0001', expires: '2026-12-31' }], null, 2),
    });
    const r = hako(['ecr', 'gate', 'scan.json', '--allow', 'allow.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('allow.json:2: allow-list entry without reason');
    const m = hako(['ecr', 'gate', 'scan.json', '--max', 'severe=1'], { cwd: dir });
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('--max expects SEVERITY=N');
  });

  it('a document it does not recognise is an error with its line (exit 2), never counted as zero', () => {
    const dir = tempTree({ 'x.json': `${SCAN}\n{"something": "else"}\n` });
    const { code, out } = gate(dir, ['x.json']);
    expect(code).toBe(2);
    expect(out.errors.map((e) => `${e.file}:${e.line}`)).toEqual([`x.json:${SCAN.split('\n').length + 1}`]);
  });
});

/** Hand-built scan results for reporter tests: every shape a reporter must handle, in one place. */
import {
  compareFindings,
  emptyCounts,
  type Finding,
  type ScanError,
  type ScanResult,
} from '../../src/result.js';
import { noEquivalents } from '../../src/rules/types.js';

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'ECS-003',
    slug: 'ecs-no-privileged-containers',
    severity: 'critical',
    title: 'Container runs privileged',
    message: 'container "app" runs privileged: it has root on the host',
    messageId: 'privileged',
    resource: { kind: 'TaskDefinition', name: 'web', namespace: null, address: 'web' },
    location: { file: 'infra/task.json', startLine: 5, startColumn: 7, endLine: 5, endColumn: 23 },
    related: [],
    remediation: 'Remove `privileged`.',
    references: ['https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html'],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_334'] }),
    suppressed: null,
    fingerprint: '0123456789abcdef0123456789abcdef',
    ...over,
  };
}

export function resultOf(findings: Finding[], errors: ScanError[] = []): ScanResult {
  const counts = emptyCounts();
  for (const f of findings) if (!f.suppressed) counts[f.severity]++;
  return {
    version: 1,
    findings: [...findings].sort(compareFindings),
    errors,
    summary: {
      files: new Set(findings.map((f) => f.location.file)).size,
      resources: new Set(findings.map((f) => f.resource.address)).size,
      findings: counts,
      suppressed: findings.filter((f) => f.suppressed).length,
      skipped: [],
    },
  };
}

/** A message with everything a report must neutralise: markup, controls, pings, a lone surrogate. */
export const HOSTILE =
  'a|b\nc\r\nd <script>&amp; "q" \'s\' \u0000\u0007\u001b[31m\u007f\u0085 @admin *x* [l](http://e) `c` $x$ \ud800 ]]> ✓ 😀';

/** Findings of every kind: two on one resource, each suppression kind, an unreadable file, a hostile message. */
export function sampleResult(): ScanResult {
  return resultOf(
    [
      finding({
        related: [{ file: 'infra/iam.json', startLine: 3, message: 'execution role defined here' }],
        fingerprint: 'f1000000000000000000000000000000',
      }),
      finding({
        message: 'container "sidecar" runs privileged: it has root on the host',
        location: { file: 'infra/task.json', startLine: 12, startColumn: 7, endLine: 12, endColumn: 23 },
        fingerprint: 'f2000000000000000000000000000000',
      }),
      finding({
        resource: { kind: 'Deployment', name: 'api', namespace: 'prod', address: 'Deployment/prod/api' },
        location: { file: 'k8s/api.yaml', startLine: 20, startColumn: 11, endLine: 20, endColumn: 27 },
        suppressed: { kind: 'annotation', reason: 'needs /dev/fuse' },
        fingerprint: 'f3000000000000000000000000000000',
      }),
      finding({
        severity: 'medium',
        resource: { kind: 'TaskDefinition', name: 'batch', namespace: null, address: 'batch' },
        location: { file: 'infra/batch task.json', startLine: 4, startColumn: 3, endLine: 6, endColumn: 4 },
        suppressed: { kind: 'config', reason: 'legacy; tracked in OPS-12', expires: '2999-01-01' },
        fingerprint: 'f4000000000000000000000000000000',
      }),
      finding({
        severity: 'medium',
        resource: { kind: 'TaskDefinition', name: 'batch', namespace: null, address: 'batch' },
        location: { file: 'infra/batch task.json', startLine: 9, startColumn: 3, endLine: 9, endColumn: 4 },
        fingerprint: 'f5000000000000000000000000000000',
      }),
      finding({
        resource: { kind: 'TaskDefinition', name: 'old', namespace: null, address: 'old' },
        location: { file: 'infra/old.json', startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 },
        suppressed: { kind: 'baseline', reason: 'in baseline' },
        fingerprint: 'f6000000000000000000000000000000',
      }),
      finding({
        ruleId: 'HAKO-001',
        slug: 'hako-inputs-readable',
        severity: 'high',
        title: 'Input could not be read',
        message: 'cannot be read: YAML: bad indentation',
        resource: { kind: 'File', name: 'broken.yaml', namespace: null, address: 'broken.yaml' },
        location: { file: 'broken.yaml', startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 },
        fingerprint: 'f7000000000000000000000000000000',
      }),
      finding({
        ruleId: 'HAKO-002',
        slug: 'hako-suppressions-justified',
        severity: 'low',
        title: 'Suppression without a reason',
        message: HOSTILE,
        resource: { kind: 'ConfigMap', name: 'x|y', namespace: 'a<b>', address: 'ConfigMap/a<b>/x|y' },
        location: { file: '/elsewhere/odd #1.yaml', startLine: 1, startColumn: 1, endLine: 1, endColumn: 9 },
        fingerprint: 'f8000000000000000000000000000000',
      }),
    ],
    [{ file: 'broken.yaml', line: 3, message: 'YAML: bad indentation' }],
  );
}

/** The C0 (but tab, LF, CR), DEL and C1 control characters in `s`, as code points. */
export function controlCharacters(s: string): number[] {
  return [...s]
    .map((c) => c.codePointAt(0)!)
    .filter((n) => (n < 0x20 && n !== 0x09 && n !== 0x0a && n !== 0x0d) || (n >= 0x7f && n <= 0x9f));
}

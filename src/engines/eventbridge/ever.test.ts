// canEverMatch (EKS-016): mistake #40 of /work/shared/domain/aws-container-facts.md, D4's Inspector2
// and ECR event shapes, and the rule that "never" means no event of the documented shape, not just
// "the bundled samples don't match".
import { describe, expect, it } from 'vitest';
import { canEverMatch } from './ever.js';
import { matches } from './match.js';
import { SAMPLE_FILES, sampleEvents } from './shapes.js';

const finding = (detail: Record<string, unknown>): Record<string, unknown> => ({
  source: ['aws.inspector2'],
  'detail-type': ['Inspector2 Finding'],
  detail,
});
const ecr = (detailType: string, detail: Record<string, unknown>): Record<string, unknown> => ({
  source: ['aws.ecr'],
  'detail-type': [detailType],
  detail,
});

const mistake40 = {
  source: ['aws.inspector2'],
  'detail-type': ['Inspector2 Finding - Severity Change'],
  detail: { finding: { severity: ['CRITICAL', 'HIGH'] }, resource: { type: ['AWS_ECR_IMAGE'] } },
};
const correct = finding({ severity: ['CRITICAL', 'HIGH'], resources: { type: ['AWS_ECR_CONTAINER_IMAGE'] } });

describe('mistake #40', () => {
  it('reports the detail-type, the finding.severity path and the resource.type path/value', () => {
    const r = canEverMatch(mistake40, sampleEvents());
    expect(r.ok).toBe(false);
    expect(r.reasons).toHaveLength(3);
    expect(r.reasons[0]).toMatch(
      /^detail-type \["Inspector2 Finding - Severity Change"\] never matches; real/,
    );
    expect(r.reasons[0]).toContain('"Inspector2 Finding"');
    expect(r.reasons[1]).toMatch(
      /^detail\.finding\.severity never exists.*documented field is detail\.severity$/,
    );
    expect(r.reasons[2]).toMatch(/^detail\.resource\.type never exists.*detail\.resources\.type/);
    expect(r.reasons[2]).toContain('AWS_ECR_IMAGE');
    expect(r.reasons[2]).toContain('AWS_ECR_CONTAINER_IMAGE');
    // the same reasons in Japanese, one for one, values as written
    expect(r.reasonsJa).toHaveLength(r.reasons.length);
    expect(r.reasonsJa[2]).toContain('AWS_ECR_CONTAINER_IMAGE');
    expect(r.reasonsJa[2]).toContain('ドキュメントにある');
  });

  it('accepts the corrected pattern, which also matches the sample finding', () => {
    expect(canEverMatch(correct, sampleEvents())).toEqual({ ok: true, reasons: [], reasonsJa: [] });
    expect(matches(correct, sampleEvents()[0])).toBe(true);
  });

  it('works on pattern text and with the default samples', () => {
    expect(canEverMatch(JSON.stringify(mistake40)).reasons).toHaveLength(3);
  });
});

const cases: [string, unknown, boolean, string?][] = [
  ['severity outside the enum', finding({ severity: ['SEVERE'] }), false, 'documented values'],
  ['severity prefix that fits CRITICAL', finding({ severity: [{ prefix: 'CRIT' }] }), true],
  ['severity ignoring case', finding({ severity: [{ 'equals-ignore-case': 'critical' }] }), true],
  [
    'anything-but every documented severity',
    finding({
      severity: [{ 'anything-but': ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNTRIAGED'] }],
    }),
    false,
    'documented values',
  ],
  ['severity exists', finding({ severity: [{ exists: true }] }), true],
  ['status RESOLVED', finding({ status: ['RESOLVED'] }), false, 'detail.status'],
  ['status ACTIVE', finding({ status: ['ACTIVE'] }), true],
  ['type PACKAGE_VULNERABILITY', finding({ type: ['PACKAGE_VULNERABILITY'] }), true],
  ['type VULNERABILITY', finding({ type: ['VULNERABILITY'] }), false, 'detail.type'],
  [
    'resource type AWS_ECR_IMAGE',
    finding({ resources: { type: ['AWS_ECR_IMAGE'] } }),
    false,
    'AWS_ECR_IMAGE',
  ],
  ['resource type Lambda (not in samples)', finding({ resources: { type: ['AWS_LAMBDA_FUNCTION'] } }), true],
  ['severity LOW (sample is CRITICAL)', finding({ severity: ['LOW'] }), true],
  [
    'repository name in another repo',
    finding({ resources: { details: { awsEcrContainerImage: { repositoryName: ['other/repo'] } } } }),
    true,
  ],
  [
    'numeric on repository name',
    finding({
      resources: { details: { awsEcrContainerImage: { repositoryName: [{ numeric: ['>', 1] }] } } },
    }),
    false,
    'holds string',
  ],
  ['inspectorScore range', finding({ inspectorScore: [{ numeric: ['>=', 9] }] }), true],
  ['inspectorScore as a string', finding({ inspectorScore: ['9.8'] }), false, 'holds number'],
  ['absent path with exists:false', finding({ finding: { severity: [{ exists: false }] } }), true],
  ['value filter on the resources object', finding({ resources: ['x'] }), false, 'is an object'],
  ['resource field outside Resource', finding({ resources: { kind: ['image'] } }), false, 'never exists'],
  [
    'undocumented deeper field (open object)',
    finding({ packageVulnerabilityDetails: { epssScore: [1] } }),
    true,
  ],
  ['custom source', { source: ['my.app'], 'detail-type': ['Inspector2 Finding - Severity Change'] }, true],
  ['no source', { 'detail-type': ['Inspector2 Finding - Severity Change'] }, true],
  ['source by prefix', { source: [{ prefix: 'aws.' }], 'detail-type': ['Nope'] }, true],
  ['known and custom source', { source: ['aws.inspector2', 'my.app'], 'detail-type': ['Nope'] }, true],
  [
    'documented type without a shape',
    { source: ['aws.inspector2'], 'detail-type': ['Inspector2 Coverage'] },
    true,
  ],
  [
    'CloudTrail-delivered API call',
    {
      source: ['aws.inspector2'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventName: ['Enable'] },
    },
    true,
  ],
  [
    'detail-type ignoring case',
    { source: ['aws.inspector2'], 'detail-type': [{ 'equals-ignore-case': 'inspector2 finding' }] },
    true,
  ],
  [
    'detail-type prefix past the name',
    { source: ['aws.inspector2'], 'detail-type': [{ prefix: 'Inspector2 Finding -' }] },
    false,
    'detail-type',
  ],
  [
    'ECR detail-type not listed (list not complete)',
    { source: ['aws.ecr'], 'detail-type': ['ECR Something New'] },
    true,
  ],
  [
    'ECR basic scan counts',
    ecr('ECR Image Scan', { 'finding-severity-counts': { CRITICAL: [{ numeric: ['>', 0] }] } }),
    true,
  ],
  [
    'ECR basic scan severity key SEVERE',
    ecr('ECR Image Scan', { 'finding-severity-counts': { SEVERE: [{ numeric: ['>', 0] }] } }),
    false,
    'never exists',
  ],
  [
    'ECR basic scan count as string',
    ecr('ECR Image Scan', { 'finding-severity-counts': { CRITICAL: ['1'] } }),
    false,
    'holds number',
  ],
  ['ECR basic scan-status COMPLETE', ecr('ECR Image Scan', { 'scan-status': ['COMPLETE'] }), true],
  ['ECR image push', ecr('ECR Image Action', { 'action-type': ['PUSH'], result: ['SUCCESS'] }), true],
  ['ECR image action PUSHED', ecr('ECR Image Action', { 'action-type': ['PUSHED'] }), false, 'PUSH, DELETE'],
  [
    'ECR image action camelCase field',
    ecr('ECR Image Action', { actionType: ['PUSH'] }),
    false,
    'never exists',
  ],
  [
    'Inspector2 Scan COMPLETE',
    {
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Scan'],
      detail: { 'scan-status': ['COMPLETE'] },
    },
    false,
    'INITIAL_SCAN_COMPLETE',
  ],
  [
    'Inspector2 Scan for a repository',
    {
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Scan'],
      detail: { 'repository-name': [{ suffix: '/api' }] },
    },
    true,
  ],
  [
    'envelope key with wrong case',
    { source: ['aws.ecr'], 'Detail-Type': ['ECR Image Scan'] },
    false,
    'Detail-Type',
  ],
  ['top-level key outside the envelope, any source', { Source: ['aws.ecr'] }, false, 'never exists'],
  ['top-level key outside the envelope with exists:false', { extra: [{ exists: false }] }, true],
  ['value filter on detail itself', { source: ['aws.ecr'], detail: ['x'] }, false, 'always an object'],
  ['nested pattern under source', { source: { name: ['aws.ecr'] } }, false, 'string field'],
  ['numeric on account', { account: [{ numeric: ['>', 1] }] }, false, 'always a string'],
  ['account exact', { account: ['111111111111'] }, true],
  ['replayed events', { source: ['aws.ecr'], 'replay-name': [{ exists: true }] }, true],
  [
    '$or with one good branch',
    {
      source: ['aws.inspector2'],
      $or: [{ 'detail-type': ['Inspector2 Finding'] }, { 'detail-type': ['Bad'] }],
    },
    true,
  ],
  [
    '$or with two bad branches',
    {
      source: ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
      $or: [{ detail: { severity: ['X'] } }, { detail: { status: ['Y'] } }],
    },
    false,
    'detail.status',
  ],
  ['invalid pattern', { source: 'aws.inspector2' }, false, 'invalid pattern'],
];

describe('canEverMatch', () => {
  it.each(cases)('%s', (_name, pattern, ok, fragment) => {
    const r = canEverMatch(pattern, sampleEvents());
    expect(r.ok).toBe(ok);
    if (fragment) expect(r.reasons.join(' | ')).toContain(fragment);
    if (ok) expect(r.reasons).toEqual([]);
  });

  it('learns paths and types of extra samples', () => {
    const sample = { source: 'my.app', 'detail-type': 'Thing', detail: { n: 3 } };
    const pattern = { source: ['my.app'], 'detail-type': ['Thing'], detail: { n: ['3'] } };
    expect(canEverMatch(pattern, [sample]).ok).toBe(false);
    expect(canEverMatch({ ...pattern, detail: { n: [4] } }, [sample]).ok).toBe(true);
  });
});

describe('bundled sample events', () => {
  it.each(SAMPLE_FILES.map((f, i) => [f, i] as const))('%s matches its own source/detail-type', (_f, i) => {
    const e = sampleEvents()[i] as Record<string, unknown>;
    expect(e._source).toBeUndefined();
    const pattern = { source: [e.source], 'detail-type': [e['detail-type']] };
    expect(matches(pattern, e)).toBe(true);
    expect(canEverMatch(pattern).ok).toBe(true);
  });
});

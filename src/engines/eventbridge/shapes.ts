/**
 * Documented shapes of the AWS events hako checks patterns against (EKS-016), and the bundled
 * sample events in src/data/events/. Sources:
 * - envelope keys: EventBridge User Guide `eb-events` (`version`, `id`, `detail-type`, `source`,
 *   `account`, `time`, `region`, `resources`, `detail`; `replay-name` on replayed events);
 * - aws.inspector2 detail-types: EventBridge events reference
 *   `https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-inspector2.html` (Inspector Finding,
 *   Inspector Scan, Inspector2 Finding, Inspector2 Scan, Inspector2 Coverage, Inspector2 AutoEnable,
 *   plus CloudTrail-delivered events);
 * - Inspector2 Finding detail = the inspector2 `Finding` shape, `resources[]` = `Resource`; enums
 *   `Severity`, `FindingStatus`, `FindingType`, `ResourceType`, `ExploitAvailable`, `FixAvailable`
 *   (`[botocore:inspector2]`, D4 of /work/shared/domain/aws-container-facts.md);
 * - Inspector2 Scan, ECR Image Scan, ECR Image Action detail keys: ECR User Guide pages
 *   `image-scanning-enhanced-events.html` and `ecr-eventbridge.html`; ECR severity keys are the ecr
 *   `FindingSeverity` enum (`[botocore:ecr]`).
 * A `closed` object lists every key the docs give it, so any other key never appears there.
 */
import { readFileSync } from 'node:fs';
import { isRecord } from './json.js';

export interface ShapeDoc {
  source: string;
  detailType: string;
  doc: string;
  /** Object paths (dotted, arrays transparent) whose complete key list is documented. */
  closed: Record<string, readonly string[]>;
  /** Leaf paths whose values form a documented closed set. */
  enums: Record<string, readonly string[]>;
}

export interface SourceDoc {
  source: string;
  detailTypes: readonly string[];
  /** True when the list of detail-types is documented as complete for the source. */
  complete: boolean;
  doc: string;
}

export const ENVELOPE_KEYS = [
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
  'replay-name',
] as const;

const CLOUDTRAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Service Event via CloudTrail',
  'AWS Console Action via CloudTrail',
];

export const SOURCES: readonly SourceDoc[] = [
  {
    source: 'aws.inspector2',
    detailTypes: [
      'Inspector Finding',
      'Inspector Scan',
      'Inspector2 Finding',
      'Inspector2 Scan',
      'Inspector2 Coverage',
      'Inspector2 AutoEnable',
      ...CLOUDTRAIL_TYPES,
    ],
    complete: true,
    doc: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-inspector2.html',
  },
  {
    source: 'aws.ecr',
    detailTypes: [
      'ECR Image Action',
      'ECR Image Scan',
      'ECR Scan Resource Change',
      'ECR Pull Through Cache Action',
      'ECR Replication Action',
      ...CLOUDTRAIL_TYPES,
    ],
    // Not checked against a complete list: an unlisted detail-type is not reported.
    complete: false,
    doc: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html',
  },
];

const SEVERITY = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNTRIAGED'];
const ECR_SEVERITY = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'UNDEFINED'];
const ECR_IMAGE_DETAIL = [
  'scan-status',
  'repository-name',
  'finding-severity-counts',
  'image-digest',
  'image-tags',
];

export const SHAPES: readonly ShapeDoc[] = [
  {
    source: 'aws.inspector2',
    detailType: 'Inspector2 Finding',
    doc: 'https://docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html',
    closed: {
      detail: [
        'awsAccountId',
        'codeVulnerabilityDetails',
        'description',
        'epss',
        'exploitAvailable',
        'exploitabilityDetails',
        'findingArn',
        'firstObservedAt',
        'fixAvailable',
        'inspectorScore',
        'inspectorScoreDetails',
        'lastObservedAt',
        'networkReachabilityDetails',
        'packageVulnerabilityDetails',
        'remediation',
        'resources',
        'severity',
        'status',
        'title',
        'type',
        'updatedAt',
      ],
      'detail.resources': ['details', 'id', 'partition', 'region', 'tags', 'type'],
    },
    enums: {
      'detail.severity': SEVERITY,
      'detail.status': ['ACTIVE', 'SUPPRESSED', 'CLOSED'],
      'detail.type': ['NETWORK_REACHABILITY', 'PACKAGE_VULNERABILITY', 'CODE_VULNERABILITY'],
      'detail.resources.type': [
        'AWS_EC2_INSTANCE',
        'AWS_ECR_CONTAINER_IMAGE',
        'AWS_ECR_REPOSITORY',
        'AWS_LAMBDA_FUNCTION',
        'CODE_REPOSITORY',
      ],
      'detail.exploitAvailable': ['YES', 'NO'],
      'detail.fixAvailable': ['YES', 'NO', 'PARTIAL'],
    },
  },
  {
    source: 'aws.inspector2',
    detailType: 'Inspector2 Scan',
    doc: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced-events.html',
    closed: { detail: ECR_IMAGE_DETAIL },
    enums: { 'detail.scan-status': ['INITIAL_SCAN_COMPLETE'] },
  },
  {
    source: 'aws.ecr',
    detailType: 'ECR Image Scan',
    doc: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html',
    closed: { detail: ECR_IMAGE_DETAIL, 'detail.finding-severity-counts': ECR_SEVERITY },
    enums: {},
  },
  {
    source: 'aws.ecr',
    detailType: 'ECR Image Action',
    doc: 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html',
    closed: { detail: ['result', 'repository-name', 'image-digest', 'action-type', 'image-tag'] },
    enums: { 'detail.action-type': ['PUSH', 'DELETE'] },
  },
];

export const SAMPLE_FILES = [
  'inspector2-finding-ecr.json',
  'inspector2-scan-ecr.json',
  'ecr-image-scan-basic.json',
  'ecr-image-action-push.json',
] as const;

/** Reads one bundled sample event, without its `_source` header. */
export function loadSample(file: (typeof SAMPLE_FILES)[number]): Record<string, unknown> {
  const parsed: unknown = JSON.parse(
    readFileSync(new URL(`../../data/events/${file}`, import.meta.url), 'utf8'),
  );
  if (!isRecord(parsed)) throw new Error(`${file}: not a JSON object`);
  const { _source, ...event } = parsed;
  return event;
}

let cached: Record<string, unknown>[] | undefined;

/** The bundled realistic events (Inspector2 Finding/Scan for ECR, ECR Image Scan/Action). */
export function sampleEvents(): Record<string, unknown>[] {
  cached ??= SAMPLE_FILES.map(loadSample);
  return cached;
}

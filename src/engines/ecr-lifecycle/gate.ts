/**
 * `hako ecr gate`: counts the vulnerability findings of ECR image scans and fails when a severity
 * exceeds its threshold. Inputs (aws-container-facts.md D3, D4), recognised by shape, one or more
 * JSON values per file (concatenated or one per line):
 * - `aws ecr describe-image-scan-findings` output: basic `imageScanFindings.findings[]` (`name` is
 *   the CVE) and enhanced `imageScanFindings.enhancedFindings[]` (Inspector findings);
 * - `aws inspector2 list-findings` output (`findings[]`);
 * - EventBridge events with `source: aws.inspector2`, `detail-type: Inspector2 Finding` (alone, in
 *   a list, or one per line); other detail types (`Inspector2 Scan` carries counts, no CVE) are
 *   listed as skipped, never counted silently as zero.
 * A finding seen several times (pages, successive events) counts once: by `findingArn`, the latest
 * `updatedAt` winning (so a finding an event later CLOSED no longer counts). Only ACTIVE findings
 * count; SUPPRESSED and CLOSED ones are reported as not active. An allow-list entry (`id`, `reason`,
 * `expires: YYYY-MM-DD`, valid through that day as `.hako.yaml` ignores are) takes its findings out
 * of the counts; an expired entry no longer does, and is reported.
 */
import { splitJsonValues } from '../../adapters/ecr/images.js';
import { at, isMap, isScalar, isSeq, type Node } from '../../parse/tree.js';
import { parseYaml } from '../../parse/yaml.js';

export const SEVERITY_KEYS = [
  'critical',
  'high',
  'medium',
  'low',
  'informational',
  'untriaged',
  'undefined',
] as const;
export type SeverityKey = (typeof SEVERITY_KEYS)[number];

export interface GateFinding {
  /** The vulnerability ID (CVE, GHSA, ...), or the title when the finding has none. */
  id: string;
  severity: SeverityKey;
  status: string;
  repository?: string;
  imageDigest?: string;
  imageTags: string[];
  packages: string[];
  source: 'ecr-basic' | 'ecr-enhanced' | 'inspector2' | 'eventbridge';
  file: string;
  line: number;
  /** Identity for de-duplication (`findingArn` when there is one). */
  key: string;
  updatedAt?: number;
}

export interface InputProblem {
  file: string;
  line: number;
  message: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function severityOf(v: unknown): SeverityKey | undefined {
  const s = str(v)?.toLowerCase();
  return (SEVERITY_KEYS as readonly string[]).includes(s ?? '') ? (s as SeverityKey) : undefined;
}

/** An Inspector finding (list-findings, enhancedFindings, an event's detail). */
function inspectorFinding(
  f: Json,
  source: GateFinding['source'],
  file: string,
  line: number,
  image: { repository?: string; digest?: string; tags?: string[] },
  problems: InputProblem[],
): GateFinding | undefined {
  const vuln = obj(f.packageVulnerabilityDetails);
  const id = str(vuln?.vulnerabilityId) ?? str(f.title) ?? str(f.findingArn);
  const severity = severityOf(f.severity);
  if (id === undefined || severity === undefined) {
    problems.push({
      file,
      line,
      message: `an Inspector finding without ${id === undefined ? 'packageVulnerabilityDetails.vulnerabilityId or title' : `a known severity (got ${JSON.stringify(f.severity)})`}: not counted`,
    });
    return undefined;
  }
  const resources = Array.isArray(f.resources) ? f.resources : [];
  const ecrImage = resources
    .map((r) => obj(obj(obj(r)?.details)?.awsEcrContainerImage))
    .find((x) => x !== undefined);
  const packages = (Array.isArray(vuln?.vulnerablePackages) ? vuln.vulnerablePackages : [])
    .map((p) => str(obj(p)?.name))
    .filter((p): p is string => p !== undefined);
  const repository = str(ecrImage?.repositoryName) ?? image.repository;
  const imageDigest = str(ecrImage?.imageHash) ?? image.digest;
  const updated = str(f.updatedAt) ?? str(f.lastObservedAt);
  const out: GateFinding = {
    id,
    severity,
    status: str(f.status)?.toUpperCase() ?? 'ACTIVE',
    imageTags: ecrImage ? strs(ecrImage.imageTags) : (image.tags ?? []),
    packages,
    source,
    file,
    line,
    key: str(f.findingArn) ?? `${repository}\u0000${imageDigest}\u0000${id}\u0000${packages.join(',')}`,
  };
  if (repository !== undefined) out.repository = repository;
  if (imageDigest !== undefined) out.imageDigest = imageDigest;
  if (updated !== undefined && !Number.isNaN(Date.parse(updated))) out.updatedAt = Date.parse(updated);
  return out;
}

/** Every finding in one file; problems (unrecognised documents, findings without ID/severity) located. */
export function readGateFindings(
  file: string,
  text: string,
): { findings: GateFinding[]; errors: InputProblem[]; skipped: InputProblem[] } {
  const findings: GateFinding[] = [];
  const errors: InputProblem[] = [];
  const skipped: InputProblem[] = [];
  let line = 1;
  let offset = 0;
  const values = splitJsonValues(text);
  if (values.length === 0) errors.push({ file, line: 1, message: 'no JSON value: nothing to count' });
  for (const { start, end } of values) {
    for (let i = offset; i < start; i++) if (text.charCodeAt(i) === 10) line++;
    offset = start;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end));
    } catch (e) {
      errors.push({ file, line, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    for (const doc of Array.isArray(value) ? value : [value])
      readDocument(doc, file, line, findings, errors, skipped);
  }
  return { findings, errors, skipped };
}

function readDocument(
  doc: unknown,
  file: string,
  line: number,
  findings: GateFinding[],
  errors: InputProblem[],
  skipped: InputProblem[],
): void {
  const o = obj(doc);
  if (!o) {
    errors.push({ file, line, message: 'not a scan-findings document (expected a JSON object)' });
    return;
  }
  const push = (f: GateFinding | undefined) => {
    if (f) findings.push(f);
  };
  const scan = obj(o.imageScanFindings);
  if (scan) {
    const imageId = obj(o.imageId);
    const image = {
      repository: str(o.repositoryName),
      digest: str(imageId?.imageDigest),
      tags: str(imageId?.imageTag) !== undefined ? [str(imageId?.imageTag) as string] : [],
    };
    for (const raw of Array.isArray(scan.findings) ? scan.findings : []) {
      const f = obj(raw);
      const id = str(f?.name);
      const severity = severityOf(f?.severity);
      if (!f || id === undefined || severity === undefined) {
        errors.push({
          file,
          line,
          message: 'a basic scan finding without name or a known severity: not counted',
        });
        continue;
      }
      const attrs = Array.isArray(f.attributes) ? f.attributes.map(obj) : [];
      const packages = attrs
        .filter((a) => a?.key === 'package_name')
        .map((a) => str(a?.value))
        .filter((p): p is string => p !== undefined);
      findings.push({
        id,
        severity,
        status: 'ACTIVE',
        ...(image.repository !== undefined ? { repository: image.repository } : {}),
        ...(image.digest !== undefined ? { imageDigest: image.digest } : {}),
        imageTags: image.tags,
        packages,
        source: 'ecr-basic',
        file,
        line,
        key: `${image.repository}\u0000${image.digest}\u0000${id}\u0000${packages.join(',')}`,
      });
    }
    for (const raw of Array.isArray(scan.enhancedFindings) ? scan.enhancedFindings : []) {
      const f = obj(raw);
      if (f) push(inspectorFinding(f, 'ecr-enhanced', file, line, image, errors));
    }
    return;
  }
  if (o.source !== undefined && o['detail-type'] !== undefined) {
    if (o.source === 'aws.inspector2' && o['detail-type'] === 'Inspector2 Finding') {
      const d = obj(o.detail);
      if (d) push(inspectorFinding(d, 'eventbridge', file, line, {}, errors));
      else errors.push({ file, line, message: 'an Inspector2 Finding event without detail: not counted' });
    } else
      skipped.push({
        file,
        line,
        message: `event ${String(o.source)} "${String(o['detail-type'])}" carries no finding: not counted`,
      });
    return;
  }
  if (Array.isArray(o.findings)) {
    for (const raw of o.findings) {
      const f = obj(raw);
      if (f) push(inspectorFinding(f, 'inspector2', file, line, {}, errors));
    }
    return;
  }
  errors.push({
    file,
    line,
    message:
      'not a scan-findings document (describe-image-scan-findings, inspector2 list-findings or an Inspector2 Finding event)',
  });
}

/** `critical=0,high=5` → thresholds; unknown severities and non-integers are errors. */
export function parseMax(s: string): Partial<Record<SeverityKey, number>> {
  const out: Partial<Record<SeverityKey, number>> = {};
  for (const part of s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-zA-Z]+)=(\d+)$/.exec(part);
    const key = m?.[1]?.toLowerCase();
    if (!m || !(SEVERITY_KEYS as readonly string[]).includes(key ?? ''))
      throw new Error(
        `--max expects SEVERITY=N[,SEVERITY=N...] with SEVERITY one of ${SEVERITY_KEYS.join(', ')}; got "${part}"`,
      );
    out[key as SeverityKey] = Number(m[2]);
  }
  return out;
}

export interface AllowEntry {
  id: string;
  reason: string;
  expires: string;
  file: string;
  line: number;
}

/** The allow-list: a list of entries, or `{allow: [...]}`; every entry needs id, reason and expiry. */
export function parseAllowList(
  file: string,
  text: string,
): { entries: AllowEntry[]; errors: InputProblem[] } {
  const parsed = parseYaml(file, text);
  const errors: InputProblem[] = parsed.errors.map((e) => ({ file, line: e.line, message: e.message }));
  const entries: AllowEntry[] = [];
  const root = parsed.docs[0]?.node;
  const list: Node | undefined = isMap(root) ? at(root, 'allow') : root;
  if (!isSeq(list)) {
    if (errors.length === 0)
      errors.push({
        file,
        line: root?.src.startLine ?? 1,
        message: 'allow-list: expected a list of {id, reason, expires} (or a map with an `allow` list)',
      });
    return { entries, errors };
  }
  for (const item of list.items) {
    const line = item.src.startLine;
    const field = (k: string) => {
      const v = at(item, k);
      return isScalar(v) && v.value !== null && String(v.value).trim() !== ''
        ? String(v.value).trim()
        : undefined;
    };
    const id = field('id') ?? field('cve');
    const reason = field('reason');
    const expires = field('expires');
    const missing = [id ? '' : 'id', reason ? '' : 'reason', expires ? '' : 'expires'].filter(Boolean);
    if (!isMap(item) || missing.length > 0) {
      errors.push({
        file,
        line,
        message: `allow-list entry without ${missing.join(', ') || 'fields'}: every entry needs id, reason and expires`,
      });
      continue;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expires as string) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
      errors.push({
        file,
        line: at(item, 'expires')?.src.startLine ?? line,
        message: `allow-list entry ${id}: expires must be a date YYYY-MM-DD, got "${expires}"`,
      });
      continue;
    }
    entries.push({ id: id as string, reason: reason as string, expires: expires as string, file, line });
  }
  return { entries, errors };
}

export interface GateResult {
  passed: boolean;
  counts: Partial<Record<SeverityKey, number>>;
  max: Partial<Record<SeverityKey, number>>;
  exceeded: { severity: SeverityKey; count: number; max: number }[];
  allowed: { id: string; reason: string; expires: string; findings: number }[];
  expiredAllowances: {
    id: string;
    reason: string;
    expires: string;
    file: string;
    line: number;
    findings: number;
  }[];
  /** Findings the allow-list took out of the counts. */
  allowedFindings: number;
  /** Findings that are SUPPRESSED or CLOSED (not counted). */
  ignored: number;
  /** The counted findings (after de-duplication and the allow-list). */
  findings: Omit<GateFinding, 'key' | 'updatedAt'>[];
}

export function evaluateGate(
  all: readonly GateFinding[],
  max: Partial<Record<SeverityKey, number>>,
  allow: readonly AllowEntry[],
  now: number,
): GateResult {
  const latest = new Map<string, GateFinding>();
  for (const f of all) {
    const prev = latest.get(f.key);
    if (!prev || (f.updatedAt ?? 0) >= (prev.updatedAt ?? 0)) latest.set(f.key, f);
  }
  const today = new Date(now).toISOString().slice(0, 10);
  const active = new Map<string, AllowEntry>();
  const expired = new Map<string, AllowEntry>();
  for (const a of allow) (a.expires < today ? expired : active).set(a.id, a);
  const allowedCount = new Map<string, number>();
  const expiredCount = new Map<string, number>();
  const counts: Partial<Record<SeverityKey, number>> = {};
  const counted: GateResult['findings'] = [];
  let ignored = 0;
  let allowedFindings = 0;
  for (const f of latest.values()) {
    if (f.status !== 'ACTIVE') {
      ignored++;
      continue;
    }
    if (active.has(f.id)) {
      allowedFindings++;
      allowedCount.set(f.id, (allowedCount.get(f.id) ?? 0) + 1);
      continue;
    }
    if (expired.has(f.id)) expiredCount.set(f.id, (expiredCount.get(f.id) ?? 0) + 1);
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
    const { key: _key, updatedAt: _updated, ...shown } = f;
    counted.push(shown);
  }
  const exceeded = SEVERITY_KEYS.flatMap((s) => {
    const m = max[s];
    const c = counts[s] ?? 0;
    return m !== undefined && c > m ? [{ severity: s, count: c, max: m }] : [];
  });
  return {
    passed: exceeded.length === 0,
    counts,
    max,
    exceeded,
    allowed: [...active.values()].map((a) => ({
      id: a.id,
      reason: a.reason,
      expires: a.expires,
      findings: allowedCount.get(a.id) ?? 0,
    })),
    expiredAllowances: [...expired.values()].map((a) => ({
      id: a.id,
      reason: a.reason,
      expires: a.expires,
      file: a.file,
      line: a.line,
      findings: expiredCount.get(a.id) ?? 0,
    })),
    allowedFindings,
    ignored,
    findings: counted,
  };
}

/**
 * `--format sarif`: one SARIF 2.1.0 run, shaped for GitHub code scanning.
 *
 * - `tool.driver.rules` lists every rule hako has (not only those that fired), so a result's
 *   `ruleIndex` is stable and an upload also documents the rules that passed.
 * - `properties["security-severity"]` on each rule is what GitHub turns into the alert's
 *   critical/high/medium/low label; `level` only says error/warning/note.
 * - Paths are relative URIs against `%SRCROOT%` (the directory hako ran in, in
 *   `originalUriBaseIds`); a file outside it keeps an absolute `file:` URI.
 * - `partialFingerprints["hako/v1"]` is the finding's line-independent fingerprint, so an alert
 *   survives edits above it.
 * - Suppressed findings stay, with `suppressions` (inSource for annotations and comments,
 *   external for the config file and baselines); the others carry an empty list, which SARIF
 *   reads as "not suppressed".
 * - Files hako could not read are `toolExecutionNotifications` of the invocation (they are also
 *   HAKO-001 results).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  ArtifactLocation,
  CodeFlow,
  Log,
  Notification,
  Region,
  ReportingConfiguration,
  ReportingDescriptor,
  Result,
  Suppression as SarifSuppression,
} from 'sarif';
import type { Finding, ScanResult, Suppression } from '../result.js';
import { allRules } from '../rules/index.js';
import type { Lang, RuleMeta, Severity } from '../rules/types.js';
import type { ReportOptions } from './index.js';
import { LABELS } from './labels.js';
import { collect, LazyArray, type Sink, writeJson } from './stream.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const HAKO_HOME = 'https://hako.dev';
/** The key of hako's fingerprint in `partialFingerprints`; bump the suffix if its recipe changes. */
export const FINGERPRINT_KEY = 'hako/v1';
const SRCROOT = '%SRCROOT%';

/** @internal (typed with the dev-only `sarif` types: not in the published .d.ts) */
export const SARIF_LEVEL: Record<Severity, ReportingConfiguration.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low, 0 none. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/**
 * Rule metadata has no precision yet; hako's rules evaluate the model rather than match text, so
 * `high` is the honest default until rules declare their own.
 */
const PRECISION = 'high';

const SUPPRESSION_KIND: Record<Suppression['kind'], SarifSuppression.kind> = {
  annotation: 'inSource',
  comment: 'inSource',
  config: 'external',
  baseline: 'external',
};

const LANGUAGE: Record<Lang, string> = { en: 'en-US', ja: 'ja-JP' };

export function renderSarif(result: ScanResult, opts: ReportOptions): string {
  return collect((out) => streamSarif(result, opts, out));
}

/** The SARIF log written result by result: no string or array holds the whole report. */
export function streamSarif(result: ScanResult, opts: ReportOptions, out: Sink): void {
  const log = sarifLog(result, opts, (toResult) => {
    const findings = result.findings;
    return new LazyArray(
      findings.length,
      function* () {
        for (const f of findings) yield toResult(f);
      },
      true,
    ) as unknown as Result[];
  });
  writeJson(log, out);
  out('\n');
}

/** @internal (typed with the dev-only `sarif` types: not in the published .d.ts) */
export function buildSarif(result: ScanResult, opts: ReportOptions): Log {
  return sarifLog(result, opts, (toResult) => result.findings.map(toResult));
}

function sarifLog(
  result: ScanResult,
  opts: ReportOptions,
  resultsOf: (toResult: (f: Finding) => Result) => Result[],
): Log {
  const root = path.resolve(opts.root ?? process.cwd());
  // one location per file, computed once (a copy each time: the log shares no objects)
  const locations = new Map<string, ArtifactLocation>();
  const where = (file: string): ArtifactLocation => {
    let at = locations.get(file);
    if (!at) {
      at = artifactLocation(file, root);
      locations.set(file, at);
    }
    return { ...at };
  };
  const ruleIndex = new Map(allRules.map((r, i) => [r.meta.id, i]));

  const results = resultsOf((f): Result => {
    // built key by key in the order of the log (no spreads of optional parts: one shape per result)
    const r = { ruleId: f.ruleId } as Result;
    const index = ruleIndex.get(f.ruleId);
    if (index !== undefined) r.ruleIndex = index;
    r.level = SARIF_LEVEL[f.severity];
    r.message = { text: f.message };
    r.locations = [
      {
        physicalLocation: { artifactLocation: where(f.location.file), region: region(f.location) },
        logicalLocations: [
          {
            name: f.resource.name,
            fullyQualifiedName: f.resource.address || f.resource.name,
            kind: 'resource',
          },
        ],
      },
    ];
    if (f.related.length > 0) {
      r.relatedLocations = f.related.map((x, i) => ({
        id: i + 1,
        physicalLocation: {
          artifactLocation: where(x.file),
          region: { startLine: Math.max(1, x.startLine) },
        },
        message: { text: x.message },
      }));
      const flows = codeFlows(f, where);
      if (flows) r.codeFlows = flows;
    }
    r.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
    r.suppressions = f.suppressed ? [suppression(f.suppressed)] : [];
    r.properties = { severity: f.severity, messageId: f.messageId, resource: { ...f.resource } };
    return r;
  });

  const hako001 = ruleIndex.get('HAKO-001');
  const notifications = result.errors.map(
    (e): Notification => ({
      level: 'error',
      message: { text: e.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: where(e.file),
            region: { startLine: Math.max(1, e.line) },
          },
        },
      ],
      ...(hako001 === undefined ? {} : { associatedRule: { id: 'HAKO-001', index: hako001 } }),
    }),
  );

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hako',
            version: opts.version,
            semanticVersion: opts.version,
            informationUri: HAKO_HOME,
            language: LANGUAGE[opts.lang],
            rules: allRules.map((r) => ruleDescriptor(r.meta, opts.lang)),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: {
          [SRCROOT]: {
            uri: pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href,
            description: { text: 'The directory hako was run from; result paths are relative to it.' },
          },
        },
        language: LANGUAGE[opts.lang],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/**
 * A finding whose `related` entries are an ordered path (message IDs `hop…`, RBAC-008: subject →
 * binding → role → ServiceAccount → IAM role → actions) also gets one code flow: a thread flow
 * with those hops in order, so viewers can step through the path.
 */
function codeFlows(
  f: Finding,
  where: (file: string) => ReturnType<typeof artifactLocation>,
): CodeFlow[] | undefined {
  const hops = f.related.filter((r) => r.messageId?.startsWith('hop'));
  if (hops.length < 2) return undefined;
  return [
    {
      threadFlows: [
        {
          locations: hops.map((r, i) => ({
            executionOrder: i + 1,
            location: {
              physicalLocation: {
                artifactLocation: where(r.file),
                region: { startLine: Math.max(1, r.startLine) },
              },
              message: { text: r.message },
            },
          })),
        },
      ],
    },
  ];
}

/** @internal (typed with the dev-only `sarif` types: not in the published .d.ts) */
export function ruleDescriptor(meta: RuleMeta<string>, lang: Lang): ReportingDescriptor {
  const refsText = meta.references.map((u) => `- ${u}`).join('\n');
  const refsMd = meta.references.map((u) => `- <${u}>`).join('\n');
  const { remediation, references } = LABELS[lang];
  return {
    id: meta.id,
    name: meta.slug,
    ...(meta.aliases && meta.aliases.length > 0 ? { deprecatedIds: [...meta.aliases] } : {}),
    shortDescription: { text: meta.title[lang] },
    fullDescription: { text: meta.rationale[lang] },
    help: {
      text: `${meta.rationale[lang]}\n\n${remediation}: ${meta.remediation[lang]}\n\n${references}:\n${refsText}`,
      markdown: `${meta.rationale[lang]}\n\n**${remediation}.** ${meta.remediation[lang]}\n\n**${references}**\n\n${refsMd}`,
    },
    ...(meta.references[0] ? { helpUri: meta.references[0] } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[meta.severity] },
    properties: {
      tags: ['security', meta.service],
      'security-severity': SECURITY_SEVERITY[meta.severity],
      precision: PRECISION,
    },
  };
}

function region(loc: Finding['location']): Region {
  const startLine = Math.max(1, loc.startLine);
  const startColumn = Math.max(1, loc.startColumn);
  const endLine = Math.max(startLine, loc.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, loc.endColumn) : Math.max(1, loc.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function suppression(s: Suppression): SarifSuppression {
  return { kind: SUPPRESSION_KIND[s.kind], status: 'accepted', justification: s.reason };
}

/**
 * @internal (typed with the dev-only `sarif` types: not in the published .d.ts)
 * A finding's file (a posix path relative to where hako ran, or absolute when outside it) as a
 * SARIF artifact location: relative paths become percent-encoded URI references on `%SRCROOT%`.
 */
export function artifactLocation(file: string, root: string): ArtifactLocation {
  const abs = path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file);
  const rel = abs ? path.relative(root, file) : file;
  if (abs && (rel === '' || rel.split(path.sep)[0] === '..' || path.isAbsolute(rel))) {
    return { uri: pathToFileURL(file).href };
  }
  const uri = rel.split(/[\\/]/).map(encodeURIComponent).join('/');
  return { uri, uriBaseId: SRCROOT };
}

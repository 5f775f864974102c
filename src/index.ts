/**
 * hako as a library: the stable API the package exports (`import { scan } from 'hako'`).
 * The CLI, the webhook and the tests call the same functions. Anything not exported here is
 * internal and may change between minor versions.
 */
import { prepareLoad } from './load.js';
import { type PssOptions, type PssResult, runPss as runPssSync } from './pss.js';

export type { HakoConfig, IgnoreEntry, RuleSetting } from './config.js';
export { ConfigError, loadConfig, parseConfig } from './config.js';
export type { LoadOptions } from './load.js';
export type { InlineSuppression, Resource, ResourceRef } from './model/resource.js';
export type { Origin, Val } from './model/source.js';
export type { State } from './model/state.js';
export type { PssOptions, PssPodResult, PssResult } from './pss.js';
export type { Reporter, ReportFormat, ReportOptions } from './report/index.js';
export { reporters } from './report/index.js';
export { renderJson } from './report/json.js';
export { renderJunit } from './report/junit.js';
export { renderMarkdown } from './report/markdown.js';
export { renderSarif } from './report/sarif.js';
export { renderText } from './report/text.js';
export type {
  Finding,
  Location,
  ScanError,
  ScanResult,
  SkippedInput,
  Suppression,
} from './result.js';
export { allRules } from './rules/index.js';
export type {
  Equivalents,
  InputFormat,
  Lang,
  PssTarget,
  Related,
  Report,
  Rule,
  RuleContext,
  RuleMeta,
  Service,
  Severity,
} from './rules/types.js';
export { defineRule, SEVERITIES } from './rules/types.js';
export type { InputText, ScanOptions, ScanOutput, ScanProgress } from './scan.js';
export { baselineJson, loadBaseline, scan } from './scan.js';
export type { Src } from './source.js';
export { VERSION } from './version.js';

/**
 * Pod Security Admission's verdict for every pod and pod template in the inputs (`hako pss`):
 * at a fixed level and version, or at each pod's namespace labels.
 */
export async function runPss(opts: PssOptions): Promise<PssResult> {
  return runPssSync(await prepareLoad(opts));
}

/** Reporters by name: each is (result, options) => string. */
import type { ScanResult } from '../result.js';
import type { Lang } from '../rules/types.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

export interface ReportOptions {
  colour: boolean;
  lang: Lang;
  showSuppressed?: boolean;
  /** hako version, for SARIF tool metadata. */
  version: string;
}

export type Reporter = (result: ScanResult, opts: ReportOptions) => string;

export const reporters: Record<string, Reporter> = {
  text: renderText,
  json: renderJson,
};

export type ReportFormat = keyof typeof reporters;

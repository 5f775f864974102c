/** Reporters by name: each is (result, options) => string. */
import type { ScanResult } from '../result.js';
import type { Lang } from '../rules/types.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export interface ReportOptions {
  colour: boolean;
  lang: Lang;
  showSuppressed?: boolean;
  /** hako version, for SARIF tool metadata. */
  version: string;
  /** The directory finding paths are relative to (SARIF `%SRCROOT%`); default the working directory. */
  root?: string;
}

export type Reporter = (result: ScanResult, opts: ReportOptions) => string;

export const reporters: Record<string, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
};

export type ReportFormat = keyof typeof reporters;

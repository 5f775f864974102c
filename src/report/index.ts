/**
 * Reporters by name: each writes (result, options) as chunks to a sink, so a report of any size
 * streams to standard output or a file (`renderX` in each module gives one string, for tests).
 */
import type { ScanResult } from '../result.js';
import type { Lang } from '../rules/types.js';
import { streamHtml } from './html.js';
import { streamJson } from './json.js';
import { streamJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { streamSarif } from './sarif.js';
import type { Sink } from './stream.js';
import { streamText } from './text.js';

export interface ReportOptions {
  colour: boolean;
  lang: Lang;
  showSuppressed?: boolean;
  /** hako version, for SARIF tool metadata. */
  version: string;
  /** The directory finding paths are relative to (SARIF `%SRCROOT%`); default the working directory. */
  root?: string;
}

export type Reporter = (result: ScanResult, opts: ReportOptions, out: Sink) => void;

export const reporters: Record<string, Reporter> = {
  text: streamText,
  json: (result, _opts, out) => streamJson(result, out),
  sarif: streamSarif,
  junit: streamJunit,
  // bounded by MAX_MARKDOWN_CHARS (a PR comment's limit)
  markdown: (result, opts, out) => out(renderMarkdown(result, opts)),
  html: streamHtml,
};

export type ReportFormat = keyof typeof reporters;

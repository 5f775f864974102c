/**
 * The reporters of report/index.ts, each module loaded only when its format is written: the SARIF
 * and HTML reporters carry the whole rule catalogue, which `hako scan --format json` never needs.
 * test/e2e/start.test.ts checks that both give the same names and the same bytes.
 */
import type { Reporter } from './index.js';

const loaders: Record<string, () => Promise<Reporter>> = {
  text: async () => (await import('./text.js')).streamText,
  json: async () => {
    const { streamJson } = await import('./json.js');
    return (result, _opts, out) => streamJson(result, out);
  },
  sarif: async () => (await import('./sarif.js')).streamSarif,
  junit: async () => (await import('./junit.js')).streamJunit,
  markdown: async () => {
    const { renderMarkdown } = await import('./markdown.js');
    return (result, opts, out) => out(renderMarkdown(result, opts));
  },
  html: async () => (await import('./html.js')).streamHtml,
};

/** The `--format` names, in the order of report/index.ts. */
export const REPORT_FORMATS: string[] = Object.keys(loaders);

export function loadReporter(format: string): Promise<Reporter> {
  const load = loaders[format];
  if (!load) throw new Error(`no reporter for format ${format}`);
  return load();
}

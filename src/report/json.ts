/** `--format json`: exactly the object product.md specifies, written finding by finding. */
import type { Finding, ScanResult } from '../result.js';
import { collect, LazyArray, type Sink, writeJson } from './stream.js';

export function renderJson(result: ScanResult): string {
  return collect((out) => streamJson(result, out));
}

export function streamJson(result: ScanResult, out: Sink): void {
  const { version, findings, errors, summary } = result;
  const strip = ({ fingerprint: _f, ...f }: Finding) => f;
  writeJson(
    {
      version,
      findings: new LazyArray(
        findings.length,
        function* () {
          for (const f of findings) yield strip(f);
        },
        true,
      ),
      errors,
      summary,
    },
    out,
  );
  out('\n');
}

/** `--format json`: exactly the object product.md specifies. */
import type { ScanResult } from '../result.js';

export function renderJson(result: ScanResult): string {
  const { version, findings, errors, summary } = result;
  return `${JSON.stringify(
    {
      version,
      findings: findings.map(({ fingerprint: _f, ...f }) => f),
      errors,
      summary,
    },
    null,
    2,
  )}\n`;
}

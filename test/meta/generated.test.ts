/** Generated files must match what their generators produce from the sources. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { driftedDocs } from '../../scripts/gen-docs.js';
import { renderIndex, renderRegistry } from '../../scripts/gen-rules-index.js';

describe('generated files', () => {
  it('src/rules/index.ts lists every rule file (npm run gen)', () => {
    expect(readFileSync(new URL('../../src/rules/index.ts', import.meta.url), 'utf8')).toBe(renderIndex());
  });
  it('src/rules/registry.ts lists every rule with its traced reads (npm run gen)', async () => {
    expect(readFileSync(new URL('../../src/rules/registry.ts', import.meta.url), 'utf8')).toBe(
      await renderRegistry(),
    );
  });
  it('docs/rules matches rule metadata and examples (npm run gen)', () => {
    expect(driftedDocs()).toEqual([]);
  });
});

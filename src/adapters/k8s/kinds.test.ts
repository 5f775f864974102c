import { describe, expect, it } from 'vitest';
import { unknownKindNote } from './kinds.js';

const unknownKindReason = (apiVersion: string, kind: string) => unknownKindNote(apiVersion, kind)?.message;

describe('unknownKindReason did-you-mean (the one bounded suggestion of hako)', () => {
  it('suggests the kind a typo or a case slip meant', () => {
    expect(unknownKindReason('apps/v1', 'Deploymnet')).toContain('(did you mean Deployment?)');
    expect(unknownKindReason('apps/v1', 'deployment')).toContain('(did you mean Deployment?)');
    expect(unknownKindReason('v1', 'ConfigMpa')).toContain('(did you mean ConfigMap?)');
  });

  it('suggests nothing for a short word two edits from a kind', () => {
    // `Foo` is two edits from `Pod`: a guess, not a typo.
    const reason = unknownKindReason('v1', 'Foo');
    expect(reason).toMatch(/^unknown kind "Foo" in v1: the API server rejects it$/);
  });

  it('answers at once for a huge kind', () => {
    const started = Date.now();
    const reason = unknownKindReason('apps/v1', 'Deployment'.repeat(100_000));
    expect(reason).not.toContain('did you mean');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

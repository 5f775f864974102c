import { describe, expect, it } from 'vitest';
import { supportStatus } from './eks-version-supported.js';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('EKS support calendar (eks-versions-and-defaults.md test cases 1-8)', () => {
  it.each([
    ['1.31', '2025-11-25', 'standard'],
    ['1.31', '2025-11-26', 'extended'],
    ['1.31', '2026-11-26', 'ended'],
    ['1.34', '2026-12-01', 'standard'],
    ['1.34', '2026-12-02', 'extended'],
    ['1.23', '2024-10-12', 'ended'],
    ['1.25', '2024-04-30', 'standard'],
    ['1.37', '2026-11-28', 'unknown'],
    ['1.22', '2026-11-28', 'ended'],
    ['1.21', '2026-11-28', 'ended'],
    ['1.9', '2026-11-28', 'ended'],
    ['1.22', '2023-10-11', 'ended'],
    ['1.22', '2023-10-10', 'unknown'],
    ['2.0', '2026-11-28', 'unknown'],
    ['1.22.3', '2026-11-28', 'unknown'],
    ['v1.22', '2026-11-28', 'unknown'],
    ['latest', '2026-11-28', 'unknown'],
  ])('%s on %s is %s', (v, day, status) => {
    expect(supportStatus(v, d(day))).toBe(status);
  });

  it('judges the UTC calendar day', () => {
    expect(supportStatus('1.31', new Date('2025-11-25T23:59:59Z'))).toBe('standard');
    expect(supportStatus('1.31', new Date('2025-11-25T16:00:00-08:00'))).toBe('extended');
  });
});

/**
 * Policy versions: `v1.<minor>` or `latest`, parsed as upstream `api/helpers.go` `ParseVersion`
 * (`^v1\.([0-9]|[1-9][0-9]*)$`), plus hako's convenience of accepting the bare `1.<minor>`.
 * Clamping to the newest known version is the registry's job (registry.ts), as upstream's
 * `checkRegistry.EvaluatePod` clamps.
 */
import type { PssVersion } from './types.js';

const VERSION_RE = /^v?1\.([0-9]|[1-9][0-9]*)$/;

/** `v1.<minor>`. */
export function v1(minor: number): PssVersion {
  return { major: 1, minor };
}

/** Parses `v1.N`, `1.N` or `latest`; undefined for anything else. */
export function parseVersionOrLatest(text: string): PssVersion | 'latest' | undefined {
  const trimmed = text.trim();
  if (trimmed === 'latest') return 'latest';
  const match = VERSION_RE.exec(trimmed);
  if (!match?.[1]) return undefined;
  const minor = Number(match[1]);
  return Number.isSafeInteger(minor) ? v1(minor) : undefined;
}

/** Negative when a is older than b; 'latest' is newer than every numbered version. */
export function compareVersions(a: PssVersion | 'latest', b: PssVersion | 'latest'): number {
  if (a === 'latest') return b === 'latest' ? 0 : 1;
  if (b === 'latest') return -1;
  return a.major === b.major ? a.minor - b.minor : a.major - b.major;
}

/** `v1.30` / `latest`. */
export function formatVersion(version: PssVersion | 'latest'): string {
  return version === 'latest' ? 'latest' : `v${version.major}.${version.minor}`;
}

/** True when the value is a well-formed PssVersion object. */
export function isPssVersion(value: unknown): value is PssVersion {
  if (typeof value !== 'object' || value === null) return false;
  const { major, minor } = value as { major?: unknown; minor?: unknown };
  return major === 1 && typeof minor === 'number' && Number.isSafeInteger(minor) && minor >= 0;
}

/**
 * `hako pss` as a library function: every pod and pod template in the inputs evaluated as Pod
 * Security Admission would, at a fixed level and version or at each pod's namespace labels.
 */

import {
  ENFORCE_VERSION_LABEL,
  evaluatePod,
  formatVersion,
  type Level,
  namespacePolicy,
  type PssVersion,
  parseVersion,
} from './engines/pss/index.js';
import { type LoadOptions, loadInputs } from './load.js';
import type { ScanError } from './result.js';

export interface PssOptions extends LoadOptions {
  /** Fixed level; undefined → each pod's namespace `enforce` label (no label: privileged). */
  level?: 'baseline' | 'restricted' | 'privileged';
  /** `v1.N`, `1.N` or `latest` (default latest); with `level` undefined, the namespace's `enforce-version` wins. */
  version?: string;
}

export interface PssPodResult {
  file: string;
  index: number;
  kind: string;
  namespace: string;
  name: string;
  /** Level and version this pod was evaluated at. */
  level: Level;
  version: string;
  allowed: boolean;
  violations: { check: string; reason: string; detail: string }[];
  /** Where the object starts (for the text report). */
  line: number;
}

export interface PssResult {
  /** The requested level, or `namespace` when each namespace's `enforce` label decides. */
  level: Level | 'namespace';
  /** The requested version (`v1.N`), or `namespace` when each namespace's `enforce-version` label decides. */
  version: string;
  results: PssPodResult[];
  errors: ScanError[];
  fatal: string[];
  /** Inputs found, and how many of them could be read (0 of several: nothing was judged). */
  files: number;
  read: number;
}

/** Synchronous: when the paths may hold Terraform, pass the options through `await prepareLoad()` first (the CLI does). */
export function runPss(opts: PssOptions): PssResult {
  const fixedVersion: PssVersion = parseVersion(opts.version ?? 'latest');
  const { state, fatal, files, read } = loadInputs(opts);
  const namespaces = new Map(state.k8s.namespaces.map((n) => [n.name, n.object.labels] as const));
  const results: PssPodResult[] = state.k8s.workloads.map((w) => {
    const ns = w.namespace.value;
    let level: Level;
    let version: PssVersion;
    if (opts.level) {
      level = opts.level;
      version = fixedVersion;
    } else {
      const labels = namespaces.get(ns);
      const policy = namespacePolicy(labels);
      level = policy.level;
      // --version without --level: the version of namespaces that do not pin one
      const pinned = labels?.[ENFORCE_VERSION_LABEL] !== undefined;
      version =
        !pinned && opts.version !== undefined
          ? fixedVersion
          : policy.version === 'latest'
            ? parseVersion('latest')
            : parseVersion(formatVersion(policy.version));
    }
    const r = evaluatePod(level, version, w.podInput());
    return {
      file: w.src.file,
      index: w.object.index,
      kind: w.kind,
      namespace: ns,
      name: w.object.name,
      level,
      version: formatVersion(version),
      allowed: r.allowed,
      violations: r.violations.map(({ check, reason, detail }) => ({ check, reason, detail })),
      line: w.src.startLine,
    };
  });
  return {
    level: opts.level ?? 'namespace',
    version: opts.level || opts.version !== undefined ? formatVersion(fixedVersion) : 'namespace',
    results,
    errors: state.inputs.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })),
    fatal,
    files,
    read,
  };
}

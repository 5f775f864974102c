/**
 * Finds the files to scan: explicit files as given, directories walked recursively honouring
 * `.gitignore` files (nested ones too) and `--exclude` globs. Symlinks are followed, with loops
 * detected by real path; FIFOs, sockets and devices are never opened (reading them can hang).
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { parse as parseYamlValue } from 'yaml';
import { type Note, type NoteData, type NoteId, withText } from '../notes.js';
import type { SkippedInput } from '../result.js';
import { DEFAULT_MAX_FILE_BYTES, errText, readInput } from './read.js';

export { errText } from './read.js';

export interface Discovered {
  /** Absolute path on disk. */
  abs: string;
  /** Path as reported: relative to cwd (posix) when inside it, else as given. */
  display: string;
  /** Named on the command line (vs found by a directory walk). */
  explicit: boolean;
}

export interface DiscoveryProblem {
  display: string;
  /** In English; `note` (src/notes.ts) when hako words it, so the report can translate it. */
  message: string;
  note?: NoteId;
  data?: NoteData;
  /** 1-based line the problem is at (default 1). */
  line?: number;
  /** True when a path named on the command line does not exist at all (exit code 2). */
  fatal: boolean;
}

/** Extensions a directory walk picks up. */
export const SCANNED_EXTENSIONS = ['.json', '.yaml', '.yml', '.tf', '.tfvars'];
/** `.terraform` holds downloaded providers and remote modules, not the configuration. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform']);
/** kustomize reads the first of these names it finds in a directory. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Files of a Helm chart that are not objects: covered by the chart's one skipped entry. */
const CHART_FILES = new Set(['Chart.yaml', 'values.yaml', 'values.schema.json']);

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join('/');
}

export function discover(
  paths: string[],
  opts: { cwd: string; exclude?: string[]; maxFileBytes?: number },
): { files: Discovered[]; problems: DiscoveryProblem[]; skipped: SkippedInput[] } {
  const files: Discovered[] = [];
  const problems: DiscoveryProblem[] = [];
  const skipped: SkippedInput[] = [];
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  /** Real paths of kustomize patch files: fragments, not objects (left out of the walk). */
  const patchFiles = new Set<string>();
  const excluded = picomatch(opts.exclude ?? [], { dot: true });
  const isExcluded = (display: string, isDir: boolean) =>
    (opts.exclude?.length ?? 0) > 0 &&
    (excluded(display) || excluded(path.posix.basename(display)) || (isDir && excluded(`${display}/`)));
  const seenFiles = new Set<string>();
  const walkedDirs = new Set<string>();

  const walk = (dir: string, ancestors: Set<string>, rules: { base: string; ig: Ignore }[]) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      problems.push({
        display: displayPath(dir, opts.cwd),
        ...withText('message', 'cannotReadDir', { detail: errText(e) }),
        fatal: false,
      });
      return;
    }
    const local = loadGitignore(dir, maxBytes, problems, opts.cwd);
    const active = local ? [...rules, { base: dir, ig: local }] : rules;
    const chart = entries.includes('Chart.yaml');
    // A directory of that name (a React component `Kustomization/`, eks-workshop-v2) is walked as one.
    const kustomization = KUSTOMIZATION_FILES.find(
      (k) => entries.includes(k) && !isDirectory(path.join(dir, k)),
    );
    if (kustomization) {
      const kabs = path.join(dir, kustomization);
      const kdisplay = displayPath(kabs, opts.cwd);
      if (!ignoredBy(active, kabs, false) && !isExcluded(kdisplay, false)) {
        const k = kustomizePatches(kabs, maxBytes);
        if (!k.ok) {
          const { ok: _, ...problem } = k;
          problems.push({ display: kdisplay, ...problem, fatal: false });
        } else if (k.patches.length > 0) {
          for (const p of k.patches) patchFiles.add(safeRealpath(path.resolve(dir, p)));
          const shownDir = displayPath(dir, opts.cwd);
          skipped.push({
            file: kdisplay,
            ...withText('reason', 'kustomizePatches', { dir: shownDir, patches: k.patches.join(', ') }),
          });
        }
      }
    }
    for (const name of entries) {
      if (name === kustomization || (chart && CHART_FILES.has(name))) continue;
      const abs = path.join(dir, name);
      const display = displayPath(abs, opts.cwd);
      let lst: ReturnType<typeof lstatSync> | undefined;
      let st: ReturnType<typeof statSync>;
      const scanned = SCANNED_EXTENSIONS.includes(path.extname(name).toLowerCase()) && name !== '.hako.yaml';
      try {
        lst = lstatSync(abs);
        st = lst.isSymbolicLink() ? statSync(abs) : lst;
      } catch (e) {
        // a broken link or an entry that vanished: worth a word only if it would have been read
        if (scanned && !ignoredBy(active, abs, false) && !isExcluded(display, false))
          problems.push({
            display,
            ...(lst?.isSymbolicLink() ? brokenLink(e) : cannotRead(e)),
            fatal: false,
          });
        continue;
      }
      const isDir = st.isDirectory();
      if (ignoredBy(active, abs, isDir) || isExcluded(display, isDir)) continue;
      if (isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
        if (chart && name === 'templates') {
          skipped.push({
            file: display,
            ...withText('reason', 'helmTemplates', { dir: displayPath(dir, opts.cwd) }),
          });
          continue;
        }
        const real = safeRealpath(abs);
        if (ancestors.has(real)) {
          problems.push({
            display,
            ...withText('message', 'symlinkLoop'),
            fatal: false,
          });
          continue;
        }
        // reached again by another link: its files are already listed (and links to links
        // could otherwise make the walk exponential)
        if (walkedDirs.has(real)) continue;
        walkedDirs.add(real);
        walk(abs, new Set([...ancestors, real]), active);
      } else if (scanned && st.isFile()) {
        const real = safeRealpath(abs);
        if (seenFiles.has(real)) continue;
        seenFiles.add(real);
        files.push({ abs, display, explicit: false });
      } else if (scanned) problems.push({ display, ...withText('message', 'notRegular'), fatal: false });
    }
  };

  for (const p of paths) {
    const abs = path.resolve(opts.cwd, p);
    const display = displayPath(abs, opts.cwd);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch (e) {
      const loop = (e as NodeJS.ErrnoException).code === 'ELOOP';
      problems.push({ display, ...(loop ? brokenLink(e) : cannotRead(e)), fatal: !loop });
      continue;
    }
    if (st.isDirectory()) {
      // `hako scan chart/templates`: still Helm templates, not YAML until rendered
      if (
        path.basename(abs) === 'templates' &&
        statSync(path.join(abs, '..', 'Chart.yaml'), { throwIfNoEntry: false })
      ) {
        skipped.push({
          file: display,
          ...withText('reason', 'helmTemplates', { dir: displayPath(path.dirname(abs), opts.cwd) }),
        });
        continue;
      }
      const real = safeRealpath(abs);
      if (walkedDirs.has(real)) continue;
      walkedDirs.add(real);
      walk(abs, new Set([real]), []);
    } else if (st.isFile()) {
      const real = safeRealpath(abs);
      if (!seenFiles.has(real)) files.push({ abs, display, explicit: true });
      seenFiles.add(real);
    } else problems.push({ display, ...withText('message', 'notRegular'), fatal: false });
  }
  const kept =
    patchFiles.size === 0 ? files : files.filter((f) => f.explicit || !patchFiles.has(safeRealpath(f.abs)));
  return { files: kept, problems, skipped };
}

/**
 * The patch files a kustomization names (`patches[].path`, `patchesStrategicMerge[]` that are
 * paths, `patchesJson6902[].path`); inline patches are not files.
 */
function kustomizePatches(
  abs: string,
  maxBytes: number,
):
  | { ok: true; patches: string[] }
  | { ok: false; message: string; line?: number; note?: NoteId; data?: NoteData } {
  const r = readInput(abs, maxBytes);
  if (!r.ok) return r;
  let doc: unknown;
  try {
    doc = parseYamlValue(r.text);
  } catch (e) {
    return {
      ok: false,
      ...withText('message', 'kustomizationError', { detail: (e as Error).message.split('\n')[0] ?? '' }),
    };
  }
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim() !== '' && !v.includes('\n') && !out.includes(v)) out.push(v);
  };
  const list = (k: string): unknown[] => {
    const v = doc && typeof doc === 'object' ? (doc as Record<string, unknown>)[k] : undefined;
    return Array.isArray(v) ? v : [];
  };
  for (const p of list('patches')) if (p && typeof p === 'object') add((p as { path?: unknown }).path);
  for (const p of list('patchesStrategicMerge')) add(p);
  for (const p of list('patchesJson6902'))
    if (p && typeof p === 'object') add((p as { path?: unknown }).path);
  return { ok: true, patches: out };
}

function brokenLink(e: unknown) {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ELOOP':
      return withText('message', 'symlinkSelfLoop');
    case 'ENOENT':
      return withText('message', 'symlinkDangling');
    default:
      return cannotRead(e);
  }
}

const cannotRead = (e: unknown) => withText('message', 'cannotReadShort', { detail: errText(e) });

/**
 * A directory's `.gitignore`, read like every input (a FIFO or a link to `/dev/zero` is refused,
 * not waited on): one that exists but cannot be read is a problem, since its patterns are not applied.
 */
function loadGitignore(
  dir: string,
  maxBytes: number,
  problems: DiscoveryProblem[],
  cwd: string,
): Ignore | undefined {
  const abs = path.join(dir, '.gitignore');
  let exists: boolean;
  try {
    lstatSync(abs);
    exists = true;
  } catch {
    exists = false;
  }
  if (!exists) return undefined;
  const r = readInput(abs, maxBytes);
  if (!r.ok) {
    // the refusal's own note (every refusal of readInput has one) inside the wrapper's
    const reason: string | Note = r.note ? { note: r.note, ...(r.data ? { data: r.data } : {}) } : r.message;
    problems.push({
      display: displayPath(abs, cwd),
      ...withText('message', 'gitignoreNotApplied', { reason }),
      ...(r.line !== undefined ? { line: r.line } : {}),
      fatal: false,
    });
    return undefined;
  }
  try {
    return ignore().add(r.text);
  } catch (e) {
    problems.push({
      display: displayPath(abs, cwd),
      ...withText('message', 'gitignoreError', { detail: errText(e) }),
      fatal: false,
    });
    return undefined;
  }
}

function ignoredBy(rules: { base: string; ig: Ignore }[], abs: string, isDir: boolean): boolean {
  for (const { base, ig } of rules) {
    const rel = path.relative(base, abs).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

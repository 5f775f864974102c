/**
 * Finds the files to scan: explicit files as given, directories walked recursively honouring
 * `.gitignore` files (nested ones too) and `--exclude` globs. Symlinks are followed, with loops
 * detected by real path; FIFOs, sockets and devices are never opened (reading them can hang).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

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
  message: string;
  /** True when a path named on the command line does not exist at all (exit code 2). */
  fatal: boolean;
}

/** Extensions a directory walk picks up. */
export const SCANNED_EXTENSIONS = ['.json', '.yaml', '.yml', '.tf', '.tfvars'];
/** `.terraform` holds downloaded providers and remote modules, not the configuration. */
const ALWAYS_SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform']);

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join('/');
}

export function discover(
  paths: string[],
  opts: { cwd: string; exclude?: string[] },
): { files: Discovered[]; problems: DiscoveryProblem[] } {
  const files: Discovered[] = [];
  const problems: DiscoveryProblem[] = [];
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
        message: `cannot read directory: ${errText(e)}`,
        fatal: false,
      });
      return;
    }
    const local = loadGitignore(dir);
    const active = local ? [...rules, { base: dir, ig: local }] : rules;
    for (const name of entries) {
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
            message: lst?.isSymbolicLink() ? brokenLink(e) : `cannot read: ${errText(e)}`,
            fatal: false,
          });
        continue;
      }
      const isDir = st.isDirectory();
      if (ignoredBy(active, abs, isDir) || isExcluded(display, isDir)) continue;
      if (isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
        const real = safeRealpath(abs);
        if (ancestors.has(real)) {
          problems.push({
            display,
            message: 'symlink loop: this link points back to a directory above it; not followed',
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
      } else if (scanned) problems.push({ display, message: NOT_REGULAR, fatal: false });
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
      problems.push({ display, message: loop ? brokenLink(e) : `cannot read: ${errText(e)}`, fatal: !loop });
      continue;
    }
    if (st.isDirectory()) {
      const real = safeRealpath(abs);
      if (walkedDirs.has(real)) continue;
      walkedDirs.add(real);
      walk(abs, new Set([real]), []);
    } else if (st.isFile()) {
      const real = safeRealpath(abs);
      if (!seenFiles.has(real)) files.push({ abs, display, explicit: true });
      seenFiles.add(real);
    } else problems.push({ display, message: NOT_REGULAR, fatal: false });
  }
  return { files, problems };
}

const NOT_REGULAR = 'not a regular file (FIFO, socket or device); not read';

function brokenLink(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ELOOP':
      return 'symlink loop (the link resolves back to itself); not read';
    case 'ENOENT':
      return 'dangling symlink (its target does not exist); not read';
    default:
      return `cannot read: ${errText(e)}`;
  }
}

function loadGitignore(dir: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path.join(dir, '.gitignore'), 'utf8'));
  } catch {
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

export function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
}

/**
 * `hako fix`: scan, plan the provably safe fixes for the findings the scan reported (src/fix/k8s.ts,
 * src/fix/ecs.ts say which and why), apply them as text edits, check that every changed file still
 * parses as before, scan again with the new texts, and report what the fixes removed and what is
 * left as suggestions. Files are written only when asked (not in a dry run), each atomically
 * (a temporary file in the same directory, then a rename).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Syntax, syntaxOf } from '../adapters/index.js';
import { discover } from '../io/discover.js';
import { DEFAULT_MAX_FILE_BYTES, readInput } from '../io/read.js';
import type { Finding } from '../result.js';
import { type ScanOptions, type ScanOutput, scan } from '../scan.js';
import { planEcs } from './ecs.js';
import { applyEdits } from './edits.js';
import { planK8s } from './k8s.js';
import type { FilePlan, FixNote, Wanted } from './types.js';
import { keepsEverything } from './verify.js';

export { unifiedDiff } from './diff.js';
export type { FixNote } from './types.js';

export interface FixOptions extends Omit<ScanOptions, 'inputs' | 'baseline'> {
  paths: string[];
  /** Plan and report, write nothing. */
  dryRun?: boolean;
}

export interface FixedFile {
  /** As the scan displays it (relative to the working directory). */
  file: string;
  before: string;
  after: string;
  applied: FixNote[];
}

export interface FixResult {
  files: FixedFile[];
  /** Findings hako did not fix, with the reason a fix was not applied (the remaining findings also carry their remediation). */
  suggestions: FixNote[];
  /** Findings of the first scan that the second scan no longer reports. */
  fixed: Finding[];
  /** Unsuppressed findings of the second scan. */
  remaining: Finding[];
  /** Files whose fixed text would not parse as the original did or would lose a value: left unchanged, their fixes listed as suggestions. */
  unparsable: string[];
  before: ScanOutput;
  after: ScanOutput;
  written: boolean;
}

export async function runFix(opts: FixOptions): Promise<FixResult> {
  const cwd = opts.cwd ?? process.cwd();
  const before = await scan(opts);
  const live = before.all.filter((f) => !f.suppressed);
  const keys = new Set<string>();
  for (const f of live) {
    const base = `${f.location.file}\0${f.resource.kind}\0${f.resource.name}\0`;
    keys.add(base + f.ruleId);
    keys.add(`${base}${f.ruleId}/${f.messageId}`);
  }
  const wanted: Wanted = {
    has: (file, kind, name, _ns, rule) => keys.has(`${file}\0${kind}\0${name}\0${rule}`),
  };

  const found = discover(
    opts.paths.filter((p) => p !== '-'),
    {
      cwd,
      exclude: [...(opts.exclude ?? []), ...(opts.config?.exclude ?? [])],
      maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    },
  );
  const files: (FixedFile & { abs: string })[] = [];
  const suggestions: FixNote[] = [];
  const unparsable: string[] = [];
  const touched = new Set(live.map((f) => f.location.file));
  for (const f of found.files) {
    if (!touched.has(f.display)) continue;
    const r = readInput(f.abs, opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, opts.readFile);
    if (!r.ok) continue;
    const syntax = syntaxOf(f.display, r.text);
    let plan: FilePlan | undefined;
    if (syntax === 'yaml') plan = planK8s(f.display, r.text, wanted);
    else if (syntax === 'json') plan = planEcs(f.display, r.text, wanted);
    if (!plan) continue;
    suggestions.push(...plan.suggestions);
    if (plan.edits.length === 0) continue;
    const after = applyEdits(r.text, plan.edits);
    if (after === r.text) continue;
    if (!keepsEverything(f.display, syntax as Syntax, r.text, after)) {
      // a limit of hako's writers (e.g. a map that ends in a keep-chomped block scalar): the file
      // stays as it is, and each fix planned for it is a suggestion saying so
      unparsable.push(f.display);
      for (const a of plan.applied)
        suggestions.push({ ...a, text: { id: 'refused', data: { what: a.resource, why: 'whyCheck' } } });
      continue;
    }
    files.push({ file: f.display, abs: f.abs, before: r.text, after, applied: plan.applied });
  }

  const byAbs = new Map(files.map((f) => [path.resolve(cwd, f.abs), f.after]));
  const readFile = (abs: string): Buffer => {
    const t = byAbs.get(path.resolve(cwd, abs));
    return t !== undefined ? Buffer.from(t) : (opts.readFile ?? readFileSync)(abs);
  };
  const after = files.length > 0 ? await scan({ ...opts, readFile }) : before;
  // What a finding is about, without where: an added key can move the node a finding points at
  // (a fingerprint holds its JSON pointer), never what the finding says.
  const what = (f: Finding) =>
    JSON.stringify([
      f.ruleId,
      f.messageId,
      f.location.file,
      f.resource.kind,
      f.resource.address,
      f.data ?? {},
    ]);
  const still = new Map<string, number>();
  for (const f of after.all) if (!f.suppressed) still.set(what(f), (still.get(what(f)) ?? 0) + 1);
  const gone = live.filter((f) => {
    const n = still.get(what(f)) ?? 0;
    if (n > 0) still.set(what(f), n - 1);
    return n === 0;
  });
  // a finding still raised on the same resource with other values (K8S-001 listing fewer
  // violations) was changed, not fixed
  const where = (f: Finding) =>
    JSON.stringify([f.ruleId, f.messageId, f.location.file, f.resource.kind, f.resource.address]);
  const changed = new Map<string, number>();
  const known = new Set(live.map(what));
  for (const f of after.all)
    if (!f.suppressed && !known.has(what(f))) changed.set(where(f), (changed.get(where(f)) ?? 0) + 1);
  const fixed = gone.filter((f) => {
    const n = changed.get(where(f)) ?? 0;
    if (n > 0) changed.set(where(f), n - 1);
    return n === 0;
  });
  const remaining = after.findings.filter((f) => !f.suppressed);

  if (!opts.dryRun) for (const f of files) writeAtomically(f.abs, f.after);
  return {
    files: files.map(({ abs: _abs, ...f }) => f),
    suggestions,
    fixed,
    remaining,
    unparsable,
    before,
    after,
    written: !opts.dryRun && files.length > 0,
  };
}

/** A temporary file beside the target (same file system), with its mode, then a rename over it. */
function writeAtomically(file: string, text: string): void {
  const target = realpathSync(file);
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.hako-fix-${randomBytes(6).toString('hex')}`,
  );
  try {
    writeFileSync(tmp, text, { mode: statSync(target).mode & 0o7777, flag: 'wx' });
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    throw e;
  }
}

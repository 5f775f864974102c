/**
 * `hako ecr lifecycle`: previews an ECR lifecycle policy against `aws ecr describe-images` output
 * with AWS's semantics (src/engines/ecr-lifecycle), optionally against the images that scanned
 * task definitions, services and Kubernetes workloads still run (`--in-use`).
 * `hako ecr gate`: fails a pipeline when ECR / Inspector findings exceed thresholds, with an
 * allow-list of CVE IDs that each carry a reason and an expiry (src/engines/ecr-lifecycle/gate.ts).
 */
import path from 'node:path';
import { type Command, Option } from 'commander';
import { readDescribeImages } from '../adapters/ecr/images.js';
import { evaluateLifecycle } from '../engines/ecr-lifecycle/evaluate.js';
import {
  type AllowEntry,
  evaluateGate,
  type GateFinding,
  type GateResult,
  parseAllowList,
  parseMax,
  readGateFindings,
  SEVERITY_KEYS,
} from '../engines/ecr-lifecycle/gate.js';
import { collectInUse, type InUse, usersOfImages } from '../engines/ecr-lifecycle/in-use.js';
import { type PreparedPolicy, preparePolicy } from '../engines/ecr-lifecycle/policy.js';
import type { LifecycleProblemCode } from '../engines/ecr-lifecycle/validate.js';
import { decode, readBytes } from '../io/read.js';
import { loadInputs, prepareLoad, STDIN } from '../load.js';
import type { EcrImage, LifecyclePolicy } from '../model/aws/ecr.js';
import { type NoteData, type NoteId, noteText } from '../notes.js';
import { parseJson } from '../parse/json.js';
import { isMap } from '../parse/tree.js';
import { termSafe } from '../report/escape.js';
import { targetOf } from '../rules/ecr/_helpers.js';
import type { Lang } from '../rules/types.js';
import { EXIT, envLang, type Io, langOption, UsageError } from './main.js';

/** describe-images output of a million images is ~250 MB: more than a scan input, within V8's string limit. */
export const MAX_IMAGES_BYTES = 512 * 1024 * 1024;
const MAX_POLICY_BYTES = 32 * 1024 * 1024;

interface LifecycleError {
  file: string;
  line: number;
  rulePriority?: number;
  code: string;
  message: string;
}

export function registerEcrCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  const ecr = program.command('ecr').description('ECR: lifecycle policy preview and scan-findings gate');
  ecr
    .command('lifecycle')
    .description('preview what an ECR lifecycle policy would expire, with AWS semantics')
    .requiredOption(
      '--policy <file>',
      'lifecycle policy: policy JSON, get-lifecycle-policy JSON, Terraform or CloudFormation',
    )
    .requiredOption(
      '--images <file...>',
      'aws ecr describe-images output (pages concatenated or as separate files; - for standard input)',
    )
    .option('--now <ISO-8601>', 'judge ages as of this time (default now)')
    .option('--repository <name>', 'the repository to simulate when the inputs hold several')
    .option(
      '--in-use <path...>',
      'task definitions, services and Kubernetes manifests whose images must survive',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(langOption())
    .action(async (flags: LifecycleFlags) => {
      setCode(await runLifecycle(flags, io));
    });
  ecr
    .command('gate')
    .description('fail when ECR / Inspector scan findings exceed thresholds (with an expiring allow-list)')
    .argument(
      '<files...>',
      'describe-image-scan-findings output, inspector2 list-findings output or EventBridge "Inspector2 Finding" events (- for standard input)',
    )
    .option(
      '--max <limits>',
      'most findings allowed per severity, e.g. critical=0,high=5 (default critical=0)',
    )
    .option('--allow <file>', 'allow-list (YAML or JSON): [{id: CVE-..., reason, expires: YYYY-MM-DD}]')
    .option('--now <ISO-8601>', 'judge allow-list expiry as of this time (default now)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (files: string[], flags: GateFlags) => {
      setCode(await runGate(files, flags, io));
    });
}

interface LifecycleFlags {
  policy: string;
  images: string[];
  now?: string;
  repository?: string;
  inUse?: string[];
  format: 'text' | 'json';
  lang?: Lang;
}

function parseNow(s: string | undefined): number {
  if (s === undefined) return Date.now();
  const t = /^\d{4}-\d{2}-\d{2}/.test(s)
    ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s)
    : Number.NaN;
  if (Number.isNaN(t)) throw new UsageError(`--now expects an ISO-8601 date or time, got "${s}"`);
  return t;
}

/** A file's text (standard input for `-`); a usage error when it cannot be read at all. */
async function readText(file: string, io: Io, maxBytes: number): Promise<{ display: string; text: string }> {
  if (file === '-') {
    const r = decode(await io.stdin(maxBytes), maxBytes, 'stdin');
    if (!r.ok) throw new UsageError(`cannot read standard input: ${r.message}`);
    return { display: STDIN, text: r.text };
  }
  const bytes = readBytes(path.resolve(file), maxBytes);
  if (!bytes.ok) throw new UsageError(`cannot read ${file}: ${bytes.message}`);
  const r = decode(bytes.bytes, maxBytes);
  if (!r.ok) throw new UsageError(`cannot read ${file}: ${r.message}`);
  return { display: file, text: r.text };
}

interface FoundPolicy {
  repository?: string;
  policy: LifecyclePolicy;
}

/**
 * The lifecycle policies in the policy file: a bare policy (`{"rules": [...]}`), or whatever the
 * scan's adapters find in it (get-lifecycle-policy JSON, Terraform, CloudFormation), by repository.
 */
async function policiesIn(file: string, io: Io): Promise<{ found: FoundPolicy[]; errors: LifecycleError[] }> {
  const { display, text } = await readText(file, io, MAX_POLICY_BYTES);
  if (/\.json$/i.test(file) || file === '-') {
    const parsed = parseJson(display, text);
    const node = parsed.docs[0]?.node;
    if (isMap(node) && node.entries.some((e) => e.key === 'rules'))
      return { found: [{ policy: { node, text, unknown: false, src: node.src } }], errors: [] };
  }
  const loaded = loadInputs(
    await prepareLoad(file === '-' ? { inputs: [{ path: STDIN, content: text }] } : { paths: [file] }),
  );
  const errors = loaded.state.inputs.errors.map((e) => ({
    file: e.file,
    line: e.line,
    code: 'unreadable',
    message: e.message,
  }));
  const { ecr } = loaded.state.aws;
  const found: FoundPolicy[] = [];
  for (const r of ecr.repositories)
    if (r.lifecyclePolicy)
      found.push({
        repository: r.name.origin !== 'unresolved' ? r.name.value : undefined,
        policy: r.lifecyclePolicy,
      });
  for (const p of ecr.lifecyclePolicies) {
    const target = targetOf(loaded.state, p.repository);
    const name = typeof target === 'object' ? target.name : p.repository;
    found.push({ repository: name.origin !== 'unresolved' ? name.value : undefined, policy: p.value });
  }
  return { found, errors };
}

async function runLifecycle(flags: LifecycleFlags, io: Io): Promise<number> {
  const lang: Lang = flags.lang ?? envLang();
  const now = parseNow(flags.now);
  const note = (id: NoteId, data: NoteData) => noteText(lang, { note: id, data });

  // images first: a bad page is a clear error, never a simulation of part of a repository
  const errors: LifecycleError[] = [];
  let images: EcrImage[] = [];
  for (const f of flags.images) {
    const { display, text } = await readText(f, io, MAX_IMAGES_BYTES);
    const r = readDescribeImages(display, text);
    for (const p of r.problems)
      errors.push({ file: p.file, line: p.line, code: p.note, message: note(p.note, p.data) });
    for (const img of r.images) images.push(img); // no spread: a million arguments overflow the stack
  }
  if (errors.length > 0) return fail(io, flags, errors, EXIT.usage);

  const repos = [...new Set(images.map((i) => i.repository).filter((r): r is string => r !== undefined))];
  if (flags.repository !== undefined)
    images = images.filter((i) => (i.repository ?? flags.repository) === flags.repository);
  else if (repos.length > 1)
    throw new UsageError(
      `the images are of several repositories (${repos.join(', ')}): choose one with --repository`,
    );
  const repository = flags.repository ?? repos[0];
  images = uniqueByDigest(images);

  const { found, errors: policyErrors } = await policiesIn(flags.policy, io);
  if (policyErrors.length > 0) return fail(io, flags, policyErrors, EXIT.usage);
  const candidates =
    found.length > 1 && repository !== undefined ? found.filter((p) => p.repository === repository) : found;
  if (candidates.length === 0)
    throw new UsageError(
      found.length === 0
        ? `no lifecycle policy found in ${flags.policy}`
        : `no lifecycle policy of repository ${repository} in ${flags.policy} (found: ${found.map((p) => p.repository ?? '(unresolved)').join(', ')})`,
    );
  if (candidates.length > 1)
    throw new UsageError(
      `${flags.policy} holds several lifecycle policies (${candidates.map((p) => p.repository ?? '(unresolved)').join(', ')}): choose one with --repository`,
    );
  const chosen = candidates[0] as FoundPolicy;
  if (chosen.policy.unknown || !chosen.policy.node) {
    const reason = chosen.policy.unknown
      ? 'is not knowable offline (a variable or reference)'
      : 'is not valid JSON';
    return fail(
      io,
      flags,
      [
        {
          file: chosen.policy.src.file,
          line: chosen.policy.src.startLine,
          code: 'policyUnreadable',
          message: `the lifecycle policy ${reason}`,
        },
      ],
      EXIT.findings,
    );
  }
  const prepared = preparePolicy(chosen.policy.node, chosen.policy.text);
  if (!prepared.rules) return fail(io, flags, validationErrors(prepared, chosen), EXIT.findings);

  let refs: InUse[] = [];
  const inUseErrors: LifecycleError[] = [];
  if (flags.inUse && flags.inUse.length > 0) {
    const loaded = loadInputs(await prepareLoad({ paths: flags.inUse }));
    for (const f of loaded.fatal) throw new UsageError(`cannot read ${f}: no such file or directory`);
    for (const e of loaded.state.inputs.errors)
      inUseErrors.push({
        file: e.file,
        line: e.line,
        code: 'unreadable',
        message: e.note ? note(e.note, e.data ?? {}) : e.message,
      });
    refs = collectInUse(loaded.state);
  }

  const outcome = evaluateLifecycle(prepared.rules, images, now);
  const users = usersOfImages(images, refs, repository);
  const result = lifecycleResult(images, outcome, users, inUseErrors);
  io.stdout(
    flags.format === 'json'
      ? `${JSON.stringify({ ...result, repository: repository ?? null, now: new Date(now).toISOString() }, null, 2)}\n`
      : lifecycleText(result, images.length, repository, now, flags.policy),
  );
  return inUseErrors.length > 0 || result.inUse.length > 0 ? EXIT.findings : EXIT.ok;
}

function uniqueByDigest(images: EcrImage[]): EcrImage[] {
  const seen = new Set<string>();
  return images.filter((i) => {
    const k = `${i.registryId ?? ''}\u0000${i.repository ?? ''}\u0000${i.digest}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The English words of ECR-006's validator codes, for the command's error list. */
const PROBLEM_TEXT: Record<Exclude<LifecycleProblemCode, 'prefixesAnded'>, string> = {
  notAnObject: 'the policy and each rule must be JSON objects',
  noRules: 'the policy has no rules',
  priorityMissing: 'a rule has no rulePriority',
  priorityInvalid: 'rulePriority {value} is not a positive integer',
  duplicatePriority: 'rulePriority {priority} is used by more than one rule',
  anyNotLast:
    'the tagStatus "any" rule (priority {priority}) must have the highest rulePriority (highest is {max})',
  tagStatusInvalid: 'tagStatus {value} is not tagged, untagged or any',
  taggedWithoutList: 'tagStatus "tagged" requires tagPrefixList or tagPatternList',
  untaggedWithList: 'tagStatus "untagged" must not have tagPrefixList or tagPatternList',
  bothLists: 'a rule cannot have both tagPrefixList and tagPatternList',
  tooManyWildcards: 'tag pattern "{pattern}" has more than four * wildcards',
  multipleUntagged: 'only one rule may select untagged images',
  countTypeInvalid:
    'countType {value} is not imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned',
  countUnitWithImageCount: 'countUnit cannot be used with imageCountMoreThan',
  countUnitMissing: 'countType {value} requires countUnit "days"',
  countUnitInvalid: 'countUnit {value} is not "days"',
  countNumberInvalid: 'countNumber {value} is not a positive integer',
  actionInvalid: 'action type {value} is not expire or transition',
  transitionTarget: 'a transition action needs targetStorageClass "archive" (found {value})',
  tooLong: 'the policy is {length} characters long (at most {max})',
};

function validationErrors(prepared: PreparedPolicy, chosen: FoundPolicy): LifecycleError[] {
  const out: LifecycleError[] = prepared.problems.map((p) => ({
    file: p.src.file,
    line: p.src.startLine,
    ...(p.priority !== undefined ? { rulePriority: p.priority } : {}),
    code: p.code,
    message: (PROBLEM_TEXT[p.code as keyof typeof PROBLEM_TEXT] ?? p.code).replace(
      /\{(\w+)\}/g,
      (m, k: string) => (k in p.data ? String(p.data[k]) : m),
    ),
  }));
  if (out.length === 0)
    out.push({
      file: chosen.policy.src.file,
      line: chosen.policy.src.startLine,
      code: 'policyUnresolved',
      message: 'the lifecycle policy has values hako cannot resolve offline: not simulated',
    });
  return out;
}

function fail(io: Io, flags: LifecycleFlags, errors: LifecycleError[], code: number): number {
  if (flags.format === 'json')
    io.stdout(`${JSON.stringify({ valid: false, errors, expired: [], kept: 0 }, null, 2)}\n`);
  else
    for (const e of errors)
      io.stdout(
        `error  ${termSafe(e.file)}:${e.line}${e.rulePriority !== undefined ? `  rule ${e.rulePriority}` : ''}  ${termSafe(e.message)}\n`,
      );
  io.stderr(
    `hako: ${code === EXIT.usage ? 'input not read' : 'lifecycle policy not simulated'}: ${errors.length} error(s)\n`,
  );
  return code;
}

interface ActedImage {
  imageDigest: string;
  imageTags: string[];
  rulePriority: number;
}

interface LifecycleResult {
  valid: true;
  errors: LifecycleError[];
  expired: ActedImage[];
  kept: number;
  transitioned: ActedImage[];
  inUse: (ActedImage & {
    action: 'expire' | 'transition';
    usedBy: { user: string; reference: string; file: string; line: number }[];
  })[];
}

function lifecycleResult(
  images: EcrImage[],
  outcome: ReturnType<typeof evaluateLifecycle>,
  users: Map<number, InUse[]>,
  errors: LifecycleError[],
): LifecycleResult {
  const expired: { i: number; a: ActedImage }[] = [];
  const transitioned: { i: number; a: ActedImage }[] = [];
  const inUse: LifecycleResult['inUse'] = [];
  images.forEach((img, i) => {
    const r = outcome.actedBy[i] as number;
    if (r < 0) return;
    const rule = outcome.rules[r];
    if (!rule) return;
    const a = { imageDigest: img.digest, imageTags: [...img.tags], rulePriority: rule.priority };
    (rule.action === 'transition' ? transitioned : expired).push({ i, a });
    const us = users.get(i);
    if (us)
      inUse.push({
        ...a,
        action: rule.action,
        usedBy: us.map((u) => ({
          user: u.user,
          reference: u.reference,
          file: u.src.file,
          line: u.src.startLine,
        })),
      });
  });
  // AWS expires oldest first: list in that order
  const oldestFirst = (x: { i: number }, y: { i: number }) =>
    (images[x.i] as EcrImage).pushedAt - (images[y.i] as EcrImage).pushedAt;
  expired.sort(oldestFirst);
  transitioned.sort(oldestFirst);
  return {
    valid: true,
    errors,
    expired: expired.map((e) => e.a),
    kept: images.length - expired.length - transitioned.length,
    transitioned: transitioned.map((e) => e.a),
    inUse,
  };
}

function lifecycleText(
  r: LifecycleResult,
  total: number,
  repository: string | undefined,
  now: number,
  policy: string,
): string {
  const t = termSafe;
  const lines = [
    `policy ${t(policy)}${repository ? ` (repository ${t(repository)})` : ''}, ${total} images, as of ${new Date(now).toISOString()}`,
  ];
  const inUse = new Map(r.inUse.map((u) => [u.imageDigest, u]));
  const rows: string[][] = [['ACTION', 'RULE', 'DIGEST', 'TAGS', 'IN USE BY']];
  const add = (action: string, a: ActedImage) =>
    rows.push([
      action,
      String(a.rulePriority),
      a.imageDigest.slice(0, 19),
      a.imageTags.join(',') || '<untagged>',
      inUse
        .get(a.imageDigest)
        ?.usedBy.map((u) => u.user)
        .join(', ') ?? '',
    ]);
  for (const a of r.expired) add('expire', a);
  for (const a of r.transitioned) add('archive', a);
  if (rows.length > 1) {
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
    for (const row of rows)
      lines.push(
        t(
          row
            .map((cell, c) => cell.padEnd(widths[c] ?? 0))
            .join('  ')
            .trimEnd(),
        ),
      );
  }
  for (const u of r.inUse)
    for (const by of u.usedBy)
      lines.push(
        t(
          `IN USE  rule ${u.rulePriority} would ${u.action === 'expire' ? 'expire' : 'archive'} ${by.reference} (${u.imageDigest}), run by ${by.user} (${by.file}:${by.line})`,
        ),
      );
  for (const e of r.errors) lines.push(`error  ${t(e.file)}:${e.line}  ${t(e.message)}`);
  lines.push(
    `${total} images: ${r.expired.length} expired, ${r.transitioned.length} archived, ${r.kept} kept; ${r.inUse.length} in use would be affected`,
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// gate

interface GateFlags {
  max?: string;
  allow?: string;
  now?: string;
  format: 'text' | 'json';
}

async function runGate(files: string[], flags: GateFlags, io: Io): Promise<number> {
  const now = parseNow(flags.now);
  let max: Record<string, number>;
  try {
    max = parseMax(flags.max ?? 'critical=0');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  let allow: AllowEntry[] = [];
  if (flags.allow !== undefined) {
    const { display, text } = await readText(flags.allow, io, MAX_POLICY_BYTES);
    const r = parseAllowList(display, text);
    if (r.errors.length > 0)
      throw new UsageError(r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
    allow = r.entries;
  }
  const findings: GateFinding[] = [];
  const errors: { file: string; line: number; message: string }[] = [];
  const skipped: { file: string; line: number; message: string }[] = [];
  for (const f of files) {
    const { display, text } = await readText(f, io, MAX_IMAGES_BYTES);
    const r = readGateFindings(display, text);
    // no spread: a large findings list would overflow the stack as arguments
    for (const x of r.findings) findings.push(x);
    for (const x of r.errors) errors.push(x);
    for (const x of r.skipped) skipped.push(x);
  }
  const result = evaluateGate(findings, max, allow, now);
  if (flags.format === 'json') io.stdout(`${JSON.stringify({ ...result, skipped, errors }, null, 2)}\n`);
  else io.stdout(gateText(result, errors, skipped));
  if (errors.length > 0) return EXIT.usage;
  return result.passed ? EXIT.ok : EXIT.findings;
}

type Located = { file: string; line: number; message: string };

function gateText(r: GateResult, errors: Located[], skipped: Located[]): string {
  const t = termSafe;
  const lines: string[] = [];
  const rows: string[][] = [['SEVERITY', 'COUNT', 'MAX', '']];
  for (const s of SEVERITY_KEYS) {
    const count = r.counts[s] ?? 0;
    const max = r.max[s];
    if (count === 0 && max === undefined) continue;
    rows.push([
      s,
      String(count),
      max === undefined ? '-' : String(max),
      max !== undefined && count > max ? 'EXCEEDED' : '',
    ]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const row of rows)
    lines.push(
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    );
  for (const a of r.allowed)
    lines.push(t(`allowed  ${a.id} (${a.findings} finding(s)) until ${a.expires}: ${a.reason}`));
  for (const a of r.expiredAllowances)
    lines.push(
      t(
        `EXPIRED  allow-list entry ${a.id} (${a.file}:${a.line}) expired ${a.expires}: its ${a.findings} finding(s) count again`,
      ),
    );
  for (const e of skipped) lines.push(t(`skipped  ${e.file}:${e.line}  ${e.message}`));
  for (const e of errors) lines.push(t(`error  ${e.file}:${e.line}  ${e.message}`));
  lines.push(
    `${r.passed ? 'PASSED' : 'FAILED'}: ${r.findings.length} finding(s) counted, ${r.allowedFindings} allowed, ${r.ignored} not active`,
  );
  return `${lines.join('\n')}\n`;
}

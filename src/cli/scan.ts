/** `hako scan [PATH...]`. */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { ConfigError, ConfigUnreadable, findConfig, type HakoConfig, loadConfig } from '../config.js';
import { didYouMean } from '../engines/shape/suggest.js';
import { displayPath } from '../io/discover.js';
import { STDIN } from '../load.js';
import type { Src } from '../model/source.js';
import { termSafe } from '../report/escape.js';
import { loadReporter, REPORT_FORMATS } from '../report/lazy.js';
import { buffered, fdSink, type Sink } from '../report/stream.js';
import { atLeast, type ScanError } from '../result.js';
import { ruleEntries } from '../rules/registry.js';
import { type Lang, SEVERITIES, type Severity } from '../rules/types.js';
import { baselineJson, type InputText, loadBaseline, scan } from '../scan.js';
import { VERSION } from '../version.js';
import { EXIT, EXIT_CODES_HELP, envLang, InternalError, type Io, langOption, UsageError } from './main.js';
import { progressLine } from './progress.js';

interface ScanFlags {
  format: string;
  output: string[];
  failOn?: Severity;
  rules?: string;
  skipRules?: string;
  config?: string;
  k8sVersion?: string;
  pssLevel?: string;
  lang?: Lang;
  baseline?: string;
  writeBaseline?: string;
  exclude: string[];
  maxFileSize: string;
  jobs?: string;
  color?: boolean;
  showSuppressed?: boolean;
  softFail?: boolean;
  date?: string;
  quiet?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerScanCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  program
    .command('scan')
    .description('scan files and directories (`-` for standard input) and report findings')
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <format=file>', 'also write a report (repeatable)', collect, [])
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 at or above this severity (default high)').choices([
        ...SEVERITIES,
      ]),
    )
    .option('--rules <ids>', 'run only these rule IDs (comma-separated)')
    .option('--skip-rules <ids>', 'do not run these rule IDs (comma-separated)')
    .option(
      '-c, --config <file>',
      'configuration file (default: .hako.yaml found upward from the first path)',
    )
    .option(
      '--k8s-version <1.N>',
      'Kubernetes version: the API versions the server serves, and the Pod Security version when a namespace does not pin one (default latest)',
    )
    .addOption(
      new Option('--pss-level <level>', 'hardening target (default restricted)').choices([
        'baseline',
        'restricted',
      ]),
    )
    .addOption(langOption())
    .option('--baseline <file>', 'report only findings not in this baseline')
    .option('--write-baseline <file>', 'write the current findings as a baseline')
    .option('--exclude <glob>', 'paths not to scan (repeatable)', collect, [])
    .option('--max-file-size <MB>', 'files larger than this are reported, not parsed', '32')
    .option(
      '-j, --jobs <N>',
      'worker threads that read and parse the files (default 1: all in one thread; see bench/results/parallel.md)',
    )
    .option('--no-color', 'never colour the text output')
    .option('--show-suppressed', 'list suppressed findings in the text output')
    .option('-q, --quiet', 'no progress line on standard error (it is shown only on a terminal anyway)')
    .option('--soft-fail', 'exit 0 even when findings reach --fail-on (usage errors still exit 2)')
    .option(
      '--date <YYYY-MM-DD>',
      'judge dates (EKS version support, suppression expiry) as of this day (default today, UTC)',
    )
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (paths: string[], flags: ScanFlags) => {
      setCode(await runScan(paths, flags, io));
    });
}

async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const outputs = flags.output.map((o) => {
    const i = o.indexOf('=');
    const fmt = i < 0 ? '' : o.slice(0, i);
    if (!REPORT_FORMATS.includes(fmt) || i === o.length - 1) {
      throw new UsageError(
        `--output expects FORMAT=FILE with FORMAT one of ${REPORT_FORMATS.join(', ')}, got "${o}"`,
      );
    }
    return { format: fmt, file: o.slice(i + 1) };
  });
  if (flags.k8sVersion !== undefined && !/^(v?1\.\d+|latest)$/.test(flags.k8sVersion)) {
    throw new UsageError(`--k8s-version expects 1.N (e.g. 1.31) or latest, got "${flags.k8sVersion}"`);
  }
  const now = flags.date === undefined ? undefined : parseDate(flags.date);
  const maxMb = Number(flags.maxFileSize);
  if (!Number.isFinite(maxMb) || maxMb <= 0)
    throw new UsageError('--max-file-size expects a positive number of MB');
  const maxBytes = Math.round(maxMb * 1024 * 1024);
  if (flags.jobs !== undefined && !/^[1-9]\d{0,3}$/.test(flags.jobs))
    throw new UsageError(`--jobs expects a whole number of threads from 1, got "${flags.jobs}"`);

  const configFile = flags.config ?? findConfig(paths.find((p) => p !== '-') ?? '.');
  const { config, ignoreSrcs, inputErrors } = readCliConfig(configFile, maxBytes);
  const ruleIds = ruleIdIndex();
  for (const id of Object.keys(config.rules ?? {})) checkRuleId(ruleIds, id, `rules: in ${configFile}`);
  const split = (s: string | undefined, what: string) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => checkRuleId(ruleIds, x, what));
  const only = split(flags.rules, '--rules');
  const skip = split(flags.skipRules, '--skip-rules');
  const stdin = paths.includes('-') ? await io.stdin(maxBytes) : undefined;
  const inputs: InputText[] = stdin ? [{ path: STDIN, content: stdin }] : [];
  const emptyStdin = stdin !== undefined && isBlank(stdin);
  if (emptyStdin) inputErrors.push(emptyStdinError('scan'));
  let baseline: Set<string> | undefined;
  if (flags.baseline) {
    try {
      baseline = loadBaseline(flags.baseline, maxBytes);
    } catch (e) {
      throw new UsageError(`cannot read baseline ${flags.baseline}: ${(e as Error).message}`);
    }
  }
  const lang = flags.lang ?? config.lang ?? envLang();
  const destinations = [
    flags.format === 'text' ? 'standard output' : `standard output (${flags.format})`,
    ...outputs.map((o) => o.file),
    ...(flags.writeBaseline ? [flags.writeBaseline] : []),
  ];
  let result: Awaited<ReturnType<typeof scan>>;
  const progress = io.stderrIsTTY && !flags.quiet ? progressLine(io.stderr, io.clock) : undefined;
  try {
    result = await scan({
      ...(progress ? { onProgress: progress.onProgress } : {}),
      paths,
      inputs,
      inputErrors,
      exclude: flags.exclude,
      rules: only,
      skipRules: skip,
      config,
      configSuppressionSrcs: ignoreSrcs,
      lang,
      baseline,
      maxFileBytes: maxBytes,
      ...(flags.jobs !== undefined ? { jobs: Number(flags.jobs) } : {}),
      ...(now ? { now } : {}),
      pss: { level: flags.pssLevel as 'baseline' | 'restricted' | undefined, version: flags.k8sVersion },
    });
  } catch (e) {
    throw new InternalError('scanning', destinations, e);
  } finally {
    progress?.done();
  }
  for (const f of result.fatal) io.stderr(`hako: cannot read ${termSafe(f)}: no such file or directory\n`);
  if (emptyStdin) io.stderr(`hako: ${emptyStdinError('scan').message}\n`);

  const reportOpts = { lang, version: VERSION, showSuppressed: flags.showSuppressed ?? false };
  // each report on its own: one that fails does not keep the others from being written
  let failure: InternalError | undefined;
  const main = await loadReporter(flags.format);
  let flushed = false; // some of the report reached standard output
  const stdout = buffered((chunk) => {
    io.stdout(chunk);
    flushed = true;
  });
  try {
    main(
      result,
      { ...reportOpts, colour: flags.color !== false && io.isTTY && flags.format === 'text' },
      stdout.out,
    );
    stdout.flush();
  } catch (e) {
    failure = new InternalError(`writing the ${flags.format} report`, [destinations[0]!], e, flushed);
  }
  for (const o of outputs) {
    try {
      const write = await loadReporter(o.format);
      writeReport(o.file, (out) => write(result, { ...reportOpts, colour: false }, out));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      failure ??= new InternalError(`writing the ${o.format} report`, [o.file], e, true);
    }
  }
  if (flags.writeBaseline) {
    const text = baselineJson(result);
    writeReport(flags.writeBaseline, (out) => out(text));
  }
  if (failure) throw failure;

  if (result.fatal.length > 0 || emptyStdin) return EXIT.usage;
  if (flags.softFail) return EXIT.ok;
  const threshold = flags.failOn ?? config.failOn ?? 'high';
  return result.all.some((f) => !f.suppressed && atLeast(f.severity, threshold)) ? EXIT.findings : EXIT.ok;
}

/** Standard input with nothing but white space (or nothing at all). */
export function isBlank(b: Buffer): boolean {
  return b.length <= 1024 * 1024 && b.toString('utf8').trim() === '';
}

/**
 * Empty standard input is a blind spot, not a pass: `helm template ... | hako scan -` of a chart
 * that renders nothing. Reported as HAKO-001 on `<stdin>`, and the run exits 2.
 */
export function emptyStdinError(command: string): ScanError {
  return {
    file: STDIN,
    line: 1,
    message: `standard input is empty: nothing was read (did the command before \`| hako ${command} -\` render nothing?)`,
  };
}

/** `YYYY-MM-DD` of a day that exists (not 2026-02-30), as midnight UTC. */
export function parseDate(s: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s)
    throw new UsageError(`--date expects YYYY-MM-DD of a day that exists, got "${s}"`);
  return d;
}

/** Every rule ID and alias, upper-case, to the rule's ID. */
export function ruleIdIndex(): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of ruleEntries) {
    m.set(r.id, r.id);
    for (const a of r.aliases) m.set(a.toUpperCase(), r.id);
  }
  return m;
}

/**
 * A rule ID (or alias) as written by the user, checked: an unknown one is a usage error with a
 * suggestion, since `--rules ECS-3` would otherwise run nothing and pass.
 */
export function checkRuleId(ids: Map<string, string>, raw: string, where: string): string {
  const id = raw.trim().toUpperCase();
  if (ids.has(id)) return id;
  const padded = /^([A-Z0-9]+)-0*(\d{1,3})$/.exec(id);
  const guess =
    padded && ids.has(`${padded[1]}-${padded[2]!.padStart(3, '0')}`)
      ? `${padded[1]}-${padded[2]!.padStart(3, '0')}`
      : didYouMean(id, [...ids.keys()]);
  throw new UsageError(
    `unknown rule "${raw}" in ${where}${guess ? ` (did you mean ${guess}?)` : ''}; see hako rules`,
  );
}

/** Writes a report file chunk by chunk, creating its folder; a file that cannot be opened is a usage error (exit 2). */
function writeReport(file: string, write: (out: Sink) => void): void {
  const abs = path.resolve(file);
  let fd: number;
  try {
    mkdirSync(path.dirname(abs), { recursive: true });
    fd = openSync(abs, 'w');
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
  try {
    const b = buffered(fdSink(fd));
    write(b.out);
    b.flush();
  } finally {
    closeSync(fd);
  }
}

/**
 * The `.hako.yaml` a command runs with: none → defaults. One that exists but cannot be read (a FIFO,
 * a link to /dev/zero) is an input error and the run goes on without it, saying so; an invalid one is
 * a usage error.
 */
export function readCliConfig(
  configFile: string | undefined,
  maxBytes?: number,
): { config: HakoConfig; ignoreSrcs: Src[]; inputErrors: ScanError[] } {
  const inputErrors: ScanError[] = [];
  if (!configFile) return { config: {}, ignoreSrcs: [], inputErrors };
  try {
    return { ...loadConfig(configFile, maxBytes), inputErrors };
  } catch (e) {
    if (e instanceof ConfigUnreadable) {
      inputErrors.push({
        file: displayPath(path.resolve(e.file), process.cwd()),
        line: e.line,
        message: `configuration not applied: ${e.reason}`,
      });
      return { config: {}, ignoreSrcs: [], inputErrors };
    }
    if (e instanceof ConfigError) throw new UsageError(e.message);
    throw e;
  }
}

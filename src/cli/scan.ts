/** `hako scan [PATH...]`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { ConfigError, findConfig, type HakoConfig, loadConfig } from '../config.js';
import type { Src } from '../model/source.js';
import { reporters } from '../report/index.js';
import { atLeast } from '../result.js';
import { type Lang, SEVERITIES, type Severity } from '../rules/types.js';
import { baselineJson, type InputText, loadBaseline, scan } from '../scan.js';
import { VERSION } from '../version.js';
import { EXIT, type Io, langOption, UsageError } from './main.js';

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
  color?: boolean;
  showSuppressed?: boolean;
  softFail?: boolean;
  date?: string;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerScanCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  program
    .command('scan')
    .description('scan files and directories (`-` for standard input) and report findings')
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(Object.keys(reporters)).default('text'),
    )
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
    .option('--no-color', 'never colour the text output')
    .option('--show-suppressed', 'list suppressed findings in the text output')
    .option('--soft-fail', 'exit 0 even when findings reach --fail-on (usage errors still exit 2)')
    .option(
      '--date <YYYY-MM-DD>',
      'judge dates (EKS version support, suppression expiry) as of this day (default today, UTC)',
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      setCode(await runScan(paths, flags, io));
    });
}

async function runScan(paths: string[], flags: ScanFlags, io: Io): Promise<number> {
  const outputs = flags.output.map((o) => {
    const i = o.indexOf('=');
    const fmt = i < 0 ? '' : o.slice(0, i);
    if (!(fmt in reporters) || i === o.length - 1) {
      throw new UsageError(
        `--output expects FORMAT=FILE with FORMAT one of ${Object.keys(reporters).join(', ')}, got "${o}"`,
      );
    }
    return { format: fmt, file: o.slice(i + 1) };
  });
  if (flags.k8sVersion !== undefined && !/^(v?1\.\d+|latest)$/.test(flags.k8sVersion)) {
    throw new UsageError(`--k8s-version expects 1.N (e.g. 1.31) or latest, got "${flags.k8sVersion}"`);
  }
  let now: Date | undefined;
  if (flags.date !== undefined) {
    now = /^\d{4}-\d{2}-\d{2}$/.test(flags.date) ? new Date(`${flags.date}T00:00:00Z`) : new Date(Number.NaN);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--date expects YYYY-MM-DD, got "${flags.date}"`);
  }
  const maxMb = Number(flags.maxFileSize);
  if (!Number.isFinite(maxMb) || maxMb <= 0)
    throw new UsageError('--max-file-size expects a positive number of MB');

  let config: HakoConfig = {};
  let ignoreSrcs: Src[] = [];
  const configFile = flags.config ?? findConfig(paths.find((p) => p !== '-') ?? '.');
  if (configFile) {
    try {
      ({ config, ignoreSrcs } = loadConfig(configFile));
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(e.message);
      throw e;
    }
  }
  const inputs: InputText[] = paths.includes('-') ? [{ path: '<stdin>', content: await io.stdin() }] : [];
  let baseline: Set<string> | undefined;
  if (flags.baseline) {
    try {
      baseline = loadBaseline(flags.baseline);
    } catch (e) {
      throw new UsageError(`cannot read baseline ${flags.baseline}: ${(e as Error).message}`);
    }
  }
  const lang = flags.lang ?? config.lang ?? 'en';
  const split = (s?: string) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const result = await scan({
    paths,
    inputs,
    exclude: flags.exclude,
    rules: split(flags.rules),
    skipRules: split(flags.skipRules),
    config,
    configSuppressionSrcs: ignoreSrcs,
    lang,
    baseline,
    maxFileBytes: Math.round(maxMb * 1024 * 1024),
    ...(now ? { now } : {}),
    pss: { level: flags.pssLevel as 'baseline' | 'restricted' | undefined, version: flags.k8sVersion },
  });
  for (const f of result.fatal) io.stderr(`hako: cannot read ${f}: no such file or directory\n`);

  const reportOpts = { lang, version: VERSION, showSuppressed: flags.showSuppressed ?? false };
  const main = reporters[flags.format]!;
  io.stdout(
    main(result, { ...reportOpts, colour: flags.color !== false && io.isTTY && flags.format === 'text' }),
  );
  for (const o of outputs)
    writeReport(o.file, reporters[o.format]!(result, { ...reportOpts, colour: false }));
  if (flags.writeBaseline) writeReport(flags.writeBaseline, baselineJson(result));

  if (result.fatal.length > 0) return EXIT.usage;
  if (flags.softFail) return EXIT.ok;
  const threshold = flags.failOn ?? config.failOn ?? 'high';
  return result.findings.some((f) => !f.suppressed && atLeast(f.severity, threshold))
    ? EXIT.findings
    : EXIT.ok;
}

/** Writes a report file, creating its folder; a write that fails is a usage error (exit 2), not a crash. */
function writeReport(file: string, text: string): void {
  const abs = path.resolve(file);
  try {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/**
 * `hako fix PATH...`: applies the provably safe fixes to Kubernetes YAML and ECS task definition
 * JSON (docs/fix.md says which and why) and prints the rest as suggestions. `--dry-run` prints a
 * unified diff and writes nothing.
 */
import { type Command, Option } from 'commander';
import { findConfig } from '../config.js';
import { type FixResult, runFix, unifiedDiff } from '../fix/index.js';
import { fixText } from '../fix/messages.js';
import { termSafe } from '../report/escape.js';
import { atLeast } from '../result.js';
import { type Lang, SEVERITIES, type Severity } from '../rules/types.js';
import { EXIT, EXIT_CODES_HELP, envLang, InternalError, type Io, langOption, UsageError } from './main.js';
import { readCliConfig } from './scan.js';

interface FixFlags {
  dryRun?: boolean;
  format: 'text' | 'json';
  failOn?: Severity;
  config?: string;
  k8sVersion?: string;
  pssLevel?: 'baseline' | 'restricted';
  lang?: Lang;
  exclude: string[];
  softFail?: boolean;
}

export function registerFixCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  program
    .command('fix')
    .description(
      'apply the provably safe fixes to Kubernetes YAML and ECS JSON in place; print the rest as suggestions',
    )
    .argument('<paths...>', 'files and directories (standard input cannot be fixed in place)')
    .option('--dry-run', 'print a unified diff of the fixes; change no file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when findings at or above it remain (default high)').choices(
        [...SEVERITIES],
      ),
    )
    .option(
      '-c, --config <file>',
      'configuration file (default: .hako.yaml found upward from the first path)',
    )
    .option('--k8s-version <1.N>', 'Kubernetes version, as for `hako scan` (default latest)')
    .addOption(
      new Option('--pss-level <level>', 'hardening target (default restricted)').choices([
        'baseline',
        'restricted',
      ]),
    )
    .addOption(langOption())
    .option('--exclude <glob>', 'paths not to fix (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--soft-fail', 'exit 0 even when findings at or above --fail-on remain')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .action(async (paths: string[], flags: FixFlags) => {
      setCode(await fix(paths, flags, io));
    });
}

async function fix(paths: string[], flags: FixFlags, io: Io): Promise<number> {
  if (paths.includes('-'))
    throw new UsageError('fix rewrites files in place: standard input (-) cannot be fixed');
  if (flags.k8sVersion !== undefined && !/^(v?1\.\d+|latest)$/.test(flags.k8sVersion))
    throw new UsageError(`--k8s-version expects 1.N (e.g. 1.31) or latest, got "${flags.k8sVersion}"`);
  const { config, ignoreSrcs, inputErrors } = readCliConfig(flags.config ?? findConfig(paths[0] ?? '.'));
  const lang = flags.lang ?? config.lang ?? envLang();
  let result: FixResult;
  try {
    result = await runFix({
      paths,
      dryRun: flags.dryRun ?? false,
      inputErrors,
      exclude: flags.exclude,
      config,
      configSuppressionSrcs: ignoreSrcs,
      lang,
      pss: { level: flags.pssLevel, version: flags.k8sVersion },
    });
  } catch (e) {
    throw new InternalError(flags.dryRun ? 'planning fixes' : 'fixing files', [], e);
  }
  for (const f of result.before.fatal)
    io.stderr(`hako: cannot read ${termSafe(f)}: no such file or directory\n`);
  for (const f of result.unparsable)
    io.stderr(
      `hako: the fixes for ${termSafe(f)} would change other values; it was left unchanged (please report it)\n`,
    );
  io.stdout(
    flags.format === 'json'
      ? renderJson(result, lang, flags.dryRun ?? false)
      : renderText(result, lang, flags.dryRun ?? false),
  );
  if (result.before.fatal.length > 0) return EXIT.usage;
  if (flags.softFail) return EXIT.ok;
  const threshold = flags.failOn ?? config.failOn ?? 'high';
  return result.remaining.some((f) => atLeast(f.severity, threshold)) ? EXIT.findings : EXIT.ok;
}

function renderJson(r: FixResult, lang: Lang, dryRun: boolean): string {
  const note = (n: FixResult['suggestions'][number]) => ({
    file: n.file,
    line: n.line,
    resource: n.resource,
    ruleId: n.rule,
    messageId: n.text.id,
    message: fixText(lang, n.text),
  });
  return `${JSON.stringify(
    {
      dryRun,
      files: r.files.map((f) => ({
        file: f.file,
        applied: f.applied.map(note),
        ...(dryRun ? { diff: unifiedDiff(f.before, f.after, `a/${f.file}`, `b/${f.file}`) } : {}),
      })),
      fixed: r.fixed.map((f) => ({
        ruleId: f.ruleId,
        messageId: f.messageId,
        file: f.location.file,
        line: f.location.startLine,
        resource: f.resource.address,
        fingerprint: f.fingerprint,
      })),
      suggestions: r.suggestions.map(note),
      remaining: r.remaining.map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        messageId: f.messageId,
        file: f.location.file,
        line: f.location.startLine,
        resource: f.resource.address,
        message: f.message,
        remediation: f.remediation,
      })),
      unparsable: r.unparsable,
    },
    null,
    2,
  )}\n`;
}

/** Names and messages come from the scanned files: terminal-safe, as in `hako scan`. */
function renderText(r: FixResult, lang: Lang, dryRun: boolean): string {
  const t = termSafe;
  const out: string[] = [];
  if (dryRun)
    for (const f of r.files)
      out.push(
        ...unifiedDiff(f.before, f.after, `a/${f.file}`, `b/${f.file}`).replace(/\n$/, '').split('\n').map(t),
      );
  for (const f of r.files) {
    out.push(`${dryRun ? 'would fix' : 'fixed'}  ${t(f.file)}`);
    for (const a of f.applied)
      out.push(`  ${t(a.file)}:${a.line}  ${a.rule}  ${t(a.resource)}: ${t(fixText(lang, a.text))}`);
  }
  if (r.suggestions.length > 0) {
    out.push('not fixed (suggestions):');
    for (const s of r.suggestions)
      out.push(`  ${t(s.file)}:${s.line}  ${s.rule}  ${t(s.resource)}: ${t(fixText(lang, s.text))}`);
  }
  if (r.remaining.length > 0) {
    out.push(`remaining findings (${r.remaining.length}), to fix by hand:`);
    for (const f of r.remaining) {
      out.push(`  ${t(f.location.file)}:${f.location.startLine}  ${f.ruleId} ${f.severity}  ${t(f.message)}`);
      if (f.remediation) out.push(`      ${t(f.remediation)}`);
    }
  }
  const changes = r.files.reduce((n, f) => n + f.applied.length, 0);
  out.push(
    `${n(r.files.length, 'file')} ${dryRun ? 'would change' : 'changed'} (${n(changes, 'fix', 'fixes')}), ${n(r.fixed.length, 'finding')} ${dryRun ? 'would be ' : ''}fixed, ${r.remaining.length} remain`,
  );
  return `${out.join('\n')}\n`;
}

function n(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

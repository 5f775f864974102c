/** `hako pss`: Pod Security Admission's verdict on every pod and pod template. */
import { type Command, Option } from 'commander';
import { formatViolations } from '../engines/pss/index.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read.js';
import { type InputText, prepareLoad, STDIN } from '../load.js';
import { type PssResult, runPss } from '../pss.js';
import { termSafe } from '../report/escape.js';
import { EXIT, type Io, UsageError } from './main.js';
import { emptyStdinError, isBlank } from './scan.js';

export function registerPssCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  program
    .command('pss')
    .description('evaluate pods and pod templates exactly as Pod Security Admission does')
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .addOption(
      new Option('--level <level>', "level to enforce (default: each namespace's enforce label)").choices([
        'privileged',
        'baseline',
        'restricted',
      ]),
    )
    .option('--version <v1.N|latest>', 'policy version (default latest; newer than known = newest known)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--exclude <glob>', 'paths not to scan (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(
      async (
        paths: string[],
        flags: {
          level?: 'privileged' | 'baseline' | 'restricted';
          version?: string;
          format: string;
          exclude: string[];
        },
      ) => {
        if (flags.version !== undefined && !/^(v?1\.\d+|latest)$/.test(flags.version)) {
          throw new UsageError(`--version expects v1.N or latest, got "${flags.version}"`);
        }
        const stdin = paths.includes('-') ? await io.stdin(DEFAULT_MAX_FILE_BYTES) : undefined;
        const inputs: InputText[] = stdin ? [{ path: STDIN, content: stdin }] : [];
        const emptyStdin = stdin !== undefined && isBlank(stdin);
        const result = runPss(
          await prepareLoad({
            paths,
            inputs,
            inputErrors: emptyStdin ? [emptyStdinError('pss')] : [],
            level: flags.level,
            version: flags.version,
            exclude: flags.exclude,
          }),
        );
        for (const f of result.fatal)
          io.stderr(`hako: cannot read ${termSafe(f)}: no such file or directory\n`);
        if (emptyStdin) io.stderr(`hako: ${emptyStdinError('pss').message}\n`);
        // inputs were found but none could be read: no verdict at all, not "0 pods: 0 allowed"
        const nothingRead = result.files > 0 && result.read === 0;
        if (nothingRead) io.stderr('hako: no input could be read; no pod was evaluated\n');
        io.stdout(flags.format === 'json' ? renderJson(result) : renderText(result));
        if (result.fatal.length > 0 || emptyStdin || nothingRead) setCode(EXIT.usage);
        else if (result.errors.length > 0 || result.results.some((r) => !r.allowed)) setCode(EXIT.findings);
        else setCode(EXIT.ok);
      },
    );
}

function renderJson(r: PssResult): string {
  return `${JSON.stringify(
    {
      level: r.level,
      version: r.version,
      results: r.results.map(({ line: _line, ...rest }) => rest),
      errors: r.errors,
    },
    null,
    2,
  )}\n`;
}

/** Names and messages come from the scanned files: terminal-safe, as in `hako scan`. */
function renderText(r: PssResult): string {
  const t = termSafe;
  const lines = r.results.map((p) => {
    const head = `${p.allowed ? 'allowed' : 'DENIED '}  ${t(p.file)}:${p.line}  ${t(p.kind)} ${t(p.namespace)}/${t(p.name)}  [${p.level}:${p.version}]`;
    return p.allowed
      ? head
      : `${head}\n           violates PodSecurity "${p.level}:${p.version}": ${t(formatViolations(p.violations.map((v) => ({ ...v, paths: [] }))))}`;
  });
  for (const e of r.errors) lines.push(`error    ${t(e.file)}:${e.line}  ${t(e.message)}`);
  const denied = r.results.filter((p) => !p.allowed).length;
  lines.push(`${r.results.length} pods: ${r.results.length - denied} allowed, ${denied} denied`);
  return `${lines.join('\n')}\n`;
}

/** The CLI: arguments → options → library → reporter → exit code. No logic of its own. */
import { Command, CommanderError, Help, Option } from 'commander';
import { termSafe } from '../report/escape.js';
import type { Lang } from '../rules/types.js';
import { VERSION } from '../version.js';

/**
 * Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage error or unreadable input,
 * 3 an internal error of hako (never 1: that would read as "findings").
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export const EXIT_CODES_HELP =
  'Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or an input\n' +
  'that could not be read at all, 3 internal error of hako (report it; the report is partial or missing).\n';

export class UsageError extends Error {}

/** An unexpected failure, with what hako was doing and where the report was to go. */
export class InternalError extends Error {
  constructor(
    readonly doing: string,
    readonly destinations: string[],
    readonly failure: unknown,
    readonly partial = false,
  ) {
    super(`${doing}: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
}

export interface Io {
  stdout: (s: string) => void;
  /** Resolves once standard output can take more (its buffer drained, or the reader went away). */
  drain?: () => Promise<void>;
  stderr: (s: string) => void;
  /** Standard input, at most `maxBytes + 1` bytes: more than `maxBytes` means over the limit (reading stops there). */
  stdin: (maxBytes: number) => Promise<Buffer>;
  isTTY: boolean;
  /** Standard error is a terminal (the scan's progress line goes there); absent: not one. */
  stderrIsTTY?: boolean;
  /** Milliseconds, for the progress line's rate and ETA (tests give a fake clock); default Date.now. */
  clock?: () => number;
}

/**
 * Set when the reader of standard output went away (`hako scan | head`): the rest of the report has
 * nowhere to go, so it is dropped and hako ends with the exit code of the scan, as `grep` does.
 */
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  stdoutClosed = true;
});

export const processIo: Io = {
  stdout: (s) => {
    if (!stdoutClosed) process.stdout.write(s);
  },
  drain: () =>
    stdoutClosed || !process.stdout.writableNeedDrain
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const done = () => {
            for (const e of ['drain', 'close', 'error']) process.stdout.off(e, done);
            resolve();
          };
          for (const e of ['drain', 'close', 'error']) process.stdout.on(e, done);
        }),
  stderr: (s) => process.stderr.write(s),
  stdin: async (maxBytes) => {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of process.stdin) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n > maxBytes) break; // leaving the loop destroys the stream: `< /dev/zero` ends here
    }
    const all = Buffer.concat(chunks);
    return all.length > maxBytes + 1 ? all.subarray(0, maxBytes + 1) : all;
  },
  isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  stderrIsTTY: Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb',
};

type Register = (program: Command, io: Io, setCode: (c: number) => void) => void;

/**
 * The commands, in the order `hako --help` lists them. Each command's module (and what it imports:
 * rules, engines, parsers) is loaded only when that command runs; `hako --help`, `--version` and an
 * unknown command get stand-ins with the same help line (`term` and `summary`, checked against the
 * real commands by test/e2e/start.test.ts).
 */
export const COMMANDS: { name: string; term: string; summary: string; load: () => Promise<Register> }[] = [
  {
    name: 'scan',
    term: 'scan [options] [paths...]',
    summary: 'scan files and directories (`-` for standard input) and report findings',
    load: async () => (await import('./scan.js')).registerScanCommand,
  },
  {
    name: 'pss',
    term: 'pss [options] [paths...]',
    summary: 'evaluate pods and pod templates exactly as Pod Security Admission does',
    load: async () => (await import('./pss.js')).registerPssCommand,
  },
  {
    name: 'rbac',
    term: 'rbac',
    summary: 'offline RBAC queries: Kubernetes RBAC, default roles and EKS authentication as one graph',
    load: async () => (await import('./rbac.js')).registerRbacCommand,
  },
  {
    name: 'netpol',
    term: 'netpol',
    summary: 'NetworkPolicy reachability with exact Kubernetes semantics',
    load: async () => (await import('./netpol.js')).registerNetpolCommand,
  },
  {
    name: 'rules',
    term: 'rules [options]',
    summary: 'list the rule catalogue',
    load: async () => (await import('./rules.js')).registerRulesCommands,
  },
  {
    name: 'explain',
    term: 'explain [options] <rule-id>',
    summary: "a rule's rationale, remediation, references and examples",
    load: async () => (await import('./rules.js')).registerRulesCommands,
  },
  {
    name: 'ecr',
    term: 'ecr',
    summary: 'ECR: lifecycle policy preview and scan-findings gate',
    load: async () => (await import('./ecr.js')).registerEcrCommand,
  },
  {
    name: 'audit',
    term: 'audit [options] <paths...>',
    summary: 'detections over EKS audit logs (raw events, CloudWatch Logs exports, gzip), streamed',
    load: async () => (await import('./audit.js')).registerAuditCommand,
  },
  {
    name: 'webhook',
    term: 'webhook',
    summary: 'a Kubernetes validating admission webhook applying the same rules as hako scan',
    load: async () => (await import('./webhook.js')).registerWebhookCommand,
  },
  {
    name: 'fix',
    term: 'fix [options] <paths...>',
    summary:
      'apply the provably safe fixes to Kubernetes YAML and ECS JSON in place; print the rest as suggestions',
    load: async () => (await import('./fix.js')).registerFixCommand,
  },
  {
    name: 'init',
    term: 'init [options] [dir]',
    summary: 'write a commented .hako.yaml (with its JSON Schema for editors) into DIR',
    load: async () => (await import('./init.js')).registerInitCommand,
  },
];

/**
 * Registers the command the arguments name (`hako scan ...`, `hako help scan`) from its module;
 * otherwise (`--help`, `--version`, a misspelt command) every command as a stand-in that only
 * has its help line, so nothing else is loaded.
 */
async function addCommands(program: Command, argv: string[], io: Io, setCode: (c: number) => void) {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  const named = COMMANDS.find((c) => c.name === name);
  if (named) {
    (await named.load())(program, io, setCode);
    return;
  }
  const terms = new Map<Command, string>();
  for (const c of COMMANDS) terms.set(program.command(c.name).description(c.summary), c.term);
  const plain = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? plain.subcommandTerm(cmd) });
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('hako')
    .description(
      'Security checks for container workloads on AWS: ECS, EKS, ECR and Kubernetes, from your files.',
    )
    .version(VERSION)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError()
    .addHelpText('after', `\n${EXIT_CODES_HELP}`);
  const setCode = (c: number) => {
    code = c;
  };
  try {
    await addCommands(program, argv, io, setCode);
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.stderr(`hako: ${termSafe(e.message)}\n`);
      return EXIT.usage;
    }
    io.stderr(`${internalErrorLine(e)}\n`);
    return EXIT.internal;
  }
  return code;
}

/** One line: what failed, where in hako's code, and what became of the report. */
export function internalErrorLine(e: unknown): string {
  const cause = e instanceof InternalError ? e.failure : e;
  const err = cause instanceof Error ? cause : new Error(String(cause));
  const frame = err.stack
    ?.split('\n')
    .find((l) => /^\s+at /.test(l))
    ?.trim()
    .replace(/^at /, '');
  const what = e instanceof InternalError ? `${e.doing}: ${err.message}` : err.message;
  const report =
    e instanceof InternalError && e.destinations.length > 0
      ? `; the report for ${e.destinations.join(', ')} is ${e.partial ? 'partial' : 'not written'}`
      : '';
  return termSafe(
    `hako: internal error (exit 3), please report it: ${what}${frame ? ` (at ${frame})` : ''}${report}`,
  );
}

export function langOption(): Option {
  return new Option(
    '--lang <lang>',
    'language of messages (default: the locale of LC_ALL, LC_MESSAGES or LANG: ja_JP.UTF-8 is ja; else en)',
  ).choices(['en', 'ja']);
}

/**
 * The language when `--lang` is not given: the locale's, looked up as POSIX does (LC_ALL, then
 * LC_MESSAGES, then LANG; the first one set wins). `ja`, `ja_JP.UTF-8`, `ja_JP.eucJP` → ja;
 * anything else (C, POSIX, en_US.UTF-8, unset) → en.
 */
export function envLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^ja([_.@]|$)/i.test(locale) ? 'ja' : 'en';
}

/** The CLI: arguments → options → library → reporter → exit code. No logic of its own. */
import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { registerPssCommand } from './pss.js';
import { registerRulesCommands } from './rules.js';
import { registerScanCommand } from './scan.js';

/** Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage error or unreadable input. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export class UsageError extends Error {}

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<Buffer>;
  isTTY: boolean;
}

export const processIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  },
  isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

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
    .showHelpAfterError();
  const setCode = (c: number) => {
    code = c;
  };
  registerScanCommand(program, io, setCode);
  registerPssCommand(program, io, setCode);
  registerRulesCommands(program, io, setCode);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0
        ? EXIT.ok
        : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.stderr(`hako: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}

export function langOption(): Option {
  return new Option('--lang <lang>', 'language of messages').choices(['en', 'ja']);
}

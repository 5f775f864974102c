/**
 * `hako init [DIR]`: writes a commented `.hako.yaml` (every key explained, the defaults active or
 * commented out) whose first line points editors at the JSON Schema shipped with this hako, so they
 * complete and validate it. An existing file is never overwritten without `--force`.
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { CONFIG_FILE } from '../config.js';
import { termSafe } from '../report/escape.js';
import { EXIT, type Io, UsageError } from './main.js';

/** The schema file of the running hako (dist/cli/init.js → schema/). */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/hako-config.schema.json', import.meta.url));

/**
 * The `$schema` reference written into `dir/.hako.yaml`: the project's own installed copy
 * (`node_modules/hako/schema/...`) when there is one, else the schema of the hako that runs,
 * relative to `dir` (a path that exists on this machine; editors resolve it from the file).
 */
export function schemaRef(dir: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const local = path.join(d, 'node_modules', 'hako', 'schema', 'hako-config.schema.json');
    if (existsSync(local)) return toRef(dir, local);
    if (path.dirname(d) === d) break;
  }
  return toRef(dir, SCHEMA_FILE);
}

function toRef(dir: string, file: string): string {
  const rel = path.relative(path.resolve(dir), file).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function configTemplate(schema: string): string {
  return `# yaml-language-server: $schema=${schema}
#
# hako configuration. hako scan finds this file in the directory of the first path it scans or
# in any parent (or takes --config FILE). Every key is optional; the values written below are
# hako's defaults, and the commented-out lines are examples. See README.md ("Configuration").

# Exit with 1 when a finding at or above this severity is reported: critical, high, medium, low,
# info. The command line's --fail-on wins over it.
failOn: high

# Language of messages: en or ja. Without it (and without --lang) hako follows LANG / LC_ALL.
# lang: ja

# Pod Security Standards target of the K8S-1xx rules: the level (baseline or restricted) and the
# Kubernetes version of the policy (1.N or latest).
pss:
  level: restricted
  # version: "1.31"

# Rules by ID: off, on, a severity (critical, high, medium, low, info), or
# { enabled: true|false, severity: ... }. hako rules lists them all.
rules: {}
#  ECS-012: off
#  ECS-011: low

# Globs of paths not to scan (.gitignore is honoured as well).
exclude: []
#  - "legacy/**"
#  - "**/testdata/**"

# Suppressions for inputs that cannot carry a comment (JSON) or for whole paths. A suppression
# needs a reason (HAKO-002 reports one without); after \`expires\` it no longer applies.
ignore: []
#  - rule: ECS-004
#    resource: nginx-proxy          # ECS family / service name, or Kind/namespace/name
#    path: "ecs/**"                 # a glob of file paths
#    reason: nginx writes its cache to the root filesystem; tracked in OPS-112
#    expires: 2027-03-31
`;
}

export function registerInitCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  program
    .command('init')
    .description(`write a commented ${CONFIG_FILE} (with its JSON Schema for editors) into DIR`)
    .argument('[dir]', 'directory to write it into', '.')
    .option('--force', `overwrite an existing ${CONFIG_FILE}`)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((dir: string, flags: { force?: boolean; format: string }) => {
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
        throw new UsageError(`${dir} is not a directory`);
      const file = path.join(dir, CONFIG_FILE);
      const schema = schemaRef(dir);
      let fd: number;
      try {
        // 'wx' fails on anything already there, a dangling link included: nothing is overwritten by accident
        fd = openSync(file, flags.force ? 'w' : 'wx');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new UsageError(`${file} already exists; run hako init --force to overwrite it`);
        throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
      }
      try {
        writeSync(fd, configTemplate(schema));
      } finally {
        closeSync(fd);
      }
      io.stdout(
        flags.format === 'json'
          ? `${JSON.stringify({ written: file, schema }, null, 2)}\n`
          : `wrote ${termSafe(file)} (schema: ${termSafe(schema)})\n`,
      );
      setCode(EXIT.ok);
    });
}

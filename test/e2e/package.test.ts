/**
 * The published package as a user gets it: `npm pack`, installed into a scratch project, its
 * `hako` bin run on an example and the library imported from plain Node ESM.
 *
 * The tarball is packed with `--ignore-scripts` (`npm test` has just built dist/; `prepack` would
 * rebuild it under the other e2e tests). It is installed the way npm installs a package, without
 * the network: extracted into node_modules/hako, its `bin` linked into node_modules/.bin and each
 * of its `dependencies` (only those: a run-time import of a dev dependency fails here) linked from
 * this checkout. `npm install --offline <tarball>` would do the same but needs every dependency in
 * the npm cache, which a checkout installed from a lockfile mirror does not have.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

interface Manifest {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
let scratch = '';
let packed: string[] = [];

function run(cmd: string, args: string[], cwd: string, input = '') {
  const r = spawnSync(cmd, args, {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ missing: run npm run build');
  scratch = mkdtempSync(path.join(tmpdir(), 'hako-pkg-'));
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], ROOT);
  expect(pack.code, pack.stderr).toBe(0);
  const info = (JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  packed = info.files.map((f) => f.path);

  writeFileSync(
    path.join(scratch, 'package.json'),
    '{ "name": "scratch", "private": true, "type": "module" }\n',
  );
  const dest = path.join(scratch, 'node_modules', 'hako');
  mkdirSync(dest, { recursive: true });
  const tar = run(
    'tar',
    ['-xzf', path.join(scratch, info.filename), '-C', dest, '--strip-components=1'],
    scratch,
  );
  expect(tar.code, tar.stderr).toBe(0);
  for (const dep of Object.keys(manifest.dependencies)) {
    const link = path.join(dest, 'node_modules', dep);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', dep), link, 'dir');
  }
  mkdirSync(path.join(scratch, 'node_modules', '.bin'));
  for (const [name, file] of Object.entries(manifest.bin)) {
    chmodSync(path.join(dest, file), 0o755);
    symlinkSync(path.join('..', 'hako', file), path.join(scratch, 'node_modules', '.bin', name));
  }
  cpSync(path.join(ROOT, 'examples', 'insecure', 'ecs'), path.join(scratch, 'ecs'), { recursive: true });
}, 60_000);

describe('the npm package', () => {
  it('names an entry that exists, with types, ESM exports, a licence and a prepack build', () => {
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(packed).toContain(manifest.main.replace(/^\.\//, ''));
    expect(packed).toContain(manifest.types.replace(/^\.\//, ''));
    expect(packed).toContain('LICENSE');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(
      /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/,
    );
    expect(manifest.scripts.prepack).toMatch(/npm run build/);
  });

  it('ships no source maps without their sources, no tests and no TypeScript sources', () => {
    const maps = packed.filter((f) => f.endsWith('.map'));
    const sources = packed.some((f) => f.startsWith('src/'));
    expect(maps.length === 0 || sources).toBe(true);
    expect(packed.filter((f) => /\.test\.(js|d\.ts)$/.test(f) || /^test\//.test(f))).toEqual([]);
  });

  it('its declarations import only run-time dependencies', () => {
    const deps = new Set(Object.keys(manifest.dependencies));
    const bad: string[] = [];
    for (const f of walk(path.join(scratch, 'node_modules', 'hako', 'dist')).filter((x) =>
      x.endsWith('.d.ts'),
    )) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*)['"]([^'"]+)['"]/g)) {
        const spec = m[1]!;
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!deps.has(pkg)) bad.push(`${path.relative(scratch, f)}: ${spec}`);
      }
      if (/\/\/\/\s*<reference types="(?!node")/.test(text)) bad.push(`${f}: reference types`);
    }
    expect(bad).toEqual([]);
  });

  it('installs a `hako` command that scans', () => {
    const r = run(
      path.join(scratch, 'node_modules', '.bin', 'hako'),
      ['scan', 'ecs', '--format', 'json'],
      scratch,
    );
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; location: { file: string } }[] };
    expect(out.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'ECS-003',
        location: expect.objectContaining({ file: 'ecs/agent-ec2.task-definition.json' }),
      }),
    );
  });

  it('is a library for plain Node ESM: scan, runPss, reporters, allRules, defineRule', () => {
    const program = `
      import { scan, runPss, reporters, renderSarif, allRules, defineRule, VERSION } from 'hako';
      const result = await scan({ paths: ['ecs'] });
      const pss = await runPss({ inputs: [{ path: 'p.yaml', content: 'apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec: {containers: [{name: c, image: x, securityContext: {privileged: true}}]}\\n' }], level: 'baseline' });
      const sarif = JSON.parse(renderSarif(result, { colour: false, lang: 'en', version: VERSION }));
      const rule = defineRule({ meta: allRules[0].meta, check() {} });
      console.log(JSON.stringify({
        ids: result.findings.map((f) => f.ruleId),
        formats: Object.keys(reporters),
        rules: allRules.length,
        pss: pss.results.map((r) => r.allowed),
        sarif: sarif.runs[0].results.length,
        rule: rule.meta.id,
      }));`;
    const r = run(process.execPath, ['--input-type=module', '-e', program], scratch);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.ids).toContain('ECS-003');
    expect(out.formats).toEqual(expect.arrayContaining(['text', 'json', 'sarif', 'junit', 'markdown']));
    expect(out.rules).toBeGreaterThan(50);
    expect(out.pss).toEqual([false]);
    expect(out.sarif).toBe((out.ids as string[]).length);
    expect(out.rule).toMatch(/^[A-Z]+-\d{3}$/);
  });
});

describe('bin/hako.js on a checkout that was never built', () => {
  it('says to build first, in one line, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hako-unbuilt-'));
    mkdirSync(path.join(dir, 'bin'));
    cpSync(path.join(ROOT, 'bin', 'hako.js'), path.join(dir, 'bin', 'hako.js'));
    cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    const r = run(process.execPath, [path.join(dir, 'bin', 'hako.js'), 'scan', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hako: .*run npm run build first\n$/);
  });
});

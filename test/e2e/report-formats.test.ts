/**
 * Every report format through the compiled CLI (`node bin/hako.js`), on a directory holding a
 * privileged ECS task definition (ECS-003) and a YAML file that does not parse (HAKO-001): the
 * JSON contract of product.md key for key, SARIF against the official 2.1.0 schema, JUnit as
 * well-formed XML, several reports from one run, exit codes and languages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hako, PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';
import { sarifSchemaErrors } from '../helpers/sarif-schema.js';
import { elements, parseXml } from '../helpers/xml.js';

const BROKEN_YAML = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n';
/** ECS-003 fires on line 4 of PRIVILEGED_TASK, the container with `privileged: true`. */
const ECS003_LINE = 4;

const dirs: string[] = [];
function tree(files: Record<string, string>): string {
  const dir = realpathSync(tempTree(files));
  dirs.push(dir);
  return dir;
}

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` on a fresh checkout builds here, once.
  if (
    !existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')) ||
    !existsSync(path.join(ROOT, 'dist', 'report', 'sarif.js'))
  ) {
    const r = spawnSync('npm', ['run', 'build'], {
      cwd: ROOT,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
  }
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The keys of an object, sorted, for exact comparison with the contract. */
const keys = (o: unknown) => Object.keys(o as object).sort();
const sorted = (k: string[]) => [...k].sort();

interface JsonFinding {
  ruleId: string;
  title: string;
  severity: string;
  location: { file: string; startLine: number };
  suppressed: unknown;
  related: unknown[];
}

describe('hako scan report formats', () => {
  const mixed = () => tree({ 'task.json': PRIVILEGED_TASK, 'broken.yaml': BROKEN_YAML });

  it('--format json prints exactly the product.md contract', () => {
    const dir = mixed();
    const r = hako(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      version: number;
      findings: JsonFinding[];
      errors: unknown[];
      summary: Record<string, unknown>;
    };
    expect(keys(out)).toEqual(sorted(['version', 'findings', 'errors', 'summary']));
    expect(out.version).toBe(1);
    expect(out.findings.length).toBeGreaterThanOrEqual(2);
    for (const f of out.findings as unknown as Record<string, Record<string, unknown>>[]) {
      // optional: `data`, the values the message was built from (e.g. K8S-004's data.field)
      if (f.data !== undefined)
        for (const v of Object.values(f.data)) expect(['string', 'number']).toContain(typeof v);
      expect(keys(f).filter((k) => k !== 'data')).toEqual(
        sorted([
          'ruleId',
          'slug',
          'severity',
          'title',
          'message',
          'messageId',
          'resource',
          'location',
          'related',
          'remediation',
          'references',
          'equivalents',
          'suppressed',
        ]),
      );
      expect(keys(f.resource)).toEqual(sorted(['kind', 'name', 'namespace', 'address']));
      expect(keys(f.location)).toEqual(sorted(['file', 'startLine', 'startColumn', 'endLine', 'endColumn']));
      for (const rel of f.related as unknown as unknown[])
        expect([
          sorted(['file', 'startLine', 'message']),
          sorted(['file', 'startLine', 'message', 'messageId']),
        ]).toContainEqual(keys(rel));
      expect(keys(f.equivalents)).toEqual(sorted(['checkov', 'trivy', 'kubeLinter', 'polaris']));
      expect(f.suppressed).toBeNull();
    }
    const ecs = out.findings.find((f) => f.ruleId === 'ECS-003');
    expect(ecs).toMatchObject({
      severity: 'critical',
      title: 'Container runs privileged',
      location: { file: 'task.json', startLine: ECS003_LINE },
    });
    expect(out.findings.find((f) => f.ruleId === 'HAKO-001')).toMatchObject({
      severity: 'high',
      location: { file: 'broken.yaml' },
    });
    expect(out.errors.length).toBe(1);
    for (const e of out.errors) expect(keys(e)).toEqual(sorted(['file', 'line', 'message']));
    expect(out.errors[0]).toMatchObject({ file: 'broken.yaml', line: expect.any(Number) });
    // product.md: summary { files, resources, findings { critical..info } }. `suppressed` and
    // `skipped` are in the output but not yet in product.md: listed here so any other key fails.
    expect(keys(out.summary)).toEqual(sorted(['files', 'resources', 'findings', 'suppressed', 'skipped']));
    expect(keys(out.summary.findings)).toEqual(sorted(['critical', 'high', 'medium', 'low', 'info']));
    expect(out.summary).toMatchObject({ files: 2, resources: 1 });
  });

  it('--format sarif validates against the SARIF 2.1.0 schema and locates both problems', () => {
    const dir = mixed();
    const r = hako(['scan', '.', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('hako');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run.tool.driver.version).toBe(pkg.version);
    const ecs = run.results!.find((x) => x.ruleId === 'ECS-003')!;
    expect(ecs.level).toBe('error');
    expect(ecs.locations![0]!.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'task.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: ECS003_LINE },
    });
    expect(run.tool.driver.rules![ecs.ruleIndex!]!.id).toBe('ECS-003');
    expect(run.results!.some((x) => x.ruleId === 'HAKO-001')).toBe(true);
    const notes = run.invocations![0]!.toolExecutionNotifications!;
    expect(notes.map((n) => n.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual([
      'broken.yaml',
    ]);
    expect(fileURLToPath(run.originalUriBaseIds!['%SRCROOT%']!.uri!)).toBe(`${dir}${path.sep}`);
  });

  it('--format junit is well-formed XML with a failing testcase per (rule, resource)', () => {
    const dir = mixed();
    const r = hako(['scan', '.', '--format', 'junit'], { cwd: dir });
    expect(r.code).toBe(1);
    const root = parseXml(r.stdout);
    expect(root.name).toBe('testsuites');
    const cases = elements(root, 'testcase');
    const ecs = cases.find((c) => c.attrs.classname === 'hako.ECS-003')!;
    expect(ecs.attrs.file).toBe('task.json');
    expect(elements(ecs, 'failure').map((f) => f.attrs.type)).toEqual(['critical']);
    const broken = cases.find((c) => c.attrs.classname === 'hako.HAKO-001')!;
    expect(broken.attrs.name).toBe('broken.yaml');
    expect(Number(root.attrs.tests)).toBe(cases.length);
    expect(Number(root.attrs.failures)).toBe(cases.filter((c) => elements(c, 'failure').length > 0).length);
  });

  it('--format markdown prints a PR-comment table', () => {
    const dir = mixed();
    const r = hako(['scan', '.', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^### hako scan\n/);
    expect(r.stdout).toMatch(/\| critical \| 1 \|/);
    expect(r.stdout).toMatch(
      new RegExp(
        `^\\| task\\.json:${ECS003_LINE} \\| \\[ECS-003\\]\\(https://[^)]+\\) \\| critical \\| `,
        'm',
      ),
    );
  });

  it('--output writes several reports in one run, beside the main format on stdout', () => {
    const dir = tree({ 'task.json': PRIVILEGED_TASK, 'broken.yaml': BROKEN_YAML, 'out/.keep': '' });
    const r = hako(
      ['scan', '.', '--format', 'json', '--output', 'sarif=out/a.sarif', '--output', 'junit=b.xml'],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(1);
    const stdout = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    const log = JSON.parse(readFileSync(path.join(dir, 'out', 'a.sarif'), 'utf8')) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results!.map((x) => x.ruleId)).toEqual(stdout.findings.map((f) => f.ruleId));
    const junit = parseXml(readFileSync(path.join(dir, 'b.xml'), 'utf8'));
    expect(elements(junit, 'testcase').some((c) => c.attrs.classname === 'hako.ECS-003')).toBe(true);
  });

  it('carries suppressions into SARIF and JUnit and leaves them out of the exit code', () => {
    const dir = tree({
      '.hako.yaml':
        'ignore:\n  - rule: ECS-003\n    resource: agent\n    reason: host agent, reviewed in SEC-42\n',
      'task.json': PRIVILEGED_TASK,
    });
    const r = hako(['scan', '.', '--format', 'sarif', '--output', 'junit=r.xml', '--fail-on', 'critical'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const ecs = log.runs[0]!.results!.find((x) => x.ruleId === 'ECS-003')!;
    expect(ecs.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'host agent, reviewed in SEC-42' },
    ]);
    const junit = parseXml(readFileSync(path.join(dir, 'r.xml'), 'utf8'));
    const tc = elements(junit, 'testcase').find((c) => c.attrs.classname === 'hako.ECS-003')!;
    expect(elements(tc, 'skipped').map((s) => s.attrs.message)).toEqual([
      'suppressed (config): host agent, reviewed in SEC-42',
    ]);
    expect(elements(tc, 'failure')).toEqual([]);
  });

  describe('exit codes', () => {
    it('0 below the --fail-on threshold, 1 at or above it', () => {
      const dir = tree({ 'broken.yaml': BROKEN_YAML }); // HAKO-001 only: high
      expect(hako(['scan', '.', '--fail-on', 'critical'], { cwd: dir }).code).toBe(0);
      expect(hako(['scan', '.', '--fail-on', 'low'], { cwd: dir }).code).toBe(1);
      expect(hako(['scan', '.'], { cwd: dir }).code).toBe(1); // default: high
      const priv = tree({ 'task.json': PRIVILEGED_TASK });
      expect(hako(['scan', '.', '--fail-on', 'critical', '--format', 'sarif'], { cwd: priv }).code).toBe(1);
    });

    it('2 for a path that does not exist, whatever the format', () => {
      const dir = mixed();
      for (const format of ['json', 'sarif', 'junit', 'markdown']) {
        const r = hako(['scan', 'missing', '--format', format], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('missing');
      }
    });

    it('2 for an unknown --format or --output format', () => {
      const dir = mixed();
      const bad = hako(['scan', '.', '--format', 'yaml'], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/yaml/);
      expect(bad.stdout).toBe('');
      const out = hako(['scan', '.', '--output', 'yaml=x.yaml'], { cwd: dir });
      expect(out.code).toBe(2);
      expect(existsSync(path.join(dir, 'x.yaml'))).toBe(false);
    });
  });

  it('--lang ja changes titles in every format', () => {
    const dir = mixed();
    const ja = 'コンテナが特権モードで実行される';
    const json = JSON.parse(hako(['scan', '.', '--format', 'json', '--lang', 'ja'], { cwd: dir }).stdout) as {
      findings: JsonFinding[];
    };
    expect(json.findings.find((f) => f.ruleId === 'ECS-003')!.title).toBe(ja);
    const en = JSON.parse(hako(['scan', '.', '--format', 'json'], { cwd: dir }).stdout) as {
      findings: JsonFinding[];
    };
    expect(en.findings.find((f) => f.ruleId === 'ECS-003')!.title).toBe('Container runs privileged');

    const log = JSON.parse(
      hako(['scan', '.', '--format', 'sarif', '--lang', 'ja'], { cwd: dir }).stdout,
    ) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const rule = log.runs[0]!.tool.driver.rules!.find((x) => x.id === 'ECS-003')!;
    expect(rule.shortDescription!.text).toBe(ja);
    const junit = parseXml(hako(['scan', '.', '--format', 'junit', '--lang', 'ja'], { cwd: dir }).stdout);
    expect(elements(junit, 'testsuite').map((s) => s.attrs.name)).toContain(`ECS-003: ${ja}`);
    const md = hako(['scan', '.', '--format', 'markdown', '--lang', 'ja'], { cwd: dir }).stdout;
    expect(md).toContain('### hako スキャン');
  });
});

/**
 * `hako init` through the built CLI: a commented `.hako.yaml` that is valid against the shipped JSON
 * Schema, points editors at it, and is what `hako scan` then applies; never overwritten without
 * --force.
 */
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { hako, PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';

const SCHEMA = path.join(ROOT, 'schema', 'hako-config.schema.json');

describe('hako init', () => {
  it('writes a commented .hako.yaml that the schema and hako scan accept', () => {
    const dir = realpathSync(tempTree({ 'task.json': PRIVILEGED_TASK }));
    const r = hako(['init'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(dir, '.hako.yaml');
    expect(r.stdout).toContain('wrote .hako.yaml');
    const text = readFileSync(file, 'utf8');
    // editors: the first line names a schema file that exists, relative to the config
    const ref = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text)![1]!;
    expect(readFileSync(path.resolve(dir, ref), 'utf8')).toBe(readFileSync(SCHEMA, 'utf8'));
    expect(text.split('\n').filter((l) => l.startsWith('#')).length).toBeGreaterThan(20);
    // valid against the schema, and loaded by hako itself
    const value = parse(text);
    const ajv = new Ajv({ strict: false });
    (addFormatsModule as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(loadConfig(file).config).toEqual({
      failOn: 'high',
      pss: { level: 'restricted' },
      rules: {},
      exclude: [],
      ignore: [],
    });
    // every commented-out example is valid too once uncommented
    const uncommented = text
      .split('\n')
      .map((l) => l.replace(/^# (lang| {2}version):/, '$1:').replace(/^#( {2}[-A-Z"]| {4})/, '$1'))
      .join('\n')
      .replace(/^rules: \{\}$/m, 'rules:')
      .replace(/^exclude: \[\]$/m, 'exclude:')
      .replace(/^ignore: \[\]$/m, 'ignore:');
    const full = parse(uncommented);
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
    expect(full.rules).toEqual({ 'ECS-012': 'off', 'ECS-011': 'low' });
    expect(full.ignore[0].reason).toMatch(/nginx/);
    // hako scan picks it up (failOn high: the privileged task fails the run) and does not scan it
    const scan = hako(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(scan.code).toBe(1);
    const out = JSON.parse(scan.stdout) as { findings: { location: { file: string } }[] };
    expect(out.findings.every((f) => f.location.file === 'task.json')).toBe(true);
  });

  it('refuses to overwrite an existing file without --force (exit 2), overwrites with it', () => {
    const dir = realpathSync(tempTree({ '.hako.yaml': 'failOn: low\n' }));
    const r = hako(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists; run hako init --force');
    expect(readFileSync(path.join(dir, '.hako.yaml'), 'utf8')).toBe('failOn: low\n');
    const f = hako(['init', dir, '--force', '--format', 'json']);
    expect(f.code, f.stderr).toBe(0);
    const json = JSON.parse(f.stdout) as { written: string; schema: string };
    expect(json.written).toBe(path.join(dir, '.hako.yaml'));
    expect(readFileSync(json.written, 'utf8')).toContain(`$schema=${json.schema}`);
  });

  it("points at the project's installed hako when there is one", () => {
    const dir = realpathSync(tempTree({}));
    const schemaDir = path.join(dir, 'node_modules', 'hako', 'schema');
    mkdirSync(schemaDir, { recursive: true });
    writeFileSync(path.join(schemaDir, 'hako-config.schema.json'), '{}');
    mkdirSync(path.join(dir, 'deploy'));
    expect(hako(['init', 'deploy'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'deploy', '.hako.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../node_modules/hako/schema/hako-config.schema.json',
    );
  });

  it('is a usage error for a directory that does not exist', () => {
    const r = hako(['init', '/nonexistent/hako-init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a directory');
  });
});

/**
 * Without --lang, hako speaks the locale's language: LC_ALL, then LC_MESSAGES, then LANG (POSIX
 * order); ja_JP.UTF-8 is Japanese, anything else English. --lang and a .hako.yaml `lang:` win over
 * the locale. Runs the built CLI with its own environment.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envLang } from '../../src/cli/main.js';
import { PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';

const dir = tempTree({ 'task.json': PRIVILEGED_TASK });
const withConfig = tempTree({ 'task.json': PRIVILEGED_TASK, '.hako.yaml': 'lang: en\n' });

function run(args: string[], locale: Record<string, string>, cwd = dir) {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...locale };
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'hako.js'), ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const title = (stdout: string) =>
  (JSON.parse(stdout) as { findings: { ruleId: string; title: string }[] }).findings.find(
    (f) => f.ruleId === 'ECS-003',
  )!.title;
const JA = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('the default language follows the locale', () => {
  it('LANG=ja_JP.UTF-8: hako scan speaks Japanese', () => {
    const r = run(['scan', '.', '--format', 'json'], { LANG: 'ja_JP.UTF-8' });
    expect(r.code).toBe(1);
    expect(title(r.stdout)).toMatch(JA);
    const text = run(['scan', '.'], { LANG: 'ja_JP.UTF-8' });
    expect(text.stdout).toContain('ファイル 1 件');
  });

  it('LANG=en_US.UTF-8, C or unset: English', () => {
    for (const locale of [{ LANG: 'en_US.UTF-8' }, { LANG: 'C' }, {}] as Record<string, string>[]) {
      const r = run(['scan', '.', '--format', 'json'], locale);
      expect(title(r.stdout), JSON.stringify(locale)).toBe('Container runs privileged');
    }
  });

  it('LC_ALL wins over LANG, LC_MESSAGES over LANG', () => {
    expect(title(run(['scan', '.', '--format', 'json'], { LANG: 'ja_JP.UTF-8', LC_ALL: 'C' }).stdout)).toBe(
      'Container runs privileged',
    );
    expect(
      title(run(['scan', '.', '--format', 'json'], { LANG: 'C', LC_ALL: 'ja_JP.UTF-8' }).stdout),
    ).toMatch(JA);
    expect(
      title(run(['scan', '.', '--format', 'json'], { LANG: 'C', LC_MESSAGES: 'ja_JP.UTF-8' }).stdout),
    ).toMatch(JA);
  });

  it('--lang and .hako.yaml lang win over the locale', () => {
    expect(
      title(run(['scan', '.', '--format', 'json', '--lang', 'en'], { LANG: 'ja_JP.UTF-8' }).stdout),
    ).toBe('Container runs privileged');
    expect(title(run(['scan', '.', '--format', 'json', '--lang', 'ja'], { LANG: 'C' }).stdout)).toMatch(JA);
    expect(title(run(['scan', '.', '--format', 'json'], { LANG: 'ja_JP.UTF-8' }, withConfig).stdout)).toBe(
      'Container runs privileged',
    );
  });

  it('hako explain follows the locale too', () => {
    const ja = run(['explain', 'ECS-003'], { LANG: 'ja_JP.UTF-8' });
    expect(ja.code).toBe(0);
    expect(ja.stdout).toMatch(JA);
    const en = run(['explain', 'ECS-003'], { LANG: 'en_US.UTF-8' });
    expect(en.stdout).not.toMatch(JA);
  });

  it('envLang reads ja, ja_JP, ja_JP.eucJP as Japanese and nothing else', () => {
    for (const v of ['ja', 'ja_JP', 'ja_JP.UTF-8', 'ja_JP.eucJP', 'ja_JP@x'])
      expect(envLang({ LANG: v })).toBe('ja');
    for (const v of ['', 'C', 'POSIX', 'en_US.UTF-8', 'jam', 'de_DE'])
      expect(envLang({ LANG: v })).toBe('en');
    expect(envLang({ LC_ALL: '', LANG: 'ja_JP.UTF-8' })).toBe('ja'); // empty is unset
  });
});

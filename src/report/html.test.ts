import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tempTree } from '../../test/helpers/cli.js';
import {
  controlCharacters,
  finding,
  HOSTILE,
  resultOf,
  sampleResult,
} from '../../test/helpers/scan-result.js';
import { STDIN } from '../load.js';
import { htmlEscape, renderHtml } from './html.js';
import type { ReportOptions } from './index.js';

const opts: ReportOptions = { colour: false, lang: 'en', version: '1.2.3' };
const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('HTML report', () => {
  const html = renderHtml(sampleResult(), opts);

  it('is one page with exactly one script and one style, both allowed by hash, nothing fetched', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${hash(scripts[0]![1]!)}`);
    expect(csp).toContain(`style-src ${hash(styles[0]![1]!)}`);
    // no src/href that loads anything (links to references are plain https anchors)
    expect(html).not.toMatch(/\s(src|srcset|poster|data)=/);
    expect([...html.matchAll(/<link\b/g)]).toHaveLength(0);
  });

  it('escapes every value from the scanned files, in text and attributes', () => {
    expect(html).not.toContain('<script>&amp;');
    expect(html).not.toContain('ConfigMap/a<b>');
    expect(html).toContain('ConfigMap/a&lt;b&gt;/x|y');
    expect(html).toContain('data-resource="ConfigMap/a&lt;b&gt;/x|y"');
    expect(controlCharacters(html)).toEqual([]);
    expect(htmlEscape(`"><img src=x onerror=alert(1)>'`)).toBe(
      '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;',
    );
    expect(HOSTILE).toContain('<script>');
  });

  it('has the totals, a chart per severity, service and rule, and a row per unsuppressed finding', () => {
    expect(html).toContain('6 files, 6 resources: 5 findings (2 critical, 1 high, 1 medium, 1 low)');
    for (const id of ['chart-severity', 'chart-service', 'chart-rule']) expect(html).toContain(`id="${id}"`);
    expect([...html.matchAll(/<tbody class="f/g)]).toHaveLength(5);
    expect(html).toContain('<title>critical: 2</title>');
    expect(html).toContain('id="shown">5</span>');
  });

  it('lists suppressed findings only with showSuppressed, marked', () => {
    const all = renderHtml(sampleResult(), { ...opts, showSuppressed: true });
    expect([...all.matchAll(/<tbody class="f/g)]).toHaveLength(8);
    expect(all).toContain('<tbody class="f suppressed"');
    expect(all).toContain('(suppressed: needs /dev/fuse)');
  });

  it('says why a finding has no excerpt, and lists input errors', () => {
    expect(html).toContain('no code excerpt: the file cannot be read now (ENOENT)');
    expect(html).toContain('id="errors"');
    expect(html).toContain('<code>broken.yaml:3</code> — YAML: bad indentation');
    const stdin = renderHtml(resultOf([finding({ location: { ...finding().location, file: STDIN } })]), opts);
    expect(stdin).toContain('no code excerpt: standard input is not kept after the scan');
  });

  it('shows the code excerpt with the finding lines highlighted, and related locations in order', () => {
    const dir = tempTree({
      'task.json': '{\n  "a": 1,\n  "b": 2,\n  "c": "<x>",\n  "d": 4,\n  "e": 5,\n  "f": 6,\n  "g": 7\n}\n',
      'role.json': '{\n  "Role": "<r>"\n}\n',
    });
    const r = resultOf([
      finding({
        location: { file: 'task.json', startLine: 4, startColumn: 3, endLine: 5, endColumn: 9 },
        related: [
          { file: 'role.json', startLine: 2, message: 'role <defined> here' },
          { file: 'task.json', startLine: 8, message: 'then here' },
        ],
      }),
    ]);
    const out = renderHtml(r, { ...opts, root: dir });
    const pre = /<pre class="code">(.*?)<\/pre>/.exec(out)![1]!;
    const lines = [...pre.matchAll(/<span( class="hl")? data-line="(\d+)">/g)].map((m) => [
      Number(m[2]),
      Boolean(m[1]),
    ]);
    expect(lines).toEqual([
      [2, false],
      [3, false],
      [4, true],
      [5, true],
      [6, false],
      [7, false],
    ]);
    expect(pre).toContain('&quot;c&quot;: &quot;&lt;x&gt;&quot;');
    const chain = /<ol class="chain">(.*?)<\/ol>/.exec(out)![1]!;
    expect(chain.indexOf('role.json:2')).toBeLessThan(chain.indexOf('task.json:8'));
    expect(chain).toContain('role &lt;defined&gt; here');
    expect(chain).toContain('&quot;Role&quot;: &quot;&lt;r&gt;&quot;');
  });

  it('speaks Japanese with --lang ja', () => {
    const ja = renderHtml(sampleResult(), { ...opts, lang: 'ja' });
    expect(ja).toContain('<html lang="ja">');
    expect(ja).toContain('重大度別の検出');
    expect(ja).toContain('なぜ重要か');
  });
});

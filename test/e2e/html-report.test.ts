/**
 * `hako scan --format html` in a real browser: Debian's `chromium` driven by playwright-core. The
 * scanned manifests carry markup and script in names, annotations and comments; the page loads from
 * file:// with no network request, runs no script of theirs, shows their text literally, filters
 * and sorts, opens a finding to its highlighted code excerpt, and is screenshotted.
 *
 * Without /usr/bin/chromium the suite is skipped with a message, unless HAKO_REQUIRE_CHROMIUM is set
 * (`.ci/run` sets it and installs the package), so CI never skips it silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/result.js';
import { hako, PRIVILEGED_TASK, ROOT, tempTree } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const required = Boolean(process.env.HAKO_REQUIRE_CHROMIUM);
if (!present && !required)
  console.warn(
    `test/e2e/html-report.test.ts: SKIPPED, ${CHROMIUM} is absent (apt-get install chromium, or set HAKO_REQUIRE_CHROMIUM=1 to make this a failure)`,
  );

/** A pod whose name, annotation, container name and comments are markup and script. */
const HOSTILE_POD = `apiVersion: v1
kind: Pod
metadata:
  name: "<script>alert(1)</script>"
  namespace: shop
  # </pre></details><script>window.__pwned = 'comment'</script>
  annotations:
    note: "<img src=x onerror=\\"window.__pwned='img'\\">"
spec:
  containers:
    - name: "\\"><svg onload=alert(2)>"
      image: nginx:1.27
      securityContext:
        privileged: true
`;

/** The little of the DOM the page functions touch (the project compiles without the DOM lib). */
interface DomRow {
  hidden: boolean;
  dataset: Record<string, string | undefined>;
}
interface Doc {
  scripts: { length: number };
  querySelectorAll: (s: string) => { length: number };
}

describe.skipIf(!present && !required)('HTML report in headless Chromium', () => {
  let dir: string;
  let reportFile: string;
  let json: ScanResult;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!present) throw new Error(`HAKO_REQUIRE_CHROMIUM is set but ${CHROMIUM} is absent`);
    if (!existsSync(path.join(ROOT, 'dist', 'report', 'html.js'))) {
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
    }
    dir = realpathSync(tempTree({ 'k8s/pod.yaml': HOSTILE_POD, 'ecs/task.json': PRIVILEGED_TASK }));
    const html = hako(['scan', '.', '--format', 'html'], { cwd: dir });
    expect(html.code, html.stderr).toBe(1);
    reportFile = path.join(dir, 'report.html');
    writeFileSync(reportFile, html.stdout);
    const j = hako(['scan', '.', '--format', 'json'], { cwd: dir });
    json = JSON.parse(j.stdout) as ScanResult;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // any script of the scanned data that ran would show here
    await page.addInitScript(() => {
      const w = globalThis as unknown as { __calls: string[]; alert: (m?: unknown) => void };
      w.__calls = [];
      w.alert = (m?: unknown) => {
        w.__calls.push(String(m));
      };
    });
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(reportFile).href);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  const visibleRows = () =>
    page.$$eval('#findings tbody', (bs) =>
      (bs as unknown as DomRow[])
        .filter((b) => !b.hidden)
        .map((b) => ({ rule: b.dataset.rule!, sev: b.dataset.sev!, resource: b.dataset.resource! })),
    );

  it('loads offline: the only request is the report itself, and its own script runs without error', async () => {
    expect(requests).toEqual([pathToFileURL(reportFile).href]);
    expect(pageErrors).toEqual([]);
    expect(await page.textContent('#shown')).toBe(String(json.findings.length));
  });

  it('runs nothing from the scanned files and shows their text literally', async () => {
    expect(dialogs).toEqual([]);
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as { __calls: string[]; __pwned?: string; document: Doc };
      const document = w.document;
      return {
        calls: w.__calls,
        pwned: w.__pwned ?? null,
        scripts: document.scripts.length,
        imgs: document.querySelectorAll('img').length,
        foreignSvg: document.querySelectorAll('svg[onload], [onerror]').length,
      };
    });
    expect(state).toEqual({ calls: [], pwned: null, scripts: 1, imgs: 0, foreignSvg: 0 });
    const resources = (await visibleRows()).map((r) => r.resource);
    expect(resources.some((r) => r.includes('<script>alert(1)</script>'))).toBe(true);
    expect(await page.textContent('#findings')).toContain('<script>alert(1)</script>');
  });

  it('has the three charts, the severity chart matching the JSON totals', async () => {
    for (const id of ['chart-severity', 'chart-service', 'chart-rule'])
      expect(await page.locator(`#${id} svg`).count()).toBe(1);
    const titles = await page.$$eval('#chart-severity .bar title', (ts) => ts.map((t) => t.textContent));
    for (const [sev, n] of Object.entries(json.summary.findings)) expect(titles).toContain(`${sev}: ${n}`);
  });

  it('filters by severity, by search text and by a chart bar', async () => {
    const all = await visibleRows();
    expect(all.length).toBe(json.findings.length);
    await page.selectOption('#f-sev', 'critical');
    const critical = await visibleRows();
    const expected = json.findings.filter((f) => f.severity === 'critical').length;
    expect(expected).toBeGreaterThan(0);
    expect(critical.length).toBe(expected);
    expect(critical.every((r) => r.sev === 'critical')).toBe(true);
    expect(await page.textContent('#shown')).toBe(String(expected));
    await page.selectOption('#f-sev', '');

    await page.fill('#q', 'ecs/task.json');
    const ecs = await visibleRows();
    expect(ecs.length).toBe(json.findings.filter((f) => f.location.file === 'ecs/task.json').length);
    expect(ecs.map((r) => r.rule)).toContain('ECS-003');
    await page.fill('#q', '');

    await page.click('#chart-rule .bar[data-v="ECS-003"]');
    expect(await page.inputValue('#f-rule')).toBe('ECS-003');
    expect((await visibleRows()).map((r) => r.rule)).toEqual(['ECS-003']);
    await page.click('#chart-rule .bar[data-v="ECS-003"]'); // a second click clears it
    expect((await visibleRows()).length).toBe(json.findings.length);
  });

  it('sorts by a column header, both ways', async () => {
    await page.click('#findings th[data-sort="rule"]');
    const asc = (await visibleRows()).map((r) => r.rule);
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));
    expect(await page.getAttribute('#findings th[data-sort="rule"]', 'aria-sort')).toBe('ascending');
    await page.click('#findings th[data-sort="rule"]');
    const desc = (await visibleRows()).map((r) => r.rule);
    expect(desc).toEqual([...asc].reverse());
  });

  it('opens a finding to its excerpt with the finding line highlighted, rationale and fix', async () => {
    const f = json.findings.find((x) => x.ruleId === 'ECS-003')!;
    const body = page.locator('#findings tbody[data-rule="ECS-003"]');
    await body.locator('summary').click();
    const hl = await body.locator('pre.code span.hl').first().getAttribute('data-line');
    expect(Number(hl)).toBe(f.location.startLine);
    const detail = (await body.locator('.detail').textContent()) ?? '';
    expect(detail).toContain('"privileged": true');
    expect(detail).toContain(f.remediation);
    const shot = path.join(mkdtempSync(path.join(tmpdir(), 'hako-html-')), 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });
});

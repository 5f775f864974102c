/**
 * `--format html`: one self-contained page (inline CSS, inline SVG charts, one inline script; no
 * network fetch) with the totals, charts by severity, service and rule, and a filterable, sortable
 * findings table. Each finding opens to its code excerpt (read from the scanned file, the finding's
 * lines highlighted), the rule's rationale and remediation, and its chain of related locations.
 *
 * Scanned files are untrusted: every value from them is HTML-escaped where it is written (text and
 * attribute values alike), and the page's Content-Security-Policy allows only the page's own style
 * and script by their hashes, so markup that slipped through could still run nothing.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { STDIN } from '../load.js';
import { compareFindings, type Finding, type ScanResult } from '../result.js';
import { allRules } from '../rules/index.js';
import { format, type Lang, type RuleMeta, SEVERITIES, type Severity } from '../rules/types.js';
import { stripControl } from './escape.js';
import type { ReportOptions } from './index.js';
import { LABELS, type Labels } from './labels.js';
import { collect, type Sink } from './stream.js';

/** Lines of context around a finding's lines, and the most lines one excerpt highlights. */
const CONTEXT = 2;
const MAX_HIGHLIGHT = 20;
/** Longer lines are cut (a minified JSON file holds everything on one line). */
const MAX_LINE_CHARS = 300;
/** Files above this size get no excerpt (the finding says so). */
const MAX_EXCERPT_FILE_BYTES = 8 * 1024 * 1024;
/** The rule chart shows this many rules, the rest as one bar. */
const TOP_RULES = 15;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or a double-quoted attribute value: no markup, no control characters survive. */
export function htmlEscape(s: string | number): string {
  return stripControl(String(s)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
const h = htmlEscape;

const SEV_COLOUR: Record<Severity, string> = {
  critical: '#7b1fa2',
  high: '#c62828',
  medium: '#ef6c00',
  low: '#1565c0',
  info: '#607d8b',
};
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

const STYLE = `
:root{font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP",sans-serif;color:#1d2330;background:#f6f7f9}
body{margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.1rem;margin:1.2em 0 .4em}
.totals{margin:.2em 0 1em;color:#444}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:8px 12px;flex:1 1 340px}
.chart h2{margin:.2em 0}.chart svg{max-width:100%;height:auto}
.bar{cursor:pointer}.bar:hover rect,.bar:focus rect{opacity:.75}
.note{color:#666;font-size:.85rem}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0;align-items:center}
.filters input{flex:1 1 260px;padding:6px}.filters select{padding:6px}
table.findings{width:100%;border-collapse:collapse;background:#fff;font-size:.9rem;table-layout:fixed}
.findings th:nth-child(1){width:6em}.findings th:nth-child(2){width:6.5em}.findings th:nth-child(3){width:5em}.findings th:nth-child(4){width:16%}.findings th:nth-child(5){width:14%}
.findings th{text-align:left;background:#eceff3;padding:6px;cursor:pointer;user-select:none;white-space:nowrap}
.findings th[aria-sort=ascending]::after{content:" \\25B2"}.findings th[aria-sort=descending]::after{content:" \\25BC"}
.findings td{padding:6px;border-top:1px solid #e3e6ea;vertical-align:top;overflow-wrap:anywhere}
.sev{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;font-size:.8rem;font-weight:600}
${SEVERITIES.map((s) => `.sev-${s}{background:${SEV_COLOUR[s]}}`).join('\n')}
details summary{cursor:pointer}
.detail{margin:.5em 0 .2em;padding:.5em;background:#fafbfc;border-left:3px solid #ccd}
.detail h3{font-size:.85rem;margin:.6em 0 .2em}
pre.code{margin:0;padding:4px 0;background:#fff;border:1px solid #e3e6ea;overflow-x:auto;font-size:.8rem;line-height:1.4}
pre.code span{display:block;padding:0 8px;white-space:pre}
pre.code span.hl{background:#fff3c4}
pre.code i{display:inline-block;min-width:3.5em;color:#999;font-style:normal;user-select:none}
ol.chain{margin:.2em 0;padding-left:1.5em}
.suppressed{opacity:.6}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
footer{margin:2em 0 1em;color:#777;font-size:.8rem}
`;

/** Filters (search box, three selects), sorting (column headers), chart bars as filters. No data of its own. */
const SCRIPT = `
(function(){
var tbl=document.getElementById('findings');if(!tbl)return;
var rows=Array.prototype.slice.call(tbl.tBodies);
var q=document.getElementById('q'),fs={sev:document.getElementById('f-sev'),service:document.getElementById('f-service'),rule:document.getElementById('f-rule')};
var count=document.getElementById('shown');
function apply(){
var t=q.value.trim().toLowerCase(),n=0;
rows.forEach(function(r){
var ok=(!fs.sev.value||r.dataset.sev===fs.sev.value)&&(!fs.service.value||r.dataset.service===fs.service.value)&&(!fs.rule.value||r.dataset.rule===fs.rule.value)&&(!t||r.dataset.text.indexOf(t)>=0);
r.hidden=!ok;if(ok)n++;});
count.textContent=String(n);
}
q.addEventListener('input',apply);
Object.keys(fs).forEach(function(k){fs[k].addEventListener('change',apply);});
Array.prototype.forEach.call(document.querySelectorAll('.bar'),function(b){
function pick(){var s=fs[b.dataset.k];if(!s)return;s.value=s.value===b.dataset.v?'':b.dataset.v;apply();}
b.addEventListener('click',pick);
b.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();pick();}});
});
var ths=Array.prototype.slice.call(tbl.tHead.rows[0].cells);
ths.forEach(function(th){th.addEventListener('click',function(){
var key=th.dataset.sort,asc=th.getAttribute('aria-sort')!=='ascending';
ths.forEach(function(o){o.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',asc?'ascending':'descending');
rows.sort(function(a,b){
var x=a.dataset[key],y=b.dataset[key],c;
if(key==='rank')c=Number(x)-Number(y);
else if(key==='file')c=x<y?-1:x>y?1:Number(a.dataset.line)-Number(b.dataset.line);
else c=x.localeCompare(y);
return asc?c:-c;});
rows.forEach(function(r){tbl.appendChild(r);});
});});
apply();
})();
`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
const CSP = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

export function renderHtml(result: ScanResult, opts: ReportOptions): string {
  return collect((out) => streamHtml(result, opts, out));
}

export function streamHtml(result: ScanResult, opts: ReportOptions, out: Sink): void {
  const l = LABELS[opts.lang];
  const metas = new Map<string, RuleMeta<string>>(allRules.map((r) => [r.meta.id, r.meta]));
  const findings = result.findings
    .filter((f) => opts.showSuppressed || !f.suppressed)
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || compareFindings(a, b));
  const files = new FileLines(opts.root ?? process.cwd());
  const serviceOf = (f: Finding) => metas.get(f.ruleId)?.service ?? f.ruleId.split('-')[0]!.toLowerCase();

  const c = result.summary.findings;
  const total = SEVERITIES.reduce((n, s) => n + c[s], 0);
  out(
    `<!DOCTYPE html>\n<html lang="${opts.lang}">\n<head>\n<meta charset="utf-8">\n` +
      `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
      `<meta name="generator" content="hako ${h(opts.version)}">\n` +
      `<title>${h(l.htmlTitle)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`,
  );
  out(
    `<header><h1>${h(l.htmlTitle)}</h1>\n<p class="totals" id="totals">${h(totalsLine(result, l, opts.lang, total))}</p></header>\n`,
  );

  // charts
  const bySev = SEVERITIES.map((s) => ({ key: s, label: s, value: c[s], colour: SEV_COLOUR[s] }));
  const counted = findings.filter((f) => !f.suppressed);
  const byService = countBy(counted, serviceOf).map(([k, n]) => ({
    key: k,
    label: k,
    value: n,
    colour: '#455a64',
  }));
  const ruleCounts = countBy(counted, (f) => f.ruleId);
  const worst = new Map<string, Severity>();
  for (const f of counted) {
    const w = worst.get(f.ruleId);
    if (!w || RANK[f.severity] > RANK[w]) worst.set(f.ruleId, f.severity);
  }
  const byRule = ruleCounts.slice(0, TOP_RULES).map(([k, n]) => ({
    key: k,
    label: k,
    value: n,
    colour: SEV_COLOUR[worst.get(k) ?? 'info'],
  }));
  if (ruleCounts.length > TOP_RULES) {
    const rest = ruleCounts.slice(TOP_RULES);
    byRule.push({
      key: '',
      label: format(l.otherRules, { count: rest.length }),
      value: rest.reduce((n, [, v]) => n + v, 0),
      colour: '#9e9e9e',
    });
  }
  out('<section class="charts">\n');
  out(chart('chart-severity', l.bySeverity, 'sev', bySev));
  out(chart('chart-service', l.byService, 'service', byService));
  out(chart('chart-rule', l.byRule, 'rule', byRule));
  out(`</section>\n<p class="note">${h(l.chartNote)}</p>\n`);

  // filters
  const option = (v: string) => `<option value="${h(v)}">${h(v)}</option>`;
  out(
    `<div class="filters" role="search">` +
      `<input id="q" type="search" placeholder="${h(l.search)}" aria-label="${h(l.search)}">` +
      `<select id="f-sev" aria-label="${h(l.severity)}"><option value="">${h(l.allSeverities)}</option>${SEVERITIES.map(option).join('')}</select>` +
      `<select id="f-service" aria-label="${h(l.service)}"><option value="">${h(l.allServices)}</option>${byService.map((s) => option(s.key)).join('')}</select>` +
      `<select id="f-rule" aria-label="${h(l.rule)}"><option value="">${h(l.allRules)}</option>${ruleCounts.map(([k]) => option(k)).join('')}</select>` +
      `<span id="count">${shownLine(l, findings.length)}</span></div>\n`,
  );

  // table
  out(
    `<table class="findings" id="findings"><thead><tr>` +
      `<th data-sort="rank" aria-sort="descending">${h(l.severity)}</th>` +
      `<th data-sort="rule">${h(l.rule)}</th><th data-sort="service">${h(l.service)}</th>` +
      `<th data-sort="resource">${h(l.resource)}</th><th data-sort="file">${h(l.location)}</th>` +
      `<th data-sort="message">${h(l.message)}</th></tr></thead>\n`,
  );
  for (const f of findings) out(findingRows(f, serviceOf(f), metas.get(f.ruleId), files, l, opts.lang));
  out('</table>\n');

  // what was not read: never a silent pass
  if (result.summary.skipped.length > 0 || (result.summary.capped ?? []).length > 0) {
    out(`<section id="skipped"><h2>${h(l.notReadHeading)}</h2><ul>\n`);
    for (const s of result.summary.skipped)
      out(`<li><code>${h(s.file)}${s.line !== undefined ? `:${s.line}` : ''}</code> — ${h(s.reason)}</li>\n`);
    for (const k of result.summary.capped ?? [])
      out(
        `<li>${h(format(l.capped, { more: k.more, rule: k.ruleId, resource: k.resource, file: k.file, shown: k.shown }))}</li>\n`,
      );
    out('</ul></section>\n');
  }
  if (result.errors.length > 0) {
    out(`<section id="errors"><h2>${h(l.inputErrorsHeading)}</h2><ul>\n`);
    for (const e of result.errors) out(`<li><code>${h(e.file)}:${e.line}</code> — ${h(e.message)}</li>\n`);
    out('</ul></section>\n');
  }
  out(`<footer>${h(format(l.generated, { version: opts.version }))}</footer>\n`);
  out(`<script>${SCRIPT}</script>\n</body>\n</html>\n`);
}

function totalsLine(result: ScanResult, l: Labels, lang: Lang, total: number): string {
  const c = result.summary.findings;
  const counts = SEVERITIES.filter((s) => c[s] > 0).map((s) =>
    format(l.severityCount, { count: c[s], severity: s }),
  );
  return (
    format(l.filesResources, { files: result.summary.files, resources: result.summary.resources }) +
    (total === 0
      ? l.noFindings
      : format(l.findings, { total, counts: counts.join(lang === 'ja' ? '、' : ', ') })) +
    (result.summary.suppressed > 0 ? format(l.suppressedCount, { count: result.summary.suppressed }) : '') +
    (result.errors.length > 0 ? format(l.inputErrors, { count: result.errors.length }) : '')
  );
}

/** `{shown} of {total}` with `{shown}` in a span the script updates. */
function shownLine(l: Labels, total: number): string {
  return h(format(l.shown, { shown: '\uE000', total })).replace('\uE000', `<span id="shown">${total}</span>`);
}

function countBy(findings: Finding[], key: (f: Finding) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const f of findings) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

interface Bar {
  key: string;
  label: string;
  value: number;
  colour: string;
}

/** A horizontal bar chart as inline SVG; a bar with a key filters the table by it. */
function chart(id: string, title: string, filter: string, bars: Bar[]): string {
  const rowH = 22;
  const labelW = 150;
  const barW = 200;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * rowH + 4;
  const rows = bars.map((b, i) => {
    const y = i * rowH + 2;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * barW));
    const attrs = b.key
      ? ` class="bar" data-k="${filter}" data-v="${h(b.key)}" tabindex="0" role="button"`
      : ' class="rest"';
    return (
      `<g${attrs}><title>${h(b.label)}: ${b.value}</title>` +
      `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12">${h(b.label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" fill="${b.colour}" rx="2"></rect>` +
      `<text x="${labelW + w + 6}" y="${y + 15}" font-size="12">${b.value}</text></g>`
    );
  });
  return (
    `<figure class="chart" id="${id}"><h2>${h(title)}</h2>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + barW + 50}" height="${height}" viewBox="0 0 ${labelW + barW + 50} ${height}" role="img" aria-label="${h(title)}">` +
    `${rows.join('')}</svg></figure>\n`
  );
}

function findingRows(
  f: Finding,
  service: string,
  meta: RuleMeta<string> | undefined,
  files: FileLines,
  l: Labels,
  lang: Lang,
): string {
  const loc = `${f.location.file}:${f.location.startLine}`;
  const resource = f.resource.address || f.resource.name;
  const text = `${f.ruleId} ${f.message} ${resource} ${loc} ${f.title}`.toLowerCase();
  const data =
    `data-sev="${f.severity}" data-rank="${RANK[f.severity]}" data-rule="${h(f.ruleId)}" ` +
    `data-service="${h(service)}" data-resource="${h(resource)}" data-file="${h(f.location.file)}" ` +
    `data-line="${f.location.startLine}" data-message="${h(f.message)}" data-text="${h(text)}"`;
  const related =
    f.related.length === 0
      ? ''
      : `<h3>${h(l.related)}</h3><ol class="chain">${f.related
          .map(
            (r) =>
              `<li><code>${h(r.file)}:${r.startLine}</code> — ${h(r.message)}${files.excerpt(r.file, r.startLine, r.startLine, 0, l)}</li>`,
          )
          .join('')}</ol>`;
  const excerpt = files.excerpt(f.location.file, f.location.startLine, f.location.endLine, CONTEXT, l);
  const excerptBlock = excerpt ? `<h3>${h(l.excerpt)}</h3>${excerpt}` : '';
  const suppressed = f.suppressed ? ` <em>(${h(l.suppressed)}: ${h(f.suppressed.reason)})</em>` : '';
  const refs = f.references
    .filter((r) => /^https:\/\/[^\s"'<>]+$/.test(r))
    .map((r) => `<li><a href="${h(r)}" rel="noreferrer noopener">${h(r)}</a></li>`)
    .join('');
  return (
    `<tbody class="f${f.suppressed ? ' suppressed' : ''}" ${data}><tr>` +
    `<td><span class="sev sev-${f.severity}">${f.severity}</span></td>` +
    `<td><code>${h(f.ruleId)}</code></td><td>${h(service)}</td><td>${h(resource)}</td>` +
    `<td><code>${h(loc)}</code></td>` +
    `<td><details><summary>${h(f.message)}${suppressed}</summary><div class="detail">` +
    `<h3>${h(f.title)}</h3>` +
    excerptBlock +
    (meta ? `<h3>${h(l.rationale)}</h3><p>${h(meta.rationale[lang])}</p>` : '') +
    `<h3>${h(l.remediation)}</h3><p>${h(f.remediation)}</p>` +
    related +
    (refs ? `<h3>${h(l.references)}</h3><ul>${refs}</ul>` : '') +
    `</div></details></td></tr></tbody>\n`
  );
}

/** The lines of the scanned files, read once each (the last few kept), for excerpts. */
class FileLines {
  private cache = new Map<string, string[] | { reason: string }>();
  constructor(private root: string) {}

  private lines(file: string, l: Labels): string[] | { reason: string } {
    const hit = this.cache.get(file);
    if (hit) return hit;
    let got: string[] | { reason: string };
    if (file === STDIN) got = { reason: l.excerptStdin };
    else {
      try {
        const r = readLines(path.resolve(this.root, file));
        got =
          r === 'notFile'
            ? { reason: l.excerptNotFile }
            : r === 'tooLarge'
              ? { reason: format(l.excerptTooLarge, { mb: MAX_EXCERPT_FILE_BYTES >> 20 }) }
              : r;
      } catch (e) {
        got = {
          reason: format(l.excerptUnreadable, { detail: (e as NodeJS.ErrnoException).code ?? String(e) }),
        };
      }
    }
    if (this.cache.size >= 16) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(file, got);
    return got;
  }

  /** `<pre>` with numbered lines, `start..end` highlighted, `context` lines either side. */
  excerpt(file: string, start: number, end: number, context: number, l: Labels): string {
    const lines = this.lines(file, l);
    if (!Array.isArray(lines))
      return `<p class="note">${h(format(l.noExcerpt, { reason: lines.reason }))}</p>`;
    if (start < 1 || start > lines.length) return '';
    const last = Math.min(Math.max(end, start), start + MAX_HIGHLIGHT - 1, lines.length);
    const from = Math.max(1, start - context);
    const to = Math.min(lines.length, last + context);
    const out: string[] = [];
    for (let n = from; n <= to; n++) {
      let text = lines[n - 1]!;
      if (text.length > MAX_LINE_CHARS) text = `${text.slice(0, MAX_LINE_CHARS)} …`;
      const hl = n >= start && n <= last;
      out.push(`<span${hl ? ' class="hl"' : ''} data-line="${n}"><i>${n}</i>${h(text)}</span>`);
    }
    return `<pre class="code">${out.join('')}</pre>`;
  }
}

function readLines(abs: string): string[] | 'notFile' | 'tooLarge' {
  const fd = openSync(abs, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return 'notFile';
    if (st.size > MAX_EXCERPT_FILE_BYTES) return 'tooLarge';
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf
      .subarray(0, off)
      .toString('utf8')
      .split(/\r\n|\r|\n/);
  } finally {
    closeSync(fd);
  }
}

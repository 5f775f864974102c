/** The rule catalogue as text, JSON and Markdown, and one rule explained (also docs/rules/*.md). */
import type { Lang, Rule } from '../rules/types.js';
import { loadExamples } from './examples.js';

export function ruleJson(r: Rule, lang: Lang) {
  const m = r.meta;
  return {
    id: m.id,
    slug: m.slug,
    service: m.service,
    severity: m.severity,
    title: m.title[lang],
    rationale: m.rationale[lang],
    remediation: m.remediation[lang],
    references: m.references,
    equivalents: m.equivalents,
    aliases: m.aliases ?? [],
    inputs: m.inputs,
    fixable: m.fixable ?? null,
    since: m.since,
  };
}

export function renderRulesJson(rules: Rule[], lang: Lang): string {
  return `${JSON.stringify({ rules: rules.map((r) => ruleJson(r, lang)) }, null, 2)}\n`;
}

export function renderRulesText(rules: Rule[], lang: Lang): string {
  return `${rules.map((r) => `${r.meta.id.padEnd(9)} ${r.meta.severity.padEnd(8)} ${r.meta.slug.padEnd(40)} ${r.meta.title[lang]}`).join('\n')}\n`;
}

export function renderRulesMarkdown(rules: Rule[], lang: Lang): string {
  const head = lang === 'ja' ? '| ID | 重大度 | スラッグ | 内容 |' : '| ID | Severity | Slug | What |';
  const rows = rules.map(
    (r) =>
      `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.severity} | \`${r.meta.slug}\` | ${escapeCell(r.meta.title[lang])} |`,
  );
  return `# hako rules\n\n${head}\n|---|---|---|---|\n${rows.join('\n')}\n`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** What a rule-like entry (a scan rule, an audit detection) shows in `hako explain`. */
export interface Explained {
  id: string;
  slug: string;
  severity: string;
  title: Record<Lang, string>;
  rationale: Record<Lang, string>;
  remediation: Record<Lang, string>;
  references: readonly string[];
}

/**
 * The head every `hako explain` page shares: title, a facts line (slug, severity, then `facts`,
 * each `[label, value]` with the label in `lang`), why it matters, the fix and the references.
 */
export function explainHead(m: Explained, lang: Lang, facts: [Record<Lang, string>, string][]): string[] {
  const L =
    lang === 'ja'
      ? { why: 'なぜ重要か', fix: '対処', refs: '参考', sev: '重大度' }
      : { why: 'Why it matters', fix: 'Remediation', refs: 'References', sev: 'Severity' };
  return [
    `# ${m.id} ${m.title[lang]}`,
    '',
    [`\`${m.slug}\``, `${L.sev}: **${m.severity}**`, ...facts.map(([k, v]) => `${k[lang]}: ${v}`)].join(
      ' · ',
    ),
    '',
    `## ${L.why}`,
    '',
    m.rationale[lang],
    '',
    `## ${L.fix}`,
    '',
    m.remediation[lang],
    '',
    `## ${L.refs}`,
    '',
    ...m.references.map((u) => `- ${u}`),
  ];
}

/** One rule as Markdown: what `hako explain` prints and what docs/rules/<ID>.md holds. */
export function explainRule(r: Rule, lang: Lang): string {
  const m = r.meta;
  const L =
    lang === 'ja'
      ? {
          eq: '他ツールの対応チェック',
          bad: '問題のある例',
          good: '問題のない例',
          target: 'スキャン時の Pod Security ターゲット',
        }
      : {
          eq: 'Equivalent checks',
          bad: 'Bad example',
          good: 'Good example',
          target: 'Scanned at Pod Security target',
        };
  const out = explainHead(m, lang, [
    [{ en: 'Inputs', ja: '入力形式' }, m.inputs.join(', ')],
    ...(m.aliases?.length
      ? [[{ en: 'aliases', ja: 'aliases' }, m.aliases.join(', ')] as [Record<Lang, string>, string]]
      : []),
  ]);
  const eq = Object.entries(m.equivalents).filter(([, v]) => v.length > 0);
  if (eq.length > 0) out.push('', `## ${L.eq}`, '', ...eq.map(([k, v]) => `- ${k}: ${v.join(', ')}`));
  const ex = loadExamples(r);
  for (const [label, c] of [
    [L.bad, ex?.bad[0]],
    [L.good, ex?.good[0]],
  ] as const) {
    if (!c) continue;
    out.push('', `## ${label}: ${c.name}`);
    if (c.pss) out.push('', `${L.target}: ${pssFlags(c.pss)}`);
    for (const [file, text] of Object.entries(c.files)) {
      out.push('', `\`${file}\``, '', `\`\`\`${fence(file)}`, text.trimEnd(), '```');
    }
  }
  return `${out.join('\n')}\n`;
}

function pssFlags(pss: { level?: string; version?: string }): string {
  const flags: string[] = [];
  if (pss.level) flags.push(`\`--pss-level ${pss.level}\``);
  if (pss.version) flags.push(`\`--k8s-version ${pss.version}\``);
  return flags.join(' ');
}

function fence(file: string): string {
  if (file.endsWith('.json')) return 'json';
  if (file.endsWith('.tf')) return 'hcl';
  return 'yaml';
}

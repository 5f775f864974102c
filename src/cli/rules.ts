/** `hako rules` and `hako explain ID`. */
import { type Command, Option } from 'commander';
import { explainRule, renderRulesJson, renderRulesMarkdown, renderRulesText } from '../docs/rules.js';
import { explainAudit, findAuditMeta } from '../engines/audit/explain.js';
import { didYouMean } from '../engines/shape/suggest.js';
import { termSafeLines } from '../report/escape.js';
import { allRules } from '../rules/index.js';
import type { Lang } from '../rules/types.js';
import { EXIT, envLang, type Io, langOption, UsageError } from './main.js';
import { checkRuleId, ruleIdIndex } from './scan.js';

export function registerRulesCommands(program: Command, io: Io, setCode: (c: number) => void): void {
  program
    .command('rules')
    .description('list the rule catalogue')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .addOption(langOption())
    .action((flags: { format: string; lang?: Lang }) => {
      const lang = flags.lang ?? envLang();
      const render = { text: renderRulesText, json: renderRulesJson, markdown: renderRulesMarkdown }[
        flags.format
      ]!;
      const text = render(allRules, lang);
      io.stdout(flags.format === 'json' ? text : termSafeLines(text));
      setCode(EXIT.ok);
    });
  program
    .command('explain')
    .description("a rule's rationale, remediation, references and examples")
    .argument('<rule-id>', 'rule ID (e.g. ECS-003) or slug')
    .addOption(langOption())
    .action((id: string, flags: { lang?: Lang }) => {
      const rule = allRules.find(
        (r) =>
          r.meta.id === id.toUpperCase() || r.meta.slug === id || r.meta.aliases?.includes(id.toUpperCase()),
      );
      const aud = rule ? undefined : findAuditMeta(id); // AUD-00x: audit-log detections (hako audit)
      if (aud) {
        io.stdout(termSafeLines(explainAudit(aud, flags.lang ?? envLang())));
        setCode(EXIT.ok);
        return;
      }
      if (!rule) {
        const slugs = allRules.map((r) => r.meta.slug);
        const guess =
          /^[a-z0-9-]+$/.test(id) && id.includes('-') && !/^[a-z]+-\d+$/.test(id)
            ? didYouMean(id, slugs)
            : undefined;
        if (guess) throw new UsageError(`unknown rule "${id}" (did you mean ${guess}?); see hako rules`);
        checkRuleId(ruleIdIndex(), id, 'explain'); // throws with a did-you-mean
      }
      io.stdout(termSafeLines(explainRule(rule!, flags.lang ?? envLang())));
      setCode(EXIT.ok);
    });
}

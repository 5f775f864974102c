/** `hako rules` and `hako explain ID`. */
import { type Command, Option } from 'commander';
import { explainRule, renderRulesJson, renderRulesMarkdown, renderRulesText } from '../docs/rules.js';
import { allRules } from '../rules/index.js';
import type { Lang } from '../rules/types.js';
import { EXIT, type Io, langOption, UsageError } from './main.js';

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
      const lang = flags.lang ?? 'en';
      const render = { text: renderRulesText, json: renderRulesJson, markdown: renderRulesMarkdown }[
        flags.format
      ]!;
      io.stdout(render(allRules, lang));
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
      if (!rule) throw new UsageError(`unknown rule "${id}" (see hako rules)`);
      io.stdout(explainRule(rule, flags.lang ?? 'en'));
      setCode(EXIT.ok);
    });
}

/**
 * ECR-008: a replication configuration ECR rejects or that cannot work (facts D5, mistake #42):
 * each repository filter is one `{filter, filterType: PREFIX_MATCH}` object (PREFIX_MATCH is the only
 * type; a filter is 2–256 characters; keys such as `filterValues` do not exist), at most 10 rules,
 * 100 filters per rule and 25 unique destinations. A cross-account destination needs a registry
 * policy in the destination account allowing the source account `ecr:ReplicateImage`: judged when
 * both accounts are known (CLI output carries `registryId`) and the destination's registry policy
 * is in the input (hako's IAM evaluator). A registry policy statement granting other actions
 * (mistake #43: BatchGetImage / GetDownloadUrlForLayer for replication) is reported too: in the
 * default registry policy scope only ReplicateImage, CreateRepository and BatchImportUpstreamImage
 * are accepted (the V2 scope was not researched; see the facts file's open points).
 */
import { evaluate } from '../../engines/iam/index.js';
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';
import { statementSrc } from './_helpers.js';

const MAX_RULES = 10;
const REGISTRY_ACTIONS = ['ecr:replicateimage', 'ecr:createrepository', 'ecr:batchimportupstreamimage'];
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const MAX_FILTERS = 100;
const MAX_DESTINATIONS = 25;

export default defineRule<
  | 'registryPolicyOf'
  | 'filterType'
  | 'filterTypeMissing'
  | 'unknownKey'
  | 'filterLength'
  | 'tooManyRules'
  | 'tooManyFilters'
  | 'tooManyDestinations'
  | 'notGranted'
  | 'registryPolicyAction'
>({
  meta: {
    id: 'ECR-008',
    slug: 'ecr-replication-valid',
    service: 'ecr',
    severity: 'medium',
    title: { en: 'Replication configuration invalid', ja: 'レプリケーション設定が無効' },
    rationale: {
      en: 'PutReplicationConfiguration rejects filters whose filterType is not PREFIX_MATCH, filters outside 2–256 characters, more than 10 rules, more than 100 filters in a rule or more than 25 destinations; each filter object holds one prefix (there is no `filterValues` list). Cross-account replication also needs a registry policy in the destination account that allows the source account `ecr:ReplicateImage`. Otherwise images are not copied to the Region or account meant for disaster recovery or isolation, silently.',
      ja: 'PutReplicationConfiguration は、filterType が PREFIX_MATCH でないフィルター、2〜256 文字の範囲外のフィルター、10 を超えるルール、1 ルール 100 を超えるフィルター、25 を超える送信先を拒否します。フィルターオブジェクトは 1 つのプレフィックスを持ちます（`filterValues` というリストはありません）。クロスアカウントのレプリケーションには、送信先アカウントで送信元アカウントに `ecr:ReplicateImage` を許可するレジストリポリシーも必要です。そうでないと、災害対策や分離のためのリージョンやアカウントへイメージが黙ってコピーされません。',
    },
    remediation: {
      en: 'Write each filter as `{"filter": "<prefix>", "filterType": "PREFIX_MATCH"}` (one object per prefix), stay within the limits, and in each destination account add a registry policy allowing the source account `ecr:ReplicateImage` (and `ecr:CreateRepository`) on `arn:aws:ecr:<region>:<destination>:repository/*`.',
      ja: '各フィルターを `{"filter": "<prefix>", "filterType": "PREFIX_MATCH"}`（プレフィックスごとに 1 オブジェクト）で書き、上限内に収め、各送信先アカウントで送信元アカウントに `arn:aws:ecr:<region>:<destination>:repository/*` への `ecr:ReplicateImage`（と `ecr:CreateRepository`）を許可するレジストリポリシーを追加してください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_RepositoryFilter.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-examples.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        filterType: 'replication filter "{filter}" has filterType "{type}": the only type is PREFIX_MATCH',
        filterTypeMissing:
          'replication filter "{filter}" has no filterType: it is required, and the only type is PREFIX_MATCH',
        unknownKey:
          'replication filter has the key "{key}", which does not exist: each filter is one {"filter": "<prefix>", "filterType": "PREFIX_MATCH"} object',
        filterLength: 'replication filter "{filter}" must be 2 to 256 characters long',
        tooManyRules: 'replication configuration has {count} rules (at most {max})',
        tooManyFilters: 'replication rule has {count} repository filters (at most {max})',
        tooManyDestinations: 'replication configuration has {count} unique destinations (at most {max})',
        notGranted:
          'destination registry {destination} ({region}) has a registry policy that does not allow the source account {source} ecr:ReplicateImage',
        registryPolicyAction:
          'registry policy grants {actions}: a registry policy only enforces ecr:ReplicateImage, ecr:CreateRepository and ecr:BatchImportUpstreamImage (other actions are rejected in the default registry policy scope)',
        registryPolicyOf: 'registry policy of {destination}',
      },
      ja: {
        filterType:
          'レプリケーションフィルター "{filter}" の filterType が "{type}" です。使える種類は PREFIX_MATCH だけです',
        filterTypeMissing:
          'レプリケーションフィルター "{filter}" に filterType がありません。必須で、使える種類は PREFIX_MATCH だけです',
        unknownKey:
          'レプリケーションフィルターに存在しないキー "{key}" があります。フィルターは 1 つの {"filter": "<prefix>", "filterType": "PREFIX_MATCH"} オブジェクトです',
        filterLength: 'レプリケーションフィルター "{filter}" は 2〜256 文字である必要があります',
        tooManyRules: 'レプリケーション設定のルールが {count} 個あります（上限 {max}）',
        tooManyFilters: 'レプリケーションルールのリポジトリフィルターが {count} 個あります（上限 {max}）',
        tooManyDestinations: 'レプリケーション設定の一意な送信先が {count} 個あります（上限 {max}）',
        notGranted:
          '送信先レジストリ {destination}（{region}）のレジストリポリシーは送信元アカウント {source} に ecr:ReplicateImage を許可していません',
        registryPolicyAction:
          'レジストリポリシーが {actions} を許可しています。レジストリポリシーが適用するのは ecr:ReplicateImage、ecr:CreateRepository、ecr:BatchImportUpstreamImage だけです（既定のレジストリポリシースコープでは他のアクションは拒否されます）',
        registryPolicyOf: '{destination} のレジストリポリシー',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const { ecr } = state.aws;
    // mistake #43: a destination registry policy granting pull actions instead of ReplicateImage
    for (const p of ecr.registryPolicies) {
      const doc = p.policy.document as { Statement?: unknown } | undefined;
      const sts = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
      sts.forEach((raw, index) => {
        const st = raw as { Effect?: unknown; Action?: unknown };
        if (st?.Effect !== 'Allow') return;
        const acts = (Array.isArray(st.Action) ? st.Action : [st.Action]).filter(
          (a): a is string => typeof a === 'string' && !a.includes('*'),
        );
        const extra = acts.filter((a) => !REGISTRY_ACTIONS.includes(a.toLowerCase()));
        if (extra.length > 0)
          ctx.report({
            resource: p,
            at: statementSrc(p.policy, index),
            messageId: 'registryPolicyAction',
            data: { actions: extra.join(', ') },
          });
      });
    }
    for (const conf of ecr.replication) {
      const at = { resource: conf };
      if (conf.rules.length > MAX_RULES)
        ctx.report({
          ...at,
          at: conf.rulesSrc,
          messageId: 'tooManyRules',
          data: { count: conf.rules.length, max: MAX_RULES },
        });
      const destinations = new Set<string>();
      for (const rule of conf.rules) {
        if (rule.repositoryFilters.length > MAX_FILTERS)
          ctx.report({
            ...at,
            at: rule.src,
            messageId: 'tooManyFilters',
            data: { count: rule.repositoryFilters.length, max: MAX_FILTERS },
          });
        for (const f of rule.repositoryFilters) {
          for (const k of f.unknownKeys)
            ctx.report({ ...at, at: k.src, messageId: 'unknownKey', data: { key: k.key } });
          const filter = isKnown(f.filter) ? f.filter.value : '';
          if (isKnown(f.filterType) && f.filterType.value !== 'PREFIX_MATCH')
            ctx.report({
              ...at,
              at: f.filterType.origin === 'default' ? f.src : f.filterType.src,
              messageId: f.filterType.value === '' ? 'filterTypeMissing' : 'filterType',
              data: { filter, type: f.filterType.value },
            });
          if (isKnown(f.filter) && (filter.length < 2 || filter.length > 256))
            ctx.report({
              ...at,
              at: f.filter.origin === 'default' ? f.src : f.filter.src,
              messageId: 'filterLength',
              data: { filter },
            });
        }
        for (const d of rule.destinations) {
          destinations.add(`${d.region.value}/${d.registryId.value}`);
          const source = conf.account;
          const dest = d.registryId.value;
          if (!source || !isKnown(d.registryId) || dest === source) continue;
          const policy = ecr.registryPolicies.find((p) => p.account === dest);
          if (!policy?.policy.document) continue;
          const r = evaluate(
            {
              identity: [{ id: 'source', document: ALLOW_ALL }],
              resource: [{ id: 'registry', document: policy.policy.document }],
            },
            {
              action: 'ecr:ReplicateImage',
              resource: `arn:aws:ecr:${d.region.value}:${dest}:repository/hako`,
              principal: { type: 'AWS', id: `arn:aws:iam::${source}:root` },
              context: { 'aws:PrincipalAccount': source, 'aws:SourceAccount': source },
            },
            { missingKeys: 'uncertain', sameAccount: false, resourcePolicyRequired: true },
          );
          if (!r.possible.includes('allow'))
            ctx.report({
              ...at,
              at: d.src,
              messageId: 'notGranted',
              data: { destination: dest, region: d.region.value, source },
              related: [
                { src: policy.policy.src, messageId: 'registryPolicyOf', data: { destination: dest } },
              ],
            });
        }
      }
      if (destinations.size > MAX_DESTINATIONS)
        ctx.report({
          ...at,
          at: conf.rulesSrc,
          messageId: 'tooManyDestinations',
          data: { count: destinations.size, max: MAX_DESTINATIONS },
        });
    }
  },
});

/**
 * ECR-010: the registry uses BASIC scanning (the default): OS packages only, on push or on demand,
 * never re-scanned when new CVEs are published. ENHANCED scanning (Amazon Inspector) covers OS and
 * language packages and can scan continuously (facts D3, mistakes #38 and #41: repository-level
 * scan on push is basic scanning, not Inspector). Judged only on a registry scanning configuration
 * in the input: the setting is the registry's, not any repository's.
 */
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'basic' | 'basicDefault'>({
  meta: {
    id: 'ECR-010',
    slug: 'ecr-enhanced-scanning',
    service: 'ecr',
    severity: 'info',
    title: { en: 'Registry uses basic scanning only', ja: 'レジストリが基本スキャンのみを使用' },
    rationale: {
      en: 'BASIC scanning checks OS packages only, on push or on demand, and never rescans an image when new vulnerabilities are published. ENHANCED scanning (Amazon Inspector) also covers programming-language packages and can scan continuously, so images already deployed are re-evaluated. Repository-level scan on push is basic scanning; it does not turn on Inspector.',
      ja: 'BASIC スキャンは OS パッケージだけを、プッシュ時かオンデマンドで確認し、新しい脆弱性が公開されてもイメージを再スキャンしません。ENHANCED スキャン（Amazon Inspector）はプログラミング言語のパッケージも対象とし、継続的にスキャンできるため、デプロイ済みのイメージも再評価されます。リポジトリ単位のスキャンオンプッシュは基本スキャンであり、Inspector を有効にしません。',
    },
    remediation: {
      en: 'Set the registry scanning type to `ENHANCED` with `CONTINUOUS_SCAN` rules (`aws ecr put-registry-scanning-configuration --scan-type ENHANCED`, Terraform `scan_type = "ENHANCED"`, or `aws inspector2 enable --resource-types ECR`).',
      ja: 'レジストリのスキャンタイプを `ENHANCED` にし、`CONTINUOUS_SCAN` のルールを設定してください（`aws ecr put-registry-scanning-configuration --scan-type ENHANCED`、Terraform の `scan_type = "ENHANCED"`、または `aws inspector2 enable --resource-types ECR`）。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-enhanced.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutRegistryScanningConfiguration.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        basic: 'the registry uses BASIC scanning (no Inspector enhanced or continuous scanning)',
        basicDefault:
          'the registry scanning configuration sets no scan type: the default BASIC applies (no Inspector enhanced or continuous scanning)',
      },
      ja: {
        basic: 'レジストリは BASIC スキャンを使っています（Inspector の拡張スキャン・継続スキャンなし）',
        basicDefault:
          'レジストリのスキャン設定にスキャンタイプがなく、既定値の BASIC が適用されます（Inspector の拡張スキャン・継続スキャンなし）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const cfg of state.aws.ecr.scanning) {
      const t = cfg.scanType;
      if (!isKnown(t) || t.value !== 'BASIC') continue;
      ctx.report({ at: t.src, resource: cfg, messageId: t.origin === 'default' ? 'basicDefault' : 'basic' });
    }
  },
});

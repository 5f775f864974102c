/**
 * ECR-002: a repository whose images are never scanned ships known CVEs unnoticed. Scanned means
 * (facts D3): the repository's own (deprecated, basic) `scanOnPush`, or a registry scanning rule with
 * `SCAN_ON_PUSH` (BASIC and ENHANCED) or `CONTINUOUS_SCAN` (ENHANCED) whose filter matches the name
 * (no `*`: the name contains it; `*`: zero or more characters).
 *
 * Decision when several pieces are missing:
 * - A registry scanning configuration in the input decides. ENHANCED: only its rules count (the
 *   repository-level flag is ignored by ECR). BASIC with rules: its rules decide and unmatched
 *   repositories fall back to MANUAL. BASIC with no rules: the repository flag decides.
 * - No registry configuration in the input: the registry default (BASIC, no rules) is assumed, so the
 *   repository flag decides and `scan_on_push` false (or absent) fires; the message says the registry
 *   configuration was not seen (suppress it when the registry is configured elsewhere).
 * - Any unresolved piece (a filter from a variable, a dynamic rule block) stops the finding.
 * - An unresolved repository name does not hide a known setting: `scan_on_push = false` with no
 *   registry configuration still fires, and registry rules still decide when they do not depend on
 *   the name (no counted rule, or a `*` filter); a name filter that might match keeps it unknown.
 */
import type { EcrRepository, RegistryScanning } from '../../model/aws/ecr.js';
import { isKnown, isTrue } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';
import { registryScans } from './_helpers.js';

function verdict(repo: EcrRepository, configs: RegistryScanning[]): boolean | 'unknown' {
  const legacy = isKnown(repo.scanOnPush) ? repo.scanOnPush.value : 'unknown';
  if (configs.length === 0) return legacy;
  let unknown = false;
  for (const cfg of configs) {
    const basicNoRules =
      isKnown(cfg.scanType) && cfg.scanType.value !== 'ENHANCED' && cfg.rulesKnown && cfg.rules.length === 0;
    const v = basicNoRules ? legacy : registryScans(cfg, isKnown(repo.name) ? repo.name.value : undefined);
    if (v === true) return true;
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : false;
}

export default defineRule<'notScanned' | 'overridden' | 'notScannedNoRegistry'>({
  meta: {
    id: 'ECR-002',
    slug: 'ecr-repository-scanned',
    service: 'ecr',
    severity: 'medium',
    title: { en: 'Repository images are not scanned', ja: 'リポジトリのイメージがスキャンされない' },
    rationale: {
      en: 'Images that are never scanned for vulnerabilities can carry known CVEs into production unnoticed. A repository is scanned when it has scan on push or when a registry scanning rule (SCAN_ON_PUSH, or CONTINUOUS_SCAN with ENHANCED scanning) has a filter matching its name; with ENHANCED scanning a repository no rule matches is not scanned at all, and the repository-level scanOnPush (deprecated) is ignored.',
      ja: '脆弱性スキャンされないイメージは既知の CVE を気づかれないまま本番へ持ち込みます。リポジトリはスキャンオンプッシュを持つか、レジストリのスキャンルール（SCAN_ON_PUSH、または ENHANCED の CONTINUOUS_SCAN）のフィルターが名前に一致するときにスキャンされます。ENHANCED ではどのルールにも一致しないリポジトリはまったくスキャンされず、リポジトリ単位の scanOnPush（非推奨）は無視されます。',
    },
    remediation: {
      en: 'Add a registry scanning rule whose filter matches the repository (`aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules` with `CONTINUOUS_SCAN` or `SCAN_ON_PUSH`, Terraform `aws_ecr_registry_scanning_configuration`), or at least enable scan on push on the repository.',
      ja: 'リポジトリに一致するフィルターを持つレジストリのスキャンルールを追加するか（`aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules` で `CONTINUOUS_SCAN` か `SCAN_ON_PUSH`、Terraform では `aws_ecr_registry_scanning_configuration`）、少なくともリポジトリのスキャンオンプッシュを有効にしてください。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutRegistryScanningConfiguration.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_163'], trivy: ['AVD-AWS-0030'] }),
    inputs: ['terraform', 'cloudformation', 'ecr-json'],
    messages: {
      en: {
        notScanned: 'repository {repo} is not scanned: no registry scanning rule matches it',
        overridden:
          'repository {repo} is not scanned: no registry scanning rule matches it, and its repository-level scanOnPush is overridden by the registry scanning configuration',
        notScannedNoRegistry:
          'repository {repo} is not scanned: scan on push is off and no registry scanning configuration was scanned (the default, BASIC without rules, scans nothing automatically)',
      },
      ja: {
        notScanned: 'リポジトリ {repo} はスキャンされません。一致するレジストリのスキャンルールがありません',
        overridden:
          'リポジトリ {repo} はスキャンされません。一致するレジストリのスキャンルールがなく、リポジトリ単位の scanOnPush はレジストリのスキャン設定で上書きされます',
        notScannedNoRegistry:
          'リポジトリ {repo} はスキャンされません。スキャンオンプッシュが無効で、レジストリのスキャン設定も読み込まれていません（既定値の BASIC・ルールなしでは自動スキャンされません）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const repo of state.aws.ecr.repositories) {
      // A registry's scanning configuration covers only that registry's repositories.
      const configs = state.aws.ecr.scanning.filter(
        (c) => c.account === undefined || repo.account === undefined || c.account === repo.account,
      );
      if (verdict(repo, configs) !== false) continue;
      const data = { repo: showName(repo.name) };
      if (configs.length === 0) {
        ctx.report({ at: repo.scanOnPush.src, resource: repo, messageId: 'notScannedNoRegistry', data });
      } else {
        const messageId = isTrue(repo.scanOnPush) ? 'overridden' : 'notScanned';
        ctx.report({ at: repo.src, resource: repo, messageId, data });
      }
    }
  },
});

/**
 * EKS-005: Kubernetes version past the end of standard support on the scan date (`ctx.now`, UTC).
 * Table: /work/shared/domain/eks-versions-and-defaults.md A1, from the EKS release calendar
 * (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html; rows 1.23–1.34 from
 * awsdocs/amazon-eks-user-guide, 1.35–1.36 from secondary copies of that calendar — re-check).
 * Status changes at 00:00 UTC of the listed day: on the end-of-standard date the version is past
 * standard support (A2). A version older than the oldest row (1.22, 1.21, ...) is past end of
 * support: all of them left support before the oldest row's end of standard support. A version
 * newer than the newest row, an unparsable one, an absent version (EKS default) or an unquoted
 * number (1.30 read as 1.3; the adapters mark it unresolved) is unknown: no finding.
 */
import { isKnown } from '../../model/source.js';
import { showName } from '../_shared/name.js';
import { defineRule, noEquivalents } from '../types.js';

/** Version → [end of standard support, end of extended support] (UTC calendar days). */
export const EKS_SUPPORT: Readonly<Record<string, readonly [string, string]>> = {
  '1.23': ['2023-10-11', '2024-10-11'],
  '1.24': ['2024-01-31', '2025-01-31'],
  '1.25': ['2024-05-01', '2025-05-01'],
  '1.26': ['2024-06-11', '2025-06-11'],
  '1.27': ['2024-07-24', '2025-07-24'],
  '1.28': ['2024-11-26', '2025-11-26'],
  '1.29': ['2025-03-23', '2026-03-23'],
  '1.30': ['2025-07-23', '2026-07-23'],
  '1.31': ['2025-11-26', '2026-11-26'],
  '1.32': ['2026-03-23', '2027-03-23'],
  '1.33': ['2026-07-29', '2027-07-29'],
  '1.34': ['2026-12-02', '2027-12-02'],
  '1.35': ['2027-03-27', '2028-03-27'],
  '1.36': ['2027-08-02', '2028-08-02'],
};

export type SupportStatus = 'standard' | 'extended' | 'ended' | 'unknown';

/** `major.minor` as numbers; undefined when the text is not exactly that. */
function parseVersion(v: string): [number, number] | undefined {
  const m = /^(\d{1,4})\.(\d{1,4})$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The oldest version in the table (its extended support ended last among the versions before it). */
export const OLDEST_IN_TABLE: string = Object.keys(EKS_SUPPORT).sort((a, b) => {
  const [x, y] = [parseVersion(a)!, parseVersion(b)!];
  return x[0] - y[0] || x[1] - y[1];
})[0]!;

/**
 * True when `version` is older than every row of the table. Support of those versions ended
 * before the oldest row's end of standard support (EKS offered extended support from 1.23 on, and
 * versions leave support in order), so from that day on they are past all support.
 */
export function olderThanTable(version: string): boolean {
  const v = parseVersion(version);
  const oldest = parseVersion(OLDEST_IN_TABLE)!;
  return v !== undefined && (v[0] < oldest[0] || (v[0] === oldest[0] && v[1] < oldest[1]));
}

export function supportStatus(version: string, now: Date): SupportStatus {
  const day = now.toISOString().slice(0, 10);
  if (olderThanTable(version)) return day >= EKS_SUPPORT[OLDEST_IN_TABLE]![0] ? 'ended' : 'unknown';
  const row = EKS_SUPPORT[version.trim()];
  if (!row) return 'unknown';
  if (day >= row[1]) return 'ended';
  if (day >= row[0]) return 'extended';
  return 'standard';
}

export default defineRule<'extended' | 'ended' | 'beforeTable'>({
  meta: {
    id: 'EKS-005',
    slug: 'eks-version-supported',
    service: 'eks',
    severity: 'medium',
    title: {
      en: 'EKS Kubernetes version past end of standard support',
      ja: 'EKS の Kubernetes バージョンが標準サポート終了後',
    },
    rationale: {
      en: 'After 14 months a Kubernetes version leaves EKS standard support: it costs extended-support fees and, after 12 more months, the control plane is upgraded automatically at a time AWS chooses, which can break workloads. Old versions also miss security fixes that only land in supported releases.',
      ja: 'Kubernetes バージョンは 14 か月で EKS の標準サポートを外れ、延長サポート料金がかかり、さらに 12 か月後には AWS が選ぶ時期にコントロールプレーンが自動アップグレードされ、ワークロードが壊れることがあります。古いバージョンはサポート中のリリースにしか入らないセキュリティ修正も受けられません。',
    },
    remediation: {
      en: 'Upgrade the cluster one minor version at a time to a version in standard support (`version` / `Version`), upgrading node groups and add-ons with it.',
      ja: 'クラスターを 1 マイナーバージョンずつ標準サポート中のバージョンへアップグレードし（`version` / `Version`）、ノードグループとアドオンも合わせて更新してください。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html',
    ],
    equivalents: noEquivalents({ checkov: ['CKV_AWS_339'] }),
    inputs: ['terraform', 'cloudformation'],
    messages: {
      en: {
        extended:
          'cluster {cluster} runs Kubernetes {version}, past end of standard support on {date} (extended support, extra cost)',
        ended:
          'cluster {cluster} runs Kubernetes {version}, past end of extended support on {date}: EKS will upgrade the control plane automatically',
        beforeTable:
          'cluster {cluster} runs Kubernetes {version}, older than {oldest}: its support has ended and EKS will upgrade the control plane automatically',
      },
      ja: {
        extended:
          'クラスター {cluster} は Kubernetes {version} を使用しており、{date} に標準サポートが終了しています（延長サポート、追加料金）',
        ended:
          'クラスター {cluster} は Kubernetes {version} を使用しており、{date} に延長サポートも終了しています。EKS はコントロールプレーンを自動アップグレードします',
        beforeTable:
          'クラスター {cluster} は {oldest} より古い Kubernetes {version} を使用しており、サポートは終了しています。EKS はコントロールプレーンを自動アップグレードします',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const c of state.aws.eks.clusters) {
      const v = c.version;
      if (!isKnown(v)) continue;
      const status = supportStatus(v.value, ctx.now);
      if (status !== 'extended' && status !== 'ended') continue;
      if (olderThanTable(v.value)) {
        ctx.report({
          at: v.src,
          resource: c,
          messageId: 'beforeTable',
          data: { cluster: showName(c.name), version: v.value, oldest: OLDEST_IN_TABLE },
        });
        continue;
      }
      const row = EKS_SUPPORT[v.value.trim()]!;
      ctx.report({
        at: v.src,
        resource: c,
        messageId: status,
        data: { cluster: showName(c.name), version: v.value, date: status === 'ended' ? row[1] : row[0] },
      });
    }
  },
});

/**
 * K8S-010: `AWS_ROLE_ARN` or `AWS_WEB_IDENTITY_TOKEN_FILE` written into a container's `env` by hand.
 * The EKS Pod Identity Webhook injects both (and the projected token volume) into every container
 * of a pod whose ServiceAccount carries `eks.amazonaws.com/role-arn`; when a container already sets
 * either variable it injects neither (aws/amazon-eks-pod-identity-webhook, `addEnvToContainer`).
 * So a manual value wins over the annotation and drifts from it, and setting only one of the pair
 * leaves the other unset: the AWS SDK then skips web identity and falls back to the next source of
 * credentials (often the node role). Graded by what the scan shows: the pair set by hand, one of
 * them alone, or an `AWS_ROLE_ARN` that differs from the scanned ServiceAccount's annotation.
 */
import type { EnvVar } from '../../model/k8s/workload.js';
import { isKnown } from '../../model/source.js';
import { defineRule, noEquivalents, type Related } from '../types.js';
import { accountIndex, accountsFor, nameLabel, namespaceOf, objectLabel } from './_objects.js';

const ROLE = 'AWS_ROLE_ARN';
const TOKEN = 'AWS_WEB_IDENTITY_TOKEN_FILE';

export default defineRule<'manual' | 'alone' | 'mismatch' | 'accountRole'>({
  meta: {
    id: 'K8S-010',
    slug: 'k8s-no-manual-irsa-env',
    service: 'k8s',
    severity: 'info',
    title: {
      en: 'IRSA environment variables set by hand',
      ja: 'IRSA の環境変数を手動で設定している',
    },
    rationale: {
      en: "With IAM roles for service accounts, the EKS Pod Identity Webhook reads the `eks.amazonaws.com/role-arn` annotation of the pod's ServiceAccount and injects `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE` and the projected token volume. A container that already sets either variable is skipped: the hand-written value wins, so changing the annotation no longer changes the role, and the two drift apart. Setting only one of the pair is worse: the webhook then injects neither, and the AWS SDK, which needs both, silently falls back to other credentials such as the node role.",
      ja: 'サービスアカウントの IAM ロール（IRSA）では、EKS Pod Identity Webhook が Pod の ServiceAccount の `eks.amazonaws.com/role-arn` アノテーションを読み、`AWS_ROLE_ARN`、`AWS_WEB_IDENTITY_TOKEN_FILE` と投影トークンのボリュームを注入します。どちらかの変数をすでに設定しているコンテナはスキップされ、手書きの値が優先されます。そのためアノテーションを変えてもロールは変わらず、両者は食い違っていきます。片方だけを設定するとさらに悪く、Webhook はどちらも注入しないため、両方を必要とする AWS SDK はノードロールなど別の認証情報に黙ってフォールバックします。',
    },
    remediation: {
      en: 'Remove `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` from the container `env` and annotate the ServiceAccount with `eks.amazonaws.com/role-arn` instead (or use an EKS Pod Identity association).',
      ja: 'コンテナの `env` から `AWS_ROLE_ARN` と `AWS_WEB_IDENTITY_TOKEN_FILE` を削除し、代わりに ServiceAccount に `eks.amazonaws.com/role-arn` アノテーションを付けてください（または EKS Pod Identity の関連付けを使ってください）。',
    },
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-configuration.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
      'https://github.com/aws/amazon-eks-pod-identity-webhook',
    ],
    equivalents: noEquivalents(),
    inputs: ['kubernetes'],
    messages: {
      en: {
        manual:
          '{kind} {name}: container {container} sets {env} by hand; the EKS Pod Identity Webhook injects it from the ServiceAccount annotation eks.amazonaws.com/role-arn and skips containers that already set it',
        alone:
          '{kind} {name}: container {container} sets {env} by hand without {other}; the EKS Pod Identity Webhook then injects neither, and the AWS SDK needs both for web identity',
        mismatch:
          '{kind} {name}: container {container} sets AWS_ROLE_ARN to {value}, but ServiceAccount {account} is annotated with {annotated}; the hand-written value wins',
        accountRole: 'ServiceAccount {account} role {role}',
      },
      ja: {
        manual:
          '{kind} {name}: コンテナ {container} は {env} を手動で設定しています。EKS Pod Identity Webhook は ServiceAccount の eks.amazonaws.com/role-arn アノテーションからこれを注入し、すでに設定しているコンテナはスキップします',
        alone:
          '{kind} {name}: コンテナ {container} は {other} なしで {env} を手動で設定しています。EKS Pod Identity Webhook はどちらも注入せず、AWS SDK の Web ID 認証には両方が必要です',
        mismatch:
          '{kind} {name}: コンテナ {container} は AWS_ROLE_ARN を {value} に設定していますが、ServiceAccount {account} のアノテーションは {annotated} です。手書きの値が優先されます',
        accountRole: 'ServiceAccount {account} のロールは {role} です',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const idx = accountIndex(state);
    for (const w of state.k8s.workloads) {
      const account = w.pod.serviceAccountName.value;
      const annotated = accountsFor(idx, namespaceOf(w), account).filter((a) => a.roleArn !== undefined);
      for (const c of w.containers) {
        const byName = new Map<string, EnvVar>();
        for (const e of c.env) if (isKnown(e.name)) byName.set(e.name.value, e);
        const base = { kind: w.kind, name: objectLabel(w), container: nameLabel(c.name) };
        for (const [env, other] of [
          [ROLE, TOKEN],
          [TOKEN, ROLE],
        ] as const) {
          const e = byName.get(env);
          if (!e) continue;
          const sa = annotated.length === 1 ? annotated[0] : undefined;
          const role = sa?.roleArn?.value;
          if (env === ROLE && sa && role !== undefined && isKnown(e.value) && e.value.value !== role) {
            const related: Related<'accountRole'>[] = [
              { src: sa.roleArn?.src, messageId: 'accountRole', data: { account: objectLabel(sa), role } },
            ];
            ctx.report({
              at: e.value.src,
              resource: w,
              messageId: 'mismatch',
              data: { ...base, value: e.value.value, account: objectLabel(sa), annotated: role },
              related,
            });
          } else if (!byName.has(other)) {
            ctx.report({ at: e.name.src, resource: w, messageId: 'alone', data: { ...base, env, other } });
          } else {
            ctx.report({ at: e.name.src, resource: w, messageId: 'manual', data: { ...base, env } });
          }
        }
      }
    }
  },
});

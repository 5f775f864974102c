/**
 * K8S-007: a secret written as a literal `env[].value` of a container is stored in the workload
 * object and readable by anyone who can get that Deployment/Pod (RBAC `get` on the workload, not on
 * Secrets), by `kubectl describe`, and wherever the manifest lives (Git, Helm release history). The
 * detector is ECS-008's (`_shared/secrets.ts`): a credential-shaped value, or a sensitive name with
 * a literal value; never references (`$(VAR)`), booleans, numbers or descriptive names such as
 * `*_FILE`. `valueFrom` (secretKeyRef and friends) is the fix, not a finding. Every container kind
 * is judged; messages never include the value. ConfigMap `data` is judged the same way (key as the
 * name, value as the value): a ConfigMap is meant for non-confidential settings, readable by every
 * principal allowed to read ConfigMaps and often mounted or dumped whole. `binaryData` (base64) is
 * not read.
 */
import { showWrittenName } from '../_shared/name.js';
import { reportPlainSecret } from '../_shared/secrets.js';
import { defineRule, noEquivalents } from '../types.js';

export default defineRule<'pattern' | 'name' | 'configMapPattern' | 'configMapName'>({
  meta: {
    id: 'K8S-007',
    slug: 'k8s-no-plaintext-secrets',
    service: 'k8s',
    severity: 'high',
    title: {
      en: 'Secret in plain container environment',
      ja: 'コンテナの環境変数に平文のシークレット',
    },
    rationale: {
      en: 'A literal `env` value is part of the Pod or pod template: anyone allowed to read the workload (a far wider group than those allowed to read Secrets), `kubectl describe`, the manifest repository and Helm release history all see it, and it cannot be rotated without a new rollout. A Secret referenced with `valueFrom.secretKeyRef`, or an external store (AWS Secrets Manager through the Secrets Store CSI driver or External Secrets), keeps the value out of the workload and under its own access control. The same holds for the `data` of a ConfigMap: ConfigMaps are meant for non-confidential settings, everyone allowed to read ConfigMaps in the namespace sees them, and they are often mounted or exported whole.',
      ja: '`env` のリテラル値は Pod や Pod テンプレートの一部です。ワークロードを読めるすべての人（Secret を読める人よりはるかに広い範囲）、`kubectl describe`、マニフェストのリポジトリ、Helm のリリース履歴から見え、新しいロールアウトなしにはローテーションできません。`valueFrom.secretKeyRef` で参照する Secret や、外部ストア（Secrets Store CSI ドライバーや External Secrets 経由の AWS Secrets Manager）を使えば、値はワークロードの外に置かれ、独自のアクセス制御で守られます。ConfigMap の `data` も同じです。ConfigMap は機密でない設定のためのもので、名前空間の ConfigMap を読めるすべての人に見え、丸ごとマウントやエクスポートされることもよくあります。',
    },
    remediation: {
      en: 'Move the value into a Secret (or AWS Secrets Manager with the Secrets Store CSI driver or External Secrets), reference it with `valueFrom.secretKeyRef` or a mounted volume, and rotate the exposed credential. For a ConfigMap key, move the value into a Secret and mount or reference that instead.',
      ja: '値を Secret（または Secrets Store CSI ドライバーや External Secrets と組み合わせた AWS Secrets Manager）に移し、`valueFrom.secretKeyRef` かマウントしたボリュームで参照したうえで、漏えいした認証情報をローテーションしてください。ConfigMap のキーは、値を Secret に移し、そちらをマウントまたは参照してください。',
    },
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/',
      'https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html',
    ],
    equivalents: noEquivalents({ kubeLinter: ['env-var-secret'], polaris: ['sensitiveContainerEnvVar'] }),
    inputs: ['kubernetes'],
    messages: {
      en: {
        pattern:
          '{kind} {name}: environment variable {env} of container {container} holds a {label} in plain text',
        name: '{kind} {name}: environment variable {env} of container {container} holds a secret in plain text',
        configMapPattern:
          'ConfigMap {name}: key {key} holds a {label} in plain text; ConfigMaps are not for confidential data',
        configMapName:
          'ConfigMap {name}: key {key} holds a secret in plain text; ConfigMaps are not for confidential data',
      },
      ja: {
        pattern:
          '{kind} {name}: コンテナ {container} の環境変数 {env} に認証情報が平文で含まれています（{label}）',
        name: '{kind} {name}: コンテナ {container} の環境変数 {env} にシークレットが平文で含まれています',
        configMapPattern:
          'ConfigMap {name}: キー {key} に認証情報が平文で含まれています（{label}）。ConfigMap は機密データ用ではありません',
        configMapName:
          'ConfigMap {name}: キー {key} にシークレットが平文で含まれています。ConfigMap は機密データ用ではありません',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const w of state.k8s.workloads) {
      for (const c of w.containers) {
        for (const e of c.env) {
          reportPlainSecret(ctx, e, {
            resource: w,
            messageIds: { pattern: 'pattern', name: 'name' },
            data: () => ({
              kind: w.kind,
              name: showWrittenName(w.object.metadata.name),
              env: showWrittenName(e.name),
              container: showWrittenName(c.name),
            }),
          });
        }
      }
    }
    for (const cm of state.k8s.configMaps) {
      for (const { key, value } of cm.data) {
        reportPlainSecret(
          ctx,
          { name: key, value },
          {
            resource: cm,
            messageIds: { pattern: 'configMapPattern', name: 'configMapName' },
            data: () => ({ name: showWrittenName(cm.object.metadata.name), key: showWrittenName(key) }),
          },
        );
      }
    }
  },
});

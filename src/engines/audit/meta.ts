/**
 * What each AUD detection says, in English and Japanese, and the GuardDuty finding type it mirrors
 * (shared/domain/aws-container-facts.md B11). The detections run over audit logs (`hako audit`), not
 * over the scanned State, so they are not in the scan rule registry.
 */
import type { Lang, Severity } from '../../rules/types.js';

export interface AuditMeta {
  id: string;
  slug: string;
  severity: Severity;
  title: Record<Lang, string>;
  rationale: Record<Lang, string>;
  remediation: Record<Lang, string>;
  /** Placeholders: {user} {count} {object} {verb} {ips} and the plan's key names. */
  message: Record<Lang, string>;
  /** GuardDuty finding type; `{tactic}` / `{dashboard}` filled from the finding's key. */
  guardDuty: string | null;
  references: string[];
}

const GD = 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-kubernetes.html';
const AUDIT = 'https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/';
const RBAC = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
const EKS_LOGS = 'https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html';

export const AUDIT_META: AuditMeta[] = [
  {
    id: 'AUD-001',
    slug: 'aud-anonymous-access-succeeded',
    severity: 'high',
    title: {
      en: 'A request by system:anonymous succeeded',
      ja: 'system:anonymous によるリクエストが成功した',
    },
    rationale: {
      en: 'An unauthenticated client could call the Kubernetes API: someone bound a role to system:anonymous or system:unauthenticated, or anonymous authentication is on with permissive RBAC. Anyone who reaches the endpoint has those rights.',
      ja: '認証されていないクライアントが Kubernetes API を呼び出せました。system:anonymous か system:unauthenticated にロールがバインドされているか、匿名認証が有効で RBAC が緩い状態です。エンドポイントに到達できる誰もがその権限を持ちます。',
    },
    remediation: {
      en: 'Find and delete the bindings that grant rights to system:anonymous or system:unauthenticated (`hako rbac who-can`), restrict the public endpoint (publicAccessCidrs or private endpoint only) and review what the anonymous requests did.',
      ja: 'system:anonymous や system:unauthenticated に権限を与えるバインディングを見つけて削除し（`hako rbac who-can`）、パブリックエンドポイントを制限し（publicAccessCidrs またはプライベートエンドポイントのみ）、匿名リクエストが何をしたかを確認してください。',
    },
    message: {
      en: '{tactic}: {user} {verb} {object} succeeded {count} time(s) from {ips}',
      ja: '{tactic}: {user} による {object} への {verb} が {ips} から {count} 回成功しました',
    },
    guardDuty: '{tactic}:Kubernetes/SuccessfulAnonymousAccess',
    references: [GD, RBAC],
  },
  {
    id: 'AUD-002',
    slug: 'aud-anonymous-access-granted',
    severity: 'high',
    title: {
      en: 'A binding grants a role to system:anonymous or system:unauthenticated',
      ja: 'バインディングが system:anonymous または system:unauthenticated にロールを付与した',
    },
    rationale: {
      en: 'A RoleBinding or ClusterRoleBinding whose subjects include system:anonymous or system:unauthenticated gives its role to every client that reaches the API server, without credentials.',
      ja: 'subjects に system:anonymous または system:unauthenticated を含む RoleBinding や ClusterRoleBinding は、API サーバーに到達するすべてのクライアントに認証情報なしでそのロールを与えます。',
    },
    remediation: {
      en: 'Delete the binding or remove those subjects, and check the audit log for anonymous requests made since (AUD-001).',
      ja: 'バインディングを削除するかそれらの subjects を外し、その後の匿名リクエストを監査ログで確認してください（AUD-001）。',
    },
    message: {
      en: '{user} wrote {object} binding anonymous subjects ({count} time(s), from {ips})',
      ja: '{user} が匿名の subjects をバインドする {object} を書き込みました（{count} 回、{ips} から）',
    },
    guardDuty: 'Policy:Kubernetes/AnonymousAccessGranted',
    references: [GD, RBAC],
  },
  {
    id: 'AUD-003',
    slug: 'aud-exec-in-kube-system',
    severity: 'medium',
    title: { en: 'exec or attach into a kube-system pod', ja: 'kube-system の Pod への exec または attach' },
    rationale: {
      en: 'Pods in kube-system run the cluster (CoreDNS, the VPC CNI, kube-proxy) and often hold powerful credentials. Running commands in them is rare in normal operation and is a step attackers take to reach those credentials.',
      ja: 'kube-system の Pod はクラスターを動かし（CoreDNS、VPC CNI、kube-proxy）、強力な認証情報を持つことが多くあります。そこでコマンドを実行することは通常の運用ではまれで、攻撃者がその認証情報に到達するための手段です。',
    },
    remediation: {
      en: 'Confirm with the user that the session was expected; remove pods/exec and pods/attach in kube-system from roles that do not need them.',
      ja: 'セッションが想定されたものかユーザーに確認し、不要なロールから kube-system の pods/exec と pods/attach を外してください。',
    },
    message: {
      en: '{user}: {subresource} into pod {namespace}/{name}, {count} time(s) from {ips}',
      ja: '{user} が Pod {namespace}/{name} に {subresource} を {count} 回実行しました（{ips} から）',
    },
    guardDuty: 'Execution:Kubernetes/ExecInKubeSystemPod',
    references: [GD],
  },
  {
    id: 'AUD-004',
    slug: 'aud-default-serviceaccount-admin',
    severity: 'high',
    title: {
      en: "A namespace's default ServiceAccount was bound to an admin role",
      ja: 'Namespace の default ServiceAccount が管理者ロールにバインドされた',
    },
    rationale: {
      en: "Every pod that names no ServiceAccount runs as its namespace's default one. Binding it to admin or cluster-admin gives those rights to every such pod, and to anyone who can create a pod there.",
      ja: 'ServiceAccount を指定しないすべての Pod は Namespace の default ServiceAccount で動きます。それを admin や cluster-admin にバインドすると、そのような Pod すべてと、そこで Pod を作成できる誰もがその権限を得ます。',
    },
    remediation: {
      en: 'Delete the binding; give workloads that need rights their own ServiceAccount with a least-privilege Role.',
      ja: 'バインディングを削除し、権限が必要なワークロードには最小権限の Role を持つ専用の ServiceAccount を与えてください。',
    },
    message: {
      en: '{user} bound a default ServiceAccount to an admin role in {object} ({count} time(s), from {ips})',
      ja: '{user} が {object} で default ServiceAccount を管理者ロールにバインドしました（{count} 回、{ips} から）',
    },
    guardDuty: 'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
    references: [GD, RBAC],
  },
  {
    id: 'AUD-005',
    slug: 'aud-dashboard-exposed',
    severity: 'medium',
    title: {
      en: 'A LoadBalancer Service exposes a Kubernetes or Kubeflow dashboard',
      ja: 'LoadBalancer の Service が Kubernetes または Kubeflow のダッシュボードを公開している',
    },
    rationale: {
      en: 'A dashboard behind a LoadBalancer Service is reachable from outside the cluster (from the internet for a public load balancer). Dashboards have been the way into many compromised clusters.',
      ja: 'LoadBalancer の Service の背後にあるダッシュボードはクラスター外から（パブリックなロードバランサーならインターネットから）到達できます。多くのクラスター侵害はダッシュボードから始まっています。',
    },
    remediation: {
      en: 'Change the Service to ClusterIP and reach the dashboard through kubectl port-forward or an authenticated ingress.',
      ja: 'Service を ClusterIP に変更し、kubectl port-forward か認証付きの Ingress からダッシュボードにアクセスしてください。',
    },
    message: {
      en: '{user} exposed the {dashboard} dashboard with LoadBalancer Service {object} ({count} time(s), from {ips})',
      ja: '{user} が LoadBalancer の Service {object} で {dashboard} ダッシュボードを公開しました（{count} 回、{ips} から）',
    },
    guardDuty: '{dashboard}',
    references: [GD],
  },
  {
    id: 'AUD-006',
    slug: 'aud-privileged-workload-created',
    severity: 'high',
    title: {
      en: 'A workload with a privileged container was created',
      ja: '特権コンテナを持つワークロードが作成された',
    },
    rationale: {
      en: "A privileged container has every capability and the host's devices: it can take over the node and the credentials of every pod on it.",
      ja: '特権コンテナはすべてのケーパビリティとホストのデバイスを持ち、ノードとそのノード上のすべての Pod の認証情報を奪えます。',
    },
    remediation: {
      en: 'Confirm the workload is expected; enforce Pod Security baseline on the namespace so privileged pods are rejected.',
      ja: 'ワークロードが想定されたものか確認し、Namespace に Pod Security の baseline を適用して特権 Pod を拒否してください。',
    },
    message: {
      en: '{user} created {object} with a privileged container ({count} time(s), from {ips})',
      ja: '{user} が特権コンテナを持つ {object} を作成しました（{count} 回、{ips} から）',
    },
    guardDuty: 'PrivilegeEscalation:Kubernetes/PrivilegedContainer (retired)',
    references: [GD, AUDIT],
  },
  {
    id: 'AUD-007',
    slug: 'aud-sensitive-hostpath-workload-created',
    severity: 'high',
    title: {
      en: 'A workload mounting a sensitive host path writable was created',
      ja: '機密性の高いホストパスを書き込み可能でマウントするワークロードが作成された',
    },
    rationale: {
      en: 'A writable mount of the host root, /etc, the kubelet directory or a container runtime socket lets the container change the node or start containers on it: a way to persist and to escape.',
      ja: 'ホストのルート、/etc、kubelet のディレクトリ、コンテナランタイムのソケットを書き込み可能でマウントすると、コンテナはノードを変更したりノード上でコンテナを起動したりできます。永続化とエスケープの手段です。',
    },
    remediation: {
      en: 'Confirm the workload is expected; mount host paths readOnly, or enforce Pod Security baseline so hostPath volumes are rejected.',
      ja: 'ワークロードが想定されたものか確認し、ホストパスは readOnly でマウントするか、Pod Security の baseline を適用して hostPath ボリュームを拒否してください。',
    },
    message: {
      en: '{user} created {object} mounting a sensitive host path writable ({count} time(s), from {ips})',
      ja: '{user} が機密性の高いホストパスを書き込み可能でマウントする {object} を作成しました（{count} 回、{ips} から）',
    },
    guardDuty: 'Persistence:Kubernetes/ContainerWithSensitiveMount (retired)',
    references: [GD, AUDIT],
  },
  {
    id: 'AUD-008',
    slug: 'aud-cluster-admin-binding-created',
    severity: 'high',
    title: {
      en: 'A ClusterRoleBinding to cluster-admin was created',
      ja: 'cluster-admin への ClusterRoleBinding が作成された',
    },
    rationale: {
      en: 'cluster-admin can do anything in the cluster. A new binding to it is either a planned change or an attacker making their access permanent.',
      ja: 'cluster-admin はクラスター内で何でもできます。新しいバインディングは計画された変更か、攻撃者がアクセスを恒久化したものです。',
    },
    remediation: {
      en: 'Confirm the change was planned; otherwise delete the binding and rotate the credentials of the user who created it.',
      ja: '変更が計画されたものか確認し、そうでなければバインディングを削除して作成したユーザーの認証情報をローテーションしてください。',
    },
    message: {
      en: '{user} created {object} to cluster-admin ({count} time(s), from {ips})',
      ja: '{user} が cluster-admin への {object} を作成しました（{count} 回、{ips} から）',
    },
    guardDuty: null,
    references: [RBAC],
  },
  {
    id: 'AUD-009',
    slug: 'aud-aws-auth-modified',
    severity: 'high',
    title: {
      en: 'kube-system/aws-auth was created, changed or deleted',
      ja: 'kube-system/aws-auth が作成、変更、または削除された',
    },
    rationale: {
      en: 'aws-auth maps IAM principals to Kubernetes users and groups: whoever edits it decides which AWS identities get into the cluster, up to system:masters.',
      ja: 'aws-auth は IAM プリンシパルを Kubernetes のユーザーとグループに対応付けます。編集した人が、どの AWS の ID がクラスターに入れるかを system:masters まで決められます。',
    },
    remediation: {
      en: 'Review the change; move to EKS access entries and restrict who can write the ConfigMap.',
      ja: '変更を確認し、EKS アクセスエントリーに移行して ConfigMap に書き込めるユーザーを制限してください。',
    },
    message: {
      en: '{user} did {verb} on {object} {count} time(s) from {ips}',
      ja: '{user} が {object} に {verb} を {count} 回実行しました（{ips} から）',
    },
    guardDuty: null,
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html'],
  },
  {
    id: 'AUD-010',
    slug: 'aud-secrets-read-across-namespaces',
    severity: 'medium',
    title: {
      en: 'One identity read or listed Secrets in several namespaces',
      ja: '1 つの ID が複数の Namespace の Secret を読み取りまたは一覧した',
    },
    rationale: {
      en: 'Reading Secrets across namespaces (or cluster-wide) is how stolen credentials are turned into more credentials. Workloads normally read the Secrets of their own namespace.',
      ja: 'Namespace をまたいだ（またはクラスター全体の）Secret の読み取りは、盗んだ認証情報をさらに多くの認証情報に変える手段です。ワークロードは通常、自分の Namespace の Secret だけを読みます。',
    },
    remediation: {
      en: 'Confirm the identity needs it; scope its Secret access to the namespaces it serves.',
      ja: 'その ID に必要か確認し、Secret へのアクセスを担当する Namespace に限定してください。',
    },
    message: {
      en: '{user} read Secrets in {namespaces} ({count} request(s), from {ips})',
      ja: '{user} が {namespaces} の Secret を読み取りました（{count} リクエスト、{ips} から）',
    },
    guardDuty: 'CredentialAccess:Kubernetes/AnomalousBehavior.SecretsAccessed (approx.)',
    references: [GD],
  },
  {
    id: 'AUD-011',
    slug: 'aud-secrets-deleted',
    severity: 'medium',
    title: { en: 'Secrets were deleted', ja: 'Secret が削除された' },
    rationale: {
      en: 'Deleting Secrets breaks the workloads that use them and can cover tracks; in bulk it is an impact action.',
      ja: 'Secret の削除はそれを使うワークロードを壊し、痕跡の隠蔽にもなります。大量の削除は影響を与える行為です。',
    },
    remediation: {
      en: 'Confirm the deletion was planned; restore the Secrets from their source and limit delete on secrets.',
      ja: '削除が計画されたものか確認し、Secret を元から復元して secrets の delete を制限してください。',
    },
    message: {
      en: '{user} deleted Secrets in namespace {namespace} {count} time(s) from {ips} (first {object})',
      ja: '{user} が Namespace {namespace} の Secret を {count} 回削除しました（{ips} から、最初は {object}）',
    },
    guardDuty: null,
    references: [AUDIT],
  },
  {
    id: 'AUD-012',
    slug: 'aud-system-masters-request',
    severity: 'low',
    title: { en: 'A request by a member of system:masters', ja: 'system:masters のメンバーによるリクエスト' },
    rationale: {
      en: 'system:masters bypasses RBAC and cannot be revoked by deleting a binding. Daily use of it (often the cluster creator) hides mistakes and leaves no least-privilege trail.',
      ja: 'system:masters は RBAC を迂回し、バインディングの削除では取り消せません。日常的な利用（多くはクラスター作成者）は誤りを隠し、最小権限の記録を残しません。',
    },
    remediation: {
      en: 'Use access entries or RBAC-bound groups for daily work; keep system:masters for break-glass.',
      ja: '日常業務にはアクセスエントリーか RBAC でバインドしたグループを使い、system:masters は緊急用に限ってください。',
    },
    message: {
      en: '{user} (system:masters) made {count} request(s) from {ips}, first {verb} on {object}',
      ja: '{user}（system:masters）が {ips} から {count} 件のリクエストを行いました（最初は {object} への {verb}）',
    },
    guardDuty: null,
    references: [EKS_LOGS, RBAC],
  },
];

export const AUDIT_META_BY_ID = new Map(AUDIT_META.map((m) => [m.id, m]));

/** hako audit's own words (errors and skip notes), in both languages. */
export const AUDIT_NOTES = {
  en: {
    lastSeen: 'last of {count} occurrences',
    notJson: 'not JSON: {detail}',
    notEvent: 'not an audit event (audit.k8s.io/v1 Event)',
    messageNotJson: 'log record message is not JSON: {detail}',
    lineTooLong: 'line longer than {max} bytes: not read',
    gzip: 'gzip: {detail}',
    read: 'cannot read: {detail}',
    documentUnclosed: 'JSON document ends before it is closed',
    moreErrors: '{count} more malformed lines not listed (first ones above)',
    otherStreams: '{count} log records of streams other than kube-apiserver-audit-* (not audit events)',
    earlyStages:
      '{count} events at stage RequestReceived or ResponseStarted (their ResponseComplete event is judged)',
    noBody:
      '{count} writes of bindings, Services or workloads logged without request or response body (audit level Metadata): AUD-002, AUD-004..008 cannot judge them',
  },
  ja: {
    lastSeen: '{count} 回のうち最後の発生',
    notJson: 'JSON ではありません: {detail}',
    notEvent: '監査イベント（audit.k8s.io/v1 Event）ではありません',
    messageNotJson: 'ログレコードの message が JSON ではありません: {detail}',
    lineTooLong: '{max} バイトを超える行のため読み込みません',
    gzip: 'gzip のエラー: {detail}',
    read: '読み込めません: {detail}',
    documentUnclosed: 'JSON ドキュメントが閉じる前に終わっています',
    moreErrors: 'ほかに {count} 行の不正な行があります（一覧は先頭のみ）',
    otherStreams:
      'kube-apiserver-audit-* 以外のストリームのログレコード {count} 件（監査イベントではありません）',
    earlyStages:
      'ステージ RequestReceived または ResponseStarted のイベント {count} 件（同じリクエストの ResponseComplete イベントで判定します）',
    noBody:
      'リクエストとレスポンスの本文なし（監査レベル Metadata）で記録されたバインディング、Service、ワークロードの書き込み {count} 件: AUD-002、AUD-004..008 では判定できません',
  },
} as const;

export type AuditNoteId = keyof (typeof AUDIT_NOTES)['en'];

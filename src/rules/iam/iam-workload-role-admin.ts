/**
 * IAM-006: a role that a task (its `taskRoleArn`) or the pods of a ServiceAccount (IRSA or Pod
 * Identity, the role in effect: engines/identity/workload-roles.ts) run with, and that may perform
 * every action (`*`, or a NotAction leaving almost everything in) or every action of a service
 * (`iam:*`, `s3:*`...) on every resource. Application code holds these credentials: whoever runs
 * code in the container holds the account (or the service). Decided by the evaluator over the
 * role's inline, attached (AWS managed policies from data) and boundary policies with their Deny
 * statements (engines/identity/access.ts `wildcardGrants`): a wildcard cut down by a Deny or a
 * boundary is not reported, a condition on something unknown says nothing. Reported once per role
 * at the policy (or attachment) that grants it, with every task definition and ServiceAccount
 * that uses the role in `related`.
 */
import { wildcardGrants } from '../../engines/identity/access.js';
import { workloadRoles } from '../../engines/identity/workload-roles.js';
import type { IamRole } from '../../model/aws/iam.js';
import { isKnown } from '../../model/source.js';
import { findRole } from '../_shared/iam-access.js';
import { defineRule, noEquivalents, type Related } from '../types.js';

type Use = Related<'usedByTask' | 'usedByServiceAccount' | 'roleHere'>;

export default defineRule<'admin' | 'service' | 'usedByTask' | 'usedByServiceAccount' | 'roleHere'>({
  meta: {
    id: 'IAM-006',
    slug: 'iam-workload-role-admin',
    service: 'iam',
    severity: 'high',
    title: {
      en: 'Task or pod role with administrative or wildcard permissions',
      ja: 'タスクロールまたは Pod のロールに管理者権限・ワイルドカード権限がある',
    },
    rationale: {
      en: 'The task role of an ECS task and the IAM role of a ServiceAccount (IRSA, EKS Pod Identity) are the credentials the application code receives. A role allowed every action (`*`), every IAM action (`iam:*`, which lets it grant itself anything) or every action of a service on every resource turns one compromised container — a vulnerable dependency, an SSRF, a leaked image — into control of the account or of all the data of that service.',
      ja: 'ECS タスクのタスクロールと ServiceAccount の IAM ロール（IRSA、EKS Pod Identity）は、アプリケーションコードが受け取る認証情報です。すべてのアクション（`*`）、すべての IAM アクション（`iam:*`: 自分に何でも付与できる）、またはあるサービスのすべてのアクションをすべてのリソースに許可されたロールでは、脆弱な依存関係・SSRF・漏えいしたイメージなどでコンテナが一つ侵害されるだけで、アカウント全体やそのサービスの全データを握られます。',
    },
    remediation: {
      en: 'Grant the role only the actions the application calls, on the resources it uses (for example `s3:GetObject` on `arn:aws:s3:::bucket/prefix/*`). Replace AdministratorAccess / PowerUserAccess attachments with a policy written for the workload; use IAM Access Analyzer policy generation from CloudTrail to find what it really calls.',
      ja: 'ロールには、アプリケーションが呼び出すアクションだけを、使うリソースに限って許可してください（例: `arn:aws:s3:::bucket/prefix/*` への `s3:GetObject`）。AdministratorAccess / PowerUserAccess のアタッチは、ワークロード用に書いたポリシーに置き換えてください。実際に呼び出しているアクションは IAM Access Analyzer の CloudTrail からのポリシー生成で調べられます。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    equivalents: noEquivalents(),
    inputs: ['ecs-json', 'iam-json', 'kubernetes', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        admin:
          'role "{role}" ({users}) may perform every action on every resource (policy {policy}, statement {statement})',
        service:
          'role "{role}" ({users}) may perform every {service} action ({service}:*) on every resource (policy {policy}, statement {statement})',
        usedByTask: 'task definition "{family}" runs its containers with this role (taskRoleArn)',
        usedByServiceAccount: 'the pods of ServiceAccount {namespace}/{name} receive this role ({via})',
        roleHere: 'role "{role}" is defined here',
      },
      ja: {
        admin:
          'ロール "{role}"（{users}）はすべてのリソースに対してすべてのアクションを実行できます（ポリシー {policy}、ステートメント {statement}）',
        service:
          'ロール "{role}"（{users}）はすべてのリソースに対して {service} のすべてのアクション（{service}:*）を実行できます（ポリシー {policy}、ステートメント {statement}）',
        usedByTask: 'タスク定義 "{family}" はこのロールでコンテナを実行します（taskRoleArn）',
        usedByServiceAccount: 'ServiceAccount {namespace}/{name} の Pod はこのロールを受け取ります（{via}）',
        roleHere: 'ロール "{role}" はここで定義されています',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const users = new Map<IamRole, { names: string[]; related: Use[] }>();
    const use = (role: IamRole, name: string, r: Use) => {
      const u = users.get(role) ?? { names: [], related: [] };
      if (!u.names.includes(name)) {
        u.names.push(name);
        u.related.push(r);
      }
      users.set(role, u);
    };
    for (const td of state.aws.ecs.taskDefinitions) {
      const role = findRole(state, td.taskRole);
      if (!role) continue;
      const family = isKnown(td.family) ? td.family.value : '?';
      use(role, `task ${family}`, { src: td.src, messageId: 'usedByTask', data: { family } });
    }
    for (const w of workloadRoles(state).all) {
      if (!w.effective || !w.role) continue;
      const { namespace, name } = w.serviceAccount;
      use(w.role, `ServiceAccount ${namespace}/${name}`, {
        src: w.src,
        messageId: 'usedByServiceAccount',
        data: { namespace, name, via: w.via === 'irsa' ? 'IRSA' : 'EKS Pod Identity' },
      });
    }
    for (const [role, u] of users) {
      for (const g of wildcardGrants(state, role)) {
        const first = g.statements[0];
        ctx.report({
          at: first?.src ?? role.src,
          resource: role,
          messageId: g.kind,
          data: {
            role: role.name,
            users: u.names.join(', '),
            policy: first?.policy ?? '?',
            statement: first ? (first.sid ?? String(first.index)) : '?',
            ...(g.service ? { service: g.service } : {}),
          },
          related: [
            { src: role.src, messageId: 'roleHere', data: { role: role.name } },
            ...u.related,
          ] as Use[],
        });
      }
    }
  },
});

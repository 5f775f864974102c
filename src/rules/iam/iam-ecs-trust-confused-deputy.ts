/**
 * IAM-005: a role that trusts `ecs-tasks.amazonaws.com` without `aws:SourceAccount` or
 * `aws:SourceArn` in the trusting statement (facts A6): ECS may be made to assume it on behalf of
 * a task of another account (the confused deputy). The keys count under any condition operator
 * (`StringEquals`, `ArnLike`, `ForAnyValue:` ...); an unreadable trust policy decides nothing.
 */
import { whoCanAssume } from '../../engines/identity/access.js';
import { defineRule, noEquivalents } from '../types.js';

const GUARDS = ['aws:sourceaccount', 'aws:sourcearn'];

/** Condition keys named anywhere in a statement's Condition block, lower-cased. */
function conditionKeys(condition: unknown): string[] {
  if (typeof condition !== 'object' || condition === null) return [];
  return Object.values(condition).flatMap((byKey) =>
    typeof byKey === 'object' && byKey !== null ? Object.keys(byKey).map((k) => k.toLowerCase()) : [],
  );
}

export default defineRule<'noSourceCondition'>({
  meta: {
    id: 'IAM-005',
    slug: 'iam-ecs-trust-confused-deputy',
    service: 'iam',
    severity: 'medium',
    title: {
      en: 'ECS task role trust without aws:SourceAccount or aws:SourceArn',
      ja: 'ECS タスクロールの信頼ポリシーに aws:SourceAccount / aws:SourceArn がない',
    },
    rationale: {
      en: 'A trust policy that lets `ecs-tasks.amazonaws.com` assume a role with no condition lets the ECS service assume it for any task that names it, including on behalf of another account (the confused deputy problem). AWS recommends pinning the calling account with `aws:SourceAccount` and, optionally, the ECS resources with `aws:SourceArn`.',
      ja: '条件なしで `ecs-tasks.amazonaws.com` にロールの引き受けを許す信頼ポリシーは、そのロールを指定したあらゆるタスクのために、他のアカウントに代わってでも ECS サービスがロールを引き受けることを許します（混乱した代理問題）。AWS は `aws:SourceAccount` で呼び出し元アカウントを、必要に応じて `aws:SourceArn` で ECS リソースを固定することを推奨しています。',
    },
    remediation: {
      en: 'Add a Condition to the statement: `"StringEquals": {"aws:SourceAccount": "<account ID>"}` and/or `"ArnLike": {"aws:SourceArn": "arn:aws:ecs:<region>:<account ID>:*"}`.',
      ja: 'ステートメントに Condition を追加してください: `"StringEquals": {"aws:SourceAccount": "<アカウント ID>"}` と、必要に応じて `"ArnLike": {"aws:SourceArn": "arn:aws:ecs:<リージョン>:<アカウント ID>:*"}`。',
    },
    references: [
      'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    ],
    equivalents: noEquivalents(),
    inputs: ['iam-json', 'terraform', 'terraform-plan', 'cloudformation'],
    messages: {
      en: {
        noSourceCondition:
          'role "{role}" lets ecs-tasks.amazonaws.com assume it (statement {statement}) without aws:SourceAccount or aws:SourceArn',
      },
      ja: {
        noSourceCondition:
          'ロール "{role}" は aws:SourceAccount / aws:SourceArn なしで ecs-tasks.amazonaws.com に引き受けを許しています（ステートメント {statement}）',
      },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    for (const role of state.aws.iam.roles) {
      for (const p of whoCanAssume(state, role)) {
        if (p.type !== 'Service' || p.id !== 'ecs-tasks.amazonaws.com') continue;
        if (!p.actions.includes('sts:AssumeRole')) continue;
        if (conditionKeys(p.condition).some((k) => GUARDS.includes(k))) continue;
        ctx.report({
          at: p.src,
          resource: role,
          messageId: 'noSourceCondition',
          data: { role: role.name, statement: p.sid ?? String(p.statement) },
        });
      }
    }
  },
});

/**
 * RBAC-004: a binding whose role's effective rules hold an escalation primitive
 * (kubernetes-rbac.md §7): `escalate` or `bind` on roles/clusterroles, `impersonate` on users,
 * groups or serviceaccounts, creating pods or workloads (runs as any ServiceAccount of the
 * namespace), `pods/exec` or `pods/attach` (`get` counts: WebSocket exec before 1.35 and when the
 * version is unknown), `nodes/proxy` (`get` is enough), `serviceaccounts/token` create, CSR
 * approval, and writes to admission webhook configurations. Cluster-scoped primitives count only
 * through a ClusterRoleBinding.
 */

import type { RbacRequest } from '../../engines/rbac/index.js';
import { grantApplies, roleOf } from '../../engines/rbac/index.js';
import { defineRule, noEquivalents } from '../types.js';
import { RBAC_GOOD_DOC, rbacGraph, scannedBindings, subjectText } from './_helpers.js';

const RBAC = 'rbac.authorization.k8s.io';
const ADM = 'admissionregistration.k8s.io';

/**
 * Each primitive: its label, the requests any one of which grants it (`name: '*'`: any object,
 * so a rule limited by resourceNames still counts; no name: `create`, which resourceNames block),
 * and whether it is cluster-scoped.
 */
const PRIMITIVES: [string, Omit<RbacRequest, 'namespace'>[], boolean][] = [
  [
    'escalate',
    [
      { verb: 'escalate', apiGroup: RBAC, resource: 'roles', name: '*' },
      { verb: 'escalate', apiGroup: RBAC, resource: 'clusterroles', name: '*' },
    ],
    false,
  ],
  [
    'bind',
    [
      { verb: 'bind', apiGroup: RBAC, resource: 'roles', name: '*' },
      { verb: 'bind', apiGroup: RBAC, resource: 'clusterroles', name: '*' },
    ],
    false,
  ],
  [
    'impersonate',
    ['users', 'groups', 'serviceaccounts'].map((resource) => ({
      verb: 'impersonate',
      apiGroup: '',
      resource,
      name: '*',
    })),
    false,
  ],
  [
    'create pods/workloads',
    [
      { verb: 'create', apiGroup: '', resource: 'pods' },
      { verb: 'create', apiGroup: '', resource: 'replicationcontrollers' },
      ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((resource) => ({
        verb: 'create',
        apiGroup: 'apps',
        resource,
      })),
      ...['jobs', 'cronjobs'].map((resource) => ({ verb: 'create', apiGroup: 'batch', resource })),
    ],
    false,
  ],
  [
    'pods/exec',
    ['create', 'get'].map((verb) => ({
      verb,
      apiGroup: '',
      resource: 'pods',
      subresource: 'exec',
      name: '*',
    })),
    false,
  ],
  [
    'pods/attach',
    ['create', 'get'].map((verb) => ({
      verb,
      apiGroup: '',
      resource: 'pods',
      subresource: 'attach',
      name: '*',
    })),
    false,
  ],
  [
    'serviceaccounts/token create',
    [{ verb: 'create', apiGroup: '', resource: 'serviceaccounts', subresource: 'token', name: '*' }],
    false,
  ],
  [
    'nodes/proxy',
    [
      { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: '*' },
      { verb: 'create', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: '*' },
    ],
    true,
  ],
  [
    'CSR approval',
    [
      {
        verb: 'update',
        apiGroup: 'certificates.k8s.io',
        resource: 'certificatesigningrequests',
        subresource: 'approval',
        name: '*',
      },
    ],
    true,
  ],
  [
    'webhook configuration writes',
    ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'].flatMap((resource) =>
      ['create', 'update', 'patch'].map((verb) => ({ verb, apiGroup: ADM, resource, name: '*' })),
    ),
    true,
  ],
];

export default defineRule<'primitives'>({
  meta: {
    id: 'RBAC-004',
    slug: 'rbac-escalation',
    service: 'rbac',
    severity: 'high',
    title: {
      en: 'Escalation primitive granted',
      ja: '権限昇格につながる権限が付与されている',
    },
    rationale: {
      en: 'Some permissions lead to more permissions: `escalate` and `bind` bypass RBAC escalation prevention, `impersonate` acts as another user or group (`system:masters` included), creating pods or workloads runs code as any ServiceAccount of the namespace and mounts its Secrets, `pods/exec`/`attach` and `nodes/proxy` (even with `get`) run commands in containers, `serviceaccounts/token` mints tokens, CSR approval mints client certificates, and webhook configurations see or rewrite every admitted object.',
      ja: '一部の権限はさらに多くの権限につながります。`escalate` と `bind` は RBAC の昇格防止を迂回し、`impersonate` は他のユーザーやグループ（`system:masters` を含む）として振る舞い、Pod やワークロードの作成は namespace の任意の ServiceAccount としてコードを実行しその Secret をマウントでき、`pods/exec`・`attach` と `nodes/proxy`（`get` でも）はコンテナ内でコマンドを実行し、`serviceaccounts/token` はトークンを発行し、CSR の承認はクライアント証明書を発行し、Webhook 設定はアドミッションされるすべてのオブジェクトを参照・改変できます。',
    },
    remediation: {
      en: 'Remove the primitive from the role, or scope it with `resourceNames` and to the namespaces that need it; bind it only to administrators and controllers that require it.',
      ja: 'ロールからその権限を外すか、`resourceNames` と必要な namespace に限定し、必要とする管理者とコントローラーにだけバインドしてください。',
    },
    references: [
      `${RBAC_GOOD_DOC}#privilege-escalation-risks`,
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
    equivalents: noEquivalents({ kubeLinter: ['access-to-create-pods'] }),
    inputs: ['kubernetes'],
    messages: {
      en: { primitives: '{subject} holds escalation primitives through {role}: {primitives}' },
      ja: { primitives: '{subject} は {role} により権限昇格につながる権限を持ちます: {primitives}' },
    },
    since: '0.1.0',
  },
  check(state, ctx) {
    const g = rbacGraph(state);
    for (const b of scannedBindings(g)) {
      const role = roleOf(g, b);
      if (!role) continue;
      const cluster = b.kind === 'ClusterRoleBinding';
      const ns = cluster ? '*' : (b.namespace ?? '');
      const held = PRIMITIVES.filter(
        ([, reqs, clusterScoped]) =>
          (cluster || !clusterScoped) &&
          reqs.some((req) =>
            role.rules.some((r) =>
              grantApplies(ns, r, {
                ...req,
                namespace: clusterScoped ? '' : (b.namespace ?? 'default'),
                ...(req.name === '*' ? { name: r.resourceNames[0] ?? '*' } : {}),
              }),
            ),
          ),
      ).map(([label]) => label);
      if (held.length === 0) continue;
      for (const s of b.subjects) {
        if (s.kind === 'Group' && s.name === 'system:masters') continue;
        ctx.report({
          at: s.src ?? b.src!,
          resource: b.resource!,
          messageId: 'primitives',
          data: { subject: subjectText(s), role: role.key.name, primitives: held.join(', ') },
        });
      }
    }
  },
});

/**
 * Served API versions per target Kubernetes minor (src/adapters/k8s/served.ts) and typed lists:
 * what the API server would reject is HAKO-001 at the `apiVersion` line, naming the served
 * replacement; what it serves is read and evaluated.
 */
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../model/state.js';
import { scan } from '../../scan.js';
import { adaptText } from '../index.js';

const doc = (apiVersion: string, kind: string) =>
  `# header\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: shop\n`;

function adapt(text: string, k8sVersion?: string) {
  const state = emptyState();
  const out = adaptText('m.yaml', 'yaml', text, state, k8sVersion === undefined ? {} : { k8sVersion });
  return { state, errors: out.errors };
}

describe('served group/versions per target minor', () => {
  it.each<[string, string, string | undefined, string | undefined]>([
    // [apiVersion, kind, --k8s-version, replacement named (undefined: served)]
    ['extensions/v1beta1', 'Deployment', undefined, 'apps/v1'],
    ['extensions/v1beta1', 'Deployment', '1.15', undefined],
    ['extensions/v1beta1', 'Deployment', '1.16', 'apps/v1'],
    ['extensions/v1beta1', 'DaemonSet', '1.16', 'apps/v1'],
    ['extensions/v1beta1', 'ReplicaSet', 'latest', 'apps/v1'],
    ['extensions/v1beta1', 'NetworkPolicy', '1.16', 'networking.k8s.io/v1'],
    ['extensions/v1beta1', 'Ingress', '1.21', undefined],
    ['extensions/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1'],
    ['apps/v1beta1', 'Deployment', '1.16', 'apps/v1'],
    ['apps/v1beta2', 'StatefulSet', '1.16', 'apps/v1'],
    ['apps/v1beta2', 'DaemonSet', '1.15', undefined],
    ['apps/v1', 'Deployment', '1.8', 'apps/v1beta2'],
    ['apps/v1', 'Deployment', '1.9', undefined],
    ['policy/v1beta1', 'PodSecurityPolicy', '1.24', undefined],
    ['policy/v1beta1', 'PodSecurityPolicy', '1.25', 'Pod Security Admission'],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.25', 'policy/v1'],
    ['policy/v1', 'PodDisruptionBudget', '1.20', 'policy/v1beta1'],
    ['batch/v1beta1', 'CronJob', '1.24', undefined],
    ['batch/v1beta1', 'CronJob', '1.25', 'batch/v1'],
    ['batch/v1', 'CronJob', '1.20', 'batch/v1beta1'],
    ['batch/v1', 'CronJob', '1.21', undefined],
    ['rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBinding', '1.21', undefined],
    ['rbac.authorization.k8s.io/v1beta1', 'RoleBinding', '1.22', 'rbac.authorization.k8s.io/v1'],
    ['networking.k8s.io/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1'],
    ['networking.k8s.io/v1', 'Ingress', '1.18', 'networking.k8s.io/v1beta1'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26', 'autoscaling/v2'],
    ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32', 'flowcontrol.apiserver.k8s.io/v1'],
  ])('%s %s at %s', (apiVersion, kind, version, replacement) => {
    const { state, errors } = adapt(doc(apiVersion, kind), version);
    if (replacement === undefined) {
      expect(errors).toEqual([]);
      expect(state.k8s.objects).toHaveLength(1);
    } else {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ line: 2, column: 13 });
      expect(errors[0]?.message).toContain(`${apiVersion} ${kind} is not served`);
      expect(errors[0]?.message).toContain(replacement);
      expect(state.k8s.objects).toHaveLength(0);
    }
  });

  it('a kind in the wrong group names the group that serves it', () => {
    const { errors } = adapt(doc('v1', 'Deployment'));
    expect(errors[0]?.message).toMatch(/kind "Deployment" is not served in v1.*use apiVersion apps\/v1/);
    expect(errors[0]?.line).toBe(3);
  });

  it('scan: --k8s-version decides; a served old Deployment is evaluated, a removed one is HAKO-001', async () => {
    const text = `apiVersion: extensions/v1beta1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      containers:
        - { name: web, image: "nginx:1.27", securityContext: { privileged: true } }
`;
    const run = async (version?: string) =>
      (
        await scan({
          inputs: [{ path: 'd.yaml', content: text }],
          rules: ['K8S-101'],
          now: new Date('2026-11-28T00:00:00Z'),
          ...(version ? { pss: { version } } : {}),
        })
      ).findings.map((f) => [f.ruleId, f.location.startLine]);
    expect(await run()).toEqual([['HAKO-001', 1]]);
    expect(await run('1.15')).toEqual([['K8S-101', 8]]);
  });
});

describe('typed lists (<Kind>List)', () => {
  it.each([
    ['rbac.authorization.k8s.io/v1', 'RoleBindingList', 'RoleBinding'],
    ['rbac.authorization.k8s.io/v1', 'RoleList', 'Role'],
    ['apps/v1', 'DeploymentList', 'Deployment'],
    ['v1', 'ConfigMapList', 'ConfigMap'],
  ])('%s %s: items read like List, each at its own line', (apiVersion, list, kind) => {
    const text = `apiVersion: ${apiVersion}
kind: ${list}
items:
  - apiVersion: ${apiVersion}
    kind: ${kind}
    metadata: { name: a, namespace: shop }
  - apiVersion: ${apiVersion}
    kind: ${kind}
    metadata: { name: b, namespace: shop }
`;
    const { state, errors } = adapt(text);
    expect(errors).toEqual([]);
    expect(state.k8s.objects.map((o) => [o.ref.address, o.src.startLine])).toEqual([
      [`${kind}/shop/a`, 4],
      [`${kind}/shop/b`, 7],
    ]);
  });

  it('a list of an unknown item kind stays HAKO-001 (unknown kind)', () => {
    const { errors } = adapt('apiVersion: apps/v1\nkind: DeploymentsList\nitems: []\n');
    expect(errors[0]?.message).toContain('unknown kind "DeploymentsList"');
  });
});

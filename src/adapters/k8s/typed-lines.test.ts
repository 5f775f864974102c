/** Lines test: every typed Kubernetes view (core kinds, RBAC) and where each of its values sits. */
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { allResources, emptyState } from '../../model/state.js';
import { adaptText } from '../index.js';

const STREAM = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    pod-security.kubernetes.io/enforce: restricted
    pod-security.kubernetes.io/warn-version: v1.30
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/web
automountServiceAccountToken: false
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list"]
    resourceNames: ["web-0"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: monitoring
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
aggregationRule:
  clusterRoleSelectors:
    - matchLabels:
        team: obs
    - matchExpressions:
        - { key: tier, operator: In, values: [a, b] }
rules:
  - nonResourceURLs: ["/metrics"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: web
    namespace: shop
  - kind: Group
    apiGroup: rbac.authorization.k8s.io
    name: devs
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: mon
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: monitoring }
subjects: [{ kind: User, name: alice }]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  LOG_LEVEL: debug
  retries: "3"
binaryData:
  blob: AAEC
---
apiVersion: v1
kind: LimitRange
metadata:
  name: limits
  namespace: shop
spec:
  limits:
    - type: Container
      default: { memory: 256Mi }
      defaultRequest: { cpu: 100m }
---
apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
spec:
  type: LoadBalancer
  selector: { app: web }
  loadBalancerSourceRanges: [10.0.0.0/8]
  ports:
    - name: https
      port: 443
      targetPort: 8443
      nodePort: 30443
`;

const state = emptyState();
const out = adaptText('objs.yaml', 'yaml', STREAM, state);
const k = state.k8s;
const line = (s: Src | undefined) => s?.startLine;

describe('typed Kubernetes views: lines', () => {
  it('reads every object without errors', () => {
    expect(out.errors).toEqual([]);
    expect(k.objects).toHaveLength(9);
  });

  it('Namespace: written labels, PSA labels and the automatic metadata.name label', () => {
    const [ns] = k.namespaces;
    expect(ns?.name).toBe('shop');
    expect(ns?.namespace).toBeNull();
    expect(line(ns?.psa.enforce?.src)).toBe(6);
    expect(ns?.psa.enforce?.value).toBe('restricted');
    expect(line(ns?.psa.warnVersion?.src)).toBe(7);
    const auto = ns?.labels.get('kubernetes.io/metadata.name');
    expect([auto?.value, auto?.origin, line(auto?.src)]).toEqual(['shop', 'default', 4]);
    expect(line(ns?.labelsSrc)).toBe(6);
  });

  it('ServiceAccount: IRSA role annotation and automount', () => {
    const [sa] = k.serviceAccounts;
    expect([sa?.namespace.value, line(sa?.namespace.src)]).toEqual(['shop', 13]);
    expect([sa?.roleArn?.value, line(sa?.roleArn?.src)]).toEqual(['arn:aws:iam::111122223333:role/web', 15]);
    expect([sa?.automountServiceAccountToken?.value, line(sa?.automountServiceAccountToken?.src)]).toEqual([
      false,
      16,
    ]);
  });

  it('Role: rules with every list located', () => {
    const [role] = k.rbac.roles;
    const rule = role?.rules[0];
    expect(role?.kind).toBe('Role');
    expect(line(rule?.src)).toBe(24);
    expect(rule?.apiGroups.map((v) => v.value)).toEqual(['']);
    expect(rule?.resources.map((v) => [v.value, line(v.src)])).toEqual([
      ['pods', 25],
      ['pods/log', 25],
    ]);
    expect(rule?.verbs.map((v) => v.value)).toEqual(['get', 'list']);
    expect(line(rule?.verbs[0]?.src)).toBe(26);
    expect(rule?.resourceNames.map((v) => [v.value, line(v.src)])).toEqual([['web-0', 27]]);
  });

  it('ClusterRole: aggregation selectors, aggregate-to labels, non-resource URLs', () => {
    const [cr] = k.rbac.clusterRoles;
    expect(cr?.namespace).toBeNull();
    expect(line(cr?.aggregationRule?.src)).toBe(36);
    const [byLabels, byExpr] = cr?.aggregationRule?.selectors ?? [];
    expect([byLabels?.matchLabels.get('team')?.value, line(byLabels?.matchLabels.get('team')?.src)]).toEqual([
      'obs',
      38,
    ]);
    const req = byExpr?.matchExpressions[0];
    expect([req?.key.value, req?.operator.value, req?.values.map((v) => v.value), line(req?.src)]).toEqual([
      'tier',
      'In',
      ['a', 'b'],
      40,
    ]);
    expect([cr?.aggregateTo.get('view')?.value, line(cr?.aggregateTo.get('view')?.src)]).toEqual([
      'true',
      34,
    ]);
    expect(cr?.rules[0]?.nonResourceURLs.map((v) => [v.value, line(v.src)])).toEqual([['/metrics', 42]]);
  });

  it('RoleBinding and ClusterRoleBinding: roleRef and subjects', () => {
    const [rb] = k.rbac.roleBindings;
    expect([rb?.roleRef.kind.value, rb?.roleRef.name.value, line(rb?.roleRef.src)]).toEqual([
      'Role',
      'reader',
      51,
    ]);
    expect(line(rb?.roleRef.name.src)).toBe(53);
    const [sa, group] = rb?.subjects ?? [];
    expect([sa?.kind.value, sa?.name.value, sa?.namespace?.value, line(sa?.src)]).toEqual([
      'ServiceAccount',
      'web',
      'shop',
      55,
    ]);
    expect([group?.kind.value, group?.apiGroup?.value, group?.name.value, line(group?.src)]).toEqual([
      'Group',
      'rbac.authorization.k8s.io',
      'devs',
      58,
    ]);
    const [crb] = k.rbac.clusterRoleBindings;
    expect([crb?.namespace, crb?.roleRef.name.value, line(crb?.roleRef.src)]).toEqual([
      null,
      'monitoring',
      66,
    ]);
    expect([crb?.subjects[0]?.name.value, line(crb?.subjects[0]?.src)]).toEqual(['alice', 67]);
  });

  it('ConfigMap: data keys and values located, binaryData keys only', () => {
    const [cm] = k.configMaps;
    expect(cm?.data.map((e) => [e.key.value, line(e.key.src), e.value.value, line(e.value.src)])).toEqual([
      ['LOG_LEVEL', 75, 'debug', 75],
      ['retries', 76, '3', 76],
    ]);
    expect(cm?.binaryDataKeys.map((v) => [v.value, line(v.src)])).toEqual([['blob', 78]]);
    expect(line(cm?.dataSrc)).toBe(75);
  });

  it('LimitRange: items with their defaults', () => {
    const [lr] = k.limitRanges;
    const item = lr?.limits[0];
    expect([item?.type.value, line(item?.src)]).toEqual(['Container', 87]);
    expect([item?.default.get('memory')?.value, line(item?.default.get('memory')?.src)]).toEqual([
      '256Mi',
      88,
    ]);
    expect([...(item?.defaultRequest.keys() ?? [])]).toEqual(['cpu']);
  });

  it('Service: type, ports, annotations, selector, source ranges; namespace assumed', () => {
    const [svc] = k.services;
    expect([svc?.type.value, line(svc?.type.src)]).toEqual(['LoadBalancer', 98]);
    expect([svc?.namespace.value, svc?.namespace.origin]).toEqual(['default', 'default']);
    expect(svc?.ref.address).toBe('Service/default/web');
    expect(svc?.notes).toHaveLength(1);
    expect(line(svc?.annotations.get('service.beta.kubernetes.io/aws-load-balancer-scheme')?.src)).toBe(96);
    expect(line(svc?.selector.get('app')?.src)).toBe(99);
    expect(svc?.loadBalancerSourceRanges?.map((v) => [v.value, line(v.src)])).toEqual([['10.0.0.0/8', 100]]);
    const p = svc?.ports[0];
    expect([p?.name?.value, p?.port?.value, p?.targetPort?.value, p?.nodePort?.value, line(p?.src)]).toEqual([
      'https',
      443,
      '8443',
      30443,
      102,
    ]);
    expect(line(p?.nodePort?.src)).toBe(105);
    expect(p?.protocol.origin).toBe('default');
  });
});

describe('aws-auth ConfigMap', () => {
  it('is adapted once into the EKS model, with mapRoles lines in the outer file, and counted once', () => {
    const s = emptyState();
    adaptText(
      'aws-auth.yaml',
      'yaml',
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
`,
      s,
    );
    expect(s.aws.eks.awsAuth).toHaveLength(1);
    const [auth] = s.aws.eks.awsAuth;
    expect(auth?.ref.address).toBe('ConfigMap/kube-system/aws-auth');
    expect(auth?.mapRoles[0]?.values.get('rolearn')?.src.startLine).toBe(8);
    expect(s.k8s.configMaps).toHaveLength(1);
    expect(allResources(s)).toHaveLength(1);
  });
});

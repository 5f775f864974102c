/**
 * Typed views of the Kubernetes objects rules join: Namespaces, ServiceAccounts, RBAC, ConfigMaps,
 * LimitRanges and Services, each leaf located; and the `kube-system/aws-auth` ConfigMap into the
 * EKS model. Only the group/versions the kind is served in are read (a custom resource that
 * reuses a built-in kind name is not one of these).
 */

import {
  type ConfigMap,
  IRSA_ROLE_ANNOTATION,
  type K8sView,
  type LimitRange,
  METADATA_NAME_LABEL,
  type Namespace,
  type PsaLabels,
  type Service,
  type ServiceAccount,
} from '../../model/k8s/core.js';
import type { K8sObject } from '../../model/k8s/object.js';
import {
  AGGREGATE_TO_PREFIX,
  type Binding,
  type LabelSelector,
  type PolicyRule,
  type Role,
  type Subject,
} from '../../model/k8s/rbac.js';
import { defaulted, explicit, type Val } from '../../model/source.js';
import type { State } from '../../model/state.js';
import { withText } from '../../notes.js';
import type { Node } from '../../parse/tree.js';
import { awsAuthFromK8s, isAwsAuth } from '../eks/aws-auth.js';
import { Fields, toStr } from '../fields.js';
import { readNetworkPolicy } from './netpol.js';
import { type K8sDoc, located } from './object.js';

function view(o: K8sObject): K8sView {
  const v: K8sView = {
    object: o,
    ref: o.ref,
    src: o.src,
    suppressions: o.suppressions,
    name: o.name,
    namespace: o.metadata.namespace,
  };
  if (o.notes) v.notes = o.notes;
  return v;
}

/** Namespaced views always have a namespace (written or assumed `default`). */
function nsOf(o: K8sObject): Val<string> {
  return o.metadata.namespace ?? defaulted('default', o.metadata.src);
}

function body(node: Node): Fields {
  return Fields.of(node, node.src);
}

const PSA_PREFIX = 'pod-security.kubernetes.io/';

export function readNamespace(o: K8sObject): Namespace {
  const labels = new Map(o.metadata.labels);
  if (!labels.has(METADATA_NAME_LABEL)) labels.set(METADATA_NAME_LABEL, defaulted(o.name, o.metadata.src));
  const psa: PsaLabels = {};
  const keys = [
    ['enforce', 'enforce'],
    ['enforce-version', 'enforceVersion'],
    ['warn', 'warn'],
    ['warn-version', 'warnVersion'],
    ['audit', 'audit'],
    ['audit-version', 'auditVersion'],
  ] as const;
  for (const [label, field] of keys) {
    const v = o.metadata.labels.get(`${PSA_PREFIX}${label}`);
    if (v) psa[field] = v;
  }
  return { ...view(o), labels, labelsSrc: o.metadata.labelsSrc, psa };
}

export function readServiceAccount(o: K8sObject, node: Node): ServiceAccount {
  const sa: ServiceAccount = {
    ...view(o),
    namespace: nsOf(o),
    annotations: o.metadata.annotations,
  };
  const role = o.metadata.annotations.get(IRSA_ROLE_ANNOTATION);
  if (role) sa.roleArn = role;
  const auto = body(node).bool('automountServiceAccountToken');
  if (auto) sa.automountServiceAccountToken = auto;
  return sa;
}

function readRule(f: Fields): PolicyRule {
  return {
    apiGroups: f.strList('apiGroups'),
    resources: f.strList('resources'),
    verbs: f.strList('verbs'),
    resourceNames: f.strList('resourceNames'),
    nonResourceURLs: f.strList('nonResourceURLs'),
    src: f.at,
  };
}

export function readSelector(f: Fields): LabelSelector {
  return {
    matchLabels: located(f.sub('matchLabels')),
    matchExpressions: f.each('matchExpressions').map((e) => ({
      key: e.strOr('key', ''),
      operator: e.strOr('operator', ''),
      values: e.strList('values'),
      src: e.at,
    })),
    src: f.at,
  };
}

export function readRole(o: K8sObject, node: Node, kind: 'Role' | 'ClusterRole'): Role {
  const b = body(node);
  const role: Role = {
    ...view(o),
    kind,
    rules: b.each('rules').map(readRule),
    aggregateTo: new Map(
      [...o.metadata.labels]
        .filter(([k]) => k.startsWith(AGGREGATE_TO_PREFIX))
        .map(([k, v]) => [k.slice(AGGREGATE_TO_PREFIX.length), v] as const),
    ),
  };
  const agg = b.sub('aggregationRule');
  if (kind === 'ClusterRole' && agg.map)
    role.aggregationRule = { selectors: agg.each('clusterRoleSelectors').map(readSelector), src: agg.at };
  return role;
}

function readSubject(f: Fields): Subject {
  const s: Subject = { kind: f.strOr('kind', ''), name: f.strOr('name', ''), src: f.at };
  const ns = f.str('namespace');
  if (ns) s.namespace = ns;
  const group = f.str('apiGroup');
  if (group) s.apiGroup = group;
  return s;
}

export function readBinding(o: K8sObject, node: Node, kind: 'RoleBinding' | 'ClusterRoleBinding'): Binding {
  const b = body(node);
  const ref = b.sub('roleRef');
  return {
    ...view(o),
    kind,
    roleRef: {
      apiGroup: ref.strOr('apiGroup', ''),
      kind: ref.strOr('kind', ''),
      name: ref.strOr('name', ''),
      src: ref.at,
    },
    subjects: b.each('subjects').map(readSubject),
  };
}

export function readConfigMap(o: K8sObject, node: Node): ConfigMap {
  const data = body(node).sub('data');
  return {
    ...view(o),
    namespace: nsOf(o),
    data: (data.map?.entries ?? []).flatMap((e) => {
      const value = toStr(e.value);
      return value ? [{ key: explicit(e.key, e.keySrc), value }] : [];
    }),
    binaryDataKeys: (body(node).sub('binaryData').map?.entries ?? []).map((e) => explicit(e.key, e.keySrc)),
    dataSrc: data.map ? data.at : o.src,
  };
}

export function readLimitRange(o: K8sObject, node: Node): LimitRange {
  return {
    ...view(o),
    namespace: nsOf(o),
    limits: body(node)
      .sub('spec')
      .each('limits')
      .map((l) => ({
        type: l.strOr('type', ''),
        default: located(l.sub('default')),
        defaultRequest: located(l.sub('defaultRequest')),
        max: located(l.sub('max')),
        min: located(l.sub('min')),
        src: l.at,
      })),
  };
}

export function readService(o: K8sObject, node: Node): Service {
  const spec = body(node).sub('spec');
  const svc: Service = {
    ...view(o),
    namespace: nsOf(o),
    type: spec.strOr('type', 'ClusterIP'),
    ports: spec.each('ports').map((p) => {
      const port: Service['ports'][number] = { protocol: p.strOr('protocol', 'TCP'), src: p.at };
      const name = p.str('name');
      if (name) port.name = name;
      const n = p.num('port');
      if (n) port.port = n;
      const nodePort = p.num('nodePort');
      if (nodePort) port.nodePort = nodePort;
      const target = p.str('targetPort');
      if (target) port.targetPort = target;
      return port;
    }),
    annotations: o.metadata.annotations,
    selector: located(spec.sub('selector')),
    specSrc: spec.map ? spec.at : o.src,
  };
  if (spec.has('loadBalancerSourceRanges'))
    svc.loadBalancerSourceRanges = spec.strList('loadBalancerSourceRanges');
  const cls = spec.str('loadBalancerClass');
  if (cls) svc.loadBalancerClass = cls;
  return svc;
}

/** Adds the typed views of `objs` to the model (and the aws-auth ConfigMap to the EKS model). */
export function adaptK8sViews(docs: readonly K8sDoc[], state: State): void {
  const k = state.k8s;
  for (const { object: o, node } of docs) {
    const v = o.apiVersion;
    switch (o.kind) {
      case 'Namespace':
        if (v === 'v1') k.namespaces.push(readNamespace(o));
        break;
      case 'ServiceAccount':
        if (v === 'v1') k.serviceAccounts.push(readServiceAccount(o, node));
        break;
      case 'ConfigMap':
        if (v !== 'v1') break;
        k.configMaps.push(readConfigMap(o, node));
        if (isAwsAuth(o)) {
          const auth = awsAuthFromK8s(o, node);
          if (auth) state.aws.eks.awsAuth.push(auth);
        }
        break;
      case 'LimitRange':
        if (v === 'v1') k.limitRanges.push(readLimitRange(o, node));
        break;
      case 'Service':
        if (v === 'v1') k.services.push(readService(o, node));
        break;
      case 'Role':
        if (v.startsWith('rbac.authorization.k8s.io/')) k.rbac.roles.push(readRole(o, node, 'Role'));
        break;
      case 'ClusterRole':
        if (v.startsWith('rbac.authorization.k8s.io/'))
          k.rbac.clusterRoles.push(readRole(o, node, 'ClusterRole'));
        break;
      case 'RoleBinding':
        if (v.startsWith('rbac.authorization.k8s.io/'))
          k.rbac.roleBindings.push(readBinding(o, node, 'RoleBinding'));
        break;
      case 'ClusterRoleBinding':
        if (v.startsWith('rbac.authorization.k8s.io/'))
          k.rbac.clusterRoleBindings.push(readBinding(o, node, 'ClusterRoleBinding'));
        break;
      case 'NetworkPolicy':
        if (v === 'networking.k8s.io/v1') {
          const p = readNetworkPolicy(node, { ...view(o), namespace: nsOf(o) }, readSelector);
          k.networkPolicies.push(p);
          const first = p.problems[0];
          if (first)
            state.inputs.skipped.push({
              file: first.src.file,
              line: first.src.startLine,
              ...withText('reason', 'netpolInvalid', {
                policy: `${p.namespace.value}/${p.name}`,
                problem: first.message,
              }),
            });
        }
        break;
    }
  }
}

/**
 * What the API server rejects in a Role or ClusterRole (kubernetes-rbac.md §5) and which resource
 * entries grant nothing although accepted (§4): an unknown subresource of a built-in resource
 * (`pods/logs`) and `res/*`, which is not a wildcard.
 */
import type { Src } from '../../source.js';
import type { RbacProblem, RoleKey } from './types.js';

/**
 * Subresources of built-in resources (core, apps, batch, autoscaling, policy, networking,
 * certificates, rbac, apiextensions, apiregistration). A resource not listed here (a custom
 * resource) is never judged.
 */
const SUBRESOURCES: Record<string, string[]> = {
  pods: [
    'attach',
    'binding',
    'ephemeralcontainers',
    'eviction',
    'exec',
    'log',
    'portforward',
    'proxy',
    'resize',
    'status',
  ],
  nodes: ['proxy', 'status', 'metrics', 'spec', 'stats', 'log', 'pods', 'healthz', 'configz', 'checkpoint'],
  services: ['proxy', 'status'],
  serviceaccounts: ['token'],
  namespaces: ['finalize', 'status'],
  persistentvolumes: ['status'],
  persistentvolumeclaims: ['status'],
  replicationcontrollers: ['scale', 'status'],
  resourcequotas: ['status'],
  deployments: ['rollback', 'scale', 'status'],
  replicasets: ['scale', 'status'],
  statefulsets: ['scale', 'status'],
  daemonsets: ['status'],
  jobs: ['status'],
  cronjobs: ['status'],
  horizontalpodautoscalers: ['status'],
  poddisruptionbudgets: ['status'],
  ingresses: ['status'],
  certificatesigningrequests: ['approval', 'status', 'nodeclient', 'selfnodeclient'],
  customresourcedefinitions: ['status'],
  apiservices: ['status'],
  secrets: [],
  configmaps: [],
  roles: [],
  rolebindings: [],
  clusterroles: [],
  clusterrolebindings: [],
};

export interface RawRule {
  apiGroups: string[];
  resources: { value: string; src?: Src }[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  src: Src;
}

/** The problems of one written rule; `rejected` ones make the API server refuse the whole role. */
export function ruleProblems(rule: RawRule, role: RoleKey): RbacProblem[] {
  const out: RbacProblem[] = [];
  const p = (code: RbacProblem['code'], rejected: boolean, src: Src = rule.src, value?: string) =>
    out.push({ code, rejected, src, role, ...(value !== undefined ? { value } : {}) });
  if (rule.verbs.length === 0) p('emptyVerbs', true);
  if (rule.nonResourceURLs.length > 0) {
    if (role.kind === 'Role') p('urlsInRole', true);
    if (rule.apiGroups.length > 0 || rule.resources.length > 0 || rule.resourceNames.length > 0)
      p('urlsMixed', true);
  } else {
    if (rule.apiGroups.length === 0) p('noApiGroups', true);
    if (rule.resources.length === 0) p('noResources', true);
  }
  for (const r of rule.resources) {
    const slash = r.value.indexOf('/');
    if (slash < 0) continue;
    const res = r.value.slice(0, slash);
    const sub = r.value.slice(slash + 1);
    if (res === '*') continue;
    if (sub === '*') p('subresourceWildcard', false, r.src ?? rule.src, r.value);
    else {
      const known = SUBRESOURCES[res];
      if (known && !known.includes(sub)) p('unknownSubresource', false, r.src ?? rule.src, r.value);
    }
  }
  return out;
}

/** A resource entry that can match no real request (dropped from the evaluated rule). */
export function grantsNothing(resource: string): boolean {
  const slash = resource.indexOf('/');
  if (slash < 0) return false;
  const res = resource.slice(0, slash);
  const sub = resource.slice(slash + 1);
  if (res === '*') return false;
  if (sub === '*') return true;
  const known = SUBRESOURCES[res];
  return known !== undefined && !known.includes(sub);
}

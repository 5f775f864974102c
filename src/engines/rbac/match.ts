/**
 * Matching one rule against one request, exactly as the v1 RBAC helpers do (kubernetes-rbac.md
 * §4): verbs and apiGroups exact or `*`; resources `*`, the combined `res/sub` string, or `*` + `/sub`;
 * resourceNames block requests without a name; nonResourceURLs exact, `*`, or a raw-string prefix
 * ending in `*`. Everything is case-sensitive. Plus label selectors for aggregation (§6).
 */
import type { EffectiveRule, RbacRequest } from './types.js';

const has = (list: string[], v: string) => list.includes('*') || list.includes(v);

export function verbMatches(rule: EffectiveRule, verb: string): boolean {
  return has(rule.verbs, verb);
}

export function apiGroupMatches(rule: EffectiveRule, group: string): boolean {
  return has(rule.apiGroups, group);
}

export function resourceMatches(rule: EffectiveRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources) {
    if (r === '*' || r === combined) return true;
    if (subresource && r.startsWith('*/') && r.slice(2) === subresource) return true;
  }
  return false;
}

export function resourceNameMatches(rule: EffectiveRule, name: string | undefined): boolean {
  if (rule.resourceNames.length === 0) return true;
  return name !== undefined && name !== '' && rule.resourceNames.includes(name);
}

export function nonResourceUrlMatches(rule: EffectiveRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** `RuleAllows`: the rule grants the request. */
export function ruleAllows(rule: EffectiveRule, req: RbacRequest): boolean {
  if (!verbMatches(rule, req.verb)) return false;
  if (req.resource === undefined) return req.path !== undefined && nonResourceUrlMatches(rule, req.path);
  return (
    apiGroupMatches(rule, req.apiGroup ?? '') &&
    resourceMatches(rule, req.resource, req.subresource) &&
    resourceNameMatches(rule, req.name)
  );
}

export interface SelectorData {
  matchLabels: Map<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** A label selector (matchLabels AND matchExpressions); an empty selector matches everything. */
export function selectorMatches(sel: SelectorData, labels: Map<string, string>): boolean {
  for (const [k, v] of sel.matchLabels) if (labels.get(k) !== v) return false;
  for (const e of sel.matchExpressions) {
    const v = labels.get(e.key);
    switch (e.operator) {
      case 'In':
        if (v === undefined || !e.values.includes(v)) return false;
        break;
      case 'NotIn':
        if (v !== undefined && e.values.includes(v)) return false;
        break;
      case 'Exists':
        if (v === undefined) return false;
        break;
      case 'DoesNotExist':
        if (v !== undefined) return false;
        break;
      default:
        // an invalid operator makes the selector invalid: the controller selects nothing
        return false;
    }
  }
  return true;
}

/** Namespace patterns of EKS access scopes (`dev-*`). */
export function namespacePatternMatches(pattern: string, namespace: string): boolean {
  if (pattern === '*' || pattern === namespace) return true;
  if (!pattern.includes('*')) return false;
  const re = new RegExp(`^${pattern.split('*').map(escapeRe).join('.*')}$`);
  return re.test(namespace);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

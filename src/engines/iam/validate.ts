/**
 * Shape checks of a policy document: what IAM would reject or what cannot mean what it says.
 * Decides nothing about access. Sources: [iam:reference_policies_grammar] (elements, one of
 * Action/NotAction and Resource/NotResource, Version values), [iam:reference_policies_elements_principal]
 * (forms, no partial wildcards, unique ids of deleted principals), [iam:reference_policies_elements_notprincipal]
 * (not in identity or trust policies), [iam:reference_policies_elements_condition_operators]
 * (operators, value types), [iam:reference_policies_variables] (variables only in the resource part),
 * and A3/A6 of iam-and-eventbridge.md (Principal prohibited in identity policies, Resource in trust policies).
 */
import { parseOperator, policyValues } from './conditions.js';
import { accountEntry, splitArn } from './match.js';
import { isObject, PRINCIPAL_TYPES, toDocument } from './parse.js';
import type { PolicyKind, PolicyProblem } from './types.js';
import { parseCidr, parseDate, parseNumber } from './values.js';

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const ACTION_RE = /^[a-zA-Z0-9*?-]+:[a-zA-Z0-9*?_-]+$/;
const UNIQUE_ID_RE = /^(AIDA|AROA)[A-Z0-9]{12,}$/;
const AWS_ARN_RE = /^arn:[a-z-]+:(iam|sts)::\d{12}:.+$/;

type Report = (path: string, message: string, severity?: 'error' | 'warning') => void;

function checkStringOrList(x: unknown, path: string, what: string, report: Report): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) {
    if (x.length === 0) report(path, `${what} is an empty list`);
    x.forEach((v, i) => {
      if (typeof v !== 'string') report(`${path}/${i}`, `${what} entries must be strings`);
    });
    return x.filter((v): v is string => typeof v === 'string');
  }
  report(path, `${what} must be a string or a list of strings`);
  return [];
}

function checkPrincipal(x: unknown, path: string, report: Report): void {
  if (x === '*') return;
  if (!isObject(x)) {
    report(path, 'Principal must be "*" or an object of principal types');
    return;
  }
  for (const [type, v] of Object.entries(x)) {
    const p = `${path}/${type}`;
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      report(p, `unknown principal type "${type}" (AWS, Service, Federated, CanonicalUser)`);
      continue;
    }
    const values = checkStringOrList(v, p, `Principal ${type}`, report);
    values.forEach((e, i) => {
      const ep = typeof v === 'string' ? p : `${p}/${i}`;
      if (e === '*') {
        if (type !== 'AWS') report(ep, `"*" is only valid as "Principal": "*" or {"AWS": "*"}`);
        return;
      }
      if (e.includes('*') || e.includes('?')) {
        report(ep, `partial wildcards are not allowed in a principal ("${e}")`);
        return;
      }
      if (type === 'AWS') {
        if (UNIQUE_ID_RE.test(e)) {
          report(
            ep,
            `principal "${e}" is a unique id: the user or role it named was deleted (dangling)`,
            'warning',
          );
        } else if (!accountEntry(e) && !AWS_ARN_RE.test(e)) {
          report(ep, `"${e}" is not an account id or an IAM/STS ARN`);
        }
      }
    });
  }
}

function checkResource(
  values: string[],
  path: string,
  single: boolean,
  variables: boolean,
  report: Report,
): void {
  values.forEach((r, i) => {
    const p = single ? path : `${path}/${i}`;
    if (r === '*') return;
    if (!r.startsWith('arn:')) {
      report(p, `resource "${r}" is neither "*" nor an ARN`);
      return;
    }
    const segs = splitArn(r, variables);
    if (segs[2]?.includes('*') || segs[2]?.includes('?')) {
      report(p, 'wildcards are not allowed in the service segment of an ARN');
    }
    if (variables && segs.slice(0, 5).some((s) => s.includes('${'))) {
      report(p, 'policy variables are only allowed in the resource part of an ARN', 'warning');
    }
    if (segs.length < 6 && !r.endsWith('*')) report(p, `ARN "${r}" has fewer than six segments`, 'warning');
  });
}

function checkConditionValue(family: string, v: string, p: string, report: Report): void {
  if (family === 'numeric' && parseNumber(v) === undefined) report(p, `"${v}" is not a number`);
  if (family === 'date' && parseDate(v) === undefined)
    report(p, `"${v}" is not an ISO-8601 date or epoch time`);
  if (family === 'ip' && parseCidr(v) === undefined) report(p, `"${v}" is not an IP address or CIDR block`);
  if ((family === 'bool' || family === 'null') && !/^(true|false)$/i.test(v)) {
    report(p, `"${v}" must be "true" or "false"`);
  }
}

function checkCondition(x: unknown, path: string, report: Report): void {
  if (!isObject(x)) {
    report(path, 'Condition must be an object of operators');
    return;
  }
  for (const [opName, block] of Object.entries(x)) {
    const p = `${path}/${ptr(opName)}`;
    const op = parseOperator(opName);
    if (!op) {
      report(p, `unknown condition operator "${opName}"`);
      continue;
    }
    if (op.canonical !== opName)
      report(p, `condition operator should be written "${op.canonical}"`, 'warning');
    if (!isObject(block) || Object.keys(block).length === 0) {
      report(p, 'a condition operator needs an object of condition keys');
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const kp = `${p}/${ptr(key)}`;
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) report(kp, 'empty list of condition values');
      if (list.some((v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
        report(kp, 'condition values must be strings, numbers or booleans');
      }
      for (const v of policyValues(raw)) checkConditionValue(op.base.family, v, kp, report);
      if (key.toLowerCase().startsWith('https://')) {
        report(
          kp,
          `condition key "${key}" starts with https://; OIDC keys use the issuer without it`,
          'warning',
        );
      }
    }
  }
}

function ptr(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Shape problems of a policy document. Severity 'error': IAM rejects the document or the element
 * cannot work; 'warning': accepted but misleading or risky (no Version, dangling unique id, NotPrincipal
 * with Allow, https:// OIDC keys...). `kind` enables type-specific rules (Principal required in
 * resource and trust policies, prohibited in identity and boundary policies, Resource prohibited in
 * trust policies, NotPrincipal not allowed in identity or trust policies).
 */
export function validatePolicy(input: unknown, opts: { kind?: PolicyKind } = {}): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const report: Report = (path, message, severity = 'error') => problems.push({ path, message, severity });
  const doc = toDocument(input);
  if (!isObject(doc)) {
    report('', 'a policy document must be a JSON object');
    return problems;
  }
  for (const k of Object.keys(doc)) {
    if (!TOP_KEYS.has(k)) report(`/${ptr(k)}`, `unknown top-level element "${k}"`);
  }
  if (doc.Version === undefined)
    report('/Version', 'no Version: policy variables are not substituted', 'warning');
  else if (typeof doc.Version !== 'string' || !VERSIONS.has(doc.Version)) {
    report('/Version', `Version must be "2012-10-17" or "2008-10-17"`);
  }
  const variables = doc.Version === '2012-10-17';
  const kind = opts.kind;
  const st = doc.Statement;
  if (st === undefined) {
    report('/Statement', 'missing Statement');
    return problems;
  }
  const list = Array.isArray(st) ? st : [st];
  const base = Array.isArray(st) ? (i: number) => `/Statement/${i}` : () => '/Statement';
  const sids = new Set<string>();
  list.forEach((s, i) => {
    const p = base(i);
    if (!isObject(s)) {
      report(p, 'a statement must be an object');
      return;
    }
    for (const k of Object.keys(s)) {
      if (!STATEMENT_KEYS.has(k)) report(`${p}/${ptr(k)}`, `unknown statement element "${k}"`);
    }
    if (s.Sid !== undefined) {
      if (typeof s.Sid !== 'string') report(`${p}/Sid`, 'Sid must be a string');
      else if (sids.has(s.Sid)) report(`${p}/Sid`, `duplicate Sid "${s.Sid}"`, 'warning');
      else sids.add(s.Sid);
    }
    if (s.Effect === undefined) report(`${p}/Effect`, 'missing Effect');
    else if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      report(`${p}/Effect`, 'Effect must be "Allow" or "Deny"');
    if (s.Action !== undefined && s.NotAction !== undefined) report(p, 'Action and NotAction together');
    else if (s.Action === undefined && s.NotAction === undefined) report(p, 'missing Action or NotAction');
    for (const el of ['Action', 'NotAction'] as const) {
      if (s[el] === undefined) continue;
      const values = checkStringOrList(s[el], `${p}/${el}`, el, report);
      values.forEach((a, j) => {
        const ap = typeof s[el] === 'string' ? `${p}/${el}` : `${p}/${el}/${j}`;
        if (a !== '*' && !ACTION_RE.test(a)) report(ap, `"${a}" is not "*" or "service:action"`);
      });
    }
    const hasRes = s.Resource !== undefined || s.NotResource !== undefined;
    if (kind === 'trust') {
      if (hasRes) report(p, 'a trust policy has no Resource/NotResource (the role is the resource)');
    } else {
      if (s.Resource !== undefined && s.NotResource !== undefined)
        report(p, 'Resource and NotResource together');
      else if (!hasRes && kind !== 'resource') report(p, 'missing Resource or NotResource');
      for (const el of ['Resource', 'NotResource'] as const) {
        if (s[el] === undefined) continue;
        const values = checkStringOrList(s[el], `${p}/${el}`, el, report);
        checkResource(values, `${p}/${el}`, typeof s[el] === 'string', variables, report);
      }
    }
    const hasP = s.Principal !== undefined;
    const hasNP = s.NotPrincipal !== undefined;
    if (hasP && hasNP) report(p, 'Principal and NotPrincipal together');
    if (kind === 'identity' || kind === 'boundary') {
      if (hasP) report(`${p}/Principal`, 'Principal is prohibited in identity-based policies');
      if (hasNP) report(`${p}/NotPrincipal`, 'NotPrincipal is prohibited in identity-based policies');
    } else {
      if ((kind === 'resource' || kind === 'trust') && !hasP && !hasNP) report(p, 'missing Principal');
      if (kind === 'trust' && hasNP)
        report(`${p}/NotPrincipal`, 'NotPrincipal is not allowed in trust policies');
      if (hasNP && s.Effect === 'Allow') {
        report(
          `${p}/NotPrincipal`,
          'NotPrincipal with Allow grants everyone else, anonymous callers included',
          'warning',
        );
      }
      if (hasP) checkPrincipal(s.Principal, `${p}/Principal`, report);
      if (hasNP) checkPrincipal(s.NotPrincipal, `${p}/NotPrincipal`, report);
    }
    if (s.Condition !== undefined) checkCondition(s.Condition, `${p}/Condition`, report);
  });
  return problems;
}

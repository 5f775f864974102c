/**
 * Wildcards and policy variables inside one string. Decides how `*` (any run of characters, none
 * included) and `?` (exactly one character) match, and how `${key}`, `${key, 'default'}` and the
 * escapes `${*}`, `${?}`, `${$}` are substituted. A substituted value is always literal: a `*` coming
 * from a variable or an escape is not a wildcard. Sources: [iam:reference_policies_elements_action]
 * and [iam:reference_policies_elements_resource] (wildcards), [iam:reference_policies_variables]
 * (syntax, defaults, escapes; a variable with no value makes the pattern match nothing).
 */
import type { VarValue } from './context.js';

export const STAR = 0;
export const ONE = 1;
/** One pattern position: a literal character, `*` or `?`. */
export type PChar = string | typeof STAR | typeof ONE;
/** A compiled pattern: literal runs, wildcards and variables still to substitute. */
export type Tok = string | typeof STAR | typeof ONE | { v: string; def?: string };

export interface CompileFlags {
  wildcards: boolean;
  variables: boolean;
}

const cache = new Map<string, Tok[]>();

/** Compile `text` into tokens (cached). */
export function compile(text: string, flags: CompileFlags): Tok[] {
  const ck = `${flags.wildcards ? 'w' : '-'}${flags.variables ? 'v' : '-'}${text}`;
  const hit = cache.get(ck);
  if (hit) return hit;
  const toks = compileUncached(text, flags);
  if (cache.size > 20_000) cache.clear();
  cache.set(ck, toks);
  return toks;
}

const VAR_RE = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/;

function compileUncached(text: string, flags: CompileFlags): Tok[] {
  const out: Tok[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push(lit);
    lit = '';
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (flags.variables && ch === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        const inner = text.slice(i + 2, end);
        if (inner === '*' || inner === '?' || inner === '$') {
          lit += inner;
          i = end + 1;
          continue;
        }
        const m = VAR_RE.exec(inner);
        if (m?.[1]) {
          flush();
          out.push(m[2] === undefined ? { v: m[1] } : { v: m[1], def: m[2] });
          i = end + 1;
          continue;
        }
      }
    }
    if (flags.wildcards && (ch === '*' || ch === '?')) {
      flush();
      out.push(ch === '*' ? STAR : ONE);
    } else {
      lit += ch;
    }
    i++;
  }
  flush();
  return out;
}

export function hasVariables(toks: Tok[]): boolean {
  return toks.some((t) => typeof t === 'object');
}

/**
 * Substitute variables. 'absent' when a variable has no value and no default (the pattern then
 * matches nothing). A variable whose key is unknown (linting mode) becomes `*` — its value could be
 * any string — and `unknown` is set, so a match means "maybe" and a mismatch is still certain.
 */
export function resolve(
  toks: Tok[],
  lookup: (key: string) => VarValue,
): { chars: PChar[]; unknown: boolean } | 'absent' {
  const chars: PChar[] = [];
  let unknown = false;
  for (const t of toks) {
    if (typeof t === 'string') {
      for (const c of t) chars.push(c);
    } else if (typeof t === 'number') {
      chars.push(t);
    } else {
      const v = lookup(t.v);
      if (v === 'unknown') {
        unknown = true;
        chars.push(STAR);
      } else if (v === 'absent') {
        if (t.def === undefined) return 'absent';
        for (const c of t.def) chars.push(c);
      } else {
        for (const c of v.value) chars.push(c);
      }
    }
  }
  return { chars, unknown };
}

/** Match resolved tokens: false stays false; a match through an unknown variable is 'unknown'. */
export function resolvedMatch(
  r: { chars: PChar[]; unknown: boolean } | 'absent',
  s: string,
  ci = false,
): boolean | 'unknown' {
  if (r === 'absent' || !globMatch(r.chars, s, ci)) return false;
  return r.unknown ? 'unknown' : true;
}

/** Tokens without variables as pattern characters (variables are kept as literal text). */
export function literalChars(toks: Tok[]): PChar[] {
  const out: PChar[] = [];
  for (const t of toks) {
    if (typeof t === 'string') for (const c of t) out.push(c);
    else if (typeof t === 'number') out.push(t);
    else for (const c of t.def === undefined ? `\${${t.v}}` : `\${${t.v}, '${t.def}'}`) out.push(c);
  }
  return out;
}

/**
 * Glob match of `pat` against the whole of `s`. Linear-time greedy algorithm with one backtrack
 * point, so hostile patterns (`*a*a*a*b`) cannot blow up.
 */
export function globMatch(pat: PChar[], s: string, ci = false): boolean {
  const subj = Array.from(ci ? s.toLowerCase() : s);
  const p = ci ? pat.map((c) => (typeof c === 'string' ? c.toLowerCase() : c)) : pat;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < subj.length) {
    const pc = p[pi];
    if (pc !== undefined && (pc === ONE || (typeof pc === 'string' && pc === subj[si]))) {
      pi++;
      si++;
    } else if (pc === STAR) {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else {
      return false;
    }
  }
  while (p[pi] === STAR) pi++;
  return pi === p.length;
}

/** Plain wildcard match of two strings (`*`, `?`; no variables). */
export function wildcardMatch(pattern: string, s: string, ci = false): boolean {
  return globMatch(literalChars(compile(pattern, { wildcards: true, variables: false })), s, ci);
}

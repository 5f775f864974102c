/**
 * Shared helpers for the check files: defensive readers for manifest JSON, the container visitor
 * (init, regular, then ephemeral containers, as upstream `policy/visitor.go`), JSON pointers, and the
 * string formatting upstream's messages rely on (`pluralize`, `joinQuote`, Go's `%q`, Go's sorted
 * string sets).
 */
import type { CheckFn, CommonSecurityContext, Container, PodSpec } from './types.js';

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object; a missing, null or mistyped value reads as absent (Go's nil). */
export function obj<T extends object>(value: T | null | undefined): T | undefined {
  return isObject(value) ? value : undefined;
}

/** The array, or an empty one for a missing, null or mistyped value. */
export function list<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

/** The string, or '' for anything else (Go's zero value). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A container's name as upstream prints it ('' when absent). */
export function nameOf(container: Container): string {
  return str(container.name);
}

export interface VisitedContainer {
  container: Container;
  /** JSON pointer of the container, e.g. `/spec/initContainers/0`. */
  path: string;
}

/** The containers of the spec being evaluated (see withContainers), visited once for every check. */
let visiting: { spec: PodSpec; containers?: readonly VisitedContainer[] } | undefined;

/**
 * Runs `fn` (the checks of one evaluation of `spec`) with the spec's containers visited once:
 * containersOf(spec) gives that one list meanwhile. The spec must not change during `fn`.
 */
export function withContainers<T>(spec: PodSpec, fn: () => T): T {
  const outer = visiting;
  visiting = { spec };
  try {
    return fn();
  } finally {
    visiting = outer;
  }
}

/** Every container of the pod in upstream's order: initContainers, containers, ephemeralContainers. */
export function containersOf(spec: PodSpec): readonly VisitedContainer[] {
  if (visiting?.spec !== spec) return visitContainers(spec);
  visiting.containers ??= visitContainers(spec);
  return visiting.containers;
}

function visitContainers(spec: PodSpec): VisitedContainer[] {
  const out: VisitedContainer[] = [];
  for (const key of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    list(spec[key]).forEach((container, i) => {
      if (isObject(container)) out.push({ container, path: `/spec/${key}/${i}` });
    });
  }
  return out;
}

/** Escapes one JSON pointer reference token (RFC 6901). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Upstream `pluralize`: singular only for exactly one. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Upstream `joinQuote`: `"a", "b"` with no escaping; '' for an empty list. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

/** `container "a"` / `containers "a", "b"`, the phrase most details start with. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

const GO_ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u000b': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's `%q` for the strings manifests carry (ASCII escapes; printable Unicode kept as is). */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const escaped = GO_ESCAPES[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (escaped !== undefined) out += escaped;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Byte-wise comparison of the UTF-8 encodings, as Go's `sort.Strings`. */
export function compareGo(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Go `sets.NewString(items...).List()`: unique, sorted byte-wise. */
export function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort(compareGo);
}

/**
 * KEP-127 relaxation trigger (upstream `relaxPolicyForUserNamespacePod`): the pod runs in a user
 * namespace, i.e. `spec.hostUsers` is explicitly false.
 */
export function inUserNamespace(spec: PodSpec): boolean {
  return spec.hostUsers === false;
}

/** `spec.os.name == "windows"`: the 1.25+ Windows exemptions of the restricted checks. */
export function isWindowsPod(spec: PodSpec): boolean {
  return obj(spec.os)?.name === 'windows';
}

/** A revision that exempts some pods and otherwise runs an earlier revision (Windows, user namespaces). */
export function exemptWhen(exempt: (spec: PodSpec) => boolean, check: CheckFn): CheckFn {
  return (meta, spec) => (exempt(spec) ? null : check(meta, spec));
}

export interface BadSetters {
  /** `pod` and/or `container "a"` / `containers "a", "b"`, to be joined with " and ". */
  setters: string[];
  /** The offending values, as the check prints them. */
  values: string[];
  paths: string[];
}

/**
 * Upstream's common "pod and containers ... must not set" scan: spec.securityContext first, then
 * every container's securityContext. `bad` returns the offending value or undefined; `field` is the
 * pointer suffix under securityContext (e.g. `seccompProfile/type`).
 */
export function findBadSetters(
  spec: PodSpec,
  field: string,
  bad: (sc: CommonSecurityContext) => string | undefined,
): BadSetters {
  const result: BadSetters = { setters: [], values: [], paths: [] };
  const podSc = obj(spec.securityContext);
  const podValue = podSc ? bad(podSc) : undefined;
  if (podValue !== undefined) {
    result.setters.push('pod');
    result.values.push(podValue);
    result.paths.push(`/spec/securityContext/${field}`);
  }
  const names: string[] = [];
  for (const { container, path } of containersOf(spec)) {
    const sc = obj(container.securityContext);
    const value = sc ? bad(sc) : undefined;
    if (value === undefined) continue;
    names.push(nameOf(container));
    result.values.push(value);
    result.paths.push(`${path}/securityContext/${field}`);
  }
  if (names.length > 0) result.setters.push(containersPhrase(names));
  return result;
}

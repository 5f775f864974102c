/**
 * `hako rbac`: offline RBAC queries over the scanned manifests, the cluster's default roles and
 * the EKS authentication (aws-auth, access entries and policies), through the RBAC engine.
 * - `hako rbac who-can VERB RESOURCE [-n NAMESPACE] PATH...`: every subject (and IAM principal)
 *   allowed, each with the chain binding → role → rule that grants it. Exit 0 whatever the answer
 *   (a query), 2 on a bad argument or a path that does not exist.
 * - `hako rbac principals PATH...`: per IAM principal and Kubernetes subject, its effective
 *   permissions summarised and every path from it to AWS permissions (engines/identity/paths.ts),
 *   hop by hop with file and line. Exit 0 (a query), 2 on a path that does not exist.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import {
  type AwsPath,
  type IdentityPaths,
  identityPaths,
  type PathHop,
  principalKey,
  summarise,
} from '../engines/identity/paths.js';
import {
  buildRbacGraph,
  type Hop,
  type Principal,
  type RbacGraph,
  type RbacRequest,
  type WhoCanAnswer,
  whoCan,
} from '../engines/rbac/index.js';
import { DEFAULT_MAX_FILE_BYTES } from '../io/read.js';
import { type InputText, loadInputs, prepareLoad, STDIN } from '../load.js';
import type { Src } from '../model/source.js';
import type { State } from '../model/state.js';
import { termSafe } from '../report/escape.js';
import { EXIT, type Io, UsageError } from './main.js';
import { emptyStdinError, isBlank } from './scan.js';

/** API groups written without a dot (`apps/deployments`); any group with a dot is recognised by it. */
const DOTLESS_GROUPS = new Set(['apps', 'batch', 'autoscaling', 'policy', 'extensions', 'core']);

/**
 * RESOURCE as given on the command line: a non-resource URL (`/metrics`), `resource`,
 * `resource/subresource`, `group/resource[/subresource]` (`apps/deployments/scale`), or kubectl's
 * `resource.group[/subresource]` (`deployments.apps`). `core` or an empty group is the core group.
 */
export function parseResource(verb: string, text: string, namespace: string): RbacRequest {
  if (!/^[a-z*][a-zA-Z*-]*$/.test(verb))
    throw new UsageError(`VERB must be a verb such as get or create, got "${verb}"`);
  if (text.startsWith('/')) {
    if (namespace !== '') throw new UsageError('a non-resource URL is cluster-wide: it takes no --namespace');
    return { verb, path: text };
  }
  const parts = text.split('/');
  if (parts.some((p) => p === '') || parts.length > 3)
    throw new UsageError(
      `RESOURCE must be resource[/subresource], group/resource[/subresource] or /url, got "${text}"`,
    );
  let group = '';
  if (
    parts.length > 1 &&
    (parts[0]!.includes('.') || DOTLESS_GROUPS.has(parts[0]!)) &&
    !parts[0]!.includes('*')
  ) {
    group = parts.shift()!;
  } else if (parts.length === 3) {
    throw new UsageError(
      `"${parts[0]}" is not an API group (write group/resource/subresource), in "${text}"`,
    );
  }
  let resource = parts[0]!;
  const dot = resource.indexOf('.');
  if (group === '' && dot > 0) {
    group = resource.slice(dot + 1);
    resource = resource.slice(0, dot);
  }
  if (group === 'core') group = '';
  if (!/^[a-z0-9*][a-z0-9.*-]*$/.test(resource)) throw new UsageError(`"${resource}" is not a resource name`);
  return {
    verb,
    apiGroup: group,
    resource,
    ...(parts[1] !== undefined ? { subresource: parts[1] } : {}),
    namespace,
  };
}

export interface WhoCanJson {
  verb: string;
  resource: string;
  subresource: string;
  apiGroup: string;
  namespace: string;
  subjects: {
    kind: string;
    name: string;
    namespace?: string;
    via: { kind: string; name: string; namespace?: string; file?: string; line?: number; builtin?: true }[];
  }[];
  errors: { file: string; line: number; message: string }[];
}

function hopJson(h: Hop): WhoCanJson['subjects'][number]['via'][number] {
  return {
    kind: h.kind,
    name: h.name,
    ...(h.namespace !== undefined ? { namespace: h.namespace } : {}),
    ...(h.src ? { file: h.src.file, line: h.src.startLine } : { builtin: true as const }),
  };
}

export function whoCanJson(
  req: RbacRequest,
  answers: WhoCanAnswer[],
  errors: WhoCanJson['errors'],
): WhoCanJson {
  return {
    verb: req.verb,
    resource: req.path ?? req.resource ?? '',
    subresource: req.subresource ?? '',
    apiGroup: req.apiGroup ?? '',
    namespace: req.namespace ?? '',
    subjects: answers.map((a) => ({
      kind: a.subject.kind,
      name: a.subject.name,
      ...('namespace' in a.subject && a.subject.namespace !== undefined
        ? { namespace: a.subject.namespace }
        : {}),
      via: a.via.map(hopJson),
    })),
    errors,
  };
}

const hopText = (h: Hop) =>
  `${h.kind} ${h.namespace ? `${h.namespace}/` : ''}${h.name} (${h.src ? `${h.src.file}:${h.src.startLine}` : 'built-in'})`;

function whoCanText(j: WhoCanJson, answers: WhoCanAnswer[]): string {
  const t = termSafe;
  const what = j.resource.startsWith('/')
    ? j.resource
    : `${j.apiGroup ? `${j.apiGroup}/` : ''}${j.resource}${j.subresource ? `/${j.subresource}` : ''}`;
  const where = j.namespace ? `in namespace ${j.namespace}` : 'cluster-wide';
  const lines = [`who can ${t(j.verb)} ${t(what)} ${t(where)}:`];
  for (const a of answers) {
    const s = a.subject;
    const ns = 'namespace' in s && s.namespace ? `${s.namespace}/` : '';
    lines.push(`  ${t(`${s.kind} ${ns}${s.name}`)}  via ${t(a.via.map(hopText).join(' > '))}`);
  }
  for (const e of j.errors) lines.push(`error  ${t(e.file)}:${e.line}  ${t(e.message)}`);
  return `${lines.join('\n')}\n`;
}

export function registerRbacCommand(program: Command, io: Io, setCode: (c: number) => void): void {
  const rbac = program
    .command('rbac')
    .description('offline RBAC queries: Kubernetes RBAC, default roles and EKS authentication as one graph');
  rbac
    .command('who-can')
    .description('list every subject and IAM principal allowed to make a request, with the grant chain')
    .argument('<verb>', 'verb: get, list, create, update, patch, delete, escalate, bind, impersonate...')
    .argument('<resource>', 'pods, pods/exec, apps/deployments, deployments.apps, or a /non-resource-url')
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .option(
      '-n, --namespace <namespace>',
      'namespace of the request (default: cluster-wide / all namespaces)',
    )
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--exclude <glob>', 'paths not to scan (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(
      async (
        verb: string,
        resource: string,
        paths: string[],
        flags: { namespace?: string; format: string; exclude: string[] },
      ) => {
        const namespace = flags.namespace ?? '';
        if (flags.namespace !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(namespace))
          throw new UsageError(`--namespace must be a namespace name, got "${namespace}"`);
        const req = parseResource(verb, resource, namespace);
        const { loaded, errors, emptyStdin } = await loadForRbac(io, paths, flags.exclude, 'rbac who-can');
        const answers = whoCan(buildRbacGraph(loaded.state), req);
        const json = whoCanJson(req, answers, errors);
        io.stdout(flags.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : whoCanText(json, answers));
        setCode(loaded.fatal.length > 0 || emptyStdin ? EXIT.usage : EXIT.ok);
      },
    );
  rbac
    .command('principals')
    .description(
      'list every IAM principal and Kubernetes subject with its permissions and each path to AWS permissions',
    )
    .argument('[paths...]', 'files, directories or - for standard input', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--exclude <glob>', 'paths not to scan (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .action(async (paths: string[], flags: { format: string; exclude: string[] }) => {
      const { loaded, errors, emptyStdin } = await loadForRbac(io, paths, flags.exclude, 'rbac principals');
      // written as it is built: the report of a large estate is never held whole
      const chunks =
        flags.format === 'json'
          ? principalsJsonText(loaded.state, errors)
          : principalsText(loaded.state, errors);
      await writeBatched(chunks, io);
      setCode(loaded.fatal.length > 0 || emptyStdin ? EXIT.usage : EXIT.ok);
    });
}

/**
 * Writes a report built piece by piece: one write per ~64 KB rather than one per piece (small
 * enough that the pieces die young), and waits while standard output's buffer is full — a pipe is
 * written asynchronously, so a slow reader (`| jq`) would otherwise find the whole 69 MB report of
 * a large estate queued in memory (peak RSS 558 MB against 380 MB into a file, measured).
 */
export async function writeBatched(chunks: Iterable<string>, io: Io, size = 1 << 16): Promise<void> {
  let batch = '';
  for (const chunk of chunks) {
    batch += chunk;
    if (batch.length >= size) {
      io.stdout(batch);
      batch = '';
      await io.drain?.();
    }
  }
  if (batch !== '') io.stdout(batch);
}

export interface PrincipalsJson {
  principals: {
    kind: string;
    name: string;
    namespace?: string;
    source?: { file: string; line: number };
    permissions: { scope: string; level: string; escalation: string[] }[];
    paths: {
      role: string;
      via: 'irsa' | 'podIdentity';
      serviceAccount: string;
      actions: string[];
      hops: {
        kind: string;
        name: string;
        namespace?: string;
        detail: string;
        file?: string;
        line?: number;
      }[];
    }[];
  }[];
  errors: { file: string; line: number; message: string }[];
}

const pathHopJson = (h: PathHop): PrincipalsJson['principals'][number]['paths'][number]['hops'][number] => ({
  kind: h.kind,
  name: h.name,
  ...(h.namespace !== undefined ? { namespace: h.namespace } : {}),
  detail: h.detail,
  ...(h.src ? { file: h.src.file, line: h.src.startLine } : {}),
});

const pathJson = (p: AwsPath): PrincipalsJson['principals'][number]['paths'][number] => ({
  role: p.roleArn,
  via: p.via,
  serviceAccount: `${p.serviceAccount.namespace}/${p.serviceAccount.name}`,
  actions: p.actions,
  hops: p.hops.map(pathHopJson),
});

type PrincipalJson = PrincipalsJson['principals'][number];

/** Each principal's JSON entry, in order (sorted by kind, name, namespace; paths by role, ServiceAccount), built one at a time. */
function* principalEntries(state: State, graph?: RbacGraph): Generator<PrincipalJson> {
  const ip = identityPaths(state, graph);
  for (const s of ip.subjects) {
    const src = ip.sources.get(principalKey(s));
    yield {
      kind: s.kind,
      name: s.name,
      ...('namespace' in s && s.namespace !== undefined ? { namespace: s.namespace } : {}),
      ...(src ? { source: { file: src.file, line: src.startLine } } : {}),
      permissions: summarise(ip.permissionsOf(s)),
      paths: ip.pathsOf(s).map(pathJson),
    };
  }
}

/** `hako rbac principals --format json`: principals sorted by kind, name, namespace; paths by role, ServiceAccount. */
export function principalsJson(state: State, errors: PrincipalsJson['errors']): PrincipalsJson {
  return { principals: [...principalEntries(state)], errors };
}

/**
 * The text of `JSON.stringify(principalsJson(state, errors), null, 2)` and a newline, in pieces: one
 * principal at a time, so neither the whole document nor its text is held (an estate of thousands
 * of subjects prints tens of megabytes). Written directly at its nesting depth, without the
 * intermediate objects; a hop's text is made once per hop (the engine shares hops between paths).
 */
export function* principalsJsonText(
  state: State,
  errors: PrincipalsJson['errors'],
  graph?: RbacGraph,
): Generator<string> {
  const indent = (text: string, by: string) => text.replaceAll('\n', `\n${by}`);
  const ip = identityPaths(state, graph);
  let first = true;
  for (const s of ip.subjects) {
    yield `${first ? '{\n  "principals": [\n' : ',\n'}    ${principalText(s, ip.sources.get(principalKey(s)), ip)}`;
    first = false;
  }
  yield `${first ? '{\n  "principals": [],' : '\n  ],'}\n  "errors": ${indent(JSON.stringify(errors, null, 2), '  ')}\n}\n`;
}

const str = (s: string) => JSON.stringify(s);
const num = (n: number) => JSON.stringify(n);

/** `JSON.stringify(items, null, 2)` of an array whose items are already text, nested at `ind`. */
const arrayText = (items: string[], ind: string) =>
  items.length === 0 ? '[]' : `[\n${ind}  ${items.join(`,\n${ind}  `)}\n${ind}]`;

/**
 * One principal's entry (as principalEntries builds it) at depth 2 (4 spaces), as JSON.stringify
 * writes it. Appended piece by piece (V8 keeps the pieces linked and copies them once, when the
 * batch is written) rather than joined level by level, which copied the text once per level.
 */
function principalText(s: Principal, src: Src | undefined, ip: IdentityPaths): string {
  let out = `{\n      "kind": ${str(s.kind)},\n      "name": ${str(s.name)}`;
  if ('namespace' in s && s.namespace !== undefined) out += `,\n      "namespace": ${str(s.namespace)}`;
  if (src)
    out += `,\n      "source": {\n        "file": ${str(src.file)},\n        "line": ${num(src.startLine)}\n      }`;
  const perms = summarise(ip.permissionsOf(s));
  out += ',\n      "permissions": ';
  if (perms.length === 0) out += '[]';
  else {
    for (let i = 0; i < perms.length; i++) {
      const p = perms[i]!;
      out += `${i === 0 ? '[\n        ' : ',\n        '}{\n          "scope": ${str(p.scope)},\n          "level": ${str(p.level)},\n          "escalation": ${arrayText(p.escalation.map(str), '          ')}\n        }`;
    }
    out += '\n      ]';
  }
  const paths = ip.pathsOf(s);
  out += ',\n      "paths": ';
  if (paths.length === 0) out += '[]';
  else {
    for (let i = 0; i < paths.length; i++)
      out += (i === 0 ? '[\n        ' : ',\n        ') + pathText(paths[i]!);
    out += '\n      ]';
  }
  return `${out}\n    }`;
}

/** One path at depth 4 (8 spaces). */
function pathText(p: AwsPath): string {
  let out = `{\n          "role": ${str(p.roleArn)},\n          "via": ${str(p.via)},\n          "serviceAccount": ${str(`${p.serviceAccount.namespace}/${p.serviceAccount.name}`)},\n          "actions": ${actionsText(p.actions)},\n          "hops": `;
  if (p.hops.length === 0) out += '[]';
  else {
    for (let i = 0; i < p.hops.length; i++)
      out += (i === 0 ? '[\n            ' : ',\n            ') + pathHopText(p.hops[i]!);
    out += '\n          ]';
  }
  return `${out}\n        }`;
}

const actionTexts = new WeakMap<string[], string>();
/** A path's actions at depth 5, once per list (the engine shares one list per role). */
function actionsText(actions: string[]): string {
  let t = actionTexts.get(actions);
  if (t === undefined) {
    t = arrayText(actions.map(str), '          ');
    actionTexts.set(actions, t);
  }
  return t;
}

const hopTexts = new WeakMap<PathHop, string>();
/** One hop at depth 6 (12 spaces), once per hop object. */
function pathHopText(h: PathHop): string {
  let t = hopTexts.get(h);
  if (t === undefined) {
    t = JSON.stringify(pathHopJson(h), null, 2).replaceAll('\n', `\n${' '.repeat(12)}`);
    hopTexts.set(h, t);
  }
  return t;
}

const BUILTIN_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'Rule']);

/** The text report, one principal at a time (see principalsJsonText). */
function* principalsText(state: State, errors: PrincipalsJson['errors']): Generator<string> {
  const t = termSafe;
  let principals = 0;
  let count = 0;
  for (const p of principalEntries(state)) {
    principals++;
    count += p.paths.length;
    const lines: string[] = [];
    const where = p.source ? ` (${p.source.file}:${p.source.line})` : '';
    lines.push(t(`${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}${where}`));
    const perms = p.permissions
      .filter((x) => x.level !== 'other' || x.escalation.length > 0)
      .map(
        (x) =>
          `${x.scope === '*' ? 'cluster-wide' : x.scope}: ${x.level}${x.escalation.length ? ` [${x.escalation.join(', ')}]` : ''}`,
      );
    lines.push(`  permissions: ${perms.length ? t(perms.join('; ')) : 'none beyond discovery'}`);
    for (const path of p.paths) {
      lines.push(
        t(
          `  path to ${path.role} (${path.via}, ServiceAccount ${path.serviceAccount}): ${path.actions.join(', ')}`,
        ),
      );
      for (const [i, h] of path.hops.entries())
        lines.push(
          t(
            `    ${i + 1}. ${h.detail}  ${h.file !== undefined ? `${h.file}:${h.line}` : BUILTIN_KINDS.has(h.kind) ? 'built-in' : ''}`,
          ),
        );
    }
    yield `${lines.join('\n')}\n`;
  }
  const lines = [`${principals} principals, ${count} paths to AWS permissions`];
  for (const e of errors) lines.push(`error  ${t(e.file)}:${e.line}  ${t(e.message)}`);
  yield `${lines.join('\n')}\n`;
}

/**
 * Reads the paths (and standard input for `-`) as `hako scan` does, for both rbac commands; what was
 * not read is said, never dropped: input errors and skipped parts come back as `errors`.
 */
async function loadForRbac(io: Io, paths: string[], exclude: string[], command: string) {
  const stdin = paths.includes('-') ? await io.stdin(DEFAULT_MAX_FILE_BYTES) : undefined;
  const inputs: InputText[] = stdin ? [{ path: STDIN, content: stdin }] : [];
  const emptyStdin = stdin !== undefined && isBlank(stdin);
  const loaded = loadInputs(
    await prepareLoad({
      paths,
      inputs,
      inputErrors: emptyStdin ? [emptyStdinError(command)] : [],
      exclude,
    }),
  );
  for (const f of loaded.fatal) io.stderr(`hako: cannot read ${termSafe(f)}: no such file or directory\n`);
  const errors = [
    ...loaded.state.inputs.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })),
    ...loaded.skipped.map((s) => ({ file: s.file, line: 0, message: s.reason })),
  ];
  return { loaded, errors, emptyStdin };
}

/**
 * Input mutations for bench/fuzz.ts: structural ones that target what random bytes rarely reach
 * (anchors and aliases, repeated documents, self-referencing mappings and intrinsics, module
 * cycles, deep nesting, prototype keys, huge keys and strings, control characters) and byte-wise
 * ones (flip, insert, delete, duplicate, truncate, splice). Every mutation is a pure function of
 * the case and the random stream, so an input is reproduced from its seed alone.
 */

/** One scan input: in-memory files by relative path. */
export type Case = Record<string, string | Buffer>;
export type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function textOf(v: string | Buffer): string {
  return typeof v === 'string' ? v : v.toString('latin1');
}

/** Applies `f` to one file of the case (chosen at random). */
function onOneFile(c: Case, r: Rand, f: (text: string, file: string) => string | Buffer): Case {
  const files = Object.keys(c);
  const file = pick(r, files);
  return { ...c, [file]: f(textOf(c[file]!), file) };
}

function lines(text: string): string[] {
  return text.split('\n');
}

// ---------------------------------------------------------------- structural

/** Puts an anchor on a random mapping value line and aliases to it elsewhere (maybe nested). */
function yamlAnchors(text: string, r: Rand): string {
  const ls = lines(text);
  const keyed = ls.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[\w.-]+:\s*\S/.test(l));
  if (keyed.length === 0) return text;
  const n = int(r, 1, 4);
  for (let k = 0; k < n; k++) {
    const [line, i] = pick(r, keyed);
    const m = /^(\s*[\w.-]+:)(\s*)(.*)$/.exec(line);
    if (!m) continue;
    ls[i] = `${m[1]} &x${k}${m[2] || ' '}${m[3]}`;
    const [other, j] = pick(r, keyed);
    const mm = /^(\s*[\w.-]+:)/.exec(other);
    if (mm && j !== i) ls[j] = `${mm[1]} ${r() < 0.8 ? `*x${k}` : `[*x${k}, *x${k}, *x${k}]`}`;
  }
  return ls.join('\n');
}

/** A nested alias bomb of random width and depth appended as a new top-level key or document. */
function aliasBomb(text: string, r: Rand): string {
  const width = int(r, 2, 12);
  const depth = int(r, 2, 12);
  const out = [`b0: &b0 [${Array(width).fill('"x"').join(',')}]`];
  for (let i = 1; i < depth; i++)
    out.push(
      `b${i}: &b${i} [${Array(width)
        .fill(`*b${i - 1}`)
        .join(',')}]`,
    );
  return r() < 0.5 ? `${text}\n---\n${out.join('\n')}\n` : `${out.join('\n')}\n${text}`;
}

/** The same document many times, each with a small alias bomb (per-document budgets). */
function repeatDocuments(text: string, r: Rand): string {
  const times = int(r, 2, 400);
  const bomb = r() < 0.5;
  const doc = bomb
    ? `a: &a [1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b]\n`
    : text;
  return Array(times).fill(doc).join('\n---\n');
}

function undefinedAlias(text: string, r: Rand): string {
  const ls = lines(text);
  const i = int(r, 0, Math.max(0, ls.length - 1));
  const m = /^(\s*[\w.-]+:)/.exec(ls[i] ?? '');
  if (m) ls[i] = `${m[1]} *nowhere${int(r, 0, 9)}`;
  else ls.push(`k: *nowhere`);
  return ls.join('\n');
}

/** CloudFormation: mappings and conditions that refer to themselves. */
function cfnSelfReference(_text: string, r: Rand): string {
  const shapes = [
    `Mappings:\n  M:\n    a:\n      b: !FindInMap [M, a, b]\n      c: [!FindInMap [M, a, b], !FindInMap [M, a, b]]\nResources:\n  R:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: !FindInMap [M, a, c]\n`,
    `Mappings:\n  M:\n    k:\n      v: !Sub "\${X}"\nResources:\n  R:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: !Sub\n        - "\${X}"\n        - X: !FindInMap [M, k, v]\n`,
    `Conditions:\n  A: !Condition B\n  B: !And [!Condition A, !Condition A]\nResources:\n  R:\n    Type: AWS::ECR::Repository\n    Condition: A\n    Properties:\n      ImageTagMutability: MUTABLE\n`,
    `Parameters:\n  P:\n    Type: String\n    Default: !Ref P\nResources:\n  R:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryName: !Join ["", [!Ref P, !Ref P, !Ref P]]\n`,
  ];
  const base = pick(r, shapes);
  // Fan the self-reference out.
  const fan = int(r, 1, 6);
  return `AWSTemplateFormatVersion: "2010-09-09"\n${base}${fan > 3 ? base.replace(/^Resources:[\s\S]*$/m, '') : ''}`;
}

/** Terraform: locals and variables that refer to themselves. */
function tfSelfReference(text: string, r: Rand): string {
  const shapes = [
    `locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_ecr_repository" "r" {\n  name = local.a\n}\n`,
    `locals {\n  a = [local.a, local.a]\n}\nresource "aws_ecr_repository" "r" {\n  name = "\${local.a}"\n}\n`,
    `variable "v" {\n  default = var.v\n}\nresource "aws_ecr_repository" "r" {\n  count = var.v ? 1 : 0\n  name  = var.v\n}\n`,
    `resource "aws_ecr_repository" "r" {\n  count = 1e9\n  name  = "r\${count.index}"\n}\n`,
  ];
  return `${text}\n${pick(r, shapes)}`;
}

/** Terraform module cycles with fan-out, and a module calling its own directory. */
function moduleCycle(c: Case, r: Rand): Case {
  const fan = int(r, 1, 10);
  const call = (src: string, i: number) => `module "m${i}" {\n  source = "${src}"\n}\n`;
  const out: Case = { ...c };
  const shape = int(r, 0, 2);
  if (shape === 0) {
    out['mods/a/main.tf'] = Array.from({ length: fan }, (_, i) => call('../b', i)).join('');
    out['mods/b/main.tf'] = Array.from({ length: fan }, (_, i) => call('../a', i)).join('');
    out['mods/main.tf'] = call('./a', 0);
  } else if (shape === 1) {
    out['self/main.tf'] = `${call('./', 0)}resource "aws_ecr_repository" "r" {\n  name = "r"\n}\n`;
  } else {
    out['deep/main.tf'] = call('./l0', 0);
    for (let i = 0; i < fan * 5; i++) out[`deep/l${i}/main.tf`] = call(`../l${i + 1}`, 0).repeat(2);
  }
  return out;
}

/** Wraps a value in deep nesting (JSON arrays/objects, YAML flow, HCL tuples). */
function deepNesting(text: string, r: Rand, file: string): string {
  const depth = int(r, 100, 20000);
  if (file.endsWith('.tf'))
    return `${text}\nlocals {\n  deep = ${'['.repeat(depth)}1${']'.repeat(depth)}\n}\n`;
  if (file.endsWith('.json'))
    return `{"deep": ${'['.repeat(depth)}1${']'.repeat(depth)}, "x": ${text.trim() || '{}'}}`;
  return `${text}\n---\ndeep: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
}

/** Renames a random key to a prototype name. */
function protoKeys(text: string, r: Rand): string {
  const name = pick(r, ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']);
  const keys = [...text.matchAll(/("?)([A-Za-z_][\w-]*)\1(\s*[:=])/g)];
  if (keys.length === 0) return text;
  const m = pick(r, keys);
  const at = m.index ?? 0;
  return `${text.slice(0, at)}${m[1]}${name}${m[1]}${text.slice(at + m[1]!.length * 2 + m[2]!.length)}`;
}

/** A very long key or string value. */
function hugeToken(text: string, r: Rand, file: string): string {
  const len = int(r, 10_000, 2_000_000);
  const tok = 'k'.repeat(len);
  if (file.endsWith('.tf'))
    return `${text}\nlocals {\n  ${r() < 0.5 ? tok : 'x'} = "${r() < 0.5 ? tok : 'y'}"\n}\n`;
  if (file.endsWith('.json')) {
    const i = text.indexOf('{');
    return i < 0 ? text : `${text.slice(0, i + 1)}"${tok}": 1,${text.slice(i + 1)}`;
  }
  return `${tok}: 1\n${text}`;
}

/** Control and bidi characters in names and values. */
function controlChars(text: string, r: Rand): string {
  const bad = [
    '\x1b[2J',
    '\x1b]52;c;aGVsbG8=\x07',
    '\x1b]8;;http://x\x07y\x1b]8;;\x07',
    '\r',
    '\u202e',
    '\x07',
    '\x00',
  ];
  const names = [...text.matchAll(/(name|family|Name|RepositoryName)("?\s*[:=]\s*"?)([\w-]+)/g)];
  if (names.length === 0) return text;
  const m = pick(r, names);
  const at = (m.index ?? 0) + m[1]!.length + m[2]!.length;
  return `${text.slice(0, at)}${pick(r, bad)}${text.slice(at)}`;
}

// ---------------------------------------------------------------- byte-wise

function bytewise(buf: Buffer, r: Rand): Buffer {
  const b = Buffer.from(buf);
  const ops = int(r, 1, 8);
  let out = b;
  for (let k = 0; k < ops; k++) {
    const len = out.length;
    const at = len === 0 ? 0 : int(r, 0, len - 1);
    switch (int(r, 0, 5)) {
      case 0: // flip
        if (len > 0) out[at] = out[at]! ^ (1 << int(r, 0, 7));
        break;
      case 1: // insert interesting bytes
        out = Buffer.concat([
          out.subarray(0, at),
          Buffer.from(
            pick(r, [
              '{',
              '}',
              '[',
              ']',
              '"',
              ':',
              '-',
              '&a',
              '*a',
              '!Ref',
              '${',
              '\n',
              '\t',
              '\xff',
              '\0',
              '\\',
            ]),
          ),
          out.subarray(at),
        ]);
        break;
      case 2: // delete a range
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(len, at + int(r, 1, 64)))]);
        break;
      case 3: {
        // duplicate a range
        const end = Math.min(len, at + int(r, 1, 256));
        out = Buffer.concat([out.subarray(0, end), out.subarray(at, end), out.subarray(end)]);
        break;
      }
      case 4: // truncate
        out = out.subarray(0, at);
        break;
      default: // random byte
        if (len > 0) out[at] = int(r, 0, 255);
    }
  }
  return out;
}

function splice(a: Case, b: Case, r: Rand): Case {
  const fa = pick(r, Object.keys(a));
  const fb = pick(r, Object.keys(b));
  const ta = textOf(a[fa]!);
  const tb = textOf(b[fb]!);
  return { ...a, [fa]: ta.slice(0, int(r, 0, ta.length)) + tb.slice(int(r, 0, tb.length)) };
}

export const MUTATIONS = [
  'yaml-anchors',
  'alias-bomb',
  'repeat-documents',
  'undefined-alias',
  'cfn-self-reference',
  'tf-self-reference',
  'module-cycle',
  'deep-nesting',
  'proto-keys',
  'huge-token',
  'control-chars',
  'bytewise',
  'splice',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** One mutated input from a corpus case; `other` is a second case for splicing. */
export function mutate(kind: Mutation, c: Case, other: Case, r: Rand): Case {
  switch (kind) {
    case 'yaml-anchors':
      return onOneFile(c, r, (t) => yamlAnchors(t, r));
    case 'alias-bomb':
      return onOneFile(c, r, (t) => aliasBomb(t, r));
    case 'repeat-documents':
      return onOneFile(c, r, (t) => repeatDocuments(t, r));
    case 'undefined-alias':
      return onOneFile(c, r, (t) => undefinedAlias(t, r));
    case 'cfn-self-reference':
      return { ...c, 'cfn-self.yaml': cfnSelfReference('', r) };
    case 'tf-self-reference':
      return { ...c, 'tf-self/main.tf': tfSelfReference('', r) };
    case 'module-cycle':
      return moduleCycle(c, r);
    case 'deep-nesting':
      return onOneFile(c, r, (t, f) => deepNesting(t, r, f));
    case 'proto-keys':
      return onOneFile(c, r, (t) => protoKeys(t, r));
    case 'huge-token':
      return onOneFile(c, r, (t, f) => hugeToken(t, r, f));
    case 'control-chars':
      return onOneFile(c, r, (t) => controlChars(t, r));
    case 'bytewise': {
      const file = pick(r, Object.keys(c));
      const v = c[file]!;
      return { ...c, [file]: bytewise(typeof v === 'string' ? Buffer.from(v) : v, r) };
    }
    case 'splice':
      return splice(c, other, r);
  }
}

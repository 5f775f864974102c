/** The Terraform evaluator: each expression form into the positioned tree, with exact ranges. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolation is the input under test
import { describe, expect, it } from 'vitest';
import type { Src } from '../../model/source.js';
import { at, type Node, toPlain } from '../tree.js';
import { loadTerraform, type TfSource } from './module.js';
import { initHcl, parseHcl } from './syntax.js';

await initHcl();

const pos = (s: Src | undefined) =>
  s ? [s.file, s.startLine, s.startColumn, s.endLine, s.endColumn] : undefined;

function load(files: Record<string, string>) {
  const sources: TfSource[] = Object.entries(files).map(([display, text]) => ({ display, text }));
  const out = loadTerraform(sources);
  out.dispose();
  return out;
}

/** The value of attribute `attr` in the first resource of `main.tf`. */
function value(tf: string, attr = 'v', extra: Record<string, string> = {}): Node | undefined {
  const out = load({ 'main.tf': tf, ...extra });
  expect(out.errors).toEqual([]);
  return at(out.resources[0]?.body, attr);
}

const res = (body: string) => `resource "t" "r" {\n${body}\n}\n`;

describe('literals and collections', () => {
  const cases: [string, unknown][] = [
    ['"a"', 'a'],
    ['42', 42],
    ['2.5', 2.5],
    ['-3', -3],
    ['true', true],
    ['false', false],
    ['null', null],
    ['"a\\"b\\n"', 'a"b\n'],
    ['"$${x}"', '${x}'],
    ['[1, "b", [true]]', [1, 'b', [true]]],
    ['{ a = 1, "b" = "x", c: [2] }', { a: 1, b: 'x', c: [2] }],
    ['tolist(["x"])', ['x']],
    ['concat([1], [2])', [1, 2]],
    ['merge({ a = 1 }, { b = 2 })', { a: 1, b: 2 }],
    ['true ? "y" : "n"', 'y'],
    ['("p")', 'p'],
  ];
  for (const [expr, want] of cases) {
    it(expr, () => expect(toPlain(value(res(`  v = ${expr}`)))).toEqual(want));
  }

  it('positions: scalar at its literal, object keys and values at their text', () => {
    const v = value(res('  v = { name = "web", n = 1 }'));
    expect(pos(v?.src)).toEqual(['main.tf', 2, 7, 2, 30]);
    expect(
      v?.kind === 'map' && v.entries.map((e) => [e.key, pos(e.keySrc)?.slice(1), pos(e.value.src)?.slice(1)]),
    ).toEqual([
      ['name', [2, 9, 2, 13], [2, 16, 2, 21]],
      ['n', [2, 23, 2, 24], [2, 27, 2, 28]],
    ]);
  });
});

describe('strings and heredocs', () => {
  it('interpolates resolvable parts', () => {
    const v = value(`variable "env" { default = "prod" }\n${res('  v = "app-${var.env}-${1}"')}`);
    expect(toPlain(v)).toBe('app-prod-1');
  });
  it('a part that does not resolve leaves the whole string unresolved', () => {
    const v = value(res('  v = "app-${data.x.y.z}"'));
    expect(v?.kind).toBe('unresolved');
    expect(pos(v?.src)).toEqual(['main.tf', 2, 7, 2, 26]);
  });
  it('heredoc text, and <<- strips the common indentation', () => {
    expect(toPlain(value(res('  v = <<EOT\nline 1\n  line 2\nEOT')))).toBe('line 1\n  line 2\n');
    expect(toPlain(value(res('  v = <<-EOT\n    a\n      b\n    EOT')))).toBe('a\n  b\n');
  });
});

describe('jsonencode keeps HCL positions', () => {
  const tf = res(`  v = jsonencode([
    {
      name       = "web"
      privileged = true
    }
  ])`);
  it('is the HCL value itself, keys and values at their lines', () => {
    const v = value(tf);
    expect(toPlain(v)).toEqual([{ name: 'web', privileged: true }]);
    expect(pos(at(v, 0)?.src)?.slice(1)).toEqual([3, 5, 6, 6]);
    expect(pos(at(v, 0, 'privileged')?.src)?.slice(1)).toEqual([5, 20, 5, 24]);
    const m = at(v, 0);
    expect(m?.kind === 'map' && pos(m.entries[1]?.keySrc)?.slice(1)).toEqual([5, 7, 5, 17]);
  });
});

describe('file()', () => {
  it('reads relative to the module directory, a missing file is unresolved', () => {
    const out = load({
      'infra/main.tf': res(
        '  v = file("${path.module}/c.json")\n  w = file("c.json")\n  x = file("nope.json")',
      ),
      'infra/c.json': '[{"a": 1}]\n',
    });
    const b = out.resources[0]?.body;
    expect(toPlain(at(b, 'v'))).toBe('[{"a": 1}]\n');
    expect(toPlain(at(b, 'w'))).toBe('[{"a": 1}]\n');
    expect(at(b, 'x')?.kind).toBe('unresolved');
  });
});

describe('variables, tfvars and locals', () => {
  const vars = `
variable "a" { default = "def" }
variable "b" { default = "def" }
variable "c" { default = "def" }
variable "none" {}
locals {
  l  = "loc-\${var.a}"
  l2 = local.l
  cyc = local.cyc
}
${res('  a = var.a\n  b = var.b\n  c = var.c\n  none = var.none\n  l = local.l2\n  cyc = local.cyc\n  obj = var.o.k')}
variable "o" { default = { k = "v" } }
`;
  it('defaults < terraform.tfvars < *.auto.tfvars (in name order); locals; no value is unresolved', () => {
    const out = load({
      'main.tf': vars,
      'terraform.tfvars': 'b = "tfvars"\nc = "tfvars"\n',
      'b.auto.tfvars': 'c = "auto-b"\n',
      'a.auto.tfvars': 'c = "auto-a"\n',
    });
    expect(out.errors).toEqual([]);
    const b = out.resources[0]?.body;
    expect(toPlain(at(b, 'a'))).toBe('def');
    expect(toPlain(at(b, 'b'))).toBe('tfvars');
    expect(toPlain(at(b, 'c'))).toBe('auto-b');
    expect(at(b, 'none')?.kind).toBe('unresolved');
    expect(toPlain(at(b, 'l'))).toBe('loc-def');
    expect(at(b, 'cyc')?.kind).toBe('unresolved');
    expect(toPlain(at(b, 'obj'))).toBe('v');
  });
  it('a value read through a variable is located where it is used', () => {
    const out = load({ 'main.tf': vars });
    expect(pos(at(out.resources[0]?.body, 'a')?.src)).toEqual(['main.tf', 12, 7, 12, 12]);
  });
});

describe('references to other resources', () => {
  const tf = `
resource "aws_iam_role" "exec" {
  name = "app-exec"
}
resource "aws_iam_role" "anon" {}
resource "aws_ecs_cluster" "main" {
  name = "main"
}
resource "aws_ecs_task_definition" "app" {
  family = "app"
  network_mode = "awsvpc"
}
resource "t" "r" {
  a = aws_iam_role.exec.arn
  b = aws_iam_role.exec.name
  c = aws_iam_role.anon.arn
  d = aws_ecs_cluster.main.id
  e = aws_ecs_task_definition.app.arn
  f = aws_ecs_task_definition.app.network_mode
  g = aws_iam_role.missing.arn
  h = aws_iam_role.exec.unique_id
}
`;
  it('generic references for attributes not written (no provider knowledge), written arguments as values', () => {
    const out = load({ 'main.tf': tf });
    const b = out.resources.find((r) => r.type === 't')?.body;
    const ref = (k: string) => {
      const n = at(b, k);
      return n?.kind === 'unresolved' ? n.ref : undefined;
    };
    const base = { format: 'terraform', scope: '.' };
    expect(ref('a')).toEqual({
      ...base,
      address: 'aws_iam_role.exec',
      type: 'aws_iam_role',
      attribute: 'arn',
      name: 'app-exec',
    });
    // a written argument is its value
    expect(toPlain(at(b, 'b'))).toBe('app-exec');
    expect(ref('c')).toEqual({
      ...base,
      address: 'aws_iam_role.anon',
      type: 'aws_iam_role',
      attribute: 'arn',
      name: 'aws_iam_role.anon',
    });
    expect(ref('d')).toMatchObject({ address: 'aws_ecs_cluster.main', attribute: 'id', name: 'main' });
    expect(ref('e')).toMatchObject({ address: 'aws_ecs_task_definition.app', attribute: 'arn', name: 'app' });
    expect(toPlain(at(b, 'f'))).toBe('awsvpc');
    expect(at(b, 'g')?.kind).toBe('unresolved');
    expect(ref('g')).toBeUndefined();
    expect(ref('h')).toMatchObject({ attribute: 'unique_id' });
    expect(pos(at(b, 'a')?.src)).toEqual(['main.tf', 14, 7, 14, 28]);
  });

  it('a reference of a local module is scoped to its root and carries the module path', () => {
    const out = load({
      'env/main.tf': 'module "svc" {\n  source = "../mod"\n}\n',
      'mod/main.tf':
        'resource "aws_iam_role" "exec" {}\nresource "t" "r" {\n  v = aws_iam_role.exec.arn\n}\n',
    });
    const v = at(out.resources.find((r) => r.type === 't')?.body, 'v');
    expect(v?.kind === 'unresolved' ? v.ref : undefined).toMatchObject({
      scope: 'env',
      address: 'module.svc.aws_iam_role.exec',
      attribute: 'arn',
    });
  });

  it('without the adapter, an interpolated reference and a policy document are unknown', () => {
    const out = load({
      'main.tf': `${tf}\ndata "aws_iam_policy_document" "p" {\n  statement {\n    actions = ["s3:*"]\n  }\n}\nresource "t" "s" {\n  v = "\${aws_iam_role.exec.arn}/x"\n  w = data.aws_iam_policy_document.p.json\n}\n`,
    });
    const b = out.resources.find((r) => r.address === 't.s')?.body;
    expect(at(b, 'v')?.kind).toBe('unresolved');
    expect(at(b, 'w')?.kind).toBe('unresolved');
  });
});

describe('count and for_each', () => {
  it('one instance per index or key, with count.index / each.* bound', () => {
    const out = load({
      'main.tf': `
resource "t" "c" {
  count = 2
  v = count.index
}
resource "t" "m" {
  for_each = { a = "x", b = "y" }
  v = "\${each.key}=\${each.value}"
}
resource "t" "s" {
  for_each = toset(["p"])
  v = each.value
}
resource "t" "u" {
  for_each = var.unknown
  v = each.value
}
resource "t" "z" {
  count = 0
}
`,
    });
    expect(out.resources.map((r) => [r.address, toPlain(at(r.body, 'v'))])).toEqual([
      ['t.c[0]', 0],
      ['t.c[1]', 1],
      ['t.m["a"]', 'a=x'],
      ['t.m["b"]', 'b=y'],
      ['t.s["p"]', 'p'],
      ['t.u', undefined],
    ]);
  });
});

describe('local modules', () => {
  it('binds variables from the call and prefixes addresses; the called directory is not a root', () => {
    const out = load({
      'main.tf': 'module "svc" {\n  source = "./mod"\n  fam = "from-call"\n}\n',
      'mod/main.tf': 'variable "fam" { default = "def" }\nresource "t" "r" {\n  v = var.fam\n}\n',
    });
    expect(out.resources.map((r) => [r.address, toPlain(at(r.body, 'v'))])).toEqual([
      ['module.svc.t.r', 'from-call'],
    ]);
  });
});

describe('unresolved forms', () => {
  for (const expr of [
    'data.x.y.arn',
    'module.m.out',
    '[for x in [1] : x]',
    '1 + x.y',
    'upper("a")',
    'templatefile("t.tpl", { a = 1 })',
    'lookup({ a = 1 }, "a")',
    'base64decode(file("/etc/passwd"))',
    'regex("[", "x")',
    'var.x[0]',
    'x.y',
  ]) {
    it(expr, () => expect(value(res(`  v = ${expr}`))?.kind).toBe('unresolved'));
  }
});

describe('parse errors and suppression comments', () => {
  it('a syntax error is reported at its line', () => {
    const f = parseHcl('bad.tf', 'resource "a" "b" {\n  x = "ok"\n  y = = 2\n}\n');
    expect(f.errors.length).toBeGreaterThan(0);
    expect(f.errors[0]?.line).toBe(3);
    const g = parseHcl('open.tf', 'resource "a" "b" {\n  x = "ok"\n');
    expect(g.errors.map((e) => [e.line, e.message])).toEqual([[3, 'HCL: syntax error: expected "}"']]);
  });
  it('# hako:ignore on the line above a block or an attribute', () => {
    const out = load({
      'main.tf': `# hako:ignore ECS-003 needed for the agent
resource "t" "a" {
  x = 1
}
resource "t" "b" {
  // hako:ignore ECS-004,ECS-007: legacy image
  y = 2
}
resource "t" "c" {
  z = 3
}
`,
    });
    expect(out.resources.map((r) => r.ignores.map((i) => [i.rules, i.reason, i.src.startLine]))).toEqual([
      [[['ECS-003'], 'needed for the agent', 1]],
      [[['ECS-004', 'ECS-007'], 'legacy image', 6]],
      [],
    ]);
  });
});

describe('pathological input', () => {
  it('blocks nested deeper than the limit are refused with a line, brackets do not overflow', () => {
    const n = 20000;
    const deep = parseHcl('deep.tf', `resource "a" "b" {\n${'x {\n'.repeat(n)}${'}\n'.repeat(n)}}\n`);
    expect(deep.errors.map((e) => e.message)).toEqual([
      'HCL: blocks nested more than 256 levels deep; not scanned',
    ]);
    expect(deep.blocks).toEqual([]);
    const open = parseHcl('open.tf', `resource "a" "b" {\n  v = ${'['.repeat(n)}\n`);
    expect(open.errors).toHaveLength(1);
    const out = load({ 'main.tf': res(`  v = ${'['.repeat(n)}${']'.repeat(n)}`) });
    expect(at(out.resources[0]?.body, 'v')?.kind).toBe('seq');
  });
});

describe('replace()', () => {
  it.each([
    ['replace("https://oidc.example/id/A", "https://", "")', 'oidc.example/id/A'],
    ['"${replace("https://o/id/A", "https://", "")}:sub"', 'o/id/A:sub'],
    ['replace("a-b-c", "-", "")', 'abc'],
    ['replace("hello", "", "x")', 'hello'],
    ['replace("https://o/id/A", "/^https?:\\\\/\\\\//", "")', 'o/id/A'],
    ['replace("a1b22", "/([0-9]+)/", "<$1>")', 'a<1>b<22>'],
  ])('%s', (expr, want) => {
    expect(toPlain(value(res(`  v = ${expr}`)))).toBe(want);
  });

  it('RE2-only syntax and unknown arguments stay unresolved', () => {
    expect(value(res('  v = replace("ab", "/(?P<x>a)/", "")'))?.kind).toBe('unresolved');
    expect(value(res('  v = replace(var.nope, "https://", "")'))?.kind).toBe('unresolved');
  });

  it("reads a reference through the adapter's text hook", () => {
    const tf =
      'resource "p" "x" {\n  client_id_list = ["sts.amazonaws.com"]\n}\n' +
      'resource "t" "r" {\n  v = "${replace(p.x.url, "https://", "")}:sub"\n  w = replace(p.x.url, "https://", "")\n}\n';
    const out = loadTerraform([{ display: 'main.tf', text: tf }], undefined, {
      hooks: {
        text: (ref) => (ref.type === 'p' && ref.attribute === 'url' ? `https://host/${ref.name}` : undefined),
      },
    });
    out.dispose();
    const r = out.resources.find((x) => x.type === 't');
    expect(toPlain(at(r?.body, 'v'))).toBe('host/p.x:sub');
    expect(toPlain(at(r?.body, 'w'))).toBe('host/p.x');
  });
});

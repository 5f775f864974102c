/**
 * Module expansion: count / for_each on resources and module calls, presence of what may not
 * exist, unread module sources, cycles and the instance limits, root-qualified shared addresses.
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTerraform,
  MAX_BLOCK_INSTANCES,
  MAX_MODULE_INSTANCES,
  qualifySharedAddresses,
} from './module.js';
import { initHcl } from './syntax.js';

await initHcl();

function load(files: Record<string, string>, within?: (abs: string) => boolean) {
  const out = loadTerraform(
    Object.entries(files).map(([display, text]) => ({ display, text })),
    undefined,
    within ? { within } : {},
  );
  out.dispose();
  return out;
}

const MODULE = `
variable "create" { default = true }
variable "other" { default = true }
locals { create = var.create && var.other }
resource "aws_eks_cluster" "this" {
  count = local.create ? 1 : 0
  name  = "c"
}
`;

describe('count and for_each', () => {
  it('a module called with create = false has no instance of the switched-off resource', () => {
    const out = load({
      'main.tf':
        'module "off" {\n  source = "./mod"\n  create = false\n}\nmodule "on" {\n  source = "./mod"\n}\n',
      'mod/main.tf': MODULE,
    });
    expect(out.errors).toEqual([]);
    expect(out.resources.map((r) => [r.address, r.presence])).toEqual([
      ['module.on.aws_eks_cluster.this[0]', undefined],
    ]);
  });

  it('an unresolved count keeps one instance, marked with the expression', () => {
    const out = load({
      'main.tf': 'module "m" {\n  source = "./mod"\n  create = var.nope\n}\n',
      'mod/main.tf': MODULE,
    });
    const [r] = out.resources;
    expect(out.resources).toHaveLength(1);
    expect(r?.address).toBe('module.m.aws_eks_cluster.this');
    expect(r?.presence?.expression).toBe('count = local.create ? 1 : 0');
    expect(r?.presence?.src).toMatchObject({ file: 'mod/main.tf', startLine: 6 });
  });

  it('mutually exclusive count expressions: exactly one exists when the condition is known', () => {
    const tf = (v: string) =>
      `variable "x" { ${v} }\nresource "a" "one" {\n  count = var.x ? 1 : 0\n}\nresource "a" "two" {\n  count = var.x ? 0 : 1\n}\n`;
    expect(load({ 'main.tf': tf('default = true') }).resources.map((r) => r.address)).toEqual(['a.one[0]']);
    expect(load({ 'main.tf': tf('default = false') }).resources.map((r) => r.address)).toEqual(['a.two[0]']);
    const unknown = load({ 'main.tf': tf('') }).resources;
    expect(unknown.map((r) => [r.address, r.presence?.expression])).toEqual([
      ['a.one', 'count = var.x ? 1 : 0'],
      ['a.two', 'count = var.x ? 0 : 1'],
    ]);
  });

  it('empty for_each and count = 0 make no instance; module count / for_each expand with keys', () => {
    const out = load({
      'main.tf': [
        'resource "a" "none" {\n  for_each = {}\n}',
        'resource "a" "zero" {\n  count = 0\n}',
        'module "m" {\n  source = "./m"\n  count  = 2\n  n      = count.index\n}',
        'module "k" {\n  source   = "./m"\n  for_each = toset(["x"])\n  n        = each.key\n}',
        'module "u" {\n  source = "./m"\n  count  = var.u\n}',
      ].join('\n'),
      'm/main.tf': 'variable "n" {}\nresource "a" "r" {\n  v = var.n\n}\n',
    });
    expect(
      out.resources.map((r) => [
        r.address,
        r.body.entries[0]?.value.kind === 'scalar' ? r.body.entries[0].value.value : '?',
        r.presence?.expression,
      ]),
    ).toEqual([
      ['module.m[0].a.r', 0, undefined],
      ['module.m[1].a.r', 1, undefined],
      ['module.k["x"].a.r', 'x', undefined],
      ['module.u.a.r', '?', 'count = var.u'],
    ]);
  });

  it('a module call with count = 0 reads nothing, and its directory is not read as a root either', () => {
    const out = load({
      'main.tf':
        'module "m" {\n  source = "./m"\n  count  = 0\n}\nmodule "n" {\n  source   = "./m"\n  for_each = {}\n}\n',
      'm/main.tf': 'resource "a" "r" {}\n',
    });
    expect(out.resources).toEqual([]);
    expect(out.errors).toEqual([]);
  });

  it('count = 1e9 is bounded and reported at its line', () => {
    const out = load({ 'main.tf': 'resource "a" "r" {\n  count = 1e9\n}\n' });
    expect(out.resources).toHaveLength(MAX_BLOCK_INSTANCES);
    expect(out.errors.map((e) => [e.file, e.line])).toEqual([['main.tf', 2]]);
    expect(out.errors[0]?.message).toContain('1000000000 instances');
  });
});

describe('module sources', () => {
  it('remote and missing local sources are skipped with file, line and the plan hint', () => {
    const out = load({
      'main.tf': [
        'module "eks" {',
        '  source  = "terraform-aws-modules/eks/aws"',
        '  version = "~> 20.0"',
        '}',
        'module "git" {',
        '  source = "git::https://example.com/m.git?ref=v1"',
        '}',
        'module "gone" {',
        '  source = "./not-here"',
        '}',
      ].join('\n'),
    });
    expect(out.skipped.map((s) => [s.file, s.line])).toEqual([
      ['main.tf', 1],
      ['main.tf', 5],
      ['main.tf', 8],
    ]);
    expect(out.skipped[0]?.reason).toContain('source "terraform-aws-modules/eks/aws"');
    expect(out.skipped[0]?.reason).toContain('terraform show -json');
    expect(out.skipped[2]?.reason).toContain('"./not-here"');
  });
});

describe('module cycles and limits', () => {
  it('a cycle a -> b -> a is reported once at the block that closes it; each module is read once', () => {
    const calls = (to: string) =>
      Array.from({ length: 8 }, (_, i) => `module "m${i}" {\n  source = "../${to}"\n}`).join('\n');
    const out = load({
      'a/main.tf': `${calls('b')}\nresource "x" "a" {}\n`,
      'b/main.tf': `${calls('a')}\nresource "x" "b" {}\n`,
    });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ file: 'b/main.tf', line: 1 });
    expect(out.errors[0]?.message).toContain('cycle');
    // a as the root, b once per call of a
    expect(out.resources.map((r) => r.address)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `module.m${i}.x.b`),
      'x.a',
    ]);
  });

  it('source = "./" is a cycle, not a second instance', () => {
    const out = load({ 'main.tf': 'module "self" {\n  source = "./"\n}\nresource "x" "r" {}\n' });
    expect(out.resources.map((r) => r.address)).toEqual(['x.r']);
    expect(out.errors.map((e) => [e.line, e.message.includes('cycle')])).toEqual([[1, true]]);
  });

  it('fan-out without a cycle stops at the module instance limit, reported once', () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 6; d++) {
      const calls = Array.from(
        { length: 8 },
        (_, i) => `module "m${i}" {\n  source = "../l${d + 1}"\n}`,
      ).join('\n');
      files[`l${d}/main.tf`] = calls;
    }
    files['l6/main.tf'] = 'resource "x" "leaf" {}\n';
    const t0 = Date.now();
    const out = load(files);
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(
      out.errors.filter((e) => e.message.includes(`${MAX_MODULE_INSTANCES} module instances`)),
    ).toHaveLength(1);
  });
});

describe('shared module blocks', () => {
  it('two roots calling one module: addresses say which root', () => {
    const out = loadTerraform([
      { display: 'envs/prod/main.tf', text: 'module "eks" {\n  source = "../../modules/eks"\n}\n' },
      { display: 'envs/staging/main.tf', text: 'module "eks" {\n  source = "../../modules/eks"\n}\n' },
      { display: 'modules/eks/main.tf', text: 'resource "aws_eks_cluster" "this" {}\n' },
      { display: 'solo/main.tf', text: 'resource "aws_eks_cluster" "this" {}\n' },
    ]);
    out.dispose();
    qualifySharedAddresses(out.resources);
    expect(out.resources.map((r) => r.address)).toEqual([
      'envs/prod:module.eks.aws_eks_cluster.this',
      'envs/staging:module.eks.aws_eks_cluster.this',
      'aws_eks_cluster.this',
    ]);
  });
});

describe('file() stays inside the scanned tree', () => {
  it('absolute paths, ../ and path.module escapes and symlinks out are not read', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hako-file-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'hako-secret-'));
    writeFileSync(path.join(outside, 'secret.json'), '{"secret": true}');
    mkdirSync(path.join(root, 'tree'));
    writeFileSync(path.join(root, 'tree', 'ok.json'), '{"ok": true}');
    symlinkSync(path.join(outside, 'secret.json'), path.join(root, 'tree', 'link.json'));
    const tree = path.join(root, 'tree');
    const text = [
      'resource "a" "r" {',
      `  abs  = file("${path.join(outside, 'secret.json')}")`,
      `  up   = file("../${path.basename(outside)}/secret.json")`,
      `  mod  = file("\${path.module}/../../${path.basename(outside)}/secret.json")`,
      '  link = file("link.json")',
      '  ok   = file("ok.json")',
      '}',
    ].join('\n');
    writeFileSync(path.join(tree, 'main.tf'), text);
    const realTree = realpathSync(tree);
    const within = (abs: string) => {
      let r: string;
      try {
        r = realpathSync(abs);
      } catch {
        r = path.resolve(abs);
      }
      return r === realTree || r.startsWith(`${realTree}${path.sep}`);
    };
    const out = loadTerraform(
      [{ display: 'tree/main.tf', text, abs: path.join(tree, 'main.tf') }],
      (abs) => readFileSync(abs, 'utf8'),
      { within },
    );
    out.dispose();
    const body = out.resources[0]?.body;
    const kinds = Object.fromEntries((body?.entries ?? []).map((e) => [e.key, e.value.kind]));
    expect(kinds).toEqual({
      abs: 'unresolved',
      up: 'unresolved',
      mod: 'unresolved',
      link: 'unresolved',
      ok: 'scalar',
    });
    expect(out.skipped.map((s) => [s.file, s.line])).toEqual([
      ['tree/main.tf', 2],
      ['tree/main.tf', 3],
      ['tree/main.tf', 4],
      ['tree/main.tf', 5],
    ]);
    expect(out.skipped.every((s) => s.reason.endsWith('outside the scanned tree: not read'))).toBe(true);
  });
});

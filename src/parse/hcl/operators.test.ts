/**
 * Terraform operators with cty's semantics: each operator on known operands, on strings that
 * convert, on operands of the wrong type (an error in Terraform: unresolved here) and on unknown
 * operands (unresolved, except `false && x` / `x && false` and `true || x` / `x || true`).
 */
import { describe, expect, it } from 'vitest';
import { at, toPlain } from '../tree.js';
import { loadTerraform } from './module.js';
import { initHcl, parseHcl } from './syntax.js';

await initHcl();

/** `v = <expr>` in a resource, with `var.u` unknown (no default) and `var.t` / `var.f` bools. */
function ev(expr: string): unknown {
  const tf = [
    'variable "u" {}',
    'variable "t" { default = true }',
    'variable "f" { default = false }',
    'variable "s" { default = "5" }',
    `resource "x" "r" {\n  v = ${expr}\n}`,
  ].join('\n');
  const out = loadTerraform([{ display: 'main.tf', text: tf }]);
  out.dispose();
  expect(out.errors).toEqual([]);
  const v = at(out.resources[0]?.body, 'v');
  return v?.kind === 'unresolved' ? 'UNKNOWN' : toPlain(v);
}

const table: [string, unknown][] = [
  // logic
  ['true && true', true],
  ['true && false', false],
  ['var.t && var.f', false],
  ['true || false', true],
  ['false || false', false],
  ['!true', false],
  ['!var.f', true],
  ['!"true"', false], // the string converts to bool
  ['false && var.u', false],
  ['var.u && false', false],
  ['true && var.u', 'UNKNOWN'],
  ['true || var.u', true],
  ['var.u || true', true],
  ['false || var.u', 'UNKNOWN'],
  ['!var.u', 'UNKNOWN'],
  ['1 && true', 'UNKNOWN'], // a number is not a bool: an error in Terraform
  ['null && true', 'UNKNOWN'],
  // equality: type and value
  ['1 == 1', true],
  ['1 == 1.0', true],
  ['1 == "1"', false],
  ['"a" == "a"', true],
  ['"a" != "b"', true],
  ['true == "true"', false],
  ['null == null', true],
  ['var.t == null', false],
  ['var.u == 1', 'UNKNOWN'],
  ['var.u != null', 'UNKNOWN'],
  ['{ a = 1 } != null', true], // a known collection is not null (var.groups != null ? ... : {})
  ['{} == null', false],
  ['[var.u] != null', true], // unknown elements do not make the collection unknown
  ['null == []', false],
  ['"a" == ["a"]', false],
  ['[1] == [1]', 'UNKNOWN'], // collections are not compared
  // ordering: numbers, strings that convert
  ['1 < 2', true],
  ['2 > 1', true],
  ['2 <= 2', true],
  ['1 >= 2', false],
  ['var.s > 4', true],
  ['"a" < 1', 'UNKNOWN'],
  ['var.u < 1', 'UNKNOWN'],
  // arithmetic
  ['1 + 2', 3],
  ['1 + 2 * 3 - 4', 3],
  ['(1 + 2) * 3', 9],
  ['7 / 2', 3.5],
  ['7 % 3', 1],
  ['-7 % 3', -1],
  ['var.s + 1', 6],
  ['"x" + 1', 'UNKNOWN'],
  ['true + 1', 'UNKNOWN'],
  ['1 / 0', 'UNKNOWN'],
  ['1 % 0', 'UNKNOWN'],
  ['var.u * 0', 'UNKNOWN'],
  ['-var.s', -5],
  ['-(2 + 3)', -5],
  ['-var.u', 'UNKNOWN'],
  ['-"x"', 'UNKNOWN'],
  // conditional
  ['var.t ? 1 : 0', 1],
  ['var.f ? 1 : 0', 0],
  ['"false" ? 1 : 0', 0],
  ['var.u ? 1 : 0', 'UNKNOWN'],
  ['1 ? 1 : 0', 'UNKNOWN'],
  ['var.t ? 1 : "a"', '1'], // the result types unify to string
  ['var.t && !var.f ? "on" : "off"', 'on'],
  ['var.t == true && 2 > 1 || var.u', true],
  // exponent literals
  ['1e3', 1000],
  ['2E-1', 0.2],
  ['1.5e2 + 1e1', 160],
];

describe('operators', () => {
  for (const [expr, want] of table)
    it(`${expr} → ${JSON.stringify(want)}`, () => expect(ev(expr)).toEqual(want));
});

describe('exponent literals', () => {
  it('count = 1e3 is no syntax error, positions after it stay exact', () => {
    const f = parseHcl('x.tf', 'a = 1e3\nb = [1E+2, "é", 3e0]\nc = "1e3"\n');
    expect(f.errors).toEqual([]);
    const b = f.attributes.find((a) => a.name === 'b');
    expect(b?.expr.startPosition.column).toBe(4);
    expect(b?.expr.endPosition.column).toBe(20);
  });
});

/** YAML aliases: the expansion budget per document, per file and per scan; aliases that name no anchor. */
import { describe, expect, it } from 'vitest';
import { AliasBudget, MAX_ALIAS_NODES_PER_FILE, withAliasBudget } from './common.js';
import { toPlain } from './tree.js';
import { parseYaml } from './yaml.js';

/** One document whose aliases expand to about 90,000 nodes (under the per-document bound). */
function nearBomb(): string {
  return [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: [*d, *d, *d, *d, *d, *d, *d]',
  ].join('\n');
}

describe('YAML alias budget', () => {
  it('bounds the nodes all documents of one file expand, at the line of the alias that crosses it', () => {
    const docs = Array.from({ length: 50 }, nearBomb);
    docs.push('plain: yes');
    const r = parseYaml('many.yaml', docs.join('\n---\n'), { budget: new AliasBudget() });
    // two documents fit in the file's budget, the third crosses it
    expect(r.docs.map((d) => d.index)).toEqual([0, 1, 50]);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]!.message).toContain(
      `aliases of this file expand to more than ${MAX_ALIAS_NODES_PER_FILE}`,
    );
    // document 2 is on lines 13-17; the bound is crossed expanding the first `*c` of line 16
    expect(r.errors[0]).toMatchObject({ file: 'many.yaml', line: 16, column: 8 });
    // document 3 starts at its `---` on line 18
    expect(r.errors[1]).toMatchObject({ line: 18 });
    expect(r.errors[1]!.message).toContain('47 more documents (3 to 49)');
  });

  it('shares one budget among the files of a scan', () => {
    const budget = new AliasBudget(150_000);
    const first = parseYaml('a.yaml', nearBomb(), { budget });
    expect(first.errors).toEqual([]);
    const second = parseYaml('b.yaml', `ok: 1\n---\n${nearBomb()}`, { budget });
    expect(second.docs.map((d) => d.index)).toEqual([0]);
    expect(second.errors[0]!.message).toContain('aliases of the files scanned expand to more than 150000');
    expect(second.errors[0]!.file).toBe('b.yaml');
  });

  it('takes the scan budget of withAliasBudget when none is passed', () => {
    const budget = new AliasBudget(50);
    const r = withAliasBudget(budget, () => parseYaml('a.yaml', 'a: &a [1, 2, 3]\nb: [*a, *a]\n'));
    expect(r.errors).toEqual([]);
    expect(budget.used).toBe(8);
  });

  it('keeps real anchors working', () => {
    const r = parseYaml('a.yaml', 'p: &x {a: 1}\nq: *x\n');
    expect(r.errors).toEqual([]);
    expect(toPlain(r.docs[0]?.node)).toEqual({ p: { a: 1 }, q: { a: 1 } });
  });
});

describe('YAML alias without anchor', () => {
  it('is an error at its line, and its document is not read', () => {
    const r = parseYaml('a.yaml', 'kind: Pod\nspec:\n  x: *nothing\n---\nkind: Ok\n');
    expect(r.docs.map((d) => d.index)).toEqual([1]);
    expect(r.errors).toEqual([
      {
        file: 'a.yaml',
        line: 3,
        column: 6,
        message:
          'YAML document 0: alias *nothing names no anchor defined before it in this document; not scanned',
        note: 'yamlAliasNoAnchor',
        data: { index: 0, alias: 'nothing' },
      },
    ]);
  });

  it('cannot reach an anchor of another document, nor one written after it', () => {
    const r = parseYaml('a.yaml', 'a: &x 1\n---\nb: *x\n---\nc: *y\nd: &y 2\n');
    expect(r.docs.map((d) => d.index)).toEqual([0]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 5]);
  });
});

/** YAML merge keys (`<<: *anchor`), as kubectl's YAML 1.1 loader reads them. */
import { describe, expect, it } from 'vitest';
import { toPlain } from './tree.js';
import { parseYaml } from './yaml.js';

function plain(text: string): unknown {
  const r = parseYaml('m.yaml', text);
  expect(r.errors).toEqual([]);
  return toPlain(r.docs[0]?.node);
}

describe('YAML merge keys', () => {
  it('fill in the keys a map does not set, whichever side of `<<` they are on', () => {
    expect(
      plain(`base: &base { name: a, image: "a:1", tty: true }
before: { name: b, <<: *base }
after: { <<: *base, name: c }
`),
    ).toEqual({
      base: { name: 'a', image: 'a:1', tty: true },
      before: { name: 'b', image: 'a:1', tty: true },
      after: { name: 'c', image: 'a:1', tty: true },
    });
  });

  it('keep one entry per key (a local override is not a duplicate)', () => {
    const r = parseYaml('m.yaml', 'base: &b { p: 1, q: 2 }\nm: { <<: *b, p: 3 }\n');
    const m = r.docs[0]?.node.kind === 'map' ? r.docs[0].node.entries[1]?.value : undefined;
    expect(m?.kind === 'map' ? m.entries.map((e) => e.key) : []).toEqual(['q', 'p']);
  });

  it('take the earlier of several merged maps', () => {
    expect(plain('a: &a { k: 1 }\nb: &b { k: 2, j: 2 }\nm: { <<: [*a, *b] }\n')).toMatchObject({
      m: { k: 1, j: 2 },
    });
  });
});

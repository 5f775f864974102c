/**
 * What a parsed value keeps alive (issue #16, flat memory): a key, a value or a pointer taken
 * from a file must not keep the whole file's text, since the model outlives the text.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { childPointer, detach, escapePointer, pointerSegment } from './common.js';
import { isMap, isScalar } from './tree.js';
import { parseYamlFast } from './yaml-fast.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('parsed strings do not keep the file text', () => {
  it('a value, a key and a pointer outlive a 24 MB text without keeping it', () => {
    const kept: string[] = [];
    const before = heapAfterGc();
    (() => {
      // unique per run, so no cache from an earlier parse answers with its own copy
      const tag = `${process.hrtime.bigint()}`;
      const text = `image-${tag}-registry/app:1.2.3: "quoted-value-${tag}-long"\n# ${'x'.repeat(24 * 1024 * 1024)}\nplain: plain-value-${tag}-long\n`;
      const r = parseYamlFast('a.yaml', text);
      const root = r?.docs[0]?.node;
      if (!isMap(root)) throw new Error('the fast path did not read the text');
      for (const e of root.entries) {
        kept.push(e.key, e.keySrc.pointer ?? '');
        if (isScalar(e.value) && typeof e.value.value === 'string') kept.push(e.value.value);
      }
    })();
    const grown = heapAfterGc() - before;
    expect(kept.length).toBe(6);
    expect(kept[2]).toMatch(/^quoted-value-\d+-long$/);
    expect(kept[5]).toMatch(/^plain-value-\d+-long$/);
    expect(kept[1]).toBe(`/${escapePointer(kept[0]!)}`);
    // the text is 24 MB: what is kept is a few hundred bytes
    expect(grown).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('pointer helpers', () => {
  it('detach keeps the content', () => {
    for (const s of [
      '',
      'a',
      'exactly-13-ch',
      'a much longer string than thirteen characters',
      'ｈａｋｏ箱-unicode-text',
    ])
      expect(detach(s)).toBe(s);
  });
  it('childPointer escapes like RFC 6901 and numbers items', () => {
    expect(childPointer('', 'metadata')).toBe('/metadata');
    expect(childPointer('/metadata/annotations', 'helm.sh/chart')).toBe(
      '/metadata/annotations/helm.sh~1chart',
    );
    expect(childPointer('/a', 'x~y')).toBe('/a/x~0y');
    expect(childPointer('/items', 0)).toBe('/items/0');
    expect(childPointer('/items', 5000)).toBe('/items/5000');
    expect(pointerSegment(7)).toBe('/7');
    expect(pointerSegment(3)).toBe('/3');
    expect(pointerSegment('k'.repeat(100))).toBe(`/${'k'.repeat(100)}`);
  });
});

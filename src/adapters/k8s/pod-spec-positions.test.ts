/**
 * `srcAt` follows a path down the pod spec's children: it must find what a search of every node's
 * pointer finds (the way it looked nodes up before), on the cases that make the two differ if
 * either is wrong: duplicate keys, keys holding `/` and `~`, digits in map keys and indexes
 * (`01`), paths that are not written, aliases and merge keys, JSON input.
 */
import { describe, expect, it } from 'vitest';
import { emptyState } from '../../model/state.js';
import { escapePointer } from '../../parse/common.js';
import { parseJson } from '../../parse/json.js';
import { at, isMap, isSeq, type Node } from '../../parse/tree.js';
import { parseYaml } from '../../parse/yaml.js';
import type { Src } from '../../source.js';
import { adaptText } from '../index.js';

/** The reference: every node the walk reaches, found by its pointer (the last duplicate key wins). */
function byPointer(podSpec: Node, pointer: string): Src {
  const srcs: Src[] = [];
  const add = (n: Node): void => {
    if (isMap(n)) {
      const seen = new Set<string>();
      for (let i = n.entries.length - 1; i >= 0; i--) {
        const e = n.entries[i]!;
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        srcs.push(e.value.src);
        add(e.value);
      }
    } else if (isSeq(n))
      for (const item of n.items) {
        srcs.push(item.src);
        add(item);
      }
  };
  add(podSpec);
  const find = (p: string) => srcs.find((s) => s.pointer === p);
  const segments = pointer === '' || pointer === '/' ? [] : pointer.replace(/^\//, '').split('/');
  let best = podSpec.src;
  let path = podSpec.src.pointer ?? '';
  for (const raw of segments) {
    const key = escapePointer(raw.replaceAll('~1', '/').replaceAll('~0', '~'));
    let found = find(`${path}/${key}`);
    if (found === undefined && /^\d+$/.test(raw)) found = find(`${path}/${Number(raw)}`);
    if (found?.pointer === undefined) return best;
    path = found.pointer;
    best = found;
  }
  return best;
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
x-base: &base
  runAsUser: 5
  "a/b": 1
spec:
  containers:
    - name: c
      image: x
      securityContext:
        <<: *base
        runAsUser: 1
        runAsUser: 2
        "a~b": 3
        "01": 4
        "1": 5
        "1e+21": 6
      env:
        - {name: A, value: "1"}
        - name: B
          value: "2"
    - &second
      name: d
      image: y
  initContainers:
    - *second
  volumes: []
`;

const PATHS = [
  '',
  '/',
  '/containers',
  '/containers/0',
  '/containers/00',
  '/containers/01',
  '/containers/1/name',
  '/containers/2',
  '/containers/-',
  '/containers/0/securityContext/runAsUser',
  '/containers/0/securityContext/a~1b',
  '/containers/0/securityContext/a~0b',
  '/containers/0/securityContext/a~b',
  '/containers/0/securityContext/01',
  '/containers/0/securityContext/001',
  '/containers/0/securityContext/1',
  '/containers/0/securityContext/1000000000000000000000',
  '/containers/0/securityContext/nope/deeper',
  '/containers/0/env/1/value',
  '/containers/0/env/0/value',
  '/initContainers/0/image',
  '/volumes/0',
  'containers/0/name',
  '//',
  '/containers//name',
];

describe('srcAt follows the path as a search by pointer would', () => {
  it.each([
    ['YAML with merge keys and aliases', 'pod.yaml', POD],
    [
      'JSON with duplicate keys',
      'pod.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'x', securityContext: { '1': 1, 'a/b': 2, '~': 3 } }] },
      }).replace('"a/b":2', '"a/b":2,"a/b":7'),
    ],
  ])('%s', (_what, file, text) => {
    const state = emptyState();
    adaptText(file, file.endsWith('.json') ? 'json' : 'yaml', text, state);
    const [w] = state.k8s.workloads;
    expect(w).toBeDefined();
    const parsed = file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
    const podSpec = at(parsed.docs[0]!.node, 'spec')!;
    for (const p of [...PATHS, '/containers/0/securityContext/~0', '/containers/0/securityContext/a~1b'])
      expect({ p, src: w!.srcAt(p) }).toEqual({
        p,
        src: { ...byPointer(podSpec, p), resource: 'Pod/default/p' },
      });
  });
});

describe('pod spec positions in flat memory (issue #16)', () => {
  it('keep the root location object, and numbers (not a location object) for every other node', () => {
    const state = emptyState();
    adaptText('pod.yaml', 'yaml', POD, state);
    const positions = state.k8s.workloads[0]!.podSpecData.positions as unknown;
    let locations = 0;
    let numbers = 0;
    const seen = new Set<unknown>();
    const walk = (v: unknown): void => {
      if (v === null || typeof v !== 'object' || seen.has(v)) return;
      seen.add(v);
      if (ArrayBuffer.isView(v)) {
        numbers += (v as Int32Array).length;
        return;
      }
      if ('startLine' in v) locations++;
      const values = v instanceof Map ? [...v.values()] : Object.values(v);
      for (const x of values) walk(x);
    };
    walk(positions);
    expect(locations).toBe(1);
    // five numbers a node: its lines and columns, and the size of its subtree
    expect(numbers).toBeGreaterThan(5 * 20 - 1);
    // and every path still resolves to a full location
    expect(state.k8s.workloads[0]!.srcAt('/containers/0/env/1/value')).toMatchObject({
      file: 'pod.yaml',
      startLine: 23,
      pointer: '/spec/containers/0/env/1/value',
    });
  });
});
